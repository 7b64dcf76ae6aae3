// The end-of-session summary (the dashboard's figures for one workout), "last time" for an exercise, and
// substitutes for a swap.
import type * as A from "@automerge/automerge";
import { describe, expect, it } from "vitest";
import { newAccountDoc, type WorkoutDoc } from "../../src/index.js";
import { computeDashboard, metricsInputFromDocs, workoutRecordFromDoc } from "../../src/metrics/index.js";
import { EXERCISE_LIBRARY } from "../../src/plan/index.js";
import {
  addExercise,
  addSet,
  finishWorkout,
  logSet,
  pauseWorkout,
  previousPerformance,
  resumeWorkout,
  startWorkout,
  suggestSubstitutes,
  workoutSummary,
  type SetValues,
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
    // The plank is cool-down: like the dashboard, the summary leaves its sets (done and skipped) out.
    expect(summary).toMatchObject({
      sets: 3,
      skippedSets: 0,
      plannedSets: 5,
      completedPlannedSets: 3,
      extraSets: 0,
      timeUnderTensionSec: 0,
    });
    expect(summary.exercises).toEqual([
      {
        exerciseId: "barbell_back_squat",
        name: "Squat",
        sets: 3,
        reps: 14,
        volumeKg: 105 * 14,
        top: { weightKg: 105, reps: 5 },
      },
    ]);
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

/** A finished session on `date`: a warm-up, weighted pull-ups, a plank in the main phase, bench sets at `kg`. */
function mixedSession(date: string, kg: number): WorkoutEntry {
  const clock = new Clock(`${date}T10:00:00.000Z`);
  const ctx = context(PHONE, clock);
  let doc: A.Doc<WorkoutDoc> = newDoc(ctx);
  doc = apply(doc, startWorkout(ctx));
  const add = (
    exerciseId: string,
    name: string,
    phase: "warmup" | "main",
    dose: "reps" | "time",
    n: number,
  ) => {
    const op = addExercise(
      { exerciseId, name, phase, dose, sets: Array.from({ length: n }, () => ({})) },
      ctx,
    );
    doc = apply(doc, op);
    return op.result.setIds;
  };
  const warm = add("barbell_back_squat", "Squat", "warmup", "reps", 2);
  const pull = add("pull_up", "Pull-up", "main", "reps", 2);
  const plank = add("plank", "Plank", "main", "time", 1);
  const bench = add("barbell_bench_press", "Bench press", "main", "reps", 2);
  const log = (setId: string, values: SetValues) => {
    clock.advance(120);
    doc = apply(doc, logSet({ ...values, setId }, ctx));
  };
  for (const id of warm) log(id, { reps: 10, weightKg: 60 });
  for (const id of pull) log(id, { reps: 5, weightKg: 10, rpe: 8 });
  log(plank[0]!, { durationSec: 45 });
  for (const id of bench) log(id, { reps: 5, weightKg: kg, rpe: 8 });
  clock.advance(300);
  doc = apply(doc, finishWorkout({ sessionRpe: 7 }, ctx));
  return { id: `m-${date}`, doc: { ...doc, date } };
}

describe("workoutSummary and the dashboard", () => {
  it("leaves out warm-ups, counts pull-ups as bodyweight and a plank as time, as the metrics do", () => {
    const entry = mixedSession("2025-03-01", 80);
    const summary = workoutSummary(entry);
    // Bench 2 × 5 × 80 kg only: the warm-up squats are not volume, the pull-ups need a bodyweight and the plank
    // is time. (The summary's own mapping once said 2100 kg: 1200 from the warm-up, 100 from pull-ups as a 10 kg
    // lift, while the dashboard said 800.)
    expect(summary.volumeKg).toBe(800);
    expect(summary).toMatchObject({ sets: 5, reps: 20, unloadedReps: 10, timeUnderTensionSec: 45 });
    expect(summary.exercises.map((e) => e.exerciseId)).toEqual(["pull_up", "plank", "barbell_bench_press"]);
    // With a bodyweight the pull-ups are the body plus the belt: 2 × 5 × (75 + 10).
    expect(workoutSummary(entry, { bodyweightKg: 75 }).volumeKg).toBe(800 + 850);
  });

  it("gives the same volume and PRs as the dashboard's entry for the same workout", () => {
    const earlier = mixedSession("2025-02-24", 75);
    const today = mixedSession("2025-03-01", 80);
    const account = newAccountDoc("abcdefghijklmnopqrstuvwxyz", "Ada");
    const dashboard = computeDashboard(metricsInputFromDocs({ account, workouts: [earlier, today] }), {
      today: "2025-03-01",
    });
    const shown = dashboard.recentWorkouts.find((w) => w.workoutId === today.id)!;
    const summary = workoutSummary(today, { previous: [earlier] });
    expect(summary.volumeKg).toBe(shown.volume.volumeKg);
    expect(summary.reps).toBe(shown.volume.reps);
    expect(summary.sets).toBe(shown.volume.sets);
    expect(summary.unloadedReps).toBe(shown.volume.unloadedReps);
    expect(summary.timeUnderTensionSec).toBe(shown.volume.timeUnderTensionSec);
    expect(summary.prs).toEqual(shown.prs);
    // The bench press set a record; the weighted pull-ups (bodyweight work) never give an e1RM record.
    expect(summary.prs.map((pr) => pr.exerciseId)).toContain("barbell_bench_press");
    expect(summary.prs.map((pr) => pr.exerciseId)).not.toContain("pull_up");
    // Earlier workouts given as records (as the player keeps them) give the same PRs.
    const asRecords = workoutSummary(today, { previous: [workoutRecordFromDoc(earlier.id, earlier.doc)] });
    expect(asRecords.prs).toEqual(summary.prs);
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
