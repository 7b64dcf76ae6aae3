// The music integration's behaviour behind /api/music: connect (code + PKCE, state and verifier server-side,
// single use), tokens sealed at rest, the Web API subset, and the Session Mix from candidates to a saved playlist.
// Spotify data goes to Spotify, to the deterministic Session Mix and to the user's own music document — never to
// the ai-worker or a model.
import crypto from "node:crypto";
import { makeEntryId, type MixMode, type MusicPhase, type SessionPlaylist } from "@cadence/shared-schema";
import {
  buildSessionMix,
  historyFromMusicDoc,
  isFallbackUri,
  lookupTrackOf,
  musicDocTempoSource,
  resolveTempos,
  withTempos,
  type CandidateTrack,
  type MixWarning,
  type MusicStatus,
  type PlaybackView,
  type PlaylistRef,
  type SessionMixBody,
  type SessionMixResult,
  type TempoSource,
} from "@cadence/shared-schema/music";

export type { MusicStatus, PlaybackView, SessionMixResult };
import type { OwnershipTable } from "../authz/ownership.js";
import type { Db } from "../db/database.js";
import { ApiError } from "../http/respond.js";
import type { Logger } from "../log.js";
import type { SyncService } from "../sync/sync-service.js";
import { SPOTIFY_SCOPES, type MusicConfig } from "./config.js";
import { musicErrors } from "./errors.js";
import { MusicDocs, type OpenedMusicDoc } from "./music-doc.js";
import { OAuthRefusedError, SpotifyOAuth } from "./oauth.js";
import { SpotifyApi } from "./spotify-api.js";
import {
  deviceView,
  trackView,
  type DeviceView,
  type SpotifyDevice,
  type SpotifyPlayback,
  type SpotifyPlaylist,
  type SpotifyTrack,
  type TrackView,
} from "./spotify-types.js";
import { MusicStore, sha256, type Sealer } from "./store.js";
import { AudioFeaturesAccess, httpTempoProvider, spotifyAudioFeaturesSource } from "./tempo-sources.js";

export const CONNECT_COOKIE = "cadence_music_connect";
export const DEFAULT_RETURN_TO = "/settings#music";
const ITEMS_BATCH = 100;
const HISTORY_LOOKUPS = 10;

export interface MusicServiceDeps {
  db: Db;
  log: Logger;
  config: MusicConfig;
  sync: SyncService;
  ownership: OwnershipTable;
  sealer: Sealer;
  /** Origins the app may be served from (the connect flow returns there). */
  allowedOrigins: readonly string[];
  publicUrl: string | null;
  count?: (kind: string, outcome: string) => void;
}

export interface PlaylistResult {
  playlist: PlaylistRef | null;
  added: number;
  error: { code: string; message: string } | null;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const errorView = (e: ApiError) => ({ code: e.code, message: e.message });

const MODE_NAMES: Readonly<Record<MixMode, string>> = {
  warmup: "Warm-up",
  full: "Session",
  cooldown: "Recovery",
};
const PHASE_SHORT: Readonly<Record<MusicPhase, string>> = {
  warmup: "warm-up",
  main: "main",
  intervals: "intervals",
  cooldown: "cool-down",
};

export class MusicService {
  readonly store: MusicStore;
  readonly docs: MusicDocs;
  readonly #oauth: SpotifyOAuth | null;
  readonly #api: SpotifyApi | null;
  readonly #features = new AudioFeaturesAccess();

  constructor(private readonly deps: MusicServiceDeps) {
    this.store = new MusicStore(deps.db, deps.sealer);
    this.docs = new MusicDocs(deps.db, deps.sync, deps.ownership, deps.log);
    const spotify = deps.config.spotify;
    this.#oauth = spotify ? new SpotifyOAuth(spotify, deps.config.requestTimeoutMs) : null;
    this.#api =
      spotify && this.#oauth
        ? new SpotifyApi(spotify, this.#oauth, this.store, deps.log, deps.config.requestTimeoutMs, deps.count)
        : null;
  }

  get api(): SpotifyApi {
    if (!this.#api)
      throw musicErrors.notConfigured(this.deps.config.spotifyDisabledReason ?? "Spotify is off.");
    return this.#api;
  }

  #oauthClient(): SpotifyOAuth {
    if (!this.#oauth)
      throw musicErrors.notConfigured(this.deps.config.spotifyDisabledReason ?? "Spotify is off.");
    return this.#oauth;
  }

  status(userId: string): MusicStatus {
    const c = this.deps.config;
    const found = this.store.tokens(userId);
    const sources = [
      ...(c.spotify && c.audioFeatures === "auto" && this.#features.available ? ["spotify"] : []),
      ...(c.tempoProvider ? ["provider"] : []),
      "user",
      "file",
    ];
    return {
      configured: c.spotify !== null,
      reason: c.spotifyDisabledReason,
      connected: c.spotify !== null && found?.tokens != null,
      needsReconnect: found !== null && found.tokens === null,
      scopes: found?.tokens ? found.row.scope.split(" ").filter(Boolean) : [],
      connectedAt: found ? iso(found.row.connectedAt) : null,
      redirectUri: c.spotify?.redirectUri ?? null,
      tempoSources: sources,
    };
  }

  // ------------------------------------------------------------------------------------------------ connect

  /** The app's origin for this request (allow-listed) and a safe path on it. */
  landing(origin: string | undefined, returnTo: string | undefined): { appOrigin: string; returnTo: string } {
    const fallback = this.deps.publicUrl
      ? new URL(this.deps.publicUrl).origin
      : (this.deps.allowedOrigins[0] ?? "");
    const appOrigin = origin && this.deps.allowedOrigins.includes(origin) ? origin : fallback;
    const safe = returnTo && /^\/(?![/\\])[^\s\\]*$/.test(returnTo) ? returnTo : DEFAULT_RETURN_TO;
    return { appOrigin, returnTo: safe };
  }

  async connectStart(
    userId: string,
    origin: string | undefined,
    returnTo: string | undefined,
  ): Promise<{ authorizeUrl: string; browserSecret: string; expiresAt: number }> {
    const client = this.#oauthClient();
    const { state, codeVerifier, authorizeUrl } = await client.begin();
    const browserSecret = crypto.randomBytes(32).toString("base64url");
    const expiresAt = Date.now() + this.deps.config.stateTtlMs;
    this.store.saveState(state, {
      userId,
      browserHash: sha256(browserSecret),
      codeVerifier,
      ...this.landing(origin, returnTo),
      expiresAt,
    });
    return { authorizeUrl, browserSecret, expiresAt };
  }

  /**
   * Spotify's redirect. Returns where to send the browser. Finishes at once when the browser that started is
   * recognised (its cookie); otherwise parks the code for the app to confirm from its own origin.
   */
  async connectCallback(query: URLSearchParams, browserSecret: string | undefined): Promise<string> {
    const fallback = this.landing(undefined, undefined);
    const to = (l: { appOrigin: string; returnTo: string }, params: Record<string, string>) => {
      const url = new URL(l.returnTo, l.appOrigin);
      for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
      return url.toString();
    };
    const state = query.get("state") ?? "";
    const pending = state ? this.store.peekState(state) : null;
    if (!this.#oauth) return to(fallback, { spotify: "error", reason: "not_configured" });
    if (!pending) return to(fallback, { spotify: "error", reason: "expired" });
    if (query.get("error")) {
      this.store.consumeState(state);
      return to(pending, {
        spotify: query.get("error") === "access_denied" ? "denied" : "error",
        reason: "spotify",
      });
    }
    if (browserSecret !== undefined) {
      if (!sha256(browserSecret).equals(pending.browserHash)) {
        this.store.consumeState(state);
        return to(pending, { spotify: "error", reason: "browser" });
      }
      if (!this.store.consumeState(state)) return to(pending, { spotify: "error", reason: "expired" });
      try {
        await this.#finish(pending.userId, query, state, pending.codeVerifier);
        return to(pending, { spotify: "connected" });
      } catch (err) {
        this.deps.log.warn("spotify connect failed", { err: String(err) });
        return to(pending, { spotify: "error", reason: "exchange" });
      }
    }
    const code = query.get("code");
    if (!code || !this.store.parkCode(state, code)) {
      this.store.consumeState(state);
      return to(pending, { spotify: "error", reason: "expired" });
    }
    return to(pending, { spotify: "confirm", state });
  }

  /** The app confirms a parked connect from the browser (session + cookie) that started it. */
  async connectConfirm(
    userId: string,
    state: string,
    browserSecret: string | undefined,
  ): Promise<MusicStatus> {
    this.#oauthClient();
    const pending = this.store.peekState(state);
    if (!pending || pending.userId !== userId || pending.code === null) {
      throw new ApiError(
        400,
        "connect_expired",
        "This Spotify connection attempt expired or was already used. Connect again.",
      );
    }
    if (browserSecret === undefined || !sha256(browserSecret).equals(pending.browserHash)) {
      throw new ApiError(
        403,
        "connect_other_browser",
        "Finish connecting Spotify in the browser where you started it.",
      );
    }
    if (!this.store.consumeState(state)) {
      throw new ApiError(
        400,
        "connect_expired",
        "This Spotify connection attempt expired or was already used. Connect again.",
      );
    }
    try {
      await this.#finish(
        userId,
        new URLSearchParams({ code: pending.code, state }),
        state,
        pending.codeVerifier,
      );
    } catch (err) {
      this.deps.log.warn("spotify connect failed", { err: String(err) });
      throw new ApiError(
        502,
        "spotify_connect_failed",
        err instanceof OAuthRefusedError
          ? `Spotify did not accept the connection (${err.oauthError}). Connect again.`
          : "Spotify could not be reached to finish connecting. Connect again in a minute.",
      );
    }
    return this.status(userId);
  }

  async #finish(userId: string, query: URLSearchParams, state: string, verifier: string): Promise<void> {
    const tokens = await this.#oauthClient().exchange(query, state, verifier);
    this.store.saveTokens(userId, tokens);
    // The music document is where feedback and Session Mixes go: make sure it exists.
    await this.docs.ensure(userId).catch(() => null);
  }

  /**
   * Spotify has no token revocation endpoint: disconnecting deletes our tokens (so nothing here can act for the
   * user again) and tells the user to remove the app at spotify.com/account/apps to revoke the grant itself.
   */
  disconnect(userId: string): { deleted: boolean } {
    const r = this.store.deleteUser(userId);
    return { deleted: r.connections > 0 };
  }

  deleteForUser(userId: string): void {
    this.store.deleteUser(userId);
  }

  /** The GDPR export's `integrations` rows (the export's columns: provider, connectedAt, scopes, status). No secrets. */
  exportRows(userId: string): Array<Record<string, string | number | boolean | null>> {
    const found = this.store.tokens(userId);
    if (!found) return [];
    return [
      {
        provider: "spotify",
        connectedAt: iso(found.row.connectedAt),
        scopes: found.row.scope,
        status: found.tokens ? "connected" : "reconnect",
      },
    ];
  }

  // ------------------------------------------------------------------------------------------- Web API subset

  async recentlyPlayed(userId: string, limit = 50): Promise<Array<TrackView & { playedAt: string }>> {
    const res = await this.api.call<{ items?: Array<{ track?: SpotifyTrack; played_at?: string }> }>(
      userId,
      "GET",
      "/me/player/recently-played",
      { query: { limit }, kind: "library" },
    );
    const out: Array<TrackView & { playedAt: string }> = [];
    for (const item of res.body?.items ?? []) {
      const t = trackView(item.track);
      if (t && typeof item.played_at === "string") out.push({ ...t, playedAt: item.played_at });
    }
    return out;
  }

  async topTracks(
    userId: string,
    timeRange: "short_term" | "medium_term" | "long_term" = "medium_term",
    limit = 50,
  ): Promise<Array<TrackView & { rank: number }>> {
    const res = await this.api.call<{ items?: SpotifyTrack[] }>(userId, "GET", "/me/top/tracks", {
      query: { time_range: timeRange, limit },
      kind: "library",
    });
    const out: Array<TrackView & { rank: number }> = [];
    (res.body?.items ?? []).forEach((item, rank) => {
      const t = trackView(item);
      if (t) out.push({ ...t, rank });
    });
    return out;
  }

  async devices(userId: string): Promise<DeviceView[]> {
    const res = await this.api.call<{ devices?: SpotifyDevice[] }>(userId, "GET", "/me/player/devices", {
      kind: "player",
    });
    return (res.body?.devices ?? []).map(deviceView);
  }

  async playback(userId: string): Promise<PlaybackView> {
    const res = await this.api.call<SpotifyPlayback>(userId, "GET", "/me/player", { kind: "player" });
    const p = res.status === 204 ? null : res.body;
    if (!p)
      return {
        active: false,
        isPlaying: false,
        progressMs: null,
        device: null,
        track: null,
        contextUri: null,
      };
    return {
      active: true,
      isPlaying: p.is_playing === true,
      progressMs: typeof p.progress_ms === "number" ? p.progress_ms : null,
      device: p.device ? deviceView(p.device) : null,
      track: trackView(p.item ?? null),
      contextUri: typeof p.context?.uri === "string" ? p.context.uri : null,
    };
  }

  async play(
    userId: string,
    body: { deviceId?: string; contextUri?: string; uris?: string[]; offsetUri?: string },
  ): Promise<void> {
    const payload: Record<string, unknown> = {};
    if (body.contextUri) payload.context_uri = body.contextUri;
    if (body.uris) payload.uris = body.uris;
    if (body.offsetUri && (body.contextUri || body.uris)) payload.offset = { uri: body.offsetUri };
    await this.api.call(userId, "PUT", "/me/player/play", {
      query: { device_id: body.deviceId },
      body: Object.keys(payload).length ? payload : undefined,
      kind: "player",
    });
  }

  async pause(userId: string, deviceId?: string): Promise<void> {
    await this.api.call(userId, "PUT", "/me/player/pause", {
      query: { device_id: deviceId },
      kind: "player",
    });
  }

  async next(userId: string, deviceId?: string): Promise<void> {
    await this.api.call(userId, "POST", "/me/player/next", {
      query: { device_id: deviceId },
      kind: "player",
    });
  }

  async transfer(userId: string, deviceId: string, play?: boolean): Promise<void> {
    await this.api.call(userId, "PUT", "/me/player", {
      body: { device_ids: [deviceId], ...(play === undefined ? {} : { play }) },
      kind: "player",
    });
  }

  /** `POST /me/playlists`, then the items in batches of ≤ 100. A failed batch keeps what was added. */
  async createPlaylist(
    userId: string,
    p: { name: string; description?: string; public?: boolean; uris: readonly string[] },
  ): Promise<PlaylistResult> {
    const created = await this.api.call<SpotifyPlaylist>(userId, "POST", "/me/playlists", {
      body: { name: p.name, public: p.public ?? false, description: p.description ?? "" },
      kind: "playlist",
    });
    const id = created.body?.id;
    if (typeof id !== "string") throw musicErrors.badRequest("the new playlist has no id");
    const playlist = {
      id,
      uri: created.body?.uri ?? `spotify:playlist:${id}`,
      url: created.body?.external_urls?.spotify ?? null,
      name: p.name,
    };
    let added = 0;
    for (let i = 0; i < p.uris.length; i += ITEMS_BATCH) {
      const batch = p.uris.slice(i, i + ITEMS_BATCH);
      try {
        await this.api.call(userId, "POST", `/playlists/${encodeURIComponent(id)}/items`, {
          body: { uris: batch },
          kind: "playlist",
        });
        added += batch.length;
      } catch (err) {
        if (err instanceof ApiError) return { playlist, added, error: errorView(err) };
        throw err;
      }
    }
    return { playlist, added, error: null };
  }

  // -------------------------------------------------------------------------------------------- feedback

  async feedback(
    userId: string,
    f: {
      trackUri: string;
      action: "skip" | "like" | "complete";
      phase?: MusicPhase | null;
      workoutUrl?: string | null;
    },
  ): Promise<{ id: string; musicDocUrl: string }> {
    const opened = await this.docs.ensure(userId);
    const entry = {
      id: makeEntryId(),
      trackUri: f.trackUri,
      action: f.action,
      phase: f.phase ?? null,
      workoutUrl: f.workoutUrl ?? null,
      at: new Date().toISOString(),
    };
    if (!opened || !(await this.docs.recordFeedback(opened, entry))) throw musicDocUnavailable();
    return { id: entry.id, musicDocUrl: opened.url };
  }

  // ------------------------------------------------------------------------------------------- Session Mix

  async sessionMix(userId: string, body: SessionMixBody): Promise<SessionMixResult> {
    const api = this.api;
    const warnings: MixWarning[] = [];
    const soft = (what: string, timeRange: "short_term" | "medium_term") => (err: unknown) => {
      if (
        err instanceof ApiError &&
        (err.code === "spotify_forbidden" ||
          err.code === "spotify_not_found" ||
          err.code === "spotify_bad_request")
      ) {
        warnings.push({
          code: "top_tracks_unavailable",
          timeRange,
          message: `${what} could not be read (${err.message})`,
        });
        return [];
      }
      throw err;
    };
    const [recent, topShort, topMedium] = await Promise.all([
      this.recentlyPlayed(userId, 50),
      this.topTracks(userId, "short_term", 50).catch(soft("Your top tracks (last 4 weeks)", "short_term")),
      this.topTracks(userId, "medium_term", 50).catch(soft("Your top tracks (last 6 months)", "medium_term")),
    ]);
    const candidates: CandidateTrack[] = [];
    const fromView = (t: TrackView, extra: Partial<CandidateTrack>): CandidateTrack => ({
      uri: t.uri,
      name: t.name,
      artists: t.artists,
      durationMs: t.durationMs,
      explicit: t.explicit,
      source: "recent",
      lastPlayedAt: null,
      topRank: null,
      bpm: null,
      tempoSource: null,
      energy: null,
      ...extra,
    });
    for (const t of recent)
      candidates.push(fromView(t, { source: "recent", lastPlayedAt: Date.parse(t.playedAt) || null }));
    for (const t of topShort) candidates.push(fromView(t, { source: "top", topRank: t.rank }));
    for (const t of topMedium)
      candidates.push(fromView(t, { source: "top", topRank: Math.min(49, t.rank + 10) }));

    const opened: OpenedMusicDoc | null = await this.docs.ensure(userId).catch(() => null);
    if (!opened)
      warnings.push({
        code: "history_unavailable",
        message: "Your music history is not available on the server yet, so this mix does not use it.",
      });
    const history = opened ? historyFromMusicDoc(opened.doc) : null;

    // Tracks liked or finished in past workouts that are not in recent listening: fetched one by one (Spotify
    // removed batch lookups), a few at most.
    if (opened && history) {
      const known = new Set(candidates.map((c) => c.uri));
      const favourites = [...history.feedback.entries()]
        .filter(
          ([uri, c]) =>
            uri.startsWith("spotify:track:") && !known.has(uri) && c.likes + c.completes > c.skips,
        )
        .sort(
          (a, b) =>
            b[1].likes * 2 + b[1].completes - (a[1].likes * 2 + a[1].completes) || (a[0] < b[0] ? -1 : 1),
        )
        .slice(0, HISTORY_LOOKUPS);
      for (const [uri] of favourites) {
        try {
          const res = await api.call<SpotifyTrack>(
            userId,
            "GET",
            `/tracks/${uri.slice("spotify:track:".length)}`,
            { kind: "track" },
          );
          const t = trackView(res.body);
          if (t) candidates.push(fromView(t, { source: "history" }));
        } catch (err) {
          if (err instanceof ApiError && err.status === 429) break;
          if (
            !(err instanceof ApiError) ||
            (err.code !== "spotify_not_found" && err.code !== "spotify_bad_request")
          )
            throw err;
        }
      }
    }

    // Tempo chain.
    const sources: TempoSource[] = [];
    if (this.deps.config.audioFeatures === "auto")
      sources.push(spotifyAudioFeaturesSource(api, userId, this.#features));
    if (this.deps.config.tempoProvider)
      sources.push(httpTempoProvider(this.deps.config.tempoProvider, this.deps.config.requestTimeoutMs));
    sources.push(
      musicDocTempoSource(opened?.doc.tempos, "user"),
      musicDocTempoSource(opened?.doc.tempos, "file"),
    );
    const unique = new Map(candidates.map((c) => [c.uri, c]));
    const { tempos, report } = await resolveTempos([...unique.values()].map(lookupTrackOf), sources);
    for (const r of report) {
      if (r.error)
        warnings.push({
          code: "tempo_source_failed",
          source: r.kind,
          message: `Tempo source "${r.kind}" failed: ${r.error}`,
        });
    }

    const now = Date.now();
    const mix = buildSessionMix({
      mode: body.mode,
      phases: body.phases ?? null,
      bpmTargets: opened?.doc.bpmTargets ?? null,
      signals: body.signals ?? null,
      candidates: withTempos(candidates, tempos),
      history,
      options: {
        now,
        bpmMatching: opened?.bpmMatching ?? true,
        allowExplicit: opened?.doc.preferences.allowExplicit ?? true,
      },
    });
    const result: SessionMixResult = {
      mix,
      playlist: null,
      tracksAdded: 0,
      notOnSpotify: mix.totals.fromFallback,
      playlistError: null,
      recorded: false,
      musicDocUrl: opened?.url ?? null,
      tempoSources: report,
      warnings,
    };
    if (body.save === false) return result;

    const name =
      body.name ?? `Cadence ${MODE_NAMES[body.mode]} · ${new Date(now).toISOString().slice(0, 10)}`;
    const uris = mix.phases.flatMap((p) =>
      p.tracks.filter((t) => t.onSpotify && !isFallbackUri(t.uri)).map((t) => t.uri),
    );
    if (uris.length === 0) {
      result.playlistError = {
        code: "nothing_to_save",
        message:
          "None of the tracks in this mix are on Spotify (only generated beats), so no Spotify playlist was made. Play it in Cadence.",
      };
    } else {
      const description =
        "Session Mix by Cadence: " +
        mix.phases.map((p) => `${PHASE_SHORT[p.kind]} ${p.range.min}–${p.range.max} BPM`).join(" → ") +
        ".";
      try {
        const created = await this.createPlaylist(userId, {
          name,
          description,
          public: opened?.doc.preferences.playlistVisibility === "public",
          uris,
        });
        result.playlist = created.playlist;
        result.tracksAdded = created.added;
        result.playlistError = created.error;
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        result.playlistError = errorView(err);
      }
    }
    if (opened) {
      const entry: SessionPlaylist = {
        id: makeEntryId(),
        name: name.slice(0, 100),
        mode: body.mode,
        workoutUrl: body.workoutUrl ?? null,
        spotifyPlaylistId: result.playlist?.id ?? null,
        tracks: mix.phases
          .flatMap((p) => p.tracks.map((t) => ({ uri: t.uri, phase: p.kind, bpm: t.bpm })))
          .slice(0, 500),
        createdAt: new Date(now).toISOString(),
      };
      result.recorded = await this.docs.recordPlaylist(opened, entry);
    }
    return result;
  }

  /** The scopes this build asks for (docs/music.md). */
  static readonly scopes = SPOTIFY_SCOPES;
}

export function musicDocUnavailable(): ApiError {
  return new ApiError(
    503,
    "music_document_unavailable",
    "Your music data is not available on the server yet. Open Cadence while online so it can sync, then try again.",
  );
}
