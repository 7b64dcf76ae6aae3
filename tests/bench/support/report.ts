/** Figures, tables and goals shared by the benchmarks. */

export interface BenchOptions {
  quick: boolean;
  /** Also run diagnostic variants (proposed fixes applied in the benchmark's child only). */
  diagnose: boolean;
}

export interface Goal {
  name: string;
  /** Human-readable goal, e.g. "≤ 1.25× plain". */
  goal: string;
  /** Human-readable figure. */
  figure: string;
  /** null: this run cannot tell (its own control says it cannot resolve the figure). */
  met: boolean | null;
}

export const verdict = (met: boolean | null) => (met === null ? "?" : met ? "✓" : "✗");

export interface BenchResult {
  name: string;
  /** Machine-readable figures (milliseconds, bytes, counts) for results/latest.json. */
  figures: Record<string, unknown>;
  goals: Goal[];
  /** Things that look wrong or that a reader of the figures must know. */
  notes: string[];
}

export interface Benchmark {
  name: string;
  title: string;
  run(opts: BenchOptions): Promise<BenchResult>;
}

/** Nearest-rank percentile of an ascending-sorted array. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export interface Summary {
  n: number;
  min: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export function summarize(values: number[]): Summary {
  const s = [...values].sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / (s.length || 1);
  return {
    n: s.length,
    min: s[0] ?? NaN,
    p50: percentile(s, 50),
    p95: percentile(s, 95),
    p99: percentile(s, 99),
    max: s[s.length - 1] ?? NaN,
    mean,
  };
}

export const ms = (v: number, digits = 1) => (Number.isFinite(v) ? `${v.toFixed(digits)} ms` : "n/a");
export const mib = (bytes: number, digits = 1) =>
  Number.isFinite(bytes) ? `${(bytes / 1024 / 1024).toFixed(digits)} MiB` : "n/a";
export const kib = (bytes: number, digits = 1) =>
  Number.isFinite(bytes) ? `${(bytes / 1024).toFixed(digits)} KiB` : "n/a";
export const round = (v: number, digits = 2) => (Number.isFinite(v) ? Number(v.toFixed(digits)) : null);

/** Prints an aligned table: first column left-aligned, the rest right-aligned. */
export function printTable(title: string, header: string[], rows: Array<Array<string | number>>): void {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => [...(r[i] ?? "")].length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => {
        const pad = " ".repeat(Math.max(0, widths[i]! - [...c].length));
        return i === 0 ? c + pad : pad + c;
      })
      .join("  ");
  console.log(`\n  ${title}`);
  console.log("  " + line(header));
  console.log("  " + widths.map((w) => "─".repeat(w)).join("  "));
  for (const r of cells.slice(1)) console.log("  " + line(r));
}

export function printGoals(goals: Goal[]): void {
  if (goals.length === 0) return;
  printTable(
    "Goals",
    ["", "goal", "figure", ""],
    goals.map((g) => [g.name, g.goal, g.figure, verdict(g.met)]),
  );
}

export function printNotes(notes: string[]): void {
  if (notes.length === 0) return;
  console.log("\n  Notes");
  for (const n of notes) console.log(`  - ${n}`);
}

const startedAt = Date.now();

/** Logs a progress line with the seconds since the run started (to stderr, so stdout stays the report). */
export function progress(message: string): void {
  process.stderr.write(`  … [${((Date.now() - startedAt) / 1000).toFixed(0).padStart(3)} s] ${message}\n`);
}
