import * as Automerge from "@automerge/automerge";
import { describe, expect, it } from "vitest";
import { MusicDocSchema, newMusicDoc, type MusicDoc } from "../../src/documents/music.js";
import { validateDocument } from "../../src/migrations.js";
import { clearMusicHistory, historyFromMusicDoc } from "../../src/music/index.js";

const userId = "abcdefghijklmnopqrstuvwxyz";
const at = "2026-05-01T10:00:00.000Z";

function withHistory(): MusicDoc {
  const doc = newMusicDoc(userId);
  doc.feedback = {
    a: { id: "a", trackUri: "spotify:track:x", action: "complete", phase: "main", workoutUrl: null, at },
    b: { id: "b", trackUri: "spotify:track:x", action: "complete", phase: "warmup", workoutUrl: null, at },
    c: { id: "c", trackUri: "spotify:track:x", action: "skip", phase: null, workoutUrl: null, at },
    d: { id: "d", trackUri: "spotify:track:y", action: "like", phase: null, workoutUrl: null, at },
  };
  doc.playlists = {
    p: {
      id: "p",
      name: "Mix",
      mode: "full",
      workoutUrl: null,
      spotifyPlaylistId: "pl1",
      tracks: [
        { uri: "spotify:track:x", phase: "main", bpm: 140 },
        { uri: "spotify:track:x", phase: "main", bpm: 140 },
        { uri: "spotify:track:y", phase: "cooldown", bpm: null },
      ],
      createdAt: at,
    },
  };
  doc.tempos = { "spotify:track:x": { trackUri: "spotify:track:x", bpm: 140, source: "tap", at } };
  return doc;
}

describe("music history", () => {
  it("folds feedback and past mixes into per-track counts", () => {
    const h = historyFromMusicDoc(withHistory());
    expect(h.feedback.get("spotify:track:x")).toEqual({
      likes: 0,
      completes: 2,
      skips: 1,
      completesByPhase: { main: 1, warmup: 1 },
    });
    expect(h.phaseUses.get("spotify:track:x")).toEqual({ main: 1 });
    expect(h.phaseUses.get("spotify:track:y")).toEqual({ cooldown: 1 });
    expect(h.lastMixedAt.get("spotify:track:y")).toBe(Date.parse(at));
  });

  it("'Clear music history' empties feedback and playlists (tempos on request) and keeps a concurrent addition", () => {
    const base = Automerge.from<MusicDoc>(withHistory());
    let phone = Automerge.clone(base);
    let laptop = Automerge.clone(base);
    phone = Automerge.change(phone, (d) => void clearMusicHistory(d));
    laptop = Automerge.change(laptop, (d) => {
      d.feedback.e = {
        id: "e",
        trackUri: "spotify:track:z",
        action: "like",
        phase: null,
        workoutUrl: null,
        at,
      };
    });
    const merged = Automerge.merge(phone, laptop);
    expect(Object.keys(merged.feedback)).toEqual(["e"]);
    expect(Object.keys(merged.playlists)).toEqual([]);
    expect(Object.keys(merged.tempos ?? {})).toEqual(["spotify:track:x"]);
    expect(validateDocument("music", JSON.parse(JSON.stringify(merged))).ok).toBe(true);
    const all = Automerge.change(merged, (d) => void clearMusicHistory(d, { tempos: true }));
    expect(Object.keys(all.tempos ?? {})).toEqual([]);
  });
});

describe("music document tempos", () => {
  it("are optional (older documents have none), keyed by track uri", () => {
    const doc = withHistory();
    expect(MusicDocSchema.safeParse(doc).success).toBe(true);
    const { tempos: _dropped, ...older } = doc;
    expect(MusicDocSchema.safeParse(older).success).toBe(true);
    const wrongKey = { ...doc, tempos: { "spotify:track:q": { ...doc.tempos!["spotify:track:x"]! } } };
    expect(MusicDocSchema.safeParse(wrongKey).success).toBe(false);
    const absurd = { ...doc, tempos: { "spotify:track:x": { ...doc.tempos!["spotify:track:x"]!, bpm: 20 } } };
    expect(MusicDocSchema.safeParse(absurd).success).toBe(false);
  });
});
