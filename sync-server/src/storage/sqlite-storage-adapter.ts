import type { Chunk, StorageAdapterInterface, StorageKey } from "@automerge/automerge-repo/slim";
import type { Db } from "../db/database.js";
import { groupCommitFor } from "../db/group-commit.js";
import type { GroupCommit } from "../db/group-commit.js";

/**
 * automerge-repo storage on better-sqlite3. A key's parts are joined with "/" (parts never contain "/": they are
 * document ids, chunk kinds, hashes and storage ids), so a prefix query is a range scan on the primary key.
 * `doc_id` (the first key part) is kept in its own indexed column so whole documents can be counted and deleted.
 *
 * Writes go through the connection's group commit (db/group-commit.ts): a write's promise resolves once its
 * transaction is committed (fsynced), but all writes of one turn of the event loop share that transaction.
 * Reads commit queued writes first, so a read always sees every earlier write.
 */
export class SqliteStorageAdapter implements StorageAdapterInterface {
  readonly #load;
  readonly #save;
  readonly #remove;
  readonly #loadRange;
  readonly #removeRange;
  readonly #commits: GroupCommit;

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
    return this.#commits.enqueue(() => this.#save.run(k, key[0] ?? "", blob));
  }

  remove(key: StorageKey): Promise<void> {
    const k = encodeKey(key);
    return this.#commits.enqueue(() => this.#remove.run(k));
  }

  loadRange(keyPrefix: StorageKey): Promise<Chunk[]> {
    const range = rangeOf(keyPrefix);
    this.#commits.commitNow();
    const rows = this.#loadRange.all(...range);
    return Promise.resolve(rows.map((r) => ({ key: r.key.split("/"), data: toUint8Array(r.data) })));
  }

  removeRange(keyPrefix: StorageKey): Promise<void> {
    const range = rangeOf(keyPrefix);
    return this.#commits.enqueue(() => this.#removeRange.run(...range));
  }

  /** Resolves once every write handed to this adapter (and the connection's other grouped writes) is on disk. */
  durable(): Promise<void> {
    return this.#commits.durable();
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
