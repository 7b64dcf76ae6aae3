import { computeIntensity } from "@cadence/shared-schema/metrics";
import { describe, expect, it } from "vitest";
import { bodyweight, lift, set, timed, workout } from "./builders.js";

describe("average intensity", () => {
  // s1: 5 @ 100 RPE 8 → e1RM 100 × (1 + 7/30) = 123.33. No earlier e1RM: no % for this session.
  // s2: 100 × 5 @ 8, 110 × 3 @ 9, 80 × 8 (no RPE), plank @ 7
  //     % e1RM against s1's 123.33 (not against s2's own sets):
  //       100 / 123.33 = 81.08 %, 110 / 123.33 = 89.19 %, 80 / 123.33 = 64.86 %  → mean 78.38 %
  //     mean RPE over sets with an RPE: (8 + 9 + 7) / 3 = 8
  const s1 = workout("2025-01-06", [lift("bench", [set(5, 100, 8)])], { id: "s1" });
  const s2 = workout(
    "2025-01-09",
    [lift("bench", [set(5, 100, 8), set(3, 110, 9), set(8, 80)]), bodyweight("plank", [timed(60, 7)])],
    { id: "s2" },
  );
  const report = computeIntensity([s1, s2]);

  it("rates each session against the best e1RM before it", () => {
    expect(report.bySession[0]).toMatchObject({
      workoutId: "s1",
      meanPercentE1rm: null,
      percentSets: 0,
      meanRpe: 8,
    });
    expect(report.bySession[1]?.meanPercentE1rm).toBeCloseTo(78.378, 3);
    expect(report.bySession[1]?.percentSets).toBe(3);
    expect(report.bySession[1]?.meanRpe).toBe(8);
  });

  it("averages sets, not sessions, per week and overall", () => {
    expect(report.byWeek).toHaveLength(1);
    expect(report.byWeek[0]?.week).toBe("2025-W02");
    // RPE: (8 + 8 + 9 + 7) / 4 = 8
    expect(report.total.meanRpe).toBe(8);
    expect(report.total.meanPercentE1rm).toBeCloseTo(78.378, 3);
  });
});
