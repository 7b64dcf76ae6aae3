import { describe, expect, it } from "vitest";
import {
  emptyPlanContext,
  exerciseById,
  planVolume,
  planWorkout,
  prescriptionFor,
  simulateRecovery,
  type PerformedSet,
  type PlanInput,
  type RecentSession,
} from "../../src/plan/index.js";
import { dayNumber } from "../../src/plan/dates.js";
import { estimateE1rm, progress, rpeTrend, type HistoryEntry } from "../../src/plan/progression.js";
import { daysBefore, TODAY } from "./arbitraries.js";

const squat = exerciseById("barbell_back_squat")!;
const dbBench = exerciseById("dumbbell_bench_press")!;
const strength = prescriptionFor("strength", "intermediate").primary; // 4–6 @ RPE 8
const set = (reps: number, weightKg: number, extra: Partial<PerformedSet> = {}): PerformedSet => ({
  reps,
  durationSec: null,
  weightKg,
  rpe: null,
  targetReps: null,
  targetKg: null,
  targetRpe: null,
  ...extra,
});
const entry = (daysAgo: number, sets: PerformedSet[]): HistoryEntry => ({
  day: dayNumber(daysBefore(daysAgo)),
  sets,
});
const session = (
  daysAgo: number,
  exerciseId: string,
  sets: PerformedSet[],
  sessionRpe: number | null = null,
): RecentSession => ({
  date: daysBefore(daysAgo),
  sessionRpe,
  durationMinutes: null,
  exercises: [{ exerciseId, sets }],
});
/** A squat session that also hinged, so the squat/hinge rotation keeps the squat as today's first lift. */
const squatDay = (daysAgo: number, sets: PerformedSet[]): RecentSession => ({
  ...session(daysAgo, "barbell_back_squat", sets),
  exercises: [
    { exerciseId: "barbell_back_squat", sets },
    { exerciseId: "romanian_deadlift", sets: [set(8, 80), set(8, 80)] },
  ],
});

describe("double progression", () => {
  it("adds the smallest increment when every set reached the top of the range", () => {
    const p = progress(squat, [entry(3, [set(6, 100), set(6, 100), set(6, 100)])], strength, false, 40);
    expect(p).toMatchObject({ kind: "load_up", kg: 102.5, reps: 4, increasedFromKg: 100 });
  });

  it("uses 2 kg for dumbbells from 10 kg", () => {
    const p = progress(dbBench, [entry(3, [set(6, 24), set(6, 24), set(6, 24)])], strength, false, 40);
    expect(p).toMatchObject({ kind: "load_up", kg: 26 });
  });

  it("keeps the load and asks for one more rep inside the range", () => {
    const p = progress(squat, [entry(3, [set(5, 100), set(5, 100), set(4, 100)])], strength, false, 40);
    expect(p).toMatchObject({ kind: "add_rep", kg: 100, reps: 5, increasedFromKg: null });
  });

  it("holds the load after missed reps", () => {
    const p = progress(squat, [entry(3, [set(4, 100), set(3, 100), set(3, 100)])], strength, false, 40);
    expect(p).toMatchObject({ kind: "hold_missed", kg: 100, reps: 4 });
  });

  it("counts a success only at the prescribed load", () => {
    const sets = [
      set(6, 95, { targetKg: 100 }),
      set(6, 95, { targetKg: 100 }),
      set(6, 95, { targetKg: 100 }),
    ];
    const p = progress(squat, [entry(3, sets)], strength, false, 40);
    expect(p.kind).not.toBe("load_up");
    expect(p.kg).toBe(95);
  });

  it("holds when the reps were made but far above the target effort", () => {
    const p = progress(
      squat,
      [entry(3, [set(6, 100), set(6, 100), set(6, 100, { rpe: 10 })])],
      strength,
      false,
      40,
    );
    expect(p).toMatchObject({ kind: "hold_effort", kg: 100 });
  });

  it("goes back about 10 % after three stalled sessions, not after two", () => {
    const stalled = [
      entry(12, [set(5, 100), set(5, 100), set(5, 100), set(5, 100)]),
      entry(9, [set(5, 100), set(5, 100), set(4, 100), set(4, 100)]),
      entry(6, [set(5, 100), set(4, 100), set(4, 100), set(4, 100)]),
      entry(3, [set(4, 100), set(4, 100), set(4, 100), set(4, 100)]),
    ];
    expect(progress(squat, stalled, strength, false, 40)).toMatchObject({
      kind: "reset",
      kg: 90,
      reps: 4,
      stalls: 3,
    });
    expect(progress(squat, stalled.slice(1), strength, false, 40)).toMatchObject({
      kind: "add_rep",
      kg: 100,
      stalls: 2,
    });
  });

  it("progresses novices linearly: load every successful session at a fixed rep target", () => {
    const novice = prescriptionFor("strength", "beginner");
    const sets = [
      set(8, 60, { targetReps: 8 }),
      set(8, 60, { targetReps: 8 }),
      set(8, 60, { targetReps: 8 }),
    ];
    expect(progress(squat, [entry(2, sets)], novice.primary, true, 30)).toMatchObject({
      kind: "load_up",
      kg: 62.5,
      reps: 8,
    });
  });

  it("finds a new load from the e1RM when the rep range changed", () => {
    const hypertrophy = prescriptionFor("hypertrophy", "intermediate").primary; // 6–10 @ RPE 8
    const p = progress(
      squat,
      [entry(3, [set(2, 140, { rpe: 9 }), set(2, 140, { rpe: 9 })])],
      hypertrophy,
      false,
      40,
    );
    const e1rm = estimateE1rm(140, 2, 9); // 140 × (1 + 3/30) = 154
    expect(e1rm).toBeCloseTo(154, 5);
    expect(p.kind).toBe("from_e1rm");
    expect(p.kg).toBe(Math.floor(154 / (1 + 8 / 30) / 2.5) * 2.5); // 6 reps + 2 RIR → 120
  });

  it("adds reps to bodyweight exercises and seconds to holds", () => {
    const pushUp = exerciseById("push_up")!;
    const plank = exerciseById("plank")!;
    const bw = { repsLow: 8, repsHigh: 14, sets: 3, rpe: 8, restSec: 60 };
    expect(progress(pushUp, [entry(2, [set(10, 0), set(9, 0)])], bw, false, 40)).toMatchObject({
      kind: "reps_up",
      reps: 10,
    });
    expect(progress(pushUp, [entry(2, [set(14, 0), set(15, 0)])], bw, false, 40)).toMatchObject({
      kind: "hold_top",
      reps: 14,
    });
    const held = { ...set(0, 0), reps: null, durationSec: 40 };
    expect(progress(plank, [entry(2, [held, held])], bw, false, 40)).toMatchObject({
      kind: "time_up",
      durationSec: 45,
    });
  });
});

describe("RPE trend", () => {
  const hard = (d: number) =>
    session(
      d,
      "barbell_back_squat",
      [1, 2, 3].map(() => set(5, 100, { rpe: 9.5, targetRpe: 8 })),
    );
  const easy = (d: number) =>
    session(
      d,
      "barbell_back_squat",
      [1, 2, 3].map(() => set(5, 100, { rpe: 6.5, targetRpe: 8, targetReps: 5 })),
    );

  it("points down when sets felt about one RPE harder than planned, up when easier", () => {
    expect(rpeTrend([hard(2), hard(4), hard(6)], dayNumber(TODAY), 8).direction).toBe("down");
    expect(rpeTrend([easy(2), easy(4), easy(6)], dayNumber(TODAY), 8).direction).toBe("up");
    expect(rpeTrend([hard(2)], dayNumber(TODAY), 8).direction).toBe("none");
  });

  it("points down on high session RPE (Foster) and ignores sessions after today", () => {
    const srpe = [session(2, "push_up", [set(10, 0)], 9), session(4, "push_up", [set(10, 0)], 9)];
    expect(rpeTrend(srpe, dayNumber(TODAY), 8).direction).toBe("down");
    expect(rpeTrend([hard(-2), hard(-4)], dayNumber(TODAY), 8).direction).toBe("none");
  });
});

describe("progression inside planWorkout", () => {
  const base = (recentSessions: RecentSession[], extra: Partial<PlanInput> = {}): PlanInput => ({
    profile: {
      goal: "strength",
      experience: "intermediate",
      sessionMinutes: 75,
      equipment: ["full_gym"],
      injuries: [],
      likedExerciseIds: ["barbell_back_squat"],
      dislikedExerciseIds: [],
      bodyweightKg: 80,
    },
    recentSessions,
    context: emptyPlanContext(),
    recovery: simulateRecovery("normal"),
    weeksSinceDeload: null,
    ...extra,
  });
  const squatSets = (plan: ReturnType<typeof planWorkout>) =>
    plan.phases.flatMap((p) => p.exercises).find((e) => e.exerciseId === "barbell_back_squat")?.sets ?? [];
  const opts = { today: TODAY, requestId: "r", seed: 5 };

  it("prescribes the next load in kg and explains it", () => {
    const plan = planWorkout(base([squatDay(3, [set(6, 100), set(6, 100), set(6, 100)])]), opts);
    expect(squatSets(plan)[0]?.load).toEqual({ type: "kg", kg: 102.5 });
    expect(plan.rationale.rules.find((r) => r.id === "progression.load_up")?.text).toMatch(/102\.5 kg/);
  });

  it("gives %e1RM with an effort target when there is no history", () => {
    const first = squatSets(planWorkout(base([]), opts))[0]!;
    expect(first.load).toEqual({ type: "percent_e1rm", percent: 83 }); // 4 reps + 2 RIR: 1/(1+6/30)
    expect(first.targetRpe).toBe(8);
  });

  it("holds the load on a poor-sleep day", () => {
    const history = [squatDay(3, [set(6, 100), set(6, 100), set(6, 100), set(6, 100)])];
    const tired = planWorkout(base(history, { context: { ...emptyPlanContext(), sleepHours: 5 } }), opts);
    expect(squatSets(tired).length).toBeGreaterThan(0);
    expect(squatSets(tired).every((s) => s.load.type === "kg" && s.load.kg === 100)).toBe(true);
    expect(tired.rationale.rules.map((r) => r.id)).toContain("context.poor_sleep");
  });

  it("never adds a set at a raised load: an Excellent day's extra set on a progressing lift is a back-off set", () => {
    const history = [squatDay(3, [set(6, 100), set(6, 100), set(6, 100), set(6, 100)])];
    const short = (recovery: PlanInput["recovery"]) =>
      planWorkout(base(history, { recovery, profile: { ...base([]).profile, sessionMinutes: 12 } }), opts);
    const normal = squatSets(short(simulateRecovery("normal")));
    const excellent = squatSets(short(simulateRecovery("excellent")));
    expect(normal.length).toBeGreaterThan(0);
    expect(normal.every((s) => s.load.type === "kg" && s.load.kg === 102.5)).toBe(true);
    expect(excellent.length).toBe(normal.length + 1);
    expect(excellent.slice(0, normal.length)).toEqual(normal);
    expect(excellent[normal.length]!.load).toEqual({ type: "kg", kg: 100 });
    expect(excellent[normal.length]!.cues.join(" ")).toMatch(/back-off/);
  });

  it("moves volume about 10 % with the RPE trend", () => {
    const days = (s: Partial<PerformedSet>) =>
      [2, 4, 6].map((d) =>
        squatDay(
          d,
          [1, 2, 3, 4].map(() => set(5, 100, s)),
        ),
      );
    const hard = days({ rpe: 10, targetRpe: 8 });
    const easy = days({ rpe: 6, targetRpe: 8, targetReps: 5 });
    const neutral = days({});
    const sets = (s: RecentSession[]) => planVolume(planWorkout(base(s), opts)).hardSets;
    const down = planWorkout(base(hard), opts);
    expect(down.rationale.rules.map((r) => r.id)).toContain("trend.down");
    expect(sets(hard)).toBeLessThan(sets(neutral));
    expect(sets(easy)).toBeGreaterThan(sets(neutral));
  });

  it("applies a chosen deload and suggests one after six loading weeks", () => {
    const normal = planWorkout(base([]), opts);
    const deload = planWorkout(base([], { context: { ...emptyPlanContext(), flags: ["deload"] } }), opts);
    expect(deload.deload).toMatchObject({ applied: true, suggested: true });
    const ratio = planVolume(deload).hardSets / planVolume(normal).hardSets;
    expect(ratio).toBeGreaterThanOrEqual(0.4);
    expect(ratio).toBeLessThanOrEqual(0.7);
    expect(squatSets(deload)[0]!.targetRpe).toBe(squatSets(normal)[0]!.targetRpe! - 2);
    const due = planWorkout(base([], { weeksSinceDeload: 6 }), opts);
    expect(due.deload).toMatchObject({ suggested: true, applied: false });
    expect(due.deload.reason).toMatch(/6 loading weeks/);
    expect(normal.deload.suggested).toBe(false);
  });
});
