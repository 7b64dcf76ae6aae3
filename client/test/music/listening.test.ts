import { describe, expect, it } from "vitest";
import type { PlaybackView } from "../../src/music/api.js";
import { isSkip, observe, type Watching } from "../../src/music/listening.js";

const playing = (uri: string | null, progressMs: number | null, durationMs = 200_000): PlaybackView => ({
  active: true,
  isPlaying: true,
  progressMs,
  device: null,
  contextUri: null,
  track:
    uri === null
      ? null
      : {
          uri,
          id: uri,
          name: uri,
          artists: [],
          album: null,
          durationMs,
          explicit: false,
          imageUrl: null,
          url: null,
        },
});

/** Polls in order; returns the tracks recorded as listened to in full. */
function listen(polls: PlaybackView[]): Watching[] {
  let watching: Watching | null = null;
  const completed: Watching[] = [];
  for (const p of polls) {
    const next = observe(watching, p, "main");
    if (next.completed) completed.push(next.completed);
    watching = next.watching;
  }
  return completed;
}

describe("what the player learns from playback", () => {
  it("counts a track heard to 90 % as listened to in full once the next one starts, in the phase it played in", () => {
    const done = listen([
      playing("a", 10_000),
      playing("a", 150_000),
      playing("a", 185_000),
      playing("b", 1_000),
    ]);
    expect(done).toEqual([{ uri: "a", seen: 0.925, phase: "main" }]);
  });

  it("does not count a track left before 90 %, nor one still playing", () => {
    expect(listen([playing("a", 10_000), playing("a", 170_000), playing("b", 1_000)])).toEqual([]);
    expect(listen([playing("a", 10_000), playing("a", 199_000)])).toEqual([]);
  });

  it("counts a full listen when playback stops after it", () => {
    expect(listen([playing("a", 190_000), playing(null, null)]).map((w) => w.uri)).toEqual(["a"]);
  });

  it("calls Next before half of a track a skip, and after half not", () => {
    expect(isSkip(playing("a", 20_000))).toBe(true);
    expect(isSkip(playing("a", 120_000))).toBe(false);
    expect(isSkip(playing(null, null))).toBe(false);
    expect(isSkip(null)).toBe(false);
  });
});
