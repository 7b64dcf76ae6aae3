// Phase 1 has no wearables: the recovery slider (Poor / Normal / Excellent) stands in for them. It maps to the
// spec's recovery_bias and to simulated scores (spec: hrv_score_sim, sleep_score_sim; here hrvScore and
// sleepScore, 0–100, as in the context journal). A seeded generator makes weeks of plausible daily HRV and
// sleep for tests, demos and the dashboard before real data exists.
import { dateOfDay, dayNumber } from "./dates.js";
import { gaussian, mulberry32 } from "./prng.js";
import { sleepHoursScore } from "./readiness.js";
import type { RecoveryBias, RecoveryInput } from "./schema.js";

export const RECOVERY_LEVELS = ["poor", "normal", "excellent"] as const;
export type RecoveryLevel = (typeof RECOVERY_LEVELS)[number];

const BIAS: Readonly<Record<RecoveryLevel, RecoveryBias>> = { poor: -1, normal: 0, excellent: 1 };

export function recoveryBiasOf(level: RecoveryLevel): RecoveryBias {
  return BIAS[level];
}

export function recoveryLevelOf(bias: RecoveryBias): RecoveryLevel {
  return bias < 0 ? "poor" : bias > 0 ? "excellent" : "normal";
}

/**
 * Scores each slider position stands for. HRV on the dashboard's scale, 50 + 25·z against the personal
 * baseline: Poor ≈ z −0.6 (below Plews' ±0.5 SD band), Normal ≈ z +0.2, Excellent ≈ z +1. Sleep on the 4 h → 0,
 * 7 h → 100 scale: Poor ≈ 5.2 h, Normal ≈ 6.5 h, Excellent ≥ 7 h.
 */
export const SIMULATED_SCORES: Readonly<Record<RecoveryLevel, { hrvScore: number; sleepScore: number }>> = {
  poor: { hrvScore: 35, sleepScore: 40 },
  normal: { hrvScore: 55, sleepScore: 85 },
  excellent: { hrvScore: 75, sleepScore: 100 },
};

/** The planner's recovery input for a slider position; hours slept, when said, move the sleep score halfway. */
export function simulateRecovery(
  level: RecoveryLevel,
  options: { sleepHours?: number | null } = {},
): RecoveryInput {
  const s = SIMULATED_SCORES[level];
  const h = options.sleepHours;
  const sleepScore =
    h === undefined || h === null ? s.sleepScore : Math.round((s.sleepScore + sleepHoursScore(h)) / 2);
  return { bias: BIAS[level], hrvScore: s.hrvScore, sleepScore };
}

export interface RecoveryDatasetOptions {
  seed: number;
  /** First day, `YYYY-MM-DD`. */
  startDate: string;
  weeks: number;
  /** Personal ln rMSSD baseline; 4.0 ≈ 55 ms, a typical resting value for trained adults. */
  baselineLnRmssd?: number;
  /** Day-to-day SD of ln rMSSD (its CV is about 5–10 %). */
  dailySd?: number;
  /** Drift of ln rMSSD per week: negative for accumulating fatigue, positive for adaptation. */
  trendPerWeek?: number;
  sleepMeanHours?: number;
  sleepSdHours?: number;
}

export interface RecoveryDay {
  date: string;
  lnRmssd: number;
  rmssdMs: number;
  /** 7-day rolling mean of ln rMSSD (null for the first 6 days). */
  rolling7: number | null;
  /** Baseline from up to 28 earlier days (null before 7 exist). */
  baselineMean: number | null;
  baselineSd: number | null;
  hrvScore: number;
  sleepHours: number;
  sleepScore: number;
  recoveryBias: RecoveryBias;
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: readonly number[]): number => {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, xs.length - 1));
};
const round = (v: number, places: number): number => Math.round(v * 10 ** places) / 10 ** places;

/**
 * Daily HRV and sleep for `weeks` weeks, the same for the same options. Model:
 * - sleep_t = N(sleepMean, sleepSd), clamped to 3–10 h;
 * - noise_t = 0.5·noise_{t−1} + √0.75·dailySd·N(0,1) (day-to-day HRV is autocorrelated);
 * - lnRMSSD_t = baseline + trendPerWeek·t/7 + noise_t + 0.05·(sleep_t − sleepMean) (short nights lower HRV);
 * - HRV score = 50 + 25·z of the 7-day rolling mean against the previous ≤28 days (Plews 2014), clamped 0–100;
 * - recovery bias: −1 below the baseline −0.5 SD band, +1 above +0.5 SD, else 0; a night under 6 h caps the day
 *   at 0 and one under 5 h makes it −1.
 */
export function generateRecoveryDataset(options: RecoveryDatasetOptions): RecoveryDay[] {
  const start = dayNumber(options.startDate);
  if (Number.isNaN(start)) throw new RangeError(`startDate must be YYYY-MM-DD, got ${options.startDate}`);
  const base = options.baselineLnRmssd ?? 4.0;
  const dailySd = options.dailySd ?? 0.2;
  const trend = options.trendPerWeek ?? 0;
  const sleepMean = options.sleepMeanHours ?? 7.2;
  const sleepSd = options.sleepSdHours ?? 0.8;
  const normal = gaussian(mulberry32(options.seed));
  const lns: number[] = [];
  const days: RecoveryDay[] = [];
  let noise = 0;
  for (let t = 0; t < Math.max(0, Math.round(options.weeks * 7)); t += 1) {
    const sleepHours = round(Math.min(10, Math.max(3, sleepMean + sleepSd * normal())), 1);
    noise = 0.5 * noise + Math.sqrt(0.75) * dailySd * normal();
    const ln = base + (trend * t) / 7 + noise + 0.05 * (sleepHours - sleepMean);
    lns.push(ln);
    const rolling7 = t >= 6 ? mean(lns.slice(t - 6, t + 1)) : null;
    const history = lns.slice(Math.max(0, t - 28), t);
    const enough = history.length >= 7;
    const baselineMean = enough ? mean(history) : null;
    const baselineSd = enough ? Math.max(sd(history), 1e-6) : null;
    const z =
      rolling7 !== null && baselineMean !== null && baselineSd !== null
        ? (rolling7 - baselineMean) / baselineSd
        : 0;
    let recoveryBias: RecoveryBias = z < -0.5 ? -1 : z > 0.5 ? 1 : 0;
    if (sleepHours < 5) recoveryBias = -1;
    else if (sleepHours < 6 && recoveryBias > 0) recoveryBias = 0;
    days.push({
      date: dateOfDay(start + t),
      lnRmssd: round(ln, 4),
      rmssdMs: round(Math.exp(ln), 1),
      rolling7: rolling7 === null ? null : round(rolling7, 4),
      baselineMean: baselineMean === null ? null : round(baselineMean, 4),
      baselineSd: baselineSd === null ? null : round(baselineSd, 4),
      hrvScore: Math.round(Math.min(100, Math.max(0, 50 + 25 * z))),
      sleepHours,
      sleepScore: Math.round(sleepHoursScore(sleepHours)),
      recoveryBias,
    });
  }
  return days;
}

/** One generated day as the planner's recovery input. */
export function recoveryInputOf(day: RecoveryDay): RecoveryInput {
  return { bias: day.recoveryBias, hrvScore: day.hrvScore, sleepScore: day.sleepScore };
}
