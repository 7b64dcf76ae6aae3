import type { Db } from "../db/database.js";
import { randomId } from "../auth/tokens.js";

export type JobStatus = "queued" | "running" | "done" | "failed";

export interface Job {
  id: string;
  requestId: string;
  kind: string;
  docId: string;
  userId: string;
  status: JobStatus;
  attempts: number;
  leaseExpiresAt: number | null;
  lastError: string | null;
}

interface Row {
  id: string;
  request_id: string;
  kind: string;
  doc_id: string;
  user_id: string;
  status: JobStatus;
  attempts: number;
  lease_expires_at: number | null;
  last_error: string | null;
}

const toJob = (r: Row): Job => ({
  id: r.id,
  requestId: r.request_id,
  kind: r.kind,
  docId: r.doc_id,
  userId: r.user_id,
  status: r.status,
  attempts: r.attempts,
  leaseExpiresAt: r.lease_expires_at,
  lastError: r.last_error,
});

export type EnqueueResult =
  | { ok: true; job: Job; created: boolean }
  | { ok: false; reason: "user_quota" | "global_quota"; retryAt: number };

/**
 * The durable job queue in SQLite. Enqueue is idempotent by request id; a claim takes a lease, and a job whose
 * lease ran out (its worker crashed) is claimable again until `maxAttempts` claims have been spent.
 */
export class JobQueue {
  readonly #listeners = new Set<() => void>();
  readonly #q;

  constructor(
    private readonly db: Db,
    private readonly opts: {
      leaseMs: number;
      maxAttempts: number;
      perUserPerHour: number;
      globalMax: number;
    },
    private readonly now: () => number = Date.now,
  ) {
    this.#q = {
      byRequest: db.prepare<[string], Row>("SELECT * FROM jobs WHERE request_id = ?"),
      byId: db.prepare<[string], Row>("SELECT * FROM jobs WHERE id = ?"),
      userRecent: db.prepare<[string, number], { n: number; oldest: number | null }>(
        "SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM jobs WHERE user_id = ? AND created_at > ?",
      ),
      queuedCount: db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM jobs WHERE status = 'queued'"),
      insert: db.prepare(
        "INSERT INTO jobs (id, request_id, kind, doc_id, user_id, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'queued', ?, ?)",
      ),
      claimable: db.prepare<[string, number, number], Row>(
        `SELECT * FROM jobs WHERE kind IN (SELECT value FROM json_each(?))
           AND (status = 'queued' OR (status = 'running' AND lease_expires_at <= ?))
           AND attempts < ? ORDER BY created_at LIMIT 1`,
      ),
      lease: db.prepare<[number, number, string], Row>(
        "UPDATE jobs SET status = 'running', attempts = attempts + 1, lease_expires_at = ?, updated_at = ? WHERE id = ? RETURNING *",
      ),
      expiredOut: db.prepare<[number, number, number], Row>(
        `UPDATE jobs SET status = 'failed', last_error = 'gave up after repeated attempts', updated_at = ?
           WHERE status IN ('running', 'queued') AND attempts >= ? AND (status = 'queued' OR lease_expires_at <= ?) RETURNING *`,
      ),
      heartbeat: db.prepare<[number, number, string, number], Row>(
        "UPDATE jobs SET lease_expires_at = ?, updated_at = ? WHERE id = ? AND status = 'running' AND lease_expires_at > ? RETURNING *",
      ),
      // Finishing needs a live lease: after it ran out the job may be another worker's (it is claimable again).
      finish: db.prepare<[JobStatus, string | null, number, string, number], Row>(
        "UPDATE jobs SET status = ?, last_error = ?, lease_expires_at = NULL, updated_at = ? WHERE id = ? AND status = 'running' AND lease_expires_at > ? RETURNING *",
      ),
      requeue: db.prepare<[string, number, string, number], Row>(
        "UPDATE jobs SET status = 'queued', last_error = ?, lease_expires_at = NULL, updated_at = ? WHERE id = ? AND status = 'running' AND lease_expires_at > ? RETURNING *",
      ),
      activeLeaseForDoc: db.prepare<[string, number], { ok: number }>(
        "SELECT 1 AS ok FROM jobs WHERE doc_id = ? AND status = 'running' AND lease_expires_at > ? LIMIT 1",
      ),
      statusCounts: db.prepare<[], { status: JobStatus; n: number }>(
        "SELECT status, COUNT(*) AS n FROM jobs GROUP BY status",
      ),
    };
  }

  /** Called whenever a job may have become claimable (long-polling claims wait on it). */
  onAvailable(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  enqueue(input: { requestId: string; kind: string; docId: string; userId: string }): EnqueueResult {
    const result = this.db.transaction((): EnqueueResult => {
      const existing = this.#q.byRequest.get(input.requestId);
      if (existing) return { ok: true, job: toJob(existing), created: false };
      const t = this.now();
      const hourAgo = t - 3600_000;
      const recent = this.#q.userRecent.get(input.userId, hourAgo);
      if (recent && recent.n >= this.opts.perUserPerHour) {
        return { ok: false, reason: "user_quota", retryAt: (recent.oldest ?? t) + 3600_000 };
      }
      if ((this.#q.queuedCount.get()?.n ?? 0) >= this.opts.globalMax) {
        return { ok: false, reason: "global_quota", retryAt: t + 60_000 };
      }
      const id = randomId();
      this.#q.insert.run(id, input.requestId, input.kind, input.docId, input.userId, t, t);
      return { ok: true, job: toJob(this.#q.byId.get(id)!), created: true };
    })();
    if (result.ok && result.created) this.#notify();
    return result;
  }

  /** Takes the oldest claimable job of one of `kinds`, leasing it; null when there is none. */
  claim(kinds: string[]): Job | null {
    return this.db.transaction(() => {
      const t = this.now();
      const row = this.#q.claimable.get(JSON.stringify(kinds), t, this.opts.maxAttempts);
      if (!row) return null;
      return toJob(this.#q.lease.get(t + this.opts.leaseMs, t, row.id)!);
    })();
  }

  /** Marks jobs whose attempts are spent as failed and returns them (the caller tells their documents). */
  reapExhausted(): Job[] {
    const t = this.now();
    return this.#q.expiredOut.all(t, this.opts.maxAttempts, t).map(toJob);
  }

  heartbeat(jobId: string): Job | null {
    const t = this.now();
    const row = this.#q.heartbeat.get(t + this.opts.leaseMs, t, jobId, t);
    return row ? toJob(row) : null;
  }

  complete(jobId: string): Job | null {
    const t = this.now();
    const row = this.#q.finish.get("done", null, t, jobId, t);
    return row ? toJob(row) : null;
  }

  fail(jobId: string, reason: string, retry: boolean): Job | null {
    const t = this.now();
    const current = this.#q.byId.get(jobId);
    if (!current) return null;
    const row =
      retry && current.attempts < this.opts.maxAttempts
        ? this.#q.requeue.get(reason, t, jobId, t)
        : this.#q.finish.get("failed", reason, t, jobId, t);
    if (row?.status === "queued") this.#notify();
    return row ? toJob(row) : null;
  }

  get(jobId: string): Job | null {
    const row = this.#q.byId.get(jobId);
    return row ? toJob(row) : null;
  }

  /** True while some worker holds an unexpired lease on a job for this document. */
  hasActiveLease(docId: string): boolean {
    return this.#q.activeLeaseForDoc.get(docId, this.now()) !== undefined;
  }

  counts(): Record<JobStatus, number> {
    const out: Record<JobStatus, number> = { queued: 0, running: 0, done: 0, failed: 0 };
    for (const r of this.#q.statusCounts.all()) out[r.status] = r.n;
    return out;
  }

  #notify(): void {
    for (const l of this.#listeners) l();
  }
}
