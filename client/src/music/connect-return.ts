/**
 * Back from Spotify's consent screen: the server sent the browser to the app with `?spotify=…`. When the
 * callback could not recognise this browser (the app runs on another origin than the redirect URI, e.g.
 * localhost vs 127.0.0.1), it asks the app to confirm (`?spotify=confirm&state=…`): this does it, from the
 * browser that started, and removes the parameters from the address bar.
 */
import { MusicApiError, musicApi } from "./api.js";

export type ConnectOutcome =
  | { outcome: "connected" }
  | { outcome: "denied" }
  /** `code`: the server's error code, or the callback's `reason` (expired, browser, exchange, not_configured). */
  | { outcome: "error"; code: string | null; message: string | null };

/** Whether the address carries Spotify's answer for the app to finish. */
export function hasSpotifyReturn(location: Location = window.location): boolean {
  return new URL(location.href).searchParams.has("spotify");
}

export async function completeSpotifyReturn(
  location: Location = window.location,
): Promise<ConnectOutcome | null> {
  const url = new URL(location.href);
  const result = url.searchParams.get("spotify");
  if (!result) return null;
  const state = url.searchParams.get("state");
  const reason = url.searchParams.get("reason");
  for (const key of ["spotify", "state", "reason"]) url.searchParams.delete(key);
  history.replaceState(history.state, "", url.pathname + url.search + url.hash);
  if (result === "connected") return { outcome: "connected" };
  if (result === "denied") return { outcome: "denied" };
  if (result === "confirm" && state) {
    try {
      await musicApi.connectConfirm(state);
      return { outcome: "connected" };
    } catch (err) {
      return err instanceof MusicApiError
        ? { outcome: "error", code: err.code, message: err.message }
        : { outcome: "error", code: null, message: null };
    }
  }
  return { outcome: "error", code: reason, message: null };
}

/** Starts connecting: the server prepares state and PKCE, the browser goes to Spotify. */
export async function startSpotifyConnect(returnTo: string = window.location.pathname): Promise<void> {
  const { authorizeUrl } = await musicApi.connectStart(returnTo);
  window.location.assign(authorizeUrl);
}
