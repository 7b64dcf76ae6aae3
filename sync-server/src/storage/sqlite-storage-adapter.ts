import type { Chunk, StorageAdapterInterface, StorageKey } from "@automerge/automerge-repo/slim";
import crypto from "node:crypto";
import type { Db } from "../db/database.js";
import { groupCommitFor } from "../db/group-commit.js";
import type { GroupCommit } from "../db/group-commit.js";

/**
 * automerge-repo storage on better-sqlite3. A key's parts are joined with "/" (parts never contain "/": they are
 * document ids, chunk kinds, hashes and storage ids), so a prefix query is a range scan on the primary key.
 * `doc_id` (the first key part) is kept in its own indexed column so whole documents can be counted and deleted.
 *
 * Writes go through the connection's group commit (db/group-commit.ts): all writes of one turn of the event loop
 * share one transaction and one fsync. A write's promise resolves as soon as it is queued — writes run in queue
 * order, and a read commits the queue first, so every later read sees it — and `durable(docId)` says when it is
 * on disk (ADR 0006). automerge-repo awaits each write of a save in turn; if each waited for an fsync, a save
 * would take several turns of a busy event loop, and so would every acknowledgement waiting for it.
 *
 * A write that fails marks its document: `durable(docId)` rejects from then on, so nothing more about it is
 * acknowledged, and `onWriteFailed` is told, so the owner of the in-memory copy — which believes the write was
 * stored, and has every change since — can `rewrite` the document from it (sync-service.ts).
 */
export class SqliteStorageAdapter implements StorageAdapterInterface {
  readonly #load;
  readonly #save;
  readonly #remove;
  readonly #loadRange;
  readonly #removeRange;
  readonly #commits: GroupCommit;
  /** Documents with a write that failed since their in-memory copy was last dropped. */
  readonly #failed = new Set<string>();
  /** Told (once per failure, after the failing batch) about a document whose write failed. */
  onWriteFailed: ((docId: string) => void) | null = null;

  constructor(db: Db) {
    this.#commits = groupCommitFor(db);
    this.#load = db.prepare<[string], { data: Buffer }>("SELECT data FROM storage_chunks WHERE key = ?");
    this.#save = db.prepare<[string, string, Buffer]>(
      "INSERT INTO storage_chunks (key, doc_id, data) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET data = excluded.data",
    );
    this.#remove = db.prepare<[string]>("DELETE FROM storage_chunks WHERE key = ?");
    // `key >= prefix AND key < prefix + U+FFFF` is an index range scan, unlike LIKE (which would also need escaping).
    this.#loadRange = db.prepare<[string, string, string], { key: string; data: Buffer }>(
      "SELECT key, data FROM storage_chunks WHERE (key = ? OR (key >= ? AND key < ?)) ORDER BY rowid",
    );
    this.#removeRange = db.prepare<[string, string, string]>(
      "DELETE FROM storage_chunks WHERE key = ? OR (key >= ? AND key < ?)",
    );
  }

  load(key: StorageKey): Promise<Uint8Array | undefined> {
    const k = encodeKey(key);
    this.#commits.commitNow();
    const row = this.#load.get(k);
    return Promise.resolve(row ? toUint8Array(row.data) : undefined);
  }

  save(key: StorageKey, data: Uint8Array): Promise<void> {
    const k = encodeKey(key);
    // Copied: the caller may reuse its buffer before the write runs.
    const blob = Buffer.from(data);
    return this.#queue(key[0], () => this.#save.run(k, key[0] ?? "", blob));
  }

  remove(key: StorageKey): Promise<void> {
    const k = encodeKey(key);
    return this.#queue(key[0], () => this.#remove.run(k));
  }

  loadRange(keyPrefix: StorageKey): Promise<Chunk[]> {
    const range = rangeOf(keyPrefix);
    this.#commits.commitNow();
    const rows = this.#loadRange.all(...range);
    return Promise.resolve(rows.map((r) => ({ key: r.key.split("/"), data: toUint8Array(r.data) })));
  }

  removeRange(keyPrefix: StorageKey): Promise<void> {
    const range = rangeOf(keyPrefix);
    return this.#queue(keyPrefix[0], () => this.#removeRange.run(...range));
  }

  /**
   * The id automerge-repo's StorageSubsystem reads (as text) from the key `storage-adapter-id`, created here if
   * missing. Every repo on this storage must report the same id to its peers (devices keep their sync state
   * with the server under it); the sync service's shard repos would each create their own if they found none,
   * so it is created before them, synchronously.
   */
  ensureStorageId(): string {
    const key = encodeKey(["storage-adapter-id"]);
    this.#commits.commitNow();
    const row = this.#load.get(key);
    if (row) return new TextDecoder().decode(row.data);
    const id = crypto.randomUUID();
    this.#commits
      .enqueue(() => this.#save.run(key, "storage-adapter-id", Buffer.from(id, "utf8")))
      .catch(() => undefined);
    this.#commits.commitNow();
    if (!this.#load.get(key)) throw new Error("could not store the storage id");
    return id;
  }

  /**
   * Resolves once every write handed to this adapter (and the connection's other grouped writes) is on disk.
   * With `docId`: rejects if a write of that document failed (see the class comment); a failed write of another
   * document in the same batch does not matter to it.
   */
  async durable(docId?: string): Promise<void> {
    const failed = () => new Error(`a write of document ${docId} failed; it is being reloaded`);
    if (docId !== undefined && this.#failed.has(docId)) throw failed();
    try {
      await this.#commits.durable();
    } catch (err) {
      if (docId === undefined || !(err instanceof DocumentWriteFailed) || err.docId === docId) throw err;
    }
    if (docId !== undefined && this.#failed.has(docId)) throw failed();
  }

  /** Whether a write of this document failed (and it has not been rewritten since). */
  hasFailed(docId: string): boolean {
    return this.#failed.has(docId);
  }

  /**
   * Marks a document as if one of its writes had failed (another write the document's acknowledgements depend on
   * failed: its attribution records). `onWriteFailed` is not told; the caller recovers it.
   */
  markFailed(docId: string): void {
    this.#failed.add(docId);
  }

  /** Trusts a document's writes again when nothing in memory claims to have stored more (it is not loaded). */
  clearFailure(docId: string): void {
    this.#failed.delete(docId);
  }

  /**
   * Rewrites a document whose write failed from a copy that has every change the server applied, stored or not
   * (the in-memory one): queues it as one snapshot and trusts the document's writes again from here on. Every
   * write of it queued after this one is applied on top; if this one fails too, the document is marked again.
   * automerge-repo does not know this chunk; it merges it on the next load, and compacts it away after that.
   */
  rewrite(docId: string, snapshot: Uint8Array): void {
    const key = encodeKey([docId, "snapshot", crypto.createHash("sha256").update(snapshot).digest("hex")]);
    const blob = Buffer.from(snapshot);
    this.#failed.delete(docId);
    void this.#queue(docId, () => this.#save.run(key, docId, blob));
  }

  /**
   * Queues a write of `docId`. Once a write of a document failed, its later writes are refused until `rewrite`
   * — above all the removal of old chunks that automerge-repo queues right after writing the
   * snapshot that replaces them: had the snapshot failed, the removal would leave nothing.
   */
  #queue(docId: string | undefined, write: () => void): Promise<void> {
    this.#commits
      .enqueue(
        () => {
          if (docId !== undefined && this.#failed.has(docId)) {
            throw new DocumentWriteFailed(docId, "an earlier write of the document failed");
          }
          try {
            write();
          } catch (err) {
            throw docId === undefined ? err : new DocumentWriteFailed(docId, err);
          }
        },
        () => {
          if (docId === undefined || this.#failed.has(docId)) return;
          this.#failed.add(docId);
          const report = this.onWriteFailed;
          if (report) queueMicrotask(() => report(docId));
        },
      )
      // Reported through durable() and onWriteFailed.
      .catch(() => undefined);
    return Promise.resolve();
  }
}

/** A queued write of one document failed (the group commit rejects its batch with this). */
class DocumentWriteFailed extends Error {
  constructor(
    readonly docId: string,
    cause: unknown,
  ) {
    super(`could not store a chunk of document ${docId}: ${String(cause)}`, { cause });
  }
}

function encodeKey(key: StorageKey): string {
  for (const part of key) {
    if (part.includes("/")) throw new Error(`storage key part must not contain "/": ${part}`);
  }
  return key.join("/");
}

function rangeOf(prefix: StorageKey): [string, string, string] {
  const exact = encodeKey(prefix);
  const below = exact === "" ? "" : exact + "/";
  return [exact, below, below + "\uffff"];
}

function toUint8Array(buf: Buffer): Uint8Array {
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}
