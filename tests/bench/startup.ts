import * as Automerge from "@automerge/automerge";
import type { AutomergeUrl, Repo } from "@automerge/automerge-repo";
import { generateAutomergeUrl, parseAutomergeUrl } from "@automerge/automerge-repo";
import { makeClientPeerId, makeUserId, newAccountDoc, newWorkoutDoc } from "@cadence/shared-schema";
import { SqliteStorageAdapter, openDatabase } from "@cadence/sync-server";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { SessionStore } from "../../sync-server/src/auth/sessions.js";
import { groupCommitFor } from "../../sync-server/src/db/group-commit.js";
import { connectRepo, ticketFor } from "./support/clients.js";
import type { SpawnedServer } from "./support/proc.js";
import { benchTempDir, freePort, removeTempDir, rssOf, spawnServer } from "./support/proc.js";
import type { Benchmark, BenchOptions, BenchResult, Goal } from "./support/report.js";
import { mib, ms, printGoals, printNotes, printTable, progress, round, summarize } from "./support/report.js";

/**
 * Server start time with many stored documents, and the time to first-load one of them.
 *
 * The data directory is prepared directly (no server running): one user with a session, their account document
 * and N workout documents (100 distinct ones, each stored under N/100 ids), each an Automerge document saved whole and stored as automerge-repo's StorageSubsystem
 * stores a compacted document: key [documentId, "snapshot", headsHash(heads)] (sha256 over the concatenated hex
 * heads), through our SqliteStorageAdapter, plus a document_owners row per document, all in one transaction.
 *
 * Start time = spawn of `node --import tsx sync-server/src/main.ts` (exactly what `npm start` runs) until
 * GET /healthz answers 200, polled every 5 ms. Starts alternate between an empty data directory and the one with
 * N documents, so the difference is what the stored documents cost. After each start with documents, one client
 * (ticket, WebSocket, join) opens documents nobody has loaded since the start: the first one, then more.
 */

interface Prepared {
  dataDir: string;
  cookie: string;
  userId: string;
  docUrls: AutomergeUrl[];
  dbBytes: number;
  prepareMs: number;
}

function headsHash(heads: string[]): string {
  return crypto.createHash("sha256").update(heads.join("")).digest("hex");
}

function prepare(count: number): Prepared {
  const t0 = performance.now();
  const dataDir = benchTempDir("cadence-bench-startup-");
  const db = openDatabase(path.join(dataDir, "cadence.db"));
  const storage = new SqliteStorageAdapter(db);
  const userId = makeUserId();
  const docUrls: AutomergeUrl[] = [];
  const saved = new Map<Automerge.Doc<unknown>, Uint8Array>();
  // The SqliteStorageAdapter queues its writes (group commit, ADR 0005); commitNow() at the end of the transaction
  // below runs them inside it.
  const store = (doc: Automerge.Doc<unknown>, url = generateAutomergeUrl()): AutomergeUrl => {
    const { documentId } = parseAutomergeUrl(url);
    let bytes = saved.get(doc);
    if (!bytes) saved.set(doc, (bytes = Automerge.save(doc)));
    void storage.save([documentId, "snapshot", headsHash(Automerge.getHeads(doc))], bytes);
    ownerInsert.run(documentId, userId, Date.now());
    return url;
  };
  const ownerInsert = db.prepare(
    "INSERT INTO document_owners (doc_id, user_id, created_at) VALUES (?, ?, ?)",
  );
  let cookie = "";
  db.transaction(() => {
    const root = generateAutomergeUrl();
    db.prepare(
      "INSERT INTO users (id, email, password_hash, display_name, root_doc_id, created_at) VALUES (?, ?, NULL, ?, ?, ?)",
    ).run(
      userId,
      `startup-bench-${process.pid}@example.test`,
      "Bench",
      parseAutomergeUrl(root).documentId,
      Date.now(),
    );
    store(Automerge.from(newAccountDoc(userId, "Bench")), root);
    // Automerge.from + save costs ~2 ms a document here; 100 distinct workout documents are each stored under
    // count/100 document ids (a document's bytes do not contain its id, so every one loads like a real one).
    const day = Date.UTC(2020, 0, 1);
    const templates = Array.from({ length: Math.min(100, count) }, (_, i) => {
      const date = new Date(day + i * 86_400_000).toISOString().slice(0, 10);
      return Automerge.from(newWorkoutDoc({ userId, date, title: `Workout ${i}` }));
    });
    for (let i = 0; i < count; i++) docUrls.push(store(templates[i % templates.length]!));
    cookie = `cadence_session=${new SessionStore(db, 10 * 24 * 3600_000).create(userId, "startup-bench").token}`;
    groupCommitFor(db).commitNow();
  })();
  db.close();
  const dbBytes = fs
    .readdirSync(dataDir)
    .filter((f) => f.startsWith("cadence.db"))
    .reduce((a, f) => a + fs.statSync(path.join(dataDir, f)).size, 0);
  return { dataDir, cookie, userId, docUrls, dbBytes, prepareMs: performance.now() - t0 };
}

async function start(dataDir: string): Promise<SpawnedServer> {
  return spawnServer({
    entry: "sync-server/src/main.ts",
    port: await freePort(),
    env: { DATA_DIR: dataDir, CLIENT_DIR: "", ARGON2_MEMORY_KIB: "1024", LOG_LEVEL: "warn" },
    pollMs: 5,
  });
}

interface LoadTimes {
  connectMs: number;
  firstLoadMs: number;
  moreLoadMs: number[];
}

async function firstLoads(server: SpawnedServer, p: Prepared, picks: AutomergeUrl[]): Promise<LoadTimes> {
  const c0 = performance.now();
  const ticket = await ticketFor(server.url, p.cookie);
  const repo: Repo = await connectRepo(
    server.url.replace(/^http/, "ws") + `/sync?ticket=${encodeURIComponent(ticket)}`,
    makeClientPeerId(p.userId),
  );
  const connectMs = performance.now() - c0;
  try {
    const timeFind = async (url: AutomergeUrl) => {
      const t = performance.now();
      const handle = await repo.find<{ kind?: string }>(url);
      if (handle.doc().kind !== "workout") throw new Error(`document ${url} came back without its content`);
      return performance.now() - t;
    };
    const firstLoadMs = await timeFind(picks[0]!);
    const moreLoadMs: number[] = [];
    for (const url of picks.slice(1)) moreLoadMs.push(await timeFind(url));
    return { connectMs, firstLoadMs, moreLoadMs };
  } finally {
    await repo.shutdown();
  }
}

async function run(opts: BenchOptions): Promise<BenchResult> {
  const count = opts.quick ? 2000 : 10_000;
  const starts = opts.quick ? 2 : 3;
  const loadsPerStart = opts.quick ? 10 : 20;
  progress(`writing ${count} documents into a fresh data directory`);
  const prepared = prepare(count);
  const empty = benchTempDir("cadence-bench-startup-empty-");
  const notes: string[] = [];
  const startMs: Record<"empty" | "docs", number[]> = { empty: [], docs: [] };
  const rss: Record<"empty" | "docs", number[]> = { empty: [], docs: [] };
  const loads: LoadTimes[] = [];
  const used = new Set<number>();
  const pick = () => {
    for (;;) {
      const i = Math.floor(Math.random() * prepared.docUrls.length);
      if (!used.has(i)) {
        used.add(i);
        return prepared.docUrls[i]!;
      }
    }
  };
  try {
    // A throwaway start warms tsx's transform cache and the OS page cache, as any start after the first would.
    progress("warm-up start");
    await (await start(empty)).stop();
    for (let i = 0; i < starts; i++) {
      for (const kind of i % 2 === 0 ? (["empty", "docs"] as const) : (["docs", "empty"] as const)) {
        progress(
          `start ${i + 1}/${starts}, ${kind === "empty" ? "empty data directory" : `${count} documents`}`,
        );
        const server = await start(kind === "empty" ? empty : prepared.dataDir);
        try {
          startMs[kind].push(server.readyAt - server.spawnedAt);
          rss[kind].push(rssOf(server.pid));
          if (kind === "docs") {
            loads.push(await firstLoads(server, prepared, Array.from({ length: loadsPerStart + 1 }, pick)));
          }
        } finally {
          await server.stop();
        }
      }
    }
  } finally {
    removeTempDir(prepared.dataDir);
    removeTempDir(empty);
  }

  const s = (v: number[]) => summarize(v);
  printTable(
    `Start time: spawn → GET /healthz 200 (node --import tsx sync-server/src/main.ts), ${starts} starts each`,
    ["data directory", "median", "min", "max", "RSS when ready"],
    [
      [
        "empty",
        ms(s(startMs.empty).p50, 0),
        ms(s(startMs.empty).min, 0),
        ms(s(startMs.empty).max, 0),
        mib(s(rss.empty).p50),
      ],
      [
        `${count.toLocaleString("en")} documents (${mib(prepared.dbBytes)} SQLite)`,
        ms(s(startMs.docs).p50, 0),
        ms(s(startMs.docs).min, 0),
        ms(s(startMs.docs).max, 0),
        mib(s(rss.docs).p50),
      ],
    ],
  );
  const first = s(loads.map((l) => l.firstLoadMs));
  const more = s(loads.flatMap((l) => l.moreLoadMs));
  const connect = s(loads.map((l) => l.connectMs));
  printTable(
    `First load of a stored document after start (${count.toLocaleString("en")} stored; one client)`,
    ["", "n", "p50", "p95", "max"],
    [
      [
        "client connect (ticket + WebSocket + join)",
        connect.n,
        ms(connect.p50),
        ms(connect.p95),
        ms(connect.max),
      ],
      ["first document opened after start", first.n, ms(first.p50), ms(first.p95), ms(first.max)],
      ["further documents, each cold", more.n, ms(more.p50), ms(more.p95), ms(more.max)],
    ],
  );
  console.log(`\n  preparing ${count} documents took ${(prepared.prepareMs / 1000).toFixed(1)} s`);

  const goals: Goal[] = [];
  const docsCost = s(startMs.docs).p50 - s(startMs.empty).p50;
  if (Math.abs(docsCost) > 0.2 * s(startMs.empty).p50) {
    notes.push(
      `Stored documents change start time by ${ms(docsCost, 0)} (median, ${count} documents vs none).`,
    );
  }
  if (opts.quick) notes.push(`--quick: ${count} documents, ${starts} starts each.`);
  printGoals(goals);
  printNotes(notes);
  return {
    name: "startup",
    figures: {
      documents: count,
      sqliteBytes: prepared.dbBytes,
      startMs: {
        empty: startMs.empty.map((v) => round(v, 0)),
        documents: startMs.docs.map((v) => round(v, 0)),
      },
      startMedianMs: { empty: round(s(startMs.empty).p50, 0), documents: round(s(startMs.docs).p50, 0) },
      rssWhenReadyBytes: { empty: s(rss.empty).p50, documents: s(rss.docs).p50 },
      clientConnectMs: { p50: round(connect.p50), max: round(connect.max) },
      firstDocumentLoadMs: { p50: round(first.p50), max: round(first.max), n: first.n },
      coldDocumentLoadMs: { p50: round(more.p50), p95: round(more.p95), max: round(more.max), n: more.n },
    },
    goals,
    notes,
  };
}

export const benchmark: Benchmark = {
  name: "startup",
  title: "Server start time with many stored documents; first load of one of them",
  run,
};
