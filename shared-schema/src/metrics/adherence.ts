/**
 * Adherence to the plan. Sets: the share of planned sets that were completed. Sessions: training days in the
 * week against plannedDaysPerWeek.
 */
import { dayNumber, weekRef, weekStartOfDay, type WeekRef } from "./calendar.js";
import { finite, isPerformed, isTrainingSession } from "./sessions.js";
import type { IsoDate, TrainingProfile, WorkoutRecord } from "./types.js";

export interface SetAdherence {
  /** workout.plannedSets when given, else the number of sets flagged planned. */
  plannedSets: number;
  /** Planned sets that were performed (at most plannedSets). */
  completedPlannedSets: number;
  /** Performed sets the user added to the plan. */
  extraSets: number;
}

export interface AdherenceFigures extends SetAdherence {
  /** completedPlannedSets / plannedSets, 0–1; null when nothing was planned. */
  setRate: number | null;
  /** Distinct training days. */
  trainingDays: number;
  plannedDays: number;
  /** min(1, trainingDays / plannedDays). */
  dayRate: number | null;
}

export interface WeekAdherence extends WeekRef, AdherenceFigures {
  /** The week reaches past `today`. */
  partial: boolean;
}

export interface AdherenceReport {
  /** Every ISO week from the first workout's week to today's week, ascending. */
  byWeek: WeekAdherence[];
  /** The four complete ISO weeks before the current one (fewer when the history is shorter). */
  last4Weeks: AdherenceFigures;
  total: AdherenceFigures;
}

/** Planned, completed-planned and extra sets of one workout. */
export function workoutSetAdherence(workout: WorkoutRecord): SetAdherence {
  let flagged = 0;
  let done = 0;
  let extraSets = 0;
  for (const exercise of workout.exercises) {
    for (const set of exercise.sets) {
      if (set.planned) flagged += 1;
      if (set.planned && isPerformed(set)) done += 1;
      if (!set.planned && isPerformed(set)) extraSets += 1;
    }
  }
  const given = finite(workout.plannedSets);
  const plannedSets = given !== null && given >= 0 ? given : flagged;
  return { plannedSets, completedPlannedSets: Math.min(done, plannedSets), extraSets };
}

function figures(sets: SetAdherence, trainingDays: number, plannedDays: number): AdherenceFigures {
  return {
    ...sets,
    setRate: sets.plannedSets > 0 ? sets.completedPlannedSets / sets.plannedSets : null,
    trainingDays,
    plannedDays,
    dayRate: plannedDays > 0 ? Math.min(1, trainingDays / plannedDays) : null,
  };
}

function sumWeeks(weeks: readonly WeekAdherence[]): AdherenceFigures {
  const sets: SetAdherence = { plannedSets: 0, completedPlannedSets: 0, extraSets: 0 };
  let days = 0;
  let planned = 0;
  for (const w of weeks) {
    sets.plannedSets += w.plannedSets;
    sets.completedPlannedSets += w.completedPlannedSets;
    sets.extraSets += w.extraSets;
    days += w.trainingDays;
    planned += w.plannedDays;
  }
  return figures(sets, days, planned);
}

export function computeAdherence(
  workouts: readonly WorkoutRecord[],
  profile: TrainingProfile,
  today: IsoDate,
): AdherenceReport {
  const t = dayNumber(today);
  const plannedDays = Math.max(0, Math.round(finite(profile.plannedDaysPerWeek) ?? 0));
  const weeks = new Map<number, { sets: SetAdherence; days: Set<number> }>();
  let first = Infinity;
  for (const w of workouts) {
    const day = dayNumber(w.date);
    if (day > t) continue;
    first = Math.min(first, day);
    const start = weekStartOfDay(day);
    const week = weeks.get(start) ?? {
      sets: { plannedSets: 0, completedPlannedSets: 0, extraSets: 0 },
      days: new Set(),
    };
    weeks.set(start, week);
    const s = workoutSetAdherence(w);
    week.sets.plannedSets += s.plannedSets;
    week.sets.completedPlannedSets += s.completedPlannedSets;
    week.sets.extraSets += s.extraSets;
    if (isTrainingSession(w)) week.days.add(day);
  }
  const byWeek: WeekAdherence[] = [];
  if (Number.isFinite(first)) {
    for (let start = weekStartOfDay(first); start <= t; start += 7) {
      const week = weeks.get(start);
      const sets = week?.sets ?? { plannedSets: 0, completedPlannedSets: 0, extraSets: 0 };
      byWeek.push({
        ...weekRef(start),
        ...figures(sets, week?.days.size ?? 0, plannedDays),
        partial: start + 6 > t,
      });
    }
  }
  const complete = byWeek.filter((w) => !w.partial);
  return { byWeek, last4Weeks: sumWeeks(complete.slice(-4)), total: sumWeeks(byWeek) };
}
