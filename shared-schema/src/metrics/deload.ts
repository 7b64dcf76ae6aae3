/**
 * "Consider a deload": a suggestion with its reasons, never an automatic change. Three independent signals,
 * following the deload consensus (Bell 2023: reduced stress to dissipate fatigue, every 4–6 loading weeks or
 * when fatigue signals accumulate) and Foster/ACWR load monitoring.
 */
import { dayNumber, weekStartOfDay } from "./calendar.js";
import type { AcuteChronic } from "./load.js";
import type { ReadinessTrend } from "./readiness.js";
import { isPerformed, validRpe } from "./sessions.js";
import type { StrengthReport } from "./strength.js";
import type { IsoDate, WorkoutRecord } from "./types.js";

/** A lift is stalled when its last 3 trained weeks never beat the earlier best e1RM by more than 1 %. */
export const STALL_WEEKS = 3;
export const STALL_MIN_GAIN = 0.01;
/** RPE is rising when the mean set RPE of those weeks exceeds the 3 trained weeks before by this much. */
export const RPE_RISE = 0.5;
/** A week is light (a deload or a break) below this share of the median of the 4 weeks before it. */
export const LIGHT_WEEK_SHARE = 0.6;
export const LOADING_WEEKS_LIMIT = 6;
export const LOADING_WEEKS_WITH_FATIGUE = 4;
/** Readiness 7-day mean under this counts as a fatigue signal. */
export const LOW_READINESS = 40;

export const DELOAD_PRESCRIPTION =
  "About 50–60 % of your usual sets, 2 more reps in reserve, loads held or −10 %.";

export interface LiftTrend {
  exerciseId: string;
  /** Enough history: 4+ trained weeks, the latest within the last 3 weeks. */
  evaluated: boolean;
  bestBeforeKg: number | null;
  bestRecentKg: number | null;
  rpeBefore: number | null;
  rpeRecent: number | null;
  stalled: boolean;
  rpeRising: boolean;
}

export type DeloadReasonCode = "stalled-lifts" | "acwr-high" | "loading-weeks";

export interface DeloadReason {
  code: DeloadReasonCode;
  message: string;
}

export interface DeloadSuggestion {
  suggest: boolean;
  reasons: DeloadReason[];
  /** Complete loading weeks in a row before the current week. */
  consecutiveLoadingWeeks: number;
  mainLifts: LiftTrend[];
  prescription: string | null;
}

export interface DeloadInputs {
  /** Chronological, none after today. */
  workouts: readonly WorkoutRecord[];
  strength: StrengthReport;
  acwr: AcuteChronic;
  readiness: ReadinessTrend;
  today: IsoDate;
  /** Lifts to watch; default: up to 4 loaded lifts with the most e1RM sessions in the last 8 weeks (4+ each). */
  mainLiftIds?: readonly string[];
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

/** Consecutive loading weeks, counted back from the last complete ISO week. */
export function countLoadingWeeks(workouts: readonly WorkoutRecord[], today: IsoDate): number {
  const currentWeek = weekStartOfDay(dayNumber(today));
  const setsPerWeek = new Map<number, number>();
  let first = Infinity;
  for (const w of workouts) {
    const start = weekStartOfDay(dayNumber(w.date));
    if (start >= currentWeek) continue;
    first = Math.min(first, start);
    let sets = 0;
    for (const e of w.exercises) for (const s of e.sets) if (isPerformed(s)) sets += 1;
    setsPerWeek.set(start, (setsPerWeek.get(start) ?? 0) + sets);
  }
  const sets: number[] = [];
  for (let start = first; start < currentWeek; start += 7) sets.push(setsPerWeek.get(start) ?? 0);
  const loading = sets.map((s, i) => {
    if (s === 0) return false;
    const before = sets.slice(Math.max(0, i - 4), i);
    return before.length === 0 || s >= LIGHT_WEEK_SHARE * median(before);
  });
  let count = 0;
  for (let i = loading.length - 1; i >= 0 && loading[i]; i--) count += 1;
  return count;
}

function defaultMainLifts(strength: StrengthReport, today: IsoDate): string[] {
  const since = dayNumber(today) - 55;
  return strength.lifts
    .map((l) => ({ id: l.exerciseId, n: l.history.filter((p) => dayNumber(p.date) >= since).length }))
    .filter((l) => l.n >= 4)
    .sort((a, b) => b.n - a.n || (a.id < b.id ? -1 : 1))
    .slice(0, 4)
    .map((l) => l.id);
}

function poolMean(weeks: readonly number[], rpeByWeek: ReadonlyMap<number, number[]>): number | null {
  let sum = 0;
  let n = 0;
  for (const w of weeks) {
    for (const r of rpeByWeek.get(w) ?? []) {
      sum += r;
      n += 1;
    }
  }
  return n > 0 ? sum / n : null;
}

/** Stall check of one lift: weekly best e1RM and pooled set RPE, recent 3 trained weeks vs before. */
export function liftTrend(
  exerciseId: string,
  workouts: readonly WorkoutRecord[],
  strength: StrengthReport,
  today: IsoDate,
): LiftTrend {
  const currentWeek = weekStartOfDay(dayNumber(today));
  const bestByWeek = new Map<number, number>();
  for (const p of strength.lifts.find((l) => l.exerciseId === exerciseId)?.history ?? []) {
    const w = weekStartOfDay(dayNumber(p.date));
    bestByWeek.set(w, Math.max(bestByWeek.get(w) ?? 0, p.e1rmKg));
  }
  const rpeByWeek = new Map<number, number[]>();
  for (const workout of workouts) {
    const w = weekStartOfDay(dayNumber(workout.date));
    for (const e of workout.exercises) {
      if (e.exerciseId !== exerciseId) continue;
      for (const s of e.sets) {
        const rpe = validRpe(s.rpe);
        if (rpe === null || !isPerformed(s)) continue;
        const list = rpeByWeek.get(w) ?? [];
        list.push(rpe);
        rpeByWeek.set(w, list);
      }
    }
  }
  const weeks = [...bestByWeek.keys()].filter((w) => w <= currentWeek).sort((a, b) => a - b);
  const latest = weeks[weeks.length - 1];
  const empty = { exerciseId, evaluated: false, stalled: false, rpeRising: false };
  if (weeks.length < STALL_WEEKS + 1 || latest === undefined || latest < currentWeek - 14) {
    return { ...empty, bestBeforeKg: null, bestRecentKg: null, rpeBefore: null, rpeRecent: null };
  }
  const recent = weeks.slice(-STALL_WEEKS);
  const before = weeks.slice(0, -STALL_WEEKS);
  const bestOf = (ws: readonly number[]): number => Math.max(...ws.map((w) => bestByWeek.get(w) ?? 0));
  const bestBeforeKg = bestOf(before);
  const bestRecentKg = bestOf(recent);
  const rpeBefore = poolMean(before.slice(-STALL_WEEKS), rpeByWeek);
  const rpeRecent = poolMean(recent, rpeByWeek);
  return {
    exerciseId,
    evaluated: true,
    bestBeforeKg,
    bestRecentKg,
    rpeBefore,
    rpeRecent,
    stalled: bestRecentKg < bestBeforeKg * (1 + STALL_MIN_GAIN),
    rpeRising: rpeBefore !== null && rpeRecent !== null && rpeRecent - rpeBefore >= RPE_RISE,
  };
}

export function suggestDeload(inputs: DeloadInputs): DeloadSuggestion {
  const { workouts, strength, acwr, readiness, today } = inputs;
  const consecutiveLoadingWeeks = countLoadingWeeks(workouts, today);
  const mainLifts = (inputs.mainLiftIds ?? defaultMainLifts(strength, today)).map((id) =>
    liftTrend(id, workouts, strength, today),
  );
  const reasons: DeloadReason[] = [];

  const evaluated = mainLifts.filter((l) => l.evaluated);
  const flagged = evaluated.filter((l) => l.stalled && l.rpeRising);
  // Right after a deload the "recent" weeks still hold the stall that caused it; wait for 3 loading weeks.
  if (
    flagged.length > 0 &&
    flagged.length * 2 >= evaluated.length &&
    consecutiveLoadingWeeks >= STALL_WEEKS
  ) {
    const names = flagged.map((l) => l.exerciseId).join(", ");
    reasons.push({
      code: "stalled-lifts",
      message: `No e1RM progress for ${STALL_WEEKS} weeks with RPE rising on ${names}: fatigue may be masking fitness.`,
    });
  }
  if (acwr.warning === "high" && acwr.ratio !== null) {
    reasons.push({
      code: "acwr-high",
      message: `This week's load is ${acwr.ratio.toFixed(2)}× your 4-week average (above 1.5).`,
    });
  }
  const fatigued =
    (readiness.mean7 !== null && readiness.mean7 < LOW_READINESS) || readiness.direction === "declining";
  if (
    consecutiveLoadingWeeks >= LOADING_WEEKS_LIMIT ||
    (consecutiveLoadingWeeks >= LOADING_WEEKS_WITH_FATIGUE && fatigued)
  ) {
    reasons.push({
      code: "loading-weeks",
      message:
        consecutiveLoadingWeeks >= LOADING_WEEKS_LIMIT
          ? `${consecutiveLoadingWeeks} loading weeks in a row since your last lighter week.`
          : `${consecutiveLoadingWeeks} loading weeks in a row and your readiness is low or falling.`,
    });
  }
  return {
    suggest: reasons.length > 0,
    reasons,
    consecutiveLoadingWeeks,
    mainLifts,
    prescription: reasons.length > 0 ? DELOAD_PRESCRIPTION : null,
  };
}
