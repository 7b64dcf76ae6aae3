import { loadConfig } from "@cadence/sync-server";
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  countRows,
  httpRequest,
  login,
  registerUser,
  startTestServer,
  tempDir,
  waitFor,
} from "../support/server.js";
import type { HttpResult, TestUser } from "../support/server.js";

type Server = Awaited<ReturnType<typeof startTestServer>>;
type ErrorBody = { error: { code: string; message: string } };

const JSON_TYPE = { "content-type": "application/json" };
const LIMIT = 64 * 1024;
/** Tables a refused request must leave untouched. */
const TABLES = ["users", "sessions", "jobs", "sync_tickets", "document_owners", "storage_chunks"];

function expectError(res: HttpResult, status: number, code: string, message?: RegExp): ErrorBody {
  expect(res.status, `${res.status} ${res.text}`).toBe(status);
  expect(res.headers["content-type"]).toMatch(/^application\/json/);
  const body = res.json as ErrorBody;
  expect(body).toEqual({ error: { code, message: expect.any(String) as string } });
  expect(body.error.message.length).toBeGreaterThan(0);
  if (message) expect(body.error.message).toMatch(message);
  return body;
}

/** The value of one Prometheus sample (0 when absent). */
function metric(text: string, name: string, labels = ""): number {
  const line = text.split("\n").find((l) => l.startsWith(labels ? `${name}{${labels}} ` : `${name} `));
  return line ? Number(line.slice(line.lastIndexOf(" ") + 1)) : 0;
}

/** Parses `Set-Cookie: name=value; Attr; Attr=v` into its value and lower-cased attributes. */
function parseSetCookie(header: string | string[] | undefined) {
  const raw = Array.isArray(header) ? header[0] : header;
  expect(raw).toBeDefined();
  const [pair, ...attrs] = raw!.split(";").map((s) => s.trim());
  const eq = pair!.indexOf("=");
  const attributes = new Map<string, string>();
  for (const a of attrs) {
    const i = a.indexOf("=");
    attributes.set((i < 0 ? a : a.slice(0, i)).toLowerCase(), i < 0 ? "" : a.slice(i + 1));
  }
  return { name: pair!.slice(0, eq), value: pair!.slice(eq + 1), attributes };
}

describe("HTTP API", () => {
  let server: Server;
  let user: TestUser;
  let worker: Record<string, string>;

  beforeAll(async () => {
    server = await startTestServer();
    user = await registerUser(server.url);
    worker = { authorization: `Bearer ${server.ctx.config.workerToken}` };
  });
  afterAll(async () => {
    await server.close();
  });

  const counts = () => Object.fromEntries(TABLES.map((t) => [t, countRows(server.ctx.db, t)]));
  const jobRows = () => server.ctx.db.prepare("SELECT * FROM jobs ORDER BY id").all();
  const metricsText = async () => (await httpRequest(server.url, "/metrics")).text;
  const me = (cookie: string) => httpRequest(server.url, "/api/me", { headers: { cookie } });
  const enqueue = (userId: string, docUrl: string) => {
    const res = server.ctx.jobs.enqueue({
      requestId: crypto.randomUUID(),
      kind: "echo",
      docId: docUrl.replace(/^automerge:/, ""),
      userId,
    });
    if (!res.ok) throw new Error(`enqueue refused: ${res.reason}`);
    return res.job;
  };

  describe("refuses malformed requests with a 4xx naming the problem, and stores nothing", () => {
    /** Body fields an endpoint requires, and a body that gets each of them wrong. */
    interface Endpoint {
      path: () => string;
      headers: () => Record<string, string>;
      missing?: string[];
      wrongTypes?: { body: unknown; fields: string[] };
    }
    let leasedJobId = "";
    const endpoints: Record<string, Endpoint> = {
      register: {
        path: () => "/api/auth/register",
        headers: () => ({}),
        missing: ["email", "password"],
        wrongTypes: {
          body: { email: 42, password: ["x"], displayName: 7 },
          fields: ["email", "password", "displayName"],
        },
      },
      login: {
        path: () => "/api/auth/login",
        headers: () => ({}),
        missing: ["email", "password"],
        wrongTypes: { body: { email: true, password: 12345678 }, fields: ["email", "password"] },
      },
      logout: { path: () => "/api/auth/logout", headers: () => ({ cookie: user.cookie }) },
      ticket: { path: () => "/api/sync/ticket", headers: () => ({ cookie: user.cookie }) },
      "ticket (worker)": { path: () => "/api/sync/ticket", headers: () => worker },
      claim: {
        path: () => "/api/worker/jobs/claim",
        headers: () => worker,
        missing: ["kinds"],
        wrongTypes: { body: { kinds: "echo", waitMs: "soon" }, fields: ["kinds", "waitMs"] },
      },
      heartbeat: { path: () => `/api/worker/jobs/${leasedJobId}/heartbeat`, headers: () => worker },
      complete: { path: () => `/api/worker/jobs/${leasedJobId}/complete`, headers: () => worker },
      fail: {
        path: () => `/api/worker/jobs/${leasedJobId}/fail`,
        headers: () => worker,
        missing: ["reason", "retry"],
        wrongTypes: { body: { reason: 5, retry: "yes" }, fields: ["reason", "retry"] },
      },
    };

    let before: Record<string, number>;
    let jobsBefore: unknown[];
    beforeAll(async () => {
      // One job leased to the worker (heartbeat/complete/fail target it) and one still queued: a refused claim
      // must not lease it, a refused complete must not finish the other.
      enqueue(user.userId, user.rootDocUrl);
      const claimed = await httpRequest(server.url, "/api/worker/jobs/claim", {
        method: "POST",
        headers: { ...worker, ...JSON_TYPE },
        body: JSON.stringify({ kinds: ["echo"] }),
      });
      expect(claimed.status).toBe(200);
      leasedJobId = (claimed.json as { job: { id: string } }).job.id;
      enqueue(user.userId, user.rootDocUrl);
      before = counts();
      jobsBefore = jobRows();
    });

    const post = (
      e: Endpoint,
      headers: Record<string, string>,
      body?: string | Buffer,
      chunkBytes?: number,
    ) =>
      httpRequest(server.url, e.path(), {
        method: "POST",
        headers: { ...e.headers(), ...headers },
        ...(body === undefined ? {} : { body }),
        ...(chunkBytes === undefined ? {} : { chunkBytes }),
      });

    const oversized = JSON.stringify({
      email: "a@example.test",
      password: "x".repeat(LIMIT),
      kinds: ["echo"],
    });
    const streamedOversized = JSON.stringify({ kinds: ["echo"], pad: "x".repeat(16 * LIMIT) });

    for (const [name, e] of Object.entries(endpoints)) {
      describe(name, () => {
        it("invalid JSON → 400 invalid_json", async () => {
          for (const body of ['{"email": "a@b.c",', "{'single': 'quotes'}", "undefined", "\u0000"]) {
            expectError(await post(e, JSON_TYPE, body), 400, "invalid_json", /not valid JSON/);
          }
        });

        it("a wrong content-type → 415 naming application/json", async () => {
          const body = JSON.stringify({
            email: "a@example.test",
            password: "long enough pw",
            kinds: ["echo"],
          });
          for (const type of [
            "text/plain",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
          ]) {
            expectError(
              await post(e, { "content-type": type }, body),
              415,
              "unsupported_media_type",
              /application\/json/,
            );
          }
          // A body without any content-type is not taken as JSON either.
          expectError(await post(e, {}, body), 415, "unsupported_media_type", /application\/json/);
        });

        it("a body over 64 KiB → 413, declared or streamed", async () => {
          expectError(
            await post(e, JSON_TYPE, oversized),
            413,
            "payload_too_large",
            /larger than 65536 bytes/,
          );
          // Streamed (chunked, no Content-Length) and far over the limit: refused mid-stream, answered cleanly.
          expectError(
            await post(e, JSON_TYPE, streamedOversized, 16 * 1024),
            413,
            "payload_too_large",
            /larger than 65536 bytes/,
          );
        });

        it("a body that is not an object → 400 invalid_request", async () => {
          for (const body of ["[]", '"text"', "42", "null"]) {
            expectError(await post(e, JSON_TYPE, body), 400, "invalid_request", /body: .*expected object/);
          }
        });

        if (e.missing) {
          const missing = e.missing;
          it("missing fields → 400 invalid_request naming each field", async () => {
            const { error } = expectError(await post(e, JSON_TYPE, "{}"), 400, "invalid_request");
            for (const f of missing) expect(error.message).toMatch(new RegExp(`\\b${f}: `));
          });
        }

        if (e.wrongTypes) {
          const { body, fields } = e.wrongTypes;
          it("wrong types → 400 invalid_request naming each field", async () => {
            const { error } = expectError(
              await post(e, JSON_TYPE, JSON.stringify(body)),
              400,
              "invalid_request",
            );
            for (const f of fields) expect(error.message).toMatch(new RegExp(`\\b${f}: `));
          });
        }

        it("stored nothing and changed no job", () => {
          expect(counts()).toEqual(before);
          expect(jobRows()).toEqual(jobsBefore);
        });
      });
    }

    it("the session used by the refused logouts and tickets is still live", async () => {
      expect((await me(user.cookie)).status).toBe(200);
    });

    it("more field rules: a bad email, a short password, a claim wait over 25 s, an over-long reason", async () => {
      const cases: Array<[string, unknown, RegExp]> = [
        ["/api/auth/register", { email: "not-an-email", password: "long enough pw" }, /email: Invalid email/],
        ["/api/auth/register", { email: "ok@example.test", password: "short" }, /password: .*8/],
        ["/api/worker/jobs/claim", { kinds: ["echo"], waitMs: 25_001 }, /waitMs: .*25000/],
        ["/api/worker/jobs/claim", { kinds: [] }, /kinds: /],
        [`/api/worker/jobs/${leasedJobId}/fail`, { reason: "x".repeat(2001), retry: true }, /reason: .*2000/],
      ];
      for (const [path, body, message] of cases) {
        const res = await httpRequest(server.url, path, {
          method: "POST",
          headers: { ...worker, ...JSON_TYPE },
          body: JSON.stringify(body),
        });
        expectError(res, 400, "invalid_request", message);
      }
      expect(counts()).toEqual(before);
      expect(jobRows()).toEqual(jobsBefore);
    });

    it("worker endpoints without the worker credential → 401, counted as auth failures", async () => {
      const failuresBefore = metric(
        await metricsText(),
        "cadence_auth_failures_total",
        'reason="worker_credential"',
      );
      const wrong: Array<Record<string, string>> = [
        {},
        { authorization: "Bearer wrong" },
        { authorization: worker.authorization!.slice(0, -1) },
      ];
      let n = 0;
      for (const headers of wrong) {
        for (const path of [
          "claim",
          `${leasedJobId}/heartbeat`,
          `${leasedJobId}/complete`,
          `${leasedJobId}/fail`,
        ]) {
          const res = await httpRequest(server.url, `/api/worker/jobs/${path}`, {
            method: "POST",
            headers: { ...headers, ...JSON_TYPE },
            body: JSON.stringify({ kinds: ["echo"], reason: "r", retry: false }),
          });
          expectError(res, 401, "unauthenticated", /worker credential/);
          n++;
        }
      }
      // A user's session is not a worker credential either.
      expectError(
        await httpRequest(server.url, "/api/worker/jobs/claim", {
          method: "POST",
          headers: { cookie: user.cookie, ...JSON_TYPE },
          body: JSON.stringify({ kinds: ["echo"] }),
        }),
        401,
        "unauthenticated",
      );
      n++;
      expect(metric(await metricsText(), "cadence_auth_failures_total", 'reason="worker_credential"')).toBe(
        failuresBefore + n,
      );
      expect(counts()).toEqual(before);
      expect(jobRows()).toEqual(jobsBefore);
    });
  });

  describe("sessions", () => {
    it("register → me → logout → me is 401", async () => {
      const email = `flow-${Date.now()}@example.test`;
      const reg = await httpRequest(server.url, "/api/auth/register", {
        method: "POST",
        headers: JSON_TYPE,
        body: JSON.stringify({ email, password: "a long password", displayName: "Flow" }),
      });
      expect(reg.status).toBe(201);
      const body = reg.json as {
        user: { id: string; email: string; displayName: string };
        rootDocUrl: string;
      };
      expect(body).toEqual({
        user: { id: expect.stringMatching(/^[a-z2-7]{26}$/) as string, email, displayName: "Flow" },
        rootDocUrl: expect.stringMatching(/^automerge:/) as string,
      });
      const cookie = parseSetCookie(reg.headers["set-cookie"]);
      const header = `${cookie.name}=${cookie.value}`;

      const who = await me(header);
      expect(who.status).toBe(200);
      expect(who.json).toEqual(body);

      const sessions = countRows(server.ctx.db, "sessions");
      const out = await httpRequest(server.url, "/api/auth/logout", {
        method: "POST",
        headers: { cookie: header },
      });
      expect(out.status).toBe(204);
      expect(out.text).toBe("");
      const cleared = parseSetCookie(out.headers["set-cookie"]);
      expect(cleared.name).toBe("cadence_session");
      expect(cleared.value).toBe("");
      expect(cleared.attributes.get("max-age")).toBe("0");
      expect(countRows(server.ctx.db, "sessions")).toBe(sessions - 1);

      expectError(await me(header), 401, "unauthenticated", /not signed in/);
      // Logging out again with the dead cookie is refused too, and a forged or absent cookie never works.
      expectError(
        await httpRequest(server.url, "/api/auth/logout", { method: "POST", headers: { cookie: header } }),
        401,
        "unauthenticated",
      );
      expectError(await me(""), 401, "unauthenticated");
      expectError(
        await me(`cadence_session=${cookie.value.replace(/.$/, (c) => (c === "A" ? "B" : "A"))}`),
        401,
        "unauthenticated",
      );
    });

    it("the session cookie is HttpOnly, SameSite=Lax, Path=/ and holds at least 128 random bits", async () => {
      const fresh = await registerUser(server.url);
      const values: string[] = [];
      for (let i = 0; i < 8; i++) {
        const res = await login(server.url, fresh.email, fresh.password);
        expect(res.status).toBe(200);
        const c = parseSetCookie(res.headers["set-cookie"]);
        expect(c.name).toBe("cadence_session");
        expect(c.attributes.has("httponly")).toBe(true);
        expect(c.attributes.get("samesite")).toBe("Lax");
        expect(c.attributes.get("path")).toBe("/");
        expect(c.attributes.has("domain")).toBe(false);
        values.push(c.value);
      }
      for (const v of values) {
        // `<session id>.<secret>`: the secret alone is 43 base64url characters = 256 bits from crypto.randomBytes.
        const [id, secret] = v.split(".");
        expect(id).toMatch(/^[a-z2-7]{26}$/);
        expect(secret).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(Buffer.from(secret!, "base64url").length * 8).toBeGreaterThanOrEqual(128);
      }
      // No two secrets share anything but chance: all distinct, and no common prefix longer than a few chars.
      const secrets = values.map((v) => v.split(".")[1]!);
      expect(new Set(secrets).size).toBe(secrets.length);
      expect(new Set(secrets.map((s) => s.slice(0, 6))).size).toBe(secrets.length);
      // The database keeps only a hash of the secret.
      const stored = server.ctx.db.prepare("SELECT secret_hash FROM sessions").all() as Array<{
        secret_hash: Buffer;
      }>;
      const raw = stored.map((r) => Buffer.from(r.secret_hash).toString("base64url"));
      for (const s of secrets) expect(raw).not.toContain(s);
    });

    it("a wrong password and an unknown email get byte-identical answers", async () => {
      const victim = await registerUser(server.url);
      const wrongPassword = await login(server.url, victim.email, "not the password");
      const unknownEmail = await login(server.url, `nobody-${Date.now()}@example.test`, "not the password");
      expectError(wrongPassword, 401, "invalid_credentials");
      expect(unknownEmail.status).toBe(wrongPassword.status);
      expect(unknownEmail.body.equals(wrongPassword.body)).toBe(true);
      expect(unknownEmail.headers["content-type"]).toBe(wrongPassword.headers["content-type"]);
      expect(unknownEmail.headers["set-cookie"]).toBeUndefined();
      expect(wrongPassword.headers["set-cookie"]).toBeUndefined();
    });

    it("throttles repeated wrong logins for one account with 429 + Retry-After, refusing even the right password", async () => {
      const target = await registerUser(server.url);
      const sessions = countRows(server.ctx.db, "sessions");
      let res: HttpResult | undefined;
      for (let i = 0; i < 10; i++) {
        res = await login(server.url, target.email, `guess number ${i}`);
        if (res.status === 429) break;
        expectError(res, 401, "invalid_credentials");
      }
      const throttled = expectError(res!, 429, "too_many_attempts", /Try again in \d+ seconds/);
      const retryAfter = Number(res!.headers["retry-after"]);
      expect(Number.isInteger(retryAfter) && retryAfter >= 1).toBe(true);
      expect(throttled.error.message).toContain(`${retryAfter} seconds`);

      // The right password is refused while throttled (the throttle runs before the password is checked), also
      // with the email spelled differently.
      const right = await login(server.url, target.email, target.password);
      expectError(right, 429, "too_many_attempts");
      expect(Number(right.headers["retry-after"])).toBeGreaterThanOrEqual(1);
      expectError(
        await login(server.url, `  ${target.email.toUpperCase()} `, target.password),
        429,
        "too_many_attempts",
      );
      expect(countRows(server.ctx.db, "sessions")).toBe(sessions);

      // Once the delay has passed the right password works again (throttled attempts did not extend it).
      const ok = await waitFor(
        async () => {
          const r = await login(server.url, target.email, target.password);
          return r.status === 200 && r;
        },
        (retryAfter + 2) * 1000,
      );
      expect(ok.status).toBe(200);
      expect(countRows(server.ctx.db, "sessions")).toBe(sessions + 1);
    });
  });

  describe("cross-site requests", () => {
    it("refuses a state-changing request from a foreign Origin or a cross-site fetch with 403", async () => {
      const victim = await registerUser(server.url);
      const before = counts();
      const failuresBefore = metric(
        await metricsText(),
        "cadence_auth_failures_total",
        'reason="cross_site"',
      );
      const foreign: Array<Record<string, string>> = [
        { origin: "https://evil.example" },
        { origin: "null" },
        { origin: `${server.url}.evil.example` },
        { "sec-fetch-site": "cross-site" },
        { "sec-fetch-site": "same-site" },
      ];
      const requests: Array<[string, Record<string, string>, unknown]> = [
        ["/api/auth/register", {}, { email: `csrf-${Date.now()}@example.test`, password: "a long password" }],
        ["/api/auth/login", {}, { email: victim.email, password: victim.password }],
        ["/api/auth/logout", { cookie: victim.cookie }, {}],
        ["/api/sync/ticket", { cookie: victim.cookie }, {}],
        ["/api/worker/jobs/claim", worker, { kinds: ["echo"] }],
      ];
      let n = 0;
      for (const headers of foreign) {
        for (const [path, auth, body] of requests) {
          const res = await httpRequest(server.url, path, {
            method: "POST",
            headers: { ...auth, ...JSON_TYPE, ...headers },
            body: JSON.stringify(body),
          });
          expectError(res, 403, "cross_site_request", /origin/i);
          expect(res.headers["set-cookie"]).toBeUndefined();
          n++;
        }
      }
      expect(counts()).toEqual(before);
      expect((await me(victim.cookie)).status).toBe(200);
      expect(metric(await metricsText(), "cadence_auth_failures_total", 'reason="cross_site"')).toBe(
        failuresBefore + n,
      );

      // The app's own origin is accepted.
      const same = await httpRequest(server.url, "/api/auth/login", {
        method: "POST",
        headers: { ...JSON_TYPE, origin: server.url, "sec-fetch-site": "same-origin" },
        body: JSON.stringify({ email: victim.email, password: victim.password }),
      });
      expect(same.status).toBe(200);
    });
  });

  describe("routing", () => {
    it("answers an unknown path with 404 JSON", async () => {
      for (const path of ["/api/nope", "/api/auth", "/api/worker/jobs/x/explode", "/nothing-here"]) {
        expectError(await httpRequest(server.url, path), 404, "not_found");
        expectError(await httpRequest(server.url, path, { method: "POST" }), 404, "not_found");
      }
    });

    it("answers a wrong method with 405 JSON", async () => {
      const cases: Array<[string, string]> = [
        ["GET", "/api/auth/login"],
        ["GET", "/api/auth/register"],
        ["PUT", "/api/auth/logout"],
        ["POST", "/api/me"],
        ["DELETE", "/api/me"],
        ["GET", "/api/sync/ticket"],
        ["GET", "/api/worker/jobs/claim"],
        ["PATCH", "/api/worker/jobs/abc/complete"],
        ["POST", "/healthz"],
        ["POST", "/metrics"],
      ];
      for (const [method, path] of cases) {
        expectError(
          await httpRequest(server.url, path, { method }),
          405,
          "method_not_allowed",
          new RegExp(method),
        );
      }
    });
  });

  describe("operations", () => {
    it("/healthz answers {ok:true}", async () => {
      const res = await httpRequest(server.url, "/healthz");
      expect(res.status).toBe(200);
      expect(res.json).toEqual({ ok: true });
    });

    it("/metrics exposes the platform's metrics in Prometheus text", async () => {
      const res = await httpRequest(server.url, "/metrics");
      expect(res.status).toBe(200);
      expect(res.headers["content-type"]).toMatch(/^text\/plain/);
      const expected: Array<[string, string]> = [
        ["cadence_sync_open_sockets", "gauge"],
        ["cadence_documents_loaded", "gauge"],
        ["cadence_sync_messages_in_total", "counter"],
        ["cadence_sync_messages_out_total", "counter"],
        ["cadence_auth_failures_total", "counter"],
        ["cadence_jobs", "gauge"],
        ["cadence_http_request_duration_seconds", "histogram"],
      ];
      for (const [name, type] of expected) {
        expect(res.text).toContain(`# TYPE ${name} ${type}\n`);
        expect(res.text).toContain(`# HELP ${name} `);
      }
      // Samples, not only headers: jobs by state, and the latency of the requests made so far.
      expect(res.text).toMatch(/^cadence_jobs\{state="queued"\} \d+$/m);
      expect(res.text).toMatch(
        /^cadence_http_request_duration_seconds_count\{[^}]*route="\/healthz"[^}]*\} \d+$/m,
      );
      expect(res.text).toMatch(/^cadence_sync_open_sockets \d+$/m);
    });

    it("counts failed logins in cadence_auth_failures_total", async () => {
      const victim = await registerUser(server.url);
      const before = metric(await metricsText(), "cadence_auth_failures_total", 'reason="bad_credentials"');
      expect((await login(server.url, victim.email, "wrong password")).status).toBe(401);
      expect((await login(server.url, `ghost-${Date.now()}@example.test`, "wrong password")).status).toBe(
        401,
      );
      expect(metric(await metricsText(), "cadence_auth_failures_total", 'reason="bad_credentials"')).toBe(
        before + 2,
      );
    });
  });
});

describe("password storage", () => {
  it("stores argon2id with m=19456,t=2,p=1 under the default cost", async () => {
    // The default the server runs with when ARGON2_MEMORY_KIB is unset.
    expect(loadConfig({ DATA_DIR: tempDir(), PORT: "0" }).argon2MemoryKiB).toBe(19456);
    const server = await startTestServer({ argon2MemoryKiB: 19456 });
    try {
      const u = await registerUser(server.url);
      const row = server.ctx.db.prepare("SELECT password_hash FROM users WHERE id = ?").get(u.userId) as {
        password_hash: string;
      };
      expect(row.password_hash).toMatch(
        /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/,
      );
      expect(row.password_hash).not.toContain(u.password);
      expect((await login(server.url, u.email, u.password)).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
