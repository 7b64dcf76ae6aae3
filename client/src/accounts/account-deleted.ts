/**
 * When the account is deleted (here or on another device), this device must forget it: the server answers any
 * request with this account's cookie with 401 `account_deleted`, and closes or refuses its sync socket with
 * close code 4003. Wiping means: close the repo, delete the user's IndexedDB databases, Web Storage and caches
 * (local-data.ts), forget the remembered session and tell the other tabs.
 */
import { ApiError } from "../api.js";
import { wipeLocalData } from "../local-data.js";
import { announceLogout, forgetSession } from "../session.js";

/** The sync socket's close code for a deleted account. */
export const ACCOUNT_DELETED_CLOSE_CODE = 4003;

export function isAccountDeleted(error: unknown): boolean {
  return error instanceof ApiError && error.code === "account_deleted";
}

/**
 * Forgets everything this device holds for `userId`. `closeRepo` is the open repo's `close()` (UserRepo), so
 * IndexedDB is not held open while it is deleted. Resolves once the data is gone; never rejects.
 */
export async function wipeDeletedAccount(userId: string, closeRepo?: () => Promise<void>): Promise<void> {
  try {
    await closeRepo?.();
  } catch {
    // A repo that fails to close must not keep the data alive: delete anyway.
  }
  try {
    await wipeLocalData(userId);
  } catch (error) {
    console.error("cadence: wiping local data failed", error);
  }
  try {
    forgetSession();
  } catch {
    // Storage disabled: nothing remembered.
  }
  announceLogout(userId);
}

/**
 * Calls `onDeleted` once when the server says the account is gone: checks `/api/me` now, whenever the browser
 * comes back online or the page becomes visible, and every `intervalMs` while visible. Returns the stop function.
 * Any other answer (signed in, signed out, offline) is left to the rest of the app.
 */
export function watchAccountDeleted(onDeleted: () => void, intervalMs = 5 * 60_000): () => void {
  let stopped = false;
  let fired = false;
  const check = async () => {
    if (stopped || fired || document.visibilityState === "hidden") return;
    try {
      const res = await fetch("/api/me", {
        credentials: "same-origin",
        headers: { accept: "application/json" },
      });
      if (res.status !== 401) return;
      const body = (await res.json()) as { error?: { code?: string } };
      if (body.error?.code === "account_deleted" && !fired && !stopped) {
        fired = true;
        onDeleted();
      }
    } catch {
      // Offline: checked again on "online".
    }
  };
  const onEvent = () => void check();
  window.addEventListener("online", onEvent);
  document.addEventListener("visibilitychange", onEvent);
  const timer = setInterval(onEvent, intervalMs);
  void check();
  return () => {
    stopped = true;
    clearInterval(timer);
    window.removeEventListener("online", onEvent);
    document.removeEventListener("visibilitychange", onEvent);
  };
}

/**
 * Calls `onDeleted` when the sync socket is closed with 4003. Install on automerge-repo's
 * WebSocketClientAdapter before it connects (before the repo or SyncStatus adds it): the adapter registers its
 * close handler when it opens each socket, so wrapping the handler covers every reconnect.
 */
export function observeSyncSocket(adapter: { onClose: () => void }, onDeleted: () => void): void {
  const original = adapter.onClose;
  let fired = false;
  adapter.onClose = (event?: { code?: number }) => {
    if (event?.code === ACCOUNT_DELETED_CLOSE_CODE && !fired) {
      fired = true;
      onDeleted();
      return;
    }
    original();
  };
}
