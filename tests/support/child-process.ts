import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { waitFor } from "./server.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * One of Cadence's processes run for real (`node --import tsx <entry>` from the repository root), for tests that
 * must kill it the hard way. Output is kept (the last 64 KiB) so a failing test can show it.
 */
export class ChildProcessUnderTest {
  #output = "";
  readonly #exit: Promise<Exit>;
  exited: Exit | null = null;

  protected constructor(
    readonly child: ChildProcess,
    readonly name: string,
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

  /** Spawns `entry` with `env` on top of this process's environment. */
  protected static spawnEntry(entry: string, env: Record<string, string>): ChildProcess {
    return spawn(process.execPath, ["--import", "tsx", entry], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
  }

  /** Resolves once `ready` says so; kills the process and throws with its output if it exits or times out. */
  protected async ready(ready: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
    try {
      await waitFor(async () => {
        if (this.exited)
          throw new Error(`${this.name} exited during start-up: ${JSON.stringify(this.exited)}`);
        try {
          return await ready();
        } catch {
          return false;
        }
      }, timeoutMs);
    } catch (err) {
      this.child.kill("SIGKILL");
      throw new Error(`${String(err)}\n--- ${this.name} output ---\n${this.output}`);
    }
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
