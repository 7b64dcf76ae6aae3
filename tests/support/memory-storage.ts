import type { Chunk, StorageAdapterInterface, StorageKey } from "@automerge/automerge-repo";

/**
 * An in-memory automerge-repo storage adapter for tests (keys joined with "/"). A repo with storage has a storage
 * id, so the server treats it as a non-ephemeral peer, as it does a browser.
 */
export class MemoryStorage implements StorageAdapterInterface {
  readonly #data = new Map<string, Uint8Array>();

  load(key: StorageKey): Promise<Uint8Array | undefined> {
    return Promise.resolve(this.#data.get(key.join("/")));
  }
  save(key: StorageKey, data: Uint8Array): Promise<void> {
    this.#data.set(key.join("/"), data);
    return Promise.resolve();
  }
  remove(key: StorageKey): Promise<void> {
    this.#data.delete(key.join("/"));
    return Promise.resolve();
  }
  loadRange(prefix: StorageKey): Promise<Chunk[]> {
    const p = prefix.join("/");
    const out: Chunk[] = [];
    for (const [k, data] of this.#data)
      if (k === p || k.startsWith(p + "/")) out.push({ key: k.split("/"), data });
    return Promise.resolve(out);
  }
  removeRange(prefix: StorageKey): Promise<void> {
    const p = prefix.join("/");
    for (const k of [...this.#data.keys()]) if (k === p || k.startsWith(p + "/")) this.#data.delete(k);
    return Promise.resolve();
  }
}
