// Changes to a drafted session: the recovery step behind the spec's ±10 % (T10), and the helpers the context
// rules use (fewer or extra sets, lower effort, held loads).
import { cloneDrafts, effortOf, isWorkingPhase, withRpe, type Draft, type DraftSet } from "./draft.js";
import { MAX_BASE_SETS, percentOfE1rm, WORKING_RPE } from "./prescription.js";
import type { RecoveryBias } from "./schema.js";
import { volumeRatio, type VolumeSource } from "./volume.js";

/**
 * Sets the effort of a working set (RPE 5–10). A %e1RM load follows the new reps in reserve, but only down:
 * lowering effort never raises a load.
 */
export function setEffort(set: DraftSet, rpe: number): DraftSet {
  const next = withRpe(set, Math.min(WORKING_RPE.max, Math.max(WORKING_RPE.min, rpe)));
  if (next.load.type === "percent_e1rm" && next.reps !== null) {
    const percent = Math.min(next.load.percent, percentOfE1rm(next.reps, next.targetRir ?? 0));
    next.load = { type: "percent_e1rm", percent };
  }
  return next;
}

export function lowerEffort(d: Draft, by: number): void {
  if (by <= 0) return;
  d.sets = d.sets.map((s) => setEffort(s, (effortOf(s) ?? 8) - by));
}

/** Undo today's progression load increase (back to last session's kg). True when there was one. */
export function holdLoad(d: Draft): boolean {
  const from = d.loadIncreasedFromKg;
  if (from === null) return false;
  d.sets = d.sets.map((s) => (s.load.type === "kg" ? { ...s, load: { type: "kg", kg: from } } : s));
  d.loadIncreasedFromKg = null;
  return true;
}

export function removeSets(d: Draft, count: number, min: number): number {
  let removed = 0;
  while (removed < count && d.sets.length > min) {
    d.sets.pop();
    removed += 1;
  }
  return removed;
}

/** Appends copies of the last set; when the load went up today, the copies are back-off sets at the old load. */
export function addSets(d: Draft, count: number, cue: string): void {
  const last = d.sets[d.sets.length - 1];
  if (!last) return;
  for (let i = 0; i < count; i += 1) {
    const backOff = d.loadIncreasedFromKg !== null && last.load.type === "kg";
    d.sets.push({
      ...last,
      load: backOff ? { type: "kg", kg: d.loadIncreasedFromKg ?? 0 } : { ...last.load },
      restSec: last.restSec,
      cues: [backOff ? `${cue}: back-off set at last session's load` : cue],
    });
  }
}

/** Drafts as a volume source: each draft is one exercise of its phase. */
export function draftVolumeSource(drafts: readonly Draft[]): VolumeSource {
  return { phases: drafts.map((d) => ({ kind: d.phase, exercises: [{ sets: d.sets }] })) };
}

/** Round-robin passes over `order`, one change per exercise per pass, until `done` or nothing changes. */
function passes(order: readonly Draft[], change: (d: Draft) => boolean, done: () => boolean): void {
  let changed = true;
  while (!done() && changed) {
    changed = false;
    for (const d of order) {
      if (done()) return;
      if (change(d)) changed = true;
    }
  }
}

const byPriority = (ds: readonly Draft[], ascending: boolean): Draft[] =>
  [...ds].sort((a, b) => (ascending ? a.priority - b.priority : b.priority - a.priority));

/**
 * The recovery slider's step on a drafted session; warm-up and cool-down stay. It is measured, not assumed:
 * sets are taken or added one at a time until planned volume (volumeRatio against the Normal variant of the
 * same drafts) is at least 10 % lower or higher.
 * - Poor (−1): no load increase, one more rep in reserve; then accessory sets go first (least important
 *   first, none below one set), interval rounds next, primaries last (to two sets, then one). If that is not
 *   enough, every set loses 10 % of its reps or seconds.
 * - Excellent (+1): loads and effort unchanged; one extra set on the most important lifts first, then
 *   accessories, then interval rounds. Lifts whose load went up today come last and get a back-off set at
 *   last session's load (never a load and a volume increase on the same working sets).
 */
export function applyRecovery(drafts: readonly Draft[], bias: RecoveryBias): Draft[] {
  const out = cloneDrafts(drafts);
  if (bias === 0) return out;
  const baseline = draftVolumeSource(drafts);
  const ratio = (): number => volumeRatio(draftVolumeSource(out), baseline);
  const working = out.filter((d) => isWorkingPhase(d.phase) && d.sets.length > 0);
  if (working.length === 0) return out;
  const accessories = working.filter((d) => d.phase === "main" && d.role === "accessory");
  const primaries = working.filter((d) => d.phase === "main" && d.role !== "accessory");
  const intervals = working.filter((d) => d.phase === "intervals");
  if (bias < 0) {
    for (const d of working) {
      holdLoad(d);
      lowerEffort(d, 1);
    }
    const done = (): boolean => ratio() <= 0.9 + 1e-9;
    passes(byPriority(accessories, true), (d) => removeSets(d, 1, 1) > 0, done);
    passes(intervals, (d) => removeSets(d, 1, 2) > 0, done);
    passes(byPriority(primaries, true), (d) => removeSets(d, 1, 2) > 0, done);
    passes(byPriority(primaries, true), (d) => removeSets(d, 1, 1) > 0, done);
    if (!done()) for (const d of working) d.sets.forEach(shortenSet);
    return out;
  }
  const done = (): boolean => ratio() >= 1.1 - 1e-9;
  const cue = "Extra set (Excellent recovery)";
  const grow = (d: Draft): boolean => {
    if (d.phase === "main" && d.sets.length > MAX_BASE_SETS) return false;
    addSets(d, 1, cue);
    return true;
  };
  const steady = (ds: readonly Draft[]): Draft[] =>
    byPriority(
      ds.filter((d) => d.loadIncreasedFromKg === null),
      false,
    );
  // One pass each: every exercise gains at most one set, the weekly MRV cap reserved room for exactly that.
  for (const group of [
    steady(primaries),
    steady(accessories),
    intervals,
    byPriority(
      working.filter((d) => d.loadIncreasedFromKg !== null),
      false,
    ),
  ]) {
    for (const d of group) {
      if (done()) return out;
      grow(d);
    }
  }
  return out;
}

/** 10 % fewer reps or seconds (at least one), for a set that cannot lose a set. */
function shortenSet(set: DraftSet): void {
  if (set.durationSec !== null && set.durationSec >= 2)
    set.durationSec -= Math.max(1, Math.ceil(set.durationSec * 0.1 - 1e-9));
  else if (set.reps !== null && set.reps >= 2) set.reps -= Math.max(1, Math.ceil(set.reps * 0.1 - 1e-9));
}
