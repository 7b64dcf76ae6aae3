import { computeReadiness } from "@cadence/shared-schema/metrics";
import { describe, expect, it } from "vitest";
import { readiness } from "./builders.js";

describe("readiness", () => {
  it("averages the logged components into a 0–100 score", () => {
    // recovery 0 → 50; energy 4 → (4 − 1) / 4 × 100 = 75; sleep 6.5 h → (6.5 − 4) / 3 × 100 = 83.33
    // score = (50 + 75 + 83.33) / 3 = 69.44
    const trend = computeReadiness(
      [readiness("2025-01-10", 0, { energy: 4, sleepHours: 6.5 })],
      "2025-01-10",
    );
    expect(trend.days[0]?.score).toBeCloseTo(69.444, 3);
    expect(trend.days[0]?.components).toMatchObject({ recovery: 50, energy: 75, hrv: null });
  });

  it("scores HRV against the personal baseline of the previous 28 days", () => {
    // Baseline (7 readings): 4.0 4.2 4.0 4.2 4.0 4.2 4.1 → mean 4.1, population SD 0.09258
    // Today 4.0 → z = −1.0801 → 50 + 25 × z = 23.00; with recovery 0 (50): score (50 + 23.00) / 2 = 36.50
    const base = [4.0, 4.2, 4.0, 4.2, 4.0, 4.2, 4.1].map((hrvSim, i) =>
      readiness(`2025-01-0${i + 1}`, 0, { hrvSim }),
    );
    const trend = computeReadiness([...base, readiness("2025-01-08", 0, { hrvSim: 4.0 })], "2025-01-08");
    const today = trend.days.at(-1);
    expect(today?.components.hrv).toBeCloseTo(22.997, 3);
    expect(today?.score).toBeCloseTo(36.498, 3);
    // Day 7 has only 6 earlier readings: no HRV component yet.
    expect(trend.days[6]?.components.hrv).toBeNull();
  });

  it("gives the 7-day mean and slope", () => {
    // scores 100, 50, 0 on days −2, −1, 0 → mean 50, slope −50 points/day → declining
    const trend = computeReadiness(
      [
        readiness("2025-01-08", 1),
        readiness("2025-01-09", 0),
        readiness("2025-01-10", -1),
        readiness("2025-01-01", 1),
      ],
      "2025-01-10",
    );
    expect(trend.mean7).toBe(50);
    expect(trend.slope7).toBeCloseTo(-50, 9);
    expect(trend.direction).toBe("declining");
    expect(trend.daysLogged7).toBe(3); // 1 Jan is outside the window
  });

  it("averages several entries on one date and ignores entries after today", () => {
    const trend = computeReadiness(
      [readiness("2025-01-10", 1), readiness("2025-01-10", -1), readiness("2025-01-11", 1)],
      "2025-01-10",
    );
    expect(trend.days).toHaveLength(1);
    expect(trend.days[0]?.score).toBe(50);
    expect(trend.slope7).toBeNull(); // fewer than 3 days
  });
});
