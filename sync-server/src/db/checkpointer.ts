import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import type { Db } from "./database.js";

/**
 * WAL checkpoints on a worker thread. SQLite's automatic checkpoint runs inside whichever commit pushes the WAL past
 * 1,000 pages: on the sync server that is a commit on the event loop, and a checkpoint syncs the WAL, copies pages
 * into the database file and syncs that too — tens to hundreds of milliseconds on a busy disk, during which no
 * socket is served. Here the main connection's automatic checkpoints are off and a worker thread with its own
 * connection runs `PRAGMA wal_checkpoint(PASSIVE)` twice a second (PASSIVE never blocks writers or readers; with
 * nothing new in the WAL it returns at once).
 * Durability is unchanged: a checkpoint only copies committed frames, and syncs before and after as SQLite always
 * does. If the worker cannot run, the main connection checkpoints automatically again.
 */
export class Checkpointer {
  readonly #worker: Worker;
  readonly #timer: NodeJS.Timeout;
  #busy = false;
  #wanted = false;
  #stopped = false;

  private constructor(
    private readonly db: Db,
    file: string,
    intervalMs: number,
  ) {
    const driver = createRequire(import.meta.url).resolve("better-sqlite3");
    this.#worker = new Worker(WORKER_SOURCE, { eval: true, execArgv: [], workerData: { driver, file } });
    this.#worker.unref();
    this.#worker.on("message", () => {
      this.#busy = false;
      if (this.#wanted) this.request();
    });
    this.#worker.on("error", () => this.#fallBack());
    this.#worker.on("exit", () => this.#fallBack());
    db.pragma("wal_autocheckpoint = 0");
    this.#timer = setInterval(() => this.request(), intervalMs);
    this.#timer.unref();
  }

  /** A checkpointer for `db`'s file, or null for an in-memory database. */
  static start(db: Db, intervalMs = 500): Checkpointer | null {
    if (db.memory) return null;
    try {
      return new Checkpointer(db, db.name, intervalMs);
    } catch {
      return null;
    }
  }

  /** Asks for a checkpoint (one runs at a time; a request while one runs queues one more). */
  request(): void {
    if (this.#stopped) return;
    if (this.#busy) {
      this.#wanted = true;
      return;
    }
    this.#wanted = false;
    this.#busy = true;
    this.#worker.postMessage("checkpoint");
  }

  /** Stops the worker after its current checkpoint; call before closing the main connection. */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    clearInterval(this.#timer);
    const exited = new Promise<void>((resolve) => this.#worker.once("exit", () => resolve()));
    this.#worker.postMessage("close");
    await exited;
  }

  #fallBack(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    clearInterval(this.#timer);
    if (this.db.open) this.db.pragma("wal_autocheckpoint = 1000");
  }
}

// Plain CommonJS so the worker needs no TypeScript loader.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma("busy_timeout = 5000");
db.pragma("synchronous = FULL");
parentPort.on("message", (m) => {
  if (m === "close") {
    db.close();
    process.exit(0);
  }
  let result = null;
  try {
    result = db.pragma("wal_checkpoint(PASSIVE)");
  } catch (err) {
    result = String(err);
  }
  parentPort.postMessage(result);
});
`;
