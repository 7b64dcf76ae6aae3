// What a workout amounts to: the end-of-session summary (duration, volume, PRs against earlier sessions, session
// RPE and load) and "last time" for an exercise. The figures come from the metrics' own record of the workout
// (`workoutRecordFromDoc`) and the metrics' own functions, so the summary and the dashboard never disagree.
import type { WorkoutDoc } from "../documents/workout.js";
import { workoutRecordFromDoc, type ExerciseFactsLookup } from "../metrics/records.js";
import { chronological, compareSessions, isPerformed } from "../metrics/sessions.js";
import { computeStrength, type PersonalRecord } from "../metrics/strength.js";
import type { WorkoutRecord } from "../metrics/types.js";
import { workoutVolume } from "../metrics/volume.js";
import { sessionTiming, sessionView } from "./session-view.js";

/** A workout document with its document id (documents do not hold their own id). */
export interface WorkoutEntry {
  readonly id: string;
  readonly doc: Readonly<WorkoutDoc>;
}

export interface ExerciseSummary {
  readonly exerciseId: string;
  readonly name: string;
  readonly sets: number;
  readonly reps: number;
  readonly volumeKg: number;
  /** Heaviest performed rep set. */
  readonly top: { readonly weightKg: number; readonly reps: number } | null;
}

export interface WorkoutSummary {
  readonly status: WorkoutDoc["status"];
  readonly elapsedMin: number;
  readonly pausedMin: number;
  /** Training time: elapsed minus pauses. */
  readonly activeMin: number;
  /** Performed sets (rep and timed). */
  readonly sets: number;
  readonly skippedSets: number;
  readonly plannedSets: number;
  readonly completedPlannedSets: number;
  readonly extraSets: number;
  readonly reps: number;
  /** Σ reps × load per rep (kg) over sets with a known load (docs/metrics.md "Volume"). */
  readonly volumeKg: number;
  readonly unloadedReps: number;
  readonly timeUnderTensionSec: number;
  readonly sessionRpe: number | null;
  /** Session RPE × active minutes (Foster), AU; null without a session RPE. */
  readonly sessionLoad: number | null;
  /** Records this session set against the earlier sessions given (e1RM, heaviest weight, reps at a weight). */
  readonly prs: readonly PersonalRecord[];
  readonly exercises: readonly ExerciseSummary[];
}

export interface SummaryOptions {
  /**
   * Earlier workouts (any order; later ones and this one are ignored) for PRs: entries, or their metrics
   * records already made with `workoutRecordFromDoc` (a caller that keeps them saves mapping them again).
   */
  readonly previous?: readonly (WorkoutEntry | WorkoutRecord)[];
  /** As the dashboard's profile: without it, bodyweight reps are counted in `unloadedReps`, not in kg. */
  readonly bodyweightKg?: number | null;
  /** Exercise facts (muscles, bodyweight share); default: the app's exercise library, as on the dashboard. */
  readonly facts?: ExerciseFactsLookup;
  /** Times a session that is still running. */
  readonly now?: Date;
}

function isEntry(w: WorkoutEntry | WorkoutRecord): w is WorkoutEntry {
  return "doc" in w;
}

/**
 * The end-of-session summary (Flow 10). Every figure is the metrics' figure for this workout: warm-up and
 * cool-down sets are not counted, timed sets are time (never kilograms), bodyweight work is the body's share
 * plus the added load (docs/metrics.md "From documents").
 */
export function workoutSummary(entry: WorkoutEntry, options: SummaryOptions = {}): WorkoutSummary {
  const { doc } = entry;
  const now = options.now ?? new Date(doc.finishedAt ?? doc.startedAt ?? doc.createdAt);
  const timing = sessionTiming(doc, now);
  const recordOptions = options.facts ? { facts: options.facts } : {};
  const record = workoutRecordFromDoc(entry.id, doc, { ...recordOptions, now });
  const bodyweightKg = options.bodyweightKg ?? null;
  const totals = workoutVolume(record, { bodyweightKg, plannedDaysPerWeek: 1 });

  let skippedSets = 0;
  let completedPlannedSets = 0;
  let extraSets = 0;
  for (const exercise of record.exercises) {
    for (const set of exercise.sets) {
      if (!set.completed) skippedSets++;
      else if (isPerformed(set)) {
        if (set.planned) completedPlannedSets++;
        else extraSets++;
      }
    }
  }

  const earlier = (options.previous ?? [])
    .filter((p) => p.id !== entry.id)
    .map((p) => (isEntry(p) ? workoutRecordFromDoc(p.id, p.doc, recordOptions) : p))
    .filter((r) => compareSessions(r, record) < 0);
  const prs = computeStrength(chronological([...earlier, record])).prs.filter(
    (pr) => pr.workoutId === entry.id,
  );

  const view = sessionView(doc);
  const names = new Map<string, string>();
  for (const e of view.exercises)
    for (const s of e.sets) if (s.log) names.set(s.log.exerciseId, s.log.exerciseName);
  const exercises = record.exercises.map((exercise): ExerciseSummary => {
    const t = workoutVolume({ ...record, exercises: [exercise] }, { bodyweightKg, plannedDaysPerWeek: 1 });
    let top: ExerciseSummary["top"] = null;
    for (const set of exercise.sets) {
      if (!isPerformed(set) || set.reps === null || set.reps <= 0 || set.weightKg === null) continue;
      if (!top || set.weightKg > top.weightKg || (set.weightKg === top.weightKg && set.reps > top.reps)) {
        top = { weightKg: set.weightKg, reps: set.reps };
      }
    }
    return {
      exerciseId: exercise.exerciseId,
      name: names.get(exercise.exerciseId) ?? exercise.exerciseId,
      sets: t.sets,
      reps: t.reps,
      volumeKg: t.volumeKg,
      top,
    };
  });

  const activeMin = timing.activeMs / 60_000;
  return {
    status: doc.status,
    elapsedMin: timing.elapsedMs / 60_000,
    pausedMin: timing.pausedMs / 60_000,
    activeMin,
    sets: totals.sets,
    skippedSets,
    plannedSets: record.plannedSets ?? 0,
    completedPlannedSets,
    extraSets,
    reps: totals.reps,
    volumeKg: totals.volumeKg,
    unloadedReps: totals.unloadedReps,
    timeUnderTensionSec: totals.timeUnderTensionSec,
    sessionRpe: doc.sessionRpe,
    sessionLoad: doc.sessionRpe === null ? null : doc.sessionRpe * activeMin,
    prs,
    exercises,
  };
}

export interface PreviousSet {
  readonly reps: number | null;
  readonly weightKg: number | null;
  readonly rpe: number | null;
  readonly durationSec: number | null;
  readonly completed: boolean;
}

export interface PreviousPerformance {
  readonly workoutId: string;
  readonly date: string;
  /** The sets of that exercise in that session, in the order they were shown. */
  readonly sets: readonly PreviousSet[];
  /** Heaviest performed rep set. */
  readonly top: { readonly weightKg: number; readonly reps: number } | null;
}

function sessionKey(doc: Readonly<WorkoutDoc>, id: string): WorkoutRecord {
  return {
    id,
    date: doc.date,
    startedAt: doc.startedAt ?? doc.createdAt,
    finishedAt: null,
    durationMin: null,
    sessionRpe: null,
    plannedSets: null,
    exercises: [],
  };
}

/**
 * "Last time" for an exercise: its sets in the most recent earlier workout where it was performed (by the
 * exercise as done, so a swapped-in exercise finds its own history). Null when it was never done before.
 */
export function previousPerformance(
  exerciseId: string,
  workouts: readonly WorkoutEntry[],
  current: WorkoutEntry,
): PreviousPerformance | null {
  const here = sessionKey(current.doc, current.id);
  const earlier = workouts
    .filter((w) => w.id !== current.id && compareSessions(sessionKey(w.doc, w.id), here) < 0)
    .sort((a, b) => compareSessions(sessionKey(b.doc, b.id), sessionKey(a.doc, a.id)));
  for (const w of earlier) {
    const sets: PreviousSet[] = [];
    for (const exercise of sessionView(w.doc).exercises) {
      for (const set of exercise.sets) {
        const log = set.log;
        if (!log || log.exerciseId !== exerciseId) continue;
        sets.push({
          reps: log.reps,
          weightKg: log.weightKg,
          rpe: log.rpe,
          durationSec: log.durationSec,
          completed: log.completed,
        });
      }
    }
    const performed = sets.filter((s) => s.completed && ((s.reps ?? 0) > 0 || (s.durationSec ?? 0) > 0));
    if (performed.length === 0) continue;
    let top: PreviousPerformance["top"] = null;
    for (const s of performed) {
      if (s.reps === null || s.reps <= 0 || s.weightKg === null) continue;
      if (!top || s.weightKg > top.weightKg || (s.weightKg === top.weightKg && s.reps > top.reps)) {
        top = { weightKg: s.weightKg, reps: s.reps };
      }
    }
    return { workoutId: w.id, date: w.doc.date, sets, top };
  }
  return null;
}
