// Context and recovery signals → one readiness number that moves the mix's targets inside each phase's range.
import type { ContextEntry } from "../documents/context.js";

/**
 * Today's signals, all optional. Scales are 1–5 and mean "how much of it" (energy 5 = lots, stress 5 = very
 * stressed, soreness 5 = very sore), as in the context journal and the planner's context. `recovery` is the recovery
 * slider (-1 poor, 0 normal, 1 excellent); `hrvScore` / `sleepScore` are 0–100 (simulated in phase 1).
 * A planner `PlanContext` plus `RecoveryInput` fit this shape (see `signalsFromPlanInput`).
 */
export interface MixSignals {
  energy?: number | null;
  mood?: number | null;
  motivation?: number | null;
  stress?: number | null;
  sleepQuality?: number | null;
  sleepHours?: number | null;
  soreness?: number | null;
  recovery?: number | null;
  hrvScore?: number | null;
  sleepScore?: number | null;
}

export interface ReadinessPart {
  id: keyof MixSignals;
  /** What the person said (e.g. energy 2 of 5, 6.5 hours of sleep, recovery −1). */
  raw: number;
  /** -1 (pulls targets down) … 1 (pushes them up). */
  value: number;
  weight: number;
}

export interface Readiness {
  /** -1 … 1; 0 when nothing was said. */
  value: number;
  parts: ReadinessPart[];
  /** Which way the targets move: `none` when no signal was given. */
  direction: "none" | "mid" | "lower" | "upper";
  /** The readiness in English. */
  text: string;
}

/** Weights of each signal in the readiness average. Energy and the recovery slider matter most. */
export const READINESS_WEIGHTS: Readonly<Record<keyof MixSignals, number>> = {
  energy: 3,
  recovery: 3,
  hrvScore: 1.5,
  sleepScore: 1,
  sleepHours: 1,
  sleepQuality: 1,
  mood: 1,
  motivation: 1,
  stress: 1,
  soreness: 1,
};
/** Below this total weight the readiness is scaled down: one weak signal alone moves targets only a little. */
const FULL_CONFIDENCE_WEIGHT = 3;

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
const valid = (v: number | null | undefined): v is number => typeof v === "number" && Number.isFinite(v);

function partValue(id: keyof MixSignals, v: number): number {
  switch (id) {
    case "energy":
    case "mood":
    case "motivation":
    case "sleepQuality":
      return clamp((v - 3) / 2, -1, 1);
    case "stress":
    case "soreness":
      return clamp(-(v - 3) / 2, -1, 1);
    case "sleepHours":
      return clamp((v - 7) / 2, -1, 1);
    case "recovery":
      return clamp(v, -1, 1);
    case "hrvScore":
    case "sleepScore":
      return clamp((v - 50) / 50, -1, 1);
  }
}

const LABELS: Readonly<Record<keyof MixSignals, (v: number) => string>> = {
  energy: (v) => `energy ${v}/5`,
  mood: (v) => `mood ${v}/5`,
  motivation: (v) => `motivation ${v}/5`,
  stress: (v) => `stress ${v}/5`,
  sleepQuality: (v) => `sleep quality ${v}/5`,
  sleepHours: (v) => `${v} h sleep`,
  soreness: (v) => `soreness ${v}/5`,
  recovery: (v) => `recovery ${v < 0 ? "poor" : v > 0 ? "excellent" : "normal"}`,
  hrvScore: (v) => `HRV score ${v}`,
  sleepScore: (v) => `sleep score ${v}`,
};

/**
 * Readiness = the weighted mean of the signals given (each mapped to -1…1), scaled by min(1, total weight / 3) so a
 * single minor signal cannot swing the mix. Deterministic and explained.
 */
export function readinessOf(signals: MixSignals | null | undefined): Readiness {
  const parts: ReadinessPart[] = [];
  let sum = 0;
  let weights = 0;
  for (const id of Object.keys(READINESS_WEIGHTS) as Array<keyof MixSignals>) {
    const raw = signals?.[id];
    if (!valid(raw)) continue;
    const value = partValue(id, raw);
    const weight = READINESS_WEIGHTS[id];
    parts.push({ id, raw, value, weight });
    sum += value * weight;
    weights += weight;
  }
  if (weights === 0)
    return {
      value: 0,
      parts,
      direction: "none",
      text: "No context or recovery signals today: targets sit mid-range.",
    };
  const value = clamp((sum / weights) * Math.min(1, weights / FULL_CONFIDENCE_WEIGHT), -1, 1);
  const said = parts.map((p) => LABELS[p.id](p.raw)).join(", ");
  const direction = Math.abs(value) < 0.05 ? "mid" : value < 0 ? "lower" : "upper";
  const words = {
    mid: "targets sit mid-range",
    lower: "targets move toward the lower end of each range",
    upper: "targets move toward the upper end of each range",
  }[direction];
  return { value, parts, direction, text: `Today: ${said}, so ${words}.` };
}

/** The signals of a context journal entry (its `signals`, the recovery slider and simulated scores). */
export function signalsFromContextEntry(entry: ContextEntry): MixSignals {
  return {
    energy: entry.signals.energy,
    mood: entry.signals.mood,
    stress: entry.signals.stress,
    soreness: entry.signals.soreness,
    sleepQuality: entry.signals.sleep,
    sleepHours: entry.signals.sleepHours,
    recovery: entry.recovery,
    hrvScore: entry.simulated?.hrvScore ?? null,
    sleepScore: entry.simulated?.sleepScore ?? null,
  };
}

/**
 * The signals of the planner's input (structurally: `PlanContext` and `RecoveryInput`), without importing the
 * planner. Soreness is the worst area reported.
 */
export function signalsFromPlanInput(
  context: {
    energy: number | null;
    mood: number | null;
    motivation?: number | null;
    stress: number | null;
    sleepQuality?: number | null;
    sleepHours: number | null;
    soreness?: Readonly<Record<string, number | null>> | null;
  } | null,
  recovery: { bias: number; hrvScore: number | null; sleepScore: number | null } | null,
): MixSignals {
  const sore = Object.values(context?.soreness ?? {}).filter(valid);
  return {
    energy: context?.energy ?? null,
    mood: context?.mood ?? null,
    motivation: context?.motivation ?? null,
    stress: context?.stress ?? null,
    sleepQuality: context?.sleepQuality ?? null,
    sleepHours: context?.sleepHours ?? null,
    soreness: sore.length ? Math.max(...sore) : null,
    recovery: recovery?.bias ?? null,
    hrvScore: recovery?.hrvScore ?? null,
    sleepScore: recovery?.sleepScore ?? null,
  };
}
