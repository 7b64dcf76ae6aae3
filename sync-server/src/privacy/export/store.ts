import type { Db } from "../../db/database.js";
import { randomId } from "../../auth/tokens.js";

export type ExportStatus = "queued" | "running" | "succeeded" | "failed" | "expired";

export interface ExportRecord {
  id: string;
  userId: string;
  status: ExportStatus;
  progress: number;
  bytes: number | null;
  error: string | null;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  expiresAt: number | null;
}

interface Row {
  id: string;
  user_id: string;
  status: ExportStatus;
  progress: number;
  bytes: number | null;
  error: string | null;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  expires_at: number | null;
}

const toRecord = (r: Row): ExportRecord => ({
  id: r.id,
  userId: r.user_id,
  status: r.status,
  progress: r.progress,
  bytes: r.bytes,
  error: r.error,
  createdAt: r.created_at,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  expiresAt: r.expires_at,
});

/** The `data_exports` table: one row per export job, its state, progress and when its file expires. */
export class ExportStore {
  readonly #q;

  constructor(
    db: Db,
    private readonly now: () => number = Date.now,
  ) {
    this.#q = {
      insert: db.prepare(
        "INSERT INTO data_exports (id, user_id, status, progress, created_at) VALUES (?, ?, 'queued', 0, ?)",
      ),
      get: db.prepare<[string], Row>("SELECT * FROM data_exports WHERE id = ?"),
      forUser: db.prepare<[string], Row>(
        "SELECT * FROM data_exports WHERE user_id = ? ORDER BY created_at DESC LIMIT 20",
      ),
      active: db.prepare<[string], Row>(
        "SELECT * FROM data_exports WHERE user_id = ? AND status IN ('queued', 'running') ORDER BY created_at LIMIT 1",
      ),
      recentCount: db.prepare<[string, number], { n: number; oldest: number | null }>(
        "SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM data_exports WHERE user_id = ? AND created_at > ?",
      ),
      nextQueued: db.prepare<[], Row>(
        "SELECT * FROM data_exports WHERE status = 'queued' ORDER BY created_at LIMIT 1",
      ),
      start: db.prepare(
        "UPDATE data_exports SET status = 'running', started_at = ?, progress = 0 WHERE id = ?",
      ),
      progress: db.prepare("UPDATE data_exports SET progress = ? WHERE id = ? AND status = 'running'"),
      succeed: db.prepare(
        "UPDATE data_exports SET status = 'succeeded', progress = 100, bytes = ?, finished_at = ?, expires_at = ? WHERE id = ? AND status = 'running'",
      ),
      fail: db.prepare(
        "UPDATE data_exports SET status = 'failed', error = ?, finished_at = ? WHERE id = ? AND status = 'running'",
      ),
      requeueRunning: db.prepare(
        "UPDATE data_exports SET status = 'queued', progress = 0 WHERE status = 'running'",
      ),
      expire: db.prepare<[number], Row>(
        "UPDATE data_exports SET status = 'expired' WHERE status = 'succeeded' AND expires_at <= ? RETURNING *",
      ),
      dropOld: db.prepare<[number], { id: string }>(
        "DELETE FROM data_exports WHERE status IN ('failed', 'expired') AND created_at <= ? RETURNING id",
      ),
      counts: db.prepare<[], { status: ExportStatus; n: number }>(
        "SELECT status, COUNT(*) AS n FROM data_exports GROUP BY status",
      ),
    };
  }

  create(userId: string): ExportRecord {
    const id = randomId();
    this.#q.insert.run(id, userId, this.now());
    return this.get(id)!;
  }

  get(id: string): ExportRecord | null {
    const r = this.#q.get.get(id);
    return r ? toRecord(r) : null;
  }

  forUser(userId: string): ExportRecord[] {
    return this.#q.forUser.all(userId).map(toRecord);
  }

  activeFor(userId: string): ExportRecord | null {
    const r = this.#q.active.get(userId);
    return r ? toRecord(r) : null;
  }

  /** How many exports the user asked for since `since`, and the oldest of them. */
  recent(userId: string, since: number): { n: number; oldest: number | null } {
    return this.#q.recentCount.get(userId, since) ?? { n: 0, oldest: null };
  }

  nextQueued(): ExportRecord | null {
    const r = this.#q.nextQueued.get();
    return r ? toRecord(r) : null;
  }

  start(id: string): void {
    this.#q.start.run(this.now(), id);
  }

  setProgress(id: string, percent: number): void {
    this.#q.progress.run(Math.max(0, Math.min(99, Math.round(percent))), id);
  }

  /** false when the row is gone (the account was deleted meanwhile). */
  succeed(id: string, bytes: number, ttlMs: number): boolean {
    const t = this.now();
    return this.#q.succeed.run(bytes, t, t + ttlMs, id).changes > 0;
  }

  fail(id: string, error: string): void {
    this.#q.fail.run(error.slice(0, 500), this.now(), id);
  }

  /** After a crash: jobs that were running start again. */
  requeueRunning(): number {
    return this.#q.requeueRunning.run().changes;
  }

  /** Marks finished exports past their expiry as expired and returns them (the caller deletes their files). */
  expireDue(): ExportRecord[] {
    return this.#q.expire.all(this.now()).map(toRecord);
  }

  /** Forgets failed and expired exports older than `ageMs`. */
  dropOlderThan(ageMs: number): string[] {
    return this.#q.dropOld.all(this.now() - ageMs).map((r) => r.id);
  }

  counts(): Record<ExportStatus, number> {
    const out: Record<ExportStatus, number> = { queued: 0, running: 0, succeeded: 0, failed: 0, expired: 0 };
    for (const r of this.#q.counts.all()) out[r.status] = r.n;
    return out;
  }
}
