import type { AutomergeUrl, Repo } from "@automerge/automerge-repo";
import type { BenchUser } from "./support/clients.js";
import { connectCadenceClient, connectRetries, mapLimit, registerMany } from "./support/clients.js";
import type { SpawnedServer } from "./support/proc.js";
import {
  benchTempDir,
  freePort,
  removeTempDir,
  rssOf,
  scrapeMetric,
  sleep,
  spawnServer,
} from "./support/proc.js";
import type { Benchmark, BenchOptions, BenchResult, Goal } from "./support/report.js";
import { kib, mib, printGoals, printNotes, printTable, progress, round } from "./support/report.js";

/**
 * Server memory with many users connected. The server is a child process started with --expose-gc and the
 * benchmark's hooks (support/child-hooks.ts): on request it runs a full GC and reports process.memoryUsage().
 * Every figure is the child's VmRSS from /proc/<pid>/status, read twice: as it is, then right after a forced full
 * GC (what is really retained). A production server never runs a forced GC, so its RSS sits between the two.
 *
 * 1. N users register (the server creates and persists their account documents); the server is then restarted on
 *    the same data directory → baseline (the users exist, nothing is loaded, nothing left over from registering).
 * 2. Every user connects one Node client (ticket, WebSocket, join), touching no document → per connection.
 * 3. Every client opens its account document and makes one small edit (50 at a time, for at most 45 s) → per
 *    loaded document (divided by the documents the server reports loaded); this is the peak.
 * 4. All clients disconnect; RSS, `cadence_documents_loaded` and `cadence_sync_open_sockets` are sampled over
 *    time while the idle documents unload (DOC_IDLE_MS = 30 s, so none unloads while the others are opened).
 */

const GOAL_BYTES = 1024 ** 3;

interface Sample {
  label: string;
  atS: number;
  rss: number;
  rssAfterGc: number;
  heapUsed: number;
  external: number;
  docsLoaded: number;
  sockets: number;
}

async function sample(server: SpawnedServer, label: string, t0: number): Promise<Sample> {
  const rss = rssOf(server.pid);
  const [docsLoaded, sockets] = await Promise.all([
    scrapeMetric(server.url, "cadence_documents_loaded"),
    scrapeMetric(server.url, "cadence_sync_open_sockets"),
  ]);
  const report = await server.memoryReport(60_000).catch(() => null);
  return {
    label,
    atS: (performance.now() - t0) / 1000,
    rss,
    rssAfterGc: rssOf(server.pid),
    heapUsed: report?.after.heapUsed ?? NaN,
    external: report?.after.external ?? NaN,
    docsLoaded,
    sockets,
  };
}

async function waitForGauge(
  server: SpawnedServer,
  name: string,
  ok: (v: number) => boolean,
  timeoutMs: number,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await scrapeMetric(server.url, name);
    if (ok(v)) return v;
    if (Date.now() > deadline) return v;
    await sleep(250);
  }
}

async function run(opts: BenchOptions): Promise<BenchResult> {
  const users = opts.quick ? 200 : 1000;
  // Long enough that no document unloads while the others are still being opened, short enough to watch them go.
  const idleMs = opts.quick ? 10_000 : 30_000;
  const touchLimitMs = opts.quick ? 20_000 : 45_000;
  const dataDir = benchTempDir("cadence-bench-memory-");
  const notes: string[] = [];
  const start = async () =>
    spawnServer({
      entry: "tests/bench/support/cadence-server.ts",
      nodeArgs: ["--expose-gc"],
      port: await freePort(),
      env: {
        DATA_DIR: dataDir,
        CLIENT_DIR: "",
        ARGON2_MEMORY_KIB: "1024",
        LOG_LEVEL: "warn",
        DOC_IDLE_MS: String(idleMs),
      },
    });
  let server = await start();
  const t0 = performance.now();
  const samples: Sample[] = [];
  const timeline: Sample[] = [];
  let clients: Repo[] = [];
  let touchMs = 0;
  let connectMs = 0;
  let registerMs = 0;
  const touch = { ok: 0, failed: 0, pending: 0, firstError: "" };
  try {
    samples.push(await sample(server, "started, no users", t0));

    progress(`registering ${users} users`);
    const r0 = performance.now();
    const registered: BenchUser[] = await registerMany(server.url, users, 8);
    registerMs = performance.now() - r0;
    samples.push(await sample(server, `${users} registered (their documents loaded)`, t0));
    // A fresh process on the same data: the baseline holds the users but nothing registration left behind.
    progress("restarting the server on the same data directory");
    await server.stop();
    server = await start();
    const baseline = await sample(server, `restarted: ${users} users stored, nothing loaded`, t0);
    samples.push(baseline);

    progress(`connecting ${users} clients`);
    const c0 = performance.now();
    clients = await mapLimit(registered, 32, (u) => connectCadenceClient(server.url, u));
    connectMs = performance.now() - c0;
    const connected = await sample(server, `${users} clients connected, no document open`, t0);
    samples.push(connected);

    progress(`${users} clients open and edit their account document (at most ${touchLimitMs / 1000} s)`);
    const t1 = performance.now();
    touch.pending = users;
    const touching = mapLimit(clients, 50, async (repo, i) => {
      try {
        const handle = await repo.find<{ benchTouchedAt?: number }>(
          registered[i]!.rootDocUrl as AutomergeUrl,
        );
        handle.change((d) => {
          d.benchTouchedAt = Date.now();
        });
        touch.ok++;
      } catch (err) {
        touch.failed++;
        touch.firstError ||= String(err);
      } finally {
        touch.pending--;
      }
    });
    await Promise.race([touching, sleep(touchLimitMs)]);
    touchMs = performance.now() - t1;
    // The edits reach the server asynchronously: give it a moment to have every opened document loaded.
    await waitForGauge(server, "cadence_documents_loaded", (v) => v >= touch.ok, 5000);
    const peak = await sample(server, `${users} connected, documents opened (peak)`, t0);
    samples.push(peak);
    if (Number.isFinite(peak.sockets) && peak.sockets < users) {
      notes.push(
        `${users - peak.sockets} of ${users} sync sockets closed while the documents were being opened, without ` +
          "any client closing them or the server rejecting them (cadence_sync_sockets_closed_total does not count " +
          "it): the 5 s keep-alive of automerge-repo's WebSocketServerAdapter terminates sockets whose pong the " +
          "server has not processed by the next tick, i.e. when its event loop stalls. Their pending opens fail " +
          "as 'unavailable'.",
      );
    }
    if (touch.ok < users) {
      notes.push(
        `only ${touch.ok} of ${users} clients had their document open after ${(touchMs / 1000).toFixed(0)} s ` +
          `(${touch.failed} failed${touch.firstError ? `: ${touch.firstError}` : ""}; ${touch.pending} still ` +
          "waiting); per-document figures divide by the documents actually loaded.",
      );
    }

    progress("disconnecting every client and watching idle documents unload");
    const d0 = performance.now();
    await Promise.all(clients.map((c) => c.shutdown().catch(() => undefined)));
    clients = [];
    void touching.catch(() => undefined);
    // Sample until everything has unloaded (then a few more), bounded by two idle periods.
    let zeroSince = -1;
    for (let i = 0; performance.now() - d0 < idleMs * 2 + 15_000; i++) {
      const s = await sample(
        server,
        `+${((performance.now() - d0) / 1000).toFixed(0)} s after disconnect`,
        t0,
      );
      timeline.push(s);
      if (s.docsLoaded === 0 && s.sockets === 0 && zeroSince < 0) zeroSince = i;
      if (zeroSince >= 0 && i - zeroSince >= 2) break;
      await sleep(Math.max(2000, idleMs / 10));
    }
    const end = timeline[timeline.length - 1]!;
    // A stalled server may not answer /metrics: then count the documents the clients opened.
    const docs = Math.max(1, Number.isFinite(peak.docsLoaded) ? peak.docsLoaded : touch.ok);

    const perConnection = (connected.rssAfterGc - baseline.rssAfterGc) / users;
    const perDocument = (peak.rssAfterGc - connected.rssAfterGc) / docs;
    const perConnectionRaw = (connected.rss - baseline.rss) / users;
    const perDocumentRaw = (peak.rss - connected.rss) / docs;

    const row = (s: Sample) => [
      s.label,
      `${s.atS.toFixed(0)} s`,
      mib(s.rss),
      mib(s.rssAfterGc),
      mib(s.heapUsed),
      mib(s.external),
      s.docsLoaded,
      s.sockets,
    ];
    const header = [
      "phase",
      "t",
      "RSS",
      "RSS after GC",
      "JS heap used",
      "external",
      "docs loaded",
      "sockets",
    ];
    printTable(`Server memory, ${users} users (RSS of the server child process)`, header, samples.map(row));
    printTable("After every client disconnected", header, timeline.map(row));
    printTable(
      "Derived",
      ["figure", "as is", "after GC"],
      [
        ["per connected user (socket + peer, no document)", kib(perConnectionRaw), kib(perConnection)],
        [`per loaded account document (${docs} loaded)`, kib(perDocumentRaw), kib(perDocument)],
        ["peak RSS", mib(peak.rss), mib(peak.rssAfterGc)],
        ["RSS once everything unloaded", mib(end.rss), mib(end.rssAfterGc)],
        [
          "retained after unload vs baseline",
          mib(end.rss - baseline.rss),
          mib(end.rssAfterGc - baseline.rssAfterGc),
        ],
      ],
    );
    console.log(
      `\n  registering ${users} users took ${(registerMs / 1000).toFixed(1)} s; connecting their clients ` +
        `${(connectMs / 1000).toFixed(1)} s; opening + editing their documents ${(touchMs / 1000).toFixed(1)} s ` +
        `(${touch.ok} done). DOC_IDLE_MS=${idleMs}. The server runs with --expose-gc; GCs are forced only when ` +
        "sampling.",
    );

    const goals: Goal[] = [
      {
        name: `peak RSS, ${users} users connected, ${docs} documents loaded`,
        goal: "< 1 GB",
        figure: `${mib(peak.rss)} (${mib(peak.rssAfterGc)} after GC)`,
        met: peak.rss < GOAL_BYTES,
      },
    ];
    if (opts.quick) notes.push(`--quick: ${users} users instead of 1,000.`);
    if (connectRetries.count > 0) {
      notes.push(
        `${connectRetries.count} client connections failed once and were retried (${connectRetries.last}).`,
      );
    }
    const fellBy = peak.rssAfterGc - end.rssAfterGc;
    if (end.docsLoaded !== 0)
      notes.push(`${end.docsLoaded} documents were still loaded at the end of sampling.`);
    if (fellBy < 0.5 * (peak.rssAfterGc - connected.rssAfterGc)) {
      notes.push(
        `RSS fell by only ${mib(fellBy)} after every document unloaded (peak ${mib(peak.rssAfterGc)} → ` +
          `${mib(end.rssAfterGc)} after GC, JS heap ${mib(peak.heapUsed)} → ${mib(end.heapUsed)}). Memory the ` +
          "allocator keeps (V8 pages, Automerge's WebAssembly memory, which never shrinks) is not returned to the OS.",
      );
    }
    printGoals(goals);
    printNotes(notes);
    const fig = (s: Sample) => ({
      label: s.label,
      atS: round(s.atS, 1),
      rssBytes: s.rss,
      rssAfterGcBytes: s.rssAfterGc,
      heapUsedBytes: s.heapUsed,
      externalBytes: s.external,
      docsLoaded: s.docsLoaded,
      sockets: s.sockets,
    });
    return {
      name: "memory",
      figures: {
        users,
        docIdleMs: idleMs,
        perConnectionBytes: Math.round(perConnectionRaw),
        perConnectionBytesAfterGc: Math.round(perConnection),
        perDocumentBytes: Math.round(perDocumentRaw),
        perDocumentBytesAfterGc: Math.round(perDocument),
        peakRssBytes: peak.rss,
        peakRssAfterGcBytes: peak.rssAfterGc,
        endRssBytes: end.rss,
        endRssAfterGcBytes: end.rssAfterGc,
        registerMs: Math.round(registerMs),
        connectMs: Math.round(connectMs),
        touchMs: Math.round(touchMs),
        documentsOpened: touch.ok,
        documentOpenFailures: touch.failed,
        peakDocumentsLoaded: docs,
        samples: samples.map(fig),
        timeline: timeline.map(fig),
      },
      goals,
      notes,
    };
  } finally {
    await Promise.all(clients.map((c) => c.shutdown().catch(() => undefined)));
    await server.stop();
    removeTempDir(dataDir);
  }
}

export const benchmark: Benchmark = {
  name: "memory",
  title: "Server memory per connected user and per loaded document; RSS as idle documents unload",
  run,
};
