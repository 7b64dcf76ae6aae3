/**
 * The signed-in session as this device remembers it, so the app can open the user's local data while the
 * server is unreachable, and the signal that tells the user's other tabs about a logout.
 */
import { parseSession, type Session } from "./api.js";

const STORAGE_KEY = "cadence.session";
const CHANNEL = "cadence-session";

export function rememberSession(session: Session): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  } catch {
    // Storage full or disabled: offline start is then unavailable, everything else still works.
  }
}

export function rememberedSession(): Session | undefined {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    return stored === null ? undefined : parseSession(JSON.parse(stored));
  } catch {
    return undefined;
  }
}

export function forgetSession(): void {
  localStorage.removeItem(STORAGE_KEY);
}

type SessionSignal = { type: "logged-out"; userId: string };

export function announceLogout(userId: string): void {
  const channel = new BroadcastChannel(CHANNEL);
  channel.postMessage({ type: "logged-out", userId } satisfies SessionSignal);
  channel.close();
}

/** Calls `onLogout` when another tab logs `userId` out; returns the unsubscribe function. */
export function watchLogoutElsewhere(userId: string, onLogout: () => void): () => void {
  const channel = new BroadcastChannel(CHANNEL);
  channel.onmessage = (event: MessageEvent<SessionSignal>) => {
    if (event.data.type === "logged-out" && event.data.userId === userId) onLogout();
  };
  return () => channel.close();
}
