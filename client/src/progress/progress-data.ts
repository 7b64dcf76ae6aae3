/**
 * The Progress screen's data: the account's workout links opened as documents (from IndexedDB on this device,
 * so it works offline; a document not here yet arrives when a peer has it), the context journal, and the
 * dashboard computed from them by @cadence/shared-schema/metrics. Recomputed when any of them changes, on
 * this device or another, at most once per frame burst.
 */
import { ContextConsumer } from "@lit/context";
import type { AutomergeUrl, DocHandle, DocHandleChangePayload, Repo } from "@automerge/automerge-repo/slim";
import {
  parseDocument,
  type AccountDoc,
  type ContextJournalDoc,
  type WorkoutDoc,
} from "@cadence/shared-schema";
import { computeDashboard, metricsInputFromDocs, type Dashboard } from "@cadence/shared-schema/metrics";
import type { ReactiveController, ReactiveControllerHost, ReactiveElement } from "lit";
import { repoContext, sessionContext } from "../context.js";
import { DocController } from "../doc-controller.js";
import { localDate } from "../workout/workouts.js";

export type ProgressState = "idle" | "loading" | "ready" | "failed";

/** What the screen lists about a workout beyond its figures. */
export interface WorkoutInfo {
  readonly url: string;
  readonly title: string;
  readonly date: string;
}

const RECOMPUTE_DELAY_MS = 50;

interface Tracked {
  handle: DocHandle<WorkoutDoc> | undefined;
  doc: WorkoutDoc | undefined;
}

type AccountSlice = Pick<AccountDoc, "onboarding" | "links">;

export class ProgressController implements ReactiveController {
  state: ProgressState = "idle";
  dashboard: Dashboard | undefined;
  /** Workout documents linked from the account, and how many have been read so far. */
  linked = 0;
  read = 0;
  /** Linked documents that could not be read (a newer app version, or damaged): left out, and said so. */
  unreadable = 0;
  /** Exercise names as logged (the library's own names are preferred when it knows the id). */
  readonly exerciseNames = new Map<string, string>();
  readonly workouts = new Map<string, WorkoutInfo>();
  /**
   * Milliseconds from the first render to the first dashboard; also in the `cadence:progress-dashboard`
   * mark's detail with its parts (the benchmark reads it).
   */
  firstDashboardMs: number | null = null;

  readonly account: DocController<AccountDoc>;
  readonly #journal: DocController<ContextJournalDoc>;
  readonly #host: ReactiveControllerHost;
  readonly #repo: ContextConsumer<typeof repoContext, ReactiveElement>;
  readonly #tracked = new Map<string, Tracked>();
  #trackedRepo: Repo | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #startedAt = performance.now();
  #connected = false;
  /** The account and journal snapshots the dashboard was computed from. */
  #inputs: readonly unknown[] = [];

  constructor(host: ReactiveControllerHost & ReactiveElement) {
    this.#host = host;
    this.#repo = new ContextConsumer(host, { context: repoContext, subscribe: true });
    const session = new ContextConsumer(host, { context: sessionContext, subscribe: true });
    this.account = new DocController<AccountDoc>(
      host,
      () => ({ repo: this.#repo.value, url: session.value?.rootDocUrl }),
      (doc): AccountSlice => ({ onboarding: doc.onboarding, links: doc.links }),
    );
    this.#journal = new DocController<ContextJournalDoc>(host, () => ({
      repo: this.#repo.value,
      url: this.account.doc?.links.contextJournal ?? undefined,
    }));
    host.addController(this);
  }

  hostConnected(): void {
    this.#connected = true;
    this.#startedAt = performance.now();
  }

  hostDisconnected(): void {
    this.#connected = false;
    clearTimeout(this.#timer);
    for (const tracked of this.#tracked.values()) tracked.handle?.off("change", this.#onWorkoutChange);
    this.#tracked.clear();
    this.#trackedRepo = undefined;
  }

  hostUpdate(): void {
    this.#follow();
  }

  retry(): void {
    this.account.retry();
    this.#schedule();
  }

  /** Opens newly linked workouts; the dashboard waits until every linked document has answered once. */
  #follow(): void {
    const repo = this.#repo.value;
    const account = this.account.doc;
    if (this.account.state === "failed") {
      this.state = "failed";
      return;
    }
    if (!repo || !account) return;
    if (repo !== this.#trackedRepo) {
      this.hostDisconnected();
      this.#connected = true;
      this.#trackedRepo = repo;
    }
    const links = account.links.workouts;
    this.linked = Object.keys(links).length;
    for (const [id, link] of Object.entries(links)) {
      this.workouts.set(id, { url: link.url, title: link.title, date: link.date });
      if (this.#tracked.has(id)) continue;
      const tracked: Tracked = { handle: undefined, doc: undefined };
      this.#tracked.set(id, tracked);
      repo.find<WorkoutDoc>(link.url as AutomergeUrl, { allowableStates: ["ready", "unavailable"] }).then(
        (handle) => {
          if (this.#tracked.get(id) !== tracked) return;
          tracked.handle = handle;
          handle.on("change", this.#onWorkoutChange);
          if (handle.isReady()) tracked.doc = handle.doc();
          this.read++;
          this.#schedule();
        },
        (error: unknown) => {
          console.error("cadence: a workout could not be opened", error);
          this.read++;
          this.#schedule();
        },
      );
    }
    if (this.state === "idle") this.state = "loading";
    const changed = account !== this.#inputs[0] || this.#journal.doc !== this.#inputs[1];
    if (this.read >= this.linked && (changed || !this.dashboard)) this.#schedule();
  }

  #onWorkoutChange = ({ handle, doc }: DocHandleChangePayload<WorkoutDoc>) => {
    const tracked = this.#tracked.get(handle.documentId);
    if (tracked) tracked.doc = doc;
    this.#schedule();
  };

  #schedule(): void {
    if (!this.#connected) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#compute(), this.dashboard ? RECOMPUTE_DELAY_MS : 0);
  }

  #compute(): void {
    const account = this.account.doc;
    if (!account) return;
    if (this.read < this.linked && !this.dashboard) {
      this.#host.requestUpdate(); // the loading count moves on
      return;
    }
    const readAt = performance.now();
    const workouts: { id: string; doc: WorkoutDoc }[] = [];
    let unreadable = 0;
    for (const [id, tracked] of this.#tracked) {
      if (!tracked.doc || !(id in account.links.workouts)) continue;
      const doc = readWorkout(tracked.doc);
      if (!doc) {
        unreadable++;
        continue;
      }
      workouts.push({ id, doc });
      for (const log of Object.values(doc.log)) this.exerciseNames.set(log.exerciseId, log.exerciseName);
    }
    this.#inputs = [account, this.#journal.doc];
    const journal = this.#journal.doc ? parseDocument("contextJournal", this.#journal.doc) : null;
    this.unreadable = unreadable;
    const validatedAt = performance.now();
    const input = metricsInputFromDocs({ account, workouts, journal: journal?.ok ? journal.doc : null });
    const mappedAt = performance.now();
    this.dashboard = computeDashboard(input, { today: localDate() });
    this.state = "ready";
    if (this.firstDashboardMs === null) {
      const end = performance.now();
      this.firstDashboardMs = end - this.#startedAt;
      // Where the first dashboard's time went, for tests/bench/progress.ts (ms).
      const detail = {
        workouts: workouts.length,
        unreadable,
        openMs: readAt - this.#startedAt,
        validateMs: validatedAt - readAt,
        mapMs: mappedAt - validatedAt,
        computeMs: end - mappedAt,
        firstDashboardMs: this.firstDashboardMs,
      };
      performance.mark("cadence:progress-dashboard", { detail });
    }
    this.#host.requestUpdate();
  }
}

/** Parsed documents by the snapshot they came from: unchanged workouts are not validated again. */
const parsedWorkouts = new WeakMap<object, WorkoutDoc | null>();

function readWorkout(doc: WorkoutDoc): WorkoutDoc | null {
  let parsed = parsedWorkouts.get(doc);
  if (parsed === undefined) {
    const result = parseDocument("workout", doc);
    parsed = result.ok ? result.doc : null;
    parsedWorkouts.set(doc, parsed);
  }
  return parsed;
}
