/**
 * A workout's version timeline for one element: a shared-schema `WorkoutHistory` that follows the live document
 * (replaying only changes it has not seen), and the server's attribution, fetched when the screen opens, after
 * changes, and every few seconds while some change is not yet confirmed by the server. The first replay runs
 * after the screen has drawn the workout, so opening a long history never delays the sets.
 */
import type { Doc } from "@automerge/automerge-repo/slim";
import type { WorkoutDoc } from "@cadence/shared-schema";
import { WorkoutHistory, type WorkoutVersion } from "@cadence/shared-schema/workout";
import type { ReactiveController, ReactiveControllerHost } from "lit";
import { fetchAttribution } from "./attribution.js";

const POLL_MS = 4000;
const AFTER_CHANGE_MS = 1200;

export class TimelineController implements ReactiveController {
  /** Oldest first; null until the first replay has run. */
  versions: readonly WorkoutVersion[] | null = null;
  /** The server could not be asked who made the changes (offline): authors are the changes' own claims. */
  serverUnreachable = false;

  readonly #host: ReactiveControllerHost;
  #history = new WorkoutHistory();
  #docId: string | null = null;
  #doc: Doc<WorkoutDoc> | null = null;
  #replayScheduled = false;
  #fetchTimer: ReturnType<typeof setTimeout> | undefined;
  #fetching = false;
  #connected = false;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    this.#connected = true;
    window.addEventListener("online", this.#onOnline);
  }

  hostDisconnected(): void {
    this.#connected = false;
    window.removeEventListener("online", this.#onOnline);
    clearTimeout(this.#fetchTimer);
  }

  /** Follows `doc` (call on every render with the live document). */
  follow(docId: string, doc: Doc<WorkoutDoc>): void {
    if (docId !== this.#docId) {
      this.#docId = docId;
      this.#history = new WorkoutHistory();
      this.versions = null;
      this.#doc = doc;
      this.#scheduleReplay();
      this.#scheduleFetch(0);
      return;
    }
    if (doc === this.#doc) return;
    this.#doc = doc;
    this.#scheduleReplay();
    this.#scheduleFetch(AFTER_CHANGE_MS);
  }

  #scheduleReplay() {
    if (this.#replayScheduled) return;
    this.#replayScheduled = true;
    // After this render: the sets are on screen before a long history is replayed.
    setTimeout(() => {
      this.#replayScheduled = false;
      if (!this.#connected || !this.#doc) return;
      const start = performance.now();
      this.versions = this.#history.update(this.#doc);
      // For the history benchmark (tests/bench/history.ts) and the browser's dev tools.
      performance.mark("cadence:timeline-replayed", {
        detail: { ms: performance.now() - start, versions: this.versions.length },
      });
      this.#host.requestUpdate();
    }, 0);
  }

  #scheduleFetch(delay: number) {
    clearTimeout(this.#fetchTimer);
    this.#fetchTimer = setTimeout(() => void this.#fetch(), delay);
  }

  async #fetch() {
    const docId = this.#docId;
    if (!docId || !this.#connected || this.#fetching) return;
    this.#fetching = true;
    try {
      const result = await fetchAttribution(docId);
      if (docId !== this.#docId || !this.#connected) return;
      this.serverUnreachable = !result.ok && result.reason === "offline";
      if (result.ok) {
        this.#history.setAttribution(result.records);
        if (this.#doc) this.versions = this.#history.update(this.#doc);
      }
      this.#host.requestUpdate();
      const unconfirmed = this.versions?.some((v) => v.author.source !== "server") ?? true;
      if (unconfirmed || !result.ok) this.#scheduleFetch(POLL_MS);
    } finally {
      this.#fetching = false;
    }
  }

  #onOnline = () => this.#scheduleFetch(0);
}
