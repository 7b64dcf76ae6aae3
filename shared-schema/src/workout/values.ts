// Checking values before they are written, so an operation never leaves a document its schema rejects.
import type * as z from "zod";
import type { SetTarget } from "../documents/workout.js";
import { SetLogSchema, SetTargetSchema } from "../documents/workout.js";
import { WorkoutOpError } from "./change.js";

/** What a device records for a set. Absent fields are left as they are (or null for a new log). */
export interface SetValues {
  readonly reps?: number | null;
  /** Kilograms (convert the user's unit with `fromDisplayMass` from @cadence/shared-schema/metrics). */
  readonly weightKg?: number | null;
  readonly rpe?: number | null;
  readonly durationSec?: number | null;
  /** False records a skipped set. Defaults to true for a new log. */
  readonly completed?: boolean;
}

export const SET_VALUE_FIELDS = ["reps", "weightKg", "rpe", "durationSec", "completed"] as const;
export type SetValueField = (typeof SET_VALUE_FIELDS)[number];

export const TARGET_FIELDS = ["reps", "durationSec", "weightKg", "rpe", "restSec"] as const;
export type TargetField = keyof SetTarget;

function check(schema: z.ZodType, value: unknown, what: string): void {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new WorkoutOpError("invalid-value", `${what}: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  }
}

/** The given set values, checked; throws WorkoutOpError("invalid-value"). */
export function checkedSetValues(values: SetValues): Partial<Record<SetValueField, number | boolean | null>> {
  const out: Partial<Record<SetValueField, number | boolean | null>> = {};
  for (const field of SET_VALUE_FIELDS) {
    const value = values[field];
    if (value === undefined) continue;
    check(SetLogSchema.shape[field], value, field);
    out[field] = value;
  }
  return out;
}

/** The given target fields, checked. */
export function checkedTarget(target: Partial<SetTarget>): Partial<SetTarget> {
  const out: Partial<Record<TargetField, number | null>> = {};
  for (const field of TARGET_FIELDS) {
    const value = target[field];
    if (value === undefined) continue;
    check(SetTargetSchema.shape[field], value, `target ${field}`);
    out[field] = value;
  }
  return out;
}

export function checked<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  check(schema, value, what);
  return value as T;
}

export const EMPTY_TARGET: SetTarget = {
  reps: null,
  durationSec: null,
  weightKg: null,
  rpe: null,
  restSec: null,
};
