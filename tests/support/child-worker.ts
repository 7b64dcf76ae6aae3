import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, waitFor } from "./server.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface ChildWorkerOptions {
  serverUrl: string;
  workerToken: string;
  /** Extra environment (OPENAI_*, LOG_LEVEL...). */
  env?: Record<string, string>;
}

/**
 * The real ai-worker as its own process (`node --import tsx ai-worker/src/main.ts`), for tests that kill it mid-job.
 * `start` resolves once its health endpoint reports a live sync connection.
 */
export class ChildWorker {
  #output = "";
  readonly #exit: Promise<void>;
  exited = false;

  private constructor(
    readonly child: ChildProcess,
    readonly healthUrl: string,
  ) {
    const keep = (b: Buffer) => {
      this.#output = (this.#output + b.toString("utf8")).slice(-64 * 1024);
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    this.#exit = new Promise((resolve) =>
      child.once("exit", () => {
        this.exited = true;
        resolve();
      }),
    );
  }

  get output(): string {
    return this.#output;
  }

  static async start(opts: ChildWorkerOptions): Promise<ChildWorker> {
    const port = await freePort();
    const child = spawn(process.execPath, ["--import", "tsx", "ai-worker/src/main.ts"], {
      cwd: repoRoot,
      env: {
        ...process.env,
        CADENCE_SERVER_URL: opts.serverUrl,
        WORKER_TOKEN: opts.workerToken,
        WORKER_HEALTH_PORT: String(port),
        LOG_LEVEL: "warn",
        OPENAI_API_KEY: "",
        OPENAI_BASE_URL: "",
        ...opts.env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const worker = new ChildWorker(child, `http://127.0.0.1:${port}/healthz`);
    try {
      await waitFor(async () => {
        if (worker.exited) throw new Error("worker exited during start-up");
        try {
          const res = await fetch(worker.healthUrl);
          return res.ok && ((await res.json()) as { connected?: boolean }).connected === true;
        } catch {
          return false;
        }
      }, 30_000);
    } catch (err) {
      child.kill("SIGKILL");
      throw new Error(`${String(err)}\n--- worker output ---\n${worker.output}`);
    }
    return worker;
  }

  /** `kill -9`: the job it holds is abandoned mid-way; its lease runs out on the server. */
  async kill9(): Promise<void> {
    if (!this.exited) this.child.kill("SIGKILL");
    await this.#exit;
  }

  async stop(graceMs = 10_000): Promise<void> {
    if (this.exited) return;
    this.child.kill("SIGTERM");
    const timer = setTimeout(() => this.child.kill("SIGKILL"), graceMs);
    await this.#exit;
    clearTimeout(timer);
  }
}
