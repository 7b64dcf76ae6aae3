// Shared shapes of the Session Mix domain. Pure data: no Spotify client, no network, no model.
import type { MusicPhase } from "../documents/music.js";

/** Where a candidate track came from. `fallback` is the curated pool of generated beats (fallback-pool.ts). */
export type CandidateSource = "recent" | "top" | "history" | "fallback";

/**
 * Which tempo source gave a track its BPM, in the chain's order (tempo.ts): Spotify's legacy audio features, a
 * configured third-party provider, the user (tapped or typed), an audio file the user supplied, or the curated
 * pool's own known tempo. A track with no source has `bpm: null` and is scored without the BPM term.
 */
export type TempoSourceKind = "spotify" | "provider" | "user" | "file" | "pool";

export interface CandidateTrack {
  /** `spotify:track:<id>`, or `cadence:beat:<bpm>` for the fallback pool. */
  uri: string;
  name: string;
  artists: readonly string[];
  durationMs: number;
  explicit: boolean;
  source: CandidateSource;
  /** When the user last played it (ms since the epoch), from recently played; null when unknown. */
  lastPlayedAt: number | null;
  /** 0-based rank among the user's top tracks, null when not a top track. */
  topRank: number | null;
  /** Tempo in BPM from a real source, or null. Never invented. */
  bpm: number | null;
  tempoSource: TempoSourceKind | null;
  /** Perceived intensity 0–1 when a source provides it (Spotify audio features, a provider), else null. */
  energy: number | null;
}

export interface BpmRangeLike {
  min: number;
  max: number;
}

/** One phase of a workout as the Session Mix needs it (a plan phase fits: `{ kind, bpm }` plus minutes). */
export interface MixPhaseInput {
  kind: MusicPhase;
  /** The plan's BPM range for this phase, if it has one. */
  bpm?: BpmRangeLike | null;
  /** How long the phase lasts; defaults per phase kind when absent. */
  minutes?: number | null;
}
