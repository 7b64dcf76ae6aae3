import fs from "node:fs";
import path from "node:path";
import type { AppContext } from "../../context.js";
import { buildExport, ExportCancelled } from "./build.js";
import { ExportStore } from "./store.js";

/**
 * Runs GDPR export jobs inside the server process, one at a time, oldest first (they need every document of
 * the user, which only the server holds). State and progress live in `data_exports`; a job that was running
 * when the process died starts again. Finished files stay for EXPORT_TTL_HOURS, then a sweep deletes them.
 */
export class ExportRunner {
  readonly store: ExportStore;
  readonly dir: string;
  #running: { id: string; userId: string; cancelled: boolean; done: Promise<void> } | null = null;
  #kick: Promise<void> = Promise.resolve();
  #closed = false;
  readonly #sweeper: NodeJS.Timeout;

  constructor(private readonly ctx: AppContext) {
    this.store = new ExportStore(ctx.db);
    this.dir = path.join(ctx.config.dataDir, "exports");
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    this.store.requeueRunning();
    this.#sweeper = setInterval(() => this.sweep(), 60_000);
    this.#sweeper.unref();
    this.sweep();
    this.kick();
  }

  fileOf(id: string): string {
    return path.join(this.dir, `${id}.zip`);
  }

  /** Starts working through the queue unless it already is. */
  kick(): void {
    this.#kick = this.#kick
      .then(() => this.#drain())
      .catch((err: unknown) => {
        this.ctx.log.error("export runner failed", { err: String(err) });
      });
  }

  async #drain(): Promise<void> {
    for (;;) {
      if (this.#closed) return;
      const job = this.store.nextQueued();
      if (!job) return;
      let finish!: () => void;
      const running = {
        id: job.id,
        userId: job.userId,
        cancelled: false,
        done: new Promise<void>((r) => (finish = r)),
      };
      this.#running = running;
      try {
        await this.#run(job.id, job.userId, () => running.cancelled || this.#closed);
      } finally {
        this.#running = null;
        finish();
      }
    }
  }

  async #run(id: string, userId: string, cancelled: () => boolean): Promise<void> {
    const m = this.ctx.accountMetrics;
    const started = process.hrtime.bigint();
    this.store.start(id);
    const tmp = this.fileOf(id) + ".part";
    try {
      const bytes = await buildExport(this.ctx, userId, tmp, (p) => this.store.setProgress(id, p), cancelled);
      if (cancelled()) throw new ExportCancelled("cancelled");
      fs.renameSync(tmp, this.fileOf(id));
      const ttlMs = this.ctx.config.accounts.exportTtlHours * 3600_000;
      if (!this.store.succeed(id, bytes, ttlMs)) {
        // The row vanished (account deleted meanwhile): no file may outlive it.
        fs.rmSync(this.fileOf(id), { force: true });
        return;
      }
      m.exportsFinished.inc({ result: "succeeded" });
      this.ctx.log.info("export finished", { exportId: id, bytes });
    } catch (err) {
      fs.rmSync(tmp, { force: true });
      if (err instanceof ExportCancelled) {
        // Shutting down: left "running", so the next start runs it again. Otherwise the account is going away.
        if (!this.#closed) this.store.fail(id, "cancelled");
        return;
      }
      this.store.fail(id, "The export could not be completed. Try again.");
      m.exportsFinished.inc({ result: "failed" });
      this.ctx.log.error("export failed", { exportId: id, err: String(err) });
    } finally {
      m.exportDuration.observe(Number(process.hrtime.bigint() - started) / 1e9);
    }
  }

  /** Stops a running export of this user and waits until it has (account deletion). */
  async cancelForUser(userId: string): Promise<void> {
    const r = this.#running;
    if (r?.userId === userId) {
      r.cancelled = true;
      await r.done;
    }
  }

  /** Deletes files of expired exports and forgets old failed/expired rows. */
  sweep(): void {
    for (const e of this.store.expireDue()) fs.rmSync(this.fileOf(e.id), { force: true });
    this.store.dropOlderThan(7 * 24 * 3600_000);
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#sweeper);
    await this.#running?.done;
  }
}
