// A loopback fake of Spotify: the accounts service (/authorize, /api/token with PKCE verification and refresh)
// and the Web API subset Cadence uses (under /v1). Every Web API response it sends is checked against the OpenAPI
// description (spotify-openapi.ts) before it leaves; violations are collected in `violations` and tests assert
// there are none. Switches reproduce Spotify's failures: no active device, 403 non-Premium, 401 expired token,
// 429 with Retry-After, 5xx, a revoked refresh token, a user who denies consent.
import { mulberry32 } from "@cadence/shared-schema/plan";
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { SpotifyOpenApi } from "./spotify-openapi.js";

export interface FakeTrack {
  id: string;
  name: string;
  artists: string[];
  durationMs: number;
  explicit: boolean;
  /** What /audio-features and the tempo provider fake report; null: unknown everywhere. */
  tempo: number | null;
  energy: number | null;
}

export interface FakeResponseRecord {
  method: string;
  path: string;
  template: string;
  status: number;
  body: unknown;
  undeclared: boolean;
}

export interface FakePlaylist {
  id: string;
  name: string;
  public: boolean;
  description: string;
  items: string[];
  batches: number[];
}

interface CodeGrant {
  clientId: string;
  redirectUri: string;
  challenge: string;
  scope: string;
  used: boolean;
  expiresAt: number;
}

export interface SpotifyFakeOptions {
  clientId?: string;
  /** Redirect URIs registered in the fake app's dashboard. */
  redirectUris?: string[];
  library?: FakeTrack[];
  accessTokenTtlSec?: number;
  /** Listen here (default: any free port). */
  port?: number;
  /**
   * Answer `/__fake/…` too, for a test in another process (the browser suite): `GET /__fake/state` (playlists,
   * switches, playback, call counts, OpenAPI violations), `POST /__fake/switches` (`{ noDevice, nonPremium,
   * denyConsent }`), `POST /__fake/reset`.
   */
  control?: boolean;
}

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** A deterministic 22-character Spotify-style id. */
export function fakeId(seed: string): string {
  const h = crypto.createHash("sha256").update(seed).digest();
  let s = "";
  for (let i = 0; i < 22; i++) s += BASE62[h[i]! % 62];
  return s;
}

/**
 * A listening library of `n` made-up tracks: tempos spread like pop music (60–190 BPM, most 90–150), `knownShare`
 * of them with a tempo the fake's audio features / tempo provider report.
 */
export function makeLibrary(n: number, seed = 1, knownShare = 0.8): FakeTrack[] {
  const r = mulberry32(seed);
  const artists = Array.from({ length: Math.max(5, Math.round(n / 4)) }, (_, i) => `Fake Artist ${i + 1}`);
  return Array.from({ length: n }, (_, i) => {
    const tempo = Math.round((60 + ((r() + r() + r()) / 3) * 130) * 10) / 10;
    const known = r() < knownShare;
    return {
      id: fakeId(`track-${seed}-${i}`),
      name: `Fake Track ${seed}-${i + 1}`,
      artists: [artists[Math.floor(r() * artists.length)]!],
      durationMs: Math.round(150_000 + r() * 120_000),
      explicit: r() < 0.1,
      tempo: known ? tempo : null,
      energy: known
        ? Math.round(Math.min(1, Math.max(0, (tempo - 60) / 140 + (r() - 0.5) * 0.3)) * 100) / 100
        : null,
    };
  });
}

const b64url = (b: Buffer) => b.toString("base64url");

export class SpotifyFake {
  readonly openapi = new SpotifyOpenApi();
  readonly responses: FakeResponseRecord[] = [];
  readonly violations: string[] = [];
  /** Every token request: grant type and whether the PKCE verifier matched. */
  readonly tokenRequests: Array<{ grantType: string; ok: boolean; error: string | null }> = [];
  readonly authorizeRequests: URLSearchParams[] = [];
  readonly playlists = new Map<string, FakePlaylist>();
  readonly apiCalls: Array<{ method: string; path: string }> = [];

  clientId: string;
  redirectUris: string[];
  library: FakeTrack[];
  /** Indexes into `library`: recently played (newest first) and top tracks (best first). */
  recent: Array<{ index: number; playedAt: number }>;
  top: number[];

  // ---- switches
  noDevice = false;
  nonPremium = false;
  denyConsent = false;
  audioFeatures = false;
  /** The next `count` Web API calls (matching `only`) answer 429 with this Retry-After. */
  rateLimit: { retryAfter: number; count: number; only?: RegExp } | null = null;
  /** The next `count` Web API calls (matching `only`, after letting `after` of them through) answer this 5xx. */
  serverError: { status: number; count: number; only?: RegExp; after?: number } | null = null;
  accessTokenTtlSec: number;

  // ---- playback state
  devices = [
    { id: "dev-phone", name: "Test Phone", type: "Smartphone", volume: 60 },
    { id: "dev-speaker", name: "Kitchen Speaker", type: "Speaker", volume: 40 },
  ];
  activeDevice: string | null = "dev-phone";
  isPlaying = false;
  queue: string[] = [];
  position = 0;
  contextUri: string | null = null;

  readonly #codes = new Map<string, CodeGrant>();
  readonly #issued: string[] = [];
  readonly #access = new Map<string, { expiresAt: number; scope: string }>();
  readonly #refresh = new Map<string, { scope: string }>();
  readonly #control: boolean;
  #server!: http.Server;
  url = "";

  private constructor(opts: SpotifyFakeOptions) {
    this.clientId = opts.clientId ?? "fake-client-id";
    this.redirectUris = opts.redirectUris ?? [];
    this.library = opts.library ?? makeLibrary(120, 7);
    const now = Date.now();
    this.recent = this.library
      .slice(0, 50)
      .map((_, i) => ({ index: i, playedAt: now - (i + 1) * 3_600_000 }));
    this.top = this.library
      .map((_, i) => i)
      .filter((i) => i % 2 === 1)
      .slice(0, 50);
    this.accessTokenTtlSec = opts.accessTokenTtlSec ?? 3600;
    this.#control = opts.control ?? false;
  }

  static async start(opts: SpotifyFakeOptions = {}): Promise<SpotifyFake> {
    const fake = new SpotifyFake(opts);
    fake.#server = http.createServer((req, res) => void fake.#handle(req, res));
    await new Promise<void>((resolve, reject) => {
      fake.#server.once("error", reject);
      fake.#server.listen(opts.port ?? 0, "127.0.0.1", resolve);
    });
    fake.url = `http://127.0.0.1:${(fake.#server.address() as AddressInfo).port}`;
    return fake;
  }

  get accountsUrl(): string {
    return this.url;
  }
  get apiUrl(): string {
    return `${this.url}/v1`;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /** Every access and refresh token issued so far (tests check none of them is stored in the clear). */
  issuedTokens(): string[] {
    return [...this.#issued];
  }

  /** Every access token issued so far expires now (the next call gets 401). */
  expireAccessTokens(): void {
    for (const t of this.#access.values()) t.expiresAt = 0;
  }

  /** The user removed the app at spotify.com/account/apps: refresh tokens stop working too. */
  revokeAll(): void {
    this.#access.clear();
    this.#refresh.clear();
  }

  trackUri(i: number): string {
    return `spotify:track:${this.library[i]!.id}`;
  }

  /**
   * What a browser does at /authorize: follows the URL and returns where the fake redirects it (the app's
   * redirect URI with code and state, or an error).
   */
  async authorize(authorizeUrl: string): Promise<{ status: number; location: string | null; text: string }> {
    const res = await fetch(authorizeUrl, { redirect: "manual" });
    return { status: res.status, location: res.headers.get("location"), text: await res.text() };
  }

  // ------------------------------------------------------------------------------------------------- HTTP

  async #handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", this.url);
    const chunks: Buffer[] = [];
    for await (const c of req as AsyncIterable<Buffer>) chunks.push(c);
    const raw = Buffer.concat(chunks).toString("utf8");
    try {
      if (url.pathname === "/authorize" && req.method === "GET") return this.#authorizeRoute(url, res);
      if (url.pathname === "/api/token" && req.method === "POST") return this.#token(raw, req, res);
      if (url.pathname.startsWith("/v1/")) return this.#api(req.method ?? "GET", url, raw, req, res);
      if (this.#control && url.pathname.startsWith("/__fake/")) return this.#controlRoute(req, url, raw, res);
      res.writeHead(404).end();
    } catch (err) {
      res.writeHead(500, { "content-type": "text/plain" }).end(String(err));
    }
  }

  /** What a test in another process may see and switch (`control: true`). */
  #controlRoute(req: http.IncomingMessage, url: URL, raw: string, res: http.ServerResponse): void {
    const json = (status: number, body: unknown): void => {
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    };
    if (req.method === "GET" && url.pathname === "/__fake/state") {
      const byUri = new Map(this.library.map((t) => [`spotify:track:${t.id}`, t]));
      return json(200, {
        playlists: [...this.playlists.values()].map((p) => ({
          ...p,
          tracks: p.items.map((uri) => ({ uri, name: byUri.get(uri)?.name ?? null })),
        })),
        switches: { noDevice: this.noDevice, nonPremium: this.nonPremium, denyConsent: this.denyConsent },
        playback: { isPlaying: this.isPlaying, contextUri: this.contextUri, activeDevice: this.activeDevice },
        authorizeRequests: this.authorizeRequests.length,
        tokenRequests: this.tokenRequests,
        apiCalls: this.apiCalls.length,
        violations: this.violations,
      });
    }
    if (req.method === "POST" && url.pathname === "/__fake/switches") {
      const b = (raw ? JSON.parse(raw) : {}) as Record<string, unknown>;
      for (const key of ["noDevice", "nonPremium", "denyConsent"] as const) {
        if (typeof b[key] === "boolean") this[key] = b[key];
      }
      return json(200, {
        noDevice: this.noDevice,
        nonPremium: this.nonPremium,
        denyConsent: this.denyConsent,
      });
    }
    if (req.method === "POST" && url.pathname === "/__fake/reset") {
      this.noDevice = this.nonPremium = this.denyConsent = false;
      this.isPlaying = false;
      this.contextUri = null;
      this.queue = [];
      this.position = 0;
      this.activeDevice = this.devices[0]?.id ?? null;
      return json(200, {});
    }
    res.writeHead(404).end();
  }

  #authorizeRoute(url: URL, res: http.ServerResponse): void {
    const q = url.searchParams;
    this.authorizeRequests.push(q);
    const redirectUri = q.get("redirect_uri") ?? "";
    if (q.get("client_id") !== this.clientId)
      return void res.writeHead(400).end("INVALID_CLIENT: Invalid client");
    if (!this.redirectUris.includes(redirectUri))
      return void res.writeHead(400).end("INVALID_CLIENT: Invalid redirect URI");
    const parsed = new URL(redirectUri);
    if (
      parsed.hostname === "localhost" ||
      (parsed.protocol === "http:" && !/^127\.|^\[::1\]$/.test(parsed.hostname))
    ) {
      return void res.writeHead(400).end("INVALID_CLIENT: Insecure redirect URI");
    }
    if (
      q.get("response_type") !== "code" ||
      q.get("code_challenge_method") !== "S256" ||
      !q.get("code_challenge")
    ) {
      return void res.writeHead(400).end("Illegal request: PKCE with S256 required");
    }
    const back = new URL(redirectUri);
    const state = q.get("state");
    if (this.denyConsent) {
      back.searchParams.set("error", "access_denied");
    } else {
      const code = b64url(crypto.randomBytes(24));
      this.#codes.set(code, {
        clientId: this.clientId,
        redirectUri,
        challenge: q.get("code_challenge")!,
        scope: q.get("scope") ?? "",
        used: false,
        expiresAt: Date.now() + 10 * 60_000,
      });
      back.searchParams.set("code", code);
    }
    if (state !== null) back.searchParams.set("state", state);
    res.writeHead(302, { location: back.toString() }).end();
  }

  #token(raw: string, req: http.IncomingMessage, res: http.ServerResponse): void {
    const fail = (grantType: string, error: string, description: string) => {
      this.tokenRequests.push({ grantType, ok: false, error });
      res
        .writeHead(400, { "content-type": "application/json" })
        .end(JSON.stringify({ error, error_description: description }));
    };
    if (!/^application\/x-www-form-urlencoded/.test(req.headers["content-type"] ?? "")) {
      return fail("?", "invalid_request", "form body required");
    }
    const f = new URLSearchParams(raw);
    const grantType = f.get("grant_type") ?? "";
    if (f.get("client_id") !== this.clientId) return fail(grantType, "invalid_client", "Invalid client");
    if (grantType === "authorization_code") {
      const grant = this.#codes.get(f.get("code") ?? "");
      if (!grant || grant.used || grant.expiresAt < Date.now())
        return fail(grantType, "invalid_grant", "Invalid authorization code");
      grant.used = true;
      if (f.get("redirect_uri") !== grant.redirectUri)
        return fail(grantType, "invalid_grant", "Invalid redirect URI");
      const verifier = f.get("code_verifier") ?? "";
      const challenge = b64url(crypto.createHash("sha256").update(verifier).digest());
      if (!verifier || challenge !== grant.challenge)
        return fail(grantType, "invalid_grant", "code_verifier was incorrect");
      this.tokenRequests.push({ grantType, ok: true, error: null });
      return this.#issue(res, grant.scope, null);
    }
    if (grantType === "refresh_token") {
      const old = f.get("refresh_token") ?? "";
      const known = this.#refresh.get(old);
      if (!known) return fail(grantType, "invalid_grant", "Refresh token revoked");
      // Like Spotify with PKCE: a new refresh token each time, and the used one stops working.
      this.#refresh.delete(old);
      this.tokenRequests.push({ grantType, ok: true, error: null });
      return this.#issue(res, known.scope, old);
    }
    return fail(
      grantType,
      "unsupported_grant_type",
      "grant_type must be authorization_code or refresh_token",
    );
  }

  #issue(res: http.ServerResponse, scope: string, _previous: string | null): void {
    const access = b64url(crypto.randomBytes(24));
    const refresh = b64url(crypto.randomBytes(24));
    this.#access.set(access, { expiresAt: Date.now() + this.accessTokenTtlSec * 1000, scope });
    this.#refresh.set(refresh, { scope });
    this.#issued.push(access, refresh);
    res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" }).end(
      JSON.stringify({
        access_token: access,
        token_type: "Bearer",
        scope,
        expires_in: this.accessTokenTtlSec,
        refresh_token: refresh,
      }),
    );
  }

  // ----------------------------------------------------------------------------------------------- Web API

  #send(
    res: http.ServerResponse,
    method: string,
    path: string,
    template: string,
    status: number,
    body?: unknown,
    headers: Record<string, string> = {},
  ): void {
    const check = this.openapi.check(method, template, status, body);
    for (const e of check.errors) this.violations.push(`${method} ${path}: ${e}`);
    this.responses.push({ method, path, template, status, body, undeclared: check.undeclared });
    if (body === undefined) {
      res.writeHead(status, headers).end();
    } else {
      res
        .writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers })
        .end(JSON.stringify(body));
    }
  }

  #error(status: number, message: string, reason?: string) {
    return { error: { status, message, ...(reason ? { reason } : {}) } };
  }

  #api(method: string, url: URL, raw: string, req: http.IncomingMessage, res: http.ServerResponse): void {
    const path = url.pathname.slice(3);
    this.apiCalls.push({ method, path });
    const route = this.#route(method, path);
    if (!route) return void res.writeHead(404).end();
    const { template, run } = route;
    const send = (status: number, body?: unknown, headers?: Record<string, string>) =>
      this.#send(res, method, path, template, status, body, headers);
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    const access = token ? this.#access.get(token) : undefined;
    if (!access) return send(401, this.#error(401, token ? "Invalid access token" : "No token provided"));
    if (access.expiresAt <= Date.now()) return send(401, this.#error(401, "The access token expired"));
    if (
      this.rateLimit &&
      this.rateLimit.count > 0 &&
      (!this.rateLimit.only || this.rateLimit.only.test(path))
    ) {
      this.rateLimit.count--;
      return send(429, this.#error(429, "API rate limit exceeded"), {
        "retry-after": String(this.rateLimit.retryAfter),
      });
    }
    const se = this.serverError;
    if (se && se.count > 0 && (!se.only || se.only.test(path)) && (se.after ?? 0) > 0) {
      se.after!--;
    } else if (se && se.count > 0 && (!se.only || se.only.test(path))) {
      se.count--;
      return send(se.status, this.#error(se.status, "Service unavailable"));
    }
    let body: unknown = undefined;
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        return send(400, this.#error(400, "Error parsing JSON."));
      }
    }
    run({ url, body, send });
  }

  #route(method: string, path: string): { template: string; run: (c: Ctx) => void } | null {
    const m = (re: RegExp) => re.exec(path);
    let g: RegExpExecArray | null;
    if (method === "GET" && path === "/me/player/recently-played")
      return { template: path, run: (c) => this.#recent(c) };
    if (method === "GET" && path === "/me/top/tracks")
      return { template: path, run: (c) => this.#topTracks(c) };
    if (method === "GET" && path === "/me/player/devices")
      return { template: path, run: (c) => this.#devices(c) };
    if (method === "GET" && path === "/me/player") return { template: path, run: (c) => this.#playback(c) };
    if (method === "PUT" && path === "/me/player") return { template: path, run: (c) => this.#transfer(c) };
    if (method === "PUT" && path === "/me/player/play") return { template: path, run: (c) => this.#play(c) };
    if (method === "PUT" && path === "/me/player/pause")
      return { template: path, run: (c) => this.#pause(c) };
    if (method === "POST" && path === "/me/player/next") return { template: path, run: (c) => this.#next(c) };
    if (method === "POST" && path === "/me/playlists")
      return { template: path, run: (c) => this.#createPlaylist(c) };
    if (method === "POST" && (g = m(/^\/playlists\/([^/]+)\/items$/))) {
      const id = g[1]!;
      return { template: "/playlists/{playlist_id}/items", run: (c) => this.#addItems(c, id) };
    }
    if (method === "GET" && (g = m(/^\/tracks\/([^/]+)$/))) {
      const id = g[1]!;
      return { template: "/tracks/{id}", run: (c) => this.#track(c, id) };
    }
    if (method === "GET" && path === "/audio-features")
      return { template: path, run: (c) => this.#audioFeatures(c) };
    return null;
  }

  // ---- objects, shaped as the OpenAPI description says

  trackObject(t: FakeTrack): Record<string, unknown> {
    const artist = (name: string) => {
      const id = fakeId(`artist-${name}`);
      return {
        external_urls: { spotify: `https://open.spotify.com/artist/${id}` },
        href: `${this.apiUrl}/artists/${id}`,
        id,
        name,
        type: "artist",
        uri: `spotify:artist:${id}`,
      };
    };
    const albumId = fakeId(`album-${t.id}`);
    return {
      album: {
        album_type: "single",
        total_tracks: 1,
        available_markets: ["NO", "DE", "ES", "US"],
        external_urls: { spotify: `https://open.spotify.com/album/${albumId}` },
        href: `${this.apiUrl}/albums/${albumId}`,
        id: albumId,
        images: [{ url: `https://i.scdn.co/image/${albumId}`, height: 64, width: 64 }],
        name: `${t.name} (Single)`,
        release_date: "2024-05-01",
        release_date_precision: "day",
        type: "album",
        uri: `spotify:album:${albumId}`,
        artists: t.artists.map(artist),
      },
      artists: t.artists.map(artist),
      available_markets: ["NO", "DE", "ES", "US"],
      disc_number: 1,
      duration_ms: t.durationMs,
      explicit: t.explicit,
      external_ids: { isrc: `XX${t.id.slice(0, 10).toUpperCase()}` },
      external_urls: { spotify: `https://open.spotify.com/track/${t.id}` },
      href: `${this.apiUrl}/tracks/${t.id}`,
      id: t.id,
      is_playable: true,
      name: t.name,
      popularity: 50,
      preview_url: null,
      track_number: 1,
      type: "track",
      uri: `spotify:track:${t.id}`,
      is_local: false,
    };
  }

  #deviceObjects(): Array<Record<string, unknown>> {
    if (this.noDevice) return [];
    return this.devices.map((d) => ({
      id: d.id,
      is_active: d.id === this.activeDevice,
      is_private_session: false,
      is_restricted: false,
      name: d.name,
      type: d.type,
      volume_percent: d.volume,
      supports_volume: true,
    }));
  }

  #recent({ url, send }: Ctx): void {
    const limit = Math.min(50, Number(url.searchParams.get("limit") ?? 20));
    const items = this.recent.slice(0, limit).map((r, i) => ({
      track: this.trackObject(this.library[r.index]!),
      played_at: new Date(r.playedAt).toISOString(),
      ...(i % 3 === 0
        ? {
            context: {
              type: "playlist",
              href: `${this.apiUrl}/playlists/37i9dQZF1DX76Wlfdnj7AP`,
              external_urls: { spotify: "https://open.spotify.com/playlist/37i9dQZF1DX76Wlfdnj7AP" },
              uri: "spotify:playlist:37i9dQZF1DX76Wlfdnj7AP",
            },
          }
        : {}),
    }));
    const last = this.recent[Math.min(limit, this.recent.length) - 1];
    send(200, {
      href: `${this.apiUrl}/me/player/recently-played?limit=${limit}`,
      limit,
      ...(last
        ? { next: `${this.apiUrl}/me/player/recently-played?before=${last.playedAt}&limit=${limit}` }
        : {}),
      cursors: { after: String(this.recent[0]?.playedAt ?? 0), before: String(last?.playedAt ?? 0) },
      items,
    });
  }

  #topTracks({ url, send }: Ctx): void {
    const limit = Math.min(50, Number(url.searchParams.get("limit") ?? 20));
    const offset = Number(url.searchParams.get("offset") ?? 0);
    const range = url.searchParams.get("time_range") ?? "medium_term";
    const order = range === "short_term" ? this.top : [...this.top].reverse();
    const page = order.slice(offset, offset + limit);
    send(200, {
      href: `${this.apiUrl}/me/top/tracks?time_range=${range}&offset=${offset}&limit=${limit}`,
      items: page.map((i) => this.trackObject(this.library[i]!)),
      limit,
      next:
        offset + limit < order.length
          ? `${this.apiUrl}/me/top/tracks?offset=${offset + limit}&limit=${limit}`
          : null,
      offset,
      previous:
        offset > 0
          ? `${this.apiUrl}/me/top/tracks?offset=${Math.max(0, offset - limit)}&limit=${limit}`
          : null,
      total: order.length,
    });
  }

  #devices({ send }: Ctx): void {
    send(200, { devices: this.#deviceObjects() });
  }

  #current(): FakeTrack | null {
    const uri = this.queue[this.position];
    const id = uri?.startsWith("spotify:track:") ? uri.slice(14) : null;
    return this.library.find((t) => t.id === id) ?? null;
  }

  #playback({ send }: Ctx): void {
    const device = this.#deviceObjects().find((d) => d.is_active);
    const track = this.#current();
    if (!device || !track) return send(204);
    send(200, {
      device,
      repeat_state: "off",
      shuffle_state: false,
      ...(this.contextUri
        ? {
            context: {
              type: "playlist",
              href: `${this.apiUrl}/playlists/${this.contextUri.split(":").pop()}`,
              external_urls: {
                spotify: `https://open.spotify.com/playlist/${this.contextUri.split(":").pop()}`,
              },
              uri: this.contextUri,
            },
          }
        : {}),
      timestamp: Date.now(),
      progress_ms: 42_000,
      is_playing: this.isPlaying,
      item: this.trackObject(track),
      currently_playing_type: "track",
      actions: {
        interrupting_playback: false,
        pausing: true,
        resuming: true,
        seeking: true,
        skipping_next: true,
        skipping_prev: true,
      },
    });
  }

  /** null when the command may run; otherwise it has answered. */
  #playerGuard(c: Ctx): boolean {
    if (this.nonPremium) {
      c.send(403, this.#error(403, "Player command failed: Premium required", "PREMIUM_REQUIRED"));
      return false;
    }
    const deviceId = c.url.searchParams.get("device_id");
    if (this.noDevice || (!deviceId && !this.activeDevice)) {
      c.send(404, this.#error(404, "Player command failed: No active device found", "NO_ACTIVE_DEVICE"));
      return false;
    }
    if (deviceId) {
      if (!this.devices.some((d) => d.id === deviceId)) {
        c.send(404, this.#error(404, "Device not found"));
        return false;
      }
      this.activeDevice = deviceId;
    }
    return true;
  }

  #transfer(c: Ctx): void {
    if (this.nonPremium)
      return c.send(403, this.#error(403, "Player command failed: Premium required", "PREMIUM_REQUIRED"));
    const b = c.body as { device_ids?: unknown; play?: unknown } | undefined;
    const id: unknown = Array.isArray(b?.device_ids) ? (b.device_ids as unknown[])[0] : undefined;
    if (typeof id !== "string" || this.noDevice || !this.devices.some((d) => d.id === id)) {
      return c.send(404, this.#error(404, "Device not found"));
    }
    this.activeDevice = id;
    if (b?.play === true) this.isPlaying = true;
    c.send(204);
  }

  #play(c: Ctx): void {
    if (!this.#playerGuard(c)) return;
    const b = (c.body ?? {}) as { context_uri?: string; uris?: string[]; offset?: { uri?: string } };
    if (b.context_uri) {
      const playlist = this.playlists.get(b.context_uri.split(":").pop() ?? "");
      if (!playlist) return c.send(404, this.#error(404, "Context not found"));
      this.contextUri = b.context_uri;
      this.queue = [...playlist.items];
      this.position = Math.max(0, b.offset?.uri ? this.queue.indexOf(b.offset.uri) : 0);
    } else if (b.uris) {
      this.contextUri = null;
      this.queue = [...b.uris];
      this.position = Math.max(0, b.offset?.uri ? this.queue.indexOf(b.offset.uri) : 0);
    } else if (this.queue.length === 0) {
      this.queue = this.recent.slice(0, 10).map((r) => this.trackUri(r.index));
      this.position = 0;
    }
    this.isPlaying = true;
    c.send(204);
  }

  #pause(c: Ctx): void {
    if (!this.#playerGuard(c)) return;
    this.isPlaying = false;
    c.send(204);
  }

  #next(c: Ctx): void {
    if (!this.#playerGuard(c)) return;
    this.position = Math.min(this.position + 1, Math.max(0, this.queue.length - 1));
    c.send(204);
  }

  #createPlaylist(c: Ctx): void {
    const b = (c.body ?? {}) as { name?: unknown; public?: unknown; description?: unknown };
    if (typeof b.name !== "string" || !b.name)
      return c.send(400, this.#error(400, "Missing required field: name"));
    const id = fakeId(`playlist-${this.playlists.size}-${b.name}-${Date.now()}`);
    const p: FakePlaylist = {
      id,
      name: b.name,
      public: b.public !== false,
      description: typeof b.description === "string" ? b.description : "",
      items: [],
      batches: [],
    };
    this.playlists.set(id, p);
    c.send(201, this.#playlistObject(p));
  }

  #playlistObject(p: FakePlaylist): Record<string, unknown> {
    return {
      collaborative: false,
      description: p.description,
      external_urls: { spotify: `https://open.spotify.com/playlist/${p.id}` },
      href: `${this.apiUrl}/playlists/${p.id}`,
      id: p.id,
      images: [],
      name: p.name,
      owner: {
        external_urls: { spotify: "https://open.spotify.com/user/fakeuser" },
        href: `${this.apiUrl}/users/fakeuser`,
        id: "fakeuser",
        type: "user",
        uri: "spotify:user:fakeuser",
        display_name: "Fake User",
      },
      public: p.public,
      snapshot_id: b64url(crypto.createHash("sha256").update(p.items.join(",")).digest()).slice(0, 32),
      items: {
        href: `${this.apiUrl}/playlists/${p.id}/items`,
        items: [],
        limit: 100,
        next: null,
        offset: 0,
        previous: null,
        total: p.items.length,
      },
      type: "playlist",
      uri: `spotify:playlist:${p.id}`,
      followers: { href: null, total: 0 },
    };
  }

  #addItems(c: Ctx, id: string): void {
    const p = this.playlists.get(id);
    if (!p) return c.send(404, this.#error(404, "Not found."));
    const b = (c.body ?? {}) as { uris?: unknown };
    if (
      !Array.isArray(b.uris) ||
      b.uris.some((u) => typeof u !== "string" || !/^spotify:(track|episode):/.test(u))
    ) {
      return c.send(400, this.#error(400, "Invalid base62 id"));
    }
    if (b.uris.length > 100) return c.send(400, this.#error(400, "Too many ids requested"));
    p.items.push(...(b.uris as string[]));
    p.batches.push(b.uris.length);
    c.send(201, {
      snapshot_id: b64url(crypto.createHash("sha256").update(p.items.join(",")).digest()).slice(0, 32),
    });
  }

  #track(c: Ctx, id: string): void {
    const t = this.library.find((x) => x.id === id);
    if (!t) return c.send(404, this.#error(404, "Resource not found"));
    c.send(200, this.trackObject(t));
  }

  #audioFeatures(c: Ctx): void {
    if (!this.audioFeatures) return c.send(403, this.#error(403, "Forbidden"));
    const ids = (c.url.searchParams.get("ids") ?? "").split(",").filter(Boolean);
    if (ids.length > 100) return c.send(400, this.#error(400, "Too many ids requested"));
    const out = ids.flatMap((id) => {
      const t = this.library.find((x) => x.id === id);
      if (!t || t.tempo === null) return [];
      return [
        {
          acousticness: 0.1,
          analysis_url: `${this.apiUrl}/audio-analysis/${id}`,
          danceability: 0.7,
          duration_ms: t.durationMs,
          energy: t.energy ?? 0.5,
          id,
          instrumentalness: 0,
          key: 5,
          liveness: 0.1,
          loudness: -6.5,
          mode: 1,
          speechiness: 0.05,
          tempo: t.tempo,
          time_signature: 4,
          track_href: `${this.apiUrl}/tracks/${id}`,
          type: "audio_features",
          uri: `spotify:track:${id}`,
          valence: 0.5,
        },
      ];
    });
    c.send(200, { audio_features: out });
  }
}

interface Ctx {
  url: URL;
  body: unknown;
  send: (status: number, body?: unknown, headers?: Record<string, string>) => void;
}

/** A tiny loopback tempo provider: `GET /audio-features?ids=` answers ReccoBeats-style `{ content: [...] }`. */
export class TempoProviderFake {
  readonly requests: Array<{ ids: string[]; authorization: string | null }> = [];
  failWith: number | null = null;
  #server!: http.Server;
  url = "";

  private constructor(private readonly library: FakeTrack[]) {}

  static async start(library: FakeTrack[]): Promise<TempoProviderFake> {
    const fake = new TempoProviderFake(library);
    fake.#server = http.createServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://x");
      if (url.pathname !== "/audio-features") return void res.writeHead(404).end();
      const ids = (url.searchParams.get("ids") ?? "").split(",").filter(Boolean);
      fake.requests.push({ ids, authorization: req.headers.authorization ?? null });
      if (fake.failWith)
        return void res.writeHead(fake.failWith, { "content-type": "application/json" }).end("{}");
      const content = ids.flatMap((id) => {
        const t = fake.library.find((x) => x.id === id);
        if (!t || t.tempo === null) return [];
        return [
          {
            id: crypto.randomUUID(),
            href: `https://open.spotify.com/track/${id}`,
            tempo: t.tempo,
            energy: t.energy,
          },
        ];
      });
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ content }));
    });
    await new Promise<void>((resolve) => fake.#server.listen(0, "127.0.0.1", resolve));
    fake.url = `http://127.0.0.1:${(fake.#server.address() as AddressInfo).port}`;
    return fake;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
