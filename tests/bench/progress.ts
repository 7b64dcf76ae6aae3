/**
 * The Progress screen (issue 6) on a three-year history, in headless Chromium against the real sync server
 * serving a production build.
 *
 * Setup: a registered user whose phone (a Node automerge-repo client of the same user, through the server) wrote
 * ~450 workouts with ~15,000 logged sets (support/training-history.ts) and linked each from the account as the
 * app does (`links.workouts[id]`, then its status). The browser opens Progress once online, which brings every
 * document into its IndexedDB, as on a second device.
 *
 * 1. Cold load: a new page in the same browser context (IndexedDB and the service worker kept: a returning user),
 *    from navigation start to the app's `cadence:progress-dashboard` mark (the first dashboard computed), with
 *    its parts from the mark's detail (app start, opening the workouts = IndexedDB + Automerge load, validation,
 *    mapping, computing) and the dashboard rendered. Offline (only
 *    IndexedDB) and online (the repo also syncs every document with the server). Goal < 1.5 s.
 * 2. Compute: the same documents, validated, mapped and `computeDashboard`d in the page, repeated
 *    (support/progress-harness.ts, the app's shared-schema code bundled by esbuild). Goal < 200 ms.
 *
 * `PROGRESS_BENCH_CLIENT_DIR` reuses an existing build instead of building one.
 */
import * as A from "@automerge/automerge";
import Database from "better-sqlite3";
import type { AutomergeUrl } from "@automerge/automerge-repo";
import { makeClientPeerId, type AccountDoc } from "@cadence/shared-schema";
import { build as esbuild } from "esbuild";
import os from "node:os";
import path from "node:path";
import type { Browser, BrowserContext } from "playwright-core";
import { buildClient, launchChromium, waitForMark } from "./support/browser.js";
import {
  connectCadenceClient,
  connectRepo,
  mapLimit,
  registerBenchUser,
  ticketFor,
} from "./support/clients.js";
import type { SpawnedServer } from "./support/proc.js";
import {
  benchDir,
  benchTempDir,
  freePort,
  loadAverage,
  removeTempDir,
  repoRoot,
  sleep,
  spawnServer,
} from "./support/proc.js";
import type { ProgressSteps } from "./support/progress-harness.js";
import type { Benchmark, BenchOptions, BenchResult, Goal, Summary } from "./support/report.js";
import { ms, printGoals, printNotes, printTable, progress, round, summarize } from "./support/report.js";
import { trainingHistory } from "./support/training-history.js";

const COMPUTE_GOAL_MS = 200;
const COLD_GOAL_MS = 1500;

interface DashboardMark {
  workouts: number;
  unreadable: number;
  openMs: number;
  validateMs: number;
  mapMs: number;
  computeMs: number;
  firstDashboardMs: number;
}

interface ColdRun extends DashboardMark {
  /** Navigation start → the mark, and → the dashboard rendered. */
  toDashboardMs: number;
  toRenderedMs: number;
  /** Navigation start → the Progress screen connected (the app's own start). */
  appStartMs: number;
}

declare global {
  interface Window {
    cadenceProgressSteps?: (
      account: unknown,
      docs: readonly { id: string; doc: unknown }[],
      today: string,
      runs: number,
    ) => ProgressSteps;
  }
}

async function coldLoad(context: BrowserContext, base: string): Promise<ColdRun> {
  const page = await context.newPage();
  try {
    await page.goto(`${base}/progress`);
    const mark = await waitForMark(page, "cadence:progress-dashboard", 120_000);
    await page.locator('[data-testid="progress-week"]').waitFor({ timeout: 60_000 });
    const rendered = await page.evaluate(() => performance.now());
    const detail = mark.detail as DashboardMark;
    return {
      ...detail,
      toDashboardMs: mark.startTime,
      toRenderedMs: rendered,
      appStartMs: mark.startTime - detail.firstDashboardMs,
    };
  } finally {
    await page.close();
  }
}

/** The history's documents in the server, checked by a second client of the user (a device that has none). */
async function seedHistory(
  base: string,
  user: Awaited<ReturnType<typeof registerBenchUser>>,
  workouts: ReturnType<typeof trainingHistory>,
  deviceId: string,
  dataDir: string,
): Promise<{ ids: string[]; account: AccountDoc }> {
  // The server accepts a change only from the device its message names (attribution), so the phone connects
  // with the peer id the history was written with. One workout at a time, each waited for (the server owns a
  // document from its first upload): a burst starves a busy server until its keep-alive drops the socket.
  const ticket = await ticketFor(base, user.cookie);
  const phone = await connectRepo(
    `${base.replace(/^http/, "ws")}/sync?ticket=${encodeURIComponent(ticket)}`,
    deviceId,
  );
  const db = new Database(path.join(dataDir, "cadence.db"), { readonly: true });
  const owned = db.prepare<[string], { n: number }>(
    "SELECT COUNT(*) AS n FROM document_owners WHERE user_id = ?",
  );
  const ids: string[] = [];
  try {
    const account = await phone.find<AccountDoc>(user.rootDocUrl as AutomergeUrl);
    account.change((d) => {
      d.onboarding.completed = true;
      d.onboarding.daysPerWeek = 3;
    });
    for (const w of workouts) {
      const id = phone.import(w.bytes).documentId;
      ids.push(id);
      // As the app links a workout: created as planned, then its status follows the workout's.
      account.change((d) => {
        d.links.workouts[id] = { url: `automerge:${id}`, date: w.date, title: w.title, status: "planned" };
      });
      account.change((d) => {
        d.links.workouts[id]!.status = w.status;
      });
      const deadline = Date.now() + 60_000;
      while ((owned.get(user.userId)?.n ?? 0) <= ids.length) {
        if (phone.peers.length === 0 || Date.now() > deadline)
          throw new Error(`the phone lost the server after ${ids.length - 1} workouts`);
        await sleep(10);
      }
    }
    await sleep(2000); // the account's last changes
  } finally {
    db.close();
    await phone.shutdown();
  }
  // Then a device with nothing (a new client per pass: a repo keeps answering "unavailable" for a document
  // it once asked for in vain) until it gets every document and the account lists every workout.
  let missing = [user.rootDocUrl, ...ids.map((id) => `automerge:${id}`)];
  let account: AccountDoc | undefined;
  for (const deadline = Date.now() + 600_000; missing.length > 0; await sleep(1000)) {
    if (Date.now() > deadline) throw new Error(`${missing.length} documents did not reach the server`);
    const laptop = await connectCadenceClient(base, user);
    const found = await mapLimit(missing, 16, async (url) => {
      const h = await laptop.find(url as AutomergeUrl, { allowableStates: ["ready", "unavailable"] });
      if (!h.isReady()) return false;
      if (url !== user.rootDocUrl) return true;
      const doc = h.doc() as AccountDoc;
      if (Object.keys(doc.links.workouts).length !== ids.length) return false;
      account = JSON.parse(JSON.stringify(doc)) as AccountDoc;
      return true;
    });
    missing = missing.filter((_, i) => !found[i]);
    await laptop.shutdown();
  }
  return { ids, account: account! };
}

export const benchmark: Benchmark = {
  name: "progress",
  title: "Progress on a three-year history in Chromium: cold load from IndexedDB, computeDashboard",
  async run({ quick }: BenchOptions): Promise<BenchResult> {
    const notes: string[] = [];
    const goals: Goal[] = [];
    const work = benchTempDir("cadence-bench-progress-");
    let clientDir = process.env.PROGRESS_BENCH_CLIENT_DIR;
    let server: SpawnedServer | undefined;
    let browser: Browser | undefined;
    const count = quick ? 150 : 450;
    const coldRuns = quick ? 3 : 5;
    const computeRuns = quick ? 5 : 20;
    const load0 = loadAverage();
    try {
      if (!clientDir) {
        progress("building the client (vite build)");
        clientDir = path.join(work, "dist");
        buildClient(clientDir);
      }
      const harness = await esbuild({
        entryPoints: [path.join(benchDir, "support/progress-harness.ts")],
        bundle: true,
        format: "iife",
        platform: "browser",
        target: "es2022",
        write: false,
        logLevel: "warning",
      });
      const port = await freePort();
      const dataDir = path.join(work, "data");
      server = await spawnServer({
        entry: "sync-server/src/main.ts",
        port,
        env: {
          DATA_DIR: dataDir,
          CLIENT_DIR: path.resolve(repoRoot, clientDir),
          ARGON2_MEMORY_KIB: "4096",
          LOG_LEVEL: "warn",
          // The setup uploads a whole history at once; a person's device never sends this much in a burst.
          SYNC_MESSAGES_PER_SECOND: "100000",
          SYNC_MESSAGE_BURST: "100000",
        },
      });
      const user = await registerBenchUser(server.url);
      progress(`generating ${count} workouts with the app's operations`);
      const deviceId = makeClientPeerId(user.userId);
      const history = trainingHistory({
        userId: user.userId,
        deviceId,
        workouts: count,
      });
      const sets = history.reduce((a, w) => a + w.loggedSets, 0);
      const bytes = history.reduce((a, w) => a + w.bytes.length, 0);
      progress(`syncing ${count} workouts (${sets} sets) to the server from a Node client of the user`);
      const { ids, account } = await seedHistory(server.url, user, history, deviceId, dataDir);

      browser = await launchChromium();
      const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "en-US" });
      const [name, value] = user.cookie.split("=") as [string, string];
      await context.addCookies([{ name, value, url: server.url }]);
      progress("first visit online: every workout into IndexedDB");
      const first = await context.newPage();
      await first.goto(`${server.url}/progress`);
      await waitForMark(first, "cadence:progress-dashboard", 300_000);
      await first.evaluate(async () => {
        await navigator.serviceWorker.ready;
      });
      const database = `cadence-${user.userId}`;
      for (const deadline = Date.now() + 300_000; ;) {
        const stored = await first.evaluate(
          (db) =>
            new Promise<number>((resolve, reject) => {
              const open = indexedDB.open(db);
              open.onerror = () => reject(new Error(String(open.error)));
              open.onsuccess = () => {
                const keys = open.result.transaction("documents").objectStore("documents").getAllKeys();
                keys.onsuccess = () => {
                  resolve(new Set(keys.result.map((k) => (k as string[])[0])).size);
                  open.result.close();
                };
              };
            }),
          database,
        );
        if (stored > ids.length) break;
        if (Date.now() > deadline) throw new Error(`only ${stored} documents reached IndexedDB`);
        await sleep(500);
      }
      await first.close();

      const cold: Record<"offline" | "online", ColdRun[]> = { offline: [], online: [] };
      for (const mode of ["offline", "online"] as const) {
        await context.setOffline(mode === "offline");
        progress(`cold load ${mode}, ${coldRuns} new pages`);
        for (let i = 0; i < coldRuns; i++) {
          const run = await coldLoad(context, server.url);
          if (run.workouts !== ids.length || run.unreadable > 0)
            notes.push(`a ${mode} load counted ${run.workouts} workouts (${run.unreadable} unreadable)`);
          cold[mode].push(run);
        }
      }

      progress(`validate, map and computeDashboard in the page, ${computeRuns} runs`);
      await context.setOffline(true);
      const page = await context.newPage();
      await page.goto(`${server.url}/progress`);
      await waitForMark(page, "cadence:progress-dashboard", 120_000);
      await page.evaluate(harness.outputFiles[0]!.text);
      const docs = history.map((w, i) => ({ id: ids[i]!, doc: A.toJS(A.load(w.bytes)) }));
      const steps = await page.evaluate(
        ({ account, docs, runs }) => {
          const d = new Date();
          const today = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
          return window.cadenceProgressSteps!(account, docs, today, runs);
        },
        { account, docs, runs: computeRuns },
      );
      await page.close();
      await context.close();

      const compute = summarize(steps.computeMs);
      const map = summarize(steps.mapMs);
      const validate = summarize(steps.validateMs);
      const offline = summarize(cold.offline.map((r) => r.toDashboardMs));
      const online = summarize(cold.online.map((r) => r.toDashboardMs));
      const p50 = (runs: ColdRun[], key: keyof ColdRun) => summarize(runs.map((r) => r[key])).p50;
      printTable(
        `History: ${ids.length} workouts, ${sets} logged sets, ${steps.weeks} weeks; documents ${(bytes / 2 ** 20).toFixed(1)} MiB saved`,
        ["", "p50", "p95", "max"],
        [
          [
            `computeDashboard (${steps.computeMs.length} runs)`,
            ms(compute.p50),
            ms(compute.p95),
            ms(compute.max),
          ],
          ["metricsInputFromDocs (mapping)", ms(map.p50), ms(map.p95), ms(map.max)],
          [
            `parseDocument × ${ids.length} (validation)`,
            ms(validate.p50),
            ms(validate.p95),
            ms(validate.max),
          ],
        ],
      );
      printTable(
        `Cold load, new page → first dashboard (ms from navigation start, ${coldRuns} runs each)`,
        ["", "p50", "p95", "max"],
        [
          ["offline (IndexedDB only)", ms(offline.p50, 0), ms(offline.p95, 0), ms(offline.max, 0)],
          ["online (also syncing with the server)", ms(online.p50, 0), ms(online.p95, 0), ms(online.max, 0)],
        ],
      );
      const parts: [string, keyof ColdRun][] = [
        ["app start (navigation → Progress screen shown)", "appStartMs"],
        ["open the workouts (IndexedDB + Automerge load)", "openMs"],
        ["validation (parseDocument)", "validateMs"],
        ["mapping (metricsInputFromDocs)", "mapMs"],
        ["computeDashboard", "computeMs"],
        ["= first dashboard (mark)", "toDashboardMs"],
        ["dashboard rendered", "toRenderedMs"],
      ];
      printTable(
        "Where the cold load's time goes (p50, ms)",
        ["", "offline", "online"],
        parts.map(([label, key]) => [label, ms(p50(cold.offline, key), 0), ms(p50(cold.online, key), 0)]),
      );
      const load1 = loadAverage();
      notes.push(
        `load average ${load0.toFixed(1)} at the start, ${load1.toFixed(1)} at the end, on ${os.cpus().length} CPUs` +
          (Math.max(load0, load1) > os.cpus().length
            ? ": the machine was busy and every figure is inflated"
            : ""),
      );

      goals.push({
        name: `computeDashboard, ${ids.length} workouts, p95`,
        goal: `< ${COMPUTE_GOAL_MS} ms`,
        figure: ms(compute.p95),
        met: compute.p95 < COMPUTE_GOAL_MS,
      });
      goals.push({
        name: `cold load offline → first dashboard, ${ids.length} workouts, p95`,
        goal: `< ${COLD_GOAL_MS} ms`,
        figure: ms(offline.p95, 0),
        met: offline.p95 < COLD_GOAL_MS,
      });
      printGoals(goals);
      printNotes(notes);
      const fig = (s: Summary) => ({ p50: round(s.p50, 1), p95: round(s.p95, 1), max: round(s.max, 1) });
      return {
        name: "progress",
        figures: {
          workouts: ids.length,
          loggedSets: sets,
          savedBytes: bytes,
          computeMs: fig(compute),
          mapMs: fig(map),
          validateMs: fig(validate),
          coldOfflineMs: fig(offline),
          coldOnlineMs: fig(online),
          coldRuns: cold,
          loadAverage: { start: load0, end: load1 },
        },
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
