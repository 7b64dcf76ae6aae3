/**
 * Estimated one-rep max (e1RM) per lift over time, and personal records. Epley is the figure the app uses
 * everywhere (history, PRs, % e1RM, stall detection); Brzycki is computed from the same set as a cross-check.
 */
import { finite, performedReps, validRpe } from "./sessions.js";
import type { ExerciseRecord, IsoDate, SetRecord, WorkoutRecord } from "./types.js";

/** Sets with more reps than this are not used for e1RM: both formulas lose accuracy beyond ~10 reps. */
export const E1RM_MAX_REPS = 10;
/** Self-rated RPE is trusted (±1 rep) from here up (Hackett 2017); lower-rated sets are not used for e1RM. */
export const RPE_TRUSTED_FROM = 7;

/** Epley: w × (1 + r/30), with r = reps to failure; a true single (r ≤ 1) is the 1RM itself. */
export function epleyE1rm(weightKg: number, repsToFailure: number): number {
  return repsToFailure <= 1 ? weightKg : weightKg * (1 + repsToFailure / 30);
}

/** Brzycki: w × 36 / (37 − r); undefined (NaN) from 37 reps. */
export function brzyckiE1rm(weightKg: number, repsToFailure: number): number {
  return repsToFailure >= 37 ? NaN : (weightKg * 36) / (37 - repsToFailure);
}

export interface SetEstimate {
  /** Epley e1RM, kg: the figure used everywhere. */
  e1rmKg: number;
  /** Brzycki e1RM from the same set, kg: cross-check only. */
  brzyckiKg: number;
  weightKg: number;
  reps: number;
  rpe: number | null;
  /** reps + reps in reserve (10 − RPE) when the RPE was logged, else reps. */
  repsToFailure: number;
  rpeAdjusted: boolean;
}

/**
 * e1RM of one set, or null when the set is not usable: bodyweight exercise, not completed, no positive weight,
 * more than 10 reps, or an RPE below 7. A set without RPE is taken as a set to failure, which gives a lower
 * bound (it can understate, never invent, a PR).
 */
export function estimateSet(exercise: ExerciseRecord, set: SetRecord): SetEstimate | null {
  if (exercise.isBodyweight) return null;
  const reps = performedReps(set);
  const weightKg = finite(set.weightKg);
  if (reps === null || reps > E1RM_MAX_REPS || weightKg === null || weightKg <= 0) return null;
  const rpe = validRpe(set.rpe);
  if (rpe !== null && rpe < RPE_TRUSTED_FROM) return null;
  const repsToFailure = rpe === null ? reps : reps + (10 - rpe);
  return {
    e1rmKg: epleyE1rm(weightKg, repsToFailure),
    brzyckiKg: brzyckiE1rm(weightKg, repsToFailure),
    weightKg,
    reps,
    rpe,
    repsToFailure,
    rpeAdjusted: rpe !== null,
  };
}

export interface E1rmPoint extends SetEstimate {
  date: IsoDate;
  workoutId: string;
}

export interface LiftProgress {
  exerciseId: string;
  /** One point per session with a usable set: that session's best set by Epley. */
  history: E1rmPoint[];
  best: E1rmPoint | null;
  /** Heaviest completed rep set ever, kg (any rep count or RPE). */
  heaviestKg: number;
}

export type PersonalRecordKind = "e1rm" | "heaviest-weight" | "reps-at-weight";

export interface PersonalRecord {
  kind: PersonalRecordKind;
  exerciseId: string;
  date: IsoDate;
  workoutId: string;
  weightKg: number;
  reps: number;
  /** The new record: kg for e1rm and heaviest-weight, reps for reps-at-weight. */
  value: number;
  /** The record it beat, same unit. */
  previous: number;
}

export interface StrengthReport {
  /** Loaded lifts, most-trained first. */
  lifts: LiftProgress[];
  /** All PRs in chronological order. */
  prs: PersonalRecord[];
}

/** Weight key for "reps at a weight": hundredths of a kg, so lb-entered loads compare equal (and keys are ints). */
function weightKey(weightKg: number): number {
  return Math.round(weightKg * 100);
}

interface SessionLift {
  best: SetEstimate | null;
  heaviest: { weightKg: number; reps: number } | null;
  repsAtWeight: Map<number, number>;
}

function collectSession(workout: WorkoutRecord): Map<string, SessionLift> {
  const lifts = new Map<string, SessionLift>();
  for (const exercise of workout.exercises) {
    if (exercise.isBodyweight) continue;
    for (const set of exercise.sets) {
      const reps = performedReps(set);
      const weightKg = finite(set.weightKg);
      if (reps === null || weightKg === null || weightKg <= 0) continue;
      const lift: SessionLift = lifts.get(exercise.exerciseId) ?? {
        best: null,
        heaviest: null,
        repsAtWeight: new Map<number, number>(),
      };
      lifts.set(exercise.exerciseId, lift);
      const estimate = estimateSet(exercise, set);
      if (estimate && (!lift.best || estimate.e1rmKg > lift.best.e1rmKg)) lift.best = estimate;
      if (!lift.heaviest || weightKg > lift.heaviest.weightKg) lift.heaviest = { weightKg, reps };
      else if (weightKg === lift.heaviest.weightKg) lift.heaviest.reps = Math.max(lift.heaviest.reps, reps);
      const key = weightKey(weightKg);
      lift.repsAtWeight.set(key, Math.max(lift.repsAtWeight.get(key) ?? 0, reps));
    }
  }
  return lifts;
}

interface LiftState {
  progress: LiftProgress;
  repsAtWeight: Map<number, number>;
  sessions: number;
}

/**
 * e1RM history and PRs per loaded lift. Workouts must be in chronological order. A PR needs an earlier record
 * to beat: the first session of a lift (or the first time at a weight) sets the baseline and is not a PR.
 */
export function computeStrength(workouts: readonly WorkoutRecord[]): StrengthReport {
  const states = new Map<string, LiftState>();
  const prs: PersonalRecord[] = [];
  for (const workout of workouts) {
    const { id: workoutId, date } = workout;
    // Explicit literals rather than spreads: this loop runs once per lift per session over years of history.
    const pr = (
      exerciseId: string,
      kind: PersonalRecordKind,
      weightKg: number,
      reps: number,
      value: number,
      previous: number,
    ) => prs.push({ kind, exerciseId, date, workoutId, weightKg, reps, value, previous });
    for (const [exerciseId, session] of collectSession(workout)) {
      let state = states.get(exerciseId);
      const isNew = state === undefined;
      if (state === undefined) {
        state = {
          progress: { exerciseId, history: [], best: null, heaviestKg: 0 },
          repsAtWeight: new Map(),
          sessions: 0,
        };
        states.set(exerciseId, state);
      }
      const progress = state.progress;
      const best = session.best;
      if (best) {
        const point: E1rmPoint = {
          e1rmKg: best.e1rmKg,
          brzyckiKg: best.brzyckiKg,
          weightKg: best.weightKg,
          reps: best.reps,
          rpe: best.rpe,
          repsToFailure: best.repsToFailure,
          rpeAdjusted: best.rpeAdjusted,
          date,
          workoutId,
        };
        progress.history.push(point);
        const previous = progress.best;
        if (previous && point.e1rmKg > previous.e1rmKg + 1e-9) {
          pr(exerciseId, "e1rm", point.weightKg, point.reps, point.e1rmKg, previous.e1rmKg);
        }
        if (!previous || point.e1rmKg > previous.e1rmKg + 1e-9) progress.best = point;
      }
      if (session.heaviest) {
        const { weightKg, reps } = session.heaviest;
        if (!isNew && weightKg > progress.heaviestKg) {
          pr(exerciseId, "heaviest-weight", weightKg, reps, weightKg, progress.heaviestKg);
        }
        progress.heaviestKg = Math.max(progress.heaviestKg, weightKg);
      }
      for (const [key, reps] of session.repsAtWeight) {
        const before = state.repsAtWeight.get(key);
        if (before !== undefined && reps > before) {
          pr(exerciseId, "reps-at-weight", key / 100, reps, reps, before);
        }
        state.repsAtWeight.set(key, Math.max(before ?? 0, reps));
      }
      state.sessions += 1;
    }
  }
  const lifts = [...states.values()]
    .sort((a, b) => b.sessions - a.sessions || (a.progress.exerciseId < b.progress.exerciseId ? -1 : 1))
    .map((s) => s.progress);
  return { lifts, prs };
}
