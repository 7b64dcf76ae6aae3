import { computeStreaks } from "@cadence/shared-schema/metrics";
import { describe, expect, it } from "vitest";
import { lift, set, skipped, workout } from "./builders.js";

const trained = (date: string) => workout(date, [lift("squat", [set(5, 100)])]);
const profile = { plannedDaysPerWeek: 2, bodyweightKg: 80 };

// 2025-W01 (Mon 30 Dec – Sun 5 Jan): Mon, Wed, Thu, Fri   → 4 days, qualifies (target 2)
// 2025-W02 (6–12 Jan):               Tue                  → 1 day, does not
// 2025-W03 (13–19 Jan):              Tue, Wed             → 2 days, qualifies
// Sat 11 Jan: a workout whose only set was skipped          → not a training day
const log = [
  trained("2024-12-30"),
  trained("2025-01-01"),
  trained("2025-01-02"),
  trained("2025-01-03"),
  trained("2025-01-07"),
  workout("2025-01-11", [lift("squat", [skipped(100)])]),
  trained("2025-01-14"),
  trained("2025-01-15"),
];

describe("streaks", () => {
  it("counts days back from yesterday while today is still open", () => {
    // Thu 16 Jan, no session yet: 15, 14 → 2. Longest: 1–3 Jan → 3.
    const s = computeStreaks(log, profile, "2025-01-16");
    expect(s).toMatchObject({
      currentDays: 2,
      longestDays: 3,
      trainingDaysThisWeek: 2,
      lastTrainingDay: "2025-01-15",
    });
  });

  it("counts qualifying ISO weeks; the current week counts once it qualifies", () => {
    // W03 qualifies, W02 does not → current 1; longest 1 (W01 and W03 are not consecutive).
    expect(computeStreaks(log, profile, "2025-01-16")).toMatchObject({ currentWeeks: 1, longestWeeks: 1 });
    // On Mon 13 Jan, W03 has no session yet and W02 failed → 0.
    expect(computeStreaks(log, profile, "2025-01-13").currentWeeks).toBe(0);
    // On Tue 7 Jan, W02 is open and W01 qualified → 1 (an unfinished week does not break a streak).
    expect(computeStreaks(log, profile, "2025-01-07").currentWeeks).toBe(1);
  });

  it("breaks the day streak after a full day off", () => {
    expect(computeStreaks(log, profile, "2025-01-17").currentDays).toBe(0);
  });

  it("ignores sessions after today", () => {
    expect(computeStreaks(log, profile, "2025-01-02")).toMatchObject({ currentDays: 2, longestDays: 2 });
  });
});
