// Readiness 0–100 from HRV (simulated in phase 1), sleep and how the user says they feel. It only moves
// intensity (loads held, RPE lower); volume moves with the recovery slider, the RPE trend and named signals.
import type { PlanContext, RecoveryInput, SorenessArea } from "./schema.js";
import { SORENESS_AREAS } from "./schema.js";

/** Sleep at or below 4 h scores 0, from 7 h (bottom of the 7–9 h target) 100; same scale as metrics/readiness. */
export function sleepHoursScore(hours: number): number {
  return Math.min(100, Math.max(0, ((hours - 4) / 3) * 100));
}

const scale = (v: number): number => ((v - 1) / 4) * 100;
const inverse = (v: number): number => ((5 - v) / 4) * 100;
const mean = (xs: readonly number[]): number | null =>
  xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null;

export function maxSoreness(context: PlanContext): number | null {
  const levels = SORENESS_AREAS.map((a) => context.soreness[a]).filter((v): v is number => v !== null);
  return levels.length ? Math.max(...levels) : null;
}

export function soreAreas(context: PlanContext, atLeast: number): SorenessArea[] {
  return SORENESS_AREAS.filter((a) => (context.soreness[a] ?? 0) >= atLeast);
}

export interface Readiness {
  /** null when nothing was reported. */
  score: number | null;
  hrv: number | null;
  sleep: number | null;
  feel: number | null;
}

/** Weighted 0.4 HRV, 0.3 sleep, 0.3 feel (energy, mood, motivation, stress and soreness inverted), over what exists. */
export function readinessOf(recovery: RecoveryInput, context: PlanContext): Readiness {
  const hrv = recovery.hrvScore;
  const sleep = mean(
    [
      recovery.sleepScore,
      context.sleepHours === null ? null : sleepHoursScore(context.sleepHours),
      context.sleepQuality === null ? null : scale(context.sleepQuality),
    ].filter((v): v is number => v !== null),
  );
  const sore = maxSoreness(context);
  const feel = mean(
    [
      context.energy === null ? null : scale(context.energy),
      context.mood === null ? null : scale(context.mood),
      context.motivation === null ? null : scale(context.motivation),
      context.stress === null ? null : inverse(context.stress),
      sore === null ? null : inverse(sore),
    ].filter((v): v is number => v !== null),
  );
  const parts: [number | null, number][] = [
    [hrv, 0.4],
    [sleep, 0.3],
    [feel, 0.3],
  ];
  let sum = 0;
  let weight = 0;
  for (const [v, w] of parts) {
    if (v === null) continue;
    sum += v * w;
    weight += w;
  }
  return { score: weight === 0 ? null : Math.round(sum / weight), hrv, sleep, feel };
}

/** Poor sleep: under 6 h or quality 1–2. Short sleep: 6–7 h. */
export function sleepState(context: PlanContext): "poor" | "short" | "ok" | "unknown" {
  const h = context.sleepHours;
  const q = context.sleepQuality;
  if ((h !== null && h < 6) || (q !== null && q <= 2)) return "poor";
  if (h !== null && h < 7) return "short";
  if (h === null && q === null) return "unknown";
  return "ok";
}
