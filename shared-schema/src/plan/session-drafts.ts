// Drafting today's session: the template's slots filled from the library (equipment, injuries, likes,
// soreness), loads from progression, the interval block, and a warm-up and cool-down matched to the work.
import type { Draft, DraftSet, Role } from "./draft.js";
import { exerciseById, type ExerciseDef } from "./exercises.js";
import {
  bodyweightScheme,
  MAX_BASE_SETS,
  percentOfE1rm,
  PREP,
  rirOf,
  type Prescription,
} from "./prescription.js";
import { progress, type HistoryEntry } from "./progression.js";
import type { Notes } from "./rationale.js";
import type { Load, PlanInput } from "./schema.js";
import {
  CALM,
  chooseForSlot,
  chooseFromList,
  COOLDOWN_CARDIO,
  CORE_DRILLS,
  intervalPreferences,
  LOWER_DRILLS,
  LOWER_STRETCHES,
  trainsLowerBody,
  UPPER_DRILLS,
  UPPER_STRETCHES,
  WARMUP_CARDIO,
  type Emphasis,
  type SelectionContext,
  type Slot,
} from "./selection.js";

const BW: Load = { type: "bodyweight" };

export function emphasisFor(input: PlanInput, notes: Notes): Emphasis {
  const { focus, soreness } = input.context;
  const named = (["posterior_chain", "upper_body", "lower_body"] as const).find((f) => focus.includes(f));
  if (named) {
    notes.rules.push({
      id: `focus.${named}`,
      text: `Focus ${named.replace("_", " ")}: today's template follows it`,
    });
    return named;
  }
  if ((soreness.legs ?? 0) >= 5) {
    notes.rules.push({
      id: "soreness.switch",
      text: "Legs very sore: upper-body session today, legs recover",
    });
    return "upper_body";
  }
  const upperSore = Math.max(
    soreness.chest ?? 0,
    soreness.shoulders ?? 0,
    soreness.back ?? 0,
    soreness.arms ?? 0,
  );
  if (upperSore >= 5 && (soreness.legs ?? 0) < 4) {
    notes.rules.push({ id: "soreness.switch", text: "Upper body very sore: lower-body session today" });
    return "lower_body";
  }
  return "full_body";
}

export function mainDrafts(
  slots: readonly Slot[],
  sel: SelectionContext,
  used: Set<string>,
  rx: Prescription,
  history: ReadonlyMap<string, HistoryEntry[]>,
  notes: Notes,
): Draft[] {
  const out: Draft[] = [];
  slots.forEach((slot, i) => {
    const choice = chooseForSlot(slot, sel, used);
    if (!choice) {
      if (slot.role === "primary") {
        notes.rules.push({
          id: "selection.none",
          text: `No ${slot.patterns.join("/").replace(/_/g, " ")} exercise fits today's equipment and injuries`,
        });
      }
      return;
    }
    used.add(choice.def.id);
    if (choice.substitutesFor !== null) {
      const wanted = exerciseById(choice.substitutesFor)?.names.en ?? choice.substitutesFor;
      notes.rules.push({
        id: "injury.swap",
        text: `${wanted} → ${choice.def.names.en}: keeps load off the ${choice.swappedFor.join(", ").replace(/_/g, " ")}`,
      });
    }
    out.push(
      workingDraft(choice.def, slot.role, i, out.length === 0, choice.substitutesFor, rx, history, notes),
    );
  });
  return out;
}

function workingDraft(
  def: ExerciseDef,
  role: Slot["role"],
  index: number,
  first: boolean,
  substitutesFor: string | null,
  rx: Prescription,
  history: ReadonlyMap<string, HistoryEntry[]>,
  notes: Notes,
): Draft {
  const base = role === "primary" ? rx.primary : rx.accessory;
  const scheme = !def.loadable && def.dose === "reps" ? bodyweightScheme(base) : base;
  const past = history.get(def.id) ?? [];
  const prog = progress(def, past, scheme, rx.linear, rx.holdSec);
  if (prog.note !== null) notes.rules.push({ id: `progression.${prog.kind}`, text: prog.note });
  const rir = rirOf(scheme.rpe);
  const cues: string[] = [];
  if (first && def.loadable) cues.push("Ramp up with 2–3 lighter sets before the first working set");
  let load: Load = BW;
  if (def.loadable && prog.kg !== null) load = { type: "kg", kg: prog.kg };
  else if (def.loadable && def.dose === "reps" && prog.reps !== null) {
    load = { type: "percent_e1rm", percent: percentOfE1rm(prog.reps, rir) };
    cues.push(`Pick a load you could lift about ${prog.reps + rir} times`);
  } else if (def.loadable) {
    const lastKg = Math.max(0, ...(past[past.length - 1]?.sets ?? []).map((s) => s.weightKg ?? 0));
    if (lastKg > 0) load = { type: "kg", kg: lastKg };
    else cues.push("Heavy enough that the last seconds are hard, posture stays tall");
  }
  if (prog.kind === "hold_top") cues.push("Top of the range: slow the tempo or pick a harder variation");
  const set: DraftSet = {
    reps: prog.reps,
    durationSec: prog.durationSec,
    load,
    targetRpe: scheme.rpe,
    targetRir: rir,
    restSec: scheme.restSec,
    cues: [],
  };
  const count = Math.min(MAX_BASE_SETS, scheme.sets);
  return {
    phase: "main",
    def,
    role,
    priority: (role === "primary" ? 100 : 50) - index,
    substitutesFor,
    sets: Array.from({ length: count }, (_, j) => ({ ...set, load: { ...load }, cues: j === 0 ? cues : [] })),
    loadIncreasedFromKg: prog.increasedFromKg,
  };
}

export function intervalDrafts(
  input: PlanInput,
  rx: Prescription,
  sel: SelectionContext,
  used: Set<string>,
  notes: Notes,
): Draft[] {
  const cardioFocus = input.context.focus.includes("cardio");
  const base = rx.intervals ?? (cardioFocus ? { workSec: 30, restSec: 30, rounds: 6, rpe: 8 } : null);
  if (!base) return [];
  const p = cardioFocus && rx.intervals ? { ...base, rounds: Math.min(10, base.rounds + 2) } : base;
  if (cardioFocus)
    notes.rules.push({ id: "focus.cardio", text: `Cardio focus: ${p.rounds} interval rounds` });
  const def = chooseFromList(
    intervalPreferences(input.profile.goal, (input.context.soreness.legs ?? 0) >= 4),
    "intervals",
    sel,
    used,
  );
  if (!def) {
    notes.rules.push({
      id: "selection.none",
      text: "No interval exercise fits today's equipment and injuries",
    });
    return [];
  }
  used.add(def.id);
  const set: DraftSet = {
    reps: null,
    durationSec: p.workSec,
    load: BW,
    targetRpe: p.rpe,
    targetRir: rirOf(p.rpe),
    restSec: p.restSec,
    cues: [],
  };
  const priority = input.profile.goal === "endurance" ? 90 : input.profile.goal === "fat_loss" ? 80 : 40;
  return [
    {
      phase: "intervals",
      def,
      role: "primary",
      priority,
      substitutesFor: null,
      sets: Array.from({ length: p.rounds }, (_, j) => ({
        ...set,
        load: { ...BW },
        cues: j === 0 ? [`${p.workSec} s hard, ${p.restSec} s easy`] : [],
      })),
      loadIncreasedFromKg: null,
    },
  ];
}

function prepDraft(
  phase: "warmup" | "cooldown",
  def: ExerciseDef,
  priority: number,
  seconds: number,
  rpe: number,
): Draft {
  const timed = def.dose === "time";
  const set: DraftSet = {
    reps: timed ? null : PREP.drillReps,
    durationSec: timed ? seconds : null,
    load: BW,
    targetRpe: rpe,
    targetRir: null,
    restSec: phase === "warmup" ? PREP.drillRestSec : 0,
    cues: [],
  };
  const role: Role = "prep";
  return { phase, def, role, priority, substitutesFor: null, sets: [set], loadIncreasedFromKg: null };
}

function pickInto(
  out: Draft[],
  ids: readonly string[],
  phase: "warmup" | "cooldown",
  sel: SelectionContext,
  used: Set<string>,
  make: (d: ExerciseDef) => Draft,
): void {
  const def = chooseFromList(ids, phase, sel, used);
  if (!def) return;
  used.add(def.id);
  out.push(make(def));
}

function trainedHalves(main: readonly Draft[]): { lower: boolean; upper: boolean } {
  const lower = main.some((d) => trainsLowerBody(d.def));
  const upper = main.some(
    (d) => !trainsLowerBody(d.def) && !d.def.pattern.startsWith("core") && d.def.pattern !== "carry",
  );
  return { lower, upper };
}

export function warmupDrafts(
  main: readonly Draft[],
  sel: SelectionContext,
  used: Set<string>,
  minutes: number,
): Draft[] {
  const out: Draft[] = [];
  const cardioSec = minutes < 30 ? PREP.shortCardioSec : PREP.cardioSec;
  pickInto(out, WARMUP_CARDIO, "warmup", sel, used, (d) =>
    prepDraft("warmup", d, 90, cardioSec, PREP.warmupRpe),
  );
  const { lower, upper } = trainedHalves(main);
  const lists =
    lower && upper
      ? [LOWER_DRILLS, UPPER_DRILLS]
      : lower
        ? [LOWER_DRILLS, LOWER_DRILLS]
        : upper
          ? [UPPER_DRILLS, UPPER_DRILLS]
          : [CORE_DRILLS, CORE_DRILLS];
  lists.forEach((ids, i) =>
    pickInto(out, ids, "warmup", sel, used, (d) => prepDraft("warmup", d, 20 - i, PREP.drillSec, 3)),
  );
  if (out.length === 0) pickInto(out, CALM, "warmup", sel, used, (d) => prepDraft("warmup", d, 90, 120, 2));
  return out;
}

export function cooldownDrafts(
  main: readonly Draft[],
  hadIntervals: boolean,
  sel: SelectionContext,
  used: Set<string>,
): Draft[] {
  const out: Draft[] = [];
  if (hadIntervals) {
    pickInto(out, COOLDOWN_CARDIO, "cooldown", sel, used, (d) =>
      prepDraft("cooldown", d, 30, PREP.cooldownCardioSec, 3),
    );
  }
  const { lower, upper } = trainedHalves(main);
  const lists =
    lower && upper
      ? [LOWER_STRETCHES, UPPER_STRETCHES]
      : upper
        ? [UPPER_STRETCHES, UPPER_STRETCHES]
        : [LOWER_STRETCHES, LOWER_STRETCHES];
  lists.forEach((ids, i) =>
    pickInto(out, ids, "cooldown", sel, used, (d) =>
      prepDraft("cooldown", d, 10 - i, PREP.stretchSec, PREP.cooldownRpe),
    ),
  );
  if (out.length === 0)
    pickInto(out, CALM, "cooldown", sel, used, (d) => prepDraft("cooldown", d, 10, 120, 1));
  return out;
}
