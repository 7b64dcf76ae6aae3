// Operations on sets: log, edit, unlog, add, remove, move, and edit targets. A set's log is keyed by the set's
// id, so logging or correcting the same set on two devices addresses one entry (its fields resolve
// deterministically), while sets added on two devices are two entries.
import type { SetLog, SetTarget, WorkoutDoc, WorkoutSet } from "../documents/workout.js";
import { opEnv, workoutChange, WorkoutOpError, type EditContext, type WorkoutChange } from "./change.js";
import { orderKeyBetween } from "./order-keys.js";
import { keysOf, slotsOf } from "./snapshot.js";
import { checkedSetValues, checkedTarget, EMPTY_TARGET, type SetValues } from "./values.js";

/** Order key for placing an entry among `ordered` (excluding `self`): after `after`, first (null) or last (undefined). */
export function placeAmong(
  ordered: readonly { readonly id: string; readonly order: string }[],
  after: string | null | undefined,
  self?: string,
): string {
  const list = ordered.filter((e) => e.id !== self);
  if (after === undefined) return orderKeyBetween(list[list.length - 1]?.order ?? null, null);
  if (after === null) return orderKeyBetween(null, list[0]?.order ?? null);
  const i = list.findIndex((e) => e.id === after);
  if (i < 0) return orderKeyBetween(list[list.length - 1]?.order ?? null, null);
  const here = list[i]!.order;
  const next = list.slice(i + 1).find((e) => e.order > here);
  return orderKeyBetween(here, next?.order ?? null);
}

function writeFields(target: Record<string, unknown>, values: Record<string, unknown>): void {
  for (const [field, value] of Object.entries(values)) {
    if (target[field] !== value) target[field] = value;
  }
}

function startIfPlanned(d: WorkoutDoc, iso: string): void {
  if (d.status !== "planned") return;
  d.status = "in_progress";
  if (d.startedAt === null) d.startedAt = iso;
}

function newLog(
  d: WorkoutDoc,
  slot: WorkoutSet,
  values: ReturnType<typeof checkedSetValues>,
  iso: string,
  deviceId: string,
): SetLog {
  const exercise = d.exercises[slot.exerciseKey];
  if (!exercise) throw new WorkoutOpError("unknown-exercise", `the exercise of set ${slot.id} was removed`);
  return {
    id: slot.id,
    exerciseKey: slot.exerciseKey,
    exerciseId: exercise.exerciseId,
    exerciseName: exercise.name,
    plannedSetId: slot.plannedSetId,
    reps: (values.reps as number | null | undefined) ?? null,
    weightKg: (values.weightKg as number | null | undefined) ?? null,
    rpe: (values.rpe as number | null | undefined) ?? null,
    durationSec: (values.durationSec as number | null | undefined) ?? null,
    completed: (values.completed as boolean | undefined) ?? true,
    completedAt: iso,
    deviceId,
  };
}

/**
 * Records what was done in a set (reps, weight, RPE, or duration / "completed" for a timed set). Logging a set
 * that already has a log edits that log. Starts a planned workout.
 */
export function logSet(input: { readonly setId: string } & SetValues, ctx: EditContext): WorkoutChange<void> {
  const env = opEnv(ctx);
  const values = checkedSetValues(input);
  return workoutChange(
    "logSet",
    ctx,
    env,
    (d) => {
      const existing = d.log[input.setId];
      if (existing) {
        writeFields(existing, values);
        return;
      }
      const slot = d.sets[input.setId];
      if (!slot) throw new WorkoutOpError("unknown-set", `no set ${input.setId}`);
      d.log[input.setId] = newLog(d, slot, values, env.iso, ctx.deviceId);
      startIfPlanned(d, env.iso);
    },
    undefined,
  );
}

/** Corrects a logged set; only the given fields change. */
export function editSet(
  input: { readonly setId: string } & SetValues,
  ctx: EditContext,
): WorkoutChange<void> {
  const env = opEnv(ctx);
  const values = checkedSetValues(input);
  return workoutChange(
    "editSet",
    ctx,
    env,
    (d) => {
      const existing = d.log[input.setId];
      if (!existing) throw new WorkoutOpError("not-logged", `set ${input.setId} has no log to edit`);
      writeFields(existing, values);
    },
    undefined,
  );
}

/** Takes a set's log back (the set stays, as not done). */
export function unlogSet(setId: string, ctx: EditContext): WorkoutChange<void> {
  const env = opEnv(ctx);
  return workoutChange(
    "unlogSet",
    ctx,
    env,
    (d) => {
      if (!d.log[setId]) throw new WorkoutOpError("not-logged", `set ${setId} has no log`);
      delete d.log[setId];
    },
    undefined,
  );
}

export interface AddSetInput {
  readonly exerciseKey: string;
  /** Place after this set; null = first; absent = last. */
  readonly after?: string | null;
  /** Target fields; the rest are copied from the set it is placed after (or the last set). */
  readonly target?: Partial<SetTarget>;
  /** Log it at once (an extra set done off-plan). */
  readonly log?: SetValues;
}

/** Adds a set to an exercise (an extra set), optionally logged in the same change. */
export function addSet(input: AddSetInput, ctx: EditContext): WorkoutChange<{ readonly setId: string }> {
  const env = opEnv(ctx);
  const target = checkedTarget(input.target ?? {});
  const values = input.log ? checkedSetValues(input.log) : null;
  const setId = env.newId();
  return workoutChange(
    "addSet",
    ctx,
    env,
    (d) => {
      if (!d.exercises[input.exerciseKey]) {
        throw new WorkoutOpError("unknown-exercise", `no exercise ${input.exerciseKey}`);
      }
      const ordered = slotsOf(d, input.exerciseKey);
      const modelId =
        (input.after ? ordered.find((s) => s.id === input.after) : undefined) ?? ordered[ordered.length - 1];
      const model = modelId ? d.sets[modelId.id] : undefined;
      const slot: WorkoutSet = {
        id: setId,
        exerciseKey: input.exerciseKey,
        order: placeAmong(ordered, input.after),
        plannedSetId: null,
        target: { ...EMPTY_TARGET, ...(model ? plainTarget(model.target) : {}), ...target },
      };
      d.sets[setId] = slot;
      if (values) {
        d.log[setId] = newLog(d, slot, values, env.iso, ctx.deviceId);
        startIfPlanned(d, env.iso);
      }
    },
    { setId },
  );
}

function plainTarget(target: SetTarget): SetTarget {
  return {
    reps: target.reps,
    durationSec: target.durationSec,
    weightKg: target.weightKg,
    rpe: target.rpe,
    restSec: target.restSec,
  };
}

/** Removes a set and its log ("drop a set"). */
export function removeSet(setId: string, ctx: EditContext): WorkoutChange<void> {
  const env = opEnv(ctx);
  return workoutChange(
    "removeSet",
    ctx,
    env,
    (d) => {
      if (!d.sets[setId] && !d.log[setId]) throw new WorkoutOpError("unknown-set", `no set ${setId}`);
      if (d.sets[setId]) delete d.sets[setId];
      if (d.log[setId]) delete d.log[setId];
    },
    undefined,
  );
}

/** Moves a set within its exercise: after another set, or first (null). */
export function moveSet(input: { readonly setId: string; readonly after: string | null }, ctx: EditContext) {
  const env = opEnv(ctx);
  return workoutChange(
    "moveSet",
    ctx,
    env,
    (d) => {
      const slot = d.sets[input.setId];
      if (!slot) throw new WorkoutOpError("unknown-set", `no set ${input.setId}`);
      const ordered = slotsOf(d, slot.exerciseKey);
      const order = placeAmong(ordered, input.after, input.setId);
      if (slot.order !== order) slot.order = order;
    },
    undefined,
  );
}

export interface EditTargetInput {
  readonly setId: string;
  readonly target: Partial<SetTarget>;
  /** Also change the later sets of the exercise that have no log yet ("for the remaining sets"). */
  readonly remaining?: boolean;
}

/** Changes what a set asks for (mid-workout). Only the given fields change. */
export function editTarget(input: EditTargetInput, ctx: EditContext): WorkoutChange<void> {
  const env = opEnv(ctx);
  const target = checkedTarget(input.target);
  return workoutChange(
    "editTarget",
    ctx,
    env,
    (d) => {
      const slot = d.sets[input.setId];
      if (!slot) throw new WorkoutOpError("unknown-set", `no set ${input.setId}`);
      const slots = [slot];
      if (input.remaining) {
        const ordered = slotsOf(d, slot.exerciseKey);
        const logged = keysOf(d, "log");
        const i = ordered.findIndex((s) => s.id === input.setId);
        for (const later of ordered.slice(i + 1)) if (!logged.has(later.id)) slots.push(d.sets[later.id]!);
      }
      for (const s of slots) writeFields(s.target, target);
    },
    undefined,
  );
}
