// Turning a plan (the planner's or the model's, src/plan/schema.ts) into the session's exercises and set slots.
// Keys come from the plan (`<phase>-<n>` for exercises, the plan's own set ids for sets), so every device that
// materializes the same plan writes the same entries.
import * as z from "zod";
import type { SetTarget, WorkoutExercise, WorkoutSet } from "../documents/workout.js";
import { WorkoutPhaseSchema } from "../documents/workout.js";
import { EntryIdSchema } from "../documents/primitives.js";
import { WorkoutOpError } from "./change.js";
import { spreadOrderKeys } from "./order-keys.js";

const nullableNumber = z.number().nullable();

/** The parts of a plan the player reads. Loose: the planner's schema (src/plan) is the strict one. */
const PlanShapeSchema = z.looseObject({
  phases: z.array(
    z.looseObject({
      kind: WorkoutPhaseSchema,
      exercises: z.array(
        z.looseObject({
          exerciseId: z.string().min(1).max(80),
          name: z.string().min(1).max(120),
          sets: z.array(
            z.looseObject({
              id: EntryIdSchema,
              reps: nullableNumber,
              durationSec: nullableNumber,
              load: z.looseObject({
                type: z.string(),
                kg: z.number().optional(),
                percent: z.number().optional(),
              }),
              targetRpe: nullableNumber,
              targetRir: nullableNumber,
              restSec: nullableNumber,
            }),
          ),
        }),
      ),
    }),
  ),
});
export type PlanShape = z.infer<typeof PlanShapeSchema>;

/** Kilograms for a "percent of e1RM" load: the caller knows the lifter's e1RM (metrics), or null. */
export type LoadResolver = (exerciseId: string, percentE1rm: number) => number | null;

export interface MaterializeOptions {
  readonly resolveLoadKg?: LoadResolver;
}

export interface SessionStructure {
  readonly exercises: Record<string, WorkoutExercise>;
  readonly sets: Record<string, WorkoutSet>;
}

export function parsePlanShape(plan: unknown): PlanShape {
  const parsed = PlanShapeSchema.safeParse(plan);
  if (!parsed.success) {
    throw new WorkoutOpError(
      "invalid-plan",
      `not a plan the player can read: ${z.prettifyError(parsed.error)}`,
    );
  }
  return parsed.data;
}

const clamp = (value: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, value));
const intOrNull = (value: number | null, hi: number) =>
  value === null || !Number.isFinite(value) ? null : clamp(Math.round(value), 0, hi);
const halfPoints = (value: number) => clamp(Math.round(value * 2) / 2, 0, 10);

function targetOf(
  exerciseId: string,
  set: PlanShape["phases"][number]["exercises"][number]["sets"][number],
  resolve: LoadResolver | undefined,
): SetTarget {
  let weightKg: number | null = null;
  if (set.load.type === "kg" && set.load.kg !== undefined) weightKg = set.load.kg;
  else if (set.load.type === "percent_e1rm" && set.load.percent !== undefined) {
    weightKg = resolve?.(exerciseId, set.load.percent) ?? null;
  }
  const rpe =
    set.targetRpe !== null
      ? halfPoints(set.targetRpe)
      : set.targetRir !== null
        ? halfPoints(10 - set.targetRir)
        : null;
  return {
    reps: intOrNull(set.reps, 1000),
    durationSec: intOrNull(set.durationSec, 36_000),
    weightKg: weightKg === null || !Number.isFinite(weightKg) ? null : clamp(weightKg, 0, 1000),
    rpe,
    restSec: intOrNull(set.restSec, 3600),
  };
}

/** The exercises and set slots a plan asks for, keyed deterministically. */
export function materializePlan(plan: unknown, options: MaterializeOptions = {}): SessionStructure {
  const shape = parsePlanShape(plan);
  const exercises: Record<string, WorkoutExercise> = {};
  const sets: Record<string, WorkoutSet> = {};
  for (const phase of shape.phases) {
    const exerciseOrder = spreadOrderKeys(phase.exercises.length);
    phase.exercises.forEach((planned, i) => {
      const key = `${phase.kind}-${i + 1}`;
      const timed =
        planned.sets.length > 0 && planned.sets.every((s) => s.reps === null && s.durationSec !== null);
      exercises[key] = {
        id: key,
        exerciseId: planned.exerciseId,
        name: planned.name,
        phase: phase.kind,
        order: exerciseOrder[i]!,
        dose: timed ? "time" : "reps",
      };
      const setOrder = spreadOrderKeys(planned.sets.length);
      planned.sets.forEach((set, j) => {
        if (sets[set.id])
          throw new WorkoutOpError("invalid-plan", `set id ${set.id} appears twice in the plan`);
        sets[set.id] = {
          id: set.id,
          exerciseKey: key,
          order: setOrder[j]!,
          plannedSetId: set.id,
          target: targetOf(planned.exerciseId, set, options.resolveLoadKg),
        };
      });
    });
  }
  return { exercises, sets };
}
