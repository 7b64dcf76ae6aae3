import {
  computeDashboard,
  formatMass,
  fromDisplayMass,
  type WorkoutRecord,
} from "@cadence/shared-schema/metrics";
import { describe, expect, it } from "vitest";
import { bodyweight, input, lift, nonFinite, readiness, set, skipped, timed, workout } from "./builders.js";
import { generateGoldenLog } from "./golden/generator.js";

const TODAY = "2025-01-16"; // a Thursday

describe("computeDashboard edge cases", () => {
  it("no data: an empty state without NaN, nulls where there is nothing to say", () => {
    const d = computeDashboard(input([]), { today: TODAY });
    expect(d.isEmpty).toBe(true);
    expect(d.weeks).toEqual([]);
    expect(d.thisWeek).toBeNull();
    expect(d.recentWorkouts).toEqual([]);
    expect(d.volume.total.volumeKg).toBe(0);
    expect(d.intensity.total).toEqual({ meanPercentE1rm: null, percentSets: 0, meanRpe: null, rpeSets: 0 });
    expect(d.streaks).toMatchObject({ currentDays: 0, longestDays: 0, currentWeeks: 0, longestWeeks: 0 });
    expect(d.load.acwr).toMatchObject({ ratio: null, warning: null, sufficientHistory: false });
    expect(d.load.last7Days).toMatchObject({ load: 0, monotony: null, strain: 0 });
    expect(d.adherence.total.setRate).toBeNull();
    expect(d.readiness).toMatchObject({ mean7: null, slope7: null, direction: null, latest: null });
    expect(d.deload).toMatchObject({ suggest: false, reasons: [], consecutiveLoadingWeeks: 0 });
    expect(nonFinite(d)).toEqual([]);
  });

  it("readiness without workouts is still shown", () => {
    const d = computeDashboard(input([], {}, [readiness(TODAY, 1)]), { today: TODAY });
    expect(d.isEmpty).toBe(true);
    expect(d.readiness.mean7).toBe(100);
  });

  it("one workout", () => {
    // squat 3 × 5 @ 100 RPE 8, session RPE 7 × 50 min = 350 AU
    const w = workout(TODAY, [lift("squat", [set(5, 100, 8), set(5, 100, 8), set(5, 100, 8)])], {
      sessionRpe: 7,
      durationMin: 50,
    });
    const d = computeDashboard(input([w]), { today: TODAY });
    expect(d.isEmpty).toBe(false);
    expect(d.thisWeek).toMatchObject({ week: "2025-W03", partial: true, load: 350 });
    expect(d.thisWeek?.volume).toMatchObject({ sets: 3, reps: 15, volumeKg: 1500 });
    expect(d.intensity.total.meanPercentE1rm).toBeNull(); // nothing earlier to compare with
    expect(d.intensity.total.meanRpe).toBe(8);
    expect(d.strength.lifts[0]?.history).toHaveLength(1);
    expect(d.strength.prs).toEqual([]);
    expect(d.streaks).toMatchObject({
      currentDays: 1,
      longestDays: 1,
      currentWeeks: 0,
      trainingDaysThisWeek: 1,
    });
    // acute 350 / 7 = 50, chronic 350 / 28 = 12.5 → ratio 4, but a 1-day history is never flagged
    expect(d.load.acwr).toMatchObject({ ratio: 4, sufficientHistory: false, warning: null });
    expect(d.recentWorkouts).toHaveLength(1);
    expect(d.recentWorkouts[0]).toMatchObject({
      workoutId: w.id,
      durationMin: 50,
      sessionLoad: 350,
      meanRpe: 8,
    });
    expect(d.deload.suggest).toBe(false);
    expect(nonFinite(d)).toEqual([]);
  });

  it("bodyweight only: reps and time reported, kg only when bodyweight is known", () => {
    const log = [
      workout("2025-01-13", [
        bodyweight("pull-up", [set(8, null, 8), set(7, null, 9)]),
        bodyweight("plank", [timed(60)]),
      ]),
      workout("2025-01-15", [
        bodyweight("pull-up", [set(9, null, 8)]),
        bodyweight("push-up", [set(20, null)], 0.64),
      ]),
    ];
    const unknown = computeDashboard(input(log, { bodyweightKg: null }), { today: TODAY });
    expect(unknown.volume.total).toEqual({
      sets: 5,
      reps: 44, // 8 + 7 + 9 + 20
      volumeKg: 0,
      bodyweightVolumeKg: 0,
      bodyweightReps: 44,
      unloadedReps: 44,
      timeUnderTensionSec: 60,
      timedSets: 1,
    });
    expect(unknown.strength.lifts).toEqual([]);
    expect(unknown.intensity.total.meanPercentE1rm).toBeNull();
    expect(unknown.intensity.total.meanRpe).toBeCloseTo(25 / 3, 9);
    expect(unknown.volume.byMuscle.find((m) => m.muscle === "lats")?.sets).toBe(3);
    // 70 kg: pull-ups 24 × 70 = 1680, push-ups 20 × 0.64 × 70 = 896 → 2576
    const known = computeDashboard(input(log, { bodyweightKg: 70 }), { today: TODAY });
    expect(known.volume.total).toMatchObject({ volumeKg: 2576, bodyweightVolumeKg: 2576, unloadedReps: 0 });
    expect(nonFinite(unknown)).toEqual([]);
  });

  it("unit switch: figures are stored and computed in kg; the display unit only changes the text", () => {
    // The same session typed in lb (225 lb) and in kg (102.0583 kg) gives the same dashboard.
    const typedLb = workout(TODAY, [lift("squat", [set(5, fromDisplayMass(225, "lb"), 8)])], { id: "w" });
    const typedKg = workout(TODAY, [lift("squat", [set(5, 102.05828325, 8)])], { id: "w" });
    const a = computeDashboard(input([typedLb]), { today: TODAY });
    const b = computeDashboard(input([typedKg]), { today: TODAY });
    expect(a.volume.total.volumeKg).toBeCloseTo(b.volume.total.volumeKg, 6);
    const e1rm = a.strength.lifts[0]?.best?.e1rmKg ?? NaN;
    // 225 lb × (1 + 7/30) = 277.5 lb = 125.87 kg
    expect(formatMass(e1rm, "lb")).toBe("277.5 lb");
    expect(formatMass(e1rm, "kg")).toBe("125.9 kg");
    expect(formatMass(fromDisplayMass(277.5, "lb"), "lb")).toBe("277.5 lb");
  });

  it("a workout edited after the fact: recomputing reflects the edit, the input is not mutated", () => {
    const original: WorkoutRecord[] = [
      workout("2025-01-13", [lift("bench", [set(5, 80, 8), set(5, 80, 8)])], {
        id: "mon",
        sessionRpe: 7,
        durationMin: 60,
      }),
      workout("2025-01-15", [lift("bench", [set(5, 80, 8), skipped(80)])], {
        id: "wed",
        sessionRpe: 7,
        durationMin: 60,
      }),
    ];
    const frozen = JSON.stringify(original);
    const before = computeDashboard(input(original), { today: TODAY });
    expect(JSON.stringify(original)).toBe(frozen);
    // Wednesday corrected: the skipped set was actually done, 7 reps (RPE 9); duration was 75 min.
    const edited = original.map((w) =>
      w.id !== "wed"
        ? w
        : { ...w, durationMin: 75, exercises: [lift("bench", [set(5, 80, 8), set(7, 80, 9)])] },
    );
    const after = computeDashboard(input(edited), { today: TODAY });
    // volume: 1200 → 1200 + 7 × 80 = 1760; sets 3 → 4; adherence 3/4 → 4/4
    expect(before.volume.total.volumeKg).toBe(1200);
    expect(after.volume.total.volumeKg).toBe(1760);
    expect(before.adherence.total.setRate).toBe(0.75);
    expect(after.adherence.total.setRate).toBe(1);
    // load: 7 × 60 → 7 × 75 on Wednesday → week 840 → 945
    expect(before.thisWeek?.load).toBe(840);
    expect(after.thisWeek?.load).toBe(945);
    // 7 @ 80 RPE 9 → 8 to failure → 80 × (1 + 8/30) = 101.33 beats 80 × (1 + 7/30) = 98.67: a new e1RM PR
    expect(before.strength.prs).toEqual([]);
    expect(after.strength.prs.map((p) => [p.kind, p.workoutId])).toEqual([
      ["e1rm", "wed"],
      ["reps-at-weight", "wed"],
    ]);
    expect(after.strength.lifts[0]?.best?.e1rmKg).toBeCloseTo(101.333, 3);
  });

  it("does not depend on input order or on the host time zone", () => {
    const log = generateGoldenLog();
    const reference = JSON.stringify(computeDashboard(log, { today: log.today }));
    const shuffled = {
      ...log,
      workouts: [...log.workouts].reverse(),
      readiness: [...log.readiness].reverse(),
    };
    expect(JSON.stringify(computeDashboard(shuffled, { today: log.today }))).toBe(reference);
    const tz = process.env.TZ;
    try {
      for (const zone of ["Pacific/Kiritimati", "America/Los_Angeles", "Asia/Kolkata"]) {
        process.env.TZ = zone;
        expect(JSON.stringify(computeDashboard(log, { today: log.today }))).toBe(reference);
      }
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });

  it("lists the requested number of recent training sessions, newest first", () => {
    const log = generateGoldenLog();
    const three = computeDashboard(log, { today: log.today, recentWorkouts: 3 }).recentWorkouts;
    expect(three).toHaveLength(3);
    expect(three.map((w) => w.date)).toEqual([...three.map((w) => w.date)].sort().reverse());
    expect(computeDashboard(log, { today: log.today, recentWorkouts: 0 }).recentWorkouts).toEqual([]);
  });

  it("rejects a malformed date instead of guessing", () => {
    expect(() => computeDashboard(input([]), { today: "16/01/2025" })).toThrow(RangeError);
    expect(() => computeDashboard(input([workout("2025-02-30", [])]), { today: TODAY })).toThrow(RangeError);
  });
});
