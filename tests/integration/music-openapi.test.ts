// The loopback Spotify fake answers every operation Cadence uses, in every state the tests switch on, with bodies
// that validate against Spotify's OpenAPI description (../shared/spotify/spotify-web-api-openapi.yml).
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SpotifyFake } from "../support/spotify-fake.js";
import { SpotifyOpenApi } from "../support/spotify-openapi.js";

let fake: SpotifyFake;
let token = "";
const redirectUri = "http://127.0.0.1:45678/api/music/connect/callback";

async function api(method: string, path: string, body?: unknown, bearer = token) {
  const res = await fetch(`${fake.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${bearer}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  await res.arrayBuffer();
  return res.status;
}

beforeAll(async () => {
  fake = await SpotifyFake.start({ redirectUris: [redirectUri] });
  const verifier = crypto.randomBytes(32).toString("base64url");
  const challenge = crypto.createHash("sha256").update(verifier).digest("base64url");
  const consent = await fake.authorize(
    `${fake.url}/authorize?client_id=${fake.clientId}&response_type=code&redirect_uri=${encodeURIComponent(redirectUri)}&code_challenge_method=S256&code_challenge=${challenge}&state=abc&scope=user-read-playback-state`,
  );
  const code = new URL(consent.location!).searchParams.get("code")!;
  const res = await fetch(`${fake.url}/api/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code,
      redirect_uri: redirectUri,
      client_id: fake.clientId,
      code_verifier: verifier,
    }),
  });
  token = ((await res.json()) as { access_token: string }).access_token;
});

afterAll(async () => {
  await fake.close();
});

describe("the Spotify fake against the OpenAPI description", () => {
  it("validates every response of every operation in every state", async () => {
    const track = fake.library[0]!.id;
    const normal = async () => {
      await api("GET", "/me/player/recently-played?limit=50");
      await api("GET", "/me/top/tracks?time_range=short_term&limit=50");
      await api("GET", "/me/top/tracks?time_range=medium_term&limit=10&offset=40");
      await api("GET", "/me/player/devices");
      await api("GET", "/me/player");
      await api("PUT", "/me/player/play", { uris: [`spotify:track:${track}`] });
      await api("GET", "/me/player");
      await api("PUT", "/me/player/pause");
      await api("POST", "/me/player/next");
      await api("PUT", "/me/player", { device_ids: ["dev-speaker"], play: true });
      await api("GET", `/tracks/${track}`);
      await api("GET", "/tracks/0000000000000000000000");
      await api("GET", `/audio-features?ids=${track}`);
    };
    await normal();
    const created = await fetch(`${fake.apiUrl}/me/playlists`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "Checked", public: false }),
    });
    const playlist = ((await created.json()) as { id: string }).id;
    expect(await api("POST", `/playlists/${playlist}/items`, { uris: [`spotify:track:${track}`] })).toBe(201);
    expect(
      await api("POST", `/playlists/${playlist}/items`, {
        uris: Array.from({ length: 101 }, () => `spotify:track:${track}`),
      }),
    ).toBe(400);
    await api("PUT", "/me/player/play", { context_uri: `spotify:playlist:${playlist}` });
    await api("GET", "/me/player");

    fake.audioFeatures = true;
    expect(
      await api(
        "GET",
        `/audio-features?ids=${fake.library
          .slice(0, 5)
          .map((x) => x.id)
          .join(",")}`,
      ),
    ).toBe(200);
    fake.noDevice = true;
    await normal();
    fake.noDevice = false;
    fake.nonPremium = true;
    await normal();
    fake.nonPremium = false;
    fake.rateLimit = { retryAfter: 3, count: 3 };
    await normal();
    fake.serverError = { status: 503, count: 3 };
    await normal();
    fake.serverError = { status: 500, count: 1 };
    await normal();
    expect(await api("GET", "/me/player/devices", undefined, "not-a-token")).toBe(401);
    fake.expireAccessTokens();
    expect(await api("GET", "/me/player/devices")).toBe(401);

    expect(fake.violations).toEqual([]);
    const seen = new Set(fake.responses.map((r) => `${r.method} ${r.template} ${r.status}`));
    for (const expected of [
      "GET /me/player/recently-played 200",
      "GET /me/top/tracks 200",
      "GET /me/player/devices 200",
      "GET /me/player 200",
      "GET /me/player 204",
      "PUT /me/player/play 204",
      "PUT /me/player/play 403",
      "PUT /me/player/play 404",
      "PUT /me/player/pause 204",
      "POST /me/player/next 204",
      "PUT /me/player 204",
      "POST /me/playlists 201",
      "POST /playlists/{playlist_id}/items 201",
      "POST /playlists/{playlist_id}/items 400",
      "GET /tracks/{id} 200",
      "GET /tracks/{id} 404",
      "GET /audio-features 200",
      "GET /audio-features 403",
      "GET /me/player/devices 401",
      "GET /me/player/recently-played 429",
      "GET /me/top/tracks 503",
      "GET /me/player/recently-played 500",
    ]) {
      expect(seen, expected).toContain(expected);
    }
    // Statuses Spotify sends that the description does not declare (404 NO_ACTIVE_DEVICE, 5xx) still carry its error
    // envelope; they are the only undeclared ones.
    const undeclared = new Set(fake.responses.filter((r) => r.undeclared).map((r) => r.status));
    expect([...undeclared].every((s) => s === 400 || s === 404 || s >= 500)).toBe(true);
  });

  it("the validator is not vacuous", () => {
    const o = new SpotifyOpenApi();
    expect(o.check("GET", "/me/top/tracks", 200, { items: [] }).errors.join()).toContain(
      "must have required property",
    );
    expect(o.check("GET", "/me/player/devices", 200, { devices: [{ id: 1 }] }).errors.join()).toContain(
      "must be string",
    );
    expect(o.check("PUT", "/me/player/play", 204, { unexpected: true }).errors).toHaveLength(1);
    expect(o.check("POST", "/me/playlists", 200, {}).errors.join()).toContain("not declared");
    // The legacy audio features are marked deprecated; Cadence calls them only to learn they are closed (403).
    expect(o.operation("GET", "/audio-features").deprecated).toBe(true);
    for (const [m, p] of [
      ["GET", "/me/player/recently-played"],
      ["POST", "/me/playlists"],
      ["POST", "/playlists/{playlist_id}/items"],
      ["PUT", "/me/player/play"],
    ] as const) {
      expect(o.operation(m, p).deprecated).toBe(false);
    }
  });
});
