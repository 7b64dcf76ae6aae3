/**
 * Keeps the screen on while a session runs (Screen Wake Lock API). The browser drops the lock whenever the page
 * is hidden, so it is asked for again on `visibilitychange` as long as the session wants it.
 */
export type WakeLockState = "off" | "on" | "unsupported" | "refused";

export class SessionWakeLock {
  state: WakeLockState = "off";
  #sentinel: WakeLockSentinel | null = null;
  #wanted = false;

  constructor(private readonly onChange: () => void) {}

  get supported(): boolean {
    return typeof navigator !== "undefined" && "wakeLock" in navigator;
  }

  /** Wants the lock from now on (re-acquired after the page was hidden). */
  async hold(): Promise<void> {
    if (this.#wanted) return;
    this.#wanted = true;
    document.addEventListener("visibilitychange", this.#onVisibility);
    await this.#acquire();
  }

  /** No longer wants the lock. */
  release(): void {
    this.#wanted = false;
    document.removeEventListener("visibilitychange", this.#onVisibility);
    const sentinel = this.#sentinel;
    this.#sentinel = null;
    void sentinel?.release().catch(() => undefined);
    this.#set("off");
  }

  #onVisibility = () => {
    if (document.visibilityState === "visible" && this.#wanted) void this.#acquire();
  };

  async #acquire(): Promise<void> {
    if (!this.supported) {
      this.#set("unsupported");
      return;
    }
    if (this.#sentinel && !this.#sentinel.released) return;
    try {
      const sentinel = await navigator.wakeLock.request("screen");
      if (!this.#wanted) {
        void sentinel.release();
        return;
      }
      this.#sentinel = sentinel;
      sentinel.addEventListener("release", () => {
        if (this.#sentinel === sentinel) this.#sentinel = null;
        if (this.#wanted && document.visibilityState === "hidden") this.#set("off");
      });
      this.#set("on");
    } catch {
      // Refused (battery saver, not visible, permissions policy): the session goes on without it.
      this.#set("refused");
    }
  }

  #set(state: WakeLockState) {
    if (this.state === state) return;
    this.state = state;
    this.onChange();
  }
}
