import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { JobsClient } from "../src/jobs-client.js";
import { silentLogger } from "../src/log.js";
import { workerToken } from "../src/token.js";
import { freePort } from "./fake-server.js";

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});

async function scripted(handler: RequestListener): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const client = (serverUrl: string, token = "tok-abcdefgh", requestTimeoutMs = 2_000): JobsClient =>
  new JobsClient({ serverUrl, token: workerToken(token, silentLogger), requestTimeoutMs });

describe("JobsClient", () => {
  it("turns a server that is down into typed network errors, for every call", async () => {
    const c = client(`http://127.0.0.1:${await freePort()}`);
    for (const res of [
      await c.claim(["echo"], 1_000),
      await c.heartbeat("j1"),
      await c.complete("j1"),
      await c.fail("j1", { reason: "x", retry: true }),
      await c.syncTicket(),
    ]) {
      expect(res).toMatchObject({ ok: false, error: { type: "network" } });
    }
  });

  it("reports 500 and 401 with the server's error code and message", async () => {
    let status = 500;
    const url = await scripted((_req, res) => {
      res.writeHead(status, { "content-type": "application/json", "retry-after": "2" });
      res.end(
        JSON.stringify({ error: { code: status === 500 ? "internal" : "unauthenticated", message: "nope" } }),
      );
    });
    const c = client(url);
    expect(await c.claim(["echo"], 0)).toEqual({
      ok: false,
      error: { type: "http", status: 500, code: "internal", message: "nope", retryAfterMs: 2_000 },
    });
    status = 401;
    expect(await c.complete("j1")).toMatchObject({
      ok: false,
      error: { status: 401, code: "unauthenticated" },
    });
  });

  it("parses a claimed job, a 204, a ticket, and rejects malformed bodies", async () => {
    const job = {
      id: "j1",
      requestId: "r1",
      kind: "echo",
      docUrl: "automerge:x",
      attempts: 1,
      leaseExpiresAt: 5,
    };
    let reply: [number, string] = [200, JSON.stringify({ job })];
    const seen: { auth?: string; body: string }[] = [];
    const url = await scripted((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        seen.push({ auth: req.headers.authorization, body });
        res.writeHead(reply[0]).end(reply[1]);
      });
    });
    const c = client(url);
    expect(await c.claim(["echo"], 100)).toEqual({ ok: true, value: job });
    expect(seen[0]).toEqual({
      auth: "Bearer tok-abcdefgh",
      body: JSON.stringify({ kinds: ["echo"], waitMs: 100 }),
    });
    reply = [204, ""];
    expect(await c.claim(["echo"], 100)).toEqual({ ok: true, value: null });
    reply = [201, JSON.stringify({ ticket: "t-1", expiresAt: "2030-01-01T00:00:00Z" })];
    expect(await c.syncTicket()).toMatchObject({ ok: true, value: { ticket: "t-1" } });
    reply = [200, JSON.stringify({ job: { id: 3 } })];
    expect(await c.claim(["echo"], 100)).toMatchObject({ ok: false, error: { type: "invalid-response" } });
    reply = [200, "<html>"];
    expect(await c.heartbeat("j1")).toMatchObject({ ok: false, error: { type: "invalid-response" } });
  });

  it("times out a request the server never answers, and aborts a long-poll on signal", async () => {
    const url = await scripted(() => {
      /* never answers */
    });
    const c = client(url, "tok-abcdefgh", 200);
    expect(await c.complete("j1")).toMatchObject({ ok: false, error: { type: "network" } });
    const abort = new AbortController();
    const pending = c.claim(["echo"], 20_000, abort.signal);
    setTimeout(() => abort.abort(), 50);
    const started = Date.now();
    expect(await pending).toEqual({ ok: false, error: { type: "aborted" } });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("waits for the token file and re-reads it after a 401", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "cadence-worker-"));
    try {
      const file = path.join(dir, "worker-token");
      const url = await scripted((req, res) => {
        res.writeHead(req.headers.authorization === "Bearer second-token-xyz" ? 204 : 401).end();
      });
      const c = new JobsClient({ serverUrl: url, token: workerToken({ file }, silentLogger) });
      expect(await c.complete("j1")).toMatchObject({ ok: false, error: { type: "no-token" } });
      await writeFile(file, "first-token-abc\n");
      expect(await c.complete("j1")).toMatchObject({ ok: false, error: { type: "http", status: 401 } });
      await writeFile(file, "second-token-xyz\n");
      expect(await c.complete("j1")).toEqual({ ok: true, value: undefined });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
