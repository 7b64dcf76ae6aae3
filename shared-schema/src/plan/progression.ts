// Progression from recent sessions: double progression (linear for novices), hold on missed reps, −10 % after
// three stalled sessions, e1RM when the rep range changed, and the RPE trend that moves volume ±10 %.
import { dayNumber } from "./dates.js";
import { loadIncrementKg, type ExerciseDef } from "./exercises.js";
import type { Scheme } from "./prescription.js";
import type { PerformedSet, RecentSession } from "./schema.js";

export interface HistoryEntry {
  day: number;
  sets: readonly PerformedSet[];
}

/** Each exercise's sessions up to and including `today`, oldest first. */
export function historyByExercise(
  sessions: readonly RecentSession[],
  today: number,
): Map<string, HistoryEntry[]> {
  const byId = new Map<string, HistoryEntry[]>();
  for (const session of sortedSessions(sessions, today)) {
    for (const e of session.exercises) {
      if (e.sets.length === 0) continue;
      const list = byId.get(e.exerciseId) ?? [];
      list.push({ day: dayNumber(session.date), sets: e.sets });
      byId.set(e.exerciseId, list);
    }
  }
  return byId;
}

/** Sessions on or before `today`, oldest first; undated ones are ignored. */
export function sortedSessions(sessions: readonly RecentSession[], today: number): RecentSession[] {
  return sessions
    .filter((s) => dayNumber(s.date) <= today)
    .map((s, i) => ({ s, i, day: dayNumber(s.date) }))
    .sort((a, b) => a.day - b.day || a.i - b.i)
    .map((x) => x.s);
}

/** Epley e1RM with reps to failure = reps + RIR (RPE trusted from 7; without RPE the set counts as to failure). */
export function estimateE1rm(weightKg: number, reps: number, rpe: number | null): number {
  const rir = rpe !== null && rpe >= 7 ? 10 - rpe : 0;
  const toFailure = reps + rir;
  return toFailure <= 1 ? weightKg : weightKg * (1 + toFailure / 30);
}

export type ProgressionKind =
  | "new"
  | "load_up"
  | "add_rep"
  | "hold_missed"
  | "hold_effort"
  | "reset"
  | "from_e1rm"
  | "reps_up"
  | "hold_top"
  | "time_up"
  | "time_hold";

export interface Progression {
  kind: ProgressionKind;
  /** Working load in kg, or null (no usable history, bodyweight, timed). */
  kg: number | null;
  /** Last session's working load when kg went up, else null. */
  increasedFromKg: number | null;
  reps: number | null;
  durationSec: number | null;
  /** Trailing stalled sessions at the same load. */
  stalls: number;
  /** One line for the rationale, or null when there is nothing to say. */
  note: string | null;
}

const done = (s: PerformedSet): boolean => (s.reps ?? 0) > 0 || (s.durationSec ?? 0) > 0;

/** The load most sets used (ties: the heaviest). */
function workingLoad(sets: readonly PerformedSet[]): number | null {
  const counts = new Map<number, number>();
  for (const s of sets)
    if (s.weightKg !== null && s.weightKg > 0 && done(s))
      counts.set(s.weightKg, (counts.get(s.weightKg) ?? 0) + 1);
  let best: number | null = null;
  let bestCount = 0;
  for (const [kg, n] of counts) {
    if (n > bestCount || (n === bestCount && best !== null && kg > best)) [best, bestCount] = [kg, n];
  }
  return best;
}

interface Outcome {
  load: number;
  setsAtLoad: PerformedSet[];
  success: boolean;
  missed: boolean;
  minReps: number;
  totalReps: number;
  maxRpe: number | null;
}

function outcome(sets: readonly PerformedSet[], scheme: Scheme, linear: boolean): Outcome | null {
  const load = workingLoad(sets);
  if (load === null) return null;
  const setsAtLoad = sets.filter((s) => s.weightKg === load && s.reps !== null);
  if (setsAtLoad.length === 0) return null;
  const reps = setsAtLoad.map((s) => s.reps ?? 0);
  const minReps = Math.min(...reps);
  const goal = (s: PerformedSet): number => (linear ? (s.targetReps ?? scheme.repsLow) : scheme.repsHigh);
  // A success counts only at the prescribed load (when the log knows it).
  const atPrescribed = setsAtLoad.every((s) => s.targetKg === null || load >= s.targetKg - 0.01);
  const success = atPrescribed && setsAtLoad.every((s) => (s.reps ?? 0) >= goal(s));
  const missed = setsAtLoad.some((s) => (s.reps ?? 0) < (s.targetReps ?? scheme.repsLow));
  const rpes = setsAtLoad.map((s) => s.rpe).filter((r): r is number => r !== null);
  return {
    load,
    setsAtLoad,
    success,
    missed,
    minReps,
    totalReps: reps.reduce((a, b) => a + b, 0),
    maxRpe: rpes.length ? Math.max(...rpes) : null,
  };
}

/** Trailing sessions that stalled: same load as the session before, no success, no more total reps. */
export function countStalls(history: readonly HistoryEntry[], scheme: Scheme, linear: boolean): number {
  let stalls = 0;
  for (let i = history.length - 1; i >= 1; i -= 1) {
    const cur = outcome(history[i]!.sets, scheme, linear);
    const prev = outcome(history[i - 1]!.sets, scheme, linear);
    if (!cur || !prev || cur.load !== prev.load || cur.success || cur.totalReps > prev.totalReps) break;
    stalls += 1;
  }
  return stalls;
}

const floorTo = (kg: number, step: number): number => Math.max(step, Math.floor(kg / step + 1e-9) * step);
const fmt = (kg: number): string => `${Math.round(kg * 10) / 10} kg`;

/** Today's load and reps for one exercise from its history, or a "new" decision without history. */
export function progress(
  def: ExerciseDef,
  history: readonly HistoryEntry[],
  scheme: Scheme,
  linear: boolean,
  holdSec: number,
): Progression {
  const base: Progression = {
    kind: "new",
    kg: null,
    increasedFromKg: null,
    reps: def.dose === "reps" ? scheme.repsLow : null,
    durationSec: def.dose === "time" ? holdSec : null,
    stalls: 0,
    note: null,
  };
  const last = history[history.length - 1];
  if (!last) return base;
  const name = def.names.en;

  if (def.dose === "time") {
    const durations = last.sets.map((s) => s.durationSec ?? 0).filter((d) => d > 0);
    if (durations.length === 0) return base;
    const shortest = Math.min(...durations);
    const hard = last.sets.some((s) => s.rpe !== null && s.rpe >= scheme.rpe + 1.5);
    const durationSec = hard ? shortest : Math.min(90, shortest + 5);
    const kind = hard ? "time_hold" : "time_up";
    return {
      ...base,
      kind,
      durationSec,
      note: hard ? `${name}: held at ${shortest} s (last time was hard)` : null,
    };
  }

  if (!def.loadable) {
    const reps = last.sets.map((s) => s.reps ?? 0).filter((r) => r > 0);
    if (reps.length === 0) return base;
    const min = Math.min(...reps);
    if (min >= scheme.repsHigh) {
      return {
        ...base,
        kind: "hold_top",
        reps: scheme.repsHigh,
        note: `${name}: top of the range, slow the tempo or pick a harder variation`,
      };
    }
    return { ...base, kind: "reps_up", reps: Math.max(scheme.repsLow, Math.min(scheme.repsHigh, min + 1)) };
  }

  const o = outcome(last.sets, scheme, linear);
  if (!o) return base;
  const step = loadIncrementKg(def, o.load);
  const stalls = countStalls(history, scheme, linear);
  const rir = 10 - scheme.rpe;
  const hold = (kind: ProgressionKind, reps: number, note: string): Progression => ({
    ...base,
    kind,
    kg: o.load,
    reps,
    stalls,
    note,
  });

  if (stalls >= 3) {
    const kg = floorTo(o.load * 0.9, step);
    return {
      ...hold(
        "reset",
        scheme.repsLow,
        `${name}: three stalled sessions at ${fmt(o.load)}, back to ${fmt(kg)} (−10 %) to build again`,
      ),
      kg,
    };
  }
  if (o.minReps < scheme.repsLow - 3 || o.minReps > scheme.repsHigh + 4) {
    const best = Math.max(...o.setsAtLoad.map((s) => estimateE1rm(o.load, s.reps ?? 0, s.rpe)));
    const kg = floorTo(best / (1 + (scheme.repsLow + rir) / 30), step);
    return {
      ...hold("from_e1rm", scheme.repsLow, `${name}: new rep range, ${fmt(kg)} from an e1RM of ${fmt(best)}`),
      kg,
    };
  }
  if (o.success && !(o.maxRpe !== null && o.maxRpe >= scheme.rpe + 1.5)) {
    const kg = o.load + step;
    return {
      ...hold(
        "load_up",
        scheme.repsLow,
        `${name}: all sets reached ${linear ? "the target" : "the top of the range"}, +${step} kg to ${fmt(kg)}`,
      ),
      kg,
      increasedFromKg: o.load,
    };
  }
  if (o.success) {
    return hold(
      "hold_effort",
      linear ? scheme.repsLow : scheme.repsHigh,
      `${name}: reps made at RPE ${o.maxRpe}, holding ${fmt(o.load)}`,
    );
  }
  if (o.missed) {
    return hold("hold_missed", scheme.repsLow, `${name}: missed reps last time, holding ${fmt(o.load)}`);
  }
  return hold(
    "add_rep",
    Math.min(scheme.repsHigh, o.minReps + 1),
    `${name}: same load, aim for one more rep`,
  );
}

export interface RpeTrend {
  /** Mean logged RPE − target RPE over the last sessions' sets. */
  delta: number | null;
  /** Mean session RPE (CR-10) over the last sessions that have one. */
  sessionRpe: number | null;
  sessions: number;
  direction: "down" | "up" | "none";
}

/**
 * Effort trend over the last three sessions (before or on `today`) with RPE data. Down: sets felt about one RPE
 * harder than planned, or session RPE ≥ 8.5. Up: about one RPE easier, no missed reps, session RPE ≤ 6 if given.
 */
export function rpeTrend(
  sessions: readonly RecentSession[],
  today: number,
  defaultTargetRpe: number,
): RpeTrend {
  const recent = sortedSessions(sessions, today).slice(-3);
  const deltas: number[] = [];
  const srpe: number[] = [];
  let missed = false;
  let withData = 0;
  for (const s of recent) {
    let counted = false;
    if (s.sessionRpe !== null) srpe.push(s.sessionRpe);
    for (const e of s.exercises) {
      for (const set of e.sets) {
        if (set.targetReps !== null && set.reps !== null && set.reps < set.targetReps) missed = true;
        if (set.rpe === null) continue;
        deltas.push(set.rpe - (set.targetRpe ?? defaultTargetRpe));
        counted = true;
      }
    }
    if (counted || s.sessionRpe !== null) withData += 1;
  }
  const mean = (xs: number[]): number | null =>
    xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
  const delta = deltas.length >= 4 ? mean(deltas) : null;
  const sessionRpe = srpe.length >= 2 ? mean(srpe) : null;
  let direction: RpeTrend["direction"] = "none";
  if (withData >= 2) {
    if ((delta !== null && delta >= 1) || (sessionRpe !== null && sessionRpe >= 8.5)) direction = "down";
    else if (delta !== null && delta <= -1 && !missed && (sessionRpe === null || sessionRpe <= 6))
      direction = "up";
  }
  return { delta, sessionRpe, sessions: withData, direction };
}
