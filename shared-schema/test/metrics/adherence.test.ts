import { computeAdherence, workoutSetAdherence } from "@cadence/shared-schema/metrics";
import { describe, expect, it } from "vitest";
import { lift, set, skipped, workout } from "./builders.js";

// A: 4 planned sets, 3 done, 1 skipped, plus 1 set the user added → 3 / 4, 1 extra.
// B: plan said 6 sets (one exercise never started), the 3 logged ones done → 3 / 6.
// Week: 6 / 10 = 0.6; 2 training days of 3 planned → 0.667.
const a = workout("2025-01-06", [
  lift("squat", [set(5, 100), set(5, 100), set(5, 100), skipped(100), set(5, 100, null, { planned: false })]),
]);
const b = workout("2025-01-08", [lift("bench", [set(5, 80), set(5, 80), set(5, 80)])], { plannedSets: 6 });

describe("adherence", () => {
  it("counts planned, completed-planned and extra sets per workout", () => {
    expect(workoutSetAdherence(a)).toEqual({ plannedSets: 4, completedPlannedSets: 3, extraSets: 1 });
    expect(workoutSetAdherence(b)).toEqual({ plannedSets: 6, completedPlannedSets: 3, extraSets: 0 });
  });

  it("rates each ISO week", () => {
    const report = computeAdherence([a, b], { plannedDaysPerWeek: 3, bodyweightKg: null }, "2025-01-12");
    expect(report.byWeek).toHaveLength(1);
    const [week] = report.byWeek;
    expect(week).toMatchObject({
      week: "2025-W02",
      plannedSets: 10,
      completedPlannedSets: 6,
      setRate: 0.6,
      trainingDays: 2,
    });
    expect(week?.dayRate).toBeCloseTo(2 / 3, 9);
    expect(week?.partial).toBe(false);
    expect(report.last4Weeks.setRate).toBe(0.6);
  });

  it("includes empty weeks up to today as zero days", () => {
    const report = computeAdherence([a, b], { plannedDaysPerWeek: 3, bodyweightKg: null }, "2025-01-22");
    expect(report.byWeek.map((w) => [w.week, w.trainingDays, w.setRate, w.partial])).toEqual([
      ["2025-W02", 2, 0.6, false],
      ["2025-W03", 0, null, false],
      ["2025-W04", 0, null, true],
    ]);
    expect(report.last4Weeks.dayRate).toBeCloseTo(2 / 6, 9);
  });
});
