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
/** The sync socket's close code for a session the server ended (signed out elsewhere, password reset). */
export const SESSION_ENDED_CLOSE_CODE = 4001;

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
 * Reports the close code of every sync socket that closes on its own (not one the app closed), so the app can
 * tell "the server ended this session" (4001) and "the account was deleted" (4003) from a lost connection.
 * Install on automerge-repo's WebSocketClientAdapter before it connects (before the repo or SyncStatus adds
 * it): the adapter registers its close handler when it opens each socket, so wrapping the handler covers every
 * reconnect. After 4003 the adapter does not reconnect: nothing of a deleted account is offered again.
 */
export function observeSyncSocket(adapter: { onClose: () => void }, onClosed: (code: number) => void): void {
  const original = adapter.onClose;
  let deleted = false;
  adapter.onClose = (event?: { code?: number }) => {
    const code = event?.code ?? 1006;
    if (code === ACCOUNT_DELETED_CLOSE_CODE) deleted = true;
    if (!deleted) original();
    onClosed(code);
  };
}
