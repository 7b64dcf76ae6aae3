// Operations on the session's exercises: add (a manual workout, or an extra exercise), remove, move and swap.
// A swap changes the exercise entry in place and records a `swaps` entry; sets already logged keep the
// exercise they were done with (their log carries it).
import type {
  SetTarget,
  Swap,
  WorkoutDoc,
  WorkoutExercise,
  WorkoutPhase,
  WorkoutSet,
} from "../documents/workout.js";
import { SwapSchema, WorkoutExerciseSchema } from "../documents/workout.js";
import { opEnv, workoutChange, WorkoutOpError, type EditContext, type WorkoutChange } from "./change.js";
import { compareOrdered, spreadOrderKeys } from "./order-keys.js";
import { placeAmong } from "./set-ops.js";
import { keysOf, readEntries, slotsOf } from "./snapshot.js";
import { checked, checkedTarget, EMPTY_TARGET } from "./values.js";

/** The exercises of a phase in show order (id and order only). */
function exercisesIn(d: WorkoutDoc, phase: WorkoutPhase): Array<{ id: string; order: string }> {
  return readEntries(d, "exercises", ["phase", "order"])
    .filter((e) => e.phase === phase)
    .map((e) => ({ id: e.id, order: String(e.order) }))
    .sort(compareOrdered);
}

export interface AddExerciseInput {
  readonly exerciseId: string;
  readonly name: string;
  readonly phase?: WorkoutPhase;
  readonly dose?: "reps" | "time";
  /** Place after this exercise (of the same phase); null = first of the phase; absent = last. */
  readonly after?: string | null;
  /** One target per set to create (may be empty objects); none by default. */
  readonly sets?: readonly Partial<SetTarget>[];
}

/** Adds an exercise, with sets if given. */
export function addExercise(
  input: AddExerciseInput,
  ctx: EditContext,
): WorkoutChange<{ readonly exerciseKey: string; readonly setIds: readonly string[] }> {
  const env = opEnv(ctx);
  const phase = input.phase ?? "main";
  const dose = input.dose ?? "reps";
  checked(WorkoutExerciseSchema.shape.exerciseId, input.exerciseId, "exerciseId");
  checked(WorkoutExerciseSchema.shape.name, input.name, "name");
  checked(WorkoutExerciseSchema.shape.phase, phase, "phase");
  const targets = (input.sets ?? []).map(checkedTarget);
  const exerciseKey = env.newId();
  const setIds = targets.map(() => env.newId());
  return workoutChange(
    "addExercise",
    ctx,
    env,
    (d) => {
      const samePhase = exercisesIn(d, phase);
      const exercise: WorkoutExercise = {
        id: exerciseKey,
        exerciseId: input.exerciseId,
        name: input.name,
        phase,
        order: placeAmong(samePhase, input.after),
        dose,
      };
      d.exercises[exerciseKey] = exercise;
      const order = spreadOrderKeys(targets.length);
      targets.forEach((target, i) => {
        const set: WorkoutSet = {
          id: setIds[i]!,
          exerciseKey,
          order: order[i]!,
          plannedSetId: null,
          target: { ...EMPTY_TARGET, ...target },
        };
        d.sets[set.id] = set;
      });
    },
    { exerciseKey, setIds },
  );
}

/** Removes an exercise with its sets and their logs. */
export function removeExercise(exerciseKey: string, ctx: EditContext): WorkoutChange<void> {
  const env = opEnv(ctx);
  return workoutChange(
    "removeExercise",
    ctx,
    env,
    (d) => {
      if (!d.exercises[exerciseKey])
        throw new WorkoutOpError("unknown-exercise", `no exercise ${exerciseKey}`);
      const logs = readEntries(d, "log", ["exerciseKey"]);
      const logged = new Set(logs.map((l) => l.id));
      for (const set of slotsOf(d, exerciseKey)) {
        delete d.sets[set.id];
        if (logged.delete(set.id)) delete d.log[set.id];
      }
      for (const entry of logs) {
        if (entry.exerciseKey === exerciseKey && logged.has(entry.id)) delete d.log[entry.id];
      }
      delete d.exercises[exerciseKey];
    },
    undefined,
  );
}

/** Moves an exercise within its phase (after another exercise, or first), or to another phase. */
export function moveExercise(
  input: { readonly exerciseKey: string; readonly after: string | null; readonly phase?: WorkoutPhase },
  ctx: EditContext,
): WorkoutChange<void> {
  const env = opEnv(ctx);
  if (input.phase !== undefined) checked(WorkoutExerciseSchema.shape.phase, input.phase, "phase");
  return workoutChange(
    "moveExercise",
    ctx,
    env,
    (d) => {
      const exercise = d.exercises[input.exerciseKey];
      if (!exercise) throw new WorkoutOpError("unknown-exercise", `no exercise ${input.exerciseKey}`);
      const phase = input.phase ?? exercise.phase;
      const samePhase = exercisesIn(d, phase);
      const order = placeAmong(samePhase, input.after, input.exerciseKey);
      if (exercise.phase !== phase) exercise.phase = phase;
      if (exercise.order !== order) exercise.order = order;
    },
    undefined,
  );
}

export interface SwapExerciseInput {
  readonly exerciseKey: string;
  readonly to: {
    /** Library id of the substitute (see suggestSubstitutes), or a custom id. */
    readonly exerciseId: string;
    readonly name: string;
    readonly dose?: "reps" | "time";
  };
  readonly reason?: string;
  /**
   * Targets for the sets not yet logged (e.g. a load for the substitute). By default their weight target is
   * cleared: a load for one exercise says nothing about another.
   */
  readonly target?: Partial<SetTarget>;
  readonly keepLoads?: boolean;
}

/** Swaps an exercise for another (injury, busy equipment); recorded as a `swaps` entry. */
export function swapExercise(
  input: SwapExerciseInput,
  ctx: EditContext,
): WorkoutChange<{ readonly swapId: string }> {
  const env = opEnv(ctx);
  checked(WorkoutExerciseSchema.shape.exerciseId, input.to.exerciseId, "exerciseId");
  checked(WorkoutExerciseSchema.shape.name, input.to.name, "name");
  const reason = checked(SwapSchema.shape.reason, input.reason ?? "", "reason");
  const target = checkedTarget(input.target ?? {});
  const swapId = env.newId();
  return workoutChange(
    "swapExercise",
    ctx,
    env,
    (d) => {
      const exercise = d.exercises[input.exerciseKey];
      if (!exercise) throw new WorkoutOpError("unknown-exercise", `no exercise ${input.exerciseKey}`);
      if (exercise.exerciseId === input.to.exerciseId && exercise.name === input.to.name) {
        throw new WorkoutOpError("invalid-value", "swap: that is the exercise already");
      }
      const swap: Swap = {
        id: swapId,
        exerciseKey: input.exerciseKey,
        fromExerciseId: exercise.exerciseId,
        fromExerciseName: exercise.name,
        toExerciseId: input.to.exerciseId,
        toExerciseName: input.to.name,
        reason,
        at: env.iso,
        deviceId: ctx.deviceId,
      };
      d.swaps[swapId] = swap;
      exercise.exerciseId = input.to.exerciseId;
      exercise.name = input.to.name;
      if (input.to.dose !== undefined && exercise.dose !== input.to.dose) exercise.dose = input.to.dose;
      const reset: Partial<SetTarget> = input.keepLoads ? {} : { weightKg: null };
      const logged = keysOf(d, "log");
      const changes = Object.entries({ ...reset, ...target });
      const sets = readEntries(d, "sets", ["exerciseKey"], "target");
      for (const set of sets) {
        if (set.exerciseKey !== input.exerciseKey || logged.has(set.id)) continue;
        const current = set.nested ?? {};
        const edits = changes.filter(([field, value]) => current[field] !== value);
        if (edits.length === 0) continue;
        const t = d.sets[set.id]!.target as unknown as Record<string, unknown>;
        for (const [field, value] of edits) t[field] = value;
      }
    },
    { swapId },
  );
}
