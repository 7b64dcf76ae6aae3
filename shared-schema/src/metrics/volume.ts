/**
 * Training volume: volume load (Σ reps × load per rep, kg) per day, ISO week and muscle group, with bodyweight
 * work and timed work reported explicitly rather than folded in as zeros.
 */
import { dateOfDay, dayNumber, weekRef, weekStartOfDay, type WeekRef } from "./calendar.js";
import { finite, performedReps, repLoadKg, timedSeconds } from "./sessions.js";
import type { ExerciseRecord, IsoDate, TrainingProfile, WorkoutRecord } from "./types.js";

/** Set-count weight of a muscle the exercise trains as a primary or a secondary mover. */
export const PRIMARY_MUSCLE_WEIGHT = 1;
export const SECONDARY_MUSCLE_WEIGHT = 0.5;

export interface VolumeTotals {
  /** Performed sets (rep sets and timed sets). */
  sets: number;
  /** Reps of all performed rep sets, loaded or not. */
  reps: number;
  /** Σ reps × load per rep over sets whose load is known, kg. Includes bodyweight work when bodyweight is known. */
  volumeKg: number;
  /** The part of volumeKg that came from bodyweight exercises. */
  bodyweightVolumeKg: number;
  /** Reps of bodyweight exercises, always reported (whether or not they could be turned into kg). */
  bodyweightReps: number;
  /** Reps whose load is unknown (bodyweight work without a bodyweight, loaded work without a weight). */
  unloadedReps: number;
  /** Σ duration of performed timed sets, seconds. */
  timeUnderTensionSec: number;
  timedSets: number;
}

export interface MuscleVolume {
  muscle: string;
  /** Weighted set count: primary 1, secondary 0.5 per performed set. */
  sets: number;
  /** volumeKg attributed with the same weights (so muscle figures do not add up to the total). */
  volumeKg: number;
  timeUnderTensionSec: number;
}

export interface DayVolume {
  date: IsoDate;
  totals: VolumeTotals;
}

export interface WeekVolume extends WeekRef {
  totals: VolumeTotals;
  byMuscle: MuscleVolume[];
}

export interface VolumeReport {
  total: VolumeTotals;
  /** Days with at least one workout, ascending. */
  byDay: DayVolume[];
  /** ISO weeks with at least one workout, ascending. */
  byWeek: WeekVolume[];
  /** Whole history per muscle, most sets first. */
  byMuscle: MuscleVolume[];
}

export function emptyTotals(): VolumeTotals {
  return {
    sets: 0,
    reps: 0,
    volumeKg: 0,
    bodyweightVolumeKg: 0,
    bodyweightReps: 0,
    unloadedReps: 0,
    timeUnderTensionSec: 0,
    timedSets: 0,
  };
}

/** Set-count weight per muscle for one exercise; a muscle listed as both counts as primary. */
export function muscleWeights(exercise: ExerciseRecord): Map<string, number> {
  const weights = new Map<string, number>();
  for (const m of exercise.muscles.secondary) weights.set(m, SECONDARY_MUSCLE_WEIGHT);
  for (const m of exercise.muscles.primary) weights.set(m, PRIMARY_MUSCLE_WEIGHT);
  return weights;
}

type MuscleMap = Map<string, MuscleVolume>;

function addToMuscle(map: MuscleMap, muscle: string, sets: number, volumeKg: number, tut: number): void {
  const entry = map.get(muscle) ?? { muscle, sets: 0, volumeKg: 0, timeUnderTensionSec: 0 };
  entry.sets += sets;
  entry.volumeKg += volumeKg;
  entry.timeUnderTensionSec += tut;
  map.set(muscle, entry);
}

function sortedMuscles(map: MuscleMap): MuscleVolume[] {
  return [...map.values()].sort((a, b) => b.sets - a.sets || (a.muscle < b.muscle ? -1 : 1));
}

/** Adds one workout to the running totals (and per-muscle maps); the single place volume is counted. */
function accumulate(
  workout: WorkoutRecord,
  bodyweightKg: number | null,
  totals: readonly VolumeTotals[],
  muscles: readonly MuscleMap[],
): void {
  for (const exercise of workout.exercises) {
    const weights = muscleWeights(exercise);
    for (const set of exercise.sets) {
      const reps = performedReps(set);
      const seconds = timedSeconds(set);
      if (reps === null && seconds === null) continue;
      let volume = 0;
      for (const t of totals) t.sets += 1;
      if (reps !== null) {
        const load = repLoadKg(exercise, set, bodyweightKg);
        if (load !== null) volume = reps * load;
        for (const t of totals) {
          t.reps += reps;
          t.volumeKg += volume;
          if (exercise.isBodyweight) {
            t.bodyweightReps += reps;
            t.bodyweightVolumeKg += volume;
          }
          if (load === null) t.unloadedReps += reps;
        }
      } else if (seconds !== null) {
        for (const t of totals) {
          t.timeUnderTensionSec += seconds;
          t.timedSets += 1;
        }
      }
      for (const map of muscles) {
        for (const [muscle, w] of weights) addToMuscle(map, muscle, w, w * volume, w * (seconds ?? 0));
      }
    }
  }
}

/** Volume of a single workout (used for the recent-workouts list and for edits). */
export function workoutVolume(workout: WorkoutRecord, profile: TrainingProfile): VolumeTotals {
  const totals = emptyTotals();
  accumulate(workout, finite(profile.bodyweightKg), [totals], []);
  return totals;
}

/** Volume per day, per ISO week (with per-muscle set counts) and per muscle over all given workouts. */
export function computeVolume(workouts: readonly WorkoutRecord[], profile: TrainingProfile): VolumeReport {
  const bodyweightKg = finite(profile.bodyweightKg);
  const total = emptyTotals();
  const allMuscles: MuscleMap = new Map();
  const days = new Map<number, VolumeTotals>();
  const weeks = new Map<number, { totals: VolumeTotals; muscles: MuscleMap }>();
  for (const workout of workouts) {
    const day = dayNumber(workout.date);
    const weekStart = weekStartOfDay(day);
    const dayTotals = days.get(day) ?? emptyTotals();
    days.set(day, dayTotals);
    const week = weeks.get(weekStart) ?? { totals: emptyTotals(), muscles: new Map() };
    weeks.set(weekStart, week);
    accumulate(workout, bodyweightKg, [total, dayTotals, week.totals], [allMuscles, week.muscles]);
  }
  return {
    total,
    byDay: [...days.entries()]
      .sort(([a], [b]) => a - b)
      .map(([day, totals]) => ({ date: dateOfDay(day), totals })),
    byWeek: [...weeks.entries()]
      .sort(([a], [b]) => a - b)
      .map(([start, w]) => ({ ...weekRef(start), totals: w.totals, byMuscle: sortedMuscles(w.muscles) })),
    byMuscle: sortedMuscles(allMuscles),
  };
}
