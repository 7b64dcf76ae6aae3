import {
  computeVolume,
  PRIMARY_MUSCLE_WEIGHT,
  SECONDARY_MUSCLE_WEIGHT,
  workoutVolume,
} from "@cadence/shared-schema/metrics";
import { describe, expect, it } from "vitest";
import { bodyweight, lift, PROFILE, set, skipped, timed, workout } from "./builders.js";

// One session, bodyweight 80 kg:
//   squat 3 × 5 @ 100 kg (+ one skipped set)   → 3 × 5 × 100          = 1500 kg
//   pull-ups 8 @ bodyweight, 6 @ +10 kg        → 8 × 80 + 6 × 90      = 1180 kg
//   push-ups 10 @ 0.64 × bodyweight            → 10 × 0.64 × 80       =  512 kg
//   plank 2 × 45 s                             → time under tension 90 s, no kg
const session = workout("2025-01-06", [
  lift("squat", [set(5, 100), set(5, 100), set(5, 100), skipped(100)]),
  bodyweight("pull-up", [set(8, null), set(6, 10)]),
  bodyweight("push-up", [set(10, null)], 0.64),
  bodyweight("plank", [timed(45), timed(45)]),
]);

describe("volume", () => {
  it("counts loaded, bodyweight and timed work separately", () => {
    expect(workoutVolume(session, PROFILE)).toEqual({
      sets: 8, // 3 squat + 2 pull-up + 1 push-up + 2 plank; the skipped set is not counted
      reps: 39, // 15 + 14 + 10
      volumeKg: 3192, // 1500 + 1180 + 512
      bodyweightVolumeKg: 1692, // 1180 + 512
      bodyweightReps: 24,
      unloadedReps: 0,
      timeUnderTensionSec: 90,
      timedSets: 2,
    });
  });

  it("never turns bodyweight reps into a silent 0 when bodyweight is unknown", () => {
    const v = workoutVolume(session, { ...PROFILE, bodyweightKg: null });
    expect(v.volumeKg).toBe(1500); // squats only
    expect(v.bodyweightVolumeKg).toBe(0);
    expect(v.bodyweightReps).toBe(24);
    expect(v.unloadedReps).toBe(24); // reported, not dropped
  });

  it("weights muscles: primary 1 set, secondary 0.5 set", () => {
    expect(PRIMARY_MUSCLE_WEIGHT).toBe(1);
    expect(SECONDARY_MUSCLE_WEIGHT).toBe(0.5);
    const muscles = Object.fromEntries(computeVolume([session], PROFILE).byMuscle.map((m) => [m.muscle, m]));
    expect(muscles.quadriceps).toEqual({
      muscle: "quadriceps",
      sets: 3,
      volumeKg: 1500,
      timeUnderTensionSec: 0,
    });
    expect(muscles.hamstrings).toEqual({
      muscle: "hamstrings",
      sets: 1.5,
      volumeKg: 750,
      timeUnderTensionSec: 0,
    });
    expect(muscles.lats?.sets).toBe(2);
    expect(muscles.biceps?.sets).toBe(1); // 2 pull-up sets × 0.5
    expect(muscles.chest?.sets).toBe(1); // push-ups
    expect(muscles.triceps?.sets).toBe(0.5);
    expect(muscles.abs).toEqual({ muscle: "abs", sets: 2, volumeKg: 0, timeUnderTensionSec: 90 });
  });

  it("keys days on the local date and weeks on ISO weeks (Monday start, ISO year)", () => {
    const report = computeVolume(
      [
        workout("2024-12-30", [lift("squat", [set(5, 100)])]), // Monday of 2025-W01
        workout("2025-01-05", [lift("squat", [set(5, 100)])]), // Sunday, same week
        workout("2025-01-06", [lift("squat", [set(5, 100)])]), // Monday of 2025-W02
        // Local date wins over the UTC instant (Sunday 00:30 in Berlin is Saturday in UTC).
        workout("2025-01-12", [lift("bench", [set(10, 50)])], { startedAt: "2025-01-12T00:30:00+01:00" }),
      ],
      PROFILE,
    );
    expect(report.byWeek.map((w) => [w.week, w.weekStart, w.totals.volumeKg])).toEqual([
      ["2025-W01", "2024-12-30", 1000],
      ["2025-W02", "2025-01-06", 1000], // 500 squat + 500 bench
    ]);
    expect(report.byDay.map((d) => d.date)).toEqual(["2024-12-30", "2025-01-05", "2025-01-06", "2025-01-12"]);
  });

  it("reports reps of loaded exercises logged without a weight as unloaded", () => {
    const v = workoutVolume(workout("2025-01-06", [lift("squat", [set(5, null)])]), PROFILE);
    expect(v).toMatchObject({ reps: 5, volumeKg: 0, unloadedReps: 5 });
  });
});
