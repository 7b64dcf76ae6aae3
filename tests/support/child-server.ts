import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { waitFor } from "./server.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface ChildServerOptions {
  port: number;
  dataDir: string;
  env?: Record<string, string>;
  /** The server's entry module, relative to the repository root. */
  entry?: string;
}

/**
 * The real sync server as its own process (`node --import tsx sync-server/src/main.ts`), for tests that must
 * kill it the hard way. Output is kept (the last 64 KiB) so a failing test can show it.
 */
export class ChildServer {
  #output = "";
  #exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  exited: { code: number | null; signal: NodeJS.Signals | null } | null = null;

  private constructor(
    readonly child: ChildProcess,
    readonly url: string,
  ) {
    const keep = (b: Buffer) => {
      this.#output = (this.#output + b.toString("utf8")).slice(-64 * 1024);
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    this.#exit = new Promise((resolve) => {
      child.once("exit", (code, signal) => {
        this.exited = { code, signal };
        resolve(this.exited);
      });
    });
  }

  get output(): string {
    return this.#output;
  }

  /** Starts the server and resolves once /healthz answers. */
  static async start(opts: ChildServerOptions): Promise<ChildServer> {
    const child = spawn(process.execPath, ["--import", "tsx", opts.entry ?? "sync-server/src/main.ts"], {
      cwd: repoRoot,
      env: {
        ...process.env,
        PORT: String(opts.port),
        HOST: "127.0.0.1",
        DATA_DIR: opts.dataDir,
        CLIENT_DIR: "",
        ARGON2_MEMORY_KIB: "1024",
        LOG_LEVEL: "warn",
        ...opts.env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const server = new ChildServer(child, `http://127.0.0.1:${opts.port}`);
    try {
      await waitFor(async () => {
        if (server.exited) throw new Error(`server exited during start-up: ${JSON.stringify(server.exited)}`);
        try {
          const res = await fetch(`${server.url}/healthz`);
          return res.ok;
        } catch {
          return false;
        }
      }, 30_000);
    } catch (err) {
      child.kill("SIGKILL");
      throw new Error(`${String(err)}\n--- server output ---\n${server.output}`);
    }
    return server;
  }

  /** `kill -9`: no shutdown hook runs, nothing is flushed. Resolves once the process is gone. */
  async kill9(): Promise<void> {
    if (!this.exited) this.child.kill("SIGKILL");
    await this.#exit;
  }

  /** A graceful stop (SIGTERM), falling back to SIGKILL after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.exited) return;
    this.child.kill("SIGTERM");
    const timer = setTimeout(() => this.child.kill("SIGKILL"), graceMs);
    await this.#exit;
    clearTimeout(timer);
  }
}
