import { describe, expect, it } from "vitest";
import {
  emptyHistory,
  historyFromMusicDoc,
  phaseTargets,
  scoreTrack,
  SCORE_WEIGHTS,
  whyLine,
  type MixHistory,
  type PhaseTarget,
} from "../../src/music/index.js";
import { newMusicDoc } from "../../src/documents/music.js";
import { DAY, NOW, track } from "./fixtures.js";

const [main] = phaseTargets({ mode: "full", phases: [{ kind: "main", minutes: 30 }] }).phases as [
  PhaseTarget,
];
const ctx = (history: MixHistory = emptyHistory()) => ({ history, now: NOW, bpmMatching: true });
const term = (s: ReturnType<typeof scoreTrack>, id: string) => s.terms.find((t) => t.id === id)!;

describe("scoreTrack", () => {
  it("adds the BPM, energy, phase history, feedback, recency and variety terms", () => {
    const s = scoreTrack(
      track({ uri: "spotify:track:a", bpm: 145, tempoSource: "provider", energy: 0.75, lastPlayedAt: NOW }),
      main,
      ctx(),
    );
    expect(term(s, "bpm").points).toBe(SCORE_WEIGHTS.bpm);
    expect(term(s, "bpm").text).toContain("145 BPM, inside 130–160");
    expect(term(s, "bpm").text).toContain("the tempo provider");
    expect(term(s, "energy").points).toBe(SCORE_WEIGHTS.energy);
    expect(term(s, "recency").points).toBeCloseTo(SCORE_WEIGHTS.recency);
    expect(term(s, "feedback").points).toBe(0);
    expect(term(s, "phaseHistory").points).toBe(0);
    expect(term(s, "variety").points).toBe(0);
    expect(s.total).toBeCloseTo(s.terms.reduce((a, t) => a + t.points, 0));
    expect(s.total).toBeCloseTo(40 + 15 + 10);
  });

  it("scores a track without a tempo without the BPM term, and never invents one", () => {
    const s = scoreTrack(track({ uri: "spotify:track:b", bpm: null }), main, ctx());
    expect(term(s, "bpm")).toMatchObject({ points: 0, scored: false });
    expect(term(s, "bpm").text).toContain("no tempo is guessed");
    expect(term(s, "energy").scored).toBe(false);
    expect(s.fit).toBeNull();
  });

  it("rewards likes and full listens, punishes skips, and remembers the phase a track was used in", () => {
    const doc = newMusicDoc("abcdefghijklmnopqrstuvwxyz");
    const at = new Date(NOW - 3 * DAY).toISOString();
    doc.feedback = {
      f1: { id: "f1", trackUri: "spotify:track:liked", action: "like", phase: "main", workoutUrl: null, at },
      f2: {
        id: "f2",
        trackUri: "spotify:track:liked",
        action: "complete",
        phase: "main",
        workoutUrl: null,
        at,
      },
      f3: {
        id: "f3",
        trackUri: "spotify:track:skipped",
        action: "skip",
        phase: "main",
        workoutUrl: null,
        at,
      },
      f4: {
        id: "f4",
        trackUri: "spotify:track:skipped",
        action: "skip",
        phase: "warmup",
        workoutUrl: null,
        at,
      },
    };
    doc.playlists = {
      p1: {
        id: "p1",
        name: "Old",
        mode: "full",
        workoutUrl: null,
        spotifyPlaylistId: null,
        tracks: [{ uri: "spotify:track:liked", phase: "main", bpm: 140 }],
        createdAt: new Date(NOW - 2 * DAY).toISOString(),
      },
    };
    const h = historyFromMusicDoc(doc);
    const liked = scoreTrack(track({ uri: "spotify:track:liked", bpm: 145 }), main, ctx(h));
    const skipped = scoreTrack(track({ uri: "spotify:track:skipped", bpm: 145 }), main, ctx(h));
    // (2·1 + 1 − 0) / (1 + 1 + 0 + 2) = 0.75 → 15 points.
    expect(term(liked, "feedback").points).toBeCloseTo(15);
    expect(term(liked, "feedback").text).toBe("Liked 1×, finished 1×.");
    // (0 + 0 − 2·2) / (2 + 2) = −1 → −20.
    expect(term(skipped, "feedback").points).toBeCloseTo(-20);
    // One past use in the main set plus one finish there: (1 + 2) / 4.
    expect(term(liked, "phaseHistory").points).toBeCloseTo(7.5);
    // In a Session Mix two days ago: −8 × (1 − 2/7).
    expect(term(liked, "variety").points).toBeCloseTo(-8 * (5 / 7));
    expect(term(liked, "variety").text).toContain("In a Session Mix 2 days ago");
    expect(liked.total).toBeGreaterThan(skipped.total);
  });

  it("penalises repeats of an artist already in the mix, down to −15", () => {
    const t = track({ uri: "spotify:track:c", artists: ["Same"], bpm: 145 });
    expect(term(scoreTrack(t, main, ctx(), 1), "variety").points).toBe(-4);
    expect(term(scoreTrack(t, main, ctx(), 2), "variety").text).toContain("3rd track by Same");
    expect(term(scoreTrack(t, main, ctx(), 9), "variety").points).toBe(-15);
  });

  it("rates recency by days since played and top-track rank", () => {
    const weekAgo = scoreTrack(track({ uri: "spotify:track:d", lastPlayedAt: NOW - 7 * DAY }), main, ctx());
    expect(term(weekAgo, "recency").points).toBeCloseTo(10 * Math.exp(-0.5));
    const top = scoreTrack(track({ uri: "spotify:track:e", source: "top", topRank: 0 }), main, ctx());
    expect(term(top, "recency").points).toBeCloseTo(8);
    expect(term(top, "recency").text).toContain("#1 top track");
  });

  it("explains itself in one line", () => {
    const s = scoreTrack(track({ uri: "spotify:track:f", bpm: 150, lastPlayedAt: NOW - DAY }), main, ctx());
    expect(whyLine(s.terms)).toMatch(/^150 BPM, inside 130–160.* · Played 1 day ago$/);
  });
});
