// The Web API on a user's behalf: tokens from the store, refreshed ahead of expiry and after a 401 (once), then a
// reconnect prompt; 429 honoured (no call to Spotify until Retry-After has passed); every failure mapped to an
// actionable error (errors.ts).
import type { ApiError } from "../http/respond.js";
import type { Logger } from "../log.js";
import type { SpotifyAppConfig } from "./config.js";
import { musicErrors } from "./errors.js";
import { OAuthRefusedError, type SpotifyOAuth } from "./oauth.js";
import type { MusicStore, SpotifyTokens } from "./store.js";

export interface SpotifyCallOptions {
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  /** What this call is, for error messages and metrics (`player`, `playlist`, …). */
  kind?: "player" | "library" | "playlist" | "track" | "audio_features";
}

export interface SpotifyResponse<T> {
  status: number;
  body: T | null;
}

type Outcome =
  | "ok"
  | "refreshed"
  | "reconnect"
  | "no_device"
  | "premium"
  | "forbidden"
  | "rate_limited"
  | "server_error"
  | "timeout"
  | "other";

/** Refresh when the access token has less than this left. */
const REFRESH_MARGIN_MS = 60_000;

export class SpotifyApi {
  readonly #refreshing = new Map<string, Promise<SpotifyTokens>>();
  /** Spotify's rate limit is per app: after a 429 nobody calls until then. */
  #blockedUntil = 0;

  constructor(
    private readonly app: SpotifyAppConfig,
    private readonly oauth: SpotifyOAuth,
    private readonly store: MusicStore,
    private readonly log: Logger,
    private readonly timeoutMs: number,
    private readonly count: (kind: string, outcome: Outcome) => void = () => undefined,
  ) {}

  /** Calls `method path` as `userId`. Throws ApiError for every failure. */
  async call<T>(
    userId: string,
    method: string,
    path: string,
    opts: SpotifyCallOptions = {},
  ): Promise<SpotifyResponse<T>> {
    const kind = opts.kind ?? "library";
    let tokens = await this.#validTokens(userId);
    for (let attempt = 0; ; attempt++) {
      this.#checkBlocked(kind);
      const res = await this.#fetch(method, path, tokens.accessToken, opts, kind);
      if (res.status === 401 && attempt === 0) {
        await res.body?.cancel();
        tokens = await this.#refresh(userId, tokens);
        this.count(kind, "refreshed");
        continue;
      }
      if (res.status >= 500 && method === "GET" && attempt === 0) {
        await res.body?.cancel();
        await new Promise((r) => setTimeout(r, 250));
        continue;
      }
      const text = await res.text();
      let body: unknown = null;
      if (text) {
        try {
          body = JSON.parse(text);
        } catch {
          body = null;
        }
      }
      if (res.ok) {
        this.count(kind, "ok");
        return { status: res.status, body: body as T | null };
      }
      throw this.#mapError(userId, res, body, kind);
    }
  }

  #checkBlocked(kind: string): void {
    const wait = this.#blockedUntil - Date.now();
    if (wait > 0) {
      this.count(kind, "rate_limited");
      throw musicErrors.rateLimited(Math.max(1, Math.ceil(wait / 1000)));
    }
  }

  async #fetch(
    method: string,
    path: string,
    token: string,
    opts: SpotifyCallOptions,
    kind: string,
  ): Promise<Response> {
    const url = new URL(this.app.apiUrl + path);
    for (const [k, v] of Object.entries(opts.query ?? {}))
      if (v !== undefined) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: "application/json" };
    let body: string | undefined;
    if (opts.body !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(opts.body);
    }
    try {
      return await fetch(url, { method, headers, body, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (err) {
      this.count(kind, "timeout");
      this.log.warn("spotify request failed", { path, err: String(err) });
      throw musicErrors.unreachable();
    }
  }

  #mapError(userId: string, res: Response, body: unknown, kind: string): ApiError {
    const error = (body as { error?: { message?: unknown; reason?: unknown } } | null)?.error;
    const message = typeof error?.message === "string" ? error.message : res.statusText;
    const reason = typeof error?.reason === "string" ? error.reason : "";
    switch (true) {
      case res.status === 401:
        this.store.markReconnect(userId);
        this.count(kind, "reconnect");
        return musicErrors.reconnect();
      case res.status === 429: {
        const seconds = retryAfterSeconds(res.headers.get("retry-after"));
        this.#blockedUntil = Math.max(this.#blockedUntil, Date.now() + seconds * 1000);
        this.count(kind, "rate_limited");
        return musicErrors.rateLimited(seconds);
      }
      case reason === "NO_ACTIVE_DEVICE" || (res.status === 404 && kind === "player"):
        this.count(kind, "no_device");
        return musicErrors.noActiveDevice();
      case reason === "PREMIUM_REQUIRED" ||
        (res.status === 403 && kind === "player" && /premium/i.test(message)):
        this.count(kind, "premium");
        return musicErrors.premiumRequired();
      case res.status === 403:
        this.count(kind, "forbidden");
        return musicErrors.forbidden(message || "403");
      case res.status >= 500:
        this.count(kind, "server_error");
        return musicErrors.unavailable(res.status);
      case res.status === 404:
        this.count(kind, "other");
        return musicErrors.notFound(kind === "playlist" ? "that playlist" : "that item");
      default:
        this.count(kind, "other");
        return musicErrors.badRequest(`${res.status}${message ? `: ${message}` : ""}`);
    }
  }

  async #validTokens(userId: string): Promise<SpotifyTokens> {
    const found = this.store.tokens(userId);
    if (!found) throw musicErrors.notConnected();
    if (!found.tokens) throw musicErrors.reconnect();
    if (found.tokens.expiresAt - Date.now() > REFRESH_MARGIN_MS) return found.tokens;
    return this.#refresh(userId, found.tokens);
  }

  /** One refresh per user at a time: concurrent callers share it (a rotated refresh token is used once). */
  #refresh(userId: string, stale: SpotifyTokens): Promise<SpotifyTokens> {
    let running = this.#refreshing.get(userId);
    if (!running) {
      running = this.#doRefresh(userId, stale).finally(() => this.#refreshing.delete(userId));
      this.#refreshing.set(userId, running);
    }
    return running;
  }

  async #doRefresh(userId: string, stale: SpotifyTokens): Promise<SpotifyTokens> {
    // Another request may have refreshed already.
    const current = this.store.tokens(userId)?.tokens;
    if (
      current &&
      current.accessToken !== stale.accessToken &&
      current.expiresAt - Date.now() > REFRESH_MARGIN_MS
    )
      return current;
    try {
      const fresh = await this.oauth.refresh((current ?? stale).refreshToken);
      this.store.updateTokens(userId, fresh);
      return fresh;
    } catch (err) {
      if (err instanceof OAuthRefusedError) {
        this.log.info("spotify refused a refresh token; the user must reconnect", {
          userId,
          error: err.oauthError,
        });
        this.store.markReconnect(userId);
        throw musicErrors.reconnect();
      }
      this.log.warn("spotify token refresh failed", { userId, err: String(err) });
      if (err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError"))
        throw musicErrors.unreachable();
      throw musicErrors.unavailable(502);
    }
  }
}

function retryAfterSeconds(value: string | null): number {
  const n = Number(value);
  if (Number.isFinite(n) && n >= 0) return Math.max(1, Math.ceil(n));
  const date = value ? Date.parse(value) : NaN;
  if (Number.isFinite(date)) return Math.max(1, Math.ceil((date - Date.now()) / 1000));
  return 5;
}
