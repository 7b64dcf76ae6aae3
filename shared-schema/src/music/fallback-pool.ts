// The curated fallback pool: generated beats of known tempo, so no phase is ever empty. They are not recordings
// and not on Spotify: the Cadence player synthesises them (client/src/music/beat-player.ts) from the uri
// `cadence:beat:<bpm>`. Nothing here is copyrighted data.
import type { CandidateTrack } from "./types.js";

export const FALLBACK_URI_PREFIX = "cadence:beat:";
export const FALLBACK_ARTIST = "Cadence (generated beat)";
/** Tempos in the pool: every 5 BPM from 80 to 180, so every range (with half/double time) meets some of them. */
export const FALLBACK_BPMS: readonly number[] = Array.from({ length: 21 }, (_, i) => 80 + i * 5);

function style(bpm: number): string {
  if (bpm <= 100) return "Easy";
  if (bpm <= 125) return "Steady";
  if (bpm <= 155) return "Drive";
  return "Sprint";
}

/** A pool entry's uri → its BPM, or null when the uri is not one of ours. */
export function fallbackBpmOf(uri: string): number | null {
  if (!uri.startsWith(FALLBACK_URI_PREFIX)) return null;
  const bpm = Number(uri.slice(FALLBACK_URI_PREFIX.length));
  return Number.isInteger(bpm) && bpm >= 40 && bpm <= 240 ? bpm : null;
}

export function isFallbackUri(uri: string): boolean {
  return fallbackBpmOf(uri) !== null;
}

/** One generated beat: 3–4 minutes, energy rising with tempo. */
export function fallbackTrack(bpm: number): CandidateTrack {
  return {
    uri: `${FALLBACK_URI_PREFIX}${bpm}`,
    name: `Cadence Beat ${bpm} · ${style(bpm)}`,
    artists: [FALLBACK_ARTIST],
    durationMs: (180 + ((bpm * 37) % 61)) * 1000,
    explicit: false,
    source: "fallback",
    lastPlayedAt: null,
    topRank: null,
    bpm,
    tempoSource: "pool",
    energy: Math.round(Math.min(0.95, 0.25 + ((bpm - 80) / 100) * 0.7) * 100) / 100,
  };
}

export const FALLBACK_POOL: readonly CandidateTrack[] = FALLBACK_BPMS.map(fallbackTrack);
