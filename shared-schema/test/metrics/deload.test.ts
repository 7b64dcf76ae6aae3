import {
  addDays,
  computeDashboard,
  countLoadingWeeks,
  type WorkoutRecord,
} from "@cadence/shared-schema/metrics";
import { describe, expect, it } from "vitest";
import { input, lift, readiness, set, workout } from "./builders.js";

const START = "2025-01-06"; // a Monday

interface WeekPlan {
  squat: number;
  bench: number;
  rpe: number;
  sets?: number;
}

/** Two sessions a week (Mon, Thu) of squat and bench 3 × 5. */
function block(weeks: readonly WeekPlan[], firstWeek = 0): WorkoutRecord[] {
  return weeks.flatMap((p, i) =>
    [0, 3].map((offset) =>
      workout(addDays(START, 7 * (firstWeek + i) + offset), [
        lift(
          "squat",
          Array.from({ length: p.sets ?? 3 }, () => set(5, p.squat, p.rpe)),
        ),
        lift(
          "bench",
          Array.from({ length: p.sets ?? 3 }, () => set(5, p.bench, p.rpe)),
        ),
      ]),
    ),
  );
}

const rising = (w: number, rpe = 8): WeekPlan => ({ squat: 100 + 5 * w, bench: 80 + 2.5 * w, rpe });
const TODAY = addDays(START, 7 * 8 + 2); // Wednesday of week 8

describe("deload suggestion", () => {
  it("suggests a deload when main lifts stall for 3 weeks while RPE rises", () => {
    // Weeks 0–4 progress at RPE 8 (week 2 is light: 1 set per lift); weeks 5–7 hold 120 / 90 kg at RPE 8.5, 9, 9.5.
    // Squat best before: 120 × (1 + 7/30) = 148.0; best since: 120 × (1 + 6.5/30) = 146.0 < 148 × 1.01 → stalled.
    // Mean RPE: weeks 2–4 = 8, weeks 5–7 = 9 → rising by 1 ≥ 0.5.
    // Loading weeks: 3–7 = 5 (week 2 had 4 sets against a median of 12) → not enough on its own.
    const log = block([
      rising(0),
      rising(1),
      { ...rising(2), sets: 1 },
      rising(3),
      rising(4),
      { squat: 120, bench: 90, rpe: 8.5 },
      { squat: 120, bench: 90, rpe: 9 },
      { squat: 120, bench: 90, rpe: 9.5 },
    ]);
    const { deload } = computeDashboard(input(log), { today: TODAY });
    expect(deload.consecutiveLoadingWeeks).toBe(5);
    const squat = deload.mainLifts.find((l) => l.exerciseId === "squat");
    expect(squat?.bestBeforeKg).toBeCloseTo(148, 9);
    expect(squat?.bestRecentKg).toBeCloseTo(146, 9);
    expect(squat?.rpeBefore).toBe(8);
    expect(squat?.rpeRecent).toBe(9);
    expect(deload.reasons.map((r) => r.code)).toEqual(["stalled-lifts"]);
    expect(deload.suggest).toBe(true);
    expect(deload.prescription).toMatch(/50–60 %/);
  });

  it("stays quiet while e1RM still climbs, even with RPE rising", () => {
    const log = block([
      rising(0),
      rising(1),
      { ...rising(2), sets: 1 },
      rising(3),
      rising(4),
      rising(5, 8.5),
      rising(6, 9),
      rising(7, 9.5),
    ]);
    const { deload } = computeDashboard(input(log), { today: TODAY });
    expect(deload.mainLifts.every((l) => l.evaluated && !l.stalled && l.rpeRising)).toBe(true);
    expect(deload.suggest).toBe(false);
  });

  it("suggests one after 6 loading weeks in a row", () => {
    const log = block([0, 1, 2, 3, 4, 5, 6, 7].map((w) => rising(w)));
    const { deload } = computeDashboard(input(log), { today: TODAY });
    expect(deload.consecutiveLoadingWeeks).toBe(8);
    expect(deload.reasons.map((r) => r.code)).toEqual(["loading-weeks"]);
  });

  it("suggests one after 4 loading weeks when readiness is low", () => {
    const log = block(
      [4, 5, 6, 7].map((w) => rising(w)),
      4,
    );
    const tired = [-2, -1, 0].map((d) => readiness(addDays(TODAY, d), -1));
    expect(computeDashboard(input(log), { today: TODAY }).deload.suggest).toBe(false);
    const { deload } = computeDashboard(input(log, {}, tired), { today: TODAY });
    expect(deload.consecutiveLoadingWeeks).toBe(4);
    expect(deload.reasons.map((r) => r.code)).toEqual(["loading-weeks"]);
    expect(deload.reasons[0]?.message).toMatch(/readiness/);
  });

  it("passes on an ACWR spike", () => {
    // 21 days at RPE 5 × 20 min, then 7 at RPE 10 × 20 min → ACWR 1.6 (see load.test.ts)
    const today = addDays(START, 27);
    const log = Array.from({ length: 28 }, (_, i) =>
      workout(addDays(START, i), [lift("squat", [set(5, 100)])], {
        sessionRpe: i >= 21 ? 10 : 5,
        durationMin: 20,
      }),
    );
    const { deload, load } = computeDashboard(input(log), { today });
    expect(load.acwr.ratio).toBeCloseTo(1.6, 9);
    expect(deload.reasons.map((r) => r.code)).toEqual(["acwr-high"]);
  });

  it("counts a week far below the recent median as light", () => {
    // sets per week 12, 12, 12, 4 (< 0.6 × 12), 12, 12 → 2 loading weeks since the light one
    const log = block([0, 1, 2, 3, 4, 5].map((w) => ({ ...rising(w), sets: w === 3 ? 1 : 3 })));
    expect(countLoadingWeeks(log, addDays(START, 7 * 6))).toBe(2);
  });
});
