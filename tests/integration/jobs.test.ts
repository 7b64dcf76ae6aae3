import { WorkerClaimResponseSchema } from "@cadence/shared-schema";
import { openDatabase } from "@cadence/sync-server";
import crypto from "node:crypto";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { JobQueue } from "../../sync-server/src/jobs/queue.js";
import type { Job } from "../../sync-server/src/jobs/queue.js";
import { httpRequest, registerUser, startTestServer, tempDir, waitFor } from "../support/server.js";
import type { HttpResult, TestUser } from "../support/server.js";

type Db = ReturnType<typeof openDatabase>;
const HOUR = 3600_000;
const LEASE = 30_000;

describe("JobQueue on a real SQLite file", () => {
  let file: string;
  let db: Db;
  let now: number;
  const clock = () => now;
  const queue = (opts: Partial<ConstructorParameters<typeof JobQueue>[1]> = {}) =>
    new JobQueue(db, { leaseMs: LEASE, maxAttempts: 3, perUserPerHour: 100, globalMax: 100, ...opts }, clock);

  const addUser = () => {
    const id = crypto.randomBytes(8).toString("hex");
    db.prepare(
      "INSERT INTO users (id, email, password_hash, display_name, root_doc_id, created_at) VALUES (?, ?, 'x', 'u', 'd', 0)",
    ).run(id, `${id}@example.test`);
    return id;
  };
  const input = (userId: string, over: Partial<{ requestId: string; kind: string; docId: string }> = {}) => ({
    requestId: crypto.randomUUID(),
    kind: "echo",
    docId: "doc1",
    userId,
    ...over,
  });
  const enqueued = (q: JobQueue, i: ReturnType<typeof input>): Job => {
    const r = q.enqueue(i);
    if (!r.ok) throw new Error(`refused: ${r.reason}`);
    return r.job;
  };
  const rows = () => (db.prepare("SELECT COUNT(*) AS n FROM jobs").get() as { n: number }).n;

  beforeEach(() => {
    file = path.join(tempDir("cadence-jobs-"), "cadence.db");
    db = openDatabase(file);
    now = 1_700_000_000_000;
  });
  afterEach(() => {
    db.close();
  });

  it("enqueue is idempotent by request id, also across a reopened database", () => {
    const q = queue();
    const user = addUser();
    const first = q.enqueue(input(user, { requestId: "11111111-1111-4111-8111-111111111111" }));
    expect(first).toMatchObject({
      ok: true,
      created: true,
      job: { status: "queued", attempts: 0, userId: user },
    });
    const again = q.enqueue(
      input(user, { requestId: "11111111-1111-4111-8111-111111111111", docId: "other" }),
    );
    expect(again).toMatchObject({ ok: true, created: false });
    expect(again.ok && first.ok && again.job.id === first.job.id).toBe(true);
    expect(again.ok && again.job.docId).toBe("doc1");
    expect(rows()).toBe(1);

    // A finished job is not re-created by a replayed request either.
    const job = q.claim(["echo"])!;
    expect(q.complete(job.id)?.status).toBe("done");
    db.close();
    db = openDatabase(file);
    const reopened = queue();
    const replay = reopened.enqueue(input(user, { requestId: "11111111-1111-4111-8111-111111111111" }));
    expect(replay).toMatchObject({ ok: true, created: false, job: { id: job.id, status: "done" } });
    expect(rows()).toBe(1);
    expect(reopened.claim(["echo"])).toBeNull();
  });

  it("notifies waiting claimers when a job becomes claimable, and only then", () => {
    const q = queue();
    const user = addUser();
    const listener = vi.fn();
    const off = q.onAvailable(listener);
    const i = input(user);
    enqueued(q, i);
    expect(listener).toHaveBeenCalledTimes(1);
    q.enqueue(i); // duplicate: nothing new to claim
    expect(listener).toHaveBeenCalledTimes(1);
    const job = q.claim(["echo"])!;
    q.fail(job.id, "transient", true); // back in the queue
    expect(listener).toHaveBeenCalledTimes(2);
    off();
    enqueued(q, input(user));
    expect(listener).toHaveBeenCalledTimes(2);
  });

  it("claim leases the oldest job of the asked kinds, and nobody else gets it while the lease holds", () => {
    const q = queue();
    const user = addUser();
    const a = enqueued(q, input(user, { docId: "docA" }));
    now += 10;
    enqueued(q, input(user, { kind: "plan", docId: "docB" }));
    now += 10;
    const c = enqueued(q, input(user, { docId: "docC" }));

    expect(q.claim(["feedback"])).toBeNull();
    const claimed = q.claim(["echo"])!;
    expect(claimed).toMatchObject({ id: a.id, status: "running", attempts: 1, leaseExpiresAt: now + LEASE });
    expect(q.hasActiveLease("docA")).toBe(true);
    expect(q.hasActiveLease("docC")).toBe(false);
    expect(q.claim(["echo"])?.id).toBe(c.id);
    expect(q.claim(["echo"])).toBeNull();
    expect(q.claim(["plan", "echo"])?.kind).toBe("plan");
    expect(q.counts()).toEqual({ queued: 0, running: 3, done: 0, failed: 0 });

    // The lease is on disk, not only in this object.
    const row = db.prepare("SELECT status, attempts, lease_expires_at FROM jobs WHERE id = ?").get(a.id);
    expect(row).toEqual({ status: "running", attempts: 1, lease_expires_at: now + LEASE });
  });

  it("a job whose lease expired is claimable again; a heartbeat keeps it", () => {
    const q = queue();
    const job = enqueued(q, input(addUser()));
    const first = q.claim(["echo"])!;
    const expiry = first.leaseExpiresAt!;

    now = expiry - 1;
    expect(q.claim(["echo"])).toBeNull();
    // A heartbeat before expiry extends the lease from now.
    expect(q.heartbeat(job.id)?.leaseExpiresAt).toBe(now + LEASE);
    now = expiry + 1;
    expect(q.claim(["echo"])).toBeNull();
    expect(q.hasActiveLease("doc1")).toBe(true);

    now = expiry - 1 + LEASE; // the extended lease runs out
    expect(q.hasActiveLease("doc1")).toBe(false);
    expect(q.heartbeat(job.id)).toBeNull();
    const second = q.claim(["echo"])!;
    expect(second).toMatchObject({ id: job.id, attempts: 2, status: "running", leaseExpiresAt: now + LEASE });
  });

  it("complete, fail and heartbeat after the lease was lost are refused", () => {
    const q = queue();
    const job = enqueued(q, input(addUser()));
    q.claim(["echo"]);
    now += LEASE;
    expect(q.heartbeat(job.id)).toBeNull();
    expect(q.complete(job.id)).toBeNull();
    expect(q.fail(job.id, "late", true)).toBeNull();
    expect(q.fail(job.id, "late", false)).toBeNull();
    expect(q.get(job.id)?.status).toBe("running");
    // Whoever claims it next holds it and can finish it; finishing twice is refused.
    expect(q.claim(["echo"])?.attempts).toBe(2);
    expect(q.complete(job.id)?.status).toBe("done");
    expect(q.complete(job.id)).toBeNull();
    expect(q.heartbeat(job.id)).toBeNull();
    expect(q.fail("no-such-job", "x", true)).toBeNull();
  });

  it("gives up after maxAttempts: reapExhausted marks the job failed, once", () => {
    const q = queue({ maxAttempts: 2 });
    const job = enqueued(q, input(addUser()));
    expect(q.claim(["echo"])?.attempts).toBe(1);
    now += LEASE;
    expect(q.reapExhausted()).toEqual([]);
    expect(q.claim(["echo"])?.attempts).toBe(2);
    // Attempts are spent, but the lease still holds: the worker may still finish.
    expect(q.reapExhausted()).toEqual([]);
    now += LEASE;
    expect(q.claim(["echo"])).toBeNull();
    const reaped = q.reapExhausted();
    expect(reaped).toHaveLength(1);
    expect(reaped[0]).toMatchObject({ id: job.id, status: "failed", attempts: 2 });
    expect(reaped[0]!.lastError).toMatch(/gave up/);
    expect(q.reapExhausted()).toEqual([]);
    expect(q.claim(["echo"])).toBeNull();
    expect(q.counts()).toEqual({ queued: 0, running: 0, done: 0, failed: 1 });

    // A retryable failure on the last attempt fails for good instead of requeueing.
    const other = enqueued(q, input(addUser()));
    q.claim(["echo"]);
    expect(q.fail(other.id, "boom", true)?.status).toBe("queued");
    q.claim(["echo"]);
    expect(q.fail(other.id, "boom again", true)).toMatchObject({ status: "failed", lastError: "boom again" });
  });

  it("a per-user hourly quota refuses with retryAt, and lets the user in again after it", () => {
    const q = queue({ perUserPerHour: 3 });
    const alice = addUser();
    const bob = addUser();
    const t0 = now;
    const kept = input(alice);
    enqueued(q, kept);
    now += 1000;
    enqueued(q, input(alice));
    now += 1000;
    enqueued(q, input(alice));
    now += 1000;
    expect(q.enqueue(input(alice))).toEqual({ ok: false, reason: "user_quota", retryAt: t0 + HOUR });
    // The quota is per user, and a replayed request is still answered with its job.
    expect(q.enqueue(input(bob)).ok).toBe(true);
    expect(q.enqueue(kept)).toMatchObject({ ok: true, created: false });
    expect(rows()).toBe(4);

    now = t0 + HOUR - 1;
    expect(q.enqueue(input(alice)).ok).toBe(false);
    now = t0 + HOUR + 1; // the first job left the window
    expect(q.enqueue(input(alice))).toMatchObject({ ok: true, created: true });
    expect(q.enqueue(input(alice))).toEqual({ ok: false, reason: "user_quota", retryAt: t0 + 1000 + HOUR });
  });

  it("a global cap on queued jobs refuses with retryAt a minute later", () => {
    const q = queue({ globalMax: 2 });
    enqueued(q, input(addUser()));
    enqueued(q, input(addUser()));
    expect(q.enqueue(input(addUser()))).toEqual({ ok: false, reason: "global_quota", retryAt: now + 60_000 });
    q.claim(["echo"]); // a running job no longer counts as queued
    expect(q.enqueue(input(addUser())).ok).toBe(true);
  });
});

describe("worker job endpoints", () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let user: TestUser;
  let auth: Record<string, string>;
  const LEASE_MS = 400;

  beforeAll(async () => {
    server = await startTestServer({ jobLeaseMs: LEASE_MS });
    user = await registerUser(server.url);
    auth = { authorization: `Bearer ${server.ctx.config.workerToken}`, "content-type": "application/json" };
  });
  afterAll(async () => {
    await server.close();
  });

  const post = (p: string, body: unknown = {}) =>
    httpRequest(server.url, `/api/worker/jobs/${p}`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify(body),
    });
  const claim = (body: unknown) => post("claim", body);
  const enqueue = () => {
    const r = server.ctx.jobs.enqueue({
      requestId: crypto.randomUUID(),
      kind: "echo",
      docId: user.rootDocUrl.replace(/^automerge:/, ""),
      userId: user.userId,
    });
    if (!r.ok) throw new Error(r.reason);
    return r.job;
  };
  const claimedJob = (res: HttpResult) => {
    expect(res.status, res.text).toBe(200);
    return WorkerClaimResponseSchema.parse(res.json).job;
  };
  const expectLeaseLost = (res: HttpResult) => {
    expect(res.status, res.text).toBe(409);
    expect(res.json).toEqual({
      error: { code: "lease_lost", message: expect.stringMatching(/not leased/) as string },
    });
  };

  it("claim with nothing to do answers 204 at once, or after waitMs when long-polling", async () => {
    const quick = Date.now();
    const none = await claim({ kinds: ["echo"] });
    expect(none.status).toBe(204);
    expect(none.text).toBe("");
    expect(Date.now() - quick).toBeLessThan(500);

    const waitMs = 1200;
    const started = Date.now();
    const res = await claim({ kinds: ["echo"], waitMs });
    const elapsed = Date.now() - started;
    expect(res.status).toBe(204);
    expect(elapsed).toBeGreaterThanOrEqual(waitMs);
    expect(elapsed).toBeLessThan(waitMs + 1000);
  });

  it("a long-polling claim returns a job as soon as one is enqueued", async () => {
    const waiting = vi.spyOn(server.ctx.jobs, "onAvailable");
    try {
      const started = Date.now();
      const pending = claim({ kinds: ["echo"], waitMs: 20_000 });
      // The claim is parked on the queue's notification (the server found nothing and is waiting).
      await waitFor(() => waiting.mock.calls.length > 0);
      const enqueuedAt = Date.now();
      const job = enqueue();
      const res = await pending;
      const answeredAfter = Date.now() - enqueuedAt;
      const claimed = claimedJob(res);
      expect(claimed).toMatchObject({
        id: `${job.id}.1`,
        requestId: job.requestId,
        kind: "echo",
        attempts: 1,
      });
      expect(claimed.docUrl).toBe(user.rootDocUrl);
      expect(Date.parse(claimed.leaseExpiresAt)).toBeGreaterThan(Date.now());
      // Woken by the enqueue, not by its 1 s re-check, and long before waitMs.
      expect(answeredAfter).toBeLessThan(500);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(server.ctx.jobs.get(job.id)?.status).toBe("running");
      expect((await post(`${claimed.id}/complete`)).status).toBe(204);
    } finally {
      waiting.mockRestore();
    }
  });

  it("a claim for kinds the server does not run gets 204, leaving other jobs queued", async () => {
    const job = enqueue();
    expect((await claim({ kinds: ["plan", "some-future-kind"] })).status).toBe(204);
    expect(server.ctx.jobs.get(job.id)).toMatchObject({ status: "queued", attempts: 0 });
    const claimed = claimedJob(await claim({ kinds: ["echo"] }));
    expect(claimed.id).toBe(`${job.id}.1`);
    expect((await post(`${claimed.id}/complete`)).status).toBe(204);
  });

  it("heartbeat extends a held lease; heartbeat, complete and fail after the lease was lost get 409", async () => {
    const job = enqueue();
    const claimed = claimedJob(await claim({ kinds: ["echo"] }));
    const hb = await post(`${claimed.id}/heartbeat`);
    expect(hb.status).toBe(200);
    const { leaseExpiresAt } = hb.json as { leaseExpiresAt: string };
    expect(Date.parse(leaseExpiresAt)).toBeGreaterThanOrEqual(Date.parse(claimed.leaseExpiresAt));

    // Let the lease run out (the server's lease here is LEASE_MS).
    await waitFor(() => Date.now() > Date.parse(leaseExpiresAt) + 5, LEASE_MS * 5);
    expectLeaseLost(await post(`${claimed.id}/heartbeat`));
    expectLeaseLost(await post(`${claimed.id}/complete`));
    expectLeaseLost(await post(`${claimed.id}/fail`, { reason: "too late", retry: true }));
    expectLeaseLost(await post(`${claimed.id}/fail`, { reason: "too late", retry: false }));
    // None of the refused calls changed the job: it is claimable again, by the next worker.
    expect(server.ctx.jobs.get(job.id)).toMatchObject({ status: "running", attempts: 1, lastError: null });
    const again = claimedJob(await claim({ kinds: ["echo"] }));
    expect(again).toMatchObject({ id: `${job.id}.2`, attempts: 2 });
    // The first worker's token does not name the new lease, even though that lease is live.
    expectLeaseLost(await post(`${claimed.id}/heartbeat`));
    expectLeaseLost(await post(`${claimed.id}/complete`));
    expectLeaseLost(await post(`${claimed.id}/fail`, { reason: "stale worker", retry: false }));
    expect(server.ctx.jobs.get(job.id)).toMatchObject({ status: "running", attempts: 2 });

    expect((await post(`${again.id}/complete`)).status).toBe(204);
    expect(server.ctx.jobs.get(job.id)?.status).toBe("done");
    // A finished job has no lease to extend or finish again.
    expectLeaseLost(await post(`${again.id}/heartbeat`));
    expectLeaseLost(await post(`${again.id}/complete`));
    expectLeaseLost(await post(`${again.id}/fail`, { reason: "after done", retry: false }));
    expect(server.ctx.jobs.get(job.id)?.status).toBe("done");
    // And a job that never existed.
    expectLeaseLost(await post("no-such-job/heartbeat"));
    expectLeaseLost(await post("no-such-job/complete"));
    expectLeaseLost(await post("no-such-job/fail", { reason: "x", retry: false }));
  });

  it("fail with retry puts the job back for the next claim; without retry it fails for good", async () => {
    const job = enqueue();
    const first = claimedJob(await claim({ kinds: ["echo"] }));
    expect((await post(`${first.id}/fail`, { reason: "model timed out", retry: true })).status).toBe(204);
    expect(server.ctx.jobs.get(job.id)).toMatchObject({ status: "queued", lastError: "model timed out" });
    const second = claimedJob(await claim({ kinds: ["echo"] }));
    expect(second).toMatchObject({ id: `${job.id}.2`, attempts: 2 });
    expect((await post(`${second.id}/fail`, { reason: "bad input", retry: false })).status).toBe(204);
    expect(server.ctx.jobs.get(job.id)).toMatchObject({ status: "failed", lastError: "bad input" });
    expect((await claim({ kinds: ["echo"] })).status).toBe(204);
  });
});
