/**
 * Everything the dashboard and the weekly review show, from one pure call. `today` is the user's local date;
 * records dated after it are ignored, so the same input and date always give the same figures.
 */
import { dateOfDay, dayNumber, weekStartOfDay, type WeekRef } from "./calendar.js";
import { computeAdherence, type AdherenceFigures, type AdherenceReport } from "./adherence.js";
import { suggestDeload, type DeloadSuggestion } from "./deload.js";
import { computeIntensity, type IntensityReport } from "./intensity.js";
import { computeLoad, type LoadReport } from "./load.js";
import { computeReadiness, type ReadinessTrend } from "./readiness.js";
import { chronological, isTrainingSession, mean } from "./sessions.js";
import { computeStreaks, type Streaks } from "./streaks.js";
import { computeStrength, type PersonalRecord, type StrengthReport } from "./strength.js";
import type { IsoDate, MetricsInput } from "./types.js";
import {
  computeVolume,
  emptyTotals,
  workoutVolume,
  type MuscleVolume,
  type VolumeReport,
  type VolumeTotals,
} from "./volume.js";

export interface DashboardOptions {
  /** The user's local calendar date. */
  today: IsoDate;
  /** Lifts the deload check watches; default: the most-trained loaded lifts. */
  mainLiftIds?: readonly string[];
  /** How many recent workouts to list; default 5. */
  recentWorkouts?: number;
}

export interface WeeklyReview extends WeekRef {
  /** The week reaches past today. */
  partial: boolean;
  volume: VolumeTotals;
  muscleSets: MuscleVolume[];
  load: number;
  monotony: number | null;
  strain: number | null;
  adherence: AdherenceFigures;
  meanPercentE1rm: number | null;
  meanRpe: number | null;
  readinessMean: number | null;
}

export interface RecentWorkout {
  workoutId: string;
  date: IsoDate;
  durationMin: number | null;
  volume: VolumeTotals;
  sessionLoad: number | null;
  meanRpe: number | null;
  meanPercentE1rm: number | null;
  prs: PersonalRecord[];
}

export interface Dashboard {
  today: IsoDate;
  /** No workout on or before today: show the empty state. */
  isEmpty: boolean;
  /** The current ISO week (null without workouts). */
  thisWeek: WeeklyReview | null;
  /** Every ISO week from the first workout's to the current one, ascending (empty weeks included). */
  weeks: WeeklyReview[];
  /** Newest first. */
  recentWorkouts: RecentWorkout[];
  volume: VolumeReport;
  intensity: IntensityReport;
  streaks: Streaks;
  strength: StrengthReport;
  load: LoadReport;
  adherence: AdherenceReport;
  readiness: ReadinessTrend;
  deload: DeloadSuggestion;
}

export function computeDashboard(input: MetricsInput, options: DashboardOptions): Dashboard {
  const { today } = options;
  const t = dayNumber(today);
  const workouts = chronological(input.workouts, today);
  const volume = computeVolume(workouts, input.profile);
  const intensity = computeIntensity(workouts);
  const strength = computeStrength(workouts);
  const load = computeLoad(workouts, today);
  const adherence = computeAdherence(workouts, input.profile, today);
  const readiness = computeReadiness(input.readiness, today);
  const streaks = computeStreaks(workouts, input.profile, today);
  const deload = suggestDeload({
    workouts,
    strength,
    acwr: load.acwr,
    readiness,
    today,
    ...(options.mainLiftIds ? { mainLiftIds: options.mainLiftIds } : {}),
  });

  const volumeByWeek = new Map(volume.byWeek.map((w) => [w.weekStart, w]));
  const intensityByWeek = new Map(intensity.byWeek.map((w) => [w.weekStart, w]));
  const loadByWeek = new Map(load.byWeek.map((w) => [w.weekStart, w]));
  const readinessByWeek = new Map<IsoDate, number[]>();
  for (const d of readiness.days) {
    const key = dateOfDay(weekStartOfDay(dayNumber(d.date)));
    const scores = readinessByWeek.get(key) ?? [];
    scores.push(d.score);
    readinessByWeek.set(key, scores);
  }
  const weeks: WeeklyReview[] = adherence.byWeek.map((a) => {
    const v = volumeByWeek.get(a.weekStart);
    const i = intensityByWeek.get(a.weekStart);
    const l = loadByWeek.get(a.weekStart);
    const { week, weekStart, partial, ...adherenceFigures } = a;
    return {
      week,
      weekStart,
      partial,
      volume: v?.totals ?? emptyTotals(),
      muscleSets: v?.byMuscle ?? [],
      load: l?.load ?? 0,
      monotony: l?.monotony ?? null,
      strain: l?.strain ?? null,
      adherence: adherenceFigures,
      meanPercentE1rm: i?.meanPercentE1rm ?? null,
      meanRpe: i?.meanRpe ?? null,
      readinessMean: mean(readinessByWeek.get(a.weekStart) ?? []),
    };
  });

  const intensityBySession = new Map(intensity.bySession.map((s) => [s.workoutId, s]));
  const loadBySession = new Map(load.sessions.map((s) => [s.workoutId, s]));
  const sessions = workouts.filter(isTrainingSession);
  const recentCount = Math.max(0, Math.floor(options.recentWorkouts ?? 5));
  const recentWorkouts: RecentWorkout[] = sessions
    .slice(Math.max(0, sessions.length - recentCount))
    .reverse()
    .map((w) => ({
      workoutId: w.id,
      date: w.date,
      durationMin: loadBySession.get(w.id)?.durationMin ?? null,
      volume: workoutVolume(w, input.profile),
      sessionLoad: loadBySession.get(w.id)?.load ?? null,
      meanRpe: intensityBySession.get(w.id)?.meanRpe ?? null,
      meanPercentE1rm: intensityBySession.get(w.id)?.meanPercentE1rm ?? null,
      prs: strength.prs.filter((p) => p.workoutId === w.id),
    }));

  const current = weeks[weeks.length - 1];
  return {
    today,
    isEmpty: workouts.length === 0,
    thisWeek: current && dayNumber(current.weekStart) === weekStartOfDay(t) ? current : null,
    weeks,
    recentWorkouts,
    volume,
    intensity,
    streaks,
    strength,
    load,
    adherence,
    readiness,
    deload,
  };
}
