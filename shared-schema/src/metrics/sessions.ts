/**
 * What counts as a session, a performed set and a set's load. Every metric goes through these few rules so
 * that a set is classified the same way by volume, intensity, strength and adherence.
 */
import { dayNumber } from "./calendar.js";
import type { ExerciseRecord, IsoDate, SetRecord, WorkoutRecord } from "./types.js";

/** A finite number or null: NaN, Infinity and missing values never reach a sum. */
export function finite(value: number | null | undefined): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** Set RPE on the 1–10 scale, or null when missing or out of range. */
export function validRpe(rpe: number | null | undefined): number | null {
  const value = finite(rpe);
  return value !== null && value >= 1 && value <= 10 ? value : null;
}

/** Reps of a completed rep set (a positive count), else null. */
export function performedReps(set: SetRecord): number | null {
  const reps = finite(set.reps);
  return set.completed && reps !== null && reps > 0 ? reps : null;
}

/** Seconds of a completed timed set: a set without reps that has a positive duration. */
export function timedSeconds(set: SetRecord): number | null {
  if (!set.completed || performedReps(set) !== null) return null;
  const seconds = finite(set.durationSec);
  return seconds !== null && seconds > 0 ? seconds : null;
}

/** A set that was done: a completed rep set or a completed timed set. */
export function isPerformed(set: SetRecord): boolean {
  return performedReps(set) !== null || timedSeconds(set) !== null;
}

/**
 * Load moved per rep in kg, or null when it is unknown. Loaded exercises: the external weight. Bodyweight
 * exercises: bodyweight × fraction + added weight, unknown without a bodyweight (never a silent 0).
 */
export function repLoadKg(
  exercise: ExerciseRecord,
  set: SetRecord,
  bodyweightKg: number | null,
): number | null {
  const external = finite(set.weightKg);
  if (!exercise.isBodyweight) return external !== null && external >= 0 ? external : null;
  const bodyweight = finite(bodyweightKg);
  if (bodyweight === null || bodyweight <= 0) return null;
  const fraction = finite(exercise.bodyweightFraction) ?? 1;
  return Math.max(0, bodyweight * fraction + (external ?? 0));
}

/**
 * A workout counts as a training session when at least one set was performed, or when it has no sets at all
 * but a positive duration (a session logged by time only). A started workout with only skipped sets does not.
 */
export function isTrainingSession(workout: WorkoutRecord): boolean {
  let hasSets = false;
  for (const exercise of workout.exercises) {
    for (const set of exercise.sets) {
      hasSets = true;
      if (isPerformed(set)) return true;
    }
  }
  if (hasSets) return false;
  const minutes = sessionMinutes(workout);
  return minutes !== null && minutes > 0;
}

/** Duration in minutes: durationMin when given, otherwise finishedAt − startedAt, otherwise null. */
export function sessionMinutes(workout: WorkoutRecord): number | null {
  const given = finite(workout.durationMin);
  if (given !== null) return given >= 0 ? given : null;
  if (workout.finishedAt === null) return null;
  const ms = Date.parse(workout.finishedAt) - Date.parse(workout.startedAt);
  return Number.isFinite(ms) && ms >= 0 ? ms / 60_000 : null;
}

/** Chronological order: local date, then start instant, then id (so ties are still deterministic). */
export function compareSessions(a: WorkoutRecord, b: WorkoutRecord): number {
  if (a.date !== b.date) return a.date < b.date ? -1 : 1;
  const ta = Date.parse(a.startedAt);
  const tb = Date.parse(b.startedAt);
  if (Number.isFinite(ta) && Number.isFinite(tb) && ta !== tb) return ta - tb;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Workouts on or before `until` (when given), in chronological order; validates every date. */
export function chronological(workouts: readonly WorkoutRecord[], until?: IsoDate): WorkoutRecord[] {
  const limit = until === undefined ? Infinity : dayNumber(until);
  return workouts.filter((w) => dayNumber(w.date) <= limit).sort(compareSessions);
}

export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Population standard deviation. */
export function populationSd(values: readonly number[]): number | null {
  const m = mean(values);
  if (m === null) return null;
  let sq = 0;
  for (const v of values) sq += (v - m) ** 2;
  return Math.sqrt(sq / values.length);
}
