import { estimatePlanMinutes, type Plan } from "@cadence/shared-schema/plan";
import { describe, expect, it } from "vitest";
import { beatsForPhases, mixPhasesOfPlan } from "../../src/music/today-mix.js";

const set = (id: string, reps: number | null, durationSec: number | null, restSec: number) =>
  ({ id, reps, durationSec, restSec }) as Plan["phases"][number]["exercises"][number]["sets"][number];
const exercise = (id: string, sets: ReturnType<typeof set>[]) =>
  ({ exerciseId: id, sets }) as unknown as Plan["phases"][number]["exercises"][number];

const plan: Pick<Plan, "phases"> = {
  phases: [
    { kind: "warmup", bpm: { min: 105, max: 118 }, exercises: [exercise("row", [set("a", null, 300, 0)])] },
    {
      kind: "main",
      bpm: { min: 128, max: 150 },
      exercises: [
        exercise("squat", [set("b", 5, null, 180), set("c", 5, null, 180), set("d", 5, null, 180)]),
        exercise("press", [set("e", 8, null, 120), set("f", 8, null, 120)]),
      ],
    },
    { kind: "cooldown", bpm: { min: 82, max: 96 }, exercises: [exercise("walk", [set("g", null, 240, 0)])] },
  ],
};

describe("today's plan as Session Mix phases", () => {
  it("keeps each phase's kind and BPM range, in the plan's order", () => {
    const phases = mixPhasesOfPlan(plan);
    expect(phases.map((p) => [p.kind, p.bpm])).toEqual([
      ["warmup", { min: 105, max: 118 }],
      ["main", { min: 128, max: 150 }],
      ["cooldown", { min: 82, max: 96 }],
    ]);
  });

  it("gives each phase the minutes the planner's time model gives it, so the mix lasts the workout", () => {
    const phases = mixPhasesOfPlan(plan);
    // warm-up: 15 s changeover + 300 s; main: 2 changeovers of 60 s + 15 reps·4 s + 2·180 s + 16 reps·4 s + 120 s
    expect(phases.map((p) => p.minutes)).toEqual([6, 13, 5]);
    const total = phases.reduce((sum, p) => sum + (p.minutes ?? 0), 0);
    expect(total).toBeGreaterThanOrEqual(estimatePlanMinutes(plan));
    expect(total).toBeLessThanOrEqual(estimatePlanMinutes(plan) + phases.length);
  });

  it("has no phases on a rest day", () => {
    expect(mixPhasesOfPlan({ phases: [] })).toEqual([]);
  });

  it("offers a beat in the middle of each phase's range, or of the default ranges without a plan", () => {
    expect(beatsForPhases(mixPhasesOfPlan(plan))).toEqual([
      { kind: "warmup", bpm: 112 },
      { kind: "main", bpm: 139 },
      { kind: "cooldown", bpm: 89 },
    ]);
    expect(beatsForPhases(null)).toEqual([
      { kind: "warmup", bpm: 110 },
      { kind: "main", bpm: 145 },
      { kind: "intervals", bpm: 170 },
      { kind: "cooldown", bpm: 90 },
    ]);
  });
});
