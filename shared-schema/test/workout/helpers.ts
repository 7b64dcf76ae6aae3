// Fixtures for the workout tests: a user, deterministic edit contexts (clock and ids), a plan in the planner's
// shape, a small exercise library, and shorthands for applying operations to plain Automerge documents.
import * as A from "@automerge/automerge";
import { expect } from "vitest";
import { newWorkoutDoc, validateDocument, type WorkoutDoc } from "../../src/index.js";
import {
  applyWorkoutChange,
  createWorkoutDocument,
  type EditContext,
  type LibraryExercise,
  type WorkoutChange,
} from "../../src/workout/index.js";

export const USER = "abcdefghijklmnopqrstuvwxyz";
export const PHONE = `u-${USER}-phone0001`;
export const TABLET = `u-${USER}-tablet001`;

/** A hand-driven clock: starts at `start`, moves only when told. */
export class Clock {
  #ms: number;
  constructor(start = "2025-03-01T10:00:00.000Z") {
    this.#ms = Date.parse(start);
  }
  now = (): Date => new Date(this.#ms);
  advance(seconds: number): this {
    this.#ms += seconds * 1000;
    return this;
  }
}

/** An edit context with a deterministic clock and ids (`<prefix>0001`, `<prefix>0002`, ...). */
export function context(deviceId: string, clock: Clock, prefix = deviceId.slice(-6)): EditContext {
  let n = 0;
  return {
    by: USER,
    deviceId,
    now: clock.now,
    newId: () => `${prefix.replace(/[^A-Za-z0-9]/g, "")}${String(++n).padStart(4, "0")}`,
  };
}

export const ACTOR_PHONE = "aa".repeat(16);
export const ACTOR_TABLET = "bb".repeat(16);
export const ACTOR_SERVER = "cc".repeat(16);

/** A new workout document, created by `ctx`. */
export function newDoc(ctx: EditContext, actor = ACTOR_PHONE, title = "Legs"): A.Doc<WorkoutDoc> {
  return createWorkoutDocument(
    newWorkoutDoc({ userId: USER, date: "2025-03-01", title, now: ctx.now?.() }),
    ctx,
    {
      actor,
    },
  );
}

export function apply(doc: A.Doc<WorkoutDoc>, change: WorkoutChange<unknown>): A.Doc<WorkoutDoc> {
  return applyWorkoutChange(doc, change);
}

/** A replica of `doc` on another device (its own actor). */
export function fork(doc: A.Doc<WorkoutDoc>, actor: string): A.Doc<WorkoutDoc> {
  return A.clone(doc, { actor });
}

export function expectValid(doc: A.Doc<WorkoutDoc> | WorkoutDoc): void {
  const result = validateDocument("workout", A.isAutomerge(doc) ? A.toJS(doc) : doc);
  if (!result.ok) throw new Error(result.issues);
  expect(result.ok).toBe(true);
}

const set = (id: string, reps: number | null, kg: number | null, extra: Record<string, unknown> = {}) => ({
  id,
  reps,
  durationSec: null,
  load: kg === null ? { type: "bodyweight" } : { type: "kg", kg },
  targetRpe: 8,
  targetRir: null,
  restSec: 120,
  cues: [],
  ...extra,
});

/** A plan in the planner's shape (src/plan/schema.ts): squat and bench, then planks to cool down. */
export function legsPlan(): Record<string, unknown> {
  return {
    requestId: "req-1",
    date: "2025-03-01",
    source: "rules",
    phases: [
      {
        kind: "main",
        bpm: { min: 130, max: 160 },
        exercises: [
          {
            exerciseId: "barbell_back_squat",
            name: "Squat",
            substitutesFor: null,
            sets: [set("main-1-1", 5, 100), set("main-1-2", 5, 100), set("main-1-3", 5, 100)],
          },
          {
            exerciseId: "dumbbell_bench_press",
            name: "Bench press",
            substitutesFor: null,
            sets: [
              set("main-2-1", 8, 30),
              set("main-2-2", 8, 30, { load: { type: "percent_e1rm", percent: 70 } }),
            ],
          },
        ],
      },
      {
        kind: "cooldown",
        bpm: { min: 80, max: 100 },
        exercises: [
          {
            exerciseId: "plank",
            name: "Plank",
            substitutesFor: null,
            sets: [
              set("cool-1-1", null, null, { durationSec: 45, targetRpe: null, targetRir: 3 }),
              set("cool-1-2", null, null, { durationSec: 45, targetRpe: null, targetRir: 3 }),
            ],
          },
        ],
      },
    ],
    estimatedMinutes: 40,
    deload: { suggested: false, applied: false, reason: null },
    rationale: { summary: "", signals: [], rules: [] },
  };
}

const ex = (
  id: string,
  pattern: string,
  equipment: string[],
  primary: string[],
  substitutes: string[],
  extra: Partial<LibraryExercise> = {},
): LibraryExercise => ({
  id,
  names: { en: id.replace(/_/g, " ") },
  primary,
  secondary: [],
  pattern,
  equipment,
  regions: ["knee", "hip"],
  substitutes,
  dose: "reps",
  loadable: !equipment.includes("bodyweight"),
  ...extra,
});

/** A small library in the shape of src/plan/exercises.ts. */
export const LIBRARY: readonly LibraryExercise[] = [
  ex("barbell_back_squat", "squat", ["barbell_rack"], ["quads", "glutes"], ["goblet_squat", "leg_press"]),
  ex("goblet_squat", "squat", ["dumbbells"], ["quads", "glutes"], ["barbell_back_squat"]),
  ex("leg_press", "squat", ["machines"], ["quads", "glutes"], []),
  ex("hack_squat", "squat", ["machines"], ["quads", "glutes"], []),
  ex("bodyweight_squat", "squat", ["bodyweight"], ["quads", "glutes"], []),
  ex("glute_bridge", "hip_extension", ["bodyweight"], ["glutes"], [], { regions: ["hip"] }),
  ex("lying_leg_curl", "knee_flexion", ["machines"], ["hamstrings"], []),
  ex("dumbbell_bench_press", "horizontal_push", ["dumbbells"], ["chest"], [], { regions: ["shoulder"] }),
  ex("plank", "core_anti_extension", ["bodyweight"], ["abs"], [], { dose: "time", regions: [] }),
];
