/**
 * `npm run bench [-- --quick] [-- --only <name>[,<name>]] [-- --diagnose]`: runs every benchmark module in
 * tests/bench/ (each `*.ts` here that exports `benchmark = { name, title, run }`) one after another and prints its
 * figures, each next to its goal with ✓/✗. Not a test: a missed goal does not fail the run (the exit code is
 * non-zero only when a benchmark could not run). Results also go to tests/bench/results/latest.json.
 *
 * Every server is a child process on 127.0.0.1; children and temp dirs are removed on exit, errors and Ctrl-C.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { CpuWatch, benchDir, loadAverage, repoRoot, sleep } from "./support/proc.js";
import type { BenchResult, Benchmark } from "./support/report.js";
import { verdict } from "./support/report.js";

/** These run first, in this order; any other module follows in alphabetical order. */
const FIRST = ["sync-latency", "memory", "startup"];
/** A whole run must end by itself; this is far above the expected ~5 minutes. */
const RUN_LIMIT_MS = 20 * 60_000;

async function discover(): Promise<Benchmark[]> {
  const files = fs
    .readdirSync(benchDir)
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts") && f !== "run.ts")
    // Only modules that declare a benchmark are imported (importing runs a module's top-level code).
    .filter((f) => /^export const benchmark\b/m.test(fs.readFileSync(path.join(benchDir, f), "utf8")))
    .map((f) => f.slice(0, -3));
  const rank = (n: string) => (FIRST.includes(n) ? FIRST.indexOf(n) : FIRST.length);
  files.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const found: Benchmark[] = [];
  for (const f of files) {
    const mod = (await import(pathToFileURL(path.join(benchDir, `${f}.ts`)).href)) as {
      benchmark?: Benchmark;
    };
    const b = mod.benchmark;
    if (b && typeof b.name === "string" && typeof b.run === "function") found.push(b);
    else console.error(`[bench] ${f}.ts exports no \`benchmark\`; skipped`);
  }
  return found;
}

function parseArgs(
  argv: string[],
  all: Benchmark[],
): { quick: boolean; diagnose: boolean; only: string[] | null } {
  let quick = false;
  let diagnose = false;
  let only: string[] | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--quick") quick = true;
    else if (a === "--diagnose") diagnose = true;
    else if (a === "--only") only = (argv[++i] ?? "").split(",").filter(Boolean);
    else if (a.startsWith("--only=")) only = a.slice(7).split(",").filter(Boolean);
    else if (a === "--help" || a === "-h") {
      console.log(
        `usage: npm run bench -- [--quick] [--diagnose] [--only ${all.map((b) => b.name).join("|")}[,…]]`,
      );
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  return { quick, diagnose, only };
}

/**
 * A stock WebSocketClientAdapter throws from its socket's error handler for anything but ECONNREFUSED (e.g. a
 * refused reconnect). That must not end the run: count it and report it.
 */
const stray: string[] = [];
process.on("uncaughtException", (err) => {
  stray.push(String(err));
  if (stray.length <= 5) console.error(`[bench] uncaught exception (counted, run continues): ${String(err)}`);
});
process.on("unhandledRejection", (err) => {
  stray.push(String(err));
  if (stray.length <= 5)
    console.error(`[bench] unhandled rejection (counted, run continues): ${String(err)}`);
});

async function main(): Promise<number> {
  const ALL = await discover();
  const { quick, diagnose, only } = parseArgs(process.argv.slice(2), ALL);
  const unknown = (only ?? []).filter((n) => !ALL.some((b) => b.name === n));
  if (unknown.length)
    throw new Error(`unknown benchmark ${unknown.join(", ")}; have ${ALL.map((b) => b.name).join(", ")}`);
  const selected = ALL.filter((b) => !only || only.includes(b.name));

  const started = Date.now();
  const code = codeVersion();
  const load0 = loadAverage();
  // How busy is the machine without us? On a shared machine the figures below depend on it.
  const idle = new CpuWatch([]);
  await sleep(2000);
  const othersBefore = idle.read().otherCores;
  const watchdog = setTimeout(() => {
    console.error(`[bench] the run exceeded ${RUN_LIMIT_MS / 60_000} minutes; stopping`);
    process.exit(2);
  }, RUN_LIMIT_MS);
  watchdog.unref();

  console.log(
    `Cadence benchmarks${quick ? " (--quick)" : ""}: ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? "?"}), ` +
      `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}; code ${code.commit ?? "?"}` +
      `${code.serverDirty ? " + uncommitted server changes" : ""}; load average ${load0.toFixed(1)}`,
  );
  console.log(
    `Other processes were using ${(othersBefore * 100).toFixed(0)}% of a core before the run` +
      (othersBefore > 0.5
        ? ` — THE MACHINE IS BUSY: latencies and start times will be inflated; compare ratios and CPU-per-edit.`
        : "."),
  );
  const results: Array<BenchResult & { seconds: number; error?: string }> = [];
  for (const b of selected) {
    console.log(`\n━━ ${b.name}: ${b.title}`);
    const t0 = Date.now();
    try {
      const r = await b.run({ quick, diagnose });
      results.push({ ...r, seconds: (Date.now() - t0) / 1000 });
    } catch (err) {
      console.error(
        `\n  ${b.name} could not run: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
      );
      results.push({
        name: b.name,
        figures: {},
        goals: [],
        notes: [],
        seconds: (Date.now() - t0) / 1000,
        error: String(err),
      });
    }
    console.log(`\n  (${b.name} took ${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  }

  const summary = {
    at: new Date().toISOString(),
    quick,
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? null,
      memGiB: round1(os.totalmem() / 2 ** 30),
      node: process.version,
    },
    code,
    loadAverage: { start: load0, end: loadAverage() },
    otherProcessesCpuCoresBeforeRun: Math.round(othersBefore * 100) / 100,
    seconds: Math.round((Date.now() - started) / 1000),
    strayErrors: stray.length,
    benchmarks: Object.fromEntries(
      results.map((r) => [
        r.name,
        {
          seconds: Math.round(r.seconds),
          error: r.error ?? null,
          figures: r.figures,
          goals: r.goals,
          notes: r.notes,
        },
      ]),
    ),
  };

  console.log("\n━━ Summary");
  for (const r of results) {
    if (r.error) console.log(`  ✗ ${r.name}: could not run (${r.error})`);
    for (const g of r.goals)
      console.log(`  ${verdict(g.met)} ${r.name} · ${g.name}: ${g.figure} (goal ${g.goal})`);
  }
  if (stray.length)
    console.log(`  ! ${stray.length} uncaught client-side error(s) during the run (first: ${stray[0]})`);
  console.log(`  total ${summary.seconds} s`);

  const outDir = path.join(benchDir, "results");
  fs.mkdirSync(outDir, { recursive: true });
  const outFile = path.join(outDir, "latest.json");
  fs.writeFileSync(outFile, JSON.stringify(summary, null, 2) + "\n");
  console.log(`  written to ${path.relative(process.cwd(), outFile)}`);
  console.log(`BENCH_SUMMARY ${JSON.stringify(summary)}`);
  return results.some((r) => r.error) ? 1 : 0;
}

/** Which server code was measured: HEAD, and whether sync-server or shared-schema had uncommitted changes. */
function codeVersion(): { commit: string | null; serverDirty: boolean | null } {
  try {
    const git = (...args: string[]) => execFileSync("git", args, { cwd: repoRoot, encoding: "utf8" }).trim();
    return {
      commit: git("rev-parse", "--short", "HEAD"),
      serverDirty: git("status", "--porcelain", "--", "sync-server", "shared-schema").length > 0,
    };
  } catch {
    return { commit: null, serverDirty: null };
  }
}

function round1(v: number): number {
  return Math.round(v * 10) / 10;
}

main()
  .then((code) => process.exit(code))
  .catch((err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exit(1);
  });
