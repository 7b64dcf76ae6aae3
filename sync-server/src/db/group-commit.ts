import type { Db } from "./database.js";

interface Write {
  run(): void;
  resolve(): void;
  reject(err: unknown): void;
}

interface Batch {
  writes: Write[];
  settled: Promise<void>;
  resolve(): void;
  reject(err: unknown): void;
}

/**
 * Group commit for the sync path's writes (document chunks, change attribution). With `synchronous = FULL` every
 * commit is an fsync that blocks the event loop; under many active users the sync path made several a message.
 * Writes queued here run together, in queue order, in one transaction at the end of the current turn of the event
 * loop (setImmediate) — one fsync for all of them — and each write's promise resolves only once that transaction
 * has committed. So "resolved" still means "on disk"; only the number of fsyncs changes.
 *
 * Reads of the same data must call `commitNow()` first (the queued writes have not run yet). Writes of other
 * modules (accounts, sessions, jobs) do not go through here and still commit on their own.
 *
 * One instance per database connection: `groupCommitFor(db)`.
 */
export class GroupCommit {
  #batch: Batch | null = null;

  constructor(private readonly db: Db) {}

  /** Queues `write` (synchronous SQLite statements); resolves once it is committed. */
  enqueue(write: () => void): Promise<void> {
    const batch = this.#batch ?? this.#open();
    return new Promise<void>((resolve, reject) => batch.writes.push({ run: write, resolve, reject }));
  }

  /** Resolves once every write queued so far is committed; rejects if any of them failed. */
  durable(): Promise<void> {
    return this.#batch?.settled ?? Promise.resolve();
  }

  get pending(): number {
    return this.#batch?.writes.length ?? 0;
  }

  /** Commits the queued writes now, synchronously (before reading what they wrote). Errors go to their promises. */
  commitNow(): void {
    const batch = this.#batch;
    if (!batch) return;
    this.#batch = null;
    try {
      this.db.transaction(() => {
        for (const w of batch.writes) w.run();
      })();
    } catch (err) {
      // The transaction rolled back. One bad write must not fail the others: run them one by one, each in its
      // own transaction; only the failing ones reject, and so does `durable()` of this batch.
      for (const w of batch.writes) {
        try {
          this.db.transaction(() => w.run())();
          w.resolve();
        } catch (e) {
          w.reject(e);
        }
      }
      batch.reject(err);
      return;
    }
    for (const w of batch.writes) w.resolve();
    batch.resolve();
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
    const batch: Batch = { writes: [], settled, resolve, reject };
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
