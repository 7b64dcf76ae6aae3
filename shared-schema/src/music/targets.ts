// Per-phase targets of a Session Mix: the BPM range (settings > plan > defaults), the point aimed at inside it
// (moved by readiness), the energy aimed at, and how long the phase lasts.
import {
  MUSIC_PHASES,
  defaultBpmTargets,
  type BpmTargets,
  type MixMode,
  type MusicPhase,
} from "../documents/music.js";
import { normalizeRange, round1 } from "./bpm.js";
import { readinessOf, type MixSignals, type Readiness } from "./signals.js";
import type { BpmRangeLike, MixPhaseInput } from "./types.js";

/** Spec defaults (Flow 11): warm-up 100–120, main 130–160, intervals 160–180, cool-down 80–100 BPM. */
export const DEFAULT_PHASE_RANGES: Readonly<Record<MusicPhase, BpmRangeLike>> = defaultBpmTargets();

/** Phase lengths when neither the plan nor the caller says. */
export const DEFAULT_PHASE_MINUTES: Readonly<Record<MusicPhase, number>> = {
  warmup: 8,
  main: 30,
  intervals: 12,
  cooldown: 8,
};
/** A recovery / cool-down-only mix without a plan lasts this long. */
export const RECOVERY_MODE_MINUTES = 15;

/** Energy (0–1) aimed at per phase; readiness moves it by up to ±0.1. */
export const PHASE_ENERGY: Readonly<Record<MusicPhase, number>> = {
  warmup: 0.55,
  main: 0.75,
  intervals: 0.9,
  cooldown: 0.3,
};

/** How far readiness moves the aim inside a range: position = 0.5 + 0.4 × readiness (0 = min, 1 = max). */
export const READINESS_SHIFT = 0.4;

export type RangeSource = "settings" | "plan" | "default";

export interface PhaseTarget {
  kind: MusicPhase;
  range: BpmRangeLike;
  rangeSource: RangeSource;
  /** The BPM aimed at, inside `range`. */
  target: number;
  /** The BPM aimed at with no signals (the middle of the range), to explain the shift. */
  neutralTarget: number;
  energy: number;
  neededSeconds: number;
  text: string;
}

export interface TargetsInput {
  mode: MixMode;
  /** The plan's phases (canonical order), when the mix follows a plan. */
  phases?: readonly MixPhaseInput[] | null;
  /** The music document's per-phase ranges (the user's settings). */
  bpmTargets?: BpmTargets | null;
  signals?: MixSignals | null;
}

const sameRange = (a: BpmRangeLike, b: BpmRangeLike) => {
  const x = normalizeRange(a);
  const y = normalizeRange(b);
  return x.min === y.min && x.max === y.max;
};

/** Which phases a mode covers, with the plan's values where the plan has that phase. */
export function phasesForMode(
  mode: MixMode,
  phases: readonly MixPhaseInput[] | null | undefined,
): MixPhaseInput[] {
  const byKind = new Map((phases ?? []).map((p) => [p.kind, p]));
  if (mode === "warmup") return [byKind.get("warmup") ?? { kind: "warmup" }];
  if (mode === "cooldown") {
    const planned = byKind.get("cooldown");
    return [planned ?? { kind: "cooldown", minutes: RECOVERY_MODE_MINUTES }];
  }
  if (phases && phases.length > 0) {
    return [...phases].sort((a, b) => MUSIC_PHASES.indexOf(a.kind) - MUSIC_PHASES.indexOf(b.kind));
  }
  return MUSIC_PHASES.filter((k) => k !== "intervals").map((kind) => ({ kind }));
}

/**
 * The targets of every phase in the mix. Range precedence: a range the user changed in settings (music document
 * `bpmTargets` differing from the defaults) > the plan's phase range > the defaults. Readiness (context and
 * recovery signals) moves the aimed-at BPM and energy within the range, never outside it.
 */
export function phaseTargets(input: TargetsInput): { phases: PhaseTarget[]; readiness: Readiness } {
  const readiness = readinessOf(input.signals);
  const position = 0.5 + READINESS_SHIFT * readiness.value;
  const phases = phasesForMode(input.mode, input.phases).map((p): PhaseTarget => {
    const settings = input.bpmTargets?.[p.kind];
    let range: BpmRangeLike;
    let rangeSource: RangeSource;
    if (settings && !sameRange(settings, DEFAULT_PHASE_RANGES[p.kind])) {
      range = normalizeRange(settings);
      rangeSource = "settings";
    } else if (p.bpm) {
      range = normalizeRange(p.bpm);
      rangeSource = "plan";
    } else {
      range = { ...DEFAULT_PHASE_RANGES[p.kind] };
      rangeSource = "default";
    }
    const neutralTarget = round1((range.min + range.max) / 2);
    const target = round1(range.min + position * (range.max - range.min));
    const energy = Math.min(1, Math.max(0, PHASE_ENERGY[p.kind] + 0.1 * readiness.value));
    const minutes =
      typeof p.minutes === "number" && Number.isFinite(p.minutes) && p.minutes > 0
        ? Math.min(240, p.minutes)
        : DEFAULT_PHASE_MINUTES[p.kind];
    const from =
      rangeSource === "settings" ? "your settings" : rangeSource === "plan" ? "the plan" : "the defaults";
    const shifted =
      target === neutralTarget ? "" : ` (${target > neutralTarget ? "up" : "down"} from ${neutralTarget})`;
    return {
      kind: p.kind,
      range,
      rangeSource,
      target,
      neutralTarget,
      energy: round1(energy * 100) / 100,
      neededSeconds: Math.round(minutes * 60),
      text: `${range.min}–${range.max} BPM from ${from}; aiming at ${target} BPM${shifted}.`,
    };
  });
  return { phases, readiness };
}
