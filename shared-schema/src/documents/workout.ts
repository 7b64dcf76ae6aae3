// The workout document: one per training session, edited by several devices at once (phone in the gym,
// tablet on the bench, laptop afterwards) and by the worker that writes the plan. It is modelled so that
// concurrent operations compose under Automerge's field-by-field merge:
// - everything a device adds (exercises, sets, logs, swaps, pauses) is a map entry under a stable id, never a
//   list index or a counter, so two devices adding at once give two entries;
// - order is a fractional key per entry (`order`), so two devices inserting or moving never shift each other;
// - a set's log is keyed by the set's id, so logging the same set on two devices is one entry whose fields
//   Automerge resolves deterministically (last writer by actor), with both values kept as conflicts;
// - notes are Automerge text, so concurrent edits interleave instead of one replacing the other.
// The operations that keep these rules live in `src/workout/` (@cadence/shared-schema/workout).
import * as z from "zod";
import { UserIdSchema } from "../ids.js";
import {
  DeviceIdSchema,
  EntryIdSchema,
  IsoDateSchema,
  IsoDateTimeSchema,
  JsonObjectSchema,
  RpeSchema,
  recordById,
} from "./primitives.js";
import { RequestMapSchema } from "./request.js";

export const WORKOUT_SCHEMA_VERSION = 2;

export const WORKOUT_STATUSES = ["planned", "in_progress", "completed", "skipped"] as const;
export const WorkoutStatusSchema = z.enum(WORKOUT_STATUSES);
export type WorkoutStatus = z.infer<typeof WorkoutStatusSchema>;

/** The phases of a session, in the order they are shown (same kinds as the plan's phases). */
export const WORKOUT_PHASES = ["warmup", "main", "intervals", "cooldown"] as const;
export const WorkoutPhaseSchema = z.enum(WORKOUT_PHASES);
export type WorkoutPhase = z.infer<typeof WorkoutPhaseSchema>;

/**
 * A fractional order key: entries sort by (order, id) as plain strings. A key can always be made between two
 * others (`src/workout/order-keys.ts`), so inserting or moving writes one field of one entry.
 */
export const OrderKeySchema = z
  .string()
  .regex(/^[0-9A-Za-z]{1,128}$/, "Invalid order key: expected 1-128 of [0-9A-Za-z]");

const ExerciseIdSchema = z.string().min(1).max(80);
const ExerciseNameSchema = z.string().min(1).max(120);
const RepsSchema = z.number().int().min(0).max(1000);
/** Always kilograms; the UI converts with settings.weightUnit. */
const WeightKgSchema = z.number().min(0).max(1000);
const DurationSecSchema = z.number().int().min(0).max(36_000);

/** An exercise of the session (from the plan, added during the workout, or swapped in). */
export const WorkoutExerciseSchema = z.object({
  id: EntryIdSchema,
  /** Library id of the exercise done now (changes when it is swapped), or a free id for a custom one. */
  exerciseId: ExerciseIdSchema,
  name: ExerciseNameSchema,
  phase: WorkoutPhaseSchema,
  order: OrderKeySchema,
  /** Counted in reps, or held/performed for a time ("completed" sets). */
  dose: z.enum(["reps", "time"]),
});
export type WorkoutExercise = z.infer<typeof WorkoutExerciseSchema>;

/** What a set asks for. Every field is separately editable; null = no target. */
export const SetTargetSchema = z.object({
  reps: RepsSchema.nullable(),
  durationSec: DurationSecSchema.nullable(),
  weightKg: WeightKgSchema.nullable(),
  rpe: RpeSchema.nullable(),
  /** Rest after the set, seconds. */
  restSec: z.number().int().min(0).max(3600).nullable(),
});
export type SetTarget = z.infer<typeof SetTargetSchema>;

/** A set slot of an exercise: its target and place. What was done is in `log` under the same id. */
export const WorkoutSetSchema = z.object({
  id: EntryIdSchema,
  /** The exercise (key of `exercises`) the set belongs to. */
  exerciseKey: EntryIdSchema,
  order: OrderKeySchema,
  /** The plan's set id it comes from, or null for a set added during the workout. */
  plannedSetId: EntryIdSchema.nullable(),
  target: SetTargetSchema,
});
export type WorkoutSet = z.infer<typeof WorkoutSetSchema>;

/**
 * One performed (or skipped) set, keyed by the id of the set it performs. It carries the exercise as done, so it
 * stands on its own when the set or exercise is removed or swapped later (a log is never lost with its slot).
 */
export const SetLogSchema = z.object({
  id: EntryIdSchema,
  /** The exercise entry it was logged under; null in logs written before version 2. */
  exerciseKey: EntryIdSchema.nullable(),
  /** The exercise as performed: the plan's exercise id, or a library id when swapped or off-plan. */
  exerciseId: ExerciseIdSchema,
  exerciseName: ExerciseNameSchema,
  /** The planned set this performs, or null for an extra set. */
  plannedSetId: EntryIdSchema.nullable(),
  reps: RepsSchema.nullable(),
  /** Null for bodyweight / no load (for a bodyweight exercise, the load added to the body). */
  weightKg: WeightKgSchema.nullable(),
  rpe: RpeSchema.nullable(),
  /** Seconds of a timed set (plank, hang, interval); null for rep sets. */
  durationSec: DurationSecSchema.nullable(),
  /** False for a set the user skipped (it counts for adherence only). */
  completed: z.boolean(),
  completedAt: IsoDateTimeSchema,
  deviceId: DeviceIdSchema,
});
export type SetLog = z.infer<typeof SetLogSchema>;

/** An exercise swapped mid-workout: the history of `exercises[exerciseKey].exerciseId`. */
export const SwapSchema = z.object({
  id: EntryIdSchema,
  /** The exercise entry that was swapped; null in swaps written before version 2. */
  exerciseKey: EntryIdSchema.nullable(),
  fromExerciseId: ExerciseIdSchema,
  fromExerciseName: ExerciseNameSchema.nullable(),
  toExerciseId: ExerciseIdSchema.nullable(),
  toExerciseName: ExerciseNameSchema,
  reason: z.string().max(500),
  at: IsoDateTimeSchema,
  deviceId: DeviceIdSchema,
});
export type Swap = z.infer<typeof SwapSchema>;

/** A pause. Active time is the session minus the union of pauses (two devices may pause at once). */
export const PauseSchema = z.object({
  id: EntryIdSchema,
  pausedAt: IsoDateTimeSchema,
  resumedAt: IsoDateTimeSchema.nullable(),
  deviceId: DeviceIdSchema,
});
export type Pause = z.infer<typeof PauseSchema>;

/** Post-session coach feedback (Flow 10), written by the worker or the on-device fallback. */
export const CoachFeedbackSchema = z.object({
  requestId: z.uuid().nullable(),
  source: z.enum(["model", "rules"]),
  text: z.string().max(4000),
  createdAt: IsoDateTimeSchema,
});
export type CoachFeedback = z.infer<typeof CoachFeedbackSchema>;

export const WorkoutDocSchema = z.object({
  schemaVersion: z.literal(WORKOUT_SCHEMA_VERSION),
  kind: z.literal("workout"),
  userId: UserIdSchema,
  date: IsoDateSchema,
  title: z.string().max(120),
  status: WorkoutStatusSchema,
  createdAt: IsoDateTimeSchema,
  startedAt: IsoDateTimeSchema.nullable(),
  finishedAt: IsoDateTimeSchema.nullable(),
  /** The plan as generated; free-form here (the planner's schema is in src/plan). The player never edits it. */
  plan: JsonObjectSchema.nullable(),
  exercises: recordById(WorkoutExerciseSchema),
  sets: recordById(WorkoutSetSchema),
  log: recordById(SetLogSchema),
  swaps: recordById(SwapSchema),
  pauses: recordById(PauseSchema),
  /** Automerge text: concurrent edits merge character by character. */
  notes: z.string().max(20_000),
  /** Session RPE (CR-10) the user gives at the finish, for session load = RPE x minutes. */
  sessionRpe: RpeSchema.nullable(),
  feedback: CoachFeedbackSchema.nullable(),
  requests: RequestMapSchema,
});
export type WorkoutDoc = z.infer<typeof WorkoutDocSchema>;

export interface NewWorkoutOptions {
  readonly userId: string;
  /** The training day, `YYYY-MM-DD`. */
  readonly date: string;
  readonly title?: string;
  readonly now?: Date;
}

/**
 * A new, unplanned workout; the client adds a plan request next, or starts it empty. Every map exists from the
 * first change, so devices never create a container concurrently (two new maps under one key would conflict
 * and one side's entries would be hidden).
 */
export function newWorkoutDoc(options: NewWorkoutOptions): WorkoutDoc {
  return {
    schemaVersion: WORKOUT_SCHEMA_VERSION,
    kind: "workout",
    userId: options.userId,
    date: options.date,
    title: options.title ?? "",
    status: "planned",
    createdAt: (options.now ?? new Date()).toISOString(),
    startedAt: null,
    finishedAt: null,
    plan: null,
    exercises: {},
    sets: {},
    log: {},
    swaps: {},
    pauses: {},
    notes: "",
    sessionRpe: null,
    feedback: null,
    requests: {},
  };
}
