/**
 * How many local changes the sync server has not acknowledged yet, over every document this device has open.
 *
 * "Acknowledged" is automerge-repo's own record: in each sync round the server tells us its heads (the
 * handle's sync info for the server's storage id, updated on "remote-heads"), and the server stores a change
 * before it sends the device that sent it any message about that document (docs/api.md). A change is unsynced
 * while it is not an ancestor of those heads. Across restarts, before the server has spoken in this session, the
 * heads come from the sync state automerge-repo stored for the server (`sharedHeads`: heads both sides had).
 *
 * Heads the server has that this device does not (another device's changes not yet received) are left out of
 * the comparison, so the count can briefly include changes the server already has, never the other way round.
 */
import { getChangesMetaSince, hasHeads, type Doc, type Heads } from "@automerge/automerge/slim";
import {
  decodeHeads,
  encodeHeads,
  type DocHandle,
  type DocumentId,
  type Repo,
  type StorageId,
  type UrlHeads,
} from "@automerge/automerge-repo/slim";

interface Tracked {
  readonly handle: DocHandle<unknown>;
  /** The server's acknowledged heads, from the stored sync state, until the server tells us again. */
  storedHeads: UrlHeads | undefined;
  /** The last count, and the heads it was computed for (so unchanged documents are not recomputed). */
  count: number;
  key: string;
  readonly dispose: () => void;
}

const POLL_MS = 1500;

export class UnsyncedChanges {
  readonly #repo: Repo;
  readonly #serverStorageId: () => StorageId | undefined;
  readonly #tracked = new Map<DocumentId, Tracked>();
  readonly #listeners = new Set<(count: number) => void>();
  readonly #poll: ReturnType<typeof setInterval>;
  #total = 0;
  #scheduled = false;

  constructor(repo: Repo, serverStorageId: () => StorageId | undefined) {
    this.#repo = repo;
    this.#serverStorageId = serverStorageId;
    // automerge-repo announces no new handles (its "document" event never fires), so new ones are found by
    // looking; their changes are then followed through events.
    this.#poll = setInterval(() => this.refresh(), POLL_MS);
    this.refresh();
  }

  /** The number of unacknowledged changes, as of the last refresh. */
  get count(): number {
    return this.#total;
  }

  subscribe(listener: (count: number) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Recounts now (also called when the server's storage id becomes known). */
  refresh(): void {
    for (const handle of Object.values(this.#repo.handles)) {
      if (!this.#tracked.has(handle.documentId) && handle.isReady()) this.#track(handle);
    }
    let total = 0;
    for (const tracked of this.#tracked.values()) total += this.#countOf(tracked);
    if (total === this.#total) return;
    this.#total = total;
    for (const listener of this.#listeners) listener(total);
  }

  dispose(): void {
    clearInterval(this.#poll);
    for (const tracked of this.#tracked.values()) tracked.dispose();
    this.#tracked.clear();
    this.#listeners.clear();
  }

  #track(handle: DocHandle<unknown>) {
    const onChange = () => this.#schedule();
    handle.on("heads-changed", onChange);
    handle.on("remote-heads", onChange);
    const tracked: Tracked = {
      handle,
      storedHeads: undefined,
      count: 0,
      key: "",
      dispose: () => {
        handle.off("heads-changed", onChange);
        handle.off("remote-heads", onChange);
      },
    };
    this.#tracked.set(handle.documentId, tracked);
    void this.#loadStoredHeads(tracked);
  }

  async #loadStoredHeads(tracked: Tracked) {
    const storageId = this.#serverStorageId();
    if (!storageId || !this.#repo.storageSubsystem) return;
    try {
      const state = await this.#repo.storageSubsystem.loadSyncState(tracked.handle.documentId, storageId);
      if (state) {
        tracked.storedHeads = encodeHeads(state.sharedHeads);
        this.#schedule();
      }
    } catch {
      // Storage closing (logout) or unreadable: the live heads arrive with the next sync.
    }
  }

  /** Batches the recount of a burst of changes into one. */
  #schedule() {
    if (this.#scheduled) return;
    this.#scheduled = true;
    queueMicrotask(() => {
      this.#scheduled = false;
      this.refresh();
    });
  }

  #countOf(tracked: Tracked): number {
    const { handle } = tracked;
    if (!handle.isReady()) return tracked.count;
    const storageId = this.#serverStorageId();
    const acked = (storageId && handle.getSyncInfo(storageId)?.lastHeads) || tracked.storedHeads;
    const heads = handle.heads();
    const key = `${heads.join(",")}|${acked?.join(",") ?? "-"}`;
    if (key === tracked.key) return tracked.count;
    tracked.key = key;
    tracked.count = countSince(handle.doc(), acked ? decodeHeads(acked) : []);
    return tracked.count;
  }
}

/** Changes of `doc` that are not ancestors of `acked` (only the heads `doc` knows count). */
export function countSince(doc: Doc<unknown>, acked: Heads): number {
  const known = acked.filter((head) => hasHeads(doc, [head]));
  return getChangesMetaSince(doc, known).length;
}
