/**
 * What to tell a person when a music call fails, in their language: the server's error codes (docs/music.md
 * "Failures and what the person sees") mapped to the music catalog. A code this build does not know falls back to
 * the server's own (English) message, which is still actionable.
 */
import { MusicApiError } from "./api.js";
import type { ConnectOutcome } from "./connect-return.js";
import { mt, type MusicMessageKey } from "./strings.js";

const BY_CODE: Readonly<Record<string, MusicMessageKey>> = {
  offline: "music.error.offline",
  no_active_device: "music.error.noDevice",
  premium_required: "music.error.premium",
  spotify_forbidden: "music.error.forbidden",
  spotify_reconnect_required: "music.error.reconnect",
  spotify_rate_limited: "music.error.rateLimited",
  spotify_unavailable: "music.error.unavailable",
  spotify_unreachable: "music.error.unreachable",
  spotify_not_connected: "music.error.notConnected",
  spotify_not_configured: "music.error.notConfigured",
  connect_expired: "music.error.connectExpired",
  connect_other_browser: "music.error.otherBrowser",
  spotify_connect_failed: "music.settings.failed",
  nothing_to_save: "music.error.nothingToSave",
};

/** The message for a failure `code` (and the server's `message` when the code is not known here). */
export function musicErrorText(
  code: string,
  message: string,
  retryAfterSeconds: number | null = null,
): string {
  const key = BY_CODE[code];
  const text = key ? mt(key) : message;
  return retryAfterSeconds ? `${text} ${mt("music.error.retryIn", { seconds: retryAfterSeconds })}` : text;
}

/** The message for anything a music call threw. */
export function explainMusicError(err: unknown): string {
  if (err instanceof MusicApiError) return musicErrorText(err.code, err.message, err.retryAfterSeconds);
  return mt("music.error.unexpected");
}

/** What the person reads after Spotify sent them back (null: nothing to say). */
export function connectOutcomeText(back: ConnectOutcome | null): { text: string; ok: boolean } | null {
  if (back === null) return null;
  if (back.outcome === "connected") return { text: mt("music.settings.justConnected"), ok: true };
  if (back.outcome === "denied") return { text: mt("music.settings.denied"), ok: false };
  // The callback's own reasons, then the confirm endpoint's codes.
  const byReason: Readonly<Record<string, MusicMessageKey>> = {
    expired: "music.error.connectExpired",
    browser: "music.error.otherBrowser",
    not_configured: "music.error.notConfigured",
  };
  const key = back.code ? byReason[back.code] : undefined;
  if (key) return { text: mt(key), ok: false };
  if (back.code && BY_CODE[back.code])
    return { text: musicErrorText(back.code, back.message ?? ""), ok: false };
  return { text: mt("music.settings.failed"), ok: false };
}
