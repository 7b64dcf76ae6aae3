import fs from "node:fs";
import { Checkpointer } from "./checkpointer.js";
import type { Db } from "./database.js";

interface Write {
  run(): void;
  resolve(): void;
  reject(err: unknown): void;
}

interface Batch {
  writes: Write[];
  /** Writes that committed (their promises resolve once the commit is on disk). */
  committed: Write[];
  error: unknown;
  settled: Promise<void>;
  resolve(): void;
  reject(err: unknown): void;
}

/**
 * Group commit for the sync path's writes (document chunks, change attribution).
 *
 * With `synchronous = FULL` every commit is an fsync, and better-sqlite3 runs it on the event loop: under many
 * active users the sync path spent a large part of its time blocked in fsync. Here:
 * - writes queued in one turn of the event loop run together, in queue order, in one transaction at the end of
 *   that turn (setImmediate), or at once when a read needs them (`commitNow`);
 * - that transaction commits with `synchronous = NORMAL` (WAL frames written, not yet fsynced), and the WAL file
 *   is then fsynced (fdatasync) on libuv's thread pool. Commits that finish while a sync is running share the
 *   next one;
 * - a write's promise resolves only after an fsync that started after its commit has completed, so "resolved"
 *   still means "on disk, across power loss" — exactly what `FULL` gives (in WAL mode FULL is a sync of the WAL
 *   file after the commit's frames are written). A process crash in between loses nothing either: committed
 *   frames are in the OS page cache, and SQLite recovers them on the next open.
 *
 * Writes of other modules (accounts, sessions, jobs) do not go through here and still commit with FULL on their
 * own. An in-memory database (tests) or a database not in WAL mode commits with its own setting, in-line.
 * The server also moves WAL checkpoints to a worker thread (`checkpointOffThread`).
 *
 * One instance per database connection: `groupCommitFor(db)`.
 */
export class GroupCommit {
  #batch: Batch | null = null;
  /** Committed batches waiting for the next WAL sync. */
  #unsynced: Batch[] = [];
  /** The batches the running WAL sync covers (empty when none runs). */
  #syncing: Batch[] = [];
  #walFd: number | null | undefined;
  /** The first failed WAL sync: after one, later syncs prove nothing (see `durable`). */
  #syncFailure: Error | null = null;
  #checkpointer: Checkpointer | null = null;

  constructor(private readonly db: Db) {}

  /**
   * Queues `write` (synchronous SQLite statements); resolves once it is committed and on disk. `onFail` is
   * called synchronously when the write is refused — its statement, its commit or the sync failed — before any
   * later write of the batch is retried, so a caller can refuse writes that must not outlive it.
   */
  enqueue(write: () => void, onFail?: (err: unknown) => void): Promise<void> {
    const batch = this.#batch ?? this.#open();
    return new Promise<void>((resolve, reject) =>
      batch.writes.push({
        run: write,
        resolve,
        reject: (err) => {
          onFail?.(err);
          reject(err instanceof Error ? err : new Error(String(err)));
        },
      }),
    );
  }

  /**
   * Resolves once every write queued so far is on disk; rejects if any of them failed. After a failed WAL sync it
   * always rejects: Linux may drop the pages a failed fsync did not write and report the next fsync a success, so
   * nothing committed since can be called durable until the server restarts (and SQLite recovers the WAL).
   */
  durable(): Promise<void> {
    if (this.#syncFailure) return Promise.reject(this.#syncFailure);
    const last = this.#batch ?? this.#unsynced.at(-1) ?? this.#syncing.at(-1);
    return last?.settled ?? Promise.resolve();
  }

  /** The failed WAL sync that stopped acknowledgements, if any (GET /healthz reports it). */
  get syncFailure(): Error | null {
    return this.#syncFailure;
  }

  /** Runs and commits the queued writes now, synchronously (before reading what they wrote). */
  commitNow(): void {
    const batch = this.#batch;
    if (!batch) return;
    this.#batch = null;
    if (!this.db.open) {
      // A write that arrives after shutdown closed the database: refuse it, never throw from a timer.
      const err = new Error("the database is closed");
      for (const w of batch.writes) w.reject(err);
      batch.reject(err);
      return;
    }
    const wal = this.#wal();
    // Inside someone else's transaction the writes simply join it (and its own FULL commit).
    const relaxed = wal !== null && !this.db.inTransaction;
    if (relaxed) this.db.pragma("synchronous = NORMAL");
    try {
      this.#run(batch);
    } finally {
      if (relaxed) this.db.pragma("synchronous = FULL");
    }
    if (wal === null) {
      this.#settle(batch, null);
      return;
    }
    this.#unsynced.push(batch);
    this.#sync(wal);
  }

  /**
   * Moves WAL checkpoints to a worker thread (db/checkpointer.ts). The server does this; whoever does must call
   * `close()` before closing the database.
   */
  checkpointOffThread(): void {
    if (!this.#checkpointer && this.#wal() !== null) this.#checkpointer = Checkpointer.start(this.db);
  }

  /** Stops the checkpoint worker and closes the WAL file descriptor; call before closing the database. */
  async close(): Promise<void> {
    await this.durable().catch(() => undefined);
    await this.#checkpointer?.stop();
    this.#checkpointer = null;
    if (typeof this.#walFd === "number") fs.closeSync(this.#walFd);
    this.#walFd = null;
  }

  #run(batch: Batch): void {
    try {
      this.db.transaction(() => {
        for (const w of batch.writes) w.run();
      })();
      batch.committed = batch.writes;
    } catch (err) {
      // The transaction rolled back. One bad write must not fail the others: run them one by one, each in its
      // own transaction; only the failing ones reject, and so does `durable()` of this batch.
      batch.error = err;
      for (const w of batch.writes) {
        try {
          this.db.transaction(() => w.run())();
          batch.committed.push(w);
        } catch (e) {
          w.reject(e);
        }
      }
    }
  }

  #sync(fd: number): void {
    if (this.#syncing.length > 0 || this.#unsynced.length === 0) return;
    const covered = this.#unsynced;
    this.#syncing = covered;
    this.#unsynced = [];
    fs.fdatasync(fd, (err) => {
      this.#syncing = [];
      if (err && !this.#syncFailure) {
        this.#syncFailure = new Error(
          `the database's WAL could not be synced (${err.code ?? err.message}); restart`,
          {
            cause: err,
          },
        );
      }
      for (const b of covered) this.#settle(b, this.#syncFailure);
      this.#sync(fd);
    });
  }

  #settle(batch: Batch, syncError: unknown): void {
    const err = syncError ?? batch.error;
    for (const w of batch.committed) {
      if (syncError) w.reject(syncError);
      else w.resolve();
    }
    if (err) batch.reject(err);
    else batch.resolve();
  }

  /** The WAL file's descriptor, or null when commits must sync in-line (in-memory, not WAL, not openable). */
  #wal(): number | null {
    if (this.#walFd !== undefined) return this.#walFd;
    this.#walFd = null;
    if (this.db.memory) return null;
    if (this.db.pragma("journal_mode", { simple: true }) !== "wal") return null;
    try {
      this.#walFd = fs.openSync(`${this.db.name}-wal`, "r+");
    } catch {
      // No WAL file to sync: commit with the connection's own setting.
      return null;
    }
    return this.#walFd;
  }

  #open(): Batch {
    let resolve!: () => void;
    let reject!: (err: unknown) => void;
    const settled = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // Nobody may be awaiting a batch (fire-and-forget attribution rows): never an unhandled rejection.
    settled.catch(() => undefined);
    const batch: Batch = { writes: [], committed: [], error: null, settled, resolve, reject };
    this.#batch = batch;
    setImmediate(() => {
      if (this.#batch === batch) this.commitNow();
    });
    return batch;
  }
}

const instances = new WeakMap<Db, GroupCommit>();

/** The group commit of this database connection (created on first use). */
export function groupCommitFor(db: Db): GroupCommit {
  let gc = instances.get(db);
  if (!gc) {
    gc = new GroupCommit(db);
    instances.set(db, gc);
  }
  return gc;
}
