// Small builders so hand-computed cases read like a training log.
import type {
  ExerciseRecord,
  MetricsInput,
  MuscleTargets,
  ReadinessRecord,
  SetRecord,
  TrainingProfile,
  WorkoutRecord,
} from "@cadence/shared-schema/metrics";

export function set(
  reps: number,
  weightKg: number | null,
  rpe: number | null = null,
  extra: Partial<SetRecord> = {},
): SetRecord {
  return { reps, durationSec: null, weightKg, rpe, completed: true, planned: true, ...extra };
}

export function skipped(weightKg: number | null = null): SetRecord {
  return { reps: null, durationSec: null, weightKg, rpe: null, completed: false, planned: true };
}

export function timed(durationSec: number, rpe: number | null = null): SetRecord {
  return { reps: null, durationSec, weightKg: null, rpe, completed: true, planned: true };
}

const MUSCLES: Record<string, MuscleTargets> = {
  squat: { primary: ["quadriceps", "glutes"], secondary: ["hamstrings"] },
  bench: { primary: ["chest"], secondary: ["triceps", "front-delts"] },
  deadlift: { primary: ["glutes", "hamstrings"], secondary: ["upper-back"] },
  "pull-up": { primary: ["lats"], secondary: ["biceps"] },
  "push-up": { primary: ["chest"], secondary: ["triceps"] },
  plank: { primary: ["abs"], secondary: [] },
};

export function lift(exerciseId: string, sets: SetRecord[]): ExerciseRecord {
  return {
    exerciseId,
    muscles: MUSCLES[exerciseId] ?? { primary: [exerciseId], secondary: [] },
    isBodyweight: false,
    sets,
  };
}

export function bodyweight(
  exerciseId: string,
  sets: SetRecord[],
  bodyweightFraction?: number,
): ExerciseRecord {
  return {
    exerciseId,
    muscles: MUSCLES[exerciseId] ?? { primary: [exerciseId], secondary: [] },
    isBodyweight: true,
    ...(bodyweightFraction === undefined ? {} : { bodyweightFraction }),
    sets,
  };
}

let counter = 0;
export function workout(
  date: string,
  exercises: ExerciseRecord[],
  extra: Partial<WorkoutRecord> = {},
): WorkoutRecord {
  counter += 1;
  return {
    id: extra.id ?? `w${counter}-${date}`,
    date,
    startedAt: `${date}T18:00:00+01:00`,
    finishedAt: null,
    durationMin: 60,
    sessionRpe: null,
    plannedSets: null,
    exercises,
    ...extra,
  };
}

export function readiness(
  date: string,
  recovery: -1 | 0 | 1,
  extra: Partial<ReadinessRecord> = {},
): ReadinessRecord {
  return { date, recovery, energy: null, sleepHours: null, hrvSim: null, ...extra };
}

export const PROFILE: TrainingProfile = { plannedDaysPerWeek: 3, bodyweightKg: 80 };

export function input(
  workouts: WorkoutRecord[],
  profile: Partial<TrainingProfile> = {},
  entries: ReadinessRecord[] = [],
): MetricsInput {
  return { workouts, readiness: entries, profile: { ...PROFILE, ...profile } };
}

/** Paths of every NaN or ±Infinity in a result: none may reach the dashboard. */
export function nonFinite(value: unknown, path = "$"): string[] {
  if (typeof value === "number") return Number.isFinite(value) ? [] : [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => nonFinite(v, `${path}[${i}]`));
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => nonFinite(v, `${path}.${k}`));
  }
  return [];
}
