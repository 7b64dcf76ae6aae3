// Music settings (README "Configuration"): a bring-your-own Spotify app, the optional tempo provider.

/** Where Spotify sends the browser back; the only path this server answers the callback on. */
export const SPOTIFY_CALLBACK_PATH = "/api/music/connect/callback";
export const SPOTIFY_ACCOUNTS_URL = "https://accounts.spotify.com";
export const SPOTIFY_API_URL = "https://api.spotify.com/v1";

/**
 * What we ask Spotify for: playback state and control, recently played, top tracks, playlist modification
 * (private and public, since a user may prefer public Session Mixes).
 */
export const SPOTIFY_SCOPES = [
  "user-read-playback-state",
  "user-modify-playback-state",
  "user-read-recently-played",
  "user-top-read",
  "playlist-modify-private",
  "playlist-modify-public",
] as const;

export interface SpotifyAppConfig {
  clientId: string;
  redirectUri: string;
  accountsUrl: string;
  apiUrl: string;
}

export interface TempoProviderConfig {
  /** Base URL of a Spotify-style audio-features service (`GET <url>/audio-features?ids=…`). */
  url: string;
  /** Sent as `Authorization: Bearer <key>` when set. */
  apiKey: string | null;
}

export interface MusicConfig {
  /** PUBLIC_URL without a trailing slash (where the app lives when served publicly), or null. */
  publicUrl: string | null;
  /** null: Spotify is off (`spotifyDisabledReason` says why). */
  spotify: SpotifyAppConfig | null;
  spotifyDisabledReason: string | null;
  /** Ask Spotify's legacy /audio-features (`auto`: until it answers 403/404, as it does for apps made since 2024-11-27). */
  audioFeatures: "auto" | "off";
  tempoProvider: TempoProviderConfig | null;
  /** Timeout of each request to Spotify or the tempo provider. */
  requestTimeoutMs: number;
  /** Lifetime of a connect attempt's state + PKCE verifier. */
  stateTtlMs: number;
}

const LOOPBACK_V4 = /^127(\.\d{1,3}){3}$/;

function isLoopbackIp(hostname: string): boolean {
  return LOOPBACK_V4.test(hostname) || hostname === "[::1]";
}

/** Why a redirect URI would be refused by Spotify or miss our callback route, or null when it is fine. */
export function redirectUriProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `SPOTIFY_REDIRECT_URI "${value}" is not a URL.`;
  }
  if (url.protocol === "http:") {
    if (url.hostname === "localhost") {
      return `SPOTIFY_REDIRECT_URI uses "localhost", which Spotify rejects: use the loopback IP literal instead (http://127.0.0.1:${url.port || "80"}${url.pathname}).`;
    }
    if (!isLoopbackIp(url.hostname)) {
      return "SPOTIFY_REDIRECT_URI must be https, or http on a loopback IP literal (http://127.0.0.1:PORT/… or http://[::1]:PORT/…).";
    }
  } else if (url.protocol !== "https:") {
    return "SPOTIFY_REDIRECT_URI must be an https or a loopback http URL.";
  }
  if (url.pathname !== SPOTIFY_CALLBACK_PATH || url.search || url.hash) {
    return `SPOTIFY_REDIRECT_URI must end in ${SPOTIFY_CALLBACK_PATH} (no query), which is where this server receives Spotify's answer.`;
  }
  return null;
}

/** https anywhere, plain http only on loopback (the loopback fake in tests, a local proxy). */
function serviceUrlProblem(name: string, value: string): string | null {
  try {
    const url = new URL(value);
    if (url.protocol === "https:") return null;
    if (url.protocol === "http:" && (isLoopbackIp(url.hostname) || url.hostname === "localhost")) return null;
    return `${name} must be an https URL (plain http only on loopback).`;
  } catch {
    return `${name} "${value}" is not a URL.`;
  }
}

const trimSlash = (s: string) => s.replace(/\/+$/, "");

/** True when requests to `url` may use plain http (oauth4webapi refuses it otherwise). */
export function isInsecureLoopback(url: string): boolean {
  const u = new URL(url);
  return u.protocol === "http:" && (isLoopbackIp(u.hostname) || u.hostname === "localhost");
}

export function loadMusicConfig(
  env: NodeJS.ProcessEnv,
  server: { port: number; publicUrl?: string | null },
): MusicConfig {
  const publicUrl = server.publicUrl ? trimSlash(server.publicUrl) : null;
  const base: Omit<MusicConfig, "spotify" | "spotifyDisabledReason"> = {
    publicUrl,
    audioFeatures: env.SPOTIFY_AUDIO_FEATURES === "off" ? "off" : "auto",
    tempoProvider: env.TEMPO_PROVIDER_URL
      ? { url: trimSlash(env.TEMPO_PROVIDER_URL), apiKey: env.TEMPO_PROVIDER_KEY || null }
      : null,
    requestTimeoutMs: positiveInt(env.MUSIC_REQUEST_TIMEOUT_MS, 10_000),
    stateTtlMs: 5 * 60_000,
  };
  if (base.tempoProvider) {
    const problem = serviceUrlProblem("TEMPO_PROVIDER_URL", base.tempoProvider.url);
    if (problem) throw new Error(problem);
  }
  const clientId = env.SPOTIFY_CLIENT_ID?.trim();
  if (!clientId) {
    return {
      ...base,
      spotify: null,
      spotifyDisabledReason:
        "Spotify is not set up on this server: the administrator creates a Spotify app and sets SPOTIFY_CLIENT_ID (see docs/music.md).",
    };
  }
  const redirectUri =
    env.SPOTIFY_REDIRECT_URI?.trim() ||
    (publicUrl?.startsWith("https:")
      ? `${publicUrl}${SPOTIFY_CALLBACK_PATH}`
      : `http://127.0.0.1:${server.port}${SPOTIFY_CALLBACK_PATH}`);
  const accountsUrl = trimSlash(env.SPOTIFY_ACCOUNTS_URL?.trim() || SPOTIFY_ACCOUNTS_URL);
  const apiUrl = trimSlash(env.SPOTIFY_API_URL?.trim() || SPOTIFY_API_URL);
  const problem =
    redirectUriProblem(redirectUri) ??
    serviceUrlProblem("SPOTIFY_ACCOUNTS_URL", accountsUrl) ??
    serviceUrlProblem("SPOTIFY_API_URL", apiUrl);
  if (problem) {
    return {
      ...base,
      spotify: null,
      spotifyDisabledReason: `Spotify is misconfigured on this server: ${problem}`,
    };
  }
  return { ...base, spotify: { clientId, redirectUri, accountsUrl, apiUrl }, spotifyDisabledReason: null };
}

function positiveInt(value: string | undefined, fallback: number): number {
  if (value === undefined || value === "") return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`expected a positive integer, got "${value}"`);
  return n;
}
