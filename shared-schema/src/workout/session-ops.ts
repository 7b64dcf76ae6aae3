// Operations on the session as a whole: create, upgrade, attach a plan, start, pause, resume, finish, notes and
// the details a later correction may change (Flow 13).
import * as A from "@automerge/automerge";
import type * as z from "zod";
import type { WorkoutDoc } from "../documents/workout.js";
import { WORKOUT_SCHEMA_VERSION, WorkoutDocSchema } from "../documents/workout.js";
import { migrate } from "../migrations.js";
import {
  applyWorkoutChange,
  opEnv,
  workoutChange,
  WorkoutOpError,
  type EditContext,
  type WorkoutChange,
} from "./change.js";
import { materializePlan, type MaterializeOptions } from "./plan-structure.js";
import { plainCopy, reconcileInto } from "./reconcile.js";
import { readEntries } from "./snapshot.js";
import { checked } from "./values.js";

/** Fills an empty document with a new workout (`newWorkoutDoc(...)`): the first change, with a message. */
export function initWorkout(initial: WorkoutDoc, ctx: EditContext): WorkoutChange<void> {
  const env = opEnv(ctx);
  const copy = plainCopy(initial);
  return workoutChange(
    "create",
    ctx,
    env,
    (d) => {
      if ((d as Partial<WorkoutDoc>).kind !== undefined) {
        throw new WorkoutOpError("invalid-value", "the document is not empty");
      }
      Object.assign(d, copy);
    },
    undefined,
  );
}

/** A new Automerge workout document whose first change is `initWorkout` (for tests, the worker, tools). */
export function createWorkoutDocument(
  initial: WorkoutDoc,
  ctx: EditContext,
  options: { readonly actor?: string } = {},
): A.Doc<WorkoutDoc> {
  const empty = A.init<WorkoutDoc>(options.actor === undefined ? undefined : { actor: options.actor });
  return applyWorkoutChange(empty, initWorkout(initial, ctx));
}

/** True when a workout document is older than this build (upgrade it before writing). */
export function needsUpgrade(doc: { readonly schemaVersion?: unknown }): boolean {
  return doc.schemaVersion !== WORKOUT_SCHEMA_VERSION;
}

/**
 * Persists the schema migration into the document itself: only the fields that change are written (new empty
 * maps, new scalar fields), nothing is removed and no list item is inserted. Applies as an empty change when
 * the document is current. Run it once, where the document is opened for writing; see docs/workouts.md for why
 * two offline devices upgrading the same old document should be avoided.
 */
export function upgradeWorkout(ctx: EditContext): WorkoutChange<void> {
  const env = opEnv(ctx);
  return workoutChange(
    "migrate",
    ctx,
    env,
    (d) => {
      if (!needsUpgrade(d)) return;
      const upgraded = migrate("workout", plainCopy(d));
      reconcileInto(d, d, upgraded, [], { text: [["notes"]] });
    },
    undefined,
  );
}

function hasLogs(d: WorkoutDoc): boolean {
  return Object.keys(d.log).length > 0;
}

function writePlanStructure(d: WorkoutDoc, plan: unknown, options: MaterializeOptions): void {
  const structure = materializePlan(plan, options);
  reconcileInto(d, d.exercises, structure.exercises, ["exercises"]);
  reconcileInto(d, d.sets, structure.sets, ["sets"]);
}

/**
 * Puts a plan into a workout that has nothing logged yet: `plan` is stored as given and the session's
 * exercises and sets become the plan's (deterministic keys, so the same plan gives the same entries on every
 * device). Whoever writes the plan (the worker's answer, the on-device planner, a cached plan) calls this in
 * the same change, so devices share one structure before anyone trains.
 */
export function attachPlan(
  plan: Record<string, unknown>,
  ctx: EditContext,
  options: MaterializeOptions = {},
): WorkoutChange<void> {
  const env = opEnv(ctx);
  const copy = plainCopy(plan);
  materializePlan(copy, options); // throws "invalid-plan" now rather than inside the change
  return workoutChange(
    "attachPlan",
    ctx,
    env,
    (d) => {
      if (hasLogs(d))
        throw new WorkoutOpError("has-logs", "sets are logged already; the plan cannot replace them");
      d.plan = copy;
      writePlanStructure(d, copy, options);
    },
    undefined,
  );
}

export interface StartOptions extends MaterializeOptions {
  /** A plan to train from (e.g. a cached plan for a workout that has none); otherwise the workout's own. */
  readonly plan?: Record<string, unknown>;
}

/**
 * Starts the workout: from its plan (exercises and sets are created if the plan was stored without them), from
 * a given plan, or empty (add exercises as you go). Starting a started workout changes nothing.
 */
export function startWorkout(ctx: EditContext, options: StartOptions = {}): WorkoutChange<void> {
  const env = opEnv(ctx);
  const given = options.plan === undefined ? null : plainCopy(options.plan);
  if (given) materializePlan(given, options);
  return workoutChange(
    "start",
    ctx,
    env,
    (d) => {
      if (given && !hasLogs(d)) {
        d.plan = given;
        writePlanStructure(d, given, options);
      } else if (d.plan !== null && Object.keys(d.exercises).length === 0 && !hasLogs(d)) {
        writePlanStructure(d, plainCopy(d.plan), options);
      }
      if (d.status === "planned" || d.status === "skipped") d.status = "in_progress";
      if (d.startedAt === null) d.startedAt = env.iso;
    },
    undefined,
  );
}

/** The open pauses, as proxies to write to. */
function openPauses(d: WorkoutDoc) {
  return readEntries(d, "pauses", ["resumedAt"])
    .filter((p) => p.resumedAt === null)
    .map((p) => d.pauses[p.id]!);
}

/** Pauses the session clock (no-op when a pause is already open). */
export function pauseWorkout(ctx: EditContext): WorkoutChange<{ readonly pauseId: string }> {
  const env = opEnv(ctx);
  const pauseId = env.newId();
  return workoutChange(
    "pause",
    ctx,
    env,
    (d) => {
      if (d.startedAt === null) throw new WorkoutOpError("not-started", "the workout has not started");
      if (d.finishedAt !== null || openPauses(d).length > 0) return;
      d.pauses[pauseId] = { id: pauseId, pausedAt: env.iso, resumedAt: null, deviceId: ctx.deviceId };
    },
    { pauseId },
  );
}

/** Ends every open pause (two devices may each have opened one). */
export function resumeWorkout(ctx: EditContext): WorkoutChange<void> {
  const env = opEnv(ctx);
  return workoutChange(
    "resume",
    ctx,
    env,
    (d) => {
      for (const pause of openPauses(d)) pause.resumedAt = env.iso;
    },
    undefined,
  );
}

/** Finishes the workout with the session RPE (CR-10); see `workoutSummary` for what to show next. */
export function finishWorkout(
  input: { readonly sessionRpe?: number | null },
  ctx: EditContext,
): WorkoutChange<void> {
  const env = opEnv(ctx);
  const rpe =
    input.sessionRpe === undefined
      ? undefined
      : checked(WorkoutDocSchema.shape.sessionRpe, input.sessionRpe, "sessionRpe");
  return workoutChange(
    "finish",
    ctx,
    env,
    (d) => {
      for (const pause of openPauses(d)) pause.resumedAt = env.iso;
      if (d.startedAt === null) d.startedAt = env.iso;
      if (d.status !== "completed") d.status = "completed";
      if (d.finishedAt === null) d.finishedAt = env.iso;
      if (rpe !== undefined && d.sessionRpe !== rpe) d.sessionRpe = rpe;
    },
    undefined,
  );
}

/**
 * Sets the notes to `text` by splicing only what differs, so an edit on another device at the same time
 * merges with this one instead of being replaced.
 */
export function editNotes(text: string, ctx: EditContext): WorkoutChange<void> {
  const env = opEnv(ctx);
  checked(WorkoutDocSchema.shape.notes, text, "notes");
  return workoutChange(
    "editNotes",
    ctx,
    env,
    (d) => {
      if (d.notes === text) return;
      try {
        A.updateText(d, ["notes"], text);
      } catch {
        d.notes = text; // stored as a plain string by a foreign writer: replace it
      }
    },
    undefined,
  );
}

export interface WorkoutDetails {
  readonly title?: string;
  readonly date?: string;
  readonly status?: WorkoutDoc["status"];
  readonly startedAt?: string | null;
  readonly finishedAt?: string | null;
  readonly sessionRpe?: number | null;
}

/** Corrects the workout's details afterwards (Flow 13); only the given fields change. */
export function editDetails(details: WorkoutDetails, ctx: EditContext): WorkoutChange<void> {
  const env = opEnv(ctx);
  const shape = WorkoutDocSchema.shape;
  const values: Record<string, unknown> = {};
  for (const field of ["title", "date", "status", "startedAt", "finishedAt", "sessionRpe"] as const) {
    if (details[field] !== undefined)
      values[field] = checked(shape[field] as z.ZodType, details[field], field);
  }
  return workoutChange(
    "editDetails",
    ctx,
    env,
    (d) => {
      const target = d as unknown as Record<string, unknown>;
      for (const [field, value] of Object.entries(values)) if (target[field] !== value) target[field] = value;
    },
    undefined,
  );
}
