/**
 * Session Mix for 500 candidate tracks (issue 7 benchmark; goal < 50 ms). Pure computation: candidates with a
 * realistic tempo spread (70 % with a known tempo), a music document with 300 feedback entries and 30 past mixes,
 * a four-phase session. Prints p50/p95 over 200 runs after 20 warm-up runs.
 *
 * Run alone: `npm run bench -- --only music [--quick]`.
 */
import { newMusicDoc, type MusicDoc } from "@cadence/shared-schema";
import { buildSessionMix, historyFromMusicDoc, type CandidateTrack } from "@cadence/shared-schema/music";
import { mulberry32 } from "@cadence/shared-schema/plan";
import type { BenchResult } from "./support/report.js";
import { round } from "./support/report.js";

const CANDIDATES = 500;
const GOAL_MS = 50;
const NOW = Date.UTC(2026, 4, 4, 12);
const DAY = 86_400_000;

function candidates(n: number, seed: number): CandidateTrack[] {
  const r = mulberry32(seed);
  return Array.from({ length: n }, (_, i) => {
    const bpm = Math.round((60 + ((r() + r() + r()) / 3) * 130) * 10) / 10;
    const known = r() < 0.7;
    const recent = r() < 0.5;
    return {
      uri: `spotify:track:bench${i}`,
      name: `Track ${i}`,
      artists: [`Artist ${Math.floor(r() * 120)}`],
      durationMs: Math.round(150_000 + r() * 120_000),
      explicit: r() < 0.1,
      source: recent ? "recent" : "top",
      lastPlayedAt: recent ? NOW - Math.floor(r() * 30 * DAY) : null,
      topRank: recent ? null : Math.floor(r() * 50),
      bpm: known ? bpm : null,
      tempoSource: known ? "provider" : null,
      energy: known ? Math.round(r() * 100) / 100 : null,
    };
  });
}

function musicDoc(tracks: CandidateTrack[], seed: number): MusicDoc {
  const r = mulberry32(seed);
  const doc = newMusicDoc("abcdefghijklmnopqrstuvwxyz");
  const phases = ["warmup", "main", "intervals", "cooldown"] as const;
  for (let i = 0; i < 300; i++) {
    const id = `f${i}`;
    doc.feedback[id] = {
      id,
      trackUri: tracks[Math.floor(r() * tracks.length)]!.uri,
      action: (["skip", "like", "complete"] as const)[Math.floor(r() * 3)]!,
      phase: phases[Math.floor(r() * 4)]!,
      workoutUrl: null,
      at: new Date(NOW - Math.floor(r() * 60) * DAY).toISOString(),
    };
  }
  for (let i = 0; i < 30; i++) {
    const id = `p${i}`;
    doc.playlists[id] = {
      id,
      name: `Mix ${i}`,
      mode: "full",
      workoutUrl: null,
      spotifyPlaylistId: null,
      tracks: Array.from({ length: 20 }, () => ({
        uri: tracks[Math.floor(r() * tracks.length)]!.uri,
        phase: phases[Math.floor(r() * 4)]!,
        bpm: null,
      })),
      createdAt: new Date(NOW - i * 2 * DAY).toISOString(),
    };
  }
  return doc;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const benchmark = {
  name: "music",
  title: `Session Mix for ${CANDIDATES} candidate tracks (goal < ${GOAL_MS} ms)`,
  run(opts: { quick: boolean }): Promise<BenchResult> {
    const runs = opts.quick ? 50 : 200;
    const tracks = candidates(CANDIDATES, 1);
    const doc = musicDoc(tracks, 2);
    const phases = [
      { kind: "warmup" as const, bpm: { min: 100, max: 120 }, minutes: 8 },
      { kind: "main" as const, bpm: { min: 130, max: 160 }, minutes: 30 },
      { kind: "intervals" as const, bpm: { min: 160, max: 180 }, minutes: 12 },
      { kind: "cooldown" as const, bpm: { min: 80, max: 100 }, minutes: 8 },
    ];
    const once = () => {
      const history = historyFromMusicDoc(doc);
      return buildSessionMix({
        mode: "full",
        phases,
        candidates: tracks,
        history,
        signals: { energy: 2, recovery: 0 },
        options: { now: NOW },
      });
    };
    for (let i = 0; i < 20; i++) once();
    const times: number[] = [];
    let last = once();
    for (let i = 0; i < runs; i++) {
      const t0 = process.hrtime.bigint();
      last = once();
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    times.sort((a, b) => a - b);
    const p50 = percentile(times, 50);
    const p95 = percentile(times, 95);
    const max = times[times.length - 1]!;
    console.log(
      `\n  Session Mix, ${CANDIDATES} candidates, 4 phases, 300 feedback entries, 30 past mixes (${runs} runs)`,
    );
    console.log(`  p50 ${p50.toFixed(2)} ms   p95 ${p95.toFixed(2)} ms   max ${max.toFixed(2)} ms`);
    console.log(
      `  mix: ${last.totals.tracks} tracks, ${last.totals.phasesFilled}/${last.phases.length} phases filled, ${last.totals.fromFallback} generated beats`,
    );
    return Promise.resolve({
      name: "music",
      figures: {
        candidates: CANDIDATES,
        runs,
        p50Ms: round(p50),
        p95Ms: round(p95),
        maxMs: round(max),
        tracks: last.totals.tracks,
      },
      goals: [
        {
          name: "Session Mix p95",
          goal: `< ${GOAL_MS} ms`,
          figure: `${p95.toFixed(1)} ms`,
          met: p95 < GOAL_MS,
        },
      ],
      notes: [],
    });
  },
};
