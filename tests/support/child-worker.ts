import type { ChildProcess } from "node:child_process";
import { ChildProcessUnderTest } from "./child-process.js";
import { freePort } from "./server.js";

export interface ChildWorkerOptions {
  serverUrl: string;
  workerToken: string;
  /** Extra environment (OPENAI_*, LOG_LEVEL...). */
  env?: Record<string, string>;
}

/**
 * The real ai-worker as its own process (`node --import tsx ai-worker/src/main.ts`), for tests that kill it
 * mid-job (`kill9`: the job it holds is abandoned mid-way; its lease runs out on the server).
 */
export class ChildWorker extends ChildProcessUnderTest {
  private constructor(
    child: ChildProcess,
    readonly healthUrl: string,
  ) {
    super(child, "worker");
  }

  /** Starts the worker and resolves once its health endpoint reports a live sync connection. */
  static async start(opts: ChildWorkerOptions): Promise<ChildWorker> {
    const port = await freePort();
    const child = ChildProcessUnderTest.spawnEntry("ai-worker/src/main.ts", {
      CADENCE_SERVER_URL: opts.serverUrl,
      WORKER_TOKEN: opts.workerToken,
      WORKER_HEALTH_PORT: String(port),
      LOG_LEVEL: "warn",
      OPENAI_API_KEY: "",
      OPENAI_BASE_URL: "",
      ...opts.env,
    });
    const worker = new ChildWorker(child, `http://127.0.0.1:${port}/healthz`);
    await worker.ready(async () => {
      const res = await fetch(worker.healthUrl);
      return res.ok && ((await res.json()) as { connected?: boolean }).connected === true;
    });
    return worker;
  }
}
