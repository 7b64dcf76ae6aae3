/**
 * Runs in the benchmark's Chromium page (bundled by tests/bench/progress.ts with esbuild): the Progress
 * screen's pure steps on a given history, timed one by one and repeated, with the same code the app bundles
 * (@cadence/shared-schema): validation (`parseDocument`), mapping (`metricsInputFromDocs`) and
 * `computeDashboard`.
 */
import { parseDocument, type AccountDoc, type WorkoutDoc } from "@cadence/shared-schema";
import { computeDashboard, metricsInputFromDocs } from "@cadence/shared-schema/metrics";

export interface ProgressSteps {
  validateMs: number[];
  mapMs: number[];
  computeMs: number[];
  workouts: number;
  weeks: number;
}

function run(
  account: AccountDoc,
  docs: readonly { id: string; doc: unknown }[],
  today: string,
  runs: number,
): ProgressSteps {
  const out: ProgressSteps = { validateMs: [], mapMs: [], computeMs: [], workouts: 0, weeks: 0 };
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const workouts: { id: string; doc: WorkoutDoc }[] = [];
    for (const { id, doc } of docs) {
      const parsed = parseDocument("workout", doc);
      if (parsed.ok) workouts.push({ id, doc: parsed.doc });
    }
    const t1 = performance.now();
    const input = metricsInputFromDocs({ account, workouts, journal: null });
    const t2 = performance.now();
    const dashboard = computeDashboard(input, { today });
    const t3 = performance.now();
    out.validateMs.push(t1 - t0);
    out.mapMs.push(t2 - t1);
    out.computeMs.push(t3 - t2);
    out.workouts = workouts.length;
    out.weeks = dashboard.weeks.length;
  }
  return out;
}

(globalThis as { cadenceProgressSteps?: typeof run }).cadenceProgressSteps = run;
