import crypto from "node:crypto";
import * as oauth from "oauth4webapi";
import type { Db } from "../../db/database.js";
import { hashSecret, randomSecret } from "../../auth/tokens.js";
import type { Provider } from "../store.js";

export interface PendingSignIn {
  provider: Provider;
  codeVerifier: string;
  nonce: string;
  returnTo: string;
}

/**
 * Sign-ins in progress, server-side: the state (stored as SHA-256), PKCE verifier and nonce, the hash of a
 * random value also kept in a cookie of the browser that started (so a state only completes in that browser:
 * no login CSRF), and where to go afterwards. A state is consumed by one atomic DELETE … RETURNING, so it works
 * once, even when two callbacks race; it expires after `ttlMs`.
 */
export class OAuthStateStore {
  readonly #insert;
  readonly #take;
  readonly #purge;

  constructor(
    db: Db,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.#insert = db.prepare(
      "INSERT INTO oauth_states (state_hash, provider, browser_hash, code_verifier, nonce, return_to, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    );
    this.#take = db.prepare<
      [Buffer],
      {
        provider: Provider;
        browser_hash: Buffer;
        code_verifier: string;
        nonce: string;
        return_to: string;
        expires_at: number;
      }
    >(
      "DELETE FROM oauth_states WHERE state_hash = ? RETURNING provider, browser_hash, code_verifier, nonce, return_to, expires_at",
    );
    this.#purge = db.prepare("DELETE FROM oauth_states WHERE expires_at <= ?");
  }

  begin(
    provider: Provider,
    returnTo: string,
  ): { state: string; browserBinding: string; nonce: string; codeVerifier: string } {
    const state = oauth.generateRandomState();
    const browserBinding = randomSecret();
    const nonce = oauth.generateRandomNonce();
    const codeVerifier = oauth.generateRandomCodeVerifier();
    const t = this.now();
    this.#purge.run(t);
    this.#insert.run(
      Buffer.from(hashSecret(state)),
      provider,
      Buffer.from(hashSecret(browserBinding)),
      codeVerifier,
      nonce,
      returnTo,
      t + this.ttlMs,
    );
    return { state, browserBinding, nonce, codeVerifier };
  }

  /**
   * Takes the sign-in a state names, once. `reason` says why there is none: unknown/used, expired, started by
   * another browser or for another provider.
   */
  take(
    provider: Provider,
    state: string | null,
    browserBinding: string | undefined,
  ):
    | { ok: true; pending: PendingSignIn }
    | { ok: false; reason: "missing" | "unknown" | "expired" | "browser" | "provider" } {
    if (!state) return { ok: false, reason: "missing" };
    if (state.length > 512) return { ok: false, reason: "unknown" };
    const row = this.#take.get(Buffer.from(hashSecret(state)));
    if (!row) return { ok: false, reason: "unknown" };
    if (row.expires_at <= this.now()) return { ok: false, reason: "expired" };
    if (row.provider !== provider) return { ok: false, reason: "provider" };
    const given = browserBinding ? Buffer.from(hashSecret(browserBinding)) : Buffer.alloc(0);
    if (given.length !== row.browser_hash.length || !crypto.timingSafeEqual(given, row.browser_hash)) {
      return { ok: false, reason: "browser" };
    }
    return {
      ok: true,
      pending: { provider, codeVerifier: row.code_verifier, nonce: row.nonce, returnTo: row.return_to },
    };
  }
}
