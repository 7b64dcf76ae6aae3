/**
 * The workout player (issue 5): tap → set persisted in IndexedDB, in headless Chromium (Debian's
 * /usr/bin/chromium through playwright-core) against the real sync server serving a production build.
 *
 * A scripted person starts an empty workout, adds exercises of 10 sets and logs every set with one tap on
 * "Log set" (skipping each rest). For every tap: from the click event's timestamp to the `complete` event of the
 * IndexedDB transaction that stored the workout's new change (`[docId, "incremental", hash]`), observed by
 * wrapping `IDBObjectStore.prototype.put` before the app loads. That is the whole path a tap takes: Lit event,
 * the operation, Automerge's change, the repo's save (saveDebounceRate 0) and the browser's commit. Goal
 * p95 ≤ 50 ms (the set is on disk before a person can lock the phone).
 *
 * `PLAYER_BENCH_CLIENT_DIR` reuses an existing build instead of building one.
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import type { SpawnedServer } from "./support/proc.js";
import { benchTempDir, freePort, removeTempDir, repoRoot, spawnServer } from "./support/proc.js";
import type { Benchmark, BenchOptions, BenchResult, Goal } from "./support/report.js";
import { ms, printGoals, printNotes, printTable, progress, summarize } from "./support/report.js";

const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const PASSWORD = "a long enough password";
const GOAL_P95_MS = 50;
const SETS_PER_EXERCISE = 10;

declare global {
  interface Window {
    __cadencePuts?: { doc: string; at: number }[];
    __cadenceTaps?: number[];
  }
}

/** Runs in the page before the app: records IndexedDB commits of document changes and click times. */
function instrument(): void {
  window.__cadencePuts = [];
  window.__cadenceTaps = [];
  const proto = IDBObjectStore.prototype;
  type Put = (this: IDBObjectStore, value: unknown, key?: IDBValidKey) => IDBRequest<IDBValidKey>;
  const original = Object.getOwnPropertyDescriptor(proto, "put")!.value as Put;
  proto.put = function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
    const request = original.call(this, value, key);
    if (Array.isArray(key) && (key[1] === "incremental" || key[1] === "snapshot")) {
      const doc = typeof key[0] === "string" ? key[0] : "";
      this.transaction.addEventListener("complete", () =>
        window.__cadencePuts!.push({ doc, at: performance.now() }),
      );
    }
    return request;
  };
  window.addEventListener("click", (e) => window.__cadenceTaps!.push(e.timeStamp), { capture: true });
}

function build(outDir: string): void {
  execFileSync(
    process.execPath,
    [path.join(repoRoot, "node_modules/vite/bin/vite.js"), "build", "--outDir", outDir, "--emptyOutDir"],
    { cwd: repoRoot, stdio: "pipe" },
  );
}

async function addExercise(page: Page, name: string): Promise<string> {
  await page.getByRole("button", { name: "Add exercise" }).first().click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Exercise name").fill(name);
  await dialog.getByLabel("Sets").fill(String(SETS_PER_EXERCISE));
  const before = await page.evaluate(() => window.__cadencePuts!.length);
  await dialog.getByRole("button", { name, exact: true }).click();
  // Adding an exercise writes only the workout document: its id is the one just stored.
  await page.waitForFunction((n) => window.__cadencePuts!.length > n, before);
  return page.evaluate(() => window.__cadencePuts!.at(-1)!.doc);
}

/** Taps "Log set" once; the ms from the click to the workout's change committed in IndexedDB. */
async function tapToDisk(page: Page, workoutDoc: string): Promise<number> {
  await page.evaluate(() => {
    window.__cadencePuts = [];
    window.__cadenceTaps = [];
  });
  await page.locator("cad-set-logger").getByRole("button", { name: "Log set" }).click();
  const handle = await page.waitForFunction(
    (doc) => {
      const tap = window.__cadenceTaps![0];
      const put = window.__cadencePuts!.find((p) => p.doc === doc && tap !== undefined && p.at >= tap);
      return tap !== undefined && put ? put.at - tap : false;
    },
    workoutDoc,
    { polling: 5, timeout: 10_000 },
  );
  const latency = (await handle.jsonValue()) as number;
  const skip = page.getByTestId("countdown").getByRole("button", { name: "Skip rest" });
  if (await skip.isVisible()) await skip.click();
  return latency;
}

export const benchmark: Benchmark = {
  name: "player",
  title: "Workout player: tap → set persisted in IndexedDB, in Chromium",
  async run({ quick }: BenchOptions): Promise<BenchResult> {
    const notes: string[] = [];
    const goals: Goal[] = [];
    const work = benchTempDir("cadence-bench-player-");
    let clientDir = process.env.PLAYER_BENCH_CLIENT_DIR;
    let server: SpawnedServer | undefined;
    let browser: Browser | undefined;
    try {
      if (!clientDir) {
        progress("building the client (vite build)");
        clientDir = path.join(work, "dist");
        build(clientDir);
      }
      const port = await freePort();
      server = await spawnServer({
        entry: "sync-server/src/main.ts",
        port,
        env: {
          DATA_DIR: path.join(work, "data"),
          CLIENT_DIR: path.resolve(repoRoot, clientDir),
          ARGON2_MEMORY_KIB: "4096",
          LOG_LEVEL: "warn",
        },
      });
      const base = `http://localhost:${port}`;
      browser = await chromium.launch({
        executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
        args: CHROMIUM_ARGS,
      });
      const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
      const email = `bench-player-${Date.now()}@example.test`;
      const res = await context.request.post(`${base}/api/auth/register`, {
        data: { email, password: PASSWORD, displayName: "Bench" },
        headers: { origin: base },
      });
      if (res.status() !== 201) throw new Error(`registration failed: ${res.status()}`);
      await context.addInitScript(instrument);
      const page = await context.newPage();
      await page.goto(`${base}/workout`);
      await page.getByRole("button", { name: "Start an empty workout" }).click();

      const exercises = quick ? 2 : 4;
      progress(`logging ${exercises * SETS_PER_EXERCISE} sets, one tap each`);
      const taps: number[] = [];
      for (const name of ["Push-up", "Bodyweight squat", "Glute bridge", "Crunch"].slice(0, exercises)) {
        const doc = await addExercise(page, name);
        for (let i = 0; i < SETS_PER_EXERCISE; i++) {
          await page
            .locator("cad-set-logger")
            .getByRole("spinbutton", { name: "Reps" })
            .fill(String(8 + (i % 5)));
          taps.push(await tapToDisk(page, doc));
        }
      }
      await context.close();

      const s = summarize(taps);
      printTable(
        `Tap on "Log set" → the change committed to IndexedDB (ms, ${s.n} taps, 390×844, online)`,
        ["", "p50", "p95", "max"],
        [["tap → persisted", ms(s.p50, 1), ms(s.p95, 1), ms(s.max, 1)]],
      );
      goals.push({
        name: "tap → set persisted in IndexedDB, p95",
        goal: `≤ ${GOAL_P95_MS} ms`,
        figure: ms(s.p95, 1),
        met: s.p95 <= GOAL_P95_MS,
      });
      printGoals(goals);
      printNotes(notes);
      return {
        name: "player",
        figures: { tapToPersistedMs: { p50: s.p50, p95: s.p95, max: s.max, n: s.n } },
        goals,
        notes,
      };
    } finally {
      await browser?.close().catch(() => undefined);
      await server?.stop().catch(() => undefined);
      removeTempDir(work);
    }
  },
};
