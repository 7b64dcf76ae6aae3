import { makeClientPeerId } from "@cadence/shared-schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAccountsServer } from "../support/accounts.js";
import { RawPeer, until } from "../support/raw-peer.js";
import { httpRequest, login, registerUser, syncTicket } from "../support/server.js";

const ANDROID_CHROME =
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36";
const IPHONE_SAFARI =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
const WINDOWS_FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0";

interface SessionView {
  id: string;
  current: boolean;
  device: string;
  createdAt: string;
  lastSeenAt: string;
  syncConnections: number;
}

describe("where you are signed in", () => {
  let server: Awaited<ReturnType<typeof startAccountsServer>>;
  beforeAll(async () => {
    server = await startAccountsServer();
  });
  afterAll(async () => {
    await server.close();
  });

  async function signIn(email: string, password: string, ua: string): Promise<string> {
    const res = await httpRequest(server.url, "/api/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": ua },
      body: JSON.stringify({ email, password }),
    });
    expect(res.status).toBe(200);
    return String(res.headers["set-cookie"]).split(";")[0]!;
  }
  const list = async (cookie: string) => {
    const res = await httpRequest(server.url, "/api/auth/sessions", { headers: { cookie } });
    expect(res.status).toBe(200);
    return (res.json as { sessions: SessionView[] }).sessions;
  };
  const openSocket = async (cookie: string, userId: string) => {
    const ticket = await syncTicket(server.url, cookie);
    const peer = (await RawPeer.open(`${server.url.replace("http", "ws")}/sync?ticket=${ticket}`)) as RawPeer;
    await peer.join(makeClientPeerId(userId));
    return peer;
  };

  it("lists every session with its device, last seen and which one is this, and no secrets", async () => {
    const user = await registerUser(server.url);
    const phone = await signIn(user.email, user.password, ANDROID_CHROME);
    await signIn(user.email, user.password, IPHONE_SAFARI);
    const socket = await openSocket(phone, user.userId);
    const sessions = await list(user.cookie);
    expect(sessions).toHaveLength(3);
    expect(sessions.filter((s) => s.current)).toHaveLength(1);
    expect(sessions.map((s) => s.device).sort()).toEqual([
      "Chrome on Android",
      "Node.js",
      "Safari on iPhone",
    ]);
    expect(sessions.find((s) => s.device === "Chrome on Android")!.syncConnections).toBe(1);
    for (const s of sessions) {
      expect(Object.keys(s).sort()).toEqual(
        ["browser", "createdAt", "current", "device", "id", "lastSeenAt", "os", "syncConnections"].sort(),
      );
      expect(Date.parse(s.lastSeenAt)).toBeGreaterThan(Date.now() - 60_000);
    }
    // The ids shown are not the session ids (half of each cookie token).
    const ids = (
      server.ctx.db.prepare("SELECT id FROM sessions WHERE user_id = ?").all(user.userId) as Array<{
        id: string;
      }>
    ).map((r) => r.id);
    const text = JSON.stringify(sessions);
    for (const id of ids) expect(text).not.toContain(id);
    // A session that ran out (ten idle days) is not listed, though its row has not been cleaned up yet.
    server.ctx.db
      .prepare("UPDATE sessions SET last_verified_at = 0 WHERE user_id = ? AND user_agent = ?")
      .run(user.userId, IPHONE_SAFARI);
    expect((await list(user.cookie)).map((x) => x.device).sort()).toEqual(["Chrome on Android", "Node.js"]);
    socket.close();
  });

  it("signs one other session out, closing its sync socket within 5 s; another user's session is 404", async () => {
    const user = await registerUser(server.url);
    const phone = await signIn(user.email, user.password, ANDROID_CHROME);
    const socket = await openSocket(phone, user.userId);
    const target = (await list(user.cookie)).find((s) => s.device === "Chrome on Android")!;
    const stranger = await registerUser(server.url);
    const foreign = await httpRequest(server.url, `/api/auth/sessions/${target.id}`, {
      method: "DELETE",
      headers: { cookie: stranger.cookie },
    });
    expect(foreign.status).toBe(404);
    expect((await httpRequest(server.url, "/api/me", { headers: { cookie: phone } })).status).toBe(200);

    const started = Date.now();
    const res = await httpRequest(server.url, `/api/auth/sessions/${target.id}`, {
      method: "DELETE",
      headers: { cookie: user.cookie },
    });
    expect(res.status).toBe(204);
    expect(res.headers["set-cookie"]).toBeUndefined();
    await until(() => socket.closed !== null, 5000);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(socket.closed!.code).toBe(4001);
    expect((await httpRequest(server.url, "/api/me", { headers: { cookie: phone } })).status).toBe(401);
    expect((await httpRequest(server.url, "/api/me", { headers: { cookie: user.cookie } })).status).toBe(200);
    expect(await list(user.cookie)).toHaveLength(1);
  });

  it("signs out every other session at once and keeps this one; signing this one out clears its cookie", async () => {
    const user = await registerUser(server.url);
    const a = await signIn(user.email, user.password, ANDROID_CHROME);
    const b = await signIn(user.email, user.password, WINDOWS_FIREFOX);
    const sa = await openSocket(a, user.userId);
    const sb = await openSocket(b, user.userId);
    const keep = await openSocket(user.cookie, user.userId);
    const res = await httpRequest(server.url, "/api/auth/sessions/revoke-others", {
      method: "POST",
      headers: { cookie: user.cookie },
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ revoked: 2 });
    await until(() => sa.closed !== null && sb.closed !== null, 5000);
    expect(keep.closed).toBeNull();
    for (const c of [a, b])
      expect((await httpRequest(server.url, "/api/me", { headers: { cookie: c } })).status).toBe(401);
    const mine = await list(user.cookie);
    expect(mine).toHaveLength(1);

    const out = await httpRequest(server.url, `/api/auth/sessions/${mine[0]!.id}`, {
      method: "DELETE",
      headers: { cookie: user.cookie },
    });
    expect(out.status).toBe(204);
    expect(String(out.headers["set-cookie"])).toMatch(/^cadence_session=; .*Max-Age=0/);
    await until(() => keep.closed !== null, 5000);
    expect(
      (await httpRequest(server.url, "/api/auth/sessions", { headers: { cookie: user.cookie } })).status,
    ).toBe(401);
    expect((await login(server.url, user.email, user.password)).status).toBe(200);
  });
});
