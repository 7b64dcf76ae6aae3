import { monitorEventLoopDelay } from "node:perf_hooks";

/**
 * Hooks the benchmark installs in the server processes it starts (never in production):
 * - the child exits when the benchmark process is gone (its parent pid changes), so a killed benchmark leaves no
 *   server behind;
 * - on SIGUSR2 it prints one line `BENCH_MEM {json}`: process.memoryUsage() (after a full garbage collection when
 *   the process was started with --expose-gc; the memory benchmark does that, and says so) and the event-loop
 *   delay since the previous report.
 */
export function installBenchHooks(): void {
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) process.exit(1);
  }, 500).unref();

  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  let seq = 0;
  process.on("SIGUSR2", () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    const before = process.memoryUsage();
    const started = performance.now();
    if (gc) gc();
    const gcMs = performance.now() - started;
    const after = process.memoryUsage();
    const loopDelayMs = {
      p50: loop.percentile(50) / 1e6,
      p99: loop.percentile(99) / 1e6,
      max: loop.max / 1e6,
    };
    loop.reset();
    process.stdout.write(
      `BENCH_MEM ${JSON.stringify({ seq: ++seq, gc: Boolean(gc), gcMs, before, after, loopDelayMs })}\n`,
    );
  });
}
