// Session Mix v1: candidates (recently played, top tracks, past mixes) → per-phase targets → scores → a playlist
// ordered by phase, each track with its "why", each phase filled or its shortfall explained.
import { MUSIC_PHASES, type MixMode, type MusicPhase } from "../documents/music.js";
import { round1, type BpmRelation } from "./bpm.js";
import { FALLBACK_POOL } from "./fallback-pool.js";
import { emptyHistory, type MixHistory } from "./history.js";
import {
  staticScore,
  varietyPoints,
  varietyTerm,
  whyLine,
  type ScoreContext,
  type ScoreTerm,
  type StaticScore,
} from "./score.js";
import type { Readiness } from "./signals.js";
import { phaseTargets, type PhaseTarget, type TargetsInput } from "./targets.js";
import type { CandidateSource, CandidateTrack, TempoSourceKind } from "./types.js";

export interface SessionMixOptions {
  /** The account's "BPM matching by workout phase" setting (default on). Off: the BPM term is not scored. */
  bpmMatching?: boolean;
  /** The music preference `allowExplicit` (default true). */
  allowExplicit?: boolean;
  /** At most this share of a phase from tracks of unknown tempo before the fallback pool is tried (default 0.5). */
  maxUnknownTempoShare?: number;
  /** A phase counts as filled at this share of its length (default 0.9). */
  minCoverage?: number;
  /** Replaces the curated fallback pool (tests). */
  fallbackPool?: readonly CandidateTrack[];
  /** "Now" in ms since the epoch; pass it for reproducible results. */
  now?: number;
}

export interface SessionMixInput extends TargetsInput {
  candidates: readonly CandidateTrack[];
  history?: MixHistory | null;
  options?: SessionMixOptions;
}

export interface MixTrack {
  uri: string;
  name: string;
  artists: readonly string[];
  durationMs: number;
  source: CandidateSource;
  bpm: number | null;
  tempoSource: TempoSourceKind | null;
  energy: number | null;
  relation: BpmRelation | null;
  effectiveBpm: number | null;
  score: number;
  /** The "why this track" breakdown: every term with its points and reason. */
  terms: ScoreTerm[];
  why: string;
  /** False for generated beats, which the Cadence player plays itself. */
  onSpotify: boolean;
}

export interface ShortfallCounts {
  /** Your tracks whose known tempo fits this phase (directly or in half/double time). */
  knownFit: number;
  /** Your tracks without a known tempo (usable up to the unknown-tempo share). */
  unknownTempo: number;
  /** Your tracks whose known tempo fits no way. */
  outOfRange: number;
  /** Left out because explicit tracks are off. */
  explicitExcluded: number;
  /** Fitting tracks another phase of this mix took. */
  usedElsewhere: number;
  /** Generated beats that fit this phase. */
  fallbackFit: number;
}

/**
 * Why a phase could not be filled, as codes (the client words them with `counts`): fitting tracks ran short
 * (always), another phase took some, some have no known tempo, some are too slow or fast, explicit tracks are off,
 * the generated beats of that tempo are all in (always).
 */
export type ShortfallReason =
  | "few_fitting_tracks"
  | "taken_by_other_phases"
  | "unknown_tempo"
  | "out_of_range"
  | "explicit_off"
  | "beat_pool_exhausted";

export interface PhaseShortfall {
  missingSeconds: number;
  reasons: ShortfallReason[];
  /** What to do: find tempos and music at this tempo (`tempo`), or, with BPM matching off, play more (`listen`). */
  advice: "tempo" | "listen";
  /** The shortfall in English. */
  text: string;
}

export interface PhaseMix extends PhaseTarget {
  tracks: MixTrack[];
  filledSeconds: number;
  filled: boolean;
  fallbackCount: number;
  unknownTempoCount: number;
  /** Unknown-tempo tracks taken beyond the usual share of the phase, because nothing else fit. */
  beyondShareCount: number;
  counts: ShortfallCounts;
  /** Why the phase could not be filled, or null. */
  shortfall: PhaseShortfall | null;
  /**
   * What else a person should know about this phase (fallback beats used, unknown-tempo tracks...), in English;
   * the same facts are `fallbackCount`, `unknownTempoCount` and `beyondShareCount`.
   */
  notes: string[];
}

export interface SessionMix {
  version: 1;
  mode: MixMode;
  generatedAt: string;
  readiness: Readiness;
  phases: PhaseMix[];
  totals: {
    tracks: number;
    seconds: number;
    fromLibrary: number;
    fromFallback: number;
    withoutTempo: number;
    phasesFilled: number;
  };
}

interface Eligible {
  track: CandidateTrack;
  s: StaticScore;
  unknown: boolean;
}

const PHASE_NAMES: Readonly<Record<MusicPhase, string>> = {
  warmup: "warm-up",
  main: "main set",
  intervals: "intervals",
  cooldown: "cool-down",
};

/** Merges duplicates (the same uri from recently played and top tracks): earliest source, best facts. */
export function mergeCandidates(candidates: readonly CandidateTrack[]): CandidateTrack[] {
  const byUri = new Map<string, CandidateTrack>();
  for (const c of candidates) {
    const seen = byUri.get(c.uri);
    if (!seen) {
      byUri.set(c.uri, { ...c });
      continue;
    }
    if (c.lastPlayedAt !== null && (seen.lastPlayedAt === null || c.lastPlayedAt > seen.lastPlayedAt))
      seen.lastPlayedAt = c.lastPlayedAt;
    if (c.topRank !== null && (seen.topRank === null || c.topRank < seen.topRank)) seen.topRank = c.topRank;
    if (seen.bpm === null && c.bpm !== null) {
      seen.bpm = c.bpm;
      seen.tempoSource = c.tempoSource;
    }
    if (seen.energy === null && c.energy !== null) seen.energy = c.energy;
  }
  return [...byUri.values()];
}

/** Builds the mix. Pure and deterministic for the same input and `options.now`. */
export function buildSessionMix(input: SessionMixInput): SessionMix {
  const o = input.options ?? {};
  const now = o.now ?? Date.now();
  const bpmMatching = o.bpmMatching ?? true;
  const allowExplicit = o.allowExplicit ?? true;
  const unknownShare = Math.min(1, Math.max(0, o.maxUnknownTempoShare ?? 0.5));
  const minCoverage = Math.min(1, Math.max(0.1, o.minCoverage ?? 0.9));
  const ctx: ScoreContext = { history: input.history ?? emptyHistory(), now, bpmMatching };
  const { phases: targets, readiness } = phaseTargets(input);
  const library = mergeCandidates(
    input.candidates.filter((c) => c.source !== "fallback" && c.durationMs >= 30_000),
  );
  const pool = mergeCandidates(o.fallbackPool ?? FALLBACK_POOL);

  const poolCtx: ScoreContext = { ...ctx, bpmMatching: true };
  // Per phase: who may play, with the static part of their score (numbers only; picks are explained below).
  const prepared = targets.map((phase) => {
    const counts: ShortfallCounts = {
      knownFit: 0,
      unknownTempo: 0,
      outOfRange: 0,
      explicitExcluded: 0,
      usedElsewhere: 0,
      fallbackFit: 0,
    };
    const eligible: Eligible[] = [];
    for (const track of library) {
      if (track.explicit && !allowExplicit) {
        counts.explicitExcluded++;
        continue;
      }
      const s = staticScore(track, phase, ctx, false);
      const unknown = track.bpm === null;
      if (unknown) counts.unknownTempo++;
      else if (s.fit) counts.knownFit++;
      else {
        counts.outOfRange++;
        if (bpmMatching) continue;
      }
      eligible.push({ track, s, unknown: bpmMatching && unknown });
    }
    const fallback: Eligible[] = [];
    for (const track of pool) {
      const s = staticScore(track, phase, poolCtx, false);
      if (s.fit) fallback.push({ track, s, unknown: false });
    }
    counts.fallbackFit = fallback.length;
    return { phase, counts, eligible, fallback };
  });

  // Scarcest phase first, so a phase with few fitting tracks is not starved by a phase with many.
  const order = [...prepared].sort(
    (a, b) =>
      a.counts.knownFit - b.counts.knownFit ||
      MUSIC_PHASES.indexOf(a.phase.kind) - MUSIC_PHASES.indexOf(b.phase.kind),
  );
  const used = new Set<string>();
  const artistCount = new Map<string, number>();
  const results = new Map<PhaseTarget, PhaseMix>();

  for (const { phase, counts, eligible, fallback } of order) {
    const needed = phase.neededSeconds;
    const cap = unknownShare * needed;
    const picks: MixTrack[] = [];
    const notes: string[] = [];
    let filled = 0;
    let unknownSeconds = 0;
    let beyondCap = 0;

    const repeatsOf = (track: CandidateTrack) => {
      let repeats = 0;
      for (const a of track.artists) repeats += artistCount.get(a) ?? 0;
      return repeats;
    };
    const pick = (pool: readonly Eligible[], allowUnknown: (sec: number) => boolean): boolean => {
      let best: Eligible | null = null;
      let bestScore = -Infinity;
      for (const e of pool) {
        if (used.has(e.track.uri)) continue;
        if (e.unknown && !allowUnknown(unknownSeconds)) continue;
        const score = e.s.subtotal + varietyPoints(e.track, e.s, repeatsOf(e.track));
        if (best === null || score > bestScore || (score === bestScore && e.track.uri < best.track.uri)) {
          best = e;
          bestScore = score;
        }
      }
      if (!best) return false;
      const e = best;
      const score = bestScore;
      // Explain the pick: the same terms, now with their reasons.
      const explained = staticScore(e.track, phase, e.track.source === "fallback" ? poolCtx : ctx, true);
      const variety = varietyTerm(e.track, explained, repeatsOf(e.track), now, ctx.history);
      used.add(e.track.uri);
      if (e.track.source !== "fallback")
        for (const a of e.track.artists) artistCount.set(a, (artistCount.get(a) ?? 0) + 1);
      filled += e.track.durationMs / 1000;
      if (e.unknown) unknownSeconds += e.track.durationMs / 1000;
      const terms = [...explained.terms, variety];
      picks.push({
        uri: e.track.uri,
        name: e.track.name,
        artists: e.track.artists,
        durationMs: e.track.durationMs,
        source: e.track.source,
        bpm: e.track.bpm,
        tempoSource: e.track.tempoSource,
        energy: e.track.energy,
        relation: e.s.fit?.relation ?? null,
        effectiveBpm: e.s.fit ? round1(e.s.fit.effectiveBpm) : null,
        score: round1(score),
        terms: terms.map((t) => ({ ...t, points: round1(t.points) })),
        why: whyLine(terms),
        onSpotify: e.track.source !== "fallback",
      });
      return true;
    };

    // 1. Your tracks: known-tempo fits, plus unknown-tempo tracks up to the share.
    while (filled < needed && pick(eligible, (sec) => sec < cap));
    // 2. Generated beats of the right tempo.
    const beforeFallback = picks.length;
    while (filled < needed && pick(fallback, () => true));
    const fallbackCount = picks.length - beforeFallback;
    // 3. Last resort: more of your unknown-tempo tracks, beyond the share.
    const beforeBeyond = picks.length;
    if (bpmMatching) while (filled < needed && pick(eligible, () => true));
    beyondCap = picks.length - beforeBeyond;

    counts.usedElsewhere = eligible.filter(
      (e) => used.has(e.track.uri) && !picks.some((p) => p.uri === e.track.uri),
    ).length;
    const unknownTempoCount = picks.filter((p) => p.bpm === null).length;
    if (fallbackCount > 0) {
      notes.push(
        `${fallbackCount} generated beat${fallbackCount === 1 ? "" : "s"} of the right tempo fill${fallbackCount === 1 ? "s" : ""} the gap; Cadence plays ${fallbackCount === 1 ? "it" : "them"} itself (not in Spotify).`,
      );
    }
    if (unknownTempoCount > 0) {
      notes.push(
        `${unknownTempoCount} track${unknownTempoCount === 1 ? " has" : "s have"} no known tempo and ${unknownTempoCount === 1 ? "was" : "were"} scored without the BPM term${beyondCap ? `; ${beyondCap} of them beyond the usual half of the phase, because nothing else fit` : ""}. Tap along to add a tempo.`,
      );
    }
    const isFilled = filled >= minCoverage * needed;
    const shortfall = isFilled
      ? null
      : {
          missingSeconds: Math.round(needed - filled),
          reasons: shortfallReasons(counts, allowExplicit),
          advice: bpmMatching ? ("tempo" as const) : ("listen" as const),
          text: shortfallText(phase, filled, counts, bpmMatching, allowExplicit),
        };
    results.set(phase, {
      ...phase,
      tracks: orderWithinPhase(phase.kind, picks),
      filledSeconds: Math.round(filled),
      filled: isFilled,
      fallbackCount,
      unknownTempoCount,
      beyondShareCount: beyondCap,
      counts,
      shortfall,
      notes,
    });
  }

  const phases = targets.map((t) => results.get(t)!);
  const all = phases.flatMap((p) => p.tracks);
  return {
    version: 1,
    mode: input.mode,
    generatedAt: new Date(now).toISOString(),
    readiness,
    phases,
    totals: {
      tracks: all.length,
      seconds: Math.round(all.reduce((s, t) => s + t.durationMs / 1000, 0)),
      fromLibrary: all.filter((t) => t.source !== "fallback").length,
      fromFallback: all.filter((t) => t.source === "fallback").length,
      withoutTempo: all.filter((t) => t.bpm === null).length,
      phasesFilled: phases.filter((p) => p.filled).length,
    },
  };
}

/** Warm-up builds up (slowest first), cool-down winds down (fastest first); main and intervals keep score order. */
function orderWithinPhase(kind: MusicPhase, picks: MixTrack[]): MixTrack[] {
  if (kind !== "warmup" && kind !== "cooldown") return picks;
  const dir = kind === "warmup" ? 1 : -1;
  return [...picks].sort((a, b) => {
    if (a.effectiveBpm === null || b.effectiveBpm === null) {
      if (a.effectiveBpm === b.effectiveBpm) return 0;
      // Unknown tempo: at the gentle end (start of a warm-up, end of a cool-down).
      return (a.effectiveBpm === null ? -1 : 1) * dir;
    }
    return (a.effectiveBpm - b.effectiveBpm) * dir;
  });
}

function minutes(seconds: number): string {
  return `${Math.round(seconds / 60)} min`;
}

function shortfallReasons(c: ShortfallCounts, allowExplicit: boolean): ShortfallReason[] {
  const reasons: ShortfallReason[] = ["few_fitting_tracks"];
  if (c.usedElsewhere) reasons.push("taken_by_other_phases");
  if (c.unknownTempo) reasons.push("unknown_tempo");
  if (c.outOfRange) reasons.push("out_of_range");
  if (!allowExplicit && c.explicitExcluded) reasons.push("explicit_off");
  reasons.push("beat_pool_exhausted");
  return reasons;
}

function shortfallText(
  phase: PhaseTarget,
  filled: number,
  c: ShortfallCounts,
  bpmMatching: boolean,
  allowExplicit: boolean,
): string {
  const parts = [
    `The ${PHASE_NAMES[phase.kind]} has ${minutes(filled)} of ${minutes(phase.neededSeconds)}.`,
    `${c.knownFit} of your tracks have a known tempo that fits ${phase.range.min}–${phase.range.max} BPM (counting half and double time)` +
      (c.usedElsewhere ? `, ${c.usedElsewhere} of them went to another phase` : "") +
      `; ${c.unknownTempo} have no known tempo; ${c.outOfRange} are too slow or too fast` +
      (!allowExplicit && c.explicitExcluded ? `; ${c.explicitExcluded} explicit tracks are off` : "") +
      ".",
    `All ${c.fallbackFit} generated beats of that tempo are already in.`,
    bpmMatching
      ? "Play more music you like at this tempo, tap the tempo of a few favourites, or set up a tempo provider, then generate again."
      : "Play more music on Spotify, then generate again.",
  ];
  return parts.join(" ");
}
