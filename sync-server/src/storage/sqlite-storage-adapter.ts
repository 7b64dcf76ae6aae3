import type { Chunk, StorageAdapterInterface, StorageKey } from "@automerge/automerge-repo/slim";
import type { Db } from "../db/database.js";

/**
 * automerge-repo storage on better-sqlite3. A key's parts are joined with "/" (parts never contain "/": they are
 * document ids, chunk kinds, hashes and storage ids), so a prefix query is a range scan on the primary key.
 * `doc_id` (the first key part) is kept in its own indexed column so whole documents can be counted and deleted.
 */
export class SqliteStorageAdapter implements StorageAdapterInterface {
  readonly #load;
  readonly #save;
  readonly #remove;
  readonly #loadRange;
  readonly #removeRange;

  constructor(db: Db) {
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
    const row = this.#load.get(encodeKey(key));
    return Promise.resolve(row ? toUint8Array(row.data) : undefined);
  }

  save(key: StorageKey, data: Uint8Array): Promise<void> {
    this.#save.run(encodeKey(key), key[0] ?? "", Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    return Promise.resolve();
  }

  remove(key: StorageKey): Promise<void> {
    this.#remove.run(encodeKey(key));
    return Promise.resolve();
  }

  loadRange(keyPrefix: StorageKey): Promise<Chunk[]> {
    const rows = this.#loadRange.all(...rangeOf(keyPrefix));
    return Promise.resolve(rows.map((r) => ({ key: r.key.split("/"), data: toUint8Array(r.data) })));
  }

  removeRange(keyPrefix: StorageKey): Promise<void> {
    this.#removeRange.run(...rangeOf(keyPrefix));
    return Promise.resolve();
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
