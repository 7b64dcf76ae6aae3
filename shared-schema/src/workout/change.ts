// How workout operations become Automerge changes. Every operation is built outside the document (ids and the
// clock are read once, when it is built) and applied inside `handle.change`, so the same operation applied on
// two replicas writes the same values. Its change message is JSON `{ by, deviceId, action }`: a hint for the
// history view, which prefers the server's own record of who delivered each change.
import * as A from "@automerge/automerge";
import { WORKOUT_SCHEMA_VERSION, type WorkoutDoc } from "../documents/workout.js";
import { makeEntryId } from "../ids.js";

export const WORKOUT_ACTIONS = [
  "create",
  "migrate",
  "attachPlan",
  "start",
  "logSet",
  "editSet",
  "unlogSet",
  "addSet",
  "removeSet",
  "moveSet",
  "editTarget",
  "addExercise",
  "removeExercise",
  "moveExercise",
  "swapExercise",
  "pause",
  "resume",
  "finish",
  "editNotes",
  "editDetails",
  "restore",
] as const;
export type WorkoutAction = (typeof WORKOUT_ACTIONS)[number];

/** Who is changing the workout, and the clock and id source (both injectable for tests and replays). */
export interface EditContext {
  /** The user id, or "worker" / "server" for a service. */
  readonly by: string;
  /**
   * The device: use the repo's peerId (`u-<userId>-<random>`, kept per installation) so the server's
   * attribution and the message name the same device.
   */
  readonly deviceId: string;
  readonly now?: () => Date;
  readonly newId?: () => string;
}

/** The JSON carried in a change's message. Extra fields (e.g. `restoredFrom`) are allowed. */
export interface ChangeMessage {
  readonly by: string;
  readonly deviceId: string;
  readonly action: string;
  readonly restoredFrom?: readonly string[];
}

export function encodeChangeMessage(message: ChangeMessage): string {
  return JSON.stringify(message);
}

/** The message of a change, or null when it is absent or not ours (another app, a hand-made change). */
export function parseChangeMessage(message: string | null | undefined): ChangeMessage | null {
  if (typeof message !== "string" || !message.startsWith("{")) return null;
  try {
    const value: unknown = JSON.parse(message);
    if (typeof value !== "object" || value === null) return null;
    const { by, deviceId, action, restoredFrom } = value as Record<string, unknown>;
    if (typeof by !== "string" || typeof deviceId !== "string" || typeof action !== "string") return null;
    const heads =
      Array.isArray(restoredFrom) && restoredFrom.every((h) => typeof h === "string")
        ? { restoredFrom: restoredFrom }
        : {};
    return { by, deviceId, action, ...heads };
  } catch {
    return null;
  }
}

/** An operation ready to apply: `handle.change(change.apply, change.options)`. */
export interface WorkoutChange<R = void> {
  readonly action: WorkoutAction;
  /** The options argument of `handle.change` / `Automerge.change`: message and time (seconds). */
  readonly options: { readonly message: string; readonly time: number };
  /** Mutates the document proxy inside a change; throws WorkoutOpError (the change is rolled back). */
  readonly apply: (doc: WorkoutDoc) => void;
  /** What the operation made, known before it is applied (e.g. the new set's id). */
  readonly result: R;
}

export type WorkoutOpErrorCode =
  | "unknown-set"
  | "unknown-exercise"
  | "not-logged"
  | "invalid-value"
  | "invalid-plan"
  | "not-started"
  | "has-logs"
  | "old-version";

/** An operation that does not fit the document (a stale UI, a bad value); the change is not made. */
export class WorkoutOpError extends Error {
  constructor(
    readonly code: WorkoutOpErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "WorkoutOpError";
  }
}

/** The clock and id source of a context, resolved once per operation. */
export interface OpEnv {
  readonly now: Date;
  readonly iso: string;
  readonly newId: () => string;
}

export function opEnv(ctx: EditContext): OpEnv {
  const now = ctx.now?.() ?? new Date();
  return { now, iso: now.toISOString(), newId: ctx.newId ?? makeEntryId };
}

export function workoutChange<R>(
  action: WorkoutAction,
  ctx: EditContext,
  env: OpEnv,
  apply: (doc: WorkoutDoc) => void,
  result: R,
  extra: Partial<Pick<ChangeMessage, "restoredFrom">> = {},
): WorkoutChange<R> {
  const message = encodeChangeMessage({ by: ctx.by, deviceId: ctx.deviceId, action, ...extra });
  const guarded =
    action === "create" || action === "migrate"
      ? apply
      : (d: WorkoutDoc) => {
          if (d.schemaVersion !== WORKOUT_SCHEMA_VERSION) {
            throw new WorkoutOpError("old-version", "upgrade the workout document first (upgradeWorkout)");
          }
          apply(d);
        };
  return { action, options: { message, time: Math.floor(env.now.getTime() / 1000) }, apply: guarded, result };
}

/** Applies an operation to a plain Automerge document (tests, the worker); a DocHandle uses `handle.change`. */
export function applyWorkoutChange(
  doc: A.Doc<WorkoutDoc>,
  change: WorkoutChange<unknown>,
): A.Doc<WorkoutDoc> {
  return A.change(doc, { message: change.options.message, time: change.options.time }, change.apply);
}
