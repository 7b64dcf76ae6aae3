/**
 * The workout player's state for one element: which workout (a route's id, else today's from the account's
 * links), the live document, the set in focus, the rest / work countdown, cues, the wake lock, earlier workouts
 * for "last time" and PRs, and every action of the player as a workout operation from
 * `@cadence/shared-schema/workout`, applied with `handle.change(op.apply, op.options)`.
 *
 * Persistence: the repo writes every change to IndexedDB at once (`saveDebounceRate: 0`), and repo.ts flushes
 * on `pagehide` / `visibilitychange`; a logged set is one change, so it is on disk by the time the tap's
 * handler returns to the event loop.
 *
 * Cost per tap: the host renders after the change, before the browser commits it to IndexedDB, so what a render
 * reads is derived once per document (Automerge documents are immutable: a new object is a new version) and
 * kept: the session view, "last time", the summary, substitutes. Earlier workouts are mapped to metrics records
 * once when loaded. Running clocks update themselves (`cad-clock`); the tick here only ends countdowns.
 */
import { ContextConsumer } from "@lit/context";
import type { DocHandle, Repo } from "@automerge/automerge-repo/slim";
import type { AccountDoc, SetTarget, WorkoutDoc, WorkoutPhase } from "@cadence/shared-schema";
import { workoutRecordFromDoc, type WorkoutRecord } from "@cadence/shared-schema/metrics";
import { EXERCISE_LIBRARY } from "@cadence/shared-schema/plan";
import { profileFromAccount } from "@cadence/shared-schema/requests";
import {
  addExercise,
  addSet,
  editTarget,
  findSet,
  finishWorkout,
  logSet,
  pauseWorkout,
  previousPerformance,
  removeSet,
  resumeWorkout,
  sessionTiming,
  sessionView,
  startWorkout,
  suggestSubstitutes,
  swapExercise,
  unlogSet,
  workoutSummary,
  WorkoutOpError,
  type EditContext,
  type ExerciseView,
  type PreviousPerformance,
  type SessionView,
  type SetValues,
  type SetView,
  type Substitute,
  type WorkoutChange,
  type WorkoutEntry,
  type WorkoutSummary,
} from "@cadence/shared-schema/workout";
import type { ReactiveController, ReactiveControllerHost, ReactiveElement } from "lit";
import { repoContext, sessionContext, unitsContext } from "../context.js";
import { DocController } from "../doc-controller.js";
import { DEFAULT_UNITS, type Units } from "../format.js";
import { currentLocale } from "../i18n/index.js";
import { feedbackRequestChange } from "../plan/cad-coach-feedback.js";
import {
  adjustCountdown,
  isOver,
  leftMs,
  loadCountdown,
  pauseCountdown,
  resumeCountdown,
  saveCountdown,
  startCountdown,
  type Countdown,
} from "./countdown.js";
import { Cues, loadCueSwitches, saveCueSwitches, type CueSwitches } from "./cues.js";
import { SessionWakeLock } from "./wake-lock.js";
import {
  listWorkouts,
  loadWorkouts,
  prepareForWriting,
  setLinkStatus,
  startEmptyWorkout,
  todayWorkoutUrl,
  workoutIdOf,
  workoutUrlOf,
} from "./workouts.js";

/** Rest after a set whose target names none. */
export const DEFAULT_REST_SEC = 90;
const TICK_MS = 250;
const PREVIOUS_WORKOUTS = 30;

/** What the live region says next (the element renders it into an `aria-live="polite"` region). */
export type Announcement =
  | { readonly kind: "restOver"; readonly next: NextUp | null }
  | { readonly kind: "workOver"; readonly next: NextUp | null }
  | { readonly kind: "logged"; readonly set: number; readonly exercise: string }
  | { readonly kind: "paused" | "resumed" | "finished" };

export interface NextUp {
  readonly exercise: string;
  readonly set: number;
}

export type PlayerError = "unavailable" | "invalid" | "failed" | "not-found" | WorkoutOpError["code"];

export class PlayerController implements ReactiveController {
  readonly workout: DocController<WorkoutDoc>;
  readonly account: DocController<AccountDoc>;
  readonly cues: Cues;
  readonly wakeLock: SessionWakeLock;
  /** The route's workout id; undefined: today's workout. */
  routeId: string | undefined;
  /** The set the person is looking at; null: the next set to do. */
  focusId: string | null = null;
  countdown: Countdown | null = null;
  cueSwitches: CueSwitches = loadCueSwitches();
  /** A message key's worth of error from the last action. */
  error: PlayerError | null = null;
  announcement: Announcement | null = null;
  /** Bumped on every announcement, so the same words twice are read twice. */
  announceSeq = 0;
  previous: WorkoutEntry[] = [];
  /** `previous` as metrics records, mapped once (the summary's PRs compare against them). */
  previousRecords: WorkoutRecord[] = [];

  readonly #host: ReactiveControllerHost & ReactiveElement;
  readonly #repo: ContextConsumer<typeof repoContext, ReactiveElement>;
  readonly #session: ContextConsumer<typeof sessionContext, ReactiveElement>;
  readonly #units: ContextConsumer<typeof unitsContext, ReactiveElement>;
  /** Today's workout, kept once opened: finishing it must not switch the screen to "no workout today". */
  #pinnedUrl: string | null = null;
  #timer: ReturnType<typeof setInterval> | null = null;
  #previousFor: string | null = null;
  #countdownFor: string | null = null;
  /** Derived once per document version (and per earlier workouts / account where they matter). */
  #viewMemo: { doc: WorkoutDoc; view: SessionView } | null = null;
  #lastTimeMemo = new Map<string, PreviousPerformance | null>();
  #lastTimeKey: readonly unknown[] = [];
  #summaryMemo: { key: readonly unknown[]; summary: WorkoutSummary } | null = null;
  #substitutesMemo: { key: readonly unknown[]; list: Substitute[] } | null = null;

  constructor(host: ReactiveControllerHost & ReactiveElement) {
    this.#host = host;
    this.#repo = new ContextConsumer(host, { context: repoContext, subscribe: true });
    this.#session = new ContextConsumer(host, { context: sessionContext, subscribe: true });
    this.#units = new ContextConsumer(host, { context: unitsContext, subscribe: true });
    this.account = new DocController<AccountDoc>(host, () => ({
      repo: this.#repo.value,
      url: this.#session.value?.rootDocUrl,
    }));
    this.workout = new DocController<WorkoutDoc>(host, () => ({ repo: this.#repo.value, url: this.url }));
    this.cues = new Cues(
      () => this.cueSwitches,
      () => currentLocale(),
    );
    this.wakeLock = new SessionWakeLock(() => host.requestUpdate());
    host.addController(this);
  }

  // ---------------------------------------------------------------- lifecycle

  hostConnected(): void {
    this.#timer = setInterval(() => this.#tick(), TICK_MS);
  }

  hostDisconnected(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
    this.wakeLock.release();
    this.cues.close();
  }

  hostUpdated(): void {
    const id = this.workoutId;
    if (id && this.#countdownFor !== id) {
      this.#countdownFor = id;
      this.countdown = loadCountdown(id);
    }
    if (this.workout.state === "ready" && id && this.#previousFor !== id && this.account.doc) {
      this.#previousFor = id;
      void this.#loadPrevious(id);
    }
    const running = this.doc?.status === "in_progress";
    if (running && this.wakeLock.state === "off" && document.visibilityState === "visible") {
      void this.wakeLock.hold();
    } else if (!running && this.wakeLock.state !== "off") {
      this.wakeLock.release();
    }
  }

  // ---------------------------------------------------------------- what is shown

  get units(): Units {
    return this.#units.value ?? DEFAULT_UNITS;
  }

  get userId(): string | undefined {
    return this.#session.value?.user.id;
  }

  /** The workout's url: the route's, else the one pinned when today's was first opened, else today's. */
  get url(): string | undefined {
    if (this.routeId !== undefined) {
      const id = workoutIdOf(this.routeId);
      return id ? workoutUrlOf(id) : undefined;
    }
    if (this.#pinnedUrl) return this.#pinnedUrl;
    const account = this.account.doc;
    const today = account ? todayWorkoutUrl(account) : null;
    if (today) this.#pinnedUrl = today;
    return today ?? undefined;
  }

  get workoutId(): string | null {
    const url = this.url;
    return url ? workoutIdOf(url) : null;
  }

  /** Loading, a workout, none for today, or one that cannot be shown. */
  get screen(): "loading" | "none" | "invalid" | "unavailable" | "failed" | "ready" {
    if (this.routeId !== undefined && !workoutIdOf(this.routeId)) return "invalid";
    if (this.account.state !== "ready" && this.routeId === undefined) {
      return this.account.state === "failed" ? "failed" : "loading";
    }
    if (!this.url) return "none";
    switch (this.workout.state) {
      case "ready":
        return this.doc?.kind === "workout" ? "ready" : "invalid";
      case "unavailable":
      case "deleted":
        return "unavailable";
      case "failed":
        return "failed";
      default:
        return "loading";
    }
  }

  get doc(): WorkoutDoc | undefined {
    return this.workout.doc;
  }

  get view(): SessionView | null {
    const doc = this.doc;
    if (!doc) return null;
    if (this.#viewMemo?.doc !== doc) this.#viewMemo = { doc, view: sessionView(doc) };
    return this.#viewMemo.view;
  }

  /** The set in focus: the chosen one while it is shown, else the next set to do, else the last set. */
  focus(view: SessionView): { exercise: ExerciseView; set: SetView } | null {
    const chosen = this.focusId ? findSet(view, this.focusId) : null;
    if (chosen) return chosen;
    if (view.next) return findSet(view, view.next.setId);
    const last = view.exercises.at(-1);
    const set = last?.sets.at(-1);
    return last && set ? { exercise: last, set } : null;
  }

  /** The sets in show order, for previous / next. */
  flatSets(view: SessionView): { exercise: ExerciseView; set: SetView }[] {
    return view.exercises.flatMap((exercise) => exercise.sets.map((set) => ({ exercise, set })));
  }

  /** Active training time (pauses excluded) at `now`, ms: what the session clock shows. */
  activeMs(now: number): number {
    const doc = this.doc;
    return doc ? sessionTiming(doc, new Date(now)).activeMs : 0;
  }

  /** "Last time" for an exercise; kept until the earlier workouts or this workout's date or start change. */
  lastTime(exerciseId: string): PreviousPerformance | null {
    const id = this.workoutId;
    const doc = this.doc;
    if (!id || !doc) return null;
    const key = [id, this.previous, doc.date, doc.startedAt, doc.createdAt];
    if (!sameKey(key, this.#lastTimeKey)) {
      this.#lastTimeKey = key;
      this.#lastTimeMemo.clear();
    }
    if (!this.#lastTimeMemo.has(exerciseId)) {
      this.#lastTimeMemo.set(exerciseId, previousPerformance(exerciseId, this.previous, { id, doc }));
    }
    return this.#lastTimeMemo.get(exerciseId) ?? null;
  }

  /** The summary; a finished workout's is kept per document version. */
  summary(now = Date.now()): WorkoutSummary | null {
    const id = this.workoutId;
    const doc = this.doc;
    if (!id || !doc) return null;
    const finished = doc.finishedAt !== null;
    const key = [id, doc, this.previousRecords];
    if (finished && this.#summaryMemo && sameKey(key, this.#summaryMemo.key))
      return this.#summaryMemo.summary;
    const summary = workoutSummary(
      { id, doc },
      { previous: this.previousRecords, ...(finished ? {} : { now: new Date(now) }) },
    );
    if (finished) this.#summaryMemo = { key, summary };
    return summary;
  }

  substitutes(exerciseId: string, exclude: readonly string[]): Substitute[] {
    const account = this.account.doc;
    const key = [exerciseId, exclude.join(" "), account];
    if (this.#substitutesMemo && sameKey(key, this.#substitutesMemo.key)) return this.#substitutesMemo.list;
    const profile = account ? profileFromAccount(account) : null;
    const list = suggestSubstitutes(exerciseId, EXERCISE_LIBRARY, {
      equipment: profile && !profile.equipment.includes("full_gym") ? profile.equipment : undefined,
      blockedRegions: profile?.injuries,
      exclude,
      limit: 8,
    });
    this.#substitutesMemo = { key, list };
    return list;
  }

  // ---------------------------------------------------------------- actions

  select(setId: string | null): void {
    this.focusId = setId;
    this.#host.requestUpdate();
  }

  setCue(name: keyof CueSwitches, on: boolean): void {
    this.cueSwitches = { ...this.cueSwitches, [name]: on };
    saveCueSwitches(this.cueSwitches);
    if (name === "sound" && on) this.cues.unlock();
    this.#host.requestUpdate();
  }

  /** Creates and opens a manual workout for today. */
  startEmpty(): string | null {
    const repo = this.#repo.value;
    const userId = this.userId;
    if (!repo || !userId || this.account.state !== "ready") return null;
    const handle = startEmptyWorkout(repo, (fn, message) => this.account.change(fn, message), {
      userId,
      deviceId: repo.peerId,
    });
    this.#pinnedUrl = handle.url;
    this.#host.requestUpdate();
    return handle.documentId;
  }

  start(): void {
    if (this.#apply((ctx) => startWorkout(ctx))) this.#linkStatus();
  }

  /** Logs the focused set (or corrects it when it has a log), then starts the rest. */
  log(setId: string, values: SetValues): boolean {
    this.cues.unlock();
    const view = this.view;
    const where = view ? findSet(view, setId) : null;
    const wasLogged = (where?.set.log ?? null) !== null;
    if (!this.#apply((ctx) => logSet({ setId, ...values }, ctx))) return false;
    this.#linkStatus();
    if (!where || wasLogged) return true;
    this.focusId = null;
    this.#announce({ kind: "logged", set: where.set.number, exercise: where.exercise.name });
    if (values.completed === false) {
      this.#setCountdown(null);
      return true;
    }
    const rest = where.set.target?.restSec ?? DEFAULT_REST_SEC;
    const after = this.view;
    if (rest > 0 && after?.next) this.#setCountdown(startCountdown("rest", setId, rest, Date.now()));
    else this.#setCountdown(null);
    return true;
  }

  unlog(setId: string): void {
    this.#apply((ctx) => unlogSet(setId, ctx));
  }

  /** Runs a timed set's work interval; at its end the set is logged as completed and the rest starts. */
  startWork(setId: string, seconds: number): void {
    this.cues.unlock();
    if (this.doc?.status === "planned") this.start();
    this.focusId = setId;
    this.#setCountdown(startCountdown("work", setId, seconds, Date.now()));
  }

  adjustCountdown(seconds: number): void {
    if (!this.countdown) return;
    this.#setCountdown(adjustCountdown(this.countdown, seconds, Date.now()));
  }

  skipCountdown(): void {
    const c = this.countdown;
    if (!c) return;
    if (c.kind === "work") {
      // Stopping a work interval early logs what was done.
      const done = Math.round((c.totalMs - leftMs(c, Date.now())) / 1000);
      this.#setCountdown(null);
      this.log(c.setId, { durationSec: done, completed: true });
      return;
    }
    this.#setCountdown(null);
  }

  addSet(exerciseKey: string): void {
    const id = this.#apply((ctx) => addSet({ exerciseKey }, ctx));
    if (id) this.select(id.setId);
  }

  removeSet(setId: string): void {
    if (this.#apply((ctx) => removeSet(setId, ctx))) {
      if (this.focusId === setId) this.focusId = null;
      if (this.countdown?.setId === setId && this.countdown.kind === "work") this.#setCountdown(null);
    }
  }

  editTarget(setId: string, target: Partial<SetTarget>, remaining: boolean): boolean {
    return this.#apply((ctx) => editTarget({ setId, target, remaining }, ctx)) !== null;
  }

  swap(exerciseKey: string, to: Substitute["exercise"], reason: string): void {
    const name = EXERCISE_LIBRARY.find((e) => e.id === to.id)?.names[currentLocale()] ?? to.id;
    this.#apply((ctx) =>
      swapExercise({ exerciseKey, to: { exerciseId: to.id, name, dose: to.dose }, reason }, ctx),
    );
  }

  addExercise(exerciseId: string, phase: WorkoutPhase, sets: number): void {
    const def = EXERCISE_LIBRARY.find((e) => e.id === exerciseId);
    if (!def) return;
    const target: Partial<SetTarget> = def.dose === "time" ? { durationSec: 30 } : {};
    const result = this.#apply((ctx) =>
      addExercise(
        {
          exerciseId,
          name: def.names[currentLocale()],
          phase,
          dose: def.dose,
          sets: Array.from({ length: sets }, () => target),
        },
        ctx,
      ),
    );
    if (result?.setIds[0]) this.select(result.setIds[0]);
  }

  pause(): void {
    if (this.#apply((ctx) => pauseWorkout(ctx)) === null) return;
    if (this.countdown) this.#setCountdown(pauseCountdown(this.countdown, Date.now()));
    this.#announce({ kind: "paused" });
  }

  resume(): void {
    if (this.#apply((ctx) => resumeWorkout(ctx)) === null) return;
    if (this.countdown) this.#setCountdown(resumeCountdown(this.countdown, Date.now()));
    this.#announce({ kind: "resumed" });
  }

  finish(sessionRpe: number | null): boolean {
    if (this.#apply((ctx) => finishWorkout({ sessionRpe }, ctx)) === null) return false;
    this.#setCountdown(null);
    this.#linkStatus();
    const handle = this.workout.handle;
    const repo = this.#repo.value;
    if (handle && repo && this.userId) {
      const request = feedbackRequestChange(currentLocale(), this.userId, repo.peerId);
      handle.change(request.apply, request.options);
    }
    this.wakeLock.release();
    this.#announce({ kind: "finished" });
    return true;
  }

  // ---------------------------------------------------------------- internals

  #ctx(repo: Repo): EditContext | null {
    const userId = this.userId;
    return userId ? { by: userId, deviceId: repo.peerId } : null;
  }

  /** Applies an operation; its result, or null when it could not be applied (the error says why). */
  #apply<R>(build: (ctx: EditContext) => WorkoutChange<R>): R | null {
    const repo = this.#repo.value;
    const handle: DocHandle<WorkoutDoc> | undefined = this.workout.handle;
    const ctx = repo ? this.#ctx(repo) : null;
    if (!repo || !handle || !ctx || this.workout.state !== "ready") return null;
    try {
      prepareForWriting(handle, ctx);
      const op = build(ctx);
      handle.change(op.apply, op.options);
      // Write it now: the repo's own save runs from a timer, which the browser serves after the frame this tap
      // redraws (style, layout, paint), so the tap waited for the drawing. The repo's later save finds nothing new.
      repo.flush([handle.documentId]).catch((error: unknown) => {
        console.error("cadence: writing the workout failed", error);
      });
      this.error = null;
      this.#host.requestUpdate();
      return op.result ?? (true as R);
    } catch (error) {
      console.error("cadence: workout change refused", error);
      this.error = error instanceof WorkoutOpError ? error.code : "failed";
      this.#host.requestUpdate();
      return null;
    }
  }

  #linkStatus(): void {
    const id = this.workoutId;
    const status = this.doc?.status;
    if (!id || !status || this.account.state !== "ready") return;
    const link = this.account.doc?.links.workouts[id];
    // Most taps leave the status as it is: no change of the account document then (not even an empty one).
    if (link && link.status !== status) {
      setLinkStatus((fn, message) => this.account.change(fn, message), id, status);
    }
  }

  #setCountdown(c: Countdown | null): void {
    this.countdown = c;
    const id = this.workoutId;
    if (id) saveCountdown(id, c);
    this.#host.requestUpdate();
  }

  #announce(a: Announcement): void {
    this.announcement = a;
    this.announceSeq++;
    this.#host.requestUpdate();
  }

  #nextUp(): NextUp | null {
    const view = this.view;
    const next = view?.next ? findSet(view, view.next.setId) : null;
    return next ? { exercise: next.exercise.name, set: next.set.number } : null;
  }

  /**
   * Ends a countdown that is over (cues, live region, the next step). It renders nothing by itself: the clocks
   * update themselves, so a running countdown does not re-render the player four times a second.
   */
  #tick(now = Date.now()): void {
    const c = this.countdown;
    if (c && c.endsAt !== null && isOver(c, now)) {
      this.#setCountdown(null);
      if (c.kind === "work") {
        this.log(c.setId, { durationSec: Math.round(c.totalMs / 1000), completed: true });
        this.#announce({ kind: "workOver", next: this.#nextUp() });
        this.onCue?.("workOver", this.announcement);
      } else {
        this.#announce({ kind: "restOver", next: this.#nextUp() });
        this.onCue?.("restOver", this.announcement);
        this.#chainInterval(c.setId);
      }
    }
  }

  /** In an interval phase, the next timed set's work starts by itself when the rest is over. */
  #chainInterval(afterSetId: string): void {
    const view = this.view;
    if (!view?.next) return;
    const prev = findSet(view, afterSetId);
    const next = findSet(view, view.next.setId);
    if (!prev || !next || prev.exercise.phase !== "intervals" || next.exercise.phase !== "intervals") return;
    const seconds = next.set.target?.durationSec;
    if (next.exercise.dose === "time" && seconds) this.startWork(next.set.id, seconds);
  }

  /** Set by the element: plays the cue for an announcement (words in the user's language). */
  onCue: ((kind: "restOver" | "workOver", a: Announcement | null) => void) | undefined;

  async #loadPrevious(id: string): Promise<void> {
    const repo = this.#repo.value;
    const account = this.account.doc;
    if (!repo || !account) return;
    const entries = listWorkouts(account, { status: ["completed"] })
      .filter((w) => w.id !== id)
      .slice(0, PREVIOUS_WORKOUTS);
    try {
      this.previous = await loadWorkouts(repo, entries);
      this.previousRecords = this.previous.map((w) => workoutRecordFromDoc(w.id, w.doc));
    } catch (error) {
      console.error("cadence: earlier workouts could not be read", error);
    }
    this.#host.requestUpdate();
  }
}

function sameKey(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
