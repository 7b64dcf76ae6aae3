// Helpers for the music integration tests: a real sync server wired to the loopback Spotify fake, and a tiny
// "browser" that walks the connect flow with cookies.
import { loadConfig } from "@cadence/sync-server";
import type { RunningServer } from "@cadence/sync-server";
import { freePort, registerUser, startTestServer, tempDir, type TestUser } from "./server.js";
import { SpotifyFake } from "./spotify-fake.js";

export interface MusicTestServer {
  server: RunningServer & { dataDir: string };
  fake: SpotifyFake;
  /** The app's origin as a browser on http://localhost:PORT sends it. */
  appOrigin: string;
  redirectUri: string;
  close(): Promise<void>;
}

/** The fake plus a sync server configured with SPOTIFY_* pointing at it (and any extra env). */
export async function startMusicServer(
  env: Record<string, string> = {},
  fakeOptions: Parameters<typeof SpotifyFake.start>[0] = {},
): Promise<MusicTestServer> {
  const fake = await SpotifyFake.start(fakeOptions);
  const port = await freePort();
  const dataDir = tempDir("cadence-music-");
  const full = loadConfig({
    DATA_DIR: dataDir,
    PORT: String(port),
    CLIENT_DIR: "",
    SPOTIFY_CLIENT_ID: fake.clientId,
    SPOTIFY_ACCOUNTS_URL: fake.accountsUrl,
    SPOTIFY_API_URL: fake.apiUrl,
    ...env,
  });
  const redirectUri = full.music.spotify?.redirectUri ?? "";
  fake.redirectUris.push(redirectUri);
  const server = await startTestServer({ dataDir, port, music: full.music });
  return {
    server,
    fake,
    appOrigin: `http://localhost:${port}`,
    redirectUri,
    async close() {
      await server.close();
      await fake.close();
    },
  };
}

export interface ApiAnswer<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** A signed-in user's calls to /api/music, as the app in a browser on `appOrigin` makes them. */
export class MusicClient {
  /** The connect cookie the server set at connect/start (the browser keeps it for /api/music/connect). */
  connectCookie: string | null = null;

  constructor(
    readonly t: MusicTestServer,
    readonly user: TestUser,
  ) {}

  static async register(t: MusicTestServer): Promise<MusicClient> {
    return new MusicClient(t, await registerUser(t.server.url));
  }

  async call<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    extraCookie?: string,
  ): Promise<ApiAnswer<T>> {
    const headers: Record<string, string> = {
      cookie: [this.user.cookie, extraCookie].filter(Boolean).join("; "),
      origin: this.t.appOrigin,
    };
    if (body !== undefined) headers["content-type"] = "application/json";
    const res = await fetch(this.t.server.url + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      redirect: "manual",
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T, headers: res.headers };
  }

  /**
   * The whole connect flow. `sameOrigin`: the browser is on the redirect URI's origin (its connect cookie reaches
   * the callback, which finishes at once); otherwise the callback hands over to the app, which confirms.
   */
  async connect(opts: { sameOrigin?: boolean } = {}): Promise<{ landing: URL; state: string }> {
    const start = await this.call<{ authorizeUrl: string }>("POST", "/api/music/connect/start", {
      returnTo: "/settings/music",
    });
    if (start.status !== 200) throw new Error(`connect/start: ${start.status} ${JSON.stringify(start.body)}`);
    this.connectCookie = (start.headers.get("set-cookie") ?? "").split(";")[0]!;
    const authorize = await this.t.fake.authorize(start.body.authorizeUrl);
    if (authorize.status !== 302 || !authorize.location)
      throw new Error(`authorize: ${authorize.status} ${authorize.text}`);
    const callback = new URL(authorize.location);
    const state = callback.searchParams.get("state") ?? "";
    const res = await fetch(callback, {
      redirect: "manual",
      headers: opts.sameOrigin && this.connectCookie ? { cookie: this.connectCookie } : {},
    });
    const landing = new URL(res.headers.get("location") ?? "about:blank");
    if (landing.searchParams.get("spotify") === "confirm") {
      const confirm = await this.call(
        "POST",
        "/api/music/connect/confirm",
        { state: landing.searchParams.get("state") },
        this.connectCookie ?? undefined,
      );
      if (confirm.status !== 200)
        throw new Error(`confirm: ${confirm.status} ${JSON.stringify(confirm.body)}`);
    }
    return { landing, state };
  }
}
