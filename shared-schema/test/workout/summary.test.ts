// The end-of-session summary, "last time" for an exercise, the metrics record, and substitutes for a swap.
import type * as A from "@automerge/automerge";
import { describe, expect, it } from "vitest";
import type { WorkoutDoc } from "../../src/index.js";
import { EXERCISE_LIBRARY, exerciseById } from "../../src/plan/index.js";
import {
  addSet,
  exerciseInfoFromLibrary,
  finishWorkout,
  logSet,
  pauseWorkout,
  previousPerformance,
  resumeWorkout,
  startWorkout,
  suggestSubstitutes,
  toWorkoutRecord,
  workoutSummary,
  type WorkoutEntry,
} from "../../src/workout/index.js";
import { apply, Clock, context, legsPlan, LIBRARY, newDoc, PHONE } from "./helpers.js";

/** A finished session on `date`: squat sets at `kg` for the given reps, a plank, session RPE 7. */
function session(date: string, kg: number, reps: number[]): WorkoutEntry {
  const clock = new Clock(`${date}T10:00:00.000Z`);
  const ctx = context(PHONE, clock);
  let doc: A.Doc<WorkoutDoc> = newDoc(ctx);
  doc = apply(doc, startWorkout(ctx, { plan: legsPlan() }));
  reps.forEach((r, i) => {
    clock.advance(180);
    doc = apply(doc, logSet({ setId: `main-1-${i + 1}`, reps: r, weightKg: kg, rpe: 8 }, ctx));
  });
  doc = apply(doc, logSet({ setId: "cool-1-1", durationSec: 60 }, ctx));
  doc = apply(doc, logSet({ setId: "cool-1-2", completed: false }, ctx));
  clock.advance(600);
  doc = apply(doc, pauseWorkout(ctx));
  clock.advance(300);
  doc = apply(doc, resumeWorkout(ctx));
  clock.advance(300);
  doc = apply(doc, finishWorkout({ sessionRpe: 7 }, ctx));
  return { id: `w-${date}`, doc: { ...doc, date } };
}

describe("workoutSummary", () => {
  it("gives duration without pauses, volume, sets, session load and PRs against earlier sessions", () => {
    const earlier = [session("2025-02-20", 100, [5, 5, 5]), session("2025-02-24", 100, [6, 5, 5])];
    const today = session("2025-03-01", 105, [5, 5, 4]);
    const later = session("2025-03-05", 150, [5]);
    const summary = workoutSummary(today, { previous: [...earlier, later, today] });
    // 3 squat sets (9 min) + 10 min + 5 min pause + 5 min: 29 min elapsed, 24 active.
    expect(summary.elapsedMin).toBe(29);
    expect(summary.pausedMin).toBe(5);
    expect(summary.activeMin).toBe(24);
    expect(summary.sessionLoad).toBe(7 * 24);
    expect(summary.volumeKg).toBe(105 * 14);
    expect(summary).toMatchObject({
      sets: 4,
      skippedSets: 1,
      plannedSets: 7,
      completedPlannedSets: 4,
      extraSets: 0,
    });
    expect(summary.timeUnderTensionSec).toBe(60);
    expect(summary.exercises.find((e) => e.exerciseId === "barbell_back_squat")).toMatchObject({
      name: "Squat",
      sets: 3,
      reps: 14,
      top: { weightKg: 105, reps: 5 },
    });
    const kinds = summary.prs.map((pr) => pr.kind).sort();
    expect(kinds).toEqual(["e1rm", "heaviest-weight"]); // 105 kg beats 100 kg; the later 150 kg does not count
    expect(summary.prs.every((pr) => pr.workoutId === today.id)).toBe(true);
    expect(workoutSummary(today).prs).toEqual([]); // no earlier sessions: a baseline, not a PR
  });

  it("counts an extra set and a running session up to now", () => {
    const clock = new Clock();
    const ctx = context(PHONE, clock);
    let doc = newDoc(ctx);
    doc = apply(doc, startWorkout(ctx, { plan: legsPlan() }));
    doc = apply(doc, addSet({ exerciseKey: "main-1", log: { reps: 3, weightKg: 80 } }, ctx));
    const summary = workoutSummary({ id: "w", doc }, { now: clock.advance(600).now() });
    expect(summary).toMatchObject({
      extraSets: 1,
      completedPlannedSets: 0,
      activeMin: 10,
      sessionLoad: null,
    });
  });
});

describe("toWorkoutRecord (metrics input)", () => {
  it("maps logs to sets with reps, duration, completed and planned, grouped by the exercise as done", () => {
    const entry = session("2025-03-01", 100, [5, 5]);
    const info = exerciseInfoFromLibrary(EXERCISE_LIBRARY);
    const record = toWorkoutRecord(entry, { info });
    expect(record).toMatchObject({
      id: entry.id,
      date: "2025-03-01",
      durationMin: 21,
      sessionRpe: 7,
      plannedSets: 7,
    });
    const squat = record.exercises.find((e) => e.exerciseId === "barbell_back_squat")!;
    expect(squat.isBodyweight).toBe(false);
    expect(squat.muscles.primary).toEqual(exerciseById("barbell_back_squat")!.primary);
    expect(squat.sets[0]).toEqual({
      reps: 5,
      durationSec: null,
      weightKg: 100,
      rpe: 8,
      completed: true,
      planned: true,
    });
    const plank = record.exercises.find((e) => e.exerciseId === "plank")!;
    expect(plank.sets).toEqual([
      { reps: null, durationSec: 60, weightKg: null, rpe: null, completed: true, planned: true },
      { reps: null, durationSec: null, weightKg: null, rpe: null, completed: false, planned: true },
    ]);
  });
});

describe("previousPerformance", () => {
  it("finds the most recent earlier session that did the exercise", () => {
    const a = session("2025-02-20", 100, [5, 5, 5]);
    const b = session("2025-02-24", 102.5, [5, 4]);
    const today = session("2025-03-01", 105, []);
    const later = session("2025-03-05", 110, [5]);
    const last = previousPerformance("barbell_back_squat", [a, later, b, today], today);
    expect(last).toMatchObject({ workoutId: b.id, date: "2025-02-24", top: { weightKg: 102.5, reps: 5 } });
    expect(last!.sets.map((s) => s.reps)).toEqual([5, 4]);
    expect(previousPerformance("deadlift", [a, b], today)).toBeNull();
    expect(previousPerformance("plank", [a, b], today)!.sets[0]).toMatchObject({ durationSec: 60 });
  });
});

describe("suggestSubstitutes", () => {
  it("ranks the library's own substitutes first, then same pattern and muscles; respects equipment and joints", () => {
    const all = suggestSubstitutes("barbell_back_squat", LIBRARY).map((s) => [s.exercise.id, s.reason]);
    expect(all.slice(0, 2)).toEqual([
      ["goblet_squat", "listed"],
      ["leg_press", "listed"],
    ]);
    expect(all).toContainEqual(["hack_squat", "same-pattern"]);
    expect(all).toContainEqual(["glute_bridge", "same-muscles"]);
    expect(all.map(([id]) => id)).not.toContain("lying_leg_curl");
    const home = suggestSubstitutes("barbell_back_squat", LIBRARY, { equipment: ["dumbbells"] });
    expect(home.map((s) => s.exercise.id)).toEqual(["goblet_squat", "bodyweight_squat", "glute_bridge"]);
    const sparing = suggestSubstitutes("barbell_back_squat", LIBRARY, { blockedRegions: ["knee"] });
    expect(sparing.map((s) => s.exercise.id)).toEqual(["glute_bridge"]); // loads the hip only
    expect(suggestSubstitutes("unknown", LIBRARY)).toEqual([]);
  });

  it("works on the app's exercise library", () => {
    const subs = suggestSubstitutes("barbell_back_squat", EXERCISE_LIBRARY, {
      equipment: ["dumbbells"],
      limit: 5,
    });
    expect(subs.length).toBeGreaterThan(0);
    for (const s of subs)
      expect(s.exercise.equipment.every((e) => e === "dumbbells" || e === "bodyweight")).toBe(true);
    expect(subs[0]!.exercise.id).toBe("goblet_squat");
  });
});
