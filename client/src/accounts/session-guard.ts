/**
 * Whether this device's session still stands. It can end elsewhere: another device signs it out (Settings →
 * Privacy & Account), a password reset or an email verification ends the user's other sessions, or the account
 * is deleted. This device learns it on its next contact with the server:
 *
 * - its sync socket is closed with 4001 (session ended) or 4003 (account deleted), or a reconnect is refused
 *   (a refused upgrade looks like a lost connection to a browser, so then /api/me is asked);
 * - `/api/me` answers 401 (`account_deleted` for a deleted account): asked now, when the browser comes back
 *   online, when the page becomes visible again, and every few minutes while it is.
 *
 * Anything else (signed in, offline, the server down) leaves the device as it is.
 */
import { ACCOUNT_DELETED_CLOSE_CODE, SESSION_ENDED_CLOSE_CODE } from "./account-deleted.js";

export interface SessionEnded {
  /** The session was signed out on the server; the account still exists. */
  signedOut(): void;
  /** The account was deleted (here or on another device): this device must forget it. */
  deleted(): void;
}

/** A lost connection is retried every few seconds; /api/me is asked about it at most this often. */
const LOST_CONNECTION_CHECK_MS = 15_000;

export class SessionGuard {
  readonly #on: SessionEnded;
  readonly #intervalMs: number;
  #timer: ReturnType<typeof setInterval> | undefined;
  #ended = false;
  #stopped = false;
  #lastLostCheck = 0;
  #listening = false;

  constructor(on: SessionEnded, intervalMs = 5 * 60_000) {
    this.#on = on;
    this.#intervalMs = intervalMs;
  }

  /** Listens for the moments worth asking the server (online again, visible again, every few minutes). */
  start(): void {
    if (this.#stopped || this.#listening) return;
    this.#listening = true;
    window.addEventListener("online", this.#onEvent);
    document.addEventListener("visibilitychange", this.#onEvent);
    this.#timer = setInterval(this.#onEvent, this.#intervalMs);
  }

  /** Reports nothing more. */
  stop(): void {
    this.#stopped = true;
    if (!this.#listening) return;
    this.#listening = false;
    clearInterval(this.#timer);
    window.removeEventListener("online", this.#onEvent);
    document.removeEventListener("visibilitychange", this.#onEvent);
  }

  /** For observeSyncSocket: the code of each sync socket that closed on its own. */
  readonly socketClosed = (code: number): void => {
    if (code === ACCOUNT_DELETED_CLOSE_CODE) return this.#end("deleted");
    if (code === SESSION_ENDED_CLOSE_CODE) return void this.check();
    if (code === 1000) return;
    const now = Date.now();
    if (now - this.#lastLostCheck < LOST_CONNECTION_CHECK_MS) return;
    this.#lastLostCheck = now;
    void this.check();
  };

  /** Asks the server whether this session still stands; never rejects. */
  async check(): Promise<void> {
    if (this.#stopped || this.#ended) return;
    try {
      const res = await fetch("/api/me", {
        credentials: "same-origin",
        headers: { accept: "application/json" },
      });
      if (res.status !== 401) return;
      const body = (await res.json().catch(() => ({}))) as { error?: { code?: string } };
      this.#end(body.error?.code === "account_deleted" ? "deleted" : "signedOut");
    } catch {
      // Offline: asked again on "online".
    }
  }

  readonly #onEvent = (): void => {
    if (document.visibilityState !== "hidden") void this.check();
  };

  #end(how: keyof SessionEnded): void {
    if (this.#stopped || this.#ended) return;
    this.#ended = true;
    this.stop();
    this.#on[how]();
  }
}
