import type { Db } from "../db/database.js";

/**
 * Which user owns which document. Every access decision on the sync socket comes back here. A document is owned
 * from the moment the server creates it (the root document at registration) or, for a document a device created
 * offline, from the first authenticated sync message that carries it.
 *
 * Owners are cached in memory: automerge-repo asks the share policy about every connected peer for every incoming
 * sync message (CollectionSynchronizer#documentGenerousPeers), so without the cache each message cost one SQLite
 * query per connected peer. Ownership never moves once claimed; the only way it ends is account deletion, which
 * goes through `removeUser` (and `forget`) so the cache and the table change together. Only owned documents are
 * cached: an unknown id is looked up again next time, since someone may claim it.
 */
export class OwnershipTable {
  readonly #owner;
  readonly #claim;
  readonly #count;
  readonly #deleteUser;
  readonly #cache = new Map<string, string>();

  constructor(
    db: Db,
    private readonly now: () => number = Date.now,
    /** Most owners kept in memory (the oldest entry goes first); a miss costs one indexed query. */
    private readonly cacheSize = 100_000,
  ) {
    this.#owner = db.prepare<[string], { user_id: string }>(
      "SELECT user_id FROM document_owners WHERE doc_id = ?",
    );
    this.#claim = db.prepare(
      "INSERT OR IGNORE INTO document_owners (doc_id, user_id, created_at) VALUES (?, ?, ?)",
    );
    this.#count = db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM document_owners");
    this.#deleteUser = db.prepare<[string]>("DELETE FROM document_owners WHERE user_id = ?");
  }

  ownerOf(docId: string): string | null {
    const cached = this.#cache.get(docId);
    if (cached !== undefined) return cached;
    const owner = this.#owner.get(docId)?.user_id ?? null;
    if (owner !== null) this.#remember(docId, owner);
    return owner;
  }

  /** Records `userId` as the owner unless someone already owns it; returns the owner afterwards. */
  claim(docId: string, userId: string): string {
    this.#claim.run(docId, userId, this.now());
    return this.ownerOf(docId) ?? userId;
  }

  /**
   * Deletes every ownership row of `userId` (account deletion) and forgets them here. Call it inside the
   * transaction that deletes the account: if that rolls back, the cache is merely cold.
   */
  removeUser(userId: string): void {
    this.#deleteUser.run(userId);
    for (const [docId, owner] of this.#cache) if (owner === userId) this.#cache.delete(docId);
  }

  /** Forgets cached owners of `docIds` (after their rows were deleted by other means). */
  forget(docIds: Iterable<string>): void {
    for (const d of docIds) this.#cache.delete(d);
  }

  count(): number {
    return this.#count.get()?.n ?? 0;
  }

  #remember(docId: string, owner: string): void {
    if (this.#cache.size >= this.cacheSize) {
      const oldest = this.#cache.keys().next();
      if (!oldest.done) this.#cache.delete(oldest.value);
    }
    this.#cache.set(docId, owner);
  }
}
