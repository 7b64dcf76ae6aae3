// BPM classification: how well a tempo fits a phase's range, counting half and double time.
import { MUSIC_PHASES, type BpmTargets, type MusicPhase } from "../documents/music.js";
import type { BpmRangeLike } from "./types.js";

/**
 * `direct`: the track's tempo is in the range. `half_time`: the track runs at half the range's tempo (a 75 BPM song
 * for 150 steps a minute: two steps per beat). `double_time`: twice the range's tempo (a 170 BPM song for an 85 BPM
 * cool-down: one movement every two beats). Both count (training-science notes), with a small discount.
 */
export type BpmRelation = "direct" | "half_time" | "double_time";

export interface BpmFit {
  relation: BpmRelation;
  /** The tempo the phase feels: bpm, bpm × 2 (half time) or bpm ÷ 2 (double time). */
  effectiveBpm: number;
  /** 0–1: 1 at the phase's target, ≥ 0.5 anywhere inside the range, falling to 0 at the tolerance's edge. */
  fit: number;
  inRange: boolean;
  /** BPM from the range (0 inside it). */
  distance: number;
}

/** Tracks just outside a range still fit, with a falling score: this fraction of the range's edge. */
export const BPM_TOLERANCE = 0.05;
/** Half- and double-time fits are worth this much of a direct fit. */
export const HALF_DOUBLE_FACTOR = 0.85;

/** A range as readers must use it: crossed ranges (a possible merge result) are uncrossed. */
export function normalizeRange(range: BpmRangeLike): BpmRangeLike {
  return { min: Math.min(range.min, range.max), max: Math.max(range.min, range.max) };
}

function fitEffective(
  effective: number,
  range: BpmRangeLike,
  target: number,
): { fit: number; distance: number } {
  const { min, max } = range;
  if (effective >= min && effective <= max) {
    const half = Math.max(target - min, max - target, 1);
    return { fit: 1 - (0.5 * Math.abs(effective - target)) / half, distance: 0 };
  }
  const distance = effective < min ? min - effective : effective - max;
  const edge = effective < min ? min : max;
  const tolerance = Math.max(2, BPM_TOLERANCE * edge);
  if (distance > tolerance) return { fit: 0, distance };
  return { fit: 0.5 * (1 - distance / tolerance), distance };
}

/**
 * How `bpm` fits `range` (aiming at `target`, default the middle): the best of direct, half and double time, or
 * null when none is within the tolerance. Deterministic; prefers direct on ties.
 */
export function fitBpm(bpm: number, range: BpmRangeLike, target?: number): BpmFit | null {
  if (!Number.isFinite(bpm) || bpm <= 0) return null;
  const r = range.min <= range.max ? range : normalizeRange(range);
  const t = Math.min(r.max, Math.max(r.min, target ?? (r.min + r.max) / 2));
  let best: BpmFit | null = null;
  for (let i = 0; i < 3; i++) {
    const relation: BpmRelation = i === 0 ? "direct" : i === 1 ? "half_time" : "double_time";
    const effectiveBpm = i === 0 ? bpm : i === 1 ? bpm * 2 : bpm / 2;
    const { fit, distance } = fitEffective(effectiveBpm, r, t);
    if (fit <= 0 && distance > 0) continue;
    const scored = i === 0 ? fit : fit * HALF_DOUBLE_FACTOR;
    if (best === null || scored > best.fit + 1e-9) {
      best = { relation, effectiveBpm, fit: scored, inRange: distance === 0, distance };
    }
  }
  return best;
}

/** Karageorghis' tempo bands (slow 95–100, medium 115–120, fast 135–140, very fast 155–160), split at midpoints. */
export type TempoBand = "slow" | "medium" | "fast" | "very_fast";

export function tempoBand(bpm: number): TempoBand {
  if (bpm < 107.5) return "slow";
  if (bpm < 127.5) return "medium";
  if (bpm < 147.5) return "fast";
  return "very_fast";
}

export interface BpmClassification {
  bpm: number;
  band: TempoBand;
  /** The phase the tempo fits best, or null when it fits none. */
  bestPhase: MusicPhase | null;
  /** Every phase the tempo fits (directly, in half or in double time), best first. */
  fits: Array<{ phase: MusicPhase } & BpmFit>;
}

/** Which workout phases a tempo suits under `targets` (the music document's per-phase ranges). */
export function classifyBpm(bpm: number, targets: BpmTargets): BpmClassification {
  const fits: BpmClassification["fits"] = [];
  for (const phase of MUSIC_PHASES) {
    const fit = fitBpm(bpm, targets[phase]);
    if (fit) fits.push({ phase, ...fit });
  }
  fits.sort((a, b) => b.fit - a.fit || MUSIC_PHASES.indexOf(a.phase) - MUSIC_PHASES.indexOf(b.phase));
  return { bpm, band: tempoBand(bpm), bestPhase: fits[0]?.phase ?? null, fits };
}

/** "75 BPM counts as 150 (half time)" and friends, for explanations. */
export function describeFit(bpm: number, fit: BpmFit, range: BpmRangeLike): string {
  const r = normalizeRange(range);
  const where = fit.inRange
    ? `inside ${r.min}–${r.max}`
    : `${Math.round(fit.distance)} BPM outside ${r.min}–${r.max}`;
  const b = round1(bpm);
  if (fit.relation === "direct") return `${b} BPM, ${where}`;
  const feel = round1(fit.effectiveBpm);
  return fit.relation === "half_time"
    ? `${b} BPM counts as ${feel} (half time: two movements per beat), ${where}`
    : `${b} BPM counts as ${feel} (double time: one movement every two beats), ${where}`;
}

export function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
