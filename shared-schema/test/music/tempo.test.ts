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
  it("asks each source, in chain order, only for what is still missing; the rest stay unknown", async () => {
    const calls: Record<string, string[][]> = { spotify: [], provider: [], user: [], file: [] };
    const { tempos, report } = await resolveTempos(lookups, [
      source("file", { c: 90, d: 100 }, calls.file),
      source("user", { b: 128, c: 200 }, calls.user),
      source("spotify", { a: 120 }, calls.spotify),
      source("provider", { a: 999, b: 130 }, calls.provider),
    ]);
    expect(calls.spotify).toEqual([["a", "b", "c", "d", "e"]]);
    expect(calls.provider).toEqual([["b", "c", "d", "e"]]);
    expect(calls.user).toEqual([["c", "d", "e"]]);
    expect(calls.file).toEqual([["d", "e"]]);
    expect(Object.fromEntries([...tempos].map(([uri, t]) => [uri.slice(14), [t.bpm, t.source]]))).toEqual({
      a: [120, "spotify"],
      b: [130, "provider"],
      c: [200, "user"],
      d: [100, "file"],
    });
    expect(report.map((r) => [r.kind, r.asked, r.found])).toEqual([
      ["spotify", 5, 1],
      ["provider", 4, 1],
      ["user", 3, 1],
      ["file", 2, 1],
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
});
