import { describe, expect, it } from "vitest";
import {
  clampPlan,
  emptyPlanContext,
  estimatePlanMinutes,
  PlanSchema,
  type Plan,
  type PlannedExercise,
  type PlannedSet,
  type PlanInput,
} from "../../src/plan/index.js";

const input = (profile: Partial<PlanInput["profile"]> = {}, context = emptyPlanContext()): PlanInput => ({
  profile: {
    goal: "strength",
    experience: "intermediate",
    sessionMinutes: 60,
    equipment: ["full_gym"],
    injuries: [],
    likedExerciseIds: [],
    dislikedExerciseIds: [],
    bodyweightKg: 80,
    ...profile,
  },
  recentSessions: [],
  context,
  recovery: { bias: 0, hrvScore: null, sleepScore: null },
  weeksSinceDeload: null,
});

const set = (id: string, over: Partial<PlannedSet> = {}): PlannedSet => ({
  id,
  reps: 5,
  durationSec: null,
  load: { type: "kg", kg: 100 },
  targetRpe: 8,
  targetRir: 2,
  restSec: 180,
  cues: [],
  ...over,
});
const exercise = (exerciseId: string, name: string, sets: PlannedSet[]): PlannedExercise => ({
  exerciseId,
  name,
  substitutesFor: null,
  sets,
});
/** A model-style plan with one main phase. */
const modelPlan = (exercises: PlannedExercise[], extra: Partial<Plan> = {}): Plan => ({
  requestId: "req-9",
  date: "2025-03-10",
  source: "model",
  phases: [{ kind: "main", bpm: { min: 130, max: 160 }, exercises }],
  estimatedMinutes: 30,
  deload: { suggested: false, applied: false, reason: null },
  rationale: { summary: "model plan", signals: [], rules: [] },
  ...extra,
});
const ids = (p: Plan): string[] => p.phases.flatMap((ph) => ph.exercises.map((e) => e.exerciseId));

describe("clampPlan", () => {
  it("removes exercises that are not in the library and maps names to ids", () => {
    const { plan, corrections } = clampPlan(
      modelPlan([
        exercise("quantum_squat", "Quantum squat", [set("a")]),
        exercise("Back squat with barbell", "Barbell back squat", [set("b")]),
      ]),
      input(),
    );
    expect(ids(plan)).toEqual(["barbell_back_squat"]);
    expect(corrections.join("\n")).toMatch(/removed "Quantum squat"/);
    expect(corrections.join("\n")).toMatch(/matched to library exercise barbell_back_squat/);
    expect(PlanSchema.safeParse(plan).success).toBe(true);
  });

  it("substitutes an exercise that needs missing equipment and re-expresses its load", () => {
    const { plan, corrections } = clampPlan(
      modelPlan([exercise("barbell_bench_press", "Bench press", [set("a"), set("b")])]),
      input({ equipment: ["dumbbells"] }),
    );
    const e = plan.phases[0]!.exercises[0]!;
    expect(e.exerciseId).toBe("dumbbell_bench_press");
    expect(e.substitutesFor).toBe("barbell_bench_press");
    expect(e.sets[0]!.load).toEqual({ type: "percent_e1rm", percent: 81 }); // 5 reps + 2 RIR
    expect(corrections.join("\n")).toMatch(/Bench press → Dumbbell bench press: needs barbell rack/);
  });

  it("swaps exercises that load an injured or painful region, or drops them when nothing is safe", () => {
    const { plan, corrections } = clampPlan(
      modelPlan([
        exercise("barbell_back_squat", "Squat", [set("a")]),
        exercise("barbell_bench_press", "Bench", [set("b")]),
      ]),
      input({ injuries: ["knee"] }, { ...emptyPlanContext(), pain: ["shoulder"] }),
    );
    expect(ids(plan)).toEqual(["barbell_hip_thrust"]);
    expect(plan.phases[0]!.exercises[0]!.substitutesFor).toBe("barbell_back_squat");
    expect(corrections.join("\n")).toMatch(/removed Bench press: loads shoulder/);
  });

  it("clamps effort, rest and loads to sane bounds", () => {
    const { plan, corrections } = clampPlan(
      modelPlan([
        exercise("barbell_back_squat", "Squat", [
          set("a", { targetRpe: 3, targetRir: 7 }),
          set("b", { targetRpe: 10, targetRir: 3 }),
          set("c", { restSec: 900, load: { type: "percent_e1rm", percent: 5 } }),
          set("d", { targetRpe: 7.3, targetRir: null, restSec: 5 }),
        ]),
      ]),
      input(),
    );
    const [a, b, c, d] = plan.phases[0]!.exercises[0]!.sets;
    expect([a!.targetRpe, a!.targetRir]).toEqual([5, 5]);
    expect([b!.targetRpe, b!.targetRir]).toEqual([10, 0]);
    expect(c!.restSec).toBe(300);
    expect(c!.load).toEqual({ type: "percent_e1rm", percent: 20 });
    expect(d!.targetRpe).toBe(7.5);
    expect(d!.restSec).toBe(30);
    expect(corrections.some((x) => x.includes("RPE 3 → 5"))).toBe(true);
    expect(corrections.some((x) => x.includes("rest 900 s → 300 s"))).toBe(true);
  });

  it("trims a plan that does not fit the session, least important first", () => {
    const many = [
      "barbell_back_squat",
      "barbell_bench_press",
      "barbell_row",
      "dumbbell_curl",
      "triceps_pushdown",
      "plank",
    ];
    const big = modelPlan(
      many.map((id, i) =>
        exercise(
          id,
          id,
          [1, 2, 3, 4, 5].map((j) =>
            set(
              `m${i}-${j}`,
              id === "plank" ? { reps: null, durationSec: 45, load: { type: "bodyweight" } } : {},
            ),
          ),
        ),
      ),
      { estimatedMinutes: 25 },
    );
    const { plan, corrections } = clampPlan(big, input({ sessionMinutes: 25 }));
    expect(estimatePlanMinutes(plan)).toBeLessThanOrEqual(25);
    expect(plan.estimatedMinutes).toBe(estimatePlanMinutes(plan));
    expect(ids(plan)[0]).toBe("barbell_back_squat");
    expect(ids(plan)).not.toContain("dumbbell_curl");
    expect(corrections.some((c) => c.startsWith("to fit 25 min"))).toBe(true);
    expect(PlanSchema.safeParse(plan).success).toBe(true);
  });

  it("puts phases in order, merges repeats and keeps BPM sane", () => {
    const bike = exercise("stationary_bike", "Bike", [
      set("w", { reps: null, durationSec: 300, load: { type: "bodyweight" }, restSec: 0 }),
    ]);
    const stretch = exercise("hamstring_stretch", "Stretch", [
      set("c", {
        reps: null,
        durationSec: 60,
        load: { type: "bodyweight" },
        restSec: 0,
        targetRpe: 2,
        targetRir: null,
      }),
    ]);
    const messy = modelPlan([exercise("barbell_back_squat", "Squat", [set("a")])], {
      phases: [
        { kind: "cooldown", bpm: { min: 80, max: 100 }, exercises: [stretch] },
        {
          kind: "main",
          bpm: { min: 130, max: 250 },
          exercises: [exercise("barbell_back_squat", "Squat", [set("a")])],
        },
        { kind: "warmup", bpm: { min: 100, max: 120 }, exercises: [bike] },
        {
          kind: "main",
          bpm: { min: 130, max: 160 },
          exercises: [exercise("barbell_row", "Row", [set("b")])],
        },
      ],
    });
    const { plan, corrections } = clampPlan(messy, input());
    expect(plan.phases.map((p) => p.kind)).toEqual(["warmup", "main", "cooldown"]);
    expect(ids(plan)).toEqual(["stationary_bike", "barbell_back_squat", "barbell_row", "hamstring_stretch"]);
    expect(plan.phases[1]!.bpm).toEqual({ min: 130, max: 200 });
    expect(corrections[0]).toMatch(/phases put in order/);
    expect(PlanSchema.safeParse(plan).success).toBe(true);
  });

  it("keeps the model's rationale, source and request id", () => {
    const p = modelPlan([exercise("barbell_back_squat", "Squat", [set("a")])]);
    const { plan } = clampPlan(p, input());
    expect(plan.source).toBe("model");
    expect(plan.requestId).toBe("req-9");
    expect(plan.rationale).toEqual(p.rationale);
  });
});
