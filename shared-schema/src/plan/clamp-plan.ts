// Enforcing the planner's hard constraints on a plan from elsewhere (the model, a cached plan): library
// exercises only, available equipment, no injured or painful region, sane effort and rest, and the session
// length. Every change is reported, so the worker can log what the model got wrong.
import {
  cloneDrafts,
  effortOf,
  isWorkingPhase,
  toPhases,
  type Draft,
  type DraftSet,
  type Role,
} from "./draft.js";
import { estimatePlanMinutes, intervalTrimOrder, trimToFit } from "./duration.js";
import {
  availableEquipment,
  EXERCISE_LIBRARY,
  exerciseById,
  findExercise,
  hasEquipmentFor,
  loadsAnyRegion,
  type ExerciseDef,
  type Locale,
} from "./exercises.js";
import { DEFAULT_PHASE_BPM, percentOfE1rm, roundRpe, WORKING_RPE } from "./prescription.js";
import {
  PHASE_KINDS,
  type BodyRegion,
  type BpmRange,
  type Equipment,
  type PhaseKind,
  type Plan,
  type PlanInput,
} from "./schema.js";

export interface ClampResult {
  plan: Plan;
  /** What was changed and why, one line each; empty when the plan already satisfied every constraint. */
  corrections: string[];
}

export interface ClampOptions {
  /** Language of the exercise names written back (default en). */
  locale?: Locale;
}

/** Rest bounds per phase, seconds: heavy sets up to 5 min (ACSM), intervals from 10 s, drills up to 2 min. */
const REST: Readonly<Record<PhaseKind, readonly [number, number]>> = {
  warmup: [0, 120],
  main: [30, 300],
  intervals: [10, 300],
  cooldown: [0, 120],
};
const BPM_BOUNDS = [60, 200] as const;
const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

interface Constraints {
  available: ReadonlySet<Equipment>;
  blocked: ReadonlySet<BodyRegion>;
  disliked: ReadonlySet<string>;
}

const fits = (def: ExerciseDef, c: Constraints): boolean =>
  hasEquipmentFor(def, c.available) && !loadsAnyRegion(def, c.blocked);

/** The library's substitutes in order, then any exercise of the same pattern suited to the phase. */
function substituteFor(def: ExerciseDef, phase: PhaseKind, c: Constraints): ExerciseDef | undefined {
  const listed = def.substitutes
    .map((id) => exerciseById(id))
    .filter((d): d is ExerciseDef => d !== undefined);
  const samePattern = EXERCISE_LIBRARY.filter((d) => d.pattern === def.pattern && d.phases.includes(phase));
  const ok = (d: ExerciseDef): boolean => fits(d, c) && !c.disliked.has(d.id);
  return listed.find((d) => ok(d) && d.phases.includes(phase)) ?? listed.find(ok) ?? samePattern.find(ok);
}

/** Re-expresses sets written for `from` so they make sense for `to` (dose, and loads that do not transfer). */
function convertSets(sets: readonly DraftSet[], from: ExerciseDef, to: ExerciseDef): DraftSet[] {
  return sets.map((s) => {
    const next: DraftSet = { ...s, load: { ...s.load }, cues: [...s.cues] };
    if (to.dose === "time" && next.durationSec === null) {
      next.durationSec = clamp((next.reps ?? 10) * 4, 10, 120);
      next.reps = null;
    } else if (to.dose === "reps" && next.reps === null) {
      next.reps = clamp(Math.round((next.durationSec ?? 40) / 4), 5, 20);
      next.durationSec = null;
    }
    const rir = 10 - (effortOf(next) ?? 8);
    if (!to.loadable) next.load = { type: "bodyweight" };
    else if (next.load.type !== "percent_e1rm" && (next.load.type === "bodyweight" || from.id !== to.id)) {
      next.load =
        next.reps !== null
          ? { type: "percent_e1rm", percent: percentOfE1rm(next.reps, rir) }
          : { type: "bodyweight" };
    }
    return next;
  });
}

/** Clamps one set in place; returns what changed. */
function clampSet(set: DraftSet, phase: PhaseKind, def: ExerciseDef): string[] {
  const fixes: string[] = [];
  const working = isWorkingPhase(phase);
  if ((set.reps === null) === (set.durationSec === null)) {
    const timed = def.dose === "time";
    set.reps = timed ? null : (set.reps ?? 10);
    set.durationSec = timed ? (set.durationSec ?? 30) : null;
    fixes.push(timed ? "timed set" : "counted in reps");
  }
  if (set.reps !== null && set.reps !== clamp(set.reps, 1, 50)) {
    fixes.push(`reps ${set.reps} → ${clamp(set.reps, 1, 50)}`);
    set.reps = clamp(set.reps, 1, 50);
  }
  if (set.durationSec !== null && set.durationSec !== clamp(set.durationSec, 5, 1800)) {
    fixes.push(`${set.durationSec} s → ${clamp(set.durationSec, 5, 1800)} s`);
    set.durationSec = clamp(set.durationSec, 5, 1800);
  }
  const [rpeLo, rpeHi] = working ? [WORKING_RPE.min, WORKING_RPE.max] : [1, 10];
  if (set.targetRpe === null && set.targetRir === null) {
    set.targetRpe = working ? 8 : 4;
    fixes.push(`no effort target, RPE ${set.targetRpe}`);
  }
  if (set.targetRpe !== null) {
    const rpe = roundRpe(clamp(set.targetRpe, rpeLo, rpeHi));
    if (rpe !== set.targetRpe) fixes.push(`RPE ${set.targetRpe} → ${rpe}`);
    set.targetRpe = rpe;
  }
  if (set.targetRir !== null) {
    const rir = clamp(set.targetRir, 10 - rpeHi, 10 - rpeLo);
    const consistent = set.targetRpe === null ? rir : 10 - set.targetRpe;
    const next = Math.abs(rir - consistent) > 0.5 ? consistent : rir;
    if (next !== set.targetRir) fixes.push(`RIR ${set.targetRir} → ${next}`);
    set.targetRir = next;
  }
  const [restLo, restHi] = REST[phase];
  if (set.restSec !== clamp(set.restSec, restLo, restHi)) {
    fixes.push(`rest ${set.restSec} s → ${clamp(set.restSec, restLo, restHi)} s`);
    set.restSec = clamp(set.restSec, restLo, restHi);
  }
  if (set.load.type === "percent_e1rm" && set.load.percent !== clamp(set.load.percent, 20, 100)) {
    fixes.push(`${set.load.percent} % e1RM → ${clamp(set.load.percent, 20, 100)} %`);
    set.load = { type: "percent_e1rm", percent: clamp(set.load.percent, 20, 100) };
  }
  if (set.load.type === "kg" && set.load.kg !== clamp(set.load.kg, 0, 500)) {
    fixes.push(`${set.load.kg} kg → ${clamp(set.load.kg, 0, 500)} kg`);
    set.load = { type: "kg", kg: clamp(set.load.kg, 0, 500) };
  }
  return fixes;
}

function roleAndPriority(phase: PhaseKind, def: ExerciseDef, index: number): [Role, number] {
  if (phase === "main")
    return def.kind === "compound" && index < 3 ? ["primary", 100 - index] : ["accessory", 50 - index];
  if (phase === "intervals") return ["primary", 60 - index];
  return ["prep", index === 0 ? 90 : 20 - index];
}

function clampBpm(kind: PhaseKind, bpm: BpmRange, corrections: string[]): BpmRange {
  const lo = clamp(Math.min(bpm.min, bpm.max), ...BPM_BOUNDS);
  const hi = clamp(Math.max(bpm.min, bpm.max), ...BPM_BOUNDS);
  if (lo !== bpm.min || hi !== bpm.max) corrections.push(`${kind}: BPM ${bpm.min}–${bpm.max} → ${lo}–${hi}`);
  return { min: lo, max: hi };
}

export function clampPlan(plan: Plan, input: PlanInput, options: ClampOptions = {}): ClampResult {
  const corrections: string[] = [];
  const c: Constraints = {
    available: availableEquipment(input.profile.equipment),
    blocked: new Set([...input.profile.injuries, ...input.context.pain]),
    disliked: new Set(input.profile.dislikedExerciseIds),
  };
  const kinds = plan.phases.map((p) => p.kind);
  if (kinds.some((k, i) => i > 0 && PHASE_KINDS.indexOf(k) <= PHASE_KINDS.indexOf(kinds[i - 1]!))) {
    corrections.push("phases put in order (warm-up, main, intervals, cool-down), repeated phases merged");
  }
  const bpm = {} as Record<PhaseKind, BpmRange>;
  const drafts: Draft[] = [];
  for (const kind of PHASE_KINDS) {
    const phases = plan.phases.filter((p) => p.kind === kind);
    const first = phases[0];
    if (!first) continue;
    bpm[kind] = clampBpm(kind, first.bpm, corrections);
    phases
      .flatMap((p) => p.exercises)
      .forEach((e, index) => {
        let def = exerciseById(e.exerciseId);
        if (!def) {
          def = findExercise(e.exerciseId) ?? findExercise(e.name);
          if (!def) {
            corrections.push(`removed "${e.name}" (${e.exerciseId}): not in the exercise library`);
            return;
          }
          corrections.push(`"${e.exerciseId}" matched to library exercise ${def.id}`);
        }
        let sets: DraftSet[] = e.sets.map(({ id: _id, ...s }) => ({
          ...s,
          load: { ...s.load },
          cues: [...s.cues],
        }));
        let substitutesFor =
          e.substitutesFor !== null && exerciseById(e.substitutesFor) ? e.substitutesFor : null;
        if (e.substitutesFor !== null && substitutesFor === null)
          corrections.push(`${def.id}: unknown substitutesFor "${e.substitutesFor}" cleared`);
        if (!fits(def, c)) {
          const missing = def.equipment.filter((q) => !c.available.has(q));
          const hurts = def.regions.filter((r) => c.blocked.has(r));
          const why = [
            missing.length ? `needs ${missing.join(", ")}` : "",
            hurts.length ? `loads ${hurts.join(", ")}` : "",
          ]
            .filter(Boolean)
            .join(" and ")
            .replace(/_/g, " ");
          const sub = substituteFor(def, kind, c);
          if (!sub) {
            corrections.push(`removed ${def.names.en}: ${why}, no safe substitute`);
            return;
          }
          corrections.push(`${def.names.en} → ${sub.names.en}: ${why}`);
          sets = convertSets(sets, def, sub);
          substitutesFor = def.id;
          def = sub;
        }
        const fixes = new Set(sets.flatMap((s) => clampSet(s, kind, def)));
        if (fixes.size > 0) corrections.push(`${def.names.en}: ${[...fixes].join(", ")}`);
        const [role, priority] = roleAndPriority(kind, def, index);
        drafts.push({ phase: kind, def, role, priority, substitutesFor, sets, loadIncreasedFromKg: null });
      });
  }
  const budget = input.profile.sessionMinutes * 60;
  const fitted = cloneDrafts(drafts);
  for (const step of trimToFit(fitted, budget, { intervals: intervalTrimOrder(input.profile.goal) })) {
    corrections.push(`to fit ${input.profile.sessionMinutes} min, ${step.replace(/^time: /, "")}`);
  }
  const phases = toPhases(fitted, options.locale ?? "en", { ...DEFAULT_PHASE_BPM, ...bpm });
  const estimatedMinutes = estimatePlanMinutes({ phases });
  if (estimatedMinutes !== plan.estimatedMinutes) {
    corrections.push(`estimatedMinutes ${plan.estimatedMinutes} → ${estimatedMinutes}`);
  }
  return { plan: { ...plan, phases, estimatedMinutes }, corrections };
}
