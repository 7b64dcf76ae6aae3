import { computeLoad, fosterWeek, MONOTONY_CAP, sessionLoad } from "@cadence/shared-schema/metrics";
import { describe, expect, it } from "vitest";
import { addDays } from "@cadence/shared-schema/metrics";
import { lift, set, workout } from "./builders.js";

const w = (date: string, sessionRpe: number | null, durationMin: number | null, extra = {}) =>
  workout(date, [lift("squat", [set(5, 100)])], { sessionRpe, durationMin, ...extra });

describe("session load (Foster)", () => {
  it("is session RPE × minutes, the duration coming from the clock when not given", () => {
    expect(sessionLoad(w("2025-01-06", 7, 60))).toBe(420);
    expect(
      sessionLoad(
        w("2025-01-06", 4, null, {
          startedAt: "2025-01-06T18:00:00+01:00",
          finishedAt: "2025-01-06T17:30:00Z",
        }),
      ),
    ).toBe(120); // 30 min × 4
    expect(sessionLoad(w("2025-01-06", null, 60))).toBeNull();
    expect(sessionLoad(w("2025-01-06", 7, null))).toBeNull(); // no duration, no finish time
  });
});

describe("weekly load, monotony and strain", () => {
  // Mon 7×60 = 420; Wed 8×50 = 400; Fri 6×45 = 270 + 5×20 = 100 → 370; Sat 4×30 min (from the clock) = 120;
  // Sun: no session RPE → not scored. Daily loads [420, 0, 400, 0, 370, 120, 0].
  //   weekly load = 1310, mean = 187.143, population SD = 186.142
  //   monotony = 187.143 / 186.142 = 1.00537, strain = 1310 × 1.00537 = 1317.04
  const week = [
    w("2025-01-06", 7, 60),
    w("2025-01-08", 8, 50),
    w("2025-01-10", 6, 45),
    w("2025-01-10", 5, 20, { startedAt: "2025-01-10T07:00:00+01:00" }),
    w("2025-01-11", 4, null, { startedAt: "2025-01-11T10:00:00+01:00", finishedAt: "2025-01-11T09:30:00Z" }),
    w("2025-01-12", null, 60),
  ];
  const report = computeLoad(week, "2025-01-12");

  it("sums days Monday to Sunday with rest days as 0", () => {
    expect(report.byWeek).toHaveLength(1);
    const [wk] = report.byWeek;
    expect(wk?.dailyLoads).toEqual([420, 0, 400, 0, 370, 120, 0]);
    expect(wk?.load).toBe(1310);
    expect(wk?.sdDaily).toBeCloseTo(186.1424, 3);
    expect(wk?.monotony).toBeCloseTo(1.00537, 4);
    expect(wk?.strain).toBeCloseTo(1317.04, 1);
    expect(wk?.sessionsWithoutLoad).toBe(1);
    expect(report.sessionsWithoutLoad).toBe(1);
  });

  it("leaves monotony and strain empty for the week in progress", () => {
    const partial = computeLoad(week, "2025-01-10").byWeek[0];
    expect(partial).toMatchObject({ partial: true, load: 1190, monotony: null, strain: null });
  });

  it("caps monotony for identical days and has none for a week without load", () => {
    expect(fosterWeek([100, 100, 100, 100, 100, 100, 100])).toMatchObject({
      monotony: MONOTONY_CAP,
      strain: 7000,
    });
    expect(fosterWeek([0, 0, 0, 0, 0, 0, 0])).toMatchObject({ load: 0, monotony: null, strain: 0 });
  });
});

describe("acute:chronic workload ratio (coupled, 7 / 28 days)", () => {
  const today = "2025-02-28";
  // Daily sessions of 20 min: RPE 5 (load 100) for days −27…−7, then `recent` × 20 for the last 7 days.
  const log = (recentRpe: number, days = 28) =>
    Array.from({ length: days }, (_, i) => {
      const offset = i - (days - 1);
      return w(addDays(today, offset), offset > -7 ? recentRpe : 5, 20);
    });

  it("flags a spike above 1.5 as a soft warning", () => {
    // acute = 200 / day; chronic = (21 × 100 + 7 × 200) / 28 = 125 → 1.6
    const acwr = computeLoad(log(10), today).acwr;
    expect(acwr.acuteDailyMean).toBe(200);
    expect(acwr.chronicDailyMean).toBe(125);
    expect(acwr.ratio).toBeCloseTo(1.6, 9);
    expect(acwr.warning).toBe("high");
    expect(acwr.message).toMatch(/1\.60×/);
  });

  it("notes a drop below 0.8", () => {
    // acute = 50; chronic = (2100 + 350) / 28 = 87.5 → 0.571
    const acwr = computeLoad(log(2.5), today).acwr;
    expect(acwr.ratio).toBeCloseTo(0.5714, 4);
    expect(acwr.warning).toBe("low");
  });

  it("stays quiet between 0.8 and 1.5 and with under 28 days of history", () => {
    expect(computeLoad(log(5), today).acwr).toMatchObject({ ratio: 1, warning: null });
    const young = computeLoad(log(10, 20), today).acwr;
    expect(young.sufficientHistory).toBe(false);
    expect(young.ratio).toBeGreaterThan(1.5);
    expect(young.warning).toBeNull();
  });
});
