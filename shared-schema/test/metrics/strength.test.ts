import { brzyckiE1rm, computeStrength, epleyE1rm, estimateSet } from "@cadence/shared-schema/metrics";
import { describe, expect, it } from "vitest";
import { bodyweight, lift, set, workout } from "./builders.js";

const bench = lift("bench", []);

describe("e1RM formulas", () => {
  it("Epley and Brzycki", () => {
    expect(epleyE1rm(100, 5)).toBeCloseTo(116.667, 3); // 100 × (1 + 5/30)
    expect(brzyckiE1rm(100, 5)).toBeCloseTo(112.5, 6); // 100 × 36 / 32
    expect(epleyE1rm(100, 10)).toBeCloseTo(brzyckiE1rm(100, 10), 9); // both 133.33: they meet at 10 reps
    expect(epleyE1rm(100, 1)).toBe(100); // a single is the 1RM (Epley alone would say 103.3)
    expect(brzyckiE1rm(100, 1)).toBe(100);
  });

  it("adds reps in reserve when RPE ≥ 7", () => {
    // 5 @ 100 kg, RPE 8 → 2 RIR → 7 reps to failure → Epley 100 × (1 + 7/30) = 123.33, Brzycki 100 × 36/30 = 120
    const e = estimateSet(bench, set(5, 100, 8));
    expect(e?.repsToFailure).toBe(7);
    expect(e?.rpeAdjusted).toBe(true);
    expect(e?.e1rmKg).toBeCloseTo(123.333, 3);
    expect(e?.brzyckiKg).toBeCloseTo(120, 6);
    // 3 @ 140 kg, RPE 9.5 → 3.5 to failure → 140 × (1 + 3.5/30) = 156.33
    expect(estimateSet(bench, set(3, 140, 9.5))?.e1rmKg).toBeCloseTo(156.333, 3);
    // 1 @ 150 kg, RPE 10 → a true single
    expect(estimateSet(bench, set(1, 150, 10))?.e1rmKg).toBe(150);
    // No RPE: taken as to failure (a lower bound)
    expect(estimateSet(bench, set(5, 100))).toMatchObject({ repsToFailure: 5, rpeAdjusted: false });
  });

  it("skips sets it cannot estimate from", () => {
    expect(estimateSet(bench, set(12, 60, 8))).toBeNull(); // more than 10 reps
    expect(estimateSet(bench, set(5, 100, 6))).toBeNull(); // RPE below 7: self-rating too loose
    expect(estimateSet(bench, set(5, 100, 8, { completed: false }))).toBeNull();
    expect(estimateSet(bench, set(5, 0, 8))).toBeNull();
    expect(estimateSet(bodyweight("pull-up", []), set(5, 20, 8))).toBeNull();
  });
});

describe("e1RM history and PRs", () => {
  // s1: 5 @ 100 RPE 8 → e1RM 123.33; the first session is the baseline, no PR
  // s2: 6 @ 100 RPE 8 → 8 to failure → 126.67 (e1RM PR over 123.33); 6 reps at 100 beats 5 (rep PR)
  // s3: 3 @ 105 RPE 9 → 4 to failure → 119.0, no e1RM PR; 105 kg is the heaviest yet (weight PR)
  // s4: 5 @ 100 no RPE → 116.67; nothing beaten
  const log = [
    workout("2025-01-06", [lift("bench", [set(5, 100, 8), set(5, 90, 7)])], { id: "s1" }),
    workout("2025-01-09", [lift("bench", [set(6, 100, 8)])], { id: "s2" }),
    workout("2025-01-13", [lift("bench", [set(3, 105, 9)])], { id: "s3" }),
    workout("2025-01-16", [lift("bench", [set(5, 100)]), bodyweight("pull-up", [set(10, 20)])], { id: "s4" }),
  ];
  const report = computeStrength(log);

  it("keeps one point per session, the best set by Epley, with Brzycki alongside", () => {
    expect(report.lifts.map((l) => l.exerciseId)).toEqual(["bench"]); // bodyweight work has no e1RM
    const [benchProgress] = report.lifts;
    expect(benchProgress?.history.map((p) => [p.workoutId, Number(p.e1rmKg.toFixed(2))])).toEqual([
      ["s1", 123.33],
      ["s2", 126.67],
      ["s3", 119],
      ["s4", 116.67],
    ]);
    expect(benchProgress?.history[0]?.brzyckiKg).toBeCloseTo(120, 6);
    expect(benchProgress?.best?.workoutId).toBe("s2");
    expect(benchProgress?.heaviestKg).toBe(105);
  });

  it("flags e1RM, rep and heaviest-weight PRs against earlier sessions only", () => {
    expect(
      report.prs.map((p) => [p.workoutId, p.kind, Number(p.value.toFixed(2)), Number(p.previous.toFixed(2))]),
    ).toEqual([
      ["s2", "e1rm", 126.67, 123.33],
      ["s2", "reps-at-weight", 6, 5],
      ["s3", "heaviest-weight", 105, 100],
    ]);
  });

  it("treats loads typed in pounds as the same weight", () => {
    const lb = 0.45359237;
    const r = computeStrength([
      workout("2025-01-06", [lift("bench", [set(5, 225 * lb)])]),
      workout("2025-01-08", [lift("bench", [set(6, 225 * lb + 1e-9)])]),
    ]);
    expect(r.prs.map((p) => p.kind)).toContain("reps-at-weight");
  });
});
