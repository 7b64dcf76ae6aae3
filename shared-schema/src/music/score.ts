// Session Mix v1 score: a deterministic, explainable sum of six terms per (track, phase). No model, no randomness.
//
//   score = bpm + energy + phaseHistory + feedback + recency + variety
//
//   bpm          0…40   40 × fit (bpm.ts: 1 at the target, ≥ 0.5 inside the range, half/double time × 0.85);
//                       not scored (0) when the tempo is unknown or BPM matching is off
//   energy       0…15   15 × max(0, 1 − |energy − phase energy| / 0.4); not scored when energy is unknown
//   phaseHistory 0…10   10 × min(1, (past mixes that used it in this phase + 2 × finishes in this phase) / 4)
//   feedback   −20…20   20 × clamp((2·likes + finishes − 2·skips) / (likes + finishes + skips + 2), −1, 1)
//   recency      0…10   10 × max(e^(−days since played / 14), top-track affinity 0.8 × (1 − rank / 50) ≥ 0.2)
//   variety    −15…0    −8 × (1 − days since it was in a Session Mix / 7) for the last week's mixes,
//                       −4 per track by the same artist already in this mix; floor −15
import type { MusicPhase } from "../documents/music.js";
import { describeFit, fitBpm, normalizeRange, round1, type BpmFit, type BpmRelation } from "./bpm.js";
import type { MixHistory } from "./history.js";
import type { PhaseTarget } from "./targets.js";
import type { CandidateTrack, TempoSourceKind } from "./types.js";

export const SCORE_WEIGHTS = {
  bpm: 40,
  energy: 15,
  phaseHistory: 10,
  feedback: 20,
  recency: 10,
  variety: 15,
} as const;

export type ScoreTermId = keyof typeof SCORE_WEIGHTS;

/**
 * What a term's reason says, as data: the client words it in the person's language (`text` is the English wording,
 * for API clients and logs). Numbers are rounded as shown; days are whole days (0 = today).
 */
export type TermReason =
  | { kind: "bpm_unknown" }
  | { kind: "bpm_off"; bpm: number; tempoSource: TempoSourceKind | null }
  | { kind: "bpm_no_fit"; bpm: number; tempoSource: TempoSourceKind | null; min: number; max: number }
  | {
      kind: "bpm_fit";
      bpm: number;
      tempoSource: TempoSourceKind | null;
      relation: BpmRelation;
      effectiveBpm: number;
      inRange: boolean;
      /** BPM outside the range (0 inside it). */
      distance: number;
      min: number;
      max: number;
      target: number;
    }
  | { kind: "energy_unknown" }
  | { kind: "energy"; energy: number; aim: number; phase: MusicPhase }
  | { kind: "phase_history"; phase: MusicPhase; uses: number; finishes: number }
  | { kind: "feedback"; likes: number; completes: number; skips: number }
  | { kind: "recency"; generatedBeat: boolean; playedDaysAgo: number | null; topRank: number | null }
  | {
      kind: "variety";
      /** In a Session Mix within the last week: whole days ago (null: when is unknown) and the points it costs. */
      recentMix: { daysAgo: number | null; points: number } | null;
      /** Another track by the same artist already in this mix: this is the `nth` by `artist`. */
      artistRepeat: { artist: string | null; nth: number; points: number } | null;
    };

export interface ScoreTerm {
  id: ScoreTermId;
  /** Points this term adds (negative for penalties). */
  points: number;
  min: number;
  max: number;
  /** False when the term could not be computed (unknown tempo or energy) and contributes nothing. */
  scored: boolean;
  reason: TermReason;
  /** The reason in English. */
  text: string;
}

const DAY_MS = 86_400_000;
const ENERGY_SPAN = 0.4;
const RECENCY_DAYS = 14;
const TOP_TRACK_SPAN = 50;
const RECENT_MIX_DAYS = 7;
const RECENT_MIX_PENALTY = 8;
const ARTIST_REPEAT_PENALTY = 4;

const PHASE_NAMES = {
  warmup: "warm-up",
  main: "main set",
  intervals: "intervals",
  cooldown: "cool-down",
} as const;
const TEMPO_FROM: Readonly<Record<TempoSourceKind, string>> = {
  spotify: "Spotify's audio features",
  provider: "the tempo provider",
  user: "your tap or entry",
  file: "your audio file",
  pool: "the generated beat",
};

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
const r1 = round1;

// ------------------------------------------------------------------ the formulas (numbers only, used by both paths)

export function energyPoints(energy: number, aim: number): number {
  return SCORE_WEIGHTS.energy * Math.max(0, 1 - Math.abs(energy - aim) / ENERGY_SPAN);
}

function phaseHistoryCounts(
  track: CandidateTrack,
  phase: PhaseTarget,
  history: MixHistory,
): [number, number] {
  return [
    history.phaseUses.get(track.uri)?.[phase.kind] ?? 0,
    history.feedback.get(track.uri)?.completesByPhase[phase.kind] ?? 0,
  ];
}

export function phaseHistoryPoints(uses: number, finishes: number): number {
  return SCORE_WEIGHTS.phaseHistory * Math.min(1, (uses + 2 * finishes) / 4);
}

export function feedbackPoints(c: { likes: number; completes: number; skips: number } | undefined): number {
  if (!c || c.likes + c.completes + c.skips === 0) return 0;
  return (
    SCORE_WEIGHTS.feedback *
    clamp((2 * c.likes + c.completes - 2 * c.skips) / (c.likes + c.completes + c.skips + 2), -1, 1)
  );
}

export function recencyPoints(track: CandidateTrack, now: number): number {
  if (track.source === "fallback") return 0;
  let value = 0;
  if (track.lastPlayedAt !== null)
    value = Math.exp(-Math.max(0, (now - track.lastPlayedAt) / DAY_MS) / RECENCY_DAYS);
  if (track.topRank !== null)
    value = Math.max(value, clamp(0.8 * (1 - track.topRank / TOP_TRACK_SPAN), 0.2, 0.8));
  return SCORE_WEIGHTS.recency * value;
}

export function recentMixPoints(track: CandidateTrack, history: MixHistory, now: number): number {
  const mixedAt = history.lastMixedAt.get(track.uri);
  if (mixedAt === undefined || track.source === "fallback") return 0;
  const days = Math.max(0, (now - mixedAt) / DAY_MS);
  return days < RECENT_MIX_DAYS ? -RECENT_MIX_PENALTY * (1 - days / RECENT_MIX_DAYS) : 0;
}

export interface ScoreContext {
  history: MixHistory;
  now: number;
  bpmMatching: boolean;
}

/** The parts of a track's score that do not depend on what else is in the mix. */
export interface StaticScore {
  fit: BpmFit | null;
  /** The five static terms with their reasons; empty when computed without explanations. */
  terms: ScoreTerm[];
  subtotal: number;
  /** The recent-mix part of the variety term (≤ 0). */
  recentMixPenalty: number;
}

export function bpmTerm(
  track: CandidateTrack,
  phase: PhaseTarget,
  bpmMatching: boolean,
): { term: ScoreTerm; fit: BpmFit | null } {
  const base = { id: "bpm" as const, min: 0, max: SCORE_WEIGHTS.bpm };
  if (track.bpm === null) {
    return {
      term: {
        ...base,
        points: 0,
        scored: false,
        reason: { kind: "bpm_unknown" },
        text: "Tempo unknown: scored without the BPM term (no tempo is guessed).",
      },
      fit: null,
    };
  }
  const fit = fitBpm(track.bpm, phase.range, phase.target);
  const from = track.tempoSource ? ` (tempo from ${TEMPO_FROM[track.tempoSource]})` : "";
  const bpm = r1(track.bpm);
  const tempoSource = track.tempoSource;
  if (!bpmMatching) {
    return {
      term: {
        ...base,
        points: 0,
        scored: false,
        reason: { kind: "bpm_off", bpm, tempoSource },
        text: `BPM matching is off in settings; ${r1(track.bpm)} BPM${from}.`,
      },
      fit,
    };
  }
  if (!fit) {
    const text = `${r1(track.bpm)} BPM${from} does not fit ${phase.range.min}–${phase.range.max}, even in half or double time.`;
    const { min, max } = phase.range;
    const reason: TermReason = { kind: "bpm_no_fit", bpm, tempoSource, min, max };
    return { term: { ...base, points: 0, scored: true, reason, text }, fit: null };
  }
  const text = `${describeFit(track.bpm, fit, phase.range)}; aim ${phase.target}${from}.`;
  const { min, max } = normalizeRange(phase.range);
  const reason: TermReason = {
    kind: "bpm_fit",
    bpm,
    tempoSource,
    relation: fit.relation,
    effectiveBpm: r1(fit.effectiveBpm),
    inRange: fit.inRange,
    distance: Math.round(fit.distance),
    min,
    max,
    target: phase.target,
  };
  return { term: { ...base, points: SCORE_WEIGHTS.bpm * fit.fit, scored: true, reason, text }, fit };
}

function energyTerm(track: CandidateTrack, phase: PhaseTarget): ScoreTerm {
  const base = { id: "energy" as const, min: 0, max: SCORE_WEIGHTS.energy };
  if (track.energy === null)
    return {
      ...base,
      points: 0,
      scored: false,
      reason: { kind: "energy_unknown" },
      text: "Energy unknown: not scored.",
    };
  return {
    ...base,
    points: energyPoints(track.energy, phase.energy),
    scored: true,
    reason: {
      kind: "energy",
      energy: Math.round(track.energy * 100) / 100,
      aim: Math.round(phase.energy * 100) / 100,
      phase: phase.kind,
    },
    text: `Energy ${track.energy.toFixed(2)}, aim ${phase.energy.toFixed(2)} for the ${PHASE_NAMES[phase.kind]}.`,
  };
}

function phaseHistoryTerm(track: CandidateTrack, phase: PhaseTarget, history: MixHistory): ScoreTerm {
  const [uses, finishes] = phaseHistoryCounts(track, phase, history);
  const name = PHASE_NAMES[phase.kind];
  const text =
    uses + finishes === 0
      ? `Not used in a past ${name} yet.`
      : `Used in ${uses} past ${name}${uses === 1 ? "" : "s"}${finishes ? `, finished there ${finishes}×` : ""}.`;
  return {
    id: "phaseHistory",
    points: phaseHistoryPoints(uses, finishes),
    min: 0,
    max: SCORE_WEIGHTS.phaseHistory,
    scored: true,
    reason: { kind: "phase_history", phase: phase.kind, uses, finishes },
    text,
  };
}

function feedbackTerm(track: CandidateTrack, history: MixHistory): ScoreTerm {
  const c = history.feedback.get(track.uri);
  const base = {
    id: "feedback" as const,
    min: -SCORE_WEIGHTS.feedback,
    max: SCORE_WEIGHTS.feedback,
    scored: true,
  };
  const reason: TermReason = {
    kind: "feedback",
    likes: c?.likes ?? 0,
    completes: c?.completes ?? 0,
    skips: c?.skips ?? 0,
  };
  if (!c || c.likes + c.completes + c.skips === 0)
    return { ...base, points: 0, reason, text: "No likes, skips or full listens yet." };
  const said = [
    c.likes ? `liked ${c.likes}×` : null,
    c.completes ? `finished ${c.completes}×` : null,
    c.skips ? `skipped ${c.skips}×` : null,
  ].filter(Boolean);
  const text = said.join(", ");
  return {
    ...base,
    points: feedbackPoints(c),
    reason,
    text: text.charAt(0).toUpperCase() + text.slice(1) + ".",
  };
}

function recencyTerm(track: CandidateTrack, now: number): ScoreTerm {
  const base = { id: "recency" as const, min: 0, max: SCORE_WEIGHTS.recency, scored: true };
  if (track.source === "fallback") {
    return {
      ...base,
      points: 0,
      reason: { kind: "recency", generatedBeat: true, playedDaysAgo: null, topRank: null },
      text: "A generated beat, not from your listening.",
    };
  }
  const said: string[] = [];
  let playedDaysAgo: number | null = null;
  if (track.lastPlayedAt !== null) {
    const days = Math.max(0, (now - track.lastPlayedAt) / DAY_MS);
    playedDaysAgo = Math.floor(days);
    said.push(
      days < 1 ? "played today" : `played ${Math.floor(days)} day${Math.floor(days) === 1 ? "" : "s"} ago`,
    );
  }
  if (track.topRank !== null) said.push(`your #${track.topRank + 1} top track`);
  const text = said.length ? said.join(", ") : "not in your recent listening";
  return {
    ...base,
    points: recencyPoints(track, now),
    reason: { kind: "recency", generatedBeat: false, playedDaysAgo, topRank: track.topRank },
    text: text.charAt(0).toUpperCase() + text.slice(1) + ".",
  };
}

/**
 * Everything but the artist-repeat part of variety, computed once per (track, phase). `explain: false` computes
 * the same numbers without building any text (the mix ranks hundreds of candidates and explains only its picks).
 */
export function staticScore(
  track: CandidateTrack,
  phase: PhaseTarget,
  ctx: ScoreContext,
  explain = true,
): StaticScore {
  const recentMixPenalty = recentMixPoints(track, ctx.history, ctx.now);
  if (explain) {
    const { term: bpm, fit } = bpmTerm(track, phase, ctx.bpmMatching);
    const terms = [
      bpm,
      energyTerm(track, phase),
      phaseHistoryTerm(track, phase, ctx.history),
      feedbackTerm(track, ctx.history),
      recencyTerm(track, ctx.now),
    ];
    let subtotal = 0;
    for (const t of terms) subtotal += t.points;
    return { fit, terms, subtotal, recentMixPenalty };
  }
  const fit = track.bpm === null ? null : fitBpm(track.bpm, phase.range, phase.target);
  const [uses, finishes] = phaseHistoryCounts(track, phase, ctx.history);
  const subtotal =
    (ctx.bpmMatching && fit ? SCORE_WEIGHTS.bpm * fit.fit : 0) +
    (track.energy === null ? 0 : energyPoints(track.energy, phase.energy)) +
    phaseHistoryPoints(uses, finishes) +
    feedbackPoints(ctx.history.feedback.get(track.uri)) +
    recencyPoints(track, ctx.now);
  return { fit, terms: [], subtotal, recentMixPenalty };
}

/** The variety points given how many tracks by this track's artists the mix already holds. */
export function varietyPoints(
  track: CandidateTrack,
  s: Pick<StaticScore, "recentMixPenalty">,
  artistRepeats: number,
): number {
  const artistPenalty = track.source === "fallback" ? 0 : -ARTIST_REPEAT_PENALTY * artistRepeats;
  return Math.max(-SCORE_WEIGHTS.variety, s.recentMixPenalty + artistPenalty);
}

/** The variety term given how many tracks by this track's artists the mix already holds. */
export function varietyTerm(
  track: CandidateTrack,
  s: Pick<StaticScore, "recentMixPenalty">,
  artistRepeats: number,
  now = 0,
  history?: MixHistory,
): ScoreTerm {
  const artistPenalty = track.source === "fallback" ? 0 : -ARTIST_REPEAT_PENALTY * artistRepeats;
  const points = varietyPoints(track, s, artistRepeats);
  const said: string[] = [];
  let recentMix: { daysAgo: number | null; points: number } | null = null;
  if (s.recentMixPenalty < 0) {
    const mixedAt = history?.lastMixedAt.get(track.uri);
    const days = mixedAt === undefined ? null : Math.max(0, (now - mixedAt) / DAY_MS);
    recentMix = { daysAgo: days === null ? null : Math.floor(days), points: r1(s.recentMixPenalty) };
    const when =
      days === null
        ? "recently"
        : days < 1
          ? "today"
          : `${Math.floor(days)} day${Math.floor(days) === 1 ? "" : "s"} ago`;
    said.push(`In a Session Mix ${when} (${r1(s.recentMixPenalty)})`);
  }
  const artistRepeat =
    artistPenalty < 0
      ? { artist: track.artists[0] ?? null, nth: artistRepeats + 1, points: artistPenalty }
      : null;
  if (artistPenalty < 0)
    said.push(
      `${ordinal(artistRepeats + 1)} track by ${track.artists[0] ?? "this artist"} in this mix (${artistPenalty})`,
    );
  return {
    id: "variety",
    points,
    min: -SCORE_WEIGHTS.variety,
    max: 0,
    scored: true,
    reason: { kind: "variety", recentMix, artistRepeat },
    text: said.length ? said.join("; ") + "." : "Not in your last week's mixes, first by its artist here.",
  };
}

function ordinal(n: number): string {
  const s = n % 100 >= 11 && n % 100 <= 13 ? "th" : (["th", "st", "nd", "rd"][n % 10] ?? "th");
  return `${n}${s}`;
}

/** The terms a one-line "why this track" names: the two strongest positive ones (none: "fills the phase"). */
export function whyTerms<T extends Pick<ScoreTerm, "scored" | "points">>(terms: readonly T[]): T[] {
  return terms
    .filter((t) => t.scored && t.points > 0.5)
    .sort((a, b) => b.points - a.points)
    .slice(0, 2);
}

/** A one-line "why this track": the two strongest positive reasons. */
export function whyLine(terms: readonly ScoreTerm[]): string {
  const lines = whyTerms(terms).map((t) => t.text.replace(/\.$/, ""));
  return lines.length ? lines.join(" · ") : "Fills the phase.";
}

/** A complete score of one track for one phase, as if it were the first pick (for display and tests). */
export function scoreTrack(
  track: CandidateTrack,
  phase: PhaseTarget,
  ctx: ScoreContext,
  artistRepeats = 0,
): { total: number; fit: BpmFit | null; terms: ScoreTerm[] } {
  const s = staticScore(track, phase, ctx);
  const variety = varietyTerm(track, s, artistRepeats, ctx.now, ctx.history);
  const terms = [...s.terms, variety];
  return { total: s.subtotal + variety.points, fit: s.fit, terms };
}
