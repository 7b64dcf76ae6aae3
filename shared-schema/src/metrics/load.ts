/**
 * Internal training load after Foster: session load = session RPE (CR-10) × minutes, in arbitrary units (AU).
 * Daily load sums a day's sessions (rest days are 0); weekly load, monotony, strain and the acute:chronic
 * workload ratio are all built on the daily series.
 */
import { dateOfDay, dayNumber, weekRef, weekStartOfDay, type WeekRef } from "./calendar.js";
import { finite, mean, populationSd, sessionMinutes } from "./sessions.js";
import type { IsoDate, WorkoutRecord } from "./types.js";

/** ACWR above this is flagged as a soft "load spike" warning. */
export const ACWR_HIGH = 1.5;
/** ACWR below this is flagged as a soft "detraining" note. */
export const ACWR_LOW = 0.8;
/** Monotony when every day carries the same non-zero load (SD 0); also the ceiling for near-flat weeks. */
export const MONOTONY_CAP = 10;

/** Foster session load (AU), or null without a valid session RPE (0–10) and a duration. */
export function sessionLoad(workout: WorkoutRecord): number | null {
  const rpe = finite(workout.sessionRpe);
  const minutes = sessionMinutes(workout);
  if (rpe === null || rpe < 0 || rpe > 10 || minutes === null) return null;
  return rpe * minutes;
}

export interface FosterWeek {
  /** Σ daily load (AU). */
  load: number;
  meanDaily: number;
  /** Population SD of the daily loads. */
  sdDaily: number;
  /** mean / SD, capped at MONOTONY_CAP; null when there was no load. */
  monotony: number | null;
  /** load × monotony; 0 for a week without load. */
  strain: number | null;
}

/** Foster monotony and strain of a run of daily loads (normally 7, rest days as 0). */
export function fosterWeek(dailyLoads: readonly number[]): FosterWeek {
  const load = dailyLoads.reduce((a, b) => a + b, 0);
  const meanDaily = mean(dailyLoads) ?? 0;
  const sdDaily = populationSd(dailyLoads) ?? 0;
  if (load <= 0) return { load, meanDaily, sdDaily, monotony: null, strain: 0 };
  const monotony = sdDaily === 0 ? MONOTONY_CAP : Math.min(MONOTONY_CAP, meanDaily / sdDaily);
  return { load, meanDaily, sdDaily, monotony, strain: load * monotony };
}

export interface SessionLoad {
  workoutId: string;
  date: IsoDate;
  sessionRpe: number | null;
  durationMin: number | null;
  load: number | null;
}

export interface WeekLoad extends WeekRef, FosterWeek {
  /** Monday … Sunday. */
  dailyLoads: number[];
  /** The week reaches past `today`: load so far, monotony and strain left null. */
  partial: boolean;
  sessions: number;
  sessionsWithoutLoad: number;
}

export interface RollingLoad extends FosterWeek {
  from: IsoDate;
  to: IsoDate;
  dailyLoads: number[];
}

export interface AcuteChronic {
  /** Mean daily load over the 7 days ending today. */
  acuteDailyMean: number;
  /** Mean daily load over the 28 days ending today (the acute week included: "coupled"). */
  chronicDailyMean: number;
  ratio: number | null;
  /** The first workout is at least 28 days old; without it the ratio is shown but never flagged. */
  sufficientHistory: boolean;
  warning: "high" | "low" | null;
  message: string | null;
}

export interface LoadReport {
  sessions: SessionLoad[];
  /** Every ISO week from the first workout's week to today's week, ascending. */
  byWeek: WeekLoad[];
  last7Days: RollingLoad;
  acwr: AcuteChronic;
  /** Sessions that could not be scored (no session RPE or duration): load figures understate by these. */
  sessionsWithoutLoad: number;
}

/** Daily load by day number (only days with a scored session are present). */
export function dailyLoadMap(workouts: readonly WorkoutRecord[]): Map<number, number> {
  const daily = new Map<number, number>();
  for (const w of workouts) {
    const load = sessionLoad(w);
    if (load === null) continue;
    const day = dayNumber(w.date);
    daily.set(day, (daily.get(day) ?? 0) + load);
  }
  return daily;
}

function loadsBetween(daily: ReadonlyMap<number, number>, first: number, last: number): number[] {
  const loads: number[] = [];
  for (let d = first; d <= last; d++) loads.push(daily.get(d) ?? 0);
  return loads;
}

/** Coupled rolling ACWR at `today`; a soft warning only, as its use as a rule is disputed (Impellizzeri 2020). */
export function acuteChronicRatio(
  daily: ReadonlyMap<number, number>,
  today: IsoDate,
  firstWorkoutDate: IsoDate | null,
): AcuteChronic {
  const t = dayNumber(today);
  const acuteDailyMean = mean(loadsBetween(daily, t - 6, t)) ?? 0;
  const chronicDailyMean = mean(loadsBetween(daily, t - 27, t)) ?? 0;
  const ratio = chronicDailyMean > 0 ? acuteDailyMean / chronicDailyMean : null;
  const sufficientHistory = firstWorkoutDate !== null && dayNumber(firstWorkoutDate) <= t - 27;
  let warning: AcuteChronic["warning"] = null;
  let message: string | null = null;
  if (sufficientHistory && ratio !== null && ratio > ACWR_HIGH) {
    warning = "high";
    message = `This week's load is ${ratio.toFixed(2)}× your 4-week average: a spike. Consider easier sessions.`;
  } else if (sufficientHistory && ratio !== null && ratio < ACWR_LOW) {
    warning = "low";
    message = `This week's load is ${ratio.toFixed(2)}× your 4-week average: fine for a deload, otherwise build back gradually.`;
  }
  return { acuteDailyMean, chronicDailyMean, ratio, sufficientHistory, warning, message };
}

/** Session, weekly and rolling load figures up to `today` (workouts after it are ignored). */
export function computeLoad(workouts: readonly WorkoutRecord[], today: IsoDate): LoadReport {
  const t = dayNumber(today);
  const inRange = workouts.filter((w) => dayNumber(w.date) <= t);
  const sessions: SessionLoad[] = inRange.map((w) => ({
    workoutId: w.id,
    date: w.date,
    sessionRpe: finite(w.sessionRpe),
    durationMin: sessionMinutes(w),
    load: sessionLoad(w),
  }));
  const daily = dailyLoadMap(inRange);
  const firstDay = inRange.reduce((min, w) => Math.min(min, dayNumber(w.date)), Infinity);

  const byWeek: WeekLoad[] = [];
  if (Number.isFinite(firstDay)) {
    const counts = new Map<number, { sessions: number; missing: number }>();
    for (const s of sessions) {
      const start = weekStartOfDay(dayNumber(s.date));
      const c = counts.get(start) ?? { sessions: 0, missing: 0 };
      c.sessions += 1;
      if (s.load === null) c.missing += 1;
      counts.set(start, c);
    }
    for (let start = weekStartOfDay(firstDay); start <= t; start += 7) {
      const dailyLoads = loadsBetween(daily, start, start + 6);
      const partial = start + 6 > t;
      const foster = fosterWeek(dailyLoads);
      const c = counts.get(start);
      byWeek.push({
        ...weekRef(start),
        ...foster,
        monotony: partial ? null : foster.monotony,
        strain: partial ? null : foster.strain,
        dailyLoads,
        partial,
        sessions: c?.sessions ?? 0,
        sessionsWithoutLoad: c?.missing ?? 0,
      });
    }
  }
  const last7 = loadsBetween(daily, t - 6, t);
  return {
    sessions,
    byWeek,
    last7Days: { from: dateOfDay(t - 6), to: today, dailyLoads: last7, ...fosterWeek(last7) },
    acwr: acuteChronicRatio(daily, today, Number.isFinite(firstDay) ? dateOfDay(firstDay) : null),
    sessionsWithoutLoad: sessions.filter((s) => s.load === null).length,
  };
}
