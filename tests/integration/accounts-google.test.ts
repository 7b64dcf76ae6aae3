import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestBrowser } from "../support/browser.js";
import { sessionsOf, setCookieValue, startAccountsServer } from "../support/accounts.js";
import { startOidcProvider } from "../support/oidc-provider.js";
import { freePort, httpRequest, registerUser } from "../support/server.js";

const CLIENT_ID = "cadence-test-client";
const CLIENT_SECRET = "a-long-test-client-secret-0123456789";
const CALLBACK = "/api/auth/oauth/google/callback";

describe("Google-style sign-in against a real OpenID provider on loopback", () => {
  let server: Awaited<ReturnType<typeof startAccountsServer>>;
  let idp: Awaited<ReturnType<typeof startOidcProvider>>;
  let n = 0;

  beforeAll(async () => {
    const idpPort = await freePort();
    server = await startAccountsServer({
      google: {
        issuer: `http://127.0.0.1:${idpPort}`,
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        redirectUri: null,
      },
    });
    idp = await startOidcProvider({
      port: idpPort,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      redirectUris: [server.url + CALLBACK],
    });
  });
  afterAll(async () => {
    await server?.close();
    await idp?.close();
  });

  const person = (over: Partial<{ email: string; name: string; email_verified: boolean }> = {}) => {
    n++;
    return {
      sub: `google-sub-${n}-${Date.now()}`,
      email: `person${n}-${Date.now()}@gmail.test`,
      email_verified: true,
      name: `Person ${n}`,
      ...over,
    };
  };

  /** Start → provider (auto login) → stop right before the provider's redirect back to Cadence. */
  async function toCallback(browser: TestBrowser, start = "/api/auth/oauth/google/start") {
    const first = await browser.request(server.url + start);
    expect(first.status).toBe(303);
    const { next, last } = await browser.follow(first.location!, (u) => u.startsWith(server.url));
    return { callbackUrl: next, providerAnswer: last, authorizeUrl: new URL(first.location!) };
  }

  const users = () => (server.ctx.db.prepare("SELECT COUNT(*) AS n FROM users").get() as { n: number }).n;
  const allSessions = () =>
    (server.ctx.db.prepare("SELECT COUNT(*) AS n FROM sessions").get() as { n: number }).n;

  it("signs a new person up: root document, verified email, isNew → onboarding, a session", async () => {
    const who = person();
    idp.login(who);
    const browser = new TestBrowser();
    const { callbackUrl, authorizeUrl } = await toCallback(browser);
    // What Cadence asked the provider for: code flow, PKCE S256, state and nonce.
    const q = authorizeUrl.searchParams;
    expect(q.get("response_type")).toBe("code");
    expect(q.get("code_challenge_method")).toBe("S256");
    expect(q.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get("state")!.length).toBeGreaterThanOrEqual(32);
    expect(q.get("nonce")!.length).toBeGreaterThanOrEqual(32);
    expect(q.get("redirect_uri")).toBe(server.url + CALLBACK);
    expect(callbackUrl).toMatch(/[?&]code=/);

    const done = await browser.request(callbackUrl!);
    expect(done.status).toBe(303);
    expect(done.location).toBe(server.url + "/onboarding?new=1");
    const me = await browser.request(server.url + "/api/me");
    expect(me.status).toBe(200);
    const body = JSON.parse(me.body) as {
      user: { id: string; email: string; displayName: string };
      rootDocUrl: string;
    };
    expect(body.user).toMatchObject({ email: who.email, displayName: who.name });
    const record = server.ctx.accountRecords.byId(body.user.id)!;
    expect(record.emailVerifiedAt).not.toBeNull();
    expect(record.hasPassword).toBe(false);
    expect(server.ctx.ownership.ownerOf(record.rootDocId)).toBe(record.id);
    const chunks = server.ctx.db
      .prepare("SELECT COUNT(*) AS n FROM storage_chunks WHERE doc_id = ?")
      .get(record.rootDocId) as { n: number };
    expect(chunks.n).toBeGreaterThan(0);
  });

  it("signs a returning person in to the same account, to where they started", async () => {
    const who = person();
    idp.login(who);
    const first = new TestBrowser();
    await first.request((await toCallback(first)).callbackUrl!);
    const before = users();
    const again = new TestBrowser();
    idp.login(who);
    const { callbackUrl } = await toCallback(
      again,
      "/api/auth/oauth/google/start?return=%2Fhistory%3Fweek%3D3",
    );
    const done = await again.request(callbackUrl!);
    expect(done.location).toBe(server.url + "/history?week=3");
    expect(users()).toBe(before);
    // The JSON answer for non-browser callers says isNew: false.
    const third = new TestBrowser();
    const cb = (await toCallback(third)).callbackUrl!;
    const json = await third.request(cb, { headers: { accept: "application/json" } });
    expect(json.status).toBe(200);
    expect(JSON.parse(json.body)).toMatchObject({ isNew: false, user: { email: who.email } });
  });

  it("never redirects off-site afterwards: an absolute or protocol-relative return is replaced by /", async () => {
    const who = person();
    idp.login(who);
    const b = new TestBrowser();
    await b.request((await toCallback(b)).callbackUrl!);
    for (const bad of [
      "https://evil.example/x",
      "//evil.example/x",
      "/\\evil.example",
      "javascript:alert(1)",
    ]) {
      const c = new TestBrowser();
      const { callbackUrl } = await toCallback(
        c,
        `/api/auth/oauth/google/start?return=${encodeURIComponent(bad)}`,
      );
      const done = await c.request(callbackUrl!);
      expect(done.location).toBe(server.url + "/");
    }
  });

  it("links to an existing account with the same verified email, and refuses an unverified one", async () => {
    const verified = await registerUser(server.url);
    const token = server.ctx.accountRecords.issueEmailToken(
      "verify_email",
      verified.userId,
      verified.email,
      60_000,
    );
    const v = await httpRequest(server.url, "/api/auth/verify-email", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ token }),
    });
    expect(v.status).toBe(200);
    idp.login({ sub: `link-${Date.now()}`, email: verified.email, email_verified: true, name: "Linked" });
    const b = new TestBrowser();
    const done = await b.request((await toCallback(b)).callbackUrl!, {
      headers: { accept: "application/json" },
    });
    expect(JSON.parse(done.body)).toMatchObject({ isNew: false, user: { id: verified.userId } });
    expect(server.ctx.accountRecords.identities(verified.userId).map((i) => i.provider)).toEqual(["google"]);

    const unverified = await registerUser(server.url);
    const before = users();
    idp.login({ sub: `squat-${Date.now()}`, email: unverified.email, email_verified: true });
    const c = new TestBrowser();
    const refused = await c.request((await toCallback(c)).callbackUrl!);
    expect(refused.location).toBe(server.url + "/?auth_error=account_exists_unverified");
    expect(setCookieValue(refused.setCookies, "cadence_session")).toBeUndefined();
    expect(server.ctx.accountRecords.identities(unverified.userId)).toEqual([]);
    expect(users()).toBe(before);

    // A provider identity without a verified email is refused outright.
    idp.login({
      sub: `unverified-${Date.now()}`,
      email: `nov-${Date.now()}@gmail.test`,
      email_verified: false,
    });
    const d = new TestBrowser();
    const nov = await d.request((await toCallback(d)).callbackUrl!);
    expect(nov.location).toBe(server.url + "/?auth_error=email_not_verified");
    expect(users()).toBe(before);
  });

  describe("rejects every tampered or replayed step, and signs nobody in", () => {
    /** Runs a flow up to the callback, lets `tamper` interfere, and returns the callback's answer. */
    async function attempt(
      tamper: (ctx: { browser: TestBrowser; callbackUrl: URL }) => void | Promise<void>,
    ) {
      idp.login(person());
      const browser = new TestBrowser();
      const { callbackUrl } = await toCallback(browser);
      const url = new URL(callbackUrl!);
      const beforeUsers = users();
      const beforeSessions = allSessions();
      await tamper({ browser, callbackUrl: url });
      const res = await browser.request(url.href, { headers: { accept: "application/json" } });
      expect(setCookieValue(res.setCookies, "cadence_session")).toBeUndefined();
      expect(users()).toBe(beforeUsers);
      expect(allSessions()).toBe(beforeSessions);
      return { status: res.status, code: (JSON.parse(res.body) as { error?: { code: string } }).error?.code };
    }

    const stateRows = () =>
      server.ctx.db.prepare("SELECT COUNT(*) AS n FROM oauth_states").get() as { n: number };

    it("missing state", async () => {
      expect(await attempt(({ callbackUrl }) => callbackUrl.searchParams.delete("state"))).toEqual({
        status: 400,
        code: "invalid_state",
      });
    });

    it("a state replayed after it was used", async () => {
      idp.login(person());
      const browser = new TestBrowser();
      const { callbackUrl } = await toCallback(browser);
      const bindingBefore = browser.cookie(server.url, "cadence_oauth_google")!;
      expect((await browser.request(callbackUrl!)).status).toBe(303);
      const sessions = allSessions();
      browser.setCookie(server.url, "cadence_oauth_google", bindingBefore);
      const replay = await browser.request(callbackUrl!, { headers: { accept: "application/json" } });
      expect(replay.status).toBe(400);
      expect(JSON.parse(replay.body)).toMatchObject({ error: { code: "invalid_state" } });
      expect(allSessions()).toBe(sessions);
    });

    it("an expired state (older than 5 minutes)", async () => {
      expect(
        await attempt(() => {
          server.ctx.db.prepare("UPDATE oauth_states SET expires_at = ?").run(Date.now() - 1);
        }),
      ).toEqual({ status: 400, code: "invalid_state" });
    });

    it("a state completed in another browser than the one that started (no login CSRF)", async () => {
      expect(
        await attempt(({ browser }) => browser.setCookie(server.url, "cadence_oauth_google", null)),
      ).toEqual({
        status: 400,
        code: "invalid_state",
      });
      expect(
        await attempt(({ browser }) =>
          browser.setCookie(server.url, "cadence_oauth_google", "someone-elses-binding"),
        ),
      ).toEqual({ status: 400, code: "invalid_state" });
    });

    it("a wrong PKCE verifier (the provider refuses the code)", async () => {
      const before = idp.state.tokenRequests;
      expect(
        await attempt(() => {
          server.ctx.db.prepare("UPDATE oauth_states SET code_verifier = ?").run("x".repeat(43));
        }),
      ).toEqual({ status: 401, code: "oauth_failed" });
      expect(idp.state.tokenRequests).toBe(before + 1);
      expect(stateRows().n).toBe(0);
    });

    it("a wrong nonce in the ID Token", async () => {
      expect(
        await attempt(() => {
          server.ctx.db.prepare("UPDATE oauth_states SET nonce = ?").run("a-nonce-this-sign-in-never-sent");
        }),
      ).toEqual({ status: 401, code: "oauth_failed" });
      try {
        idp.tamperIdToken((c) => (c.nonce = "forged-nonce"));
        expect(await attempt(() => undefined)).toEqual({ status: 401, code: "oauth_failed" });
      } finally {
        idp.tamperIdToken(null);
      }
    });

    it("an ID Token for another audience", async () => {
      try {
        idp.tamperIdToken((c) => (c.aud = "someone-elses-client"));
        expect(await attempt(() => undefined)).toEqual({ status: 401, code: "oauth_failed" });
        idp.tamperIdToken((c) => (c.aud = [CLIENT_ID, "someone-elses-client"]));
        expect(await attempt(() => undefined)).toEqual({ status: 401, code: "oauth_failed" });
      } finally {
        idp.tamperIdToken(null);
      }
    });

    it("an ID Token from another issuer, or an authorization response naming another issuer (mix-up)", async () => {
      try {
        idp.tamperIdToken((c) => (c.iss = "https://accounts.evil.example"));
        expect(await attempt(() => undefined)).toEqual({ status: 401, code: "oauth_failed" });
      } finally {
        idp.tamperIdToken(null);
      }
      expect(
        await attempt(({ callbackUrl }) =>
          callbackUrl.searchParams.set("iss", "https://accounts.evil.example"),
        ),
      ).toEqual({ status: 401, code: "oauth_failed" });
    });

    it("an ID Token whose signature does not verify (claims altered after signing)", async () => {
      try {
        idp.tamperIdToken((c) => (c.email = "changed-after-signing@gmail.test"), { resign: false });
        expect(await attempt(() => undefined)).toEqual({ status: 401, code: "oauth_failed" });
      } finally {
        idp.tamperIdToken(null);
      }
    });

    it("a person who cancels at the provider", async () => {
      expect(
        await attempt(({ callbackUrl }) => {
          callbackUrl.searchParams.delete("code");
          callbackUrl.searchParams.set("error", "access_denied");
        }),
      ).toEqual({ status: 400, code: "access_denied" });
    });
  });

  it("an unregistered redirect URI is refused by the provider: nobody is sent back, nothing is created", async () => {
    const config = server.ctx.config.accounts.google!;
    const original = config.redirectUri;
    config.redirectUri = server.url + "/api/auth/oauth/google/callback-elsewhere";
    try {
      idp.login(person());
      const browser = new TestBrowser();
      const before = users();
      const { callbackUrl, providerAnswer } = await toCallback(browser);
      expect(callbackUrl).toBeNull();
      expect(providerAnswer.status).toBe(400);
      expect(providerAnswer.body).toMatch(/redirect_uri/);
      expect(users()).toBe(before);
    } finally {
      config.redirectUri = original;
    }
  });

  it("two concurrent exchanges of one code give one session at most", async () => {
    const who = person();
    idp.login(who);
    const browser = new TestBrowser();
    const { callbackUrl } = await toCallback(browser);
    const answers = await Promise.all(
      [0, 1, 2, 3].map(() => browser.request(callbackUrl!, { headers: { accept: "application/json" } })),
    );
    const ok = answers.filter((a) => a.status === 200);
    expect(ok).toHaveLength(1);
    const userId = (JSON.parse(ok[0]!.body) as { user: { id: string } }).user.id;
    expect(sessionsOf(server, userId)).toBe(1);
    for (const a of answers.filter((x) => x.status !== 200)) {
      expect(setCookieValue(a.setCookies, "cadence_session")).toBeUndefined();
    }
  });

  it("keeps the binding cookie narrow: HttpOnly, SameSite=Lax, only on the callback path, 5 minutes", async () => {
    const res = await new TestBrowser().request(server.url + "/api/auth/oauth/google/start");
    const c = res.setCookies.find((x) => x.startsWith("cadence_oauth_google="))!;
    expect(c).toMatch(/; Path=\/api\/auth\/oauth\/google\/callback/);
    expect(c).toMatch(/; HttpOnly/);
    expect(c).toMatch(/; SameSite=Lax/);
    expect(c).toMatch(/; Max-Age=300/);
    // The state row stores hashes and the verifier, never the state or the binding in clear.
    const row = server.ctx.db
      .prepare("SELECT * FROM oauth_states ORDER BY expires_at DESC LIMIT 1")
      .get() as Record<string, unknown>;
    const state = new URL(res.location!).searchParams.get("state")!;
    expect(JSON.stringify(row)).not.toContain(state);
  });

  it("answers 404 provider_not_configured for a provider that is not set up", async () => {
    const res = await httpRequest(server.url, "/api/auth/oauth/apple/start");
    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({ error: { code: "provider_not_configured" } });
    const providers = await httpRequest(server.url, "/api/auth/providers");
    expect(providers.json).toEqual({ google: true, apple: false, emailVerification: "optional" });
  });
});
