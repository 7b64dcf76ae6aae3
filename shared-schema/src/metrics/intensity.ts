/**
 * Average intensity: relative load (% of the lift's best e1RM from earlier sessions) and mean set RPE. Both are
 * set-weighted means: every qualifying set counts once, so a long session weighs more than a short one.
 */
import { dayNumber, weekRef, weekStartOfDay, type WeekRef } from "./calendar.js";
import { finite, isPerformed, performedReps, validRpe } from "./sessions.js";
import { estimateSet } from "./strength.js";
import type { IsoDate, WorkoutRecord } from "./types.js";

export interface IntensitySummary {
  /** Mean of weight / best earlier e1RM × 100 over loaded rep sets of lifts with an earlier e1RM. */
  meanPercentE1rm: number | null;
  percentSets: number;
  /** Mean RPE over performed sets with an RPE (any exercise). */
  meanRpe: number | null;
  rpeSets: number;
}

export interface SessionIntensity extends IntensitySummary {
  workoutId: string;
  date: IsoDate;
}

export interface WeekIntensity extends WeekRef, IntensitySummary {}

export interface IntensityReport {
  total: IntensitySummary;
  bySession: SessionIntensity[];
  /** ISO weeks with at least one workout, ascending. */
  byWeek: WeekIntensity[];
}

class MeanAccumulator {
  percentSum = 0;
  percentSets = 0;
  rpeSum = 0;
  rpeSets = 0;
  add(other: MeanAccumulator): void {
    this.percentSum += other.percentSum;
    this.percentSets += other.percentSets;
    this.rpeSum += other.rpeSum;
    this.rpeSets += other.rpeSets;
  }
  summary(): IntensitySummary {
    return {
      meanPercentE1rm: this.percentSets > 0 ? this.percentSum / this.percentSets : null,
      percentSets: this.percentSets,
      meanRpe: this.rpeSets > 0 ? this.rpeSum / this.rpeSets : null,
      rpeSets: this.rpeSets,
    };
  }
}

/**
 * Intensity per session, per ISO week and overall. Workouts must be in chronological order: each set is
 * compared with the best e1RM from sessions strictly before its own, so a session never rates itself.
 */
export function computeIntensity(workouts: readonly WorkoutRecord[]): IntensityReport {
  const bestBefore = new Map<string, number>();
  const total = new MeanAccumulator();
  const weeks = new Map<number, MeanAccumulator>();
  const bySession: SessionIntensity[] = [];
  for (const workout of workouts) {
    const session = new MeanAccumulator();
    const sessionBest = new Map<string, number>();
    for (const exercise of workout.exercises) {
      for (const set of exercise.sets) {
        if (!isPerformed(set)) continue;
        const rpe = validRpe(set.rpe);
        if (rpe !== null) {
          session.rpeSum += rpe;
          session.rpeSets += 1;
        }
        if (exercise.isBodyweight) continue;
        const weightKg = finite(set.weightKg);
        const prior = bestBefore.get(exercise.exerciseId);
        if (performedReps(set) !== null && weightKg !== null && weightKg > 0 && prior !== undefined) {
          session.percentSum += (weightKg / prior) * 100;
          session.percentSets += 1;
        }
        const estimate = estimateSet(exercise, set);
        if (estimate) {
          const current = sessionBest.get(exercise.exerciseId) ?? 0;
          sessionBest.set(exercise.exerciseId, Math.max(current, estimate.e1rmKg));
        }
      }
    }
    for (const [id, e1rm] of sessionBest) bestBefore.set(id, Math.max(bestBefore.get(id) ?? 0, e1rm));
    bySession.push({ workoutId: workout.id, date: workout.date, ...session.summary() });
    total.add(session);
    const weekStart = weekStartOfDay(dayNumber(workout.date));
    const week = weeks.get(weekStart) ?? new MeanAccumulator();
    week.add(session);
    weeks.set(weekStart, week);
  }
  return {
    total: total.summary(),
    bySession,
    byWeek: [...weeks.entries()]
      .sort(([a], [b]) => a - b)
      .map(([start, acc]) => ({ ...weekRef(start), ...acc.summary() })),
  };
}
