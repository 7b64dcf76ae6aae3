// Synthetic listening libraries for the Session Mix tests: deterministic, pop-like tempo spread.
import { mulberry32 } from "../../src/plan/prng.js";
import type { CandidateTrack } from "../../src/music/index.js";

export const NOW = Date.UTC(2026, 4, 4, 12);
export const DAY = 86_400_000;

export function track(partial: Partial<CandidateTrack> & { uri: string }): CandidateTrack {
  return {
    name: partial.uri,
    artists: ["Artist"],
    durationMs: 200_000,
    explicit: false,
    source: "recent",
    lastPlayedAt: null,
    topRank: null,
    bpm: null,
    tempoSource: null,
    energy: null,
    ...partial,
  };
}

/**
 * `n` tracks like a listener's recent and top tracks: tempos 60–190 BPM (most 90–150), `knownShare` of them with a
 * tempo from a source, energies loosely following tempo.
 */
export function library(n: number, seed: number, knownShare = 0.7): CandidateTrack[] {
  const r = mulberry32(seed);
  const artists = Math.max(4, Math.round(n / 4));
  return Array.from({ length: n }, (_, i) => {
    const bpm = Math.round((60 + ((r() + r() + r()) / 3) * 130) * 10) / 10;
    const known = r() < knownShare;
    const recent = r() < 0.6;
    return track({
      uri: `spotify:track:t${seed}x${i}`,
      name: `Track ${i}`,
      artists: [`Artist ${Math.floor(r() * artists)}`],
      durationMs: Math.round(150_000 + r() * 120_000),
      explicit: r() < 0.1,
      source: recent ? "recent" : "top",
      lastPlayedAt: recent ? NOW - Math.floor(r() * 30 * DAY) : null,
      topRank: recent ? null : Math.floor(r() * 50),
      bpm: known ? bpm : null,
      tempoSource: known ? (r() < 0.5 ? "provider" : "user") : null,
      energy: known
        ? Math.round(Math.min(1, Math.max(0, (bpm - 60) / 140 + (r() - 0.5) * 0.3)) * 100) / 100
        : null,
    });
  });
}
