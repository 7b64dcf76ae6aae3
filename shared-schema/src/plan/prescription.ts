// Goal × experience → reps, sets, effort and rest (ACSM 2009 ranges; RPE on the RIR scale, Zourdos 2016),
// interval protocols, phase BPM and the time model. Numbers and sources are tabled in docs/planner.md.
import type { BpmRange, Experience, Goal, PhaseKind } from "./schema.js";

export interface Scheme {
  repsLow: number;
  repsHigh: number;
  sets: number;
  /** Target RPE; RIR = 10 − RPE. */
  rpe: number;
  restSec: number;
}

export interface IntervalProtocol {
  workSec: number;
  restSec: number;
  rounds: number;
  rpe: number;
}

export interface Prescription {
  primary: Scheme;
  accessory: Scheme;
  /** Novices add load every successful session at a fixed rep target; others use double progression. */
  linear: boolean;
  /** The conditioning block, or null when the goal has none. */
  intervals: IntervalProtocol | null;
  /** Seconds for a timed main-phase exercise (plank, carry). */
  holdSec: number;
}

const s = (repsLow: number, repsHigh: number, sets: number, rpe: number, restSec: number): Scheme => ({
  repsLow,
  repsHigh,
  sets,
  rpe,
  restSec,
});
const iv = (workSec: number, restSec: number, rounds: number, rpe: number): IntervalProtocol => ({
  workSec,
  restSec,
  rounds,
  rpe,
});

type Row = [primary: Scheme, accessory: Scheme, intervals: IntervalProtocol | null, holdSec: number];

// Heavy (1–6 RM) work rests 3–5 min, lighter work 1–2 min (ACSM 2009); novices 8–12 RM at RIR 2–3.
const TABLE: Readonly<Record<Goal, Readonly<Record<Experience, Row>>>> = {
  strength: {
    beginner: [s(8, 10, 3, 7, 120), s(10, 12, 2, 7.5, 90), null, 30],
    intermediate: [s(4, 6, 4, 8, 180), s(6, 10, 3, 8, 120), null, 40],
    advanced: [s(3, 5, 5, 8.5, 210), s(6, 10, 3, 8.5, 120), null, 45],
  },
  hypertrophy: {
    beginner: [s(8, 12, 3, 7, 90), s(10, 15, 2, 7.5, 60), null, 30],
    intermediate: [s(6, 10, 3, 8, 120), s(10, 15, 3, 8.5, 75), null, 40],
    advanced: [s(6, 10, 4, 8.5, 150), s(10, 15, 3, 9, 75), null, 45],
  },
  general: {
    beginner: [s(8, 12, 2, 7, 90), s(10, 15, 2, 7, 60), iv(20, 40, 5, 7.5), 30],
    intermediate: [s(8, 12, 3, 7.5, 90), s(10, 15, 2, 8, 60), iv(30, 30, 6, 8), 40],
    advanced: [s(6, 10, 3, 8, 120), s(10, 15, 3, 8, 60), iv(30, 30, 6, 8.5), 45],
  },
  fat_loss: {
    beginner: [s(10, 15, 2, 7, 60), s(12, 15, 2, 7, 45), iv(20, 40, 6, 8), 30],
    intermediate: [s(8, 12, 3, 7.5, 75), s(12, 15, 2, 8, 45), iv(30, 30, 8, 8.5), 40],
    advanced: [s(8, 12, 3, 8, 75), s(12, 15, 3, 8, 45), iv(40, 20, 8, 9), 45],
  },
  endurance: {
    beginner: [s(12, 15, 2, 7, 60), s(15, 20, 2, 7, 45), iv(120, 90, 4, 7), 40],
    intermediate: [s(12, 20, 3, 7, 60), s(15, 20, 2, 7.5, 45), iv(180, 90, 4, 7.5), 45],
    advanced: [s(12, 20, 3, 7.5, 60), s(15, 20, 3, 8, 45), iv(240, 120, 5, 8), 60],
  },
};

export function prescriptionFor(goal: Goal, experience: Experience): Prescription {
  const [primary, accessory, intervals, holdSec] = TABLE[goal][experience];
  return { primary, accessory, intervals, holdSec, linear: experience === "beginner" };
}

/** A bodyweight exercise cannot take load off, so it works in a higher rep range than the goal's. */
export function bodyweightScheme(scheme: Scheme): Scheme {
  const repsLow = Math.max(scheme.repsLow, 6);
  return { ...scheme, repsLow, repsHigh: Math.max(scheme.repsHigh, repsLow + 6) };
}

/** Spec defaults (AI-Driven Music Matching): warm-up 100–120, main 130–160, intervals 160–180, cool-down 80–100. */
export const DEFAULT_PHASE_BPM: Readonly<Record<PhaseKind, BpmRange>> = {
  warmup: { min: 100, max: 120 },
  main: { min: 130, max: 160 },
  intervals: { min: 160, max: 180 },
  cooldown: { min: 80, max: 100 },
};

/** Warm-up and cool-down doses. */
export const PREP = {
  cardioSec: 300,
  shortCardioSec: 180,
  minCardioSec: 120,
  drillReps: 10,
  drillSec: 45,
  drillRestSec: 15,
  stretchSec: 60,
  cooldownCardioSec: 180,
  warmupRpe: 4,
  cooldownRpe: 2,
} as const;

/** Working sets are counted from here up; RPE outside it is clamped in working phases. */
export const WORKING_RPE = { min: 5, max: 10 } as const;

/** Caps: per exercise per session (the Excellent step adds one on top), and hard sets per muscle per week. */
export const MAX_BASE_SETS = 5;
export const MRV_SETS_PER_WEEK = 22;

/** %e1RM for a set of `reps` with `rir` in reserve, inverting Epley: 1 / (1 + (reps + RIR) / 30). */
export function percentOfE1rm(reps: number, rir: number): number {
  return Math.round(100 / (1 + (reps + rir) / 30));
}

export function rirOf(rpe: number): number {
  return Math.max(0, 10 - rpe);
}

/** Round to the half points the RPE scale allows. */
export function roundRpe(rpe: number): number {
  return Math.round(rpe * 2) / 2;
}
