// Load management on a drafted session: the weekly volume cap (MRV prior), deload, the RPE trend (±10 %
// volume) and the context signals (energy, motivation, soreness, cutting; sleep, stress, readiness on effort).
import { addSets, holdLoad, lowerEffort, removeSets } from "./adjustments.js";
import { dayNumber } from "./dates.js";
import { isWorkingPhase, type Draft } from "./draft.js";
import { exerciseById, sorenessAreasOf, type Muscle } from "./exercises.js";
import { MAX_BASE_SETS, MRV_SETS_PER_WEEK } from "./prescription.js";
import type { RpeTrend } from "./progression.js";
import { sleepState, soreAreas, type Readiness } from "./readiness.js";
import type { Notes } from "./rationale.js";
import type { PlanInput, RecentSession } from "./schema.js";
import { SORENESS_AREAS } from "./schema.js";

const accessoriesOf = (drafts: readonly Draft[]): Draft[] =>
  drafts.filter((d) => d.phase === "main" && d.role === "accessory").sort((a, b) => a.priority - b.priority);

/**
 * Cuts that do not depend on the recovery slider: a chosen deload (or else a hard RPE trend), cutting, low
 * energy, low motivation, soreness; and the signals behind them. Returns whether a deload was applied.
 */
export function applySetRules(drafts: Draft[], input: PlanInput, trend: RpeTrend, notes: Notes): boolean {
  const { context } = input;
  const working = drafts.filter((d) => isWorkingPhase(d.phase));
  const deload = context.flags.includes("deload");
  if (deload) {
    for (const d of working) {
      removeSets(d, d.sets.length - Math.max(1, Math.round(d.sets.length * 0.55)), 1);
      holdLoad(d);
    }
    notes.rules.push({
      id: "deload.applied",
      text: "Deload: sets cut to about 55 %, two more reps in reserve, no load increases (Bell 2023)",
    });
    notes.signals.push({ id: "flag.deload", text: "Deload chosen", effect: "down" });
  } else if (trend.direction === "down") {
    const main = working.filter((d) => d.phase === "main");
    noteTrend(trend, takeSets(main, tenPercentOfSets(main)), notes);
  }
  if (context.flags.includes("cutting")) {
    for (const d of accessoriesOf(drafts)) removeSets(d, 1, 1);
    notes.rules.push({
      id: "context.cutting",
      text: "Cutting: loads and effort kept, one set fewer on accessories to recover in a deficit",
    });
    notes.signals.push({ id: "flag.cutting", text: "Cutting", effect: "down" });
  }
  if (context.energy !== null) {
    const low = context.energy <= 2;
    if (low) {
      for (const d of accessoriesOf(drafts)) removeSets(d, 1, 1);
      for (const d of drafts.filter((x) => x.phase === "intervals")) removeSets(d, 2, 3);
      notes.rules.push({
        id: "context.low_energy",
        text: "Low energy: one set fewer on accessories, two interval rounds fewer",
      });
    }
    notes.signals.push({ id: "energy", text: `Energy ${context.energy}/5`, effect: low ? "down" : "none" });
  }
  if (context.motivation !== null) {
    const low = context.motivation <= 2;
    const last = low ? accessoriesOf(drafts)[0] : undefined;
    if (last) {
      drafts.splice(drafts.indexOf(last), 1);
      notes.rules.push({
        id: "context.low_motivation",
        text: `Low motivation: a shorter session, ${last.def.names.en} left out`,
      });
    }
    notes.signals.push({
      id: "motivation",
      text: `Motivation ${context.motivation}/5`,
      effect: last ? "down" : "none",
    });
  }
  for (const area of soreAreas(context, 4)) {
    const hit = drafts.filter((d) => isWorkingPhase(d.phase) && sorenessAreasOf(d.def).has(area));
    for (const d of hit) removeSets(d, 1, 1);
    if (hit.length > 0)
      notes.rules.push({
        id: `soreness.${area}`,
        text: `Sore ${area}: one set fewer and one RPE lower where they work`,
      });
  }
  for (const area of SORENESS_AREAS) {
    const v = context.soreness[area];
    if (v !== null)
      notes.signals.push({
        id: `soreness.${area}`,
        text: `${area} soreness ${v}/5`,
        effect: v >= 4 ? "down" : "none",
      });
  }
  if (context.pain.length > 0) {
    notes.signals.push({
      id: "pain",
      text: `Pain today: ${context.pain.join(", ").replace(/_/g, " ")} (treated like an injury)`,
      effect: "down",
    });
  }
  if (context.mood !== null)
    notes.signals.push({ id: "mood", text: `Mood ${context.mood}/5`, effect: "none" });
  return deload;
}

/** Removes `target` sets, one per accessory in turn (least important first), then from primaries above 2 sets. */
function takeSets(main: readonly Draft[], target: number): number {
  let taken = 0;
  const order = [...main].sort((a, b) =>
    a.role === b.role ? a.priority - b.priority : a.role === "accessory" ? -1 : 1,
  );
  for (let pass = 0; pass < MAX_BASE_SETS && taken < target; pass += 1) {
    for (const d of order) {
      if (taken >= target) break;
      taken += removeSets(d, 1, d.role === "accessory" ? 1 : 2);
    }
  }
  return taken;
}

export const tenPercentOfSets = (main: readonly Draft[]): number =>
  Math.max(1, Math.round(main.reduce((n, d) => n + d.sets.length, 0) * 0.1));

export function noteTrend(trend: RpeTrend, changed: number, notes: Notes): void {
  const how =
    trend.delta !== null
      ? `sets averaged RPE ${trend.delta > 0 ? "+" : "−"}${Math.abs(Math.round(trend.delta * 10) / 10)} vs target`
      : `session RPE ${trend.sessionRpe?.toFixed(1)}`;
  const sign = trend.direction === "down" ? "−" : "+";
  if (changed > 0) {
    notes.rules.push({
      id: `trend.${trend.direction}`,
      text: `Last ${trend.sessions} sessions: ${how}; ${sign}${changed} set${changed > 1 ? "s" : ""} (about ${sign}10 % volume)`,
    });
  }
  notes.signals.push({
    id: "trend",
    text: `Recent effort: ${how}`,
    effect: changed > 0 ? trend.direction : "none",
  });
}

/**
 * Adds about 10 % more sets, accessories first, to exercises whose load did not go up today (never load and
 * volume on one lift), while the session still fits and the weekly cap holds.
 */
export function giveSets(main: readonly Draft[], target: number, allowed: () => boolean): number {
  let given = 0;
  const order = [...main]
    .filter((d) => d.loadIncreasedFromKg === null)
    .sort((a, b) => (a.role === b.role ? a.priority - b.priority : a.role === "accessory" ? -1 : 1));
  const full = new Set<Draft>();
  for (let pass = 0; pass < 2 && given < target; pass += 1) {
    for (const d of order) {
      if (given >= target || full.has(d) || d.sets.length >= MAX_BASE_SETS) continue;
      addSets(d, 1, "Extra set (recent sessions felt easy)");
      if (allowed()) given += 1;
      else {
        d.sets.pop();
        full.add(d);
      }
    }
  }
  return given;
}

export type WeeklySets = ReadonlyMap<Muscle, number>;

/** Hard sets per prime mover in the six days before today (and earlier today). */
export function weeklySets(sessions: readonly RecentSession[], today: number): WeeklySets {
  const weekly = new Map<Muscle, number>();
  for (const s of sessions) {
    if (dayNumber(s.date) < today - 6) continue;
    for (const e of s.exercises) {
      const def = exerciseById(e.exerciseId);
      const done = e.sets.filter((x) => (x.reps ?? 0) > 0 || (x.durationSec ?? 0) > 0).length;
      for (const m of def?.primary ?? []) weekly.set(m, (weekly.get(m) ?? 0) + done);
    }
  }
  return weekly;
}

/** Whether this week's sets plus today's (each exercise with its possible Excellent extra set) stay within MRV. */
export function withinMrv(drafts: readonly Draft[], weekly: WeeklySets): boolean {
  const today = new Map<Muscle, number>();
  for (const d of drafts) {
    if (d.phase !== "main") continue;
    for (const m of d.def.primary) today.set(m, (today.get(m) ?? 0) + d.sets.length + 1);
  }
  return [...today].every(([m, n]) => (weekly.get(m) ?? 0) + n <= MRV_SETS_PER_WEEK);
}

/** Keeps each muscle's hard sets this week, today's included with room for the Excellent extra set, within MRV. */
export function capWeeklyVolume(drafts: Draft[], weekly: WeeklySets, notes: Notes): void {
  const total = new Map(weekly);
  const main = drafts.filter((d) => d.phase === "main").sort((a, b) => b.priority - a.priority);
  for (const d of main) {
    const room = Math.min(...d.def.primary.map((m) => MRV_SETS_PER_WEEK - (total.get(m) ?? 0) - 1));
    if (d.sets.length > room) {
      if (room <= 0) drafts.splice(drafts.indexOf(d), 1);
      else removeSets(d, d.sets.length - room, 1);
      notes.rules.push({
        id: "volume.mrv",
        text: `${d.def.names.en}: ${d.def.primary.join(", ").replace(/_/g, " ")} near ${MRV_SETS_PER_WEEK} hard sets this week (MRV prior), ${room <= 0 ? "left out" : `${room} sets`}`,
      });
      if (room <= 0) continue;
    }
    for (const m of d.def.primary) total.set(m, (total.get(m) ?? 0) + d.sets.length + 1);
  }
}

/** Effort rules (they never change time): deload, sleep, stress, soreness, readiness; at most 2 RPE in total. */
export function applyEffortRules(
  drafts: Draft[],
  input: PlanInput,
  readiness: Readiness,
  deload: boolean,
  notes: Notes,
): void {
  const { context } = input;
  let drop = deload ? 2 : 0;
  let hold = false;
  const sleep = sleepState(context);
  if (sleep !== "unknown") {
    const said = [
      context.sleepHours !== null ? `slept ${context.sleepHours} h` : null,
      context.sleepQuality !== null ? `sleep quality ${context.sleepQuality}/5` : null,
    ]
      .filter((x) => x !== null)
      .join(", ");
    if (sleep === "poor") {
      drop += 1;
      hold = true;
      notes.rules.push({
        id: "context.poor_sleep",
        text: "Poor sleep: one more rep in reserve and no load increases today",
      });
    } else if (sleep === "short") {
      drop += 0.5;
      notes.rules.push({ id: "context.short_sleep", text: "Under 7 h sleep: half an RPE lower" });
    }
    notes.signals.push({
      id: "sleep",
      text: said.charAt(0).toUpperCase() + said.slice(1),
      effect: sleep === "ok" ? "none" : "down",
    });
  }
  if (context.stress !== null) {
    const high = context.stress >= 4;
    if (high) {
      drop += 0.5;
      notes.rules.push({ id: "context.stress", text: "High stress: half an RPE lower" });
    }
    notes.signals.push({ id: "stress", text: `Stress ${context.stress}/5`, effect: high ? "down" : "none" });
  }
  if (readiness.score !== null) {
    const low = readiness.score < 40;
    if (low) {
      drop += 0.5;
      hold = true;
      notes.rules.push({
        id: "readiness.low",
        text: `Readiness ${readiness.score}/100 (below 40): loads held, half an RPE lower`,
      });
    }
    notes.signals.push({
      id: "readiness",
      text: `Readiness ${readiness.score}/100 (HRV, sleep, how you feel)`,
      effect: low ? "down" : "none",
    });
  }
  const sore = new Set(soreAreas(context, 4));
  for (const d of drafts) {
    if (!isWorkingPhase(d.phase)) continue;
    const extra = [...sorenessAreasOf(d.def)].some((a) => sore.has(a)) ? 1 : 0;
    lowerEffort(d, Math.min(2, drop + extra));
    if (hold) holdLoad(d);
  }
}
