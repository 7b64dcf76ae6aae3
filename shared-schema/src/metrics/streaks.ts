/**
 * Streaks, in two flavours. A training day is a local date with at least one training session (see
 * isTrainingSession). A qualifying week is an ISO week (Monday–Sunday) with at least plannedDaysPerWeek
 * training days. Neither streak is broken by the period still in progress: the current day streak may end
 * yesterday, the current week streak may end last week.
 */
import { dateOfDay, dayNumber, weekStartOfDay } from "./calendar.js";
import { isTrainingSession } from "./sessions.js";
import type { IsoDate, TrainingProfile, WorkoutRecord } from "./types.js";

export interface Streaks {
  /** Consecutive training days ending today, or yesterday when today has no session yet. */
  currentDays: number;
  longestDays: number;
  /** Consecutive qualifying weeks ending this week, or last week while this week does not qualify yet. */
  currentWeeks: number;
  longestWeeks: number;
  /** Training days needed for a week to qualify (plannedDaysPerWeek, at least 1). */
  weeklyTarget: number;
  trainingDaysThisWeek: number;
  lastTrainingDay: IsoDate | null;
}

/** Training days (day numbers) on or before `today`, ascending and distinct. */
export function trainingDays(workouts: readonly WorkoutRecord[], today: IsoDate): number[] {
  const limit = dayNumber(today);
  const days = new Set<number>();
  for (const w of workouts) {
    const day = dayNumber(w.date);
    if (day <= limit && isTrainingSession(w)) days.add(day);
  }
  return [...days].sort((a, b) => a - b);
}

/** Length of the longest run of values that each follow the previous one by `step`. */
function longestRun(sorted: readonly number[], step: number): number {
  let longest = 0;
  let run = 0;
  let previous = NaN;
  for (const v of sorted) {
    run = v - previous === step ? run + 1 : 1;
    longest = Math.max(longest, run);
    previous = v;
  }
  return longest;
}

function runEndingAt(members: ReadonlySet<number>, end: number, step: number): number {
  let count = 0;
  for (let v = end; members.has(v); v -= step) count += 1;
  return count;
}

export function computeStreaks(
  workouts: readonly WorkoutRecord[],
  profile: TrainingProfile,
  today: IsoDate,
): Streaks {
  const todayDay = dayNumber(today);
  const days = trainingDays(workouts, today);
  const daySet = new Set(days);
  const weeklyTarget = Math.max(1, Math.round(profile.plannedDaysPerWeek) || 1);

  const perWeek = new Map<number, number>();
  for (const d of days) perWeek.set(weekStartOfDay(d), (perWeek.get(weekStartOfDay(d)) ?? 0) + 1);
  const qualifying = [...perWeek.entries()]
    .filter(([, count]) => count >= weeklyTarget)
    .map(([start]) => start)
    .sort((a, b) => a - b);
  const qualifyingSet = new Set(qualifying);
  const thisWeek = weekStartOfDay(todayDay);

  const lastDay = days.length > 0 ? days[days.length - 1] : undefined;
  return {
    currentDays: runEndingAt(daySet, daySet.has(todayDay) ? todayDay : todayDay - 1, 1),
    longestDays: longestRun(days, 1),
    currentWeeks: runEndingAt(qualifyingSet, qualifyingSet.has(thisWeek) ? thisWeek : thisWeek - 7, 7),
    longestWeeks: longestRun(qualifying, 7),
    weeklyTarget,
    trainingDaysThisWeek: perWeek.get(thisWeek) ?? 0,
    lastTrainingDay: lastDay === undefined ? null : dateOfDay(lastDay),
  };
}
