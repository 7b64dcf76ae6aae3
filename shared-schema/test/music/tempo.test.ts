import { describe, expect, it } from "vitest";
import {
  lookupTrackOf,
  musicDocTempoSource,
  resolveTempos,
  spotifyIdOf,
  tapTempo,
  withTempos,
  type TempoSource,
} from "../../src/music/index.js";
import { track } from "./fixtures.js";

const tracks = ["a", "b", "c", "d", "e"].map((id) => track({ uri: `spotify:track:${id}` }));
const lookups = tracks.map(lookupTrackOf);

function source(
  kind: TempoSource["kind"],
  answers: Record<string, number>,
  calls: string[][] = [],
): TempoSource {
  return {
    kind,
    lookup(ts) {
      calls.push(ts.map((t) => t.spotifyId!));
      return Promise.resolve(
        new Map(
          ts
            .filter((t) => answers[t.spotifyId!] !== undefined)
            .map((t) => [t.uri, { bpm: answers[t.spotifyId!]! }]),
        ),
      );
    },
  };
}

describe("the tempo-source chain", () => {
  it("asks each source, in chain order (yours first), only for what is still missing; the rest stay unknown", async () => {
    const calls: Record<string, string[][]> = { spotify: [], provider: [], user: [], file: [] };
    const { tempos, report } = await resolveTempos(lookups, [
      source("file", { c: 90, d: 100 }, calls.file),
      source("user", { b: 128, c: 200 }, calls.user),
      source("spotify", { a: 120 }, calls.spotify),
      source("provider", { a: 999, b: 130 }, calls.provider),
    ]);
    // The person's own tempos first (a correction beats a service), then the services for the rest.
    expect(calls.user).toEqual([["a", "b", "c", "d", "e"]]);
    expect(calls.file).toEqual([["a", "d", "e"]]);
    expect(calls.spotify).toEqual([["a", "e"]]);
    expect(calls.provider).toEqual([["e"]]);
    expect(Object.fromEntries([...tempos].map(([uri, t]) => [uri.slice(14), [t.bpm, t.source]]))).toEqual({
      a: [120, "spotify"],
      b: [128, "user"],
      c: [200, "user"],
      d: [100, "file"],
    });
    expect(report.map((r) => [r.kind, r.asked, r.found])).toEqual([
      ["user", 5, 2],
      ["file", 3, 1],
      ["spotify", 2, 1],
      ["provider", 1, 0],
    ]);
    const applied = withTempos(tracks, tempos);
    expect(applied.find((t) => t.uri.endsWith(":e"))).toMatchObject({ bpm: null, tempoSource: null });
  });

  it("skips a failing source and refuses unbelievable tempos", async () => {
    const broken: TempoSource = { kind: "provider", lookup: () => Promise.reject(new Error("HTTP 503")) };
    const { tempos, report } = await resolveTempos(lookups, [
      source("spotify", { a: 0, b: 300, c: 39.9 }),
      broken,
      source("user", { a: 100 }),
    ]);
    expect([...tempos.keys()]).toEqual(["spotify:track:a"]);
    expect(report.find((r) => r.kind === "provider")).toMatchObject({ error: "HTTP 503", found: 0 });
  });

  it("reads the music document's tempos: tapped and typed as `user`, from files as `file`", async () => {
    const at = "2026-05-01T10:00:00.000Z";
    const tempos = {
      "spotify:track:a": { trackUri: "spotify:track:a", bpm: 101, source: "tap" as const, at },
      "spotify:track:b": { trackUri: "spotify:track:b", bpm: 102, source: "typed" as const, at },
      "spotify:track:c": { trackUri: "spotify:track:c", bpm: 103, source: "file" as const, at },
    };
    const user = await musicDocTempoSource(tempos, "user").lookup(lookups);
    const file = await musicDocTempoSource(tempos, "file").lookup(lookups);
    expect([...user.keys()]).toEqual(["spotify:track:a", "spotify:track:b"]);
    expect([...file.keys()]).toEqual(["spotify:track:c"]);
    expect((await musicDocTempoSource(undefined, "user").lookup(lookups)).size).toBe(0);
  });

  it("knows Spotify track ids", () => {
    expect(spotifyIdOf("spotify:track:4iV5W9uYEdYUVa79Axb7Rh")).toBe("4iV5W9uYEdYUVa79Axb7Rh");
    expect(spotifyIdOf("cadence:beat:120")).toBeNull();
  });
});

describe("tapTempo", () => {
  it("gives the median tap interval as BPM once there are 4 taps", () => {
    expect(tapTempo([0, 500, 1000])).toBeNull();
    expect(tapTempo([0, 500, 1000, 1500])).toBe(120);
    // One sloppy tap does not move the median.
    expect(tapTempo([0, 400, 800, 1250, 1600, 2000])).toBe(150);
  });

  it("starts over after a pause of more than 2 s", () => {
    expect(tapTempo([0, 1000, 2000, 3000, 6000, 6500, 7000, 7500])).toBe(120);
  });

  it("reads the last 16 taps, ignores a double tap, and refuses a rate outside 40–240 BPM", () => {
    const drifting = [
      ...Array.from({ length: 10 }, (_, i) => i * 600),
      ...Array.from({ length: 16 }, (_, i) => 6000 + i * 400),
    ];
    expect(tapTempo(drifting)).toBe(150);
    expect(tapTempo([0, 500, 500, 1000, 1500, 2000])).toBe(120);
    expect(tapTempo([0, 200, 400, 600, 800])).toBeNull(); // 300 BPM
    expect(tapTempo([0, 1900, 3800, 5700])).toBeNull(); // 31.6 BPM
  });
});
