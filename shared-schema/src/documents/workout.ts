// The workout document: one per training session, edited by several devices at once (phone in the gym,
// laptop afterwards) and by the worker that writes the plan. Everything a device appends is a map entry
// with a random id, so concurrent appends merge instead of colliding on an index or a counter.
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

export const WORKOUT_SCHEMA_VERSION = 1;

export const WORKOUT_STATUSES = ["planned", "in_progress", "completed", "skipped"] as const;
export const WorkoutStatusSchema = z.enum(WORKOUT_STATUSES);
export type WorkoutStatus = z.infer<typeof WorkoutStatusSchema>;

/** One performed set. Sets of an exercise are ordered by `completedAt`, then `id`. */
export const SetLogSchema = z.object({
  id: EntryIdSchema,
  /** The plan's exercise id, or a library id when the set was logged off-plan. */
  exerciseId: z.string().min(1).max(80),
  exerciseName: z.string().min(1).max(120),
  /** The planned set this performs, or null for an extra set. */
  plannedSetId: EntryIdSchema.nullable(),
  reps: z.number().int().min(0).max(1000).nullable(),
  /** Always kilograms; the UI converts with settings.weightUnit. Null for bodyweight/no load. */
  weightKg: z.number().min(0).max(1000).nullable(),
  rpe: RpeSchema.nullable(),
  completedAt: IsoDateTimeSchema,
  deviceId: DeviceIdSchema,
});
export type SetLog = z.infer<typeof SetLogSchema>;

/** An exercise swapped mid-workout. */
export const SwapSchema = z.object({
  id: EntryIdSchema,
  fromExerciseId: z.string().min(1).max(80),
  toExerciseId: z.string().min(1).max(80).nullable(),
  toExerciseName: z.string().min(1).max(120),
  reason: z.string().max(500),
  at: IsoDateTimeSchema,
  deviceId: DeviceIdSchema,
});
export type Swap = z.infer<typeof SwapSchema>;

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
  /** The generated plan; a free-form object until the planner's schema (src/plan) defines it. */
  plan: JsonObjectSchema.nullable(),
  log: recordById(SetLogSchema),
  swaps: recordById(SwapSchema),
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

/** A new, unplanned workout; the client adds a plan request next. */
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
    log: {},
    swaps: {},
    notes: "",
    sessionRpe: null,
    feedback: null,
    requests: {},
  };
}
