import { describe, expect, it } from "vitest";
import {
  emptyPlanContext,
  generateRecoveryDataset,
  mulberry32,
  planWorkout,
  recoveryBiasOf,
  recoveryInputOf,
  recoveryLevelOf,
  RECOVERY_LEVELS,
  RecoveryInputSchema,
  simulateRecovery,
} from "../../src/plan/index.js";

describe("recovery slider", () => {
  it("maps Poor / Normal / Excellent to recovery_bias −1 / 0 / +1 and back", () => {
    expect(RECOVERY_LEVELS.map(recoveryBiasOf)).toEqual([-1, 0, 1]);
    for (const l of RECOVERY_LEVELS) expect(recoveryLevelOf(recoveryBiasOf(l))).toBe(l);
  });

  it("simulates HRV and sleep scores that rise with the slider", () => {
    const [poor, normal, excellent] = RECOVERY_LEVELS.map((l) => simulateRecovery(l));
    for (const r of [poor, normal, excellent]) expect(RecoveryInputSchema.safeParse(r).success).toBe(true);
    expect(poor!.hrvScore!).toBeLessThan(normal!.hrvScore!);
    expect(normal!.hrvScore!).toBeLessThan(excellent!.hrvScore!);
    expect(poor!.sleepScore!).toBeLessThan(normal!.sleepScore!);
    expect(normal!.sleepScore!).toBeLessThanOrEqual(excellent!.sleepScore!);
  });

  it("lets hours slept pull the sleep score", () => {
    expect(simulateRecovery("normal", { sleepHours: 4 }).sleepScore).toBeLessThan(
      simulateRecovery("normal").sleepScore!,
    );
    expect(simulateRecovery("normal", { sleepHours: 9 }).sleepScore).toBeGreaterThanOrEqual(
      simulateRecovery("normal").sleepScore!,
    );
  });
});

describe("mulberry32", () => {
  it("is seeded, uniform-ish and in [0, 1)", () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 10_000 }, () => a());
    expect(Array.from({ length: 10_000 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
    expect(mulberry32(43)()).not.toBe(mulberry32(42)());
  });
});

describe("generateRecoveryDataset", () => {
  const opts = { seed: 7, startDate: "2025-01-06", weeks: 8 };

  it("is the same for the same seed and differs for another", () => {
    expect(generateRecoveryDataset(opts)).toEqual(generateRecoveryDataset(opts));
    expect(generateRecoveryDataset({ ...opts, seed: 8 })).not.toEqual(generateRecoveryDataset(opts));
  });

  it("gives one plausible day per calendar day", () => {
    const days = generateRecoveryDataset(opts);
    expect(days).toHaveLength(56);
    expect(days[0]!.date).toBe("2025-01-06");
    expect(days[55]!.date).toBe("2025-03-02");
    for (const d of days) {
      expect(d.sleepHours).toBeGreaterThanOrEqual(3);
      expect(d.sleepHours).toBeLessThanOrEqual(10);
      expect(d.rmssdMs).toBeGreaterThan(20);
      expect(d.rmssdMs).toBeLessThan(150);
      expect(d.hrvScore).toBeGreaterThanOrEqual(0);
      expect(d.hrvScore).toBeLessThanOrEqual(100);
      expect(RecoveryInputSchema.safeParse(recoveryInputOf(d)).success).toBe(true);
    }
    expect(days.slice(0, 6).every((d) => d.rolling7 === null)).toBe(true);
    expect(days.slice(6).every((d) => d.rolling7 !== null)).toBe(true);
    expect(new Set(days.map((d) => d.recoveryBias)).size).toBeGreaterThan(1);
  });

  it("turns a falling HRV trend into more Poor days", () => {
    const poorDays = (trendPerWeek: number) =>
      generateRecoveryDataset({ ...opts, weeks: 12, trendPerWeek }).filter((d) => d.recoveryBias === -1)
        .length;
    expect(poorDays(-0.08)).toBeGreaterThan(poorDays(0.08));
  });

  it("feeds the planner", () => {
    const day = generateRecoveryDataset(opts)[20]!;
    const plan = planWorkout(
      {
        profile: {
          goal: "general",
          experience: "beginner",
          sessionMinutes: 30,
          equipment: ["dumbbells"],
          injuries: [],
          likedExerciseIds: [],
          dislikedExerciseIds: [],
          bodyweightKg: null,
        },
        recentSessions: [],
        context: { ...emptyPlanContext(), sleepHours: day.sleepHours },
        recovery: recoveryInputOf(day),
        weeksSinceDeload: null,
      },
      { today: day.date, requestId: "r", seed: 1 },
    );
    expect(plan.rationale.signals[0]!.id).toBe("recovery");
  });
});
