import type { Db } from "../db/database.js";

/**
 * Which user owns which document. Every access decision on the sync socket comes back here. A document is owned
 * from the moment the server creates it (the root document at registration) or, for a document a device created
 * offline, from the first authenticated sync message that carries it.
 */
export class OwnershipTable {
  readonly #owner;
  readonly #claim;
  readonly #count;

  constructor(
    db: Db,
    private readonly now: () => number = Date.now,
  ) {
    this.#owner = db.prepare<[string], { user_id: string }>(
      "SELECT user_id FROM document_owners WHERE doc_id = ?",
    );
    this.#claim = db.prepare(
      "INSERT OR IGNORE INTO document_owners (doc_id, user_id, created_at) VALUES (?, ?, ?)",
    );
    this.#count = db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM document_owners");
  }

  ownerOf(docId: string): string | null {
    return this.#owner.get(docId)?.user_id ?? null;
  }

  /** Records `userId` as the owner unless someone already owns it; returns the owner afterwards. */
  claim(docId: string, userId: string): string {
    this.#claim.run(docId, userId, this.now());
    return this.ownerOf(docId) ?? userId;
  }

  count(): number {
    return this.#count.get()?.n ?? 0;
  }
}
