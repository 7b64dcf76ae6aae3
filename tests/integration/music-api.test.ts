// The /api/music Web API subset through the loopback fake, and every failure mapped to an actionable state:
// no active device, 403 non-Premium, 401 (refresh, then reconnect — see music-connect.test.ts), 429 with
// Retry-After honoured, 5xx.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MusicClient, startMusicServer, type MusicTestServer } from "../support/music.js";

let t: MusicTestServer;
let c: MusicClient;

type Err = { error: { code: string; message: string } };

beforeAll(async () => {
  t = await startMusicServer();
  c = await MusicClient.register(t);
  await c.connect();
});
afterAll(async () => {
  await t.close();
});
beforeEach(() => {
  Object.assign(t.fake, { noDevice: false, nonPremium: false, rateLimit: null, serverError: null });
});
afterEach(() => {
  expect(t.fake.violations).toEqual([]);
});

describe("reading", () => {
  it("recently played, newest first, with when", async () => {
    const res = await c.call<{
      tracks: Array<{ uri: string; name: string; artists: string[]; playedAt: string; durationMs: number }>;
    }>("GET", "/api/music/recently-played?limit=10");
    expect(res.status).toBe(200);
    expect(res.body.tracks).toHaveLength(10);
    expect(res.body.tracks[0]).toMatchObject({
      uri: t.fake.trackUri(0),
      artists: t.fake.library[0]!.artists,
    });
    expect(Date.parse(res.body.tracks[0]!.playedAt)).toBeGreaterThan(
      Date.parse(res.body.tracks[1]!.playedAt),
    );
    const bad = await c.call<Err>("GET", "/api/music/recently-played?limit=500");
    expect(bad.status).toBe(400);
  });

  it("top tracks by time range", async () => {
    const short = await c.call<{ tracks: Array<{ uri: string; rank: number }> }>(
      "GET",
      "/api/music/top-tracks?timeRange=short_term&limit=5",
    );
    expect(short.body.tracks.map((x) => x.rank)).toEqual([0, 1, 2, 3, 4]);
    expect(short.body.tracks[0]!.uri).toBe(t.fake.trackUri(t.fake.top[0]!));
    const bad = await c.call<Err>("GET", "/api/music/top-tracks?timeRange=forever");
    expect(bad.status).toBe(400);
  });

  it("devices and playback status", async () => {
    const devices = await c.call<{
      devices: Array<{ id: string; isActive: boolean }>;
      activeDevice: boolean;
    }>("GET", "/api/music/devices");
    expect(devices.body.activeDevice).toBe(true);
    expect(devices.body.devices.map((d) => d.id)).toEqual(["dev-phone", "dev-speaker"]);
    t.fake.queue = [];
    const idle = await c.call<{ active: boolean }>("GET", "/api/music/playback");
    expect(idle.body).toEqual({
      active: false,
      isPlaying: false,
      progressMs: null,
      device: null,
      track: null,
      contextUri: null,
    });
  });
});

describe("playback control", () => {
  it("play, pause, next and device selection", async () => {
    const uris = [t.fake.trackUri(3), t.fake.trackUri(4)];
    expect((await c.call("POST", "/api/music/play", { uris })).status).toBe(204);
    let p = await c.call<{ isPlaying: boolean; track: { uri: string }; device: { id: string } }>(
      "GET",
      "/api/music/playback",
    );
    expect(p.body).toMatchObject({
      active: true,
      isPlaying: true,
      track: { uri: uris[0] },
      device: { id: "dev-phone" },
    });
    expect((await c.call("POST", "/api/music/next", {})).status).toBe(204);
    p = await c.call("GET", "/api/music/playback");
    expect(p.body.track.uri).toBe(uris[1]);
    expect((await c.call("POST", "/api/music/pause")).status).toBe(204);
    p = await c.call("GET", "/api/music/playback");
    expect(p.body.isPlaying).toBe(false);
    expect(
      (await c.call("POST", "/api/music/transfer", { deviceId: "dev-speaker", play: true })).status,
    ).toBe(204);
    p = await c.call("GET", "/api/music/playback");
    expect(p.body).toMatchObject({ isPlaying: true, device: { id: "dev-speaker" } });
    expect((await c.call("POST", "/api/music/play", { deviceId: "dev-phone" })).status).toBe(204);
    const bad = await c.call<Err>("POST", "/api/music/play", { uris: ["https://open.spotify.com/track/x"] });
    expect(bad.status).toBe(400);
  });

  it("no active device → 409 no_active_device, telling the person to open Spotify", async () => {
    t.fake.noDevice = true;
    const devices = await c.call<{ devices: unknown[]; activeDevice: boolean }>("GET", "/api/music/devices");
    expect(devices.body).toEqual({ devices: [], activeDevice: false });
    for (const [path, body] of [
      ["/api/music/play", {}],
      ["/api/music/pause", {}],
      ["/api/music/next", {}],
    ] as const) {
      const res = await c.call<Err>("POST", path, body);
      expect(res.status, path).toBe(409);
      expect(res.body.error.code).toBe("no_active_device");
      expect(res.body.error.message).toContain("Open Spotify");
    }
  });

  it("403 non-Premium → premium_required; reading still works", async () => {
    t.fake.nonPremium = true;
    const res = await c.call<Err>("POST", "/api/music/play", {});
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("premium_required");
    expect(res.body.error.message).toContain("Premium");
    expect(res.body.error.message).toContain("still saved");
    const transfer = await c.call<Err>("POST", "/api/music/transfer", { deviceId: "dev-phone" });
    expect(transfer.body.error.code).toBe("premium_required");
    expect((await c.call("GET", "/api/music/devices")).status).toBe(200);
    expect((await c.call("GET", "/api/music/playback")).status).toBe(200);
  });
});

describe("rate limits and outages", () => {
  it("429: answers with Retry-After and does not call Spotify again until it has passed", async () => {
    t.fake.rateLimit = { retryAfter: 1, count: 1 };
    const first = await c.call<Err>("GET", "/api/music/devices");
    expect(first.status).toBe(429);
    expect(first.body.error.code).toBe("spotify_rate_limited");
    expect(first.headers.get("retry-after")).toBe("1");
    const calls = t.fake.apiCalls.length;
    const second = await c.call<Err>("GET", "/api/music/recently-played");
    expect(second.status).toBe(429);
    expect(Number(second.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(t.fake.apiCalls.length).toBe(calls);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await c.call("GET", "/api/music/devices")).status).toBe(200);
  });

  it("5xx: a read is retried once, then reported as spotify_unavailable; commands are not retried", async () => {
    t.fake.serverError = { status: 503, count: 1 };
    expect((await c.call("GET", "/api/music/devices")).status).toBe(200);
    t.fake.serverError = { status: 502, count: 2 };
    const down = await c.call<Err>("GET", "/api/music/devices");
    expect(down.status).toBe(502);
    expect(down.body.error.code).toBe("spotify_unavailable");
    expect(down.body.error.message).toContain("Try again");
    t.fake.serverError = { status: 500, count: 1 };
    const cmd = await c.call<Err>("POST", "/api/music/next", {});
    expect(cmd.status).toBe(502);
    expect(t.fake.serverError.count).toBe(0);
  });

  it("an unreachable Spotify → spotify_unreachable", async () => {
    const other = await startMusicServer({
      SPOTIFY_API_URL: "http://127.0.0.1:9/v1",
      MUSIC_REQUEST_TIMEOUT_MS: "2000",
    });
    try {
      const u = await MusicClient.register(other);
      await u.connect();
      const res = await u.call<Err>("GET", "/api/music/devices");
      expect(res.status).toBe(504);
      expect(res.body.error.code).toBe("spotify_unreachable");
    } finally {
      await other.close();
    }
  });
});

describe("playlists and feedback", () => {
  it("creates a private playlist and adds items in batches of at most 100", async () => {
    const uris = Array.from({ length: 230 }, (_, i) => t.fake.trackUri(i % t.fake.library.length));
    const res = await c.call<{ playlist: { id: string; uri: string }; added: number; error: null }>(
      "POST",
      "/api/music/playlists",
      {
        name: "Batch test",
        uris,
      },
    );
    expect(res.status).toBe(201);
    expect(res.body.added).toBe(230);
    const p = t.fake.playlists.get(res.body.playlist.id)!;
    expect(p).toMatchObject({ name: "Batch test", public: false });
    expect(p.batches).toEqual([100, 100, 30]);
    expect(p.items).toEqual(uris);
    const calls = t.fake.apiCalls.filter((x) => x.path === "/me/playlists" && x.method === "POST");
    expect(calls.length).toBeGreaterThan(0);
  });

  it("keeps what was added when a batch fails, and says why", async () => {
    const uris = Array.from({ length: 150 }, (_, i) => t.fake.trackUri(i % t.fake.library.length));
    t.fake.serverError = { status: 503, count: 1, only: /\/items$/, after: 1 };
    const res = await c.call<{ playlist: { id: string }; added: number; error: { code: string } | null }>(
      "POST",
      "/api/music/playlists",
      {
        name: "Partial",
        uris,
      },
    );
    expect(res.status).toBe(201);
    expect(res.body.added).toBe(100);
    expect(res.body.error?.code).toBe("spotify_unavailable");
    expect(t.fake.playlists.get(res.body.playlist.id)!.items).toEqual(uris.slice(0, 100));
  });

  it("records feedback in the user's music document", async () => {
    const res = await c.call<{ id: string; musicDocUrl: string }>("POST", "/api/music/feedback", {
      trackUri: t.fake.trackUri(1),
      action: "like",
      phase: "main",
    });
    expect(res.status).toBe(201);
    const handle = await t.server.ctx.sync.find<{
      feedback: Record<string, { action: string; trackUri: string }>;
    }>(res.body.musicDocUrl as never);
    expect(handle.doc().feedback[res.body.id]).toMatchObject({
      action: "like",
      trackUri: t.fake.trackUri(1),
    });
    const bad = await c.call<Err>("POST", "/api/music/feedback", { trackUri: "x", action: "love" });
    expect(bad.status).toBe(400);
  });
});
