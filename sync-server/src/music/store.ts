// SQLite rows of the music integration: connect attempts (state + PKCE verifier, single use, ~5 min) and each
// user's Spotify tokens, sealed with AES-256-GCM under a key derived from SECRET_KEY. Tokens never enter a
// document. Listening history is not stored here at all: it lives only in the user's own music document.
import crypto from "node:crypto";
import type { Db } from "../db/database.js";

/** Authenticated encryption at rest (the accounts module's `SecretKey` fits). */
export interface Sealer {
  seal(purpose: string, plaintext: string): string;
  open(purpose: string, sealed: string): Buffer;
}

const TOKENS_PURPOSE = "music:spotify-tokens";
const STATE_PURPOSE = "music:spotify-oauth";

export interface SpotifyTokens {
  accessToken: string;
  refreshToken: string;
  /** ms since the epoch. */
  expiresAt: number;
  scope: string;
}

export interface ConnectionRow {
  userId: string;
  status: "connected" | "reconnect";
  scope: string;
  connectedAt: number;
  refreshedAt: number | null;
}

export interface PendingConnect {
  userId: string;
  browserHash: Buffer;
  codeVerifier: string;
  appOrigin: string;
  returnTo: string;
  /** Set by the callback when the browser could not be recognised there and the app must confirm. */
  code: string | null;
  expiresAt: number;
}

export const sha256 = (s: string): Buffer => crypto.createHash("sha256").update(s).digest();

export class MusicStore {
  constructor(
    private readonly db: Db,
    private readonly sealer: Sealer,
  ) {}

  // ------------------------------------------------------------------------------------------ connect attempts

  saveState(state: string, p: Omit<PendingConnect, "code">, now = Date.now()): void {
    this.db
      .prepare("DELETE FROM music_oauth_states WHERE expires_at <= ? OR (user_id = ? AND created_at < ?)")
      .run(now, p.userId, now - 60 * 60_000);
    // At most 5 attempts in flight per user; the oldest goes first.
    this.db
      .prepare(
        `DELETE FROM music_oauth_states WHERE user_id = ? AND state_hash NOT IN (
           SELECT state_hash FROM music_oauth_states WHERE user_id = ? ORDER BY created_at DESC LIMIT 4)`,
      )
      .run(p.userId, p.userId);
    this.db
      .prepare(
        `INSERT INTO music_oauth_states (state_hash, user_id, browser_hash, code_verifier, app_origin, return_to, code, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?)`,
      )
      .run(
        sha256(state),
        p.userId,
        p.browserHash,
        this.sealer.seal(
          STATE_PURPOSE,
          JSON.stringify({ s: sha256(state).toString("base64url"), v: p.codeVerifier }),
        ),
        p.appOrigin,
        p.returnTo,
        now,
        p.expiresAt,
      );
  }

  /** The pending attempt for `state`, if it exists and has not expired (not consumed). */
  peekState(state: string, now = Date.now()): PendingConnect | null {
    const row = this.db
      .prepare(
        "SELECT user_id, browser_hash, code_verifier, app_origin, return_to, code, expires_at FROM music_oauth_states WHERE state_hash = ?",
      )
      .get(sha256(state)) as
      | {
          user_id: string;
          browser_hash: Buffer;
          code_verifier: string;
          app_origin: string;
          return_to: string;
          code: string | null;
          expires_at: number;
        }
      | undefined;
    if (!row || row.expires_at <= now) return null;
    const sealed = JSON.parse(this.sealer.open(STATE_PURPOSE, row.code_verifier).toString("utf8")) as {
      s: string;
      v: string;
    };
    if (sealed.s !== sha256(state).toString("base64url")) return null;
    const code = row.code
      ? (JSON.parse(this.sealer.open(STATE_PURPOSE, row.code).toString("utf8")) as { c: string }).c
      : null;
    return {
      userId: row.user_id,
      browserHash: row.browser_hash,
      codeVerifier: sealed.v,
      appOrigin: row.app_origin,
      returnTo: row.return_to,
      code,
      expiresAt: row.expires_at,
    };
  }

  /** Parks the authorization code for the app's confirmation; false when a code was already parked. */
  parkCode(state: string, code: string): boolean {
    const r = this.db
      .prepare("UPDATE music_oauth_states SET code = ? WHERE state_hash = ? AND code IS NULL")
      .run(this.sealer.seal(STATE_PURPOSE, JSON.stringify({ c: code })), sha256(state));
    return r.changes === 1;
  }

  /** Deletes the attempt; true only for the one caller that actually removed it (single use). */
  consumeState(state: string): boolean {
    return (
      this.db.prepare("DELETE FROM music_oauth_states WHERE state_hash = ?").run(sha256(state)).changes === 1
    );
  }

  // --------------------------------------------------------------------------------------------------- tokens

  saveTokens(userId: string, t: SpotifyTokens, now = Date.now()): void {
    const sealed = this.#sealTokens(userId, t);
    this.db
      .prepare(
        `INSERT INTO music_connections (user_id, tokens, scope, access_expires_at, status, connected_at, refreshed_at, updated_at)
         VALUES (?, ?, ?, ?, 'connected', ?, NULL, ?)
         ON CONFLICT(user_id) DO UPDATE SET tokens = excluded.tokens, scope = excluded.scope,
           access_expires_at = excluded.access_expires_at, status = 'connected', connected_at = excluded.connected_at,
           refreshed_at = NULL, updated_at = excluded.updated_at`,
      )
      .run(userId, sealed, t.scope, t.expiresAt, now, now);
  }

  updateTokens(userId: string, t: SpotifyTokens, now = Date.now()): void {
    this.db
      .prepare(
        "UPDATE music_connections SET tokens = ?, scope = ?, access_expires_at = ?, status = 'connected', refreshed_at = ?, updated_at = ? WHERE user_id = ?",
      )
      .run(this.#sealTokens(userId, t), t.scope, t.expiresAt, now, now, userId);
  }

  /** The user's tokens, or null when not connected; throws nothing for a key change (treated as reconnect). */
  tokens(userId: string): { row: ConnectionRow; tokens: SpotifyTokens | null } | null {
    const row = this.db
      .prepare(
        "SELECT user_id, tokens, scope, access_expires_at, status, connected_at, refreshed_at FROM music_connections WHERE user_id = ?",
      )
      .get(userId) as
      | {
          user_id: string;
          tokens: string;
          scope: string;
          access_expires_at: number;
          status: "connected" | "reconnect";
          connected_at: number;
          refreshed_at: number | null;
        }
      | undefined;
    if (!row) return null;
    const view: ConnectionRow = {
      userId: row.user_id,
      status: row.status,
      scope: row.scope,
      connectedAt: row.connected_at,
      refreshedAt: row.refreshed_at,
    };
    if (row.status !== "connected") return { row: view, tokens: null };
    try {
      const t = JSON.parse(this.sealer.open(TOKENS_PURPOSE, row.tokens).toString("utf8")) as {
        u: string;
        a: string;
        r: string;
      };
      if (t.u !== userId) return { row: { ...view, status: "reconnect" }, tokens: null };
      return {
        row: view,
        tokens: { accessToken: t.a, refreshToken: t.r, expiresAt: row.access_expires_at, scope: row.scope },
      };
    } catch {
      // SECRET_KEY changed (or the row was tampered with): the user reconnects.
      return { row: { ...view, status: "reconnect" }, tokens: null };
    }
  }

  /** Spotify refused our refresh token: forget the tokens, keep the row so the app can say "reconnect". */
  markReconnect(userId: string, now = Date.now()): void {
    this.db
      .prepare(
        "UPDATE music_connections SET status = 'reconnect', tokens = '', updated_at = ? WHERE user_id = ?",
      )
      .run(now, userId);
  }

  /** Disconnect and account deletion: every music row of the user. */
  deleteUser(userId: string): { connections: number; states: number } {
    return this.db.transaction(() => ({
      connections: this.db.prepare("DELETE FROM music_connections WHERE user_id = ?").run(userId).changes,
      states: this.db.prepare("DELETE FROM music_oauth_states WHERE user_id = ?").run(userId).changes,
    }))();
  }

  #sealTokens(userId: string, t: SpotifyTokens): string {
    return this.sealer.seal(
      TOKENS_PURPOSE,
      JSON.stringify({ u: userId, a: t.accessToken, r: t.refreshToken }),
    );
  }
}

/**
 * Deletes every music row of a user (Spotify tokens and pending connects). For account deletion: registered as
 * the `music` account-deletion hook in app.ts; usable directly by anything that removes users.
 */
export function deleteMusicDataForUser(db: Db, userId: string): void {
  db.transaction(() => {
    db.prepare("DELETE FROM music_connections WHERE user_id = ?").run(userId);
    db.prepare("DELETE FROM music_oauth_states WHERE user_id = ?").run(userId);
  })();
}
