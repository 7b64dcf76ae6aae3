import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestBrowser } from "../support/browser.js";
import { sessionsOf, setCookieValue, startAccountsServer } from "../support/accounts.js";
import { startFakeApple } from "../support/fake-apple.js";
import { httpRequest } from "../support/server.js";

const CLIENT_ID = "no.cadence.test.web";
const TEAM_ID = "TEAM123456";
const KEY_ID = "KEY7654321";
const CALLBACK = "/api/auth/oauth/apple/callback";
const APPLE_ORIGIN = "https://appleid.apple.com";

describe("Sign in with Apple (form_post) against a loopback fake", () => {
  let server: Awaited<ReturnType<typeof startAccountsServer>>;
  let apple: Awaited<ReturnType<typeof startFakeApple>>;

  beforeAll(async () => {
    apple = await startFakeApple({ clientId: CLIENT_ID, teamId: TEAM_ID, keyId: KEY_ID });
    server = await startAccountsServer({
      apple: {
        issuer: apple.issuer,
        clientId: CLIENT_ID,
        teamId: TEAM_ID,
        keyId: KEY_ID,
        privateKeyPem: apple.teamKeyPem,
        redirectUri: null,
      },
    });
  });
  afterAll(async () => {
    await server?.close();
    await apple?.close();
  });

  /** Start in the browser, let the fake "Apple" authorize, and return what Apple would post back. */
  async function authorize(browser: TestBrowser) {
    const start = await browser.request(server.url + "/api/auth/oauth/apple/start");
    expect(start.status).toBe(303);
    const granted = await apple.authorize(start.location!);
    return { start, ...granted, authorizeParams: new URL(start.location!).searchParams };
  }

  /** Apple's auto-submitted form: a cross-site POST from appleid.apple.com carrying only SameSite=None cookies. */
  function post(
    browser: TestBrowser,
    fields: Record<string, string>,
    opts: { accept?: string; cookies?: boolean } = {},
  ) {
    return browser.request(server.url + CALLBACK, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        origin: APPLE_ORIGIN,
        "sec-fetch-site": "cross-site",
        ...(opts.accept ? { accept: opts.accept } : {}),
      },
      body: new URLSearchParams(fields).toString(),
      cookies: opts.cookies,
    });
  }

  it("asks for name and email with response_mode=form_post, state and nonce, and sets a SameSite=None state cookie", async () => {
    const browser = new TestBrowser();
    const { start, authorizeParams } = await authorize(browser);
    expect(authorizeParams.get("response_mode")).toBe("form_post");
    expect(authorizeParams.get("scope")).toBe("openid name email");
    expect(authorizeParams.get("state")).toBeTruthy();
    expect(authorizeParams.get("nonce")).toBeTruthy();
    expect(authorizeParams.get("code_challenge")).toBeNull();
    const cookie = start.setCookies.find((c) => c.startsWith("cadence_oauth_apple="))!;
    expect(cookie).toMatch(/SameSite=None/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(new RegExp(`Path=${CALLBACK.replace(/\//g, "\\/")}`));
  });

  it("creates the account on the first sign-in with the name Apple sends only then, and keeps it afterwards", async () => {
    const sub = `apple-${Date.now()}`;
    const email = `x${Date.now()}@privaterelay.appleid.test`;
    apple.login({ sub, email });
    const browser = new TestBrowser();
    const first = await authorize(browser);
    const done = await post(browser, {
      code: first.code,
      state: first.state,
      user: JSON.stringify({ name: { firstName: "Ada", lastName: "Lovelace" }, email }),
    });
    expect(done.status).toBe(303);
    expect(done.location).toBe(server.url + "/onboarding?new=1");
    const session = setCookieValue(done.setCookies, "cadence_session");
    expect(session).toBeTruthy();
    const me = await httpRequest(server.url, "/api/me", {
      headers: { cookie: `cadence_session=${session}` },
    });
    expect(me.json).toMatchObject({ user: { email, displayName: "Ada Lovelace" } });
    const userId = (me.json as { user: { id: string } }).user.id;

    // The client secret was an ES256 JWT signed with the team key, with Apple's claims, checked by the fake.
    expect(apple.log.clientSecretRejections).toEqual([]);
    expect(apple.log.clientSecretHeaders.at(-1)).toMatchObject({ alg: "ES256", kid: KEY_ID });
    expect(apple.log.clientSecretClaims.at(-1)).toMatchObject({
      iss: TEAM_ID,
      sub: CLIENT_ID,
      aud: apple.issuer,
    });

    // Second sign-in: Apple sends no name; the account and its name stay.
    const again = new TestBrowser();
    const second = await authorize(again);
    const res = await post(again, { code: second.code, state: second.state }, { accept: "application/json" });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({
      isNew: false,
      user: { id: userId, displayName: "Ada Lovelace" },
    });
    expect(sessionsOf(server, userId)).toBe(2);
  });

  it("accepts the cross-site POST only on the callback, and only with the state cookie of the browser that started", async () => {
    apple.login({ sub: `apple-csrf-${Date.now()}`, email: `c${Date.now()}@privaterelay.appleid.test` });
    const browser = new TestBrowser();
    const granted = await authorize(browser);
    // Without the state cookie (another browser, or a cookie the browser did not send): refused.
    const refused = await post(
      browser,
      { code: granted.code, state: granted.state },
      { cookies: false, accept: "application/json" },
    );
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.body)).toMatchObject({ error: { code: "invalid_state" } });
    expect(setCookieValue(refused.setCookies, "cadence_session")).toBeUndefined();
    // The state was spent by that attempt: the real browser cannot complete it afterwards either.
    const late = await post(
      browser,
      { code: granted.code, state: granted.state },
      { accept: "application/json" },
    );
    expect(JSON.parse(late.body)).toMatchObject({ error: { code: "invalid_state" } });
    // Every other state-changing endpoint still refuses a cross-site POST.
    const other = await httpRequest(server.url, "/api/auth/logout", {
      method: "POST",
      headers: { origin: APPLE_ORIGIN, "content-type": "application/json" },
      body: "{}",
    });
    expect(other.status).toBe(403);
  });

  it("refuses a code replayed with a fresh state (Apple's codes work once) and a cancelled sign-in", async () => {
    apple.login({ sub: `apple-replay-${Date.now()}`, email: `r${Date.now()}@privaterelay.appleid.test` });
    const a = new TestBrowser();
    const first = await authorize(a);
    expect((await post(a, { code: first.code, state: first.state })).status).toBe(303);
    const b = new TestBrowser();
    const fresh = await authorize(b);
    const replay = await post(b, { code: first.code, state: fresh.state }, { accept: "application/json" });
    expect(replay.status).toBe(401);
    expect(JSON.parse(replay.body)).toMatchObject({ error: { code: "oauth_failed" } });

    const c = new TestBrowser();
    const cancelled = await authorize(c);
    const res = await post(c, { state: cancelled.state, error: "user_cancelled_authorize" });
    expect(res.location).toBe(server.url + "/?auth_error=access_denied");
    expect(setCookieValue(res.setCookies, "cadence_session")).toBeUndefined();
  });
});
