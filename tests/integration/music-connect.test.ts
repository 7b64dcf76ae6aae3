// Spotify connect end to end through the loopback fake: authorization code + PKCE as a public client, state and
// verifier server-side and single use, tokens sealed at rest, refresh, reconnect prompt, disconnect.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { countRows, registerUser, startTestServer, tempDir } from "../support/server.js";
import { MusicClient, startMusicServer, type MusicTestServer } from "../support/music.js";
import { loadConfig } from "@cadence/sync-server";

let t: MusicTestServer;

beforeAll(async () => {
  t = await startMusicServer();
});
afterAll(async () => {
  await t.close();
});
afterEach(() => {
  // Every Web API response the fake sent validated against the OpenAPI description.
  expect(t.fake.violations).toEqual([]);
});

interface Status {
  configured: boolean;
  reason: string | null;
  connected: boolean;
  needsReconnect: boolean;
  scopes: string[];
  redirectUri: string | null;
  tempoSources: string[];
}

describe("connect", () => {
  it("is off with a clear reason when SPOTIFY_CLIENT_ID is unset", async () => {
    const server = await startTestServer({ dataDir: tempDir() });
    try {
      const user = await registerUser(server.url);
      const status = await fetch(`${server.url}/api/music/status`, { headers: { cookie: user.cookie } });
      const body = (await status.json()) as Status;
      expect(body).toMatchObject({ configured: false, connected: false });
      expect(body.reason).toContain("SPOTIFY_CLIENT_ID");
      const start = await fetch(`${server.url}/api/music/connect/start`, {
        method: "POST",
        headers: { cookie: user.cookie, "content-type": "application/json" },
        body: "{}",
      });
      expect(start.status).toBe(503);
      expect(((await start.json()) as { error: { code: string } }).error.code).toBe("spotify_not_configured");
    } finally {
      await server.close();
    }
  });

  it("refuses a localhost or plain-http redirect URI with the reason", () => {
    const base = { DATA_DIR: tempDir(), SPOTIFY_CLIENT_ID: "x" };
    const localhost = loadConfig({
      ...base,
      SPOTIFY_REDIRECT_URI: "http://localhost:8080/api/music/connect/callback",
    }).music;
    expect(localhost.spotify).toBeNull();
    expect(localhost.spotifyDisabledReason).toContain("http://127.0.0.1:8080/api/music/connect/callback");
    const remote = loadConfig({
      ...base,
      SPOTIFY_REDIRECT_URI: "http://cadence.example/api/music/connect/callback",
    }).music;
    expect(remote.spotifyDisabledReason).toContain("loopback IP literal");
    const ok = loadConfig({ ...base, PUBLIC_URL: "https://cadence.example" }).music;
    expect(ok.spotify?.redirectUri).toBe("https://cadence.example/api/music/connect/callback");
    const local = loadConfig({ ...base, PORT: "9000" }).music;
    expect(local.spotify?.redirectUri).toBe("http://127.0.0.1:9000/api/music/connect/callback");
    expect(local.spotify?.accountsUrl).toBe("https://accounts.spotify.com");
    expect(local.spotify?.apiUrl).toBe("https://api.spotify.com/v1");
  });

  it("connects across origins (app on localhost, callback on 127.0.0.1): callback hands over, the app confirms", async () => {
    const c = await MusicClient.register(t);
    const before = (await c.call<Status>("GET", "/api/music/status")).body;
    expect(before).toMatchObject({ configured: true, connected: false, redirectUri: t.redirectUri });

    const start = await c.call<{ authorizeUrl: string }>("POST", "/api/music/connect/start", {
      returnTo: "/settings/music",
    });
    const authorize = new URL(start.body.authorizeUrl);
    expect(authorize.origin + authorize.pathname).toBe(`${t.fake.url}/authorize`);
    expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorize.searchParams.get("redirect_uri")).toBe(t.redirectUri);
    expect(authorize.searchParams.get("scope")?.split(" ").sort()).toEqual(
      [
        "playlist-modify-private",
        "playlist-modify-public",
        "user-modify-playback-state",
        "user-read-playback-state",
        "user-read-recently-played",
        "user-top-read",
      ].sort(),
    );
    expect(start.headers.get("set-cookie")).toMatch(
      /^cadence_music_connect=.+; Path=\/api\/music\/connect; HttpOnly; SameSite=Lax; Max-Age=300/,
    );
    const connectCookie = start.headers.get("set-cookie")!.split(";")[0]!;

    const consent = await t.fake.authorize(start.body.authorizeUrl);
    expect(consent.status).toBe(302);
    const callback = new URL(consent.location!);
    expect(callback.origin).toBe(new URL(t.redirectUri).origin);

    // The callback arrives without the app's cookies (another origin): it parks the code and returns to the app.
    const hop = await fetch(callback, { redirect: "manual" });
    expect(hop.status).toBe(302);
    const landing = new URL(hop.headers.get("location")!);
    expect(landing.origin).toBe(t.appOrigin);
    expect(landing.pathname).toBe("/settings/music");
    expect(landing.searchParams.get("spotify")).toBe("confirm");
    const state = landing.searchParams.get("state")!;
    expect(t.fake.tokenRequests).toHaveLength(0);

    // Without the browser's connect cookie the confirmation is refused, and nothing is consumed.
    const stranger = await c.call<{ error: { code: string } }>("POST", "/api/music/connect/confirm", {
      state,
    });
    expect(stranger.status).toBe(403);
    expect(stranger.body.error.code).toBe("connect_other_browser");
    // Another user cannot confirm it either.
    const other = await MusicClient.register(t);
    const foreign = await other.call<{ error: { code: string } }>(
      "POST",
      "/api/music/connect/confirm",
      { state },
      connectCookie,
    );
    expect(foreign.status).toBe(400);

    const confirm = await c.call<Status>("POST", "/api/music/connect/confirm", { state }, connectCookie);
    expect(confirm.status).toBe(200);
    expect(confirm.body).toMatchObject({ connected: true, needsReconnect: false });
    expect(confirm.body.scopes).toContain("user-top-read");
    // The fake checked the PKCE verifier against the challenge.
    expect(t.fake.tokenRequests).toEqual([{ grantType: "authorization_code", ok: true, error: null }]);

    // State is single use: replaying the callback or the confirmation fails.
    const replay = await fetch(callback, { redirect: "manual" });
    expect(new URL(replay.headers.get("location")!).searchParams.get("spotify")).toBe("error");
    const again = await c.call<{ error: { code: string } }>(
      "POST",
      "/api/music/connect/confirm",
      { state },
      connectCookie,
    );
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe("connect_expired");
    expect(t.fake.tokenRequests).toHaveLength(1);
  });

  it("connects in one hop when the browser is on the redirect URI's origin (its cookie reaches the callback)", async () => {
    const c = await MusicClient.register(t);
    const before = t.fake.tokenRequests.length;
    const { landing } = await c.connect({ sameOrigin: true });
    expect(landing.searchParams.get("spotify")).toBe("connected");
    expect(t.fake.tokenRequests.slice(before)).toEqual([
      { grantType: "authorization_code", ok: true, error: null },
    ]);
    expect((await c.call<Status>("GET", "/api/music/status")).body.connected).toBe(true);
  });

  it("refuses a callback whose connect cookie belongs to another attempt (login CSRF)", async () => {
    const victim = await MusicClient.register(t);
    const attacker = await MusicClient.register(t);
    const mine = await victim.call<{ authorizeUrl: string }>("POST", "/api/music/connect/start", {});
    const victimCookie = mine.headers.get("set-cookie")!.split(";")[0]!;
    const theirs = await attacker.call<{ authorizeUrl: string }>("POST", "/api/music/connect/start", {});
    const consent = await t.fake.authorize(theirs.body.authorizeUrl);
    const hop = await fetch(consent.location!, { redirect: "manual", headers: { cookie: victimCookie } });
    expect(new URL(hop.headers.get("location")!).searchParams.get("reason")).toBe("browser");
    expect((await attacker.call<Status>("GET", "/api/music/status")).body.connected).toBe(false);
  });

  it("reports a denied consent and an expired state", async () => {
    const c = await MusicClient.register(t);
    t.fake.denyConsent = true;
    try {
      const start = await c.call<{ authorizeUrl: string }>("POST", "/api/music/connect/start", {});
      const consent = await t.fake.authorize(start.body.authorizeUrl);
      const hop = await fetch(consent.location!, { redirect: "manual" });
      expect(new URL(hop.headers.get("location")!).searchParams.get("spotify")).toBe("denied");
    } finally {
      t.fake.denyConsent = false;
    }
    const bogus = await fetch(`${t.server.url}/api/music/connect/callback?code=x&state=not-a-state`, {
      redirect: "manual",
    });
    const landing = new URL(bogus.headers.get("location")!);
    expect(landing.searchParams.get("spotify")).toBe("error");
    expect(landing.searchParams.get("reason")).toBe("expired");
  });

  it("the fake verifies PKCE: a wrong verifier gets invalid_grant", async () => {
    const start = await fetch(
      `${t.fake.url}/authorize?client_id=${t.fake.clientId}&response_type=code&redirect_uri=${encodeURIComponent(t.redirectUri)}&code_challenge_method=S256&code_challenge=abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG&state=s`,
      { redirect: "manual" },
    );
    const code = new URL(start.headers.get("location")!).searchParams.get("code")!;
    const res = await fetch(`${t.fake.url}/api/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "authorization_code",
        code,
        redirect_uri: t.redirectUri,
        client_id: t.fake.clientId,
        code_verifier: "not-the-verifier-not-the-verifier-not-the-verifier",
      }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: "invalid_grant" });
  });

  it("keeps tokens sealed at rest and out of every document", async () => {
    const c = await MusicClient.register(t);
    await c.connect();
    const row = t.server.ctx.db
      .prepare("SELECT tokens FROM music_connections WHERE user_id = ?")
      .get(c.user.userId) as { tokens: string };
    expect(row.tokens).toMatch(/^v1\./);
    const issued = t.fake.issuedTokens();
    expect(issued.length).toBeGreaterThan(0);
    for (const token of issued) expect(row.tokens).not.toContain(token);
    // Nothing in the user's documents carries a token.
    const docs = t.server.ctx.db.prepare("SELECT data FROM storage_chunks").all() as Array<{ data: Buffer }>;
    for (const { data } of docs)
      for (const token of issued) expect(data.includes(Buffer.from(token))).toBe(false);
  });

  it("refreshes an expired access token, then asks to reconnect when Spotify refuses the refresh token", async () => {
    const c = await MusicClient.register(t);
    await c.connect();
    t.fake.expireAccessTokens();
    const before = t.fake.tokenRequests.length;
    const recent = await c.call<{ tracks: unknown[] }>("GET", "/api/music/recently-played?limit=5");
    expect(recent.status).toBe(200);
    expect(recent.body.tracks).toHaveLength(5);
    expect(t.fake.tokenRequests.slice(before)).toEqual([
      { grantType: "refresh_token", ok: true, error: null },
    ]);
    expect(t.fake.responses.some((r) => r.status === 401)).toBe(true);

    // Concurrent calls with an expired token share one refresh (the fake rotates refresh tokens).
    t.fake.expireAccessTokens();
    const mark = t.fake.tokenRequests.length;
    const all = await Promise.all([1, 2, 3, 4].map(() => c.call("GET", "/api/music/devices")));
    expect(all.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    expect(t.fake.tokenRequests.slice(mark).filter((r) => r.grantType === "refresh_token")).toHaveLength(1);

    t.fake.revokeAll();
    const refused = await c.call<{ error: { code: string; message: string } }>("GET", "/api/music/devices");
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("spotify_reconnect_required");
    expect(refused.body.error.message).toContain("Connect Spotify again");
    const status = (await c.call<Status>("GET", "/api/music/status")).body;
    expect(status).toMatchObject({ connected: false, needsReconnect: true });
    // Reconnecting clears it.
    await c.connect();
    expect((await c.call<Status>("GET", "/api/music/status")).body).toMatchObject({
      connected: true,
      needsReconnect: false,
    });
  });

  it("disconnect deletes the tokens (Spotify has no revocation endpoint) and says how to revoke on Spotify", async () => {
    const c = await MusicClient.register(t);
    await c.connect();
    expect(countRows(t.server.ctx.db, "music_connections")).toBeGreaterThan(0);
    const res = await c.call<{ disconnected: boolean; note: string }>("POST", "/api/music/disconnect", {});
    expect(res.status).toBe(200);
    expect(res.body.disconnected).toBe(true);
    expect(res.body.note).toContain("spotify.com/account/apps");
    const left = t.server.ctx.db
      .prepare("SELECT COUNT(*) AS n FROM music_connections WHERE user_id = ?")
      .get(c.user.userId) as { n: number };
    expect(left.n).toBe(0);
    const after = await c.call<{ error: { code: string } }>("GET", "/api/music/devices");
    expect(after.status).toBe(409);
    expect(after.body.error.code).toBe("spotify_not_connected");
  });

  it("account deletion removes the music rows (accounts hook); exports list the integration without secrets", async () => {
    const c = await MusicClient.register(t);
    await c.connect();
    const exported = await t.server.ctx.accountHooks.collectExport(c.user.userId);
    expect(exported.integrations).toEqual([
      {
        provider: "spotify",
        connectedAt: expect.any(String) as string,
        scopes: expect.stringContaining("user-top-read") as string,
        status: "connected",
      },
    ]);
    for (const token of t.fake.issuedTokens()) expect(JSON.stringify(exported)).not.toContain(token);
    const failures = await t.server.ctx.accountHooks.runDeleted({
      userId: c.user.userId,
      email: c.user.email,
      docIds: [],
    });
    expect(failures).toEqual([]);
    const left = t.server.ctx.db
      .prepare("SELECT COUNT(*) AS n FROM music_connections WHERE user_id = ?")
      .get(c.user.userId) as { n: number };
    expect(left.n).toBe(0);
  });

  it("needs a session for everything but the callback", async () => {
    for (const [method, path] of [
      ["GET", "/api/music/status"],
      ["POST", "/api/music/connect/start"],
      ["GET", "/api/music/devices"],
      ["POST", "/api/music/session-mix"],
    ] as const) {
      const res = await fetch(t.server.url + path, { method, headers: { origin: t.appOrigin } });
      expect(res.status, `${method} ${path}`).toBe(401);
    }
  });
});
