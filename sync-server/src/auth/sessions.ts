import type { Db } from "../db/database.js";
import { hashSecret, randomId, randomSecret, secretMatches } from "./tokens.js";

/**
 * Sessions as Lucia now recommends owning them: token = `<id>.<secret>`; the database keeps only SHA-256 of the
 * secret, compared in constant time; a session expires after `idleMs` without use, and `last_verified_at` is
 * refreshed at most once an hour so reads stay cheap.
 */
export interface Session {
  id: string;
  userId: string;
  createdAt: number;
  lastVerifiedAt: number;
}

const REFRESH_EVERY_MS = 60 * 60 * 1000;

export class SessionStore {
  readonly #insert;
  readonly #get;
  readonly #touch;
  readonly #delete;
  readonly #deleteForUser;
  readonly #exists;

  constructor(
    db: Db,
    readonly idleMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.#insert = db.prepare(
      "INSERT INTO sessions (id, user_id, secret_hash, created_at, last_verified_at, user_agent) VALUES (?, ?, ?, ?, ?, ?)",
    );
    this.#get = db.prepare<
      [string],
      { id: string; user_id: string; secret_hash: Buffer; created_at: number; last_verified_at: number }
    >("SELECT id, user_id, secret_hash, created_at, last_verified_at FROM sessions WHERE id = ?");
    this.#touch = db.prepare("UPDATE sessions SET last_verified_at = ? WHERE id = ?");
    this.#delete = db.prepare("DELETE FROM sessions WHERE id = ?");
    this.#deleteForUser = db.prepare("DELETE FROM sessions WHERE user_id = ?");
    this.#exists = db.prepare<[string, number], { ok: number }>(
      "SELECT 1 AS ok FROM sessions WHERE id = ? AND last_verified_at > ?",
    );
  }

  create(userId: string, userAgent = ""): { token: string; session: Session } {
    const id = randomId();
    const secret = randomSecret();
    const t = this.now();
    this.#insert.run(id, userId, Buffer.from(hashSecret(secret)), t, t, userAgent.slice(0, 200));
    return { token: `${id}.${secret}`, session: { id, userId, createdAt: t, lastVerifiedAt: t } };
  }

  /** The session a token names, or null when it is malformed, unknown, wrong or expired. */
  validate(token: string | undefined): Session | null {
    if (!token) return null;
    const dot = token.indexOf(".");
    if (dot <= 0) return null;
    const id = token.slice(0, dot);
    const secret = token.slice(dot + 1);
    const row = this.#get.get(id);
    if (!row) return null;
    if (!secretMatches(secret, new Uint8Array(row.secret_hash))) return null;
    const t = this.now();
    if (t - row.last_verified_at >= this.idleMs) {
      this.#delete.run(id);
      return null;
    }
    let lastVerifiedAt = row.last_verified_at;
    if (t - row.last_verified_at >= REFRESH_EVERY_MS) {
      this.#touch.run(t, id);
      lastVerifiedAt = t;
    }
    return { id, userId: row.user_id, createdAt: row.created_at, lastVerifiedAt };
  }

  /** True while the session exists and has not expired (used to drop sockets of ended sessions). */
  isLive(sessionId: string): boolean {
    return this.#exists.get(sessionId, this.now() - this.idleMs) !== undefined;
  }

  invalidate(sessionId: string): void {
    this.#delete.run(sessionId);
  }

  invalidateAllForUser(userId: string): void {
    this.#deleteForUser.run(userId);
  }
}
