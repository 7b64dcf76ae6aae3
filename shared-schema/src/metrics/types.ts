/**
 * Normalized inputs of the progress metrics. A later mapping layer turns workout, context and account documents
 * into these shapes (and validates them); the metrics themselves never touch storage, the clock or the network.
 *
 * Conventions: masses in kilograms, durations in minutes (sessions) or seconds (timed sets), calendar dates as
 * local `YYYY-MM-DD` strings in the user's own time zone (the mapper decides which local day a session belongs
 * to), weeks are ISO 8601 weeks starting on Monday.
 */

/** A local calendar date, `YYYY-MM-DD`. */
export type IsoDate = string;

/** An ISO 8601 week label, `YYYY-Www` (the ISO week-numbering year, which can differ from the calendar year). */
export type IsoWeek = string;

export type MassUnit = "kg" | "lb";

export interface SetRecord {
  /** Repetitions performed; null for a timed set (plank, hang). */
  reps: number | null;
  /** Duration of a timed set in seconds; ignored for rep sets. */
  durationSec: number | null;
  /**
   * External load in kg. For a bodyweight exercise this is the load added to the body (belt, vest), negative
   * for assistance; null means none.
   */
  weightKg: number | null;
  /** Set RPE on the reps-in-reserve scale (10 = failure, 8 = two reps left), half points allowed. */
  rpe: number | null;
  completed: boolean;
  /** True when the set came from the plan; false for a set the user added. */
  planned: boolean;
}

export interface MuscleTargets {
  primary: readonly string[];
  secondary: readonly string[];
}

export interface ExerciseRecord {
  exerciseId: string;
  muscles: MuscleTargets;
  isBodyweight: boolean;
  /**
   * Share of body mass moved by a bodyweight exercise (pull-up ≈ 1, push-up ≈ 0.64). Null or absent means 1.
   * Ignored for loaded exercises.
   */
  bodyweightFraction?: number | null;
  sets: readonly SetRecord[];
}

export interface WorkoutRecord {
  id: string;
  /** The local calendar day the session belongs to; every daily and weekly figure keys on it. */
  date: IsoDate;
  /** ISO instant with offset; orders sessions within a day and gives the duration when durationMin is null. */
  startedAt: string;
  finishedAt: string | null;
  durationMin: number | null;
  /** Session RPE on Foster's CR-10 scale (0–10), asked after the session. */
  sessionRpe: number | null;
  /** Planned set count of the session when known (it covers planned exercises that were skipped entirely). */
  plannedSets: number | null;
  exercises: readonly ExerciseRecord[];
}

export interface ReadinessRecord {
  date: IsoDate;
  /** The recovery slider: poor −1, normal 0, excellent +1. */
  recovery: -1 | 0 | 1;
  /** Energy on a 1–5 scale. */
  energy: number | null;
  sleepHours: number | null;
  /** Simulated HRV (phase 1), e.g. ln rMSSD; only its deviation from the personal baseline is used. */
  hrvSim: number | null;
}

export interface TrainingProfile {
  plannedDaysPerWeek: number;
  bodyweightKg: number | null;
}

export interface MetricsInput {
  workouts: readonly WorkoutRecord[];
  readiness: readonly ReadinessRecord[];
  profile: TrainingProfile;
}
