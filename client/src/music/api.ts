/**
 * The sync server's /api/music endpoints (docs/api.md "Music"), same-origin with the session cookie. Errors come
 * back as MusicApiError with the server's actionable code (no_active_device, premium_required, …).
 */
import type {
  DeviceView,
  MusicStatus,
  PlaybackView,
  SessionMixBody,
  SessionMixResult,
  TrackView,
} from "@cadence/shared-schema/music";

export type { DeviceView, MusicStatus, PlaybackView, SessionMixResult, TrackView };

export class MusicApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** From Retry-After on 429s. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = "MusicApiError";
  }
}

async function call<T>(method: "GET" | "POST", path: string, body?: object): Promise<T> {
  const init: RequestInit = { method, credentials: "same-origin", headers: { accept: "application/json" } };
  if (method === "POST") {
    init.headers = { accept: "application/json", "content-type": "application/json" };
    init.body = JSON.stringify(body ?? {});
  }
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch {
    throw new MusicApiError(
      0,
      "offline",
      "Cadence cannot reach its server right now. Try again when you are online.",
    );
  }
  if (res.status === 204) return undefined as T;
  let json: unknown = undefined;
  try {
    json = await res.json();
  } catch {
    json = undefined;
  }
  if (res.ok) return json as T;
  const error = (json as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  const retry = Number(res.headers.get("retry-after"));
  throw new MusicApiError(
    res.status,
    typeof error?.code === "string" ? error.code : `http_${res.status}`,
    typeof error?.message === "string" ? error.message : res.statusText,
    Number.isFinite(retry) && retry > 0 ? retry : null,
  );
}

export const musicApi = {
  status: () => call<MusicStatus>("GET", "/api/music/status"),
  connectStart: (returnTo?: string) =>
    call<{ authorizeUrl: string; expiresAt: string }>(
      "POST",
      "/api/music/connect/start",
      returnTo ? { returnTo } : {},
    ),
  connectConfirm: (state: string) => call<MusicStatus>("POST", "/api/music/connect/confirm", { state }),
  disconnect: () => call<{ disconnected: boolean; note: string }>("POST", "/api/music/disconnect"),
  recentlyPlayed: (limit = 20) =>
    call<{ tracks: Array<TrackView & { playedAt: string }> }>(
      "GET",
      `/api/music/recently-played?limit=${limit}`,
    ),
  devices: () => call<{ devices: DeviceView[]; activeDevice: boolean }>("GET", "/api/music/devices"),
  playback: () => call<PlaybackView>("GET", "/api/music/playback"),
  play: (body: { deviceId?: string; contextUri?: string; uris?: string[]; offsetUri?: string } = {}) =>
    call<void>("POST", "/api/music/play", body),
  pause: (deviceId?: string) => call<void>("POST", "/api/music/pause", deviceId ? { deviceId } : {}),
  next: (deviceId?: string) => call<void>("POST", "/api/music/next", deviceId ? { deviceId } : {}),
  transfer: (deviceId: string, play?: boolean) =>
    call<void>("POST", "/api/music/transfer", play === undefined ? { deviceId } : { deviceId, play }),
  feedback: (body: {
    trackUri: string;
    action: "skip" | "like" | "complete";
    phase?: string | null;
    workoutUrl?: string | null;
  }) => call<{ id: string; musicDocUrl: string }>("POST", "/api/music/feedback", body),
  sessionMix: (body: SessionMixBody) => call<SessionMixResult>("POST", "/api/music/session-mix", body),
  musicDocument: () => call<{ musicDocUrl: string }>("POST", "/api/music/document"),
};
