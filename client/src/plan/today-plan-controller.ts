/**
 * Today's plan for one element: the account document (plan requests, profile, consent, links), the context
 * journal (created on first use and linked from the account) and today's workout, plus the actions of the
 * Today screen: generate / regenerate (a plan request in the account document, works offline), accept (today's
 * workout document gets the plan and is linked from the account), the recovery picker and context notes.
 *
 * What the screen shows comes from `dayPlanView`: the worker's answer when there is one, else the rule plan
 * this device computes for the same request (memoized by request id), so it never shows two competing plans.
 */
import { ImmutableString } from "@automerge/automerge";
import { ContextConsumer } from "@lit/context";
import type { AutomergeUrl, DocHandle, Repo } from "@automerge/automerge-repo/slim";
import {
  newContextJournalDoc,
  newWorkoutDoc,
  type AccountDoc,
  type ContextEntry,
  type ContextJournalDoc,
  type WorkoutDoc,
} from "@cadence/shared-schema";
import {
  estimateE1rm,
  SIMULATED_SCORES,
  recoveryBiasOf,
  recoveryLevelOf,
  type Plan,
  type PlanContext,
  type RecoveryLevel,
} from "@cadence/shared-schema/plan";
import {
  addPlanRequest,
  coarseSignals,
  dayContext,
  dayPlanView,
  noteForRequest,
  planInputFromDocs,
  planSeed,
  recoveryEntryId,
  rulePlanFor,
  type DayPlanView,
  type PlanRequestEntry,
  type WorkoutLike,
} from "@cadence/shared-schema/requests";
import { attachPlan, initWorkout, WorkoutOpError } from "@cadence/shared-schema/workout";
import type { ReactiveController, ReactiveControllerHost, ReactiveElement } from "lit";
import { repoContext, sessionContext } from "../context.js";
import { DocController } from "../doc-controller.js";
import { linkWorkout, localDate, prepareForWriting, todayWorkoutUrl } from "../workout/workouts.js";

export { localDate };

const EACH_MORNING_KEY = "cadence.plan.eachMorning";
const RECENT_DAYS = 21;
const FIND_TIMEOUT_MS = 1500;

/** A context note as the context window hands it over. */
export interface ContextNoteDraft {
  text: string;
  chips: string[];
  signals: PlanContext;
  /** The user changed the parsed signals (they are theirs now, not the parser's). */
  edited: boolean;
  scope: ContextEntry["scope"];
}

export class TodayPlanController implements ReactiveController {
  readonly account: DocController<AccountDoc>;
  readonly journal: DocController<ContextJournalDoc>;
  readonly workout: DocController<WorkoutDoc>;
  /** Today, re-read on every update (the screen may stay open past midnight). */
  date = localDate();
  busy = false;
  /** A message for the person when the last action could not be done. */
  error: string | null = null;

  readonly #host: ReactiveControllerHost;
  readonly #repo: ContextConsumer<typeof repoContext, ReactiveElement>;
  readonly #session: ContextConsumer<typeof sessionContext, ReactiveElement>;
  readonly #onDevice = new Map<string, Plan | null>();
  #morningChecked: string | null = null;
  #creatingJournal: Promise<void> | null = null;

  constructor(host: ReactiveControllerHost & ReactiveElement) {
    this.#host = host;
    this.#repo = new ContextConsumer(host, { context: repoContext, subscribe: true });
    this.#session = new ContextConsumer(host, { context: sessionContext, subscribe: true });
    this.account = new DocController<AccountDoc>(host, () => ({
      repo: this.#repo.value,
      url: this.#session.value?.rootDocUrl,
    }));
    this.journal = new DocController<ContextJournalDoc>(host, () => ({
      repo: this.#repo.value,
      url: this.account.doc?.links.contextJournal ?? undefined,
    }));
    this.workout = new DocController<WorkoutDoc>(host, () => ({
      repo: this.#repo.value,
      url: this.todayWorkoutUrl ?? undefined,
    }));
    host.addController(this);
  }

  hostUpdate(): void {
    this.date = localDate();
  }

  hostUpdated(): void {
    this.#maybeGenerateThisMorning();
  }

  get ready(): boolean {
    return this.account.state === "ready" && this.account.doc !== undefined;
  }

  get userId(): string | undefined {
    return this.#session.value?.user.id;
  }

  get consent(): boolean {
    return this.account.doc?.settings.consent.aiContext === true;
  }

  get locale(): AccountDoc["settings"]["language"] {
    return this.account.doc?.settings.language ?? "en";
  }

  /** The plan view for today: the request every device shows, and its plan. */
  get view(): DayPlanView | null {
    const doc = this.account.doc;
    if (!doc) return null;
    return dayPlanView(doc, this.date, (r) => this.#devicePlan(r));
  }

  #devicePlan(request: PlanRequestEntry): Plan | null {
    if (!this.#onDevice.has(request.id)) {
      let plan: Plan | null = null;
      try {
        plan = rulePlanFor(request.id, request.input);
      } catch (error) {
        console.error("cadence: the on-device planner failed", error);
      }
      this.#onDevice.set(request.id, plan);
    }
    return this.#onDevice.get(request.id) ?? null;
  }

  /** Today's context from the journal (what a new request would use). */
  get day(): ReturnType<typeof dayContext> {
    return dayContext(this.journal.doc ?? null, this.date);
  }

  get recoveryLevel(): RecoveryLevel {
    return this.day.level;
  }

  /** Today's notes (the recovery picker's own entry is not a note). */
  get entries(): ContextEntry[] {
    return this.day.entries.filter((e) => e.id !== recoveryEntryId(this.date));
  }

  /** Context or recovery differ from what the shown plan was made from. */
  get stale(): boolean {
    const request = this.view?.request;
    if (!request) return false;
    const day = this.day;
    const asked = request.input.planInput;
    return (
      JSON.stringify(asked.context) !== JSON.stringify(day.context) ||
      asked.recovery.bias !== day.recovery.bias
    );
  }

  get todayWorkoutUrl(): string | null {
    const account = this.account.doc;
    return account ? todayWorkoutUrl(account, this.date) : null;
  }

  /** The plan request whose plan today's workout carries, if the plan was accepted. */
  get acceptedRequestId(): string | null {
    const plan = this.workout.doc?.plan as { requestId?: unknown } | null | undefined;
    return typeof plan?.requestId === "string" ? plan.requestId : null;
  }

  get eachMorning(): boolean {
    try {
      return localStorage.getItem(EACH_MORNING_KEY) === "1";
    } catch {
      return false;
    }
  }

  set eachMorning(on: boolean) {
    try {
      if (on) localStorage.setItem(EACH_MORNING_KEY, "1");
      else localStorage.removeItem(EACH_MORNING_KEY);
    } catch {
      // Storage disabled: the setting lasts until the page closes.
    }
    this.#host.requestUpdate();
  }

  /** Writes a plan request for today built from this device's documents (works offline). */
  async generate(): Promise<void> {
    const repo = this.#repo.value;
    const account = this.account.doc;
    const userId = this.userId;
    if (!repo || !account || !userId || this.busy) return;
    this.#set({ busy: true, error: null });
    try {
      const date = this.date;
      const workouts = await recentWorkouts(repo, account, date);
      const { planInput, day } = planInputFromDocs({
        account,
        workouts,
        journal: this.journal.doc ?? null,
        date,
      });
      const draft = {
        date,
        seed: planSeed(userId, date),
        locale: this.locale,
        note: noteForRequest(day.entries, account.settings.consent),
        planInput,
      };
      this.account.change((d) => {
        addPlanRequest(d, draft, { deviceId: repo.peerId, immutableString: (s) => new ImmutableString(s) });
      }, "plan: request");
    } catch (error) {
      console.error("cadence: could not request a plan", error);
      this.error = error instanceof Error ? error.message : String(error);
    } finally {
      this.#set({ busy: false });
    }
  }

  /**
   * Makes `plan` today's workout: into today's planned workout when there is one (nothing logged yet), else a
   * new workout document linked from the account.
   */
  async accept(plan: Plan): Promise<void> {
    const repo = this.#repo.value;
    const account = this.account.doc;
    const userId = this.userId;
    if (!repo || !account || !userId || this.busy) return;
    this.#set({ busy: true, error: null });
    const ctx = { by: userId, deviceId: repo.peerId };
    const request = this.view?.request;
    const loads = request ? e1rmResolver(request) : undefined;
    const title = plan.rationale.summary.split(/[,:.]/)[0]?.slice(0, 120) ?? "";
    try {
      const existing = this.todayWorkoutUrl;
      let handle: DocHandle<WorkoutDoc>;
      if (existing) {
        handle = await repo.find<WorkoutDoc>(existing as AutomergeUrl);
        prepareForWriting(handle, ctx);
      } else {
        handle = repo.create<WorkoutDoc>();
        const init = initWorkout(newWorkoutDoc({ userId, date: this.date, title }), ctx);
        handle.change(init.apply, init.options);
      }
      const attach = attachPlan(plan, ctx, { resolveLoadKg: loads });
      handle.change(attach.apply, attach.options);
      const status = handle.doc().status;
      linkWorkout((fn, message) => this.account.change(fn, message), handle.documentId, {
        date: handle.doc().date,
        title,
        status,
      });
    } catch (error) {
      this.error =
        error instanceof WorkoutOpError && error.code === "has-logs"
          ? "has-logs"
          : error instanceof Error
            ? error.message
            : String(error);
    } finally {
      this.#set({ busy: false });
    }
  }

  /** The recovery picker: the day's own journal entry (one per day, edited in place). */
  async setRecovery(level: RecoveryLevel): Promise<void> {
    await this.#ensureJournal();
    const id = recoveryEntryId(this.date);
    const date = this.date;
    const scores = SIMULATED_SCORES[level];
    this.journal.change((d) => {
      const now = new Date().toISOString();
      const entry = d.entries[id];
      if (entry) {
        entry.recovery = recoveryBiasOf(level);
        entry.simulated = { hrvScore: scores.hrvScore, sleepScore: scores.sleepScore };
        entry.createdAt = now;
      } else {
        d.entries[id] = {
          id,
          text: "",
          chips: [],
          signals: {
            energy: null,
            mood: null,
            sleep: null,
            soreness: null,
            stress: null,
            sleepHours: null,
            parsedBy: "none",
          },
          recovery: recoveryBiasOf(level),
          simulated: { hrvScore: scores.hrvScore, sleepScore: scores.sleepScore },
          scope: "session",
          date,
          createdAt: now,
        };
      }
    }, "context: recovery");
  }

  async addNote(note: ContextNoteDraft): Promise<void> {
    await this.#ensureJournal();
    const id = `n${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
    const level = this.recoveryLevel;
    const scores = SIMULATED_SCORES[level];
    const entry: ContextEntry = {
      id,
      text: note.text.slice(0, 4000),
      chips: note.chips.slice(0, 50),
      signals: coarseSignals(note.signals, "client"),
      planSignals: JSON.parse(JSON.stringify(note.signals)) as PlanContext,
      recovery: recoveryBiasOf(level),
      simulated: { hrvScore: scores.hrvScore, sleepScore: scores.sleepScore },
      scope: note.scope,
      date: this.date,
      createdAt: new Date().toISOString(),
    };
    this.journal.change((d) => {
      d.entries[id] = entry;
    }, "context: note");
  }

  deleteNote(id: string): void {
    this.journal.change((d) => {
      delete d.entries[id];
    }, "context: delete");
  }

  /** Creates the context journal on first use and links it from the account. */
  #ensureJournal(): Promise<void> {
    if (this.account.doc?.links.contextJournal) return this.#journalReady();
    this.#creatingJournal ??= (async () => {
      const repo = this.#repo.value;
      const userId = this.userId;
      if (!repo || !userId) return;
      const handle = repo.create<ContextJournalDoc>(newContextJournalDoc(userId));
      this.account.change((d) => {
        if (d.links.contextJournal === null) d.links.contextJournal = handle.url;
      }, "context: create journal");
      this.#host.requestUpdate();
      await this.#journalReady();
    })().finally(() => {
      this.#creatingJournal = null;
    });
    return this.#creatingJournal;
  }

  async #journalReady(): Promise<void> {
    for (let i = 0; i < 100 && this.journal.state !== "ready"; i++) {
      this.#host.requestUpdate();
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** With "each morning" on: the first time today's screen is ready without a plan request, ask for one. */
  #maybeGenerateThisMorning(): void {
    if (!this.ready || this.#morningChecked === this.date || !this.eachMorning) return;
    if (this.account.doc?.links.contextJournal && this.journal.state === "loading") return;
    this.#morningChecked = this.date;
    if (this.view?.status === "none") void this.generate();
  }

  #set(fields: Partial<Pick<TodayPlanController, "busy" | "error">>): void {
    Object.assign(this, fields);
    this.#host.requestUpdate();
  }
}

/** The account's completed workouts of the last three weeks, as far as this device has them. */
async function recentWorkouts(repo: Repo, account: AccountDoc, date: string): Promise<WorkoutLike[]> {
  const from = new Date(Date.parse(`${date}T00:00:00Z`) - RECENT_DAYS * 86_400_000)
    .toISOString()
    .slice(0, 10);
  const links = Object.values(account.links.workouts)
    .filter((l) => l.status === "completed" && l.date < date && l.date >= from)
    .sort((a, b) => (a.date < b.date ? 1 : -1))
    .slice(0, 8);
  const docs = await Promise.all(
    links.map(async (l) => {
      const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), FIND_TIMEOUT_MS));
      const found = repo
        .find<WorkoutDoc>(l.url as AutomergeUrl, { allowableStates: ["ready", "unavailable"] })
        .then((h) => (h.isReady() ? (JSON.parse(JSON.stringify(h.doc())) as WorkoutLike) : null))
        .catch(() => null);
      return Promise.race([found, timeout]);
    }),
  );
  return docs.filter((d): d is WorkoutLike => d !== null);
}

/** Kilograms for "% of e1RM" loads, from the best recent set of that exercise (Epley with RIR), in 0.5 kg steps. */
function e1rmResolver(request: PlanRequestEntry): (exerciseId: string, percent: number) => number | null {
  const best = new Map<string, number>();
  for (const s of request.input.planInput.recentSessions) {
    for (const ex of s.exercises) {
      for (const set of ex.sets) {
        if (set.weightKg === null || set.reps === null || set.reps < 1 || set.reps > 10) continue;
        const e1rm = estimateE1rm(set.weightKg, set.reps, set.rpe);
        if (e1rm > (best.get(ex.exerciseId) ?? 0)) best.set(ex.exerciseId, e1rm);
      }
    }
  }
  return (exerciseId, percent) => {
    const e1rm = best.get(exerciseId);
    return e1rm === undefined ? null : Math.round(((e1rm * percent) / 100) * 2) / 2;
  };
}

export { recoveryLevelOf };
