/**
 * The workout history screen in the browser (issue 5): a workout with 500 changes (workout.ts's `buildWorkout`),
 * put on the server for a registered user by a Node client and linked from the account, then opened at
 * /history/:id in headless Chromium against the real server and a production build. Each run opens a fresh page
 * (after a first run that fetches the document from the server, it comes from IndexedDB) and measures:
 *
 * - replay: `WorkoutHistory.update` on Automerge's wasm (every change described, authors joined), from the app's
 *   `cadence:timeline-replayed` mark. It runs after the sets are drawn.
 * - first render: the version timeline's first update (Lit render + DOM commit of the newest 50 versions), from
 *   `cadence:timeline-rendered`. Goal p95 ≤ 200 ms.
 * - show older versions: each click's update of the timeline (50 more versions drawn), until all are drawn.
 * - open an earlier version: "View this version" on the middle version → the read-only version and the
 *   timeline are updated, to the next animation frame (`viewAt` + `sessionView` + render).
 *
 * The workout is built before the server starts: building it blocks this process for seconds, and a keep-alive
 * connection of fetch's pool left idle meanwhile is closed by the server (5 s) and then reused by the next fetch,
 * which fails with "other side closed".
 *
 * `HISTORY_BENCH_CLIENT_DIR` serves an existing build (e.g. client/dist-mine) instead of building one.
 * Run alone: `npm run bench -- --only history [--quick]`.
 */
import * as A from "@automerge/automerge";
import type { AutomergeUrl, DocHandle, Repo } from "@automerge/automerge-repo";
import type { AccountDoc, WorkoutDoc } from "@cadence/shared-schema";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { buildClient, launchChromium, waitForMark } from "./support/browser.js";
import { connectCadenceClient, registerBenchUser, type BenchUser } from "./support/clients.js";
import type { SpawnedServer } from "./support/proc.js";
import {
  benchTempDir,
  freePort,
  loadAverage,
  removeTempDir,
  repoRoot,
  sleep,
  spawnServer,
} from "./support/proc.js";
import type { BenchOptions, BenchResult, Goal } from "./support/report.js";
import { ms, printGoals, printNotes, printTable, progress, round, summarize } from "./support/report.js";
import { buildWorkout } from "./workout.js";

const RENDER_GOAL_MS = 200;
const REPLAYED = "cadence:timeline-replayed";
const RENDERED = "cadence:timeline-rendered";

interface MarkAt {
  readonly startTime: number;
  readonly ms: number;
  readonly versions?: number;
  readonly shown?: number;
}

function marks(page: Page, name: string): Promise<MarkAt[]> {
  return page.evaluate(
    (n) =>
      performance.getEntriesByName(n, "mark").map((m) => ({
        startTime: m.startTime,
        ...((m as PerformanceMark).detail as { ms: number; versions?: number; shown?: number }),
      })),
    name,
  );
}

/** The account document (a new account's may take a moment to be ready on the server). */
async function findAccount(repo: Repo, url: string): Promise<DocHandle<AccountDoc>> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await repo.find<AccountDoc>(url as AutomergeUrl);
    } catch (error) {
      if (attempt >= 20) throw error;
      await sleep(250);
    }
  }
}

/** How many change records the server has for the document (0 until it has claimed it). */
async function attributedChanges(server: SpawnedServer, user: BenchUser, id: string): Promise<number> {
  try {
    const res = await fetch(`${server.url}/api/documents/${id}/changes`, {
      headers: { cookie: user.cookie },
    });
    if (!res.ok) {
      await res.arrayBuffer();
      return 0;
    }
    return ((await res.json()) as { changes: unknown[] }).changes.length;
  } catch {
    // A pooled connection the server has just closed; a GET is safe to ask again.
    return 0;
  }
}

/** Puts the workout on the server, linked from the account, and waits until the server has every change. */
async function upload(
  server: SpawnedServer,
  built: A.Doc<WorkoutDoc>,
): Promise<{ user: BenchUser; id: string }> {
  const changes = A.getAllChanges(built).length;
  const user = await registerBenchUser(server.url);
  const repo = await connectCadenceClient(server.url, user);
  try {
    const account = await findAccount(repo, user.rootDocUrl);
    const handle = repo.import<WorkoutDoc>(A.save(built));
    const id = handle.documentId;
    account.change((d) => {
      d.links.workouts[id] = {
        url: `automerge:${id}`,
        date: "2025-03-01",
        title: "Full body",
        status: "completed",
      };
    });
    for (let i = 0; (await attributedChanges(server, user, id)) < changes; i++) {
      if (i > 600) throw new Error("the server did not receive the workout within 60 s");
      await sleep(100);
    }
    return { user, id };
  } finally {
    await repo.shutdown();
  }
}

/**
 * Clicks "View this version" on the `index`-th version drawn (newest first) and resolves with the time from the
 * click to the next animation frame after the read-only version and the timeline are updated.
 */
function openVersion(page: Page, index: number): Promise<number> {
  return page.evaluate(async (i) => {
    type Lit = HTMLElement & { updateComplete: Promise<boolean> };
    // No named helpers here: tsx would wrap them in a `__name` call the page does not have.
    let timeline: Lit | null = null;
    const roots: Array<Document | ShadowRoot> = [document];
    while (!timeline && roots.length > 0) {
      const root = roots.pop()!;
      timeline = root.querySelector<Lit>("cad-version-timeline");
      for (const el of root.querySelectorAll("*")) if (el.shadowRoot) roots.push(el.shadowRoot);
    }
    if (!timeline) throw new Error("no version timeline on the page");
    const detail = (timeline.getRootNode() as ShadowRoot).host as Lit;
    const item = timeline.shadowRoot!.querySelectorAll('[data-testid="version"]')[i]!;
    const button = item.querySelector("button")!;
    const start = performance.now();
    button.click();
    await detail.updateComplete;
    const view = detail.shadowRoot!.querySelector<Lit>("cad-version-view");
    if (!view) throw new Error("no read-only version shown");
    await view.updateComplete;
    await view.shadowRoot!.querySelector<Lit>("cad-workout-sets")!.updateComplete;
    await timeline.updateComplete;
    await new Promise((r) => requestAnimationFrame(r));
    return performance.now() - start;
  }, index);
}

interface RunFigures {
  replay: number;
  render: number;
  openToTimeline: number;
  pages: number[];
  openVersion: number;
  versions: number;
  shownAtEnd: number;
}

async function measureRun(page: Page, url: string): Promise<RunFigures> {
  await page.goto(url);
  await waitForMark(page, REPLAYED, 120_000);
  await waitForMark(page, RENDERED, 60_000);
  const replayed = (await marks(page, REPLAYED))[0]!;
  const first = (await marks(page, RENDERED))[0]!;
  const versions = replayed.versions ?? 0;
  const more = page.getByRole("button", { name: /Show older versions/ });
  const pages: number[] = [];
  let shown = first.shown ?? 0;
  while (shown < versions) {
    const before = (await marks(page, RENDERED)).length;
    await more.click();
    await page.waitForFunction(
      ([n, c]) => performance.getEntriesByName(n, "mark").length > c,
      [RENDERED, before] as const,
      { polling: 10 },
    );
    const latest = (await marks(page, RENDERED)).slice(before);
    const grown = latest.find((m) => (m.shown ?? 0) > shown);
    if (!grown) continue; // a re-render for another reason (e.g. the server's attribution arrived)
    pages.push(grown.ms);
    shown = grown.shown ?? shown;
  }
  const opened = await openVersion(page, Math.floor(versions / 2));
  await page.getByTestId("version-banner").waitFor();
  return {
    replay: replayed.ms,
    render: first.ms,
    openToTimeline: first.startTime,
    pages,
    openVersion: opened,
    versions,
    shownAtEnd: shown,
  };
}

async function run(options: BenchOptions): Promise<BenchResult> {
  const runs = options.quick ? 3 : 10;
  const notes: string[] = [];
  const load0 = loadAverage();
  const work = benchTempDir("cadence-bench-history-");
  const prebuilt = process.env.HISTORY_BENCH_CLIENT_DIR;
  const clientDir = prebuilt ? path.resolve(repoRoot, prebuilt) : path.join(work, "dist");
  if (!prebuilt) {
    progress("building the client (vite build)");
    buildClient(clientDir);
  }
  progress("building a workout with 500 changes");
  const built = buildWorkout(501, 7);
  const changes = A.getAllChanges(built).length;
  const port = await freePort();
  const server = await spawnServer({
    entry: "sync-server/src/main.ts",
    env: {
      DATA_DIR: path.join(work, "data"),
      CLIENT_DIR: clientDir,
      ARGON2_MEMORY_KIB: "4096",
      LOG_LEVEL: "warn",
    },
    port,
  });
  let browser: Browser | undefined;
  try {
    progress("putting it on the server, linked from a new account");
    const { user, id } = await upload(server, built);
    browser = await launchChromium();
    const [name, value] = user.cookie.split(";")[0]!.split("=");
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "en-US" });
    await context.addCookies([{ name: name!, value: value!, url: server.url }]);
    progress(`opening its history ${runs} times (after one run that fetches it from the server)`);
    const figures: RunFigures[] = [];
    for (let i = 0; i <= runs; i++) {
      const page = await context.newPage();
      const f = await measureRun(page, `${server.url}/history/${id}`);
      await page.close();
      if (i > 0) figures.push(f);
      if (f.shownAtEnd !== f.versions)
        notes.push(`run ${i}: ${f.shownAtEnd} of ${f.versions} versions drawn`);
    }
    await context.close();

    const versions = figures[0]!.versions;
    const replay = summarize(figures.map((f) => f.replay));
    const render = summarize(figures.map((f) => f.render));
    const open = summarize(figures.map((f) => f.openToTimeline));
    const paging = summarize(figures.flatMap((f) => f.pages));
    const version = summarize(figures.map((f) => f.openVersion));
    const load1 = loadAverage();
    printTable(
      `Workout history in Chromium: ${changes} changes, ${versions} versions (${runs} runs)`,
      ["what", "p50", "p95"],
      [
        ["replay the history (WorkoutHistory.update, wasm)", ms(replay.p50), ms(replay.p95)],
        ["first render of the timeline (newest 50 versions)", ms(render.p50), ms(render.p95)],
        [`"Show older versions" (50 more; ${paging.n} clicks)`, ms(paging.p50), ms(paging.p95)],
        ["open an earlier version read-only (click → frame)", ms(version.p50), ms(version.p95)],
        ["navigation start → timeline drawn", ms(open.p50), ms(open.p95)],
      ],
    );
    const goals: Goal[] = [
      {
        name: `first render of the timeline of a ${changes}-change workout, p95`,
        goal: `≤ ${RENDER_GOAL_MS} ms`,
        figure: ms(render.p95),
        met: render.p95 <= RENDER_GOAL_MS,
      },
    ];
    printGoals(goals);
    notes.push(
      `Load average (1 min) ${load0.toFixed(2)} at the start, ${load1.toFixed(2)} at the end, on ${os.cpus().length} cores.`,
      "The replay runs after the sets are drawn (“Reading the history…” meanwhile) and, while the screen stays open, only for new changes.",
    );
    printNotes(notes);
    return {
      name: "history",
      figures: {
        changes,
        versions,
        runs,
        replayMs: { p50: round(replay.p50), p95: round(replay.p95) },
        renderMs: { p50: round(render.p50), p95: round(render.p95) },
        showOlderMs: { p50: round(paging.p50), p95: round(paging.p95), clicks: paging.n },
        openVersionMs: { p50: round(version.p50), p95: round(version.p95) },
        openToTimelineMs: { p50: round(open.p50), p95: round(open.p95) },
        loadAverage: { start: load0, end: load1 },
      },
      goals,
      notes,
    };
  } finally {
    await browser?.close();
    await server.stop();
    removeTempDir(work);
  }
}

export const benchmark = {
  name: "history",
  title: "Workout history in Chromium: the timeline of a workout with 500 changes",
  run,
};
