/**
 * Independent reference calculation for the golden dataset, written the way one would in a spreadsheet: flatten
 * every set into a row with its date, ISO week and flags, then compute each figure with plain loops and
 * rescans. It shares no code with src/metrics (only the input types) and follows docs/metrics.md, so a
 * disagreement means one of the two misreads the documented definitions.
 */
import type { MetricsInput, WorkoutRecord } from "@cadence/shared-schema/metrics";

const DAY = 86_400_000;

/** ISO week via Date objects (the "nearest Thursday" recipe), deliberately unlike the module's arithmetic. */
export function refIsoWeek(date: string): { label: string; monday: string } {
  const d = new Date(`${date}T00:00:00Z`);
  const dow = d.getUTCDay() === 0 ? 7 : d.getUTCDay();
  const monday = new Date(d.getTime() - (dow - 1) * DAY).toISOString().slice(0, 10);
  const thursday = new Date(d.getTime() + (4 - dow) * DAY);
  const yearStart = new Date(Date.UTC(thursday.getUTCFullYear(), 0, 1));
  const week = Math.ceil(((thursday.getTime() - yearStart.getTime()) / DAY + 1) / 7);
  return { label: `${thursday.getUTCFullYear()}-W${week < 10 ? "0" : ""}${week}`, monday };
}

function shift(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY);
}

interface Row {
  workoutId: string;
  order: number;
  date: string;
  week: string;
  exerciseId: string;
  bodyweight: boolean;
  fraction: number;
  primary: readonly string[];
  secondary: readonly string[];
  reps: number | null;
  duration: number | null;
  weight: number | null;
  rpe: number | null;
  completed: boolean;
  planned: boolean;
  isRepSet: boolean;
  isTimedSet: boolean;
}

export interface RefWeek {
  sets: number;
  reps: number;
  volumeKg: number;
  bodyweightReps: number;
  bodyweightVolumeKg: number;
  unloadedReps: number;
  tutSec: number;
  muscleSets: Record<string, number>;
  load: number;
  monotony: number | null;
  strain: number | null;
  plannedSets: number;
  completedPlannedSets: number;
  extraSets: number;
  trainingDays: number;
  meanPercentE1rm: number | null;
  meanRpe: number | null;
  readinessMean: number | null;
}

export interface RefFigures {
  weeks: Record<string, RefWeek>;
  days: Record<string, { sets: number; reps: number; volumeKg: number; tutSec: number }>;
  e1rm: Record<string, { workoutId: string; epley: number; brzycki: number }[]>;
  lifts: Record<string, { bestE1rm: number; heaviest: number }>;
  prs: { kind: string; exerciseId: string; workoutId: string; value: number }[];
  sessionLoads: Record<string, number | null>;
  last7: { load: number; monotony: number | null; strain: number };
  acwr: { acute: number; chronic: number; ratio: number | null };
  streaks: { currentDays: number; longestDays: number; currentWeeks: number; longestWeeks: number };
  readiness: { scores: Record<string, number>; mean7: number | null; slope7: number | null };
  totals: {
    sets: number;
    reps: number;
    volumeKg: number;
    tutSec: number;
    meanPercentE1rm: number | null;
    meanRpe: number | null;
  };
}

function avg(xs: number[]): number | null {
  if (xs.length === 0) return null;
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

function stdevp(xs: number[]): number {
  const m = avg(xs) ?? 0;
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) * (x - m), 0) / xs.length);
}

export function referenceFigures(input: MetricsInput, today: string): RefFigures {
  const bw = input.profile.bodyweightKg;
  const workouts: WorkoutRecord[] = input.workouts
    .filter((w) => w.date <= today)
    .slice()
    .sort((a, b) =>
      a.date < b.date ? -1 : a.date > b.date ? 1 : Date.parse(a.startedAt) - Date.parse(b.startedAt),
    );

  // ---- the sheet: one row per set ----
  const rows: Row[] = [];
  workouts.forEach((w, order) => {
    for (const e of w.exercises) {
      for (const s of e.sets) {
        const isRepSet = s.completed && s.reps !== null && s.reps > 0;
        rows.push({
          workoutId: w.id,
          order,
          date: w.date,
          week: refIsoWeek(w.date).label,
          exerciseId: e.exerciseId,
          bodyweight: e.isBodyweight,
          fraction: e.bodyweightFraction ?? 1,
          primary: e.muscles.primary,
          secondary: e.muscles.secondary,
          reps: s.reps,
          duration: s.durationSec,
          weight: s.weightKg,
          rpe: s.rpe,
          completed: s.completed,
          planned: s.planned,
          isRepSet,
          isTimedSet: s.completed && !isRepSet && s.durationSec !== null && s.durationSec > 0,
        });
      }
    }
  });
  const performed = (r: Row): boolean => r.isRepSet || r.isTimedSet;
  const loadPerRep = (r: Row): number | null => {
    if (r.bodyweight) return bw === null ? null : Math.max(0, bw * r.fraction + (r.weight ?? 0));
    return r.weight === null || r.weight < 0 ? null : r.weight;
  };

  // ---- weeks present: from the first workout's Monday to today's ----
  const weekLabels: string[] = [];
  const weekMonday: Record<string, string> = {};
  if (workouts.length > 0) {
    const firstWorkout = workouts[0] as WorkoutRecord;
    for (let m = refIsoWeek(firstWorkout.date).monday; m <= today; m = shift(m, 7)) {
      const label = refIsoWeek(m).label;
      weekLabels.push(label);
      weekMonday[label] = m;
    }
  }

  // ---- e1RM per session (best set), in order ----
  const eligible = (r: Row): boolean =>
    !r.bodyweight &&
    r.isRepSet &&
    (r.reps ?? 0) <= 10 &&
    (r.weight ?? 0) > 0 &&
    (r.rpe === null || r.rpe >= 7);
  const rtf = (r: Row): number => (r.reps ?? 0) + (r.rpe === null ? 0 : 10 - r.rpe);
  const epley = (r: Row): number => (rtf(r) <= 1 ? (r.weight ?? 0) : (r.weight ?? 0) * (1 + rtf(r) / 30));
  const brzycki = (r: Row): number => ((r.weight ?? 0) * 36) / (37 - rtf(r));
  const sessionBest: Record<string, Record<number, { epley: number; brzycki: number }>> = {};
  for (const r of rows) {
    if (!eligible(r)) continue;
    sessionBest[r.exerciseId] ??= {};
    const current = sessionBest[r.exerciseId]![r.order];
    if (current === undefined || epley(r) > current.epley) {
      sessionBest[r.exerciseId]![r.order] = { epley: epley(r), brzycki: brzycki(r) };
    }
  }
  const e1rm: RefFigures["e1rm"] = {};
  for (const [lift, byOrder] of Object.entries(sessionBest)) {
    e1rm[lift] = Object.keys(byOrder)
      .map(Number)
      .sort((a, b) => a - b)
      .map((order) => ({ workoutId: (workouts[order] as WorkoutRecord).id, ...byOrder[order]! }));
  }
  const bestBefore = (lift: string, order: number): number | null => {
    let best: number | null = null;
    for (const [o, v] of Object.entries(sessionBest[lift] ?? {})) {
      if (Number(o) < order && (best === null || v.epley > best)) best = v.epley;
    }
    return best;
  };

  // ---- PRs, by rescanning everything earlier ----
  const prs: RefFigures["prs"] = [];
  workouts.forEach((w, order) => {
    const lifts = [
      ...new Set(rows.filter((r) => r.order === order && !r.bodyweight).map((r) => r.exerciseId)),
    ];
    for (const lift of lifts) {
      const mine = rows.filter(
        (r) => r.order === order && r.exerciseId === lift && r.isRepSet && (r.weight ?? 0) > 0,
      );
      const earlier = rows.filter(
        (r) => r.order < order && r.exerciseId === lift && r.isRepSet && (r.weight ?? 0) > 0,
      );
      if (mine.length === 0) continue;
      const best = sessionBest[lift]?.[order];
      const prior = bestBefore(lift, order);
      if (best && prior !== null && best.epley > prior + 1e-9) {
        prs.push({ kind: "e1rm", exerciseId: lift, workoutId: w.id, value: best.epley });
      }
      const heaviest = Math.max(...mine.map((r) => r.weight ?? 0));
      if (earlier.length > 0 && heaviest > Math.max(...earlier.map((r) => r.weight ?? 0))) {
        prs.push({ kind: "heaviest-weight", exerciseId: lift, workoutId: w.id, value: heaviest });
      }
      const key = (x: number): number => Math.round(x * 100) / 100;
      for (const kg of [...new Set(mine.map((r) => key(r.weight ?? 0)))]) {
        const reps = Math.max(...mine.filter((r) => key(r.weight ?? 0) === kg).map((r) => r.reps ?? 0));
        const before = earlier.filter((r) => key(r.weight ?? 0) === kg).map((r) => r.reps ?? 0);
        if (before.length > 0 && reps > Math.max(...before)) {
          prs.push({ kind: "reps-at-weight", exerciseId: lift, workoutId: w.id, value: reps });
        }
      }
    }
  });

  // ---- session load and daily load ----
  const sessionLoads: Record<string, number | null> = {};
  const dailyLoad: Record<string, number> = {};
  for (const w of workouts) {
    let minutes: number | null = w.durationMin;
    if (minutes === null && w.finishedAt !== null)
      minutes = (Date.parse(w.finishedAt) - Date.parse(w.startedAt)) / 60000;
    const load = w.sessionRpe === null || minutes === null ? null : w.sessionRpe * minutes;
    sessionLoads[w.id] = load;
    if (load !== null) dailyLoad[w.date] = (dailyLoad[w.date] ?? 0) + load;
  }
  const loadsFrom = (first: string, n: number): number[] =>
    Array.from({ length: n }, (_, i) => dailyLoad[shift(first, i)] ?? 0);
  const foster = (xs: number[]): { load: number; monotony: number | null; strain: number } => {
    const load = xs.reduce((a, b) => a + b, 0);
    if (load === 0) return { load, monotony: null, strain: 0 };
    const sd = stdevp(xs);
    const monotony = sd === 0 ? 10 : Math.min(10, load / xs.length / sd);
    return { load, monotony, strain: load * monotony };
  };

  // ---- training days ----
  const isSession = (w: WorkoutRecord): boolean => {
    const sets = w.exercises.flatMap((e) => e.sets);
    if (sets.length > 0) {
      return sets.some(
        (s) =>
          s.completed && ((s.reps !== null && s.reps > 0) || (s.durationSec !== null && s.durationSec > 0)),
      );
    }
    const minutes =
      w.durationMin ??
      (w.finishedAt === null ? 0 : (Date.parse(w.finishedAt) - Date.parse(w.startedAt)) / 60000);
    return minutes > 0;
  };
  const trainingDates = [...new Set(workouts.filter(isSession).map((w) => w.date))].sort();

  // ---- weeks ----
  const weeks: Record<string, RefWeek> = {};
  for (const label of weekLabels) {
    const inWeek = rows.filter((r) => r.week === label);
    const done = inWeek.filter(performed);
    const repSets = inWeek.filter((r) => r.isRepSet);
    const muscleSets: Record<string, number> = {};
    for (const r of done) {
      for (const m of r.secondary) if (!r.primary.includes(m)) muscleSets[m] = (muscleSets[m] ?? 0) + 0.5;
      for (const m of r.primary) muscleSets[m] = (muscleSets[m] ?? 0) + 1;
    }
    const monday = weekMonday[label] as string;
    const complete = shift(monday, 6) <= today;
    const f = foster(loadsFrom(monday, 7));
    const workoutsInWeek = workouts.filter((w) => refIsoWeek(w.date).label === label);
    let plannedSets = 0;
    let completedPlannedSets = 0;
    let extraSets = 0;
    for (const w of workoutsInWeek) {
      const sets = w.exercises.flatMap((e) => e.sets);
      const isDone = (s: (typeof sets)[number]): boolean =>
        s.completed && ((s.reps !== null && s.reps > 0) || (s.durationSec !== null && s.durationSec > 0));
      const planned = w.plannedSets ?? sets.filter((s) => s.planned).length;
      plannedSets += planned;
      completedPlannedSets += Math.min(planned, sets.filter((s) => s.planned && isDone(s)).length);
      extraSets += sets.filter((s) => !s.planned && isDone(s)).length;
    }
    const percents: number[] = [];
    for (const r of repSets) {
      if (r.bodyweight || (r.weight ?? 0) <= 0) continue;
      const prior = bestBefore(r.exerciseId, r.order);
      if (prior !== null) percents.push(((r.weight ?? 0) / prior) * 100);
    }
    weeks[label] = {
      sets: done.length,
      reps: repSets.reduce((a, r) => a + (r.reps ?? 0), 0),
      volumeKg: repSets.reduce((a, r) => a + (r.reps ?? 0) * (loadPerRep(r) ?? 0), 0),
      bodyweightReps: repSets.filter((r) => r.bodyweight).reduce((a, r) => a + (r.reps ?? 0), 0),
      bodyweightVolumeKg: repSets
        .filter((r) => r.bodyweight)
        .reduce((a, r) => a + (r.reps ?? 0) * (loadPerRep(r) ?? 0), 0),
      unloadedReps: repSets.filter((r) => loadPerRep(r) === null).reduce((a, r) => a + (r.reps ?? 0), 0),
      tutSec: inWeek.filter((r) => r.isTimedSet).reduce((a, r) => a + (r.duration ?? 0), 0),
      muscleSets,
      load: f.load,
      monotony: complete ? f.monotony : null,
      strain: complete ? f.strain : null,
      plannedSets,
      completedPlannedSets,
      extraSets,
      trainingDays: trainingDates.filter((d) => refIsoWeek(d).label === label).length,
      meanPercentE1rm: avg(percents),
      meanRpe: avg(done.filter((r) => r.rpe !== null).map((r) => r.rpe as number)),
      readinessMean: null, // filled in once the readiness scores exist (below)
    };
  }

  // ---- days ----
  const days: RefFigures["days"] = {};
  for (const date of [...new Set(workouts.map((w) => w.date))]) {
    const inDay = rows.filter((r) => r.date === date);
    days[date] = {
      sets: inDay.filter(performed).length,
      reps: inDay.filter((r) => r.isRepSet).reduce((a, r) => a + (r.reps ?? 0), 0),
      volumeKg: inDay.filter((r) => r.isRepSet).reduce((a, r) => a + (r.reps ?? 0) * (loadPerRep(r) ?? 0), 0),
      tutSec: inDay.filter((r) => r.isTimedSet).reduce((a, r) => a + (r.duration ?? 0), 0),
    };
  }

  // ---- totals ----
  const allPercents: number[] = [];
  for (const r of rows) {
    if (!r.isRepSet || r.bodyweight || (r.weight ?? 0) <= 0) continue;
    const prior = bestBefore(r.exerciseId, r.order);
    if (prior !== null) allPercents.push(((r.weight ?? 0) / prior) * 100);
  }
  const totals = {
    sets: rows.filter(performed).length,
    reps: rows.filter((r) => r.isRepSet).reduce((a, r) => a + (r.reps ?? 0), 0),
    volumeKg: rows.filter((r) => r.isRepSet).reduce((a, r) => a + (r.reps ?? 0) * (loadPerRep(r) ?? 0), 0),
    tutSec: rows.filter((r) => r.isTimedSet).reduce((a, r) => a + (r.duration ?? 0), 0),
    meanPercentE1rm: avg(allPercents),
    meanRpe: avg(rows.filter((r) => performed(r) && r.rpe !== null).map((r) => r.rpe as number)),
  };

  // ---- rolling 7 days and ACWR ----
  const last7 = foster(loadsFrom(shift(today, -6), 7));
  const acute = loadsFrom(shift(today, -6), 7).reduce((a, b) => a + b, 0) / 7;
  const chronic = loadsFrom(shift(today, -27), 28).reduce((a, b) => a + b, 0) / 28;
  const acwr = { acute, chronic, ratio: chronic > 0 ? acute / chronic : null };

  // ---- streaks ----
  const trained = new Set(trainingDates);
  let currentDays = 0;
  for (let d = trained.has(today) ? today : shift(today, -1); trained.has(d); d = shift(d, -1)) currentDays++;
  let longestDays = 0;
  let run = 0;
  if (trainingDates.length > 0) {
    for (let d = trainingDates[0] as string; d <= today; d = shift(d, 1)) {
      run = trained.has(d) ? run + 1 : 0;
      longestDays = Math.max(longestDays, run);
    }
  }
  const target = Math.max(1, Math.round(input.profile.plannedDaysPerWeek));
  const qualifies = (label: string): boolean => (weeks[label]?.trainingDays ?? 0) >= target;
  let longestWeeks = 0;
  run = 0;
  for (const label of weekLabels) {
    run = qualifies(label) ? run + 1 : 0;
    longestWeeks = Math.max(longestWeeks, run);
  }
  let currentWeeks = 0;
  const labelsBack = [...weekLabels].reverse();
  if (labelsBack.length > 0 && !qualifies(labelsBack[0] as string)) labelsBack.shift();
  for (const label of labelsBack) {
    if (!qualifies(label)) break;
    currentWeeks++;
  }

  // ---- readiness ----
  const byDate: Record<string, { rec: number[]; energy: number[]; sleep: number[]; hrv: number[] }> = {};
  for (const e of input.readiness) {
    if (e.date > today) continue;
    byDate[e.date] ??= { rec: [], energy: [], sleep: [], hrv: [] };
    const b = byDate[e.date]!;
    b.rec.push(e.recovery);
    if (e.energy !== null) b.energy.push(e.energy);
    if (e.sleepHours !== null) b.sleep.push(e.sleepHours);
    if (e.hrvSim !== null) b.hrv.push(e.hrvSim);
  }
  const clamp = (x: number): number => Math.max(0, Math.min(100, x));
  const scores: Record<string, number> = {};
  for (const date of Object.keys(byDate).sort()) {
    const b = byDate[date]!;
    const parts = [clamp(((avg(b.rec) ?? 0) + 1) * 50)];
    if (b.energy.length > 0) parts.push(clamp((((avg(b.energy) ?? 0) - 1) / 4) * 100));
    if (b.sleep.length > 0) parts.push(clamp((((avg(b.sleep) ?? 0) - 4) / 3) * 100));
    if (b.hrv.length > 0) {
      const base: number[] = [];
      for (const [other, ob] of Object.entries(byDate)) {
        const gap = daysBetween(other, date);
        if (gap >= 1 && gap <= 28 && ob.hrv.length > 0) base.push(avg(ob.hrv) ?? 0);
      }
      const sd = base.length > 0 ? stdevp(base) : 0;
      if (base.length >= 7 && sd > 0)
        parts.push(clamp(50 + (25 * ((avg(b.hrv) ?? 0) - (avg(base) ?? 0))) / sd));
    }
    scores[date] = parts.reduce((a, x) => a + x, 0) / parts.length;
  }
  const windowDates = Object.keys(scores).filter(
    (d) => daysBetween(d, today) >= 0 && daysBetween(d, today) <= 6,
  );
  const ys = windowDates.map((d) => scores[d] as number);
  const xs = windowDates.map((d) => -daysBetween(d, today));
  let slope7: number | null = null;
  if (xs.length >= 3) {
    const n = xs.length;
    const sx = xs.reduce((a, b) => a + b, 0);
    const sy = ys.reduce((a, b) => a + b, 0);
    const sxy = xs.reduce((a, x, i) => a + x * (ys[i] as number), 0);
    const sxx = xs.reduce((a, x) => a + x * x, 0);
    slope7 = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  }

  for (const label of weekLabels) {
    const inWeek = Object.keys(scores).filter((d) => refIsoWeek(d).label === label);
    (weeks[label] as RefWeek).readinessMean = avg(inWeek.map((d) => scores[d] as number));
  }
  const lifts: RefFigures["lifts"] = {};
  for (const lift of Object.keys(e1rm)) {
    const sets = rows.filter(
      (r) => r.exerciseId === lift && !r.bodyweight && r.isRepSet && (r.weight ?? 0) > 0,
    );
    lifts[lift] = {
      bestE1rm: Math.max(...(e1rm[lift] ?? []).map((p) => p.epley)),
      heaviest: Math.max(...sets.map((r) => r.weight ?? 0)),
    };
  }

  return {
    weeks,
    days,
    e1rm,
    lifts,
    prs,
    sessionLoads,
    last7,
    acwr,
    streaks: { currentDays, longestDays, currentWeeks, longestWeeks },
    readiness: { scores, mean7: avg(ys), slope7 },
    totals,
  };
}
