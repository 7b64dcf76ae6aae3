// How context signals change a plan, each stated in the rationale.
import { describe, expect, it } from "vitest";
import {
  BODY_REGIONS,
  emptyPlanContext,
  PlanSchema,
  exerciseById,
  parseContext,
  planIntensity,
  planVolume,
  planWorkout,
  simulateRecovery,
  sorenessAreasOf,
  type Plan,
  type PlanContext,
  type PlanInput,
} from "../../src/plan/index.js";
import { TODAY } from "./arbitraries.js";

const input = (context: PlanContext, profile: Partial<PlanInput["profile"]> = {}): PlanInput => ({
  profile: {
    goal: "hypertrophy",
    experience: "intermediate",
    sessionMinutes: 60,
    equipment: ["full_gym"],
    injuries: [],
    likedExerciseIds: [],
    dislikedExerciseIds: [],
    bodyweightKg: 75,
    ...profile,
  },
  recentSessions: [],
  context,
  recovery: simulateRecovery("normal"),
  weeksSinceDeload: null,
});
const plan = (i: PlanInput): Plan => planWorkout(i, { today: TODAY, requestId: "r", seed: 11 });
const ruleIds = (p: Plan): string[] => p.rationale.rules.map((r) => r.id);
const mainIds = (p: Plan): string[] =>
  p.phases.filter((ph) => ph.kind === "main").flatMap((ph) => ph.exercises.map((e) => e.exerciseId));
const baseline = plan(input(emptyPlanContext()));

describe("context signals", () => {
  it("poor sleep lowers effort and says so", () => {
    const p = plan(input(parseContext("slept 5h").signals));
    expect(planIntensity(p)).toBeLessThan(planIntensity(baseline));
    expect(ruleIds(p)).toContain("context.poor_sleep");
    expect(p.rationale.signals.find((s) => s.id === "sleep")).toMatchObject({ effect: "down" });
  });

  it("low energy trims accessory volume and says so", () => {
    const p = plan(input(parseContext("low energy").signals));
    expect(planVolume(p).hardSets).toBeLessThan(planVolume(baseline).hardSets);
    expect(ruleIds(p)).toContain("context.low_energy");
  });

  it("sore legs take sets and effort off leg work", () => {
    const p = plan(
      input(
        parseContext("legs very tired").signals.soreness.legs === 5
          ? parseContext("legs tired").signals
          : parseContext("legs tired").signals,
      ),
    );
    expect(ruleIds(p)).toContain("soreness.legs");
    const legSets = (x: Plan) =>
      x.phases
        .filter((ph) => ph.kind === "main")
        .flatMap((ph) => ph.exercises)
        .filter((e) => sorenessAreasOf(exerciseById(e.exerciseId)!).has("legs"))
        .reduce((n, e) => n + e.sets.length, 0);
    expect(legSets(p)).toBeLessThan(legSets(baseline));
  });

  it("very sore legs switch the day to the upper body", () => {
    const p = plan(input(parseContext("very sore legs").signals));
    expect(ruleIds(p)).toContain("soreness.switch");
    for (const id of mainIds(p)) expect(sorenessAreasOf(exerciseById(id)!).has("legs"), id).toBe(false);
  });

  it("pain today excludes the region like an injury", () => {
    const p = plan(input(parseContext("my knee hurts").signals));
    for (const ph of p.phases)
      for (const e of ph.exercises) expect(exerciseById(e.exerciseId)!.regions).not.toContain("knee");
    expect(p.rationale.signals.map((s) => s.id)).toContain("pain");
  });

  it("injuries swap exercises through their substitutes and record it", () => {
    const p = plan(
      input(emptyPlanContext(), {
        goal: "strength",
        injuries: ["knee"],
        likedExerciseIds: ["barbell_back_squat"],
      }),
    );
    const swapped = p.phases.flatMap((ph) => ph.exercises).filter((e) => e.substitutesFor !== null);
    expect(swapped.length).toBeGreaterThan(0);
    expect(ruleIds(p)).toContain("injury.swap");
  });

  it("focus chips choose the template", () => {
    const upper = plan(input(parseContext("", ["upper_body"]).signals));
    expect(mainIds(upper).some((id) => exerciseById(id)!.pattern === "squat")).toBe(false);
    const posterior = plan(input(parseContext("", ["posterior_chain"]).signals));
    expect(exerciseById(mainIds(posterior)[0]!)!.pattern).toBe("hinge");
  });

  it("equipment is a hard constraint: bodyweight only gives bodyweight exercises", () => {
    const p = plan(input(emptyPlanContext(), { equipment: [] }));
    for (const ph of p.phases)
      for (const e of ph.exercises) expect(exerciseById(e.exerciseId)!.equipment).toEqual(["bodyweight"]);
    expect(planVolume(p).hardSets).toBeGreaterThan(0);
  });

  it("localizes exercise names", () => {
    const nb = planWorkout(input(emptyPlanContext()), {
      today: TODAY,
      requestId: "r",
      seed: 11,
      locale: "nb",
    });
    const first = nb.phases[1]!.exercises[0]!;
    expect(first.name).toBe(exerciseById(first.exerciseId)!.names.nb);
  });

  it("still gives a valid (mobility-only) plan when every region is injured", () => {
    const p = plan(input(emptyPlanContext(), { injuries: [...BODY_REGIONS] }));
    expect(PlanSchema.safeParse(p).success).toBe(true);
    for (const ph of p.phases)
      for (const e of ph.exercises) expect(exerciseById(e.exerciseId)!.regions).toEqual([]);
    expect(p.rationale.summary).toMatch(/No exercise fits/);
  });

  it("fits a 10-minute session", () => {
    for (const goal of ["strength", "hypertrophy", "fat_loss", "endurance", "general"] as const) {
      const p = plan(input(emptyPlanContext(), { goal, sessionMinutes: 10 }));
      expect(p.estimatedMinutes, goal).toBeLessThanOrEqual(10);
      expect(planVolume(p).hardSets, goal).toBeGreaterThan(0);
    }
  });
});
