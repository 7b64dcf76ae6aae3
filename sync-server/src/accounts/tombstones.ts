import crypto from "node:crypto";
import { OwnershipTable } from "../authz/ownership.js";
import type { Db } from "../db/database.js";

/** SHA-256 of a deleted identifier with its kind. Ids are 128-bit random, so the hash names nobody. */
export function tombstoneHash(kind: "user" | "doc" | "session" | "ticket", id: string): Buffer {
  return crypto.createHash("sha256").update(`cadence-tombstone:${kind}:${id}`).digest();
}

/**
 * What remains of deleted accounts: hashes of their user id, document ids and still-unexpired credentials.
 * A later cookie, ticket or sync message of a deleted account is recognised (the device is told
 * `account_deleted` and wipes itself), and nobody can claim a deleted document id again.
 */
export class Tombstones {
  readonly #q;

  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {
    this.#q = {
      user: db.prepare<[Buffer], { ok: number }>("SELECT 1 AS ok FROM deleted_accounts WHERE user_hash = ?"),
      doc: db.prepare<[Buffer], { ok: number }>("SELECT 1 AS ok FROM deleted_documents WHERE doc_hash = ?"),
      cred: db.prepare<[Buffer, number], { ok: number }>(
        "SELECT 1 AS ok FROM deleted_credentials WHERE cred_hash = ? AND expires_at > ?",
      ),
      addUser: db.prepare("INSERT OR IGNORE INTO deleted_accounts (user_hash, deleted_at) VALUES (?, ?)"),
      addDoc: db.prepare("INSERT OR IGNORE INTO deleted_documents (doc_hash, deleted_at) VALUES (?, ?)"),
      addCred: db.prepare(
        "INSERT INTO deleted_credentials (cred_hash, expires_at) VALUES (?, ?) ON CONFLICT(cred_hash) DO UPDATE SET expires_at = MAX(expires_at, excluded.expires_at)",
      ),
      purge: db.prepare("DELETE FROM deleted_credentials WHERE expires_at <= ?"),
    };
  }

  userDeleted(userId: string): boolean {
    return this.#q.user.get(tombstoneHash("user", userId)) !== undefined;
  }

  documentDeleted(docId: string): boolean {
    return this.#q.doc.get(tombstoneHash("doc", docId)) !== undefined;
  }

  /** True when this session id belonged to a deleted account (until the session would have expired anyway). */
  sessionDeleted(sessionId: string): boolean {
    return this.#q.cred.get(tombstoneHash("session", sessionId), this.now()) !== undefined;
  }

  /** `ticketHash`: the hex SHA-256 the ticket table stores. */
  ticketDeleted(ticketHashHex: string): boolean {
    return this.#q.cred.get(tombstoneHash("ticket", ticketHashHex), this.now()) !== undefined;
  }

  /** Records a deletion; call inside the transaction that removes the account. */
  record(input: {
    userId: string;
    docIds: Iterable<string>;
    sessions: Iterable<{ id: string; expiresAt: number }>;
    tickets: Iterable<{ hashHex: string; expiresAt: number }>;
  }): void {
    const t = this.now();
    this.#q.addUser.run(tombstoneHash("user", input.userId), t);
    for (const d of input.docIds) this.#q.addDoc.run(tombstoneHash("doc", d), t);
    for (const s of input.sessions) this.#q.addCred.run(tombstoneHash("session", s.id), s.expiresAt);
    for (const k of input.tickets) this.#q.addCred.run(tombstoneHash("ticket", k.hashHex), k.expiresAt);
  }

  /** Forgets credential tombstones whose credentials would have expired by now. */
  purgeExpired(): number {
    return this.#q.purge.run(this.now()).changes;
  }
}

/**
 * The ownership table, refusing claims of deleted document ids and claims by deleted users: a device of a
 * deleted account that still holds the documents can never bring them back, under any account.
 */
export class TombstoneAwareOwnership extends OwnershipTable {
  constructor(
    db: Db,
    private readonly tombstones: Tombstones,
  ) {
    super(db);
  }

  override claim(docId: string, userId: string): string {
    if (this.tombstones.documentDeleted(docId) || this.tombstones.userDeleted(userId)) {
      return this.ownerOf(docId) ?? "";
    }
    return super.claim(docId, userId);
  }
}
