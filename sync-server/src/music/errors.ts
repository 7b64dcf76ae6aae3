// Every way talking to Spotify can fail, as an actionable `{ error: { code, message } }`.
import { ApiError } from "../http/respond.js";

export const musicErrors = {
  notConfigured: (reason: string) => new ApiError(503, "spotify_not_configured", reason),
  notConnected: () =>
    new ApiError(
      409,
      "spotify_not_connected",
      "Spotify is not connected. Connect it in Settings → Music & Playback.",
    ),
  reconnect: () =>
    new ApiError(
      409,
      "spotify_reconnect_required",
      "Spotify no longer accepts this connection (it was revoked or expired). Connect Spotify again in Settings → Music & Playback.",
    ),
  noActiveDevice: () =>
    new ApiError(
      409,
      "no_active_device",
      "No Spotify device is active. Open Spotify on your phone, computer or speaker (play anything for a second), then try again.",
    ),
  premiumRequired: () =>
    new ApiError(
      403,
      "premium_required",
      "Controlling playback needs Spotify Premium. Your playlists are still saved in your Spotify library: play them from the Spotify app.",
    ),
  forbidden: (detail: string) =>
    new ApiError(
      403,
      "spotify_forbidden",
      `Spotify refused this (${detail}). If this installation's Spotify app is in development mode, the administrator must add your Spotify account to its user list (at most 5 users); otherwise connect again to grant the missing permission.`,
    ),
  rateLimited: (seconds: number) =>
    new ApiError(
      429,
      "spotify_rate_limited",
      `Spotify asks us to slow down. Try again in ${seconds} second${seconds === 1 ? "" : "s"}.`,
      { "retry-after": String(seconds) },
    ),
  unavailable: (status: number) =>
    new ApiError(
      502,
      "spotify_unavailable",
      `Spotify is having trouble right now (HTTP ${status}). Try again in a minute; nothing was lost.`,
    ),
  unreachable: () =>
    new ApiError(
      504,
      "spotify_unreachable",
      "Spotify did not answer in time. Check the connection and try again.",
    ),
  notFound: (what: string) => new ApiError(404, "spotify_not_found", `Spotify does not know ${what}.`),
  badRequest: (detail: string) =>
    new ApiError(
      502,
      "spotify_bad_request",
      `Spotify did not accept the request (${detail}). Try again; if it keeps happening, report it.`,
    ),
};
