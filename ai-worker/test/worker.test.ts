import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { getAllChanges, decodeChange } from "@automerge/automerge";
import { afterEach, describe, expect, it } from "vitest";
import { handlerRegistry, PermanentJobError, type JobHandler } from "../src/handlers/index.js";
import { echoHandler } from "../src/handlers/echo.js";
import { createWorker, type Worker, type WorkerConfigInput } from "../src/index.js";
import { captureLogger, FakeCadenceServer, freePort, until } from "./fake-server.js";

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function fakeServer(port?: number): Promise<FakeCadenceServer> {
  const server = new FakeCadenceServer();
  cleanup.push(() => server.close());
  await server.start(port);
  return server;
}

function startWorker(
  config: WorkerConfigInput,
  handlers: JobHandler[] = [echoHandler()],
): { worker: Worker; lines: string[] } {
  const { log, lines } = captureLogger();
  const worker = createWorker(
    {
      claimWaitMs: 2_000,
      findTimeoutMs: 3_000,
      ackTimeoutMs: 3_000,
      shutdownGraceMs: 200,
      backoff: { initialMs: 20, maxMs: 300 },
      ...config,
    },
    { log, handlers: handlerRegistry(handlers) },
  );
  cleanup.push(() => worker.stop());
  return { worker, lines };
}

/** A handler that runs until aborted (lease lost, shutdown). */
const stuckHandler = (started: () => void): JobHandler => ({
  kind: "echo",
  run: ({ signal }) =>
    new Promise((_resolve, reject) => {
      started();
      signal.addEventListener("abort", () => reject(signal.reason as Error));
    }),
});

describe("worker", () => {
  it("answers an echo request and completes only after the server has the result", async () => {
    const server = await fakeServer();
    const { worker, lines } = startWorker({ serverUrl: server.url, token: server.token });
    await worker.start();
    const { handle, job } = server.createRequest("echo", { text: "bonjour" });
    server.enqueue(job);

    await until(() => worker.health().jobsDone === 1, "job completed");
    expect(server.completed).toEqual([{ id: job.id, statusInDoc: "done" }]);
    const request = server.request(handle, job.requestId);
    expect(request).toMatchObject({ status: "done", error: null, result: { echoed: "bonjour" } });
    expect(Date.parse(String(request?.result?.at))).not.toBeNaN();
    const messages = getAllChanges(handle.doc()).map((c) => decodeChange(c).message);
    expect(messages).toContain(`ai-worker ${worker.peerId}: echo request ${job.requestId} -> done`);
    expect(worker.health()).toMatchObject({ ok: true, connected: true, jobsDone: 1, jobsFailed: 0 });
    expect(lines.join("\n")).not.toContain(server.token);
  });

  it("only completes a request that is already done (idempotent rerun)", async () => {
    const server = await fakeServer();
    const { worker } = startWorker({ serverUrl: server.url, token: server.token });
    await worker.start();
    const { handle, job } = server.createRequest("echo", { text: "x" }, "done");
    const heads = handle.heads();
    server.enqueue(job);
    await until(() => server.completed.length === 1, "job completed");
    expect(handle.heads()).toEqual(heads);
  });

  it("marks invalid input failed in the document and fails the job without retry", async () => {
    const server = await fakeServer();
    const { worker } = startWorker({ serverUrl: server.url, token: server.token });
    await worker.start();
    const { handle, job } = server.createRequest("echo", { words: 3 });
    server.enqueue(job);
    await until(() => server.failed.length === 1, "job failed");
    expect(server.failed[0]).toMatchObject({ id: job.id, retry: false });
    expect(server.request(handle, job.requestId)).toMatchObject({ status: "failed", result: null });
    expect(server.request(handle, job.requestId)?.error).toMatch(/text/);
  });

  it("fails without retry when the request is not in the document", async () => {
    const server = await fakeServer();
    const { worker } = startWorker({ serverUrl: server.url, token: server.token });
    await worker.start();
    const { job } = server.createRequest();
    server.enqueue({ ...job, requestId: "missing" });
    await until(() => server.failed.length === 1, "job failed");
    expect(server.failed[0]?.retry).toBe(false);
    expect(server.failed[0]?.reason).toMatch(/not in the document/);
  });

  it("a permanent handler error fails the request for good", async () => {
    const server = await fakeServer();
    const broken: JobHandler = { kind: "echo", run: () => Promise.reject(new PermanentJobError("bad plan")) };
    const { worker } = startWorker({ serverUrl: server.url, token: server.token }, [broken]);
    await worker.start();
    const { handle, job } = server.createRequest();
    server.enqueue(job);
    await until(() => server.failed.length === 1, "job failed");
    expect(server.failed[0]).toMatchObject({ retry: false, reason: "bad plan" });
    expect(server.request(handle, job.requestId)).toMatchObject({ status: "failed", error: "bad plan" });
  });

  it("aborts the job and fails it with retry when the lease is lost", async () => {
    const server = await fakeServer();
    server.leaseMs = 900; // heartbeats every ~300 ms
    let started = false;
    const { worker } = startWorker({ serverUrl: server.url, token: server.token }, [
      stuckHandler(() => (started = true)),
    ]);
    await worker.start();
    const { handle, job } = server.createRequest();
    server.enqueue(job);
    await until(() => started, "handler started");
    await until(() => server.heartbeats.length >= 1, "a heartbeat");
    server.heartbeatStatus = 409;
    await until(() => worker.health().jobsFailed === 1, "job given up");
    expect(server.request(handle, job.requestId)?.status).toBe("working");
    expect(worker.health().lastError).toMatch(/lease lost/);
  });

  it("revives a document that was unavailable on an earlier attempt", async () => {
    const server = await fakeServer();
    const { worker } = startWorker({ serverUrl: server.url, token: server.token });
    await worker.start();
    const { handle, job } = server.createRequest();
    server.denied.add(handle.documentId);
    server.enqueue(job);
    await until(() => server.failed.length === 1, "first attempt failed");
    expect(server.failed[0]).toMatchObject({ retry: true });
    server.denied.delete(handle.documentId);
    server.enqueue(job);
    await until(() => server.completed.length === 1, "second attempt completed");
    expect(server.request(handle, job.requestId)?.status).toBe("done");
  });

  it("on shutdown releases the current job with retry and puts the request back in the queue", async () => {
    const server = await fakeServer();
    let started = false;
    const { worker } = startWorker({ serverUrl: server.url, token: server.token }, [
      stuckHandler(() => (started = true)),
    ]);
    await worker.start();
    const { handle, job } = server.createRequest();
    server.enqueue(job);
    await until(() => started, "handler started");
    await worker.stop();
    expect(server.failed).toEqual([{ id: job.id, reason: "worker shutting down", retry: true }]);
    expect(server.request(handle, job.requestId)?.status).toBe("queued");
    expect(worker.health()).toMatchObject({ ok: false, connected: false });
  });

  it("starts before the server and its token file, then recovers from outages, 500s and refused upgrades", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "cadence-worker-"));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const port = await freePort();
    const file = path.join(dir, "worker-token");
    const { worker, lines } = startWorker({ serverUrl: `http://127.0.0.1:${port}`, token: { file } });
    await worker.start();
    await until(() => lines.some((l) => l.includes("no worker token yet")), "waiting for the token");

    const server = await fakeServer(port);
    await writeFile(file, `${server.token}\n`);
    const first = server.createRequest("echo", { text: "one" });
    server.enqueue(first.job);
    await until(() => server.completed.length === 1, "first job after the server came up");

    // Outage: the server goes down, comes back refusing upgrades and failing the API, then heals.
    await server.goDown();
    await until(() => !worker.health().connected, "noticed the outage");
    server.upgradeMode = "401";
    server.httpMode = "500";
    const requestsBefore = server.requests.length;
    await server.start();
    await until(() => server.requests.length >= requestsBefore + 3, "retries against the broken server");
    const upgradesBefore = server.upgradeAttempts;
    server.httpMode = "ok";
    await until(() => server.upgradeAttempts >= upgradesBefore + 2, "refused upgrades");
    server.upgradeMode = "accept";
    const second = server.createRequest("echo", { text: "two" });
    server.enqueue(second.job);
    await until(() => worker.health().jobsDone === 2, "second job after recovery");
    expect(server.request(second.handle, second.job.requestId)?.result).toMatchObject({ echoed: "two" });
    expect(worker.health()).toMatchObject({ ok: true, connected: true, jobsDone: 2 });
    expect(server.ticketReuses).toBe(0);
  });

  it("serves GET /healthz when a health port is configured", async () => {
    const server = await fakeServer();
    const { worker } = startWorker({ serverUrl: server.url, token: server.token, healthPort: 0 });
    await worker.start();
    await until(() => worker.health().connected, "connected");
    const res = await fetch(`http://127.0.0.1:${worker.healthPort}/healthz`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual([
      "connected",
      "jobsDone",
      "jobsFailed",
      "lastError",
      "ok",
      "uptime",
    ]);
    expect(body).toMatchObject({ ok: true, connected: true, jobsDone: 0, jobsFailed: 0, lastError: null });
    expect(typeof body.uptime).toBe("number");
    expect((await fetch(`http://127.0.0.1:${worker.healthPort}/other`)).status).toBe(404);
  });
});
