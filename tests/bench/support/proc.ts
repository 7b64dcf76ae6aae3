import Database from "better-sqlite3";
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const benchDir = path.join(repoRoot, "tests/bench");

/** Every child the benchmark started and every temp dir it made; both are cleaned up on any exit. */
const live = new Set<ChildProcess>();
const tempDirs = new Set<string>();

function cleanupSync(): void {
  for (const c of live) {
    if (c.exitCode === null && c.signalCode === null) {
      try {
        c.kill("SIGKILL");
      } catch {
        // already gone
      }
    }
  }
  live.clear();
  for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true });
  tempDirs.clear();
}

process.on("exit", cleanupSync);
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    console.error(`\n[bench] ${signal}: stopping child processes`);
    // Kill the children and give them a moment to be gone before their data directories are removed.
    const children = [...live];
    for (const c of children) c.kill("SIGKILL");
    const gone = Promise.all(
      children.map((c) =>
        c.exitCode !== null || c.signalCode !== null
          ? Promise.resolve()
          : new Promise<void>((r) => c.once("exit", () => r())),
      ),
    );
    void Promise.race([gone, sleep(2000)]).finally(() => {
      cleanupSync();
      process.exit(130);
    });
  });
}

export function benchTempDir(prefix: string, base = os.tmpdir()): string {
  const dir = fs.mkdtempSync(path.join(base, prefix));
  tempDirs.add(dir);
  return dir;
}

export function removeTempDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A free loopback TCP port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      const port = typeof address === "object" && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface SpawnedServer {
  child: ChildProcess;
  pid: number;
  url: string;
  port: number;
  /** performance.now() when spawn() was called and when /healthz first answered 200. */
  spawnedAt: number;
  readyAt: number;
  output(): string;
  exited: boolean;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  /** Asks a child running child-hooks.ts for a memory report (SIGUSR2 → `BENCH_MEM {json}`). */
  memoryReport(timeoutMs?: number): Promise<MemReport>;
}

export interface MemReport {
  seq: number;
  /** Whether a full GC ran first (child started with --expose-gc). */
  gc: boolean;
  gcMs: number;
  before: NodeJS.MemoryUsage;
  after: NodeJS.MemoryUsage;
  /** Event-loop delay of the child since its previous report (5 ms resolution). */
  loopDelayMs: { p50: number; p99: number; max: number };
}

export interface SpawnOptions {
  /** Entry module relative to the repository root (run with `node --import tsx`). */
  entry: string;
  env: Record<string, string>;
  port: number;
  nodeArgs?: string[];
  readyTimeoutMs?: number;
  /** How often to poll /healthz while starting. */
  pollMs?: number;
}

/** Spawns a server child and resolves once GET /healthz answers 200 (polled every `pollMs`). */
export async function spawnServer(opts: SpawnOptions): Promise<SpawnedServer> {
  const url = `http://127.0.0.1:${opts.port}`;
  let output = "";
  let exited = false;
  let partial = "";
  const memReports: MemReport[] = [];
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), "--import", "tsx", opts.entry], {
    cwd: repoRoot,
    env: { ...process.env, ...opts.env, PORT: String(opts.port), HOST: "127.0.0.1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  live.add(child);
  const keep = (b: Buffer) => {
    output = (output + b.toString("utf8")).slice(-256 * 1024);
  };
  child.stdout?.on("data", (b: Buffer) => {
    keep(b);
    partial += b.toString("utf8");
    const lines = partial.split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) {
      if (line.startsWith("BENCH_MEM ")) memReports.push(JSON.parse(line.slice(10)) as MemReport);
    }
  });
  child.stderr?.on("data", keep);
  const exit = new Promise<void>((resolve) =>
    child.once("exit", () => {
      exited = true;
      live.delete(child);
      resolve();
    }),
  );
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 60_000);
  let readyAt = 0;
  for (;;) {
    if (exited) throw new Error(`server ${opts.entry} exited during start-up\n${output}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`server ${opts.entry} not ready within ${opts.readyTimeoutMs ?? 60_000} ms\n${output}`);
    }
    if (await healthy(url)) {
      readyAt = performance.now();
      break;
    }
    await sleep(opts.pollMs ?? 20);
  }
  const server: SpawnedServer = {
    child,
    pid: child.pid ?? -1,
    url,
    port: opts.port,
    spawnedAt,
    readyAt,
    output: () => output,
    get exited() {
      return exited;
    },
    async stop(graceMs = 10_000) {
      if (exited) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exit;
      clearTimeout(timer);
    },
    async memoryReport(timeoutMs = 10_000) {
      const have = memReports.length;
      child.kill("SIGUSR2");
      const deadline = Date.now() + timeoutMs;
      while (memReports.length === have) {
        if (exited || Date.now() > deadline) throw new Error("no memory report from the server child");
        await sleep(10);
      }
      return memReports[memReports.length - 1]!;
    },
  };
  return server;
}

async function healthy(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}

/** Resident set size of a process in bytes (VmRSS from /proc/<pid>/status). */
export function rssOf(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  return m ? Number(m[1]) * 1024 : NaN;
}

const CLK_TCK = 100;

/** User + system CPU seconds a process has used so far (/proc/<pid>/stat fields 14 and 15). */
export function cpuSecondsOf(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  // The command name (field 2) may contain spaces; fields after the closing paren are space-separated.
  const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const utime = Number(rest[11]);
  const stime = Number(rest[12]);
  return (utime + stime) / CLK_TCK;
}

/** Reads a single value from a Prometheus text exposition; NaN when the server does not answer in time. */
export async function scrapeMetric(url: string, name: string, timeoutMs = 30_000): Promise<number> {
  try {
    const res = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(timeoutMs) });
    const text = await res.text();
    const m = new RegExp(`^${name} ([0-9.eE+-]+)$`, "m").exec(text);
    return m ? Number(m[1]) : NaN;
  } catch {
    return NaN;
  }
}

/** Busy and total CPU jiffies of the whole machine (first line of /proc/stat), to see what else was running. */
export function machineCpu(): { busy: number; total: number } {
  const line = fs.readFileSync("/proc/stat", "utf8").split("\n")[0]!;
  const v = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = v.reduce((a, b) => a + b, 0);
  const idle = (v[3] ?? 0) + (v[4] ?? 0);
  return { busy: (total - idle) / CLK_TCK, total: total / CLK_TCK };
}

/** The 1-minute load average. */
export function loadAverage(): number {
  return Number(fs.readFileSync("/proc/loadavg", "utf8").split(" ")[0]);
}

/**
 * CPU used on the whole machine by processes other than ours between two readings, in cores (0–ncpu): on a shared
 * machine this is what competed with the benchmark.
 */
export class CpuWatch {
  readonly #machine0 = machineCpu();
  readonly #self0 = process.cpuUsage();
  readonly #children0: number[];
  readonly #t0 = performance.now();

  constructor(private readonly pids: number[]) {
    this.#children0 = pids.map((p) => cpuSecondsOf(p));
  }

  read(): { seconds: number; selfCores: number; childCores: number[]; otherCores: number } {
    const seconds = (performance.now() - this.#t0) / 1000;
    const m = machineCpu();
    const self = process.cpuUsage(this.#self0);
    const selfSec = (self.user + self.system) / 1e6;
    const childSec = this.pids.map((p, i) => cpuSecondsOf(p) - this.#children0[i]!);
    const busy = m.busy - this.#machine0.busy;
    const ours = selfSec + childSec.reduce((a, b) => a + b, 0);
    return {
      seconds,
      selfCores: selfSec / seconds,
      childCores: childSec.map((c) => c / seconds),
      otherCores: Math.max(0, busy - ours) / seconds,
    };
  }
}

/**
 * Latency of one small fsync'd SQLite commit (WAL, synchronous = FULL: the server's settings) on the filesystem
 * of `dir`, in ms. The server commits in its event loop, so on a busy disk every commit is a stall.
 */
export function commitLatencyMs(dir: string, commits = 100): number[] {
  const file = path.join(fs.mkdtempSync(path.join(dir, "commit-probe-")), "probe.db");
  const db = new Database(file);
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = FULL");
    db.exec("CREATE TABLE t (k TEXT PRIMARY KEY, v BLOB)");
    const put = db.prepare("INSERT OR REPLACE INTO t (k, v) VALUES (?, ?)");
    const value = Buffer.alloc(1024, 7);
    const times: number[] = [];
    for (let i = 0; i < commits; i++) {
      const t = performance.now();
      put.run(String(i % 20), value);
      times.push(performance.now() - t);
    }
    return times;
  } finally {
    db.close();
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
}
