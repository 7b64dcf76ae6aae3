/**
 * The repo's IndexedDB storage, with a close() the upstream adapter (2.5.6) lacks. Logout has to close the
 * database before deleting it, but the repo may still try a debounced save or a sync-state write afterwards:
 * once closed, writes are dropped and reads find nothing, instead of throwing "connection is closing".
 */
import type { Chunk, StorageAdapterInterface, StorageKey } from "@automerge/automerge-repo/slim";
import { IndexedDBStorageAdapter } from "@automerge/automerge-repo-storage-indexeddb";

export class UserStorage implements StorageAdapterInterface {
  readonly #adapter: IndexedDBStorageAdapter;
  readonly #database: Promise<IDBDatabase>;
  #closed = false;

  constructor(databaseName: string) {
    this.#adapter = new IndexedDBStorageAdapter(databaseName);
    this.#database = databaseOf(this.#adapter);
    void this.#database.then(
      (db) => {
        // Another tab deleting this database (logout there) must not be blocked by this connection.
        db.addEventListener("versionchange", () => this.close());
      },
      () => undefined, // reported by opened()
    );
  }

  /** Resolves once the database is open; rejects with the browser's reason when it cannot be. */
  async opened(): Promise<void> {
    await this.#database;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#database.then(
      (db) => db.close(),
      () => undefined,
    );
  }

  load(key: StorageKey): Promise<Uint8Array | undefined> {
    return this.#closed ? Promise.resolve(undefined) : this.#adapter.load(key);
  }

  save(key: StorageKey, data: Uint8Array): Promise<void> {
    return this.#closed ? Promise.resolve() : this.#adapter.save(key, data);
  }

  remove(key: StorageKey): Promise<void> {
    return this.#closed ? Promise.resolve() : this.#adapter.remove(key);
  }

  loadRange(keyPrefix: StorageKey): Promise<Chunk[]> {
    return this.#closed ? Promise.resolve([]) : this.#adapter.loadRange(keyPrefix);
  }

  removeRange(keyPrefix: StorageKey): Promise<void> {
    return this.#closed ? Promise.resolve() : this.#adapter.removeRange(keyPrefix);
  }
}

/** The adapter's connection promise: a private field in 2.5.6, reached here because there is no close(). */
function databaseOf(adapter: IndexedDBStorageAdapter): Promise<IDBDatabase> {
  const { dbPromise } = adapter as unknown as { dbPromise?: Promise<IDBDatabase> };
  if (!(dbPromise instanceof Promise)) throw new Error("IndexedDBStorageAdapter no longer exposes dbPromise");
  return dbPromise;
}
