import * as Automerge from "@automerge/automerge";
import Database from "better-sqlite3";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { OwnershipTable } from "../src/authz/ownership.js";
import type { Db } from "../src/db/database.js";
import { openDatabase } from "../src/db/database.js";
import { groupCommitFor } from "../src/db/group-commit.js";
import { SqliteStorageAdapter } from "../src/storage/sqlite-storage-adapter.js";
import { ChangeAttribution, changeHash } from "../src/sync/attribution.js";

let dir: string;
let db: Db;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cadence-sync-path-"));
  db = openDatabase(path.join(dir, "cadence.db"));
});

afterEach(async () => {
  await groupCommitFor(db).close();
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const rows = () =>
  db
    .prepare<[], { key: string }>("SELECT key FROM storage_chunks ORDER BY key")
    .all()
    .map((r) => r.key);

const insertUser = (id: string) =>
  db
    .prepare("INSERT INTO users (id, email, display_name, root_doc_id, created_at) VALUES (?, ?, ?, ?, ?)")
    .run(id, `${id}@example.test`, id, `root-${id}`, Date.now());

describe("group commit", () => {
  it("commits the writes of one turn of the event loop in one transaction; durable() once they are on disk", async () => {
    insertUser("u1");
    const storage = new SqliteStorageAdapter(db);
    const attribution = new ChangeAttribution(db);
    const transactions = vi.spyOn(db, "transaction");
    // Storage writes resolve once queued (automerge-repo awaits each in turn); attribution records on disk.
    await storage.save(["doc1", "incremental", "a"], new Uint8Array([1]));
    await storage.save(["doc2", "incremental", "b"], new Uint8Array([2]));
    const c = attribution.record("doc1", "user", "u1", "peer1", ["h1"]);
    let durable = false;
    void Promise.all([c, storage.durable()]).then(() => (durable = true));
    await Promise.resolve();
    expect(durable).toBe(false);
    expect(db.prepare("SELECT COUNT(*) AS n FROM storage_chunks").get()).toEqual({ n: 0 });
    await Promise.all([c, storage.durable()]);
    expect(transactions).toHaveBeenCalledTimes(1);
    expect(rows()).toEqual(["doc1/incremental/a", "doc2/incremental/b"]);
    expect(attribution.list("doc1").map((r) => r.hash)).toEqual(["h1"]);
  });

  it("reports writes durable only after the WAL file was synced (fdatasync off the event loop)", async () => {
    const synced = vi.spyOn(fs, "fdatasync");
    const storage = new SqliteStorageAdapter(db);
    await storage.save(["doc1", "incremental", "s"], new Uint8Array([1]));
    let done = false;
    const first = storage.durable("doc1").then(() => (done = true));
    groupCommitFor(db).commitNow();
    // Committed (readable) at once, but not reported durable before the sync.
    expect(rows()).toEqual(["doc1/incremental/s"]);
    expect(synced).toHaveBeenCalledTimes(1);
    await Promise.resolve();
    expect(done).toBe(false);
    // While that sync runs, durable() waits for it too.
    let durable = false;
    const whenDurable = groupCommitFor(db)
      .durable()
      .then(() => (durable = true));
    await Promise.resolve();
    expect(durable).toBe(false);
    await Promise.all([first, whenDurable]);
    expect(done).toBe(true);
    expect(db.pragma("synchronous", { simple: true })).toBe(2);
    synced.mockRestore();
  });

  it("marks a document whose write failed: its later writes are refused and durable(doc) rejects until rewrite", async () => {
    const storage = new SqliteStorageAdapter(db);
    const failedDocs: string[] = [];
    storage.onWriteFailed = (docId) => failedDocs.push(docId);
    await storage.save(["bad", "snapshot", "old"], new Uint8Array([9]));
    await storage.durable("bad");
    db.exec(`CREATE TEMP TRIGGER fail_bad BEFORE INSERT ON storage_chunks WHEN NEW.doc_id = 'bad'
             BEGIN SELECT RAISE(ABORT, 'simulated disk failure'); END`);
    // automerge-repo's compaction: a new snapshot, then the old one removed. Both "succeed" for automerge-repo;
    // the removal must not happen when the snapshot did not.
    await storage.save(["bad", "snapshot", "new"], new Uint8Array([1]));
    await storage.remove(["bad", "snapshot", "old"]);
    await storage.save(["good", "incremental", "y"], new Uint8Array([2]));
    const [bad, good] = await Promise.allSettled([storage.durable("bad"), storage.durable("good")]);
    expect(bad.status).toBe("rejected");
    expect(good.status).toBe("fulfilled");
    expect(rows()).toEqual(["bad/snapshot/old", "good/incremental/y"]);
    expect(failedDocs).toEqual(["bad"]);
    expect(storage.hasFailed("bad")).toBe(true);
    // Sticky: once the disk works again, a later write is still refused — the copy in memory believes the failed
    // one was stored, so only a rewrite from it makes the document whole again.
    db.exec("DROP TRIGGER fail_bad");
    await storage.save(["bad", "incremental", "z"], new Uint8Array([3]));
    await expect(storage.durable("bad")).rejects.toThrow("failed");
    groupCommitFor(db).commitNow();
    expect(rows()).toEqual(["bad/snapshot/old", "good/incremental/y"]);
    storage.rewrite("bad", new Uint8Array([7, 7]));
    await storage.save(["bad", "incremental", "w"], new Uint8Array([4]));
    await expect(storage.durable("bad")).resolves.toBeUndefined();
    const bad2 = (await storage.loadRange(["bad"])).map((c) => [c.key[1], Array.from(c.data!)]);
    expect(bad2).toEqual([
      ["snapshot", [9]],
      ["snapshot", [7, 7]],
      ["incremental", [4]],
    ]);
    expect(failedDocs).toEqual(["bad"]);
  });

  it("after a failed WAL sync, reports nothing durable any more, however later syncs go", async () => {
    const storage = new SqliteStorageAdapter(db);
    const synced = vi
      .spyOn(fs, "fdatasync")
      .mockImplementationOnce((_fd, cb) => cb(Object.assign(new Error("EIO: i/o error"), { code: "EIO" })));
    await storage.save(["doc1", "incremental", "a"], new Uint8Array([1]));
    await expect(storage.durable("doc1")).rejects.toThrow("could not be synced (EIO)");
    // The next sync succeeds, but the pages the failed one did not write may be gone: still not durable.
    await storage.save(["doc2", "incremental", "b"], new Uint8Array([2]));
    await expect(storage.durable("doc2")).rejects.toThrow("could not be synced");
    expect(synced.mock.calls.length).toBeGreaterThanOrEqual(1);
    expect(groupCommitFor(db).syncFailure?.message).toContain("restart");
    synced.mockRestore();
  });

  it("checkpoints the WAL on a worker thread, not in the event loop's commits", async () => {
    groupCommitFor(db).checkpointOffThread();
    expect(db.pragma("wal_autocheckpoint", { simple: true })).toBe(0);
    const storage = new SqliteStorageAdapter(db);
    await storage.save(["doc1", "snapshot", "c"], new Uint8Array([4, 2]));
    // Once checkpointed, the row is in the database file itself: a copy without the WAL has it.
    const copy = path.join(dir, "copy.db");
    const inFile = () => {
      fs.copyFileSync(path.join(dir, "cadence.db"), copy);
      const other = new Database(copy, { readonly: true });
      try {
        return other.prepare("SELECT COUNT(*) AS n FROM storage_chunks").get();
      } catch {
        return null; // not even the schema is checkpointed yet
      } finally {
        other.close();
      }
    };
    const deadline = Date.now() + 5000;
    while (JSON.stringify(inFile()) !== JSON.stringify({ n: 1 }) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(inFile()).toEqual({ n: 1 });
  });

  it("lets a read see every earlier write, committing them first", async () => {
    const storage = new SqliteStorageAdapter(db);
    const saved = storage.save(["doc1", "snapshot", "s"], new Uint8Array([7, 8]));
    expect(await storage.load(["doc1", "snapshot", "s"])).toEqual(new Uint8Array([7, 8]));
    await saved;
    const removed = storage.removeRange(["doc1"]);
    expect(await storage.loadRange(["doc1"])).toEqual([]);
    await removed;
  });

  it("copies the data it was given (a caller may reuse its buffer)", async () => {
    const storage = new SqliteStorageAdapter(db);
    const data = new Uint8Array([1, 2, 3]);
    const saved = storage.save(["doc1", "incremental", "x"], data);
    data.fill(0);
    await saved;
    expect(await storage.load(["doc1", "incremental", "x"])).toEqual(new Uint8Array([1, 2, 3]));
  });

  it("isolates a failing write: the others commit, it and durable() reject", async () => {
    const commits = groupCommitFor(db);
    const ok1 = commits.enqueue(() =>
      db.prepare("INSERT INTO storage_chunks VALUES ('a/x', 'a', x'01')").run(),
    );
    const bad = commits.enqueue(() => {
      throw new Error("disk on fire");
    });
    const ok2 = commits.enqueue(() =>
      db.prepare("INSERT INTO storage_chunks VALUES ('b/x', 'b', x'02')").run(),
    );
    const durable = commits.durable();
    const [r1, rBad, r2, rDurable] = await Promise.allSettled([ok1, bad, ok2, durable]);
    expect(r1.status).toBe("fulfilled");
    expect(r2.status).toBe("fulfilled");
    expect(rBad).toMatchObject({ status: "rejected", reason: new Error("disk on fire") });
    expect(rDurable).toMatchObject({ status: "rejected", reason: new Error("disk on fire") });
    expect(rows()).toEqual(["a/x", "b/x"]);
    // The next batch is unaffected.
    await commits.enqueue(() => db.prepare("DELETE FROM storage_chunks").run());
    await expect(commits.durable()).resolves.toBeUndefined();
    expect(rows()).toEqual([]);
  });
});

it("refuses a write queued after the database was closed, without throwing", async () => {
  const other = openDatabase(path.join(dir, "other.db"));
  const storage = new SqliteStorageAdapter(other);
  await storage.save(["doc1", "incremental", "late"], new Uint8Array([1]));
  other.close();
  await expect(storage.durable("doc1")).rejects.toThrow();
  expect(storage.hasFailed("doc1")).toBe(true);
  await expect(groupCommitFor(other).durable()).resolves.toBeUndefined();
});

describe("ownership cache", () => {
  it("answers from memory once owned, and forgets a deleted user's documents", () => {
    insertUser("alice");
    const owners = new OwnershipTable(db);
    expect(owners.ownerOf("doc-a")).toBeNull();
    expect(owners.claim("doc-a", "alice")).toBe("alice");
    const query = vi.spyOn(db, "prepare");
    expect(owners.ownerOf("doc-a")).toBe("alice");
    expect(query).not.toHaveBeenCalled();
    // Someone else's claim never moves it.
    expect(owners.claim("doc-a", "mallory")).toBe("alice");
    owners.removeUser("alice");
    expect(owners.ownerOf("doc-a")).toBeNull();
    expect(db.prepare("SELECT COUNT(*) AS n FROM document_owners").get()).toEqual({ n: 0 });
  });

  it("forget() drops entries whose rows were deleted elsewhere; the cache is bounded", () => {
    insertUser("bob");
    const owners = new OwnershipTable(db, Date.now, 2);
    for (const d of ["d1", "d2", "d3"]) owners.claim(d, "bob");
    db.prepare("DELETE FROM document_owners WHERE doc_id = 'd3'").run();
    expect(owners.ownerOf("d3")).toBe("bob");
    owners.forget(["d3"]);
    expect(owners.ownerOf("d3")).toBeNull();
    // d1 was evicted (size 2) and is read from the table again.
    expect(owners.ownerOf("d1")).toBe("bob");
  });
});

describe("change hashes", () => {
  it("computes a change's hash without decoding it, equal to Automerge's", () => {
    let doc = Automerge.from<{ n: number; text?: string }>({ n: 0 });
    for (let i = 0; i < 50; i++) {
      doc = Automerge.change(doc, (d) => {
        d.n = i;
        if (i % 10 === 0) d.text = "x".repeat(3000 + i);
      });
      const change = Automerge.getLastLocalChange(doc)!;
      expect(changeHash(change)).toBe(Automerge.decodeChange(change).hash);
    }
  });

  it("falls back to Automerge's decoding when the checksum does not match", () => {
    const doc = Automerge.from({ n: 1 });
    const change = Automerge.getLastLocalChange(doc)!.slice();
    change[4] = change[4]! ^ 0xff;
    expect(changeHash(change)).toBe(Automerge.decodeChange(change).hash);
  });
});
