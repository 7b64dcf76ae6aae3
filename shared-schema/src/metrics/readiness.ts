/**
 * Readiness trend from the recovery slider and context inputs. Each day gets a 0–100 score, the mean of the
 * components that were logged; the dashboard shows its 7-day mean and slope.
 */
import { dateOfDay, dayNumber } from "./calendar.js";
import { finite, mean, populationSd } from "./sessions.js";
import type { IsoDate, ReadinessRecord } from "./types.js";

/** Sleep at or above this many hours scores 100 (the lower end of the 7–9 h target). */
export const SLEEP_TARGET_HOURS = 7;
/** Sleep at or below this many hours scores 0. */
export const SLEEP_FLOOR_HOURS = 4;
/** HRV baseline: readings from the 28 days before the day, at least 7 of them. */
export const HRV_BASELINE_DAYS = 28;
export const HRV_BASELINE_MIN_READINGS = 7;
/** A 7-day slope beyond ±1 point/day (about ±6 points over the week) counts as a trend. */
export const READINESS_TREND_THRESHOLD = 1;

export interface ReadinessComponents {
  recovery: number;
  energy: number | null;
  sleep: number | null;
  hrv: number | null;
}

export interface ReadinessDay {
  date: IsoDate;
  score: number;
  components: ReadinessComponents;
}

export interface ReadinessTrend {
  /** Scored days up to today, ascending. */
  days: ReadinessDay[];
  /** Mean score of the days logged in the 7 days ending today. */
  mean7: number | null;
  /** Least-squares slope of score against day over the same window, points per day (needs 3 days). */
  slope7: number | null;
  direction: "improving" | "stable" | "declining" | null;
  daysLogged7: number;
  latest: ReadinessDay | null;
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

/** Recovery −1 / 0 / +1 → 0 / 50 / 100. */
export function recoveryScore(recovery: number): number {
  return clamp((recovery + 1) * 50, 0, 100);
}

/** Energy 1–5 → 0–100. */
export function energyScore(energy: number): number {
  return clamp(((energy - 1) / 4) * 100, 0, 100);
}

/** Sleep: 100 from 7 h, 0 at or below 4 h, linear between (longer sleep is not penalised). */
export function sleepScore(hours: number): number {
  return clamp(((hours - SLEEP_FLOOR_HOURS) / (SLEEP_TARGET_HOURS - SLEEP_FLOOR_HOURS)) * 100, 0, 100);
}

/** HRV: 50 + 25 × z against the personal baseline, clamped (z = ±0.5, Plews' normal band, is 62.5 / 37.5). */
export function hrvScore(value: number, baselineMean: number, baselineSd: number): number {
  return clamp(50 + 25 * ((value - baselineMean) / baselineSd), 0, 100);
}

interface DayInputs {
  recovery: number[];
  energy: number[];
  sleep: number[];
  hrv: number[];
}

/** Several entries on one date are averaged field by field. */
function byDay(entries: readonly ReadinessRecord[], last: number): Map<number, DayInputs> {
  const days = new Map<number, DayInputs>();
  for (const e of entries) {
    const day = dayNumber(e.date);
    if (day > last) continue;
    const d = days.get(day) ?? { recovery: [], energy: [], sleep: [], hrv: [] };
    days.set(day, d);
    const recovery = finite(e.recovery);
    if (recovery !== null) d.recovery.push(recovery);
    const energy = finite(e.energy);
    if (energy !== null) d.energy.push(energy);
    const sleep = finite(e.sleepHours);
    if (sleep !== null && sleep >= 0) d.sleep.push(sleep);
    const hrv = finite(e.hrvSim);
    if (hrv !== null) d.hrv.push(hrv);
  }
  return days;
}

/** Least-squares slope of y on x; null with fewer than 3 points. */
export function slope(points: readonly { x: number; y: number }[]): number | null {
  if (points.length < 3) return null;
  const mx = mean(points.map((p) => p.x)) ?? 0;
  const my = mean(points.map((p) => p.y)) ?? 0;
  let sxy = 0;
  let sxx = 0;
  for (const p of points) {
    sxy += (p.x - mx) * (p.y - my);
    sxx += (p.x - mx) ** 2;
  }
  return sxx === 0 ? null : sxy / sxx;
}

export function computeReadiness(entries: readonly ReadinessRecord[], today: IsoDate): ReadinessTrend {
  const t = dayNumber(today);
  const inputs = byDay(entries, t);
  const sortedDays = [...inputs.keys()].sort((a, b) => a - b);
  const hrvByDay = new Map<number, number>();
  for (const [day, d] of inputs) {
    const h = mean(d.hrv);
    if (h !== null) hrvByDay.set(day, h);
  }
  const days: ReadinessDay[] = [];
  for (const day of sortedDays) {
    const d = inputs.get(day);
    if (!d) continue;
    const recoveryMean = mean(d.recovery);
    const recovery = recoveryScore(recoveryMean ?? 0);
    const energyMean = mean(d.energy);
    const sleepMean = mean(d.sleep);
    const hrvToday = hrvByDay.get(day);
    let hrv: number | null = null;
    if (hrvToday !== undefined) {
      const baseline: number[] = [];
      for (let b = day - HRV_BASELINE_DAYS; b < day; b++) {
        const v = hrvByDay.get(b);
        if (v !== undefined) baseline.push(v);
      }
      const m = mean(baseline);
      const sd = populationSd(baseline);
      if (baseline.length >= HRV_BASELINE_MIN_READINGS && m !== null && sd !== null && sd > 0) {
        hrv = hrvScore(hrvToday, m, sd);
      }
    }
    const components: ReadinessComponents = {
      recovery,
      energy: energyMean === null ? null : energyScore(energyMean),
      sleep: sleepMean === null ? null : sleepScore(sleepMean),
      hrv,
    };
    const parts = [components.recovery, components.energy, components.sleep, components.hrv].filter(
      (v): v is number => v !== null,
    );
    days.push({ date: dateOfDay(day), score: mean(parts) ?? recovery, components });
  }
  const window = days.filter((d) => dayNumber(d.date) > t - 7);
  const mean7 = mean(window.map((d) => d.score));
  const slope7 = slope(window.map((d) => ({ x: dayNumber(d.date) - t, y: d.score })));
  const direction =
    slope7 === null
      ? null
      : slope7 > READINESS_TREND_THRESHOLD
        ? "improving"
        : slope7 < -READINESS_TREND_THRESHOLD
          ? "declining"
          : "stable";
  return {
    days,
    mean7,
    slope7,
    direction,
    daysLogged7: window.length,
    latest: days.length > 0 ? (days[days.length - 1] ?? null) : null,
  };
}
