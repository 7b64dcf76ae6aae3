// Planned volume and intensity, the measures behind the spec's ±10 % rule (T10). Only working phases (main,
// intervals) count. Loads come in different units, so volume is kept per unit and two plans are compared
// unit by unit, weighted by how many sets each unit has in the baseline.
import { effortOf } from "./draft.js";
import type { PhaseKind, PlannedSet } from "./schema.js";

type MeasuredSet = Pick<PlannedSet, "reps" | "durationSec" | "load" | "targetRpe" | "targetRir">;

/** Anything shaped like a plan's phases (a Plan, or drafts grouped by phase). */
export interface VolumeSource {
  readonly phases: readonly {
    readonly kind: PhaseKind;
    readonly exercises: readonly { readonly sets: readonly MeasuredSet[] }[];
  }[];
}

export interface PlanVolume {
  /** Working sets. */
  hardSets: number;
  /** Σ reps × kg over sets with a kg load. */
  tonnageKg: number;
  /** Σ reps × percent/100 over sets with a %e1RM load ("reps at 1RM"). */
  relativeLoad: number;
  /** Σ reps over bodyweight sets (load = one bodyweight). */
  bodyweightReps: number;
  /** Σ seconds over timed sets (holds, carries, intervals). */
  timedSec: number;
  /** How many working sets fall in each of the four measures above. */
  setsByMeasure: { kg: number; percent: number; bodyweight: number; timed: number };
}

type Measure = keyof PlanVolume["setsByMeasure"];

function measureOf(set: MeasuredSet): [Measure, number] {
  if (set.durationSec !== null) return ["timed", set.durationSec];
  const reps = set.reps ?? 0;
  switch (set.load.type) {
    case "kg":
      return ["kg", reps * set.load.kg];
    case "percent_e1rm":
      return ["percent", (reps * set.load.percent) / 100];
    case "bodyweight":
      return ["bodyweight", reps];
  }
}

const workingSets = (plan: VolumeSource): MeasuredSet[] =>
  plan.phases
    .filter((p) => p.kind === "main" || p.kind === "intervals")
    .flatMap((p) => p.exercises.flatMap((e) => e.sets));

export function planVolume(plan: VolumeSource): PlanVolume {
  const v: PlanVolume = {
    hardSets: 0,
    tonnageKg: 0,
    relativeLoad: 0,
    bodyweightReps: 0,
    timedSec: 0,
    setsByMeasure: { kg: 0, percent: 0, bodyweight: 0, timed: 0 },
  };
  for (const set of workingSets(plan)) {
    const [measure, amount] = measureOf(set);
    v.hardSets += 1;
    v.setsByMeasure[measure] += 1;
    if (measure === "kg") v.tonnageKg += amount;
    else if (measure === "percent") v.relativeLoad += amount;
    else if (measure === "bodyweight") v.bodyweightReps += amount;
    else v.timedSec += amount;
  }
  return v;
}

const amountOf = (v: PlanVolume, m: Measure): number =>
  m === "kg"
    ? v.tonnageKg
    : m === "percent"
      ? v.relativeLoad
      : m === "bodyweight"
        ? v.bodyweightReps
        : v.timedSec;

/**
 * candidate / baseline volume as one ratio: per measure (kg, %e1RM, bodyweight reps, seconds) the candidate's
 * amount over the baseline's, averaged with the baseline's set counts as weights. 1 when the baseline has no
 * working sets and neither has the candidate; Infinity when only the candidate has.
 */
export function volumeRatio(candidate: VolumeSource, baseline: VolumeSource): number {
  const c = planVolume(candidate);
  const b = planVolume(baseline);
  let weighted = 0;
  let weights = 0;
  for (const m of ["kg", "percent", "bodyweight", "timed"] as const) {
    const base = amountOf(b, m);
    if (base <= 0) continue;
    weighted += b.setsByMeasure[m] * (amountOf(c, m) / base);
    weights += b.setsByMeasure[m];
  }
  if (weights === 0) return c.hardSets === 0 ? 1 : Number.POSITIVE_INFINITY;
  return weighted / weights;
}

/** Mean target effort (RPE; 10 − RIR where only RIR is given) over working sets; 0 without any. */
export function planIntensity(plan: VolumeSource): number {
  const efforts = workingSets(plan)
    .map(effortOf)
    .filter((e): e is number => e !== null);
  return efforts.length === 0 ? 0 : efforts.reduce((a, b) => a + b, 0) / efforts.length;
}
