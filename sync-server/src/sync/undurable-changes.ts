import * as Automerge from "@automerge/automerge";

/** The key of the server's own changes: nobody may hear of them before they are on disk. */
export const EVERYONE = "*";

/** Entries of one document whose changes a save covers: per key, the hashes. */
export type Covered = ReadonlyArray<readonly [key: string, hashes: readonly string[]]>;

/**
 * The changes the server has received or made and not yet seen reach the disk, by document and by who may not
 * hear of them before they do (ADR 0007):
 *
 * - a device's changes, keyed by its author: the device's storage id (every tab and page load of a browser shares
 *   its storage, and counts a change as saved once the server's heads include it, whichever peer received them),
 *   or the peer id of a peer without storage;
 * - the server's own changes (request bookkeeping, documents it creates), keyed by EVERYONE: what devices see
 *   of those must agree with the server's other durable state (a request shown "queued" has its job row).
 *
 * Any other message leaves at once: relaying a device's change to the user's other devices acknowledges
 * nothing to its author, whose device keeps it and sends it again should the server lose it.
 *
 * A change is covered once a save of the document that contains it is on disk: `covered` is taken just before
 * a save (of what the document holds then), `confirm` after it is durable. A change recorded but not applied
 * yet (its message waits for the document to load) is not covered, so it stays until a later save.
 */
export class UndurableChanges {
  readonly #docs = new Map<string, Map<string, Set<string>>>();

  add(docId: string, key: string, hashes: readonly string[]): void {
    if (hashes.length === 0) return;
    let byKey = this.#docs.get(docId);
    if (!byKey) {
      byKey = new Map();
      this.#docs.set(docId, byKey);
    }
    let set = byKey.get(key);
    if (!set) {
      set = new Set();
      byKey.set(key, set);
    }
    for (const h of hashes) set.add(h);
  }

  /**
   * Must a message about `docId` to `author` wait for the disk: could it acknowledge something not on it? With
   * `anything`, it waits while any change of the document is not on disk (for a peer that acts on what it reads).
   */
  mustWait(docId: string, author: string, anything = false): boolean {
    const byKey = this.#docs.get(docId);
    return byKey !== undefined && (anything || byKey.has(author) || byKey.has(EVERYONE));
  }

  /** What a save of `doc` (the document as it is now) will put on disk. */
  covered(docId: string, doc: Automerge.Doc<unknown>): Covered {
    const byKey = this.#docs.get(docId);
    if (!byKey) return [];
    const out: Array<readonly [string, string[]]> = [];
    for (const [key, set] of byKey) {
      const hashes = [...set];
      // One call for the usual case, every change applied; one per hash otherwise.
      if (Automerge.hasHeads(doc, hashes)) out.push([key, hashes]);
      else {
        const applied = hashes.filter((h) => Automerge.hasHeads(doc, [h]));
        if (applied.length > 0) out.push([key, applied]);
      }
    }
    return out;
  }

  /** The save `covered` described is on disk. */
  confirm(docId: string, covered: Covered): void {
    const byKey = this.#docs.get(docId);
    if (!byKey) return;
    for (const [key, hashes] of covered) {
      const set = byKey.get(key);
      if (!set) continue;
      for (const h of hashes) set.delete(h);
      if (set.size === 0) byKey.delete(key);
    }
    if (byKey.size === 0) this.#docs.delete(docId);
  }

  /** The document left memory after its last save (or was deleted): nothing of it is waiting any more. */
  forget(docId: string): void {
    this.#docs.delete(docId);
  }

  /** Documents with changes not yet on disk. */
  get size(): number {
    return this.#docs.size;
  }
}
