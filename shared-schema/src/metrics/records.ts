/**
 * From documents to the metrics' input (docs/metrics.md "From documents"): workout documents to
 * `WorkoutRecord`s, context-journal entries to `ReadinessRecord`s, the account to the `TrainingProfile`.
 * Pure: the caller loads and validates the documents; nothing here reads storage or the clock.
 */
import type { AccountDoc } from "../documents/account.js";
import type { ContextJournalDoc } from "../documents/context.js";
import type { WorkoutDoc, WorkoutPhase } from "../documents/workout.js";
import { EXERCISE_LIBRARY } from "../plan/exercises.js";
import { sessionTiming, sessionView, type ExerciseView } from "../workout/session-view.js";
import type {
  ExerciseRecord,
  IsoDate,
  MetricsInput,
  MuscleTargets,
  ReadinessRecord,
  SetRecord,
  TrainingProfile,
  WorkoutRecord,
} from "./types.js";

/** What the metrics need to know about an exercise beyond its log. */
export interface ExerciseFacts {
  readonly muscles: MuscleTargets;
  /** The body is the resistance (push-up, pull-up, dip); a logged weight is added to it. */
  readonly isBodyweight: boolean;
  /** Share of body mass moved (null: the metrics' default, 1). */
  readonly bodyweightFraction: number | null;
  /** The logged weight is assistance (assisted pull-up machine): it is subtracted from the body. */
  readonly assisted: boolean;
}

export type ExerciseFactsLookup = (exerciseId: string) => ExerciseFacts | undefined;

/**
 * Share of body mass moved, where it is well off 1: push-up about 64 % in the top position, 49 % from the knees
 * (Ebben et al. 2011), inverted row about 60 % with the feet on the floor. Pull-ups, chin-ups and dips move
 * nearly the whole body and keep the default 1.
 */
const BODYWEIGHT_FRACTIONS: Readonly<Record<string, number>> = {
  push_up: 0.64,
  close_grip_push_up: 0.64,
  pike_push_up: 0.64,
  incline_push_up: 0.55,
  knee_push_up: 0.49,
  inverted_row: 0.6,
};

/** Equipment that only holds the body up (a bar in a rack, a dip or assisted-pull-up station). */
const BODY_SUPPORT = new Set(["bodyweight", "barbell_rack", "machines"]);
const ASSISTED = new Set(["assisted_pull_up"]);

/**
 * Exercise facts from the app's exercise library. An exercise is bodyweight when no kilogram load is
 * prescribed for it and it needs nothing but the body and something to hang or press from; band exercises
 * are not (the band, not the body, is the resistance, and its load is unknown).
 */
export function libraryExerciseFacts(exerciseId: string): ExerciseFacts | undefined {
  const def = LIBRARY_BY_ID.get(exerciseId);
  if (!def) return undefined;
  const assisted = ASSISTED.has(def.id);
  return {
    muscles: { primary: def.primary, secondary: def.secondary },
    isBodyweight: assisted || (!def.loadable && def.equipment.every((e) => BODY_SUPPORT.has(e))),
    bodyweightFraction: BODYWEIGHT_FRACTIONS[def.id] ?? null,
    assisted,
  };
}
const LIBRARY_BY_ID = new Map(EXERCISE_LIBRARY.map((e) => [e.id, e]));

const UNKNOWN: ExerciseFacts = {
  muscles: { primary: [], secondary: [] },
  isBodyweight: false,
  bodyweightFraction: null,
  assisted: false,
};

/** Phases whose sets are preparation, not training: left out of every figure (docs/metrics.md). */
const NOT_COUNTED: ReadonlySet<WorkoutPhase> = new Set(["warmup", "cooldown"]);

export interface WorkoutRecordOptions {
  readonly facts?: ExerciseFactsLookup;
  /** For a workout still running: its duration up to now. */
  readonly now?: Date;
}

/**
 * The metrics' record of one workout document, as it is now (an edit after the fact is simply the new state).
 *
 * - Warm-up and cool-down exercises are left out: their sets would inflate volume, sets per muscle, timed work
 *   and adherence with preparation.
 * - Sets are grouped by the exercise they were performed as (a swap mid-exercise gives two groups).
 * - Timed work: a set of a timed exercise ("time" dose) is a timed set, its reps ignored; a rep set keeps its
 *   reps. Either way time never becomes kilograms.
 * - Bodyweight work: the logged weight is load added to the body (assistance, negated, for an assisted
 *   exercise); the body's share comes from the metrics' profile.
 * - `plannedSets` counts the set slots that came from the plan; `durationMin` is active time (pauses excluded),
 *   known once the workout is finished (or up to `now` while it runs).
 */
export function workoutRecordFromDoc(
  id: string,
  doc: Readonly<WorkoutDoc>,
  options: WorkoutRecordOptions = {},
): WorkoutRecord {
  const facts = options.facts ?? libraryExerciseFacts;
  const groups = new Map<string, { exercise: ExerciseFacts; sets: SetRecord[] }>();
  let plannedSets = 0;
  for (const exercise of sessionView(doc).exercises) {
    if (NOT_COUNTED.has(exercise.phase)) continue;
    for (const set of exercise.sets) {
      if (set.target !== null && set.plannedSetId !== null) plannedSets++;
      const log = set.log;
      if (!log) continue;
      const known = facts(log.exerciseId) ?? UNKNOWN;
      const group = groups.get(log.exerciseId) ?? { exercise: known, sets: [] };
      group.sets.push(setRecord(exercise, log, known));
      groups.set(log.exerciseId, group);
    }
  }
  const running = doc.finishedAt === null && options.now !== undefined;
  const timing =
    doc.startedAt !== null && (doc.finishedAt !== null || running)
      ? sessionTiming(doc, options.now ?? new Date(doc.finishedAt ?? 0))
      : null;
  return {
    id,
    date: doc.date,
    startedAt: doc.startedAt ?? doc.createdAt,
    finishedAt: doc.finishedAt,
    durationMin: timing ? timing.activeMs / 60_000 : null,
    sessionRpe: doc.sessionRpe,
    plannedSets: plannedSets > 0 ? plannedSets : null,
    exercises: [...groups].map(([exerciseId, { exercise, sets }]): ExerciseRecord => ({
      exerciseId,
      muscles: exercise.muscles,
      isBodyweight: exercise.isBodyweight,
      bodyweightFraction: exercise.bodyweightFraction,
      sets,
    })),
  };
}

function setRecord(
  exercise: ExerciseView,
  log: NonNullable<ExerciseView["sets"][number]["log"]>,
  facts: ExerciseFacts,
): SetRecord {
  // A log carries the exercise as performed; a swapped-in exercise may have the other dose, so the log's own
  // values decide when the entry's dose does not fit them.
  const timed =
    exercise.dose === "time" ? log.durationSec !== null : log.reps === null && log.durationSec !== null;
  const weight = log.weightKg === null ? null : facts.assisted ? -log.weightKg : log.weightKg;
  return {
    reps: timed ? null : log.reps,
    durationSec: timed ? log.durationSec : null,
    weightKg: weight,
    rpe: log.rpe,
    completed: log.completed,
    planned: log.plannedSetId !== null,
  };
}

/**
 * One readiness record per date from the context journal: the recovery slider of the day's recovery entry (the
 * picker writes `recovery-YYYY-MM-DD`), else of the day's latest entry; energy, sleep hours and simulated HRV
 * averaged over the day's entries that give them. Entries that say nothing about a day's state (no recovery
 * entry and no signal) are left out, so a note like "bad knee" does not count as a normal day.
 */
export function readinessFromJournal(
  journal: Readonly<ContextJournalDoc> | null | undefined,
): ReadinessRecord[] {
  if (!journal) return [];
  const byDate = new Map<IsoDate, ContextJournalDoc["entries"][string][]>();
  for (const entry of Object.values(journal.entries)) {
    const list = byDate.get(entry.date) ?? [];
    list.push(entry);
    byDate.set(entry.date, list);
  }
  const out: ReadinessRecord[] = [];
  for (const [date, entries] of byDate) {
    entries.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
    const picker = entries.find((e) => e.id === `recovery-${date}`);
    const energy = meanOf(entries.map((e) => e.signals.energy));
    const sleepHours = meanOf(entries.map((e) => e.signals.sleepHours ?? e.planSignals?.sleepHours ?? null));
    const hrvSim = meanOf(entries.map((e) => e.simulated?.hrvScore ?? null));
    if (!picker && energy === null && sleepHours === null && hrvSim === null) continue;
    const recovery = (picker ?? entries[entries.length - 1]!).recovery;
    out.push({ date, recovery, energy, sleepHours, hrvSim });
  }
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

function meanOf(values: readonly (number | null | undefined)[]): number | null {
  const known = values.filter((v): v is number => typeof v === "number" && Number.isFinite(v));
  return known.length ? known.reduce((a, b) => a + b, 0) / known.length : null;
}

/** The training profile from the account: planned days from onboarding; no bodyweight is recorded yet. */
export function profileFromAccount(account: Readonly<Pick<AccountDoc, "onboarding">>): TrainingProfile {
  return { plannedDaysPerWeek: account.onboarding.daysPerWeek, bodyweightKg: null };
}

export interface MetricsDocuments {
  readonly account: Readonly<Pick<AccountDoc, "onboarding">>;
  readonly workouts: readonly { readonly id: string; readonly doc: Readonly<WorkoutDoc> }[];
  readonly journal?: Readonly<ContextJournalDoc> | null;
}

/** The whole metrics input from the user's documents. */
export function metricsInputFromDocs(
  docs: MetricsDocuments,
  options: WorkoutRecordOptions = {},
): MetricsInput {
  return {
    workouts: docs.workouts.map((w) => workoutRecordFromDoc(w.id, w.doc, options)),
    readiness: readinessFromJournal(docs.journal),
    profile: profileFromAccount(docs.account),
  };
}
