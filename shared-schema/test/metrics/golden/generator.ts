/**
 * Deterministic training-log generator for the golden dataset and the timing run. A seeded PRNG (mulberry32)
 * drives a realistic intermediate program: A/B full-body days 3–4 times a week, squat / bench / deadlift / row
 * with linear progression, bodyweight pull-ups (weighted later), timed planks, one deload week and a final
 * stall with rising RPE. It also plants the awkward cases: missed, skipped and extra sets, missing RPE and
 * durations, two sessions on one day, a session whose UTC date differs from its local date, loads entered in
 * pounds, a workout dated after "today".
 */
import { mulberry32 } from "../../../src/plan/prng.js";
import type {
  ExerciseRecord,
  MetricsInput,
  MuscleTargets,
  ReadinessRecord,
  SetRecord,
  WorkoutRecord,
} from "@cadence/shared-schema/metrics";

export interface GoldenOptions {
  seed: number;
  /** A Monday. */
  start: string;
  weeks: number;
  /** 0-based week indexes that are deloads. */
  deloadWeeks: readonly number[];
  /** From this 0-based week index on, loads stop rising and RPE climbs. */
  stallFrom: number;
  bodyweightKg: number | null;
  plannedDaysPerWeek: number;
  /** Extra accessory exercises per session (the timing run uses them to reach ~15,000 sets). */
  accessories: number;
  includeFutureWorkout: boolean;
}

export interface GoldenLog extends MetricsInput {
  today: string;
}

export const GOLDEN_OPTIONS: GoldenOptions = {
  seed: 20241104,
  start: "2024-11-04",
  weeks: 16,
  deloadWeeks: [6],
  stallFrom: 12,
  bodyweightKg: 80,
  plannedDaysPerWeek: 3,
  accessories: 0,
  includeFutureWorkout: true,
};

const DAY_MS = 86_400_000;
function plusDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

const LB = 0.45359237;

interface Lift {
  id: string;
  muscles: MuscleTargets;
  startKg: number;
  weeklyKg: number;
  stepKg: number;
}

const SQUAT: Lift = {
  id: "back-squat",
  muscles: { primary: ["quadriceps", "glutes"], secondary: ["hamstrings", "lower-back"] },
  startKg: 100,
  weeklyKg: 2.5,
  stepKg: 2.5,
};
const BENCH: Lift = {
  id: "bench-press",
  muscles: { primary: ["chest"], secondary: ["triceps", "front-delts"] },
  startKg: 72.5,
  weeklyKg: 1.25,
  stepKg: 1.25,
};
const DEADLIFT: Lift = {
  id: "deadlift",
  muscles: { primary: ["glutes", "hamstrings", "lower-back"], secondary: ["quadriceps", "upper-back"] },
  startKg: 130,
  weeklyKg: 2.5,
  stepKg: 2.5,
};
const ROW: Lift = {
  id: "barbell-row",
  muscles: { primary: ["upper-back", "lats"], secondary: ["biceps", "rear-delts"] },
  startKg: 60,
  weeklyKg: 1.25,
  stepKg: 1.25,
};
const PULL_UP = { primary: ["lats"], secondary: ["biceps", "upper-back"] };
const PLANK = { primary: ["abs"], secondary: ["obliques"] };
const ACCESSORY_MUSCLES: readonly MuscleTargets[] = [
  { primary: ["front-delts"], secondary: ["triceps"] },
  { primary: ["biceps"], secondary: [] },
  { primary: ["triceps"], secondary: [] },
  { primary: ["quadriceps"], secondary: ["glutes"] },
  { primary: ["calves"], secondary: [] },
  { primary: ["rear-delts"], secondary: ["upper-back"] },
];

export function generateGoldenLog(overrides: Partial<GoldenOptions> = {}): GoldenLog {
  const o: GoldenOptions = { ...GOLDEN_OPTIONS, ...overrides };
  const rand = mulberry32(o.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
  const chance = (p: number): boolean => rand() < p;
  const half = (x: number): number => Math.round(x * 2) / 2;
  const today = plusDays(o.start, o.weeks * 7 - 4); // the Thursday of the last week
  const workouts: WorkoutRecord[] = [];
  let sessionNo = 0;

  const liftKg = (lift: Lift, week: number, scale = 1): number => {
    const w = Math.min(week, o.stallFrom - 1);
    const raw = (lift.startKg + lift.weeklyKg * w) * scale * (o.deloadWeeks.includes(week) ? 0.9 : 1);
    return Math.round(raw / lift.stepKg) * lift.stepKg;
  };
  const rpeFor = (week: number, setIndex: number): number | null => {
    if (chance(0.1)) return null;
    if (o.deloadWeeks.includes(week)) return 6;
    const base = week >= o.stallFrom ? 8 + 0.5 * (week - o.stallFrom + 1) : 7.5;
    return Math.min(10, Math.max(6, half(base + 0.5 * setIndex + pick([-0.5, 0, 0, 0.5]))));
  };

  const liftSets = (lift: Lift, week: number, sets: number, reps: number, scale = 1): SetRecord[] => {
    const weightKg = liftKg(lift, week, scale);
    // From the stall on, the row is typed in pounds: kg values with long decimals reach the metrics.
    const stored = lift === ROW && week >= o.stallFrom ? Math.round(weightKg / LB / 5) * 5 * LB : weightKg;
    const out: SetRecord[] = [];
    for (let i = 0; i < sets; i++) {
      if (chance(0.04)) {
        out.push({
          reps: null,
          durationSec: null,
          weightKg: stored,
          rpe: null,
          completed: false,
          planned: true,
        });
        continue;
      }
      const missed = chance(0.08);
      out.push({
        reps: missed ? reps - pick([1, 2]) : reps,
        durationSec: null,
        weightKg: stored,
        rpe: missed ? 10 : rpeFor(week, i),
        completed: true,
        planned: true,
      });
    }
    if (chance(0.12)) {
      out.push({
        reps,
        durationSec: null,
        weightKg: stored,
        rpe: rpeFor(week, sets),
        completed: true,
        planned: false,
      });
    }
    return out;
  };

  const exercise = (
    id: string,
    muscles: MuscleTargets,
    sets: SetRecord[],
    isBodyweight = false,
  ): ExerciseRecord => ({
    exerciseId: id,
    muscles,
    isBodyweight,
    sets,
  });

  const session = (week: number, date: string, clock: string): WorkoutRecord => {
    const deload = o.deloadWeeks.includes(week);
    const n = deload ? 2 : 3;
    const isA = sessionNo % 2 === 0;
    sessionNo += 1;
    const exercises: ExerciseRecord[] = isA
      ? [
          exercise(SQUAT.id, SQUAT.muscles, liftSets(SQUAT, week, n, 5)),
          exercise(BENCH.id, BENCH.muscles, liftSets(BENCH, week, n, 5)),
          exercise(ROW.id, ROW.muscles, liftSets(ROW, week, n, 8)),
        ]
      : [
          exercise(DEADLIFT.id, DEADLIFT.muscles, liftSets(DEADLIFT, week, n, 5)),
          exercise(BENCH.id, BENCH.muscles, liftSets(BENCH, week, n, 8, 0.85)),
          exercise(
            "pull-up",
            PULL_UP,
            Array.from({ length: n }, (_, i) => ({
              reps: 5 + Math.floor(rand() * 6),
              durationSec: null,
              weightKg: week >= 9 ? 5 : null,
              rpe: rpeFor(week, i),
              completed: true,
              planned: true,
            })),
            true,
          ),
        ];
    exercises.push(
      exercise(
        "plank",
        PLANK,
        Array.from({ length: isA ? n : n - 1 }, () => ({
          reps: null,
          durationSec: 30 + 5 * Math.floor(rand() * 7),
          weightKg: null,
          rpe: chance(0.5) ? 7 : null,
          completed: true,
          planned: true,
        })),
        true,
      ),
    );
    for (let a = 0; a < o.accessories; a++) {
      const muscles = ACCESSORY_MUSCLES[a % ACCESSORY_MUSCLES.length] ?? { primary: ["abs"], secondary: [] };
      const kg = 10 + 2.5 * ((a * 3) % 7) + 0.5 * week;
      exercises.push(
        exercise(
          `accessory-${a}`,
          muscles,
          Array.from({ length: 4 }, (_, i) => ({
            reps: 10 + Math.floor(rand() * 5),
            durationSec: null,
            weightKg: kg,
            rpe: rpeFor(week, i),
            completed: !chance(0.03),
            planned: true,
          })),
        ),
      );
    }
    const minutes = 45 + Math.floor(rand() * 31) + 3 * o.accessories;
    const startedAt = `${date}T${clock}:00+01:00`;
    const finished = new Date(Date.parse(startedAt) + minutes * 60_000).toISOString();
    const durationKnown = !chance(0.1);
    const planned = exercises.reduce((sum, e) => sum + e.sets.filter((s) => s.planned).length, 0);
    return {
      id: `w-${date}-${clock.replace(":", "")}`,
      date,
      startedAt,
      finishedAt: finished,
      durationMin: durationKnown ? minutes : null,
      sessionRpe: chance(0.07) ? null : half(deload ? 5 : 6.5 + rand() * 2.5),
      plannedSets: chance(0.1) ? planned + 2 : null,
      exercises,
    };
  };

  for (let week = 0; week < o.weeks; week++) {
    const monday = plusDays(o.start, 7 * week);
    const days = [0, 2, 4].filter(() => chance(0.92));
    if (chance(0.35)) days.push(5);
    for (const offset of days) {
      const date = plusDays(monday, offset);
      if (date > today) continue;
      workouts.push(session(week, date, "18:00"));
      if (week === 3 && offset === 4) workouts.push(session(week, date, "07:00")); // two on one day
    }
    if (week === 5) workouts.push(session(week, plusDays(monday, 6), "00:30")); // Sunday 00:30 local = Saturday UTC
  }
  // An abandoned attempt: one set done, no duration, no session RPE.
  const abandonedDate = plusDays(o.start, 7 * 9 + 1);
  workouts.push({
    id: `w-${abandonedDate}-abandoned`,
    date: abandonedDate,
    startedAt: `${abandonedDate}T12:00:00+01:00`,
    finishedAt: null,
    durationMin: null,
    sessionRpe: null,
    plannedSets: 9,
    exercises: [
      exercise(SQUAT.id, SQUAT.muscles, [
        { reps: 5, durationSec: null, weightKg: 60, rpe: 5, completed: true, planned: true },
        { reps: null, durationSec: null, weightKg: 60, rpe: null, completed: false, planned: true },
      ]),
    ],
  });
  if (o.includeFutureWorkout) workouts.push(session(o.weeks, plusDays(today, 2), "18:00"));

  const readiness: ReadinessRecord[] = [];
  for (let d = 0; plusDays(o.start, d) <= today; d++) {
    if (!chance(0.85)) continue;
    const week = Math.floor(d / 7);
    const tired = week >= o.stallFrom;
    const r = rand();
    const recovery = r < (tired ? 0.4 : 0.2) ? -1 : r < 0.75 ? 0 : 1;
    readiness.push({
      date: plusDays(o.start, d),
      recovery,
      energy: chance(0.15) ? null : 1 + Math.floor(rand() * (tired ? 4 : 5)),
      sleepHours: chance(0.1) ? null : 5.5 + 0.25 * Math.floor(rand() * 15),
      hrvSim: chance(0.15) ? null : 4.2 + (rand() + rand() + rand() - 1.5) * 0.3 - (tired ? 0.1 : 0),
    });
  }
  return {
    workouts,
    readiness,
    profile: { plannedDaysPerWeek: o.plannedDaysPerWeek, bodyweightKg: o.bodyweightKg },
    today,
  };
}
