// How long a plan takes, and trimming a plan until it fits the session. One model for the rule planner, for
// clamping a model's plan and for the tests: work (4 s a rep, or the set's duration) + rest between sets +
// a changeover per exercise.
import type { Draft } from "./draft.js";
import type { Goal, PhaseKind, Plan, PlannedSet } from "./schema.js";

export const SECONDS_PER_REP = 4;
/** Setting up the next exercise (load a bar, find a bench); short between drills. */
export const TRANSITION_SEC: Readonly<Record<PhaseKind, number>> = {
  warmup: 15,
  main: 60,
  intervals: 30,
  cooldown: 15,
};

type TimedSet = Pick<PlannedSet, "reps" | "durationSec" | "restSec">;

export function exerciseSeconds(phase: PhaseKind, sets: readonly TimedSet[]): number {
  if (sets.length === 0) return 0;
  let total = TRANSITION_SEC[phase];
  sets.forEach((set, i) => {
    total += set.durationSec ?? (set.reps ?? 0) * SECONDS_PER_REP;
    if (i < sets.length - 1) total += set.restSec;
  });
  return total;
}

export function draftsSeconds(drafts: readonly Draft[]): number {
  return drafts.reduce((sum, d) => sum + exerciseSeconds(d.phase, d.sets), 0);
}

export function planSeconds(plan: Pick<Plan, "phases">): number {
  let total = 0;
  for (const phase of plan.phases)
    for (const e of phase.exercises) total += exerciseSeconds(phase.kind, e.sets);
  return total;
}

/** The plan's duration in whole minutes, rounded up: what `estimatedMinutes` must say. */
export function estimatePlanMinutes(plan: Pick<Plan, "phases">): number {
  return Math.ceil(planSeconds(plan) / 60);
}

export interface TrimOptions {
  /** When conditioning goes: before accessories (general fitness), after them, or after all but one lift (endurance). */
  intervals: "first" | "normal" | "last";
  /** Measures a candidate; the planner measures the Excellent variant so every variant fits. */
  measure?: (drafts: readonly Draft[]) => number;
}

/** Conditioning is the point of an endurance session and a finisher in a general one. */
export function intervalTrimOrder(goal: Goal): TrimOptions["intervals"] {
  return goal === "endurance" ? "last" : goal === "general" ? "first" : "normal";
}

type Step = (drafts: Draft[]) => string | null;

const lowest = (ds: readonly Draft[]): Draft | undefined =>
  ds.reduce<Draft | undefined>((lo, d) => (lo === undefined || d.priority < lo.priority ? d : lo), undefined);

function remove(drafts: Draft[], d: Draft | undefined, why: string): string | null {
  if (!d) return null;
  drafts.splice(drafts.indexOf(d), 1);
  return `${why}: dropped ${d.def.names.en}`;
}

const extraIn =
  (phase: PhaseKind): Step =>
  (ds) =>
    remove(ds, lowest(ds.filter((d) => d.phase === phase && !isFirstOfPhase(ds, d))), "time");
const accessory: Step = (ds) =>
  remove(ds, lowest(ds.filter((d) => d.phase === "main" && d.role === "accessory")), "time");
/** Short intervals keep at least 4 rounds, long ones (2 min and more) at least 2. */
const minRounds = (d: Draft): number => ((d.sets[0]?.durationSec ?? 0) >= 120 ? 2 : 4);
const fewerRounds: Step = (ds) => {
  const block = ds.find((d) => d.phase === "intervals" && d.sets.length > minRounds(d));
  if (!block) return null;
  block.sets.pop();
  return `time: ${block.def.names.en} down to ${block.sets.length} rounds`;
};
/** Long intervals get shorter (to 1 min at the least) before the block goes. */
const dropIntervals: Step = (ds) => {
  const block = lowest(ds.filter((d) => d.phase === "intervals"));
  const work = block?.sets[0]?.durationSec ?? 0;
  if (!block || work <= 60) return remove(ds, block, "time");
  const shorter = Math.max(60, Math.floor((work * 0.75) / 15) * 15);
  for (const set of block.sets)
    if (set.durationSec !== null) set.durationSec = Math.min(set.durationSec, shorter);
  return `time: ${block.def.names.en} intervals shortened to ${shorter} s`;
};
const fewerPrimarySets: Step = (ds) => {
  const candidates = ds.filter((d) => d.phase === "main" && d.sets.length > 2);
  const most = Math.max(0, ...candidates.map((d) => d.sets.length));
  const d = lowest(candidates.filter((c) => c.sets.length === most));
  if (!d) return null;
  d.sets.pop();
  return `time: ${d.def.names.en} down to ${d.sets.length} sets`;
};
const primary: Step = (ds) => {
  const main = ds.filter((d) => d.phase === "main");
  return main.length > 1 ? remove(ds, lowest(main), "time") : null;
};
const shorterWarmup: Step = (ds) => {
  const first = ds.find((d) => d.phase === "warmup");
  const set = first?.sets[0];
  if (!first || !set || set.durationSec === null || set.durationSec <= 120) return null;
  set.durationSec = set.durationSec > 180 ? 180 : 120;
  return `time: shorter warm-up (${set.durationSec / 60} min)`;
};
const dropPhase =
  (phase: PhaseKind): Step =>
  (ds) =>
    remove(ds, lowest(ds.filter((d) => d.phase === phase)), "time");
const singleSets: Step = (ds) => {
  const d = lowest(ds.filter((x) => x.phase === "main" && x.sets.length > 1));
  if (!d) return null;
  d.sets.pop();
  return `time: ${d.def.names.en} down to ${d.sets.length} set${d.sets.length > 1 ? "s" : ""}`;
};

function isFirstOfPhase(drafts: readonly Draft[], d: Draft): boolean {
  return drafts.find((x) => x.phase === d.phase) === d;
}

/**
 * Removes work, least important first, until `measure(drafts) <= budgetSec`. Order: extra cool-down stretches,
 * accessories, extra warm-up drills, interval rounds (down to 4, or 2 of long intervals), primary sets (down to 2), intervals, warm-up
 * length, cool-down, primaries but one, remaining sets (down to 1), warm-up, everything; `intervals` moves the
 * interval steps earlier or later ("last": the last lift goes before the intervals do). Mutates `drafts` and returns the steps taken.
 */
export function trimToFit(drafts: Draft[], budgetSec: number, options: TrimOptions): string[] {
  const measure = options.measure ?? draftsSeconds;
  const when = options.intervals;
  const steps: Step[] = [
    extraIn("cooldown"),
    ...(when === "first" ? [fewerRounds, dropIntervals] : []),
    accessory,
    extraIn("warmup"),
    ...(when === "normal" ? [fewerRounds] : []),
    fewerPrimarySets,
    ...(when === "normal" ? [dropIntervals] : []),
    shorterWarmup,
    dropPhase("cooldown"),
    primary,
    ...(when === "last" ? [fewerRounds] : []),
    singleSets,
    ...(when === "last" ? [dropPhase("main")] : []),
    dropIntervals,
    dropPhase("warmup"),
    dropPhase("main"),
  ];
  const taken: string[] = [];
  // The plain duration is a cheap lower bound of any measure that only adds work.
  while (draftsSeconds(drafts) > budgetSec || measure(drafts) > budgetSec) {
    let note: string | null = null;
    for (const step of steps) {
      note = step(drafts);
      if (note !== null) break;
    }
    if (note === null) break;
    taken.push(note);
  }
  return taken;
}
