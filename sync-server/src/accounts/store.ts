import type { Db } from "../db/database.js";
import { normaliseEmail } from "../auth/accounts.js";
import { hashSecret, randomSecret } from "../auth/tokens.js";

export type Provider = "google" | "apple";
export type EmailTokenPurpose = "verify_email" | "reset_password";

export interface UserRecord {
  id: string;
  email: string;
  displayName: string;
  rootDocId: string;
  hasPassword: boolean;
  emailVerifiedAt: number | null;
  createdAt: number;
}

interface Row {
  id: string;
  email: string;
  display_name: string;
  root_doc_id: string;
  password_hash: string | null;
  email_verified_at: number | null;
  created_at: number;
}

const toRecord = (r: Row): UserRecord => ({
  id: r.id,
  email: r.email,
  displayName: r.display_name,
  rootDocId: r.root_doc_id,
  hasPassword: r.password_hash !== null,
  emailVerifiedAt: r.email_verified_at,
  createdAt: r.created_at,
});

export interface SessionRow {
  id: string;
  createdAt: number;
  lastVerifiedAt: number;
  userAgent: string;
}

/**
 * The account-side tables of the accounts issue: user rows with verification state, linked provider identities,
 * email tokens (hashed, single use) and the user's session rows for the session list.
 */
export class AccountRecords {
  readonly #q;

  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {
    this.#q = {
      byId: db.prepare<[string], Row>("SELECT * FROM users WHERE id = ?"),
      byEmail: db.prepare<[string], Row>("SELECT * FROM users WHERE email = ?"),
      insert: db.prepare(
        "INSERT INTO users (id, email, password_hash, display_name, root_doc_id, created_at, email_verified_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      ),
      setPassword: db.prepare("UPDATE users SET password_hash = ? WHERE id = ?"),
      verify: db.prepare(
        "UPDATE users SET email_verified_at = ? WHERE id = ? AND email = ? AND email_verified_at IS NULL",
      ),
      identity: db.prepare<[string, string], { user_id: string }>(
        "SELECT user_id FROM user_identities WHERE provider = ? AND subject = ?",
      ),
      link: db.prepare(
        "INSERT OR IGNORE INTO user_identities (provider, subject, user_id, email, created_at) VALUES (?, ?, ?, ?, ?)",
      ),
      identities: db.prepare<[string], { provider: Provider; email: string | null; created_at: number }>(
        "SELECT provider, email, created_at FROM user_identities WHERE user_id = ? ORDER BY created_at",
      ),
      tokenInsert: db.prepare(
        "INSERT INTO email_tokens (hash, purpose, user_id, email, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
      ),
      tokenTake: db.prepare<[Buffer, string], { user_id: string; email: string; expires_at: number }>(
        "DELETE FROM email_tokens WHERE hash = ? AND purpose = ? RETURNING user_id, email, expires_at",
      ),
      tokenDeleteForUser: db.prepare("DELETE FROM email_tokens WHERE user_id = ? AND purpose = ?"),
      tokenPurge: db.prepare("DELETE FROM email_tokens WHERE expires_at <= ?"),
      sessions: db.prepare<
        [string],
        { id: string; created_at: number; last_verified_at: number; user_agent: string }
      >(
        "SELECT id, created_at, last_verified_at, user_agent FROM sessions WHERE user_id = ? ORDER BY last_verified_at DESC",
      ),
    };
  }

  byId(id: string): UserRecord | null {
    const r = this.#q.byId.get(id);
    return r ? toRecord(r) : null;
  }

  byEmail(email: string): UserRecord | null {
    const r = this.#q.byEmail.get(normaliseEmail(email));
    return r ? toRecord(r) : null;
  }

  /** Inserts a user; false when the email is taken (a concurrent registration won). */
  insert(user: {
    id: string;
    email: string;
    displayName: string;
    rootDocId: string;
    passwordHash: string | null;
    emailVerifiedAt: number | null;
  }): boolean {
    try {
      this.#q.insert.run(
        user.id,
        normaliseEmail(user.email),
        user.passwordHash,
        user.displayName,
        user.rootDocId,
        this.now(),
        user.emailVerifiedAt,
      );
      return true;
    } catch (err) {
      if (String(err).includes("UNIQUE")) return false;
      throw err;
    }
  }

  setPasswordHash(userId: string, hash: string): void {
    this.#q.setPassword.run(hash, userId);
  }

  /** Marks the email verified if it is still the address the token was sent to; true when it changed now. */
  markEmailVerified(userId: string, email: string): boolean {
    return this.#q.verify.run(this.now(), userId, normaliseEmail(email)).changes > 0;
  }

  userForIdentity(provider: Provider, subject: string): string | null {
    return this.#q.identity.get(provider, subject)?.user_id ?? null;
  }

  linkIdentity(provider: Provider, subject: string, userId: string, email: string | null): void {
    this.#q.link.run(provider, subject, userId, email ? normaliseEmail(email) : null, this.now());
  }

  identities(userId: string): Array<{ provider: Provider; email: string | null; linkedAt: number }> {
    return this.#q.identities
      .all(userId)
      .map((r) => ({ provider: r.provider, email: r.email, linkedAt: r.created_at }));
  }

  /** A new single-use token (256 bits); only its SHA-256 is stored. */
  issueEmailToken(purpose: EmailTokenPurpose, userId: string, email: string, ttlMs: number): string {
    const token = randomSecret();
    const t = this.now();
    this.#q.tokenPurge.run(t);
    this.#q.tokenInsert.run(
      Buffer.from(hashSecret(token)),
      purpose,
      userId,
      normaliseEmail(email),
      t,
      t + ttlMs,
    );
    return token;
  }

  /** Consumes a token: returns its user and email once, and never again; null when unknown or expired. */
  takeEmailToken(purpose: EmailTokenPurpose, token: string): { userId: string; email: string } | null {
    if (token.length < 16 || token.length > 128) return null;
    const row = this.#q.tokenTake.get(Buffer.from(hashSecret(token)), purpose);
    if (!row || row.expires_at <= this.now()) return null;
    return { userId: row.user_id, email: row.email };
  }

  /** True while a token is valid, without consuming it (the page that shows the form). */
  emailTokenValid(purpose: EmailTokenPurpose, token: string): boolean {
    if (token.length < 16 || token.length > 128) return false;
    const row = this.db
      .prepare<[Buffer, string, number], { ok: number }>(
        "SELECT 1 AS ok FROM email_tokens WHERE hash = ? AND purpose = ? AND expires_at > ?",
      )
      .get(Buffer.from(hashSecret(token)), purpose, this.now());
    return row !== undefined;
  }

  deleteEmailTokens(userId: string, purpose: EmailTokenPurpose): void {
    this.#q.tokenDeleteForUser.run(userId, purpose);
  }

  sessions(userId: string): SessionRow[] {
    return this.#q.sessions.all(userId).map((r) => ({
      id: r.id,
      createdAt: r.created_at,
      lastVerifiedAt: r.last_verified_at,
      userAgent: r.user_agent,
    }));
  }
}
