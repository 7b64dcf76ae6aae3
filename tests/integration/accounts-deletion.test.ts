import { Repo } from "@automerge/automerge-repo";
import type { AutomergeUrl, PeerId } from "@automerge/automerge-repo";
import { WebSocketClientAdapter } from "@automerge/automerge-repo-network-websocket";
import {
  emptyContextSignals,
  makeClientPeerId,
  makeEntryId,
  newContextJournalDoc,
  newDocRequest,
  newMusicDoc,
  newWorkoutDoc,
} from "@cadence/shared-schema";
import { openDatabase, SqliteStorageAdapter } from "@cadence/sync-server";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAccountsServer } from "../support/accounts.js";
import type { AccountShape, JournalShape, WorkoutShape } from "../support/doc-shapes.js";
import { RawPeer, until } from "../support/raw-peer.js";
import {
  connectClient,
  httpRequest,
  login,
  registerUser,
  syncTicket,
  tempDir,
  waitFor,
} from "../support/server.js";
import type { TestUser } from "../support/server.js";

type Server = Awaited<ReturnType<typeof startAccountsServer>>;
interface DeletedAccountInfo {
  userId: string;
  email: string;
  docIds: readonly string[];
}

const json = (body: unknown, cookie?: string) => ({
  method: "POST",
  headers: { "content-type": "application/json", ...(cookie ? { cookie } : {}) },
  body: JSON.stringify(body),
});

/** Every (table, column) of the server's SQLite file holding any of `needles`, text or blob. */
function rowsMentioning(server: Server, needles: string[]): string[] {
  const db = server.ctx.db;
  const tables = (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>
  ).map((t) => t.name);
  const hits: string[] = [];
  for (const table of tables) {
    for (const row of db.prepare(`SELECT * FROM "${table}"`).all() as Array<Record<string, unknown>>) {
      for (const [col, value] of Object.entries(row)) {
        const text = Buffer.isBuffer(value)
          ? value.toString("latin1")
          : typeof value === "string"
            ? value
            : "";
        for (const n of needles) if (n && text.includes(n)) hits.push(`${table}.${col}`);
      }
    }
  }
  return [...new Set(hits)].sort();
}

/** A device's own storage: our SQLite adapter on a file of its own, as IndexedDB is in the browser. */
function deviceStorage(file: string) {
  const db = openDatabase(file);
  return {
    db,
    storage: new SqliteStorageAdapter(db),
    chunks: () => (db.prepare("SELECT COUNT(*) AS n FROM storage_chunks").get() as { n: number }).n,
  };
}

async function requestDeletion(server: Server, user: TestUser, confirm: Record<string, string>) {
  const step1 = await httpRequest(server.url, "/api/account/delete/request", json(confirm, user.cookie));
  if (step1.status !== 200) return step1;
  const { confirmToken } = step1.json as { confirmToken: string };
  return httpRequest(server.url, "/api/account/delete", json({ confirmToken }, user.cookie));
}

describe("account deletion (spec flow 16)", () => {
  let server: Server;
  beforeAll(async () => {
    server = await startAccountsServer({ smtpUrl: null });
  });
  afterAll(async () => {
    await server.close();
  });

  it("removes every row, chunk and file of the user; other devices learn account_deleted and nothing comes back", async () => {
    const user = await registerUser(server.url);
    const rootId = user.rootDocUrl.slice("automerge:".length);
    const tabletLogin = await login(server.url, user.email, user.password);
    const tabletCookie = String(tabletLogin.headers["set-cookie"]).split(";")[0]!;

    // --- the user's data, of every kind the server keeps ---
    const phone = await connectClient(server.url, user);
    const root = await phone.find<AccountShape>(user.rootDocUrl as AutomergeUrl);
    const workout = phone.create(newWorkoutDoc({ userId: user.userId, date: "2026-05-01", title: "Legs" }));
    const journal = phone.create(newContextJournalDoc(user.userId));
    const music = phone.create(newMusicDoc(user.userId));
    const w = await phone.find<WorkoutShape>(workout.url);
    const j = await phone.find<JournalShape>(journal.url);
    w.change((d) => {
      const id = makeEntryId();
      d.log[id] = {
        id,
        exerciseKey: null,
        exerciseId: "squat",
        exerciseName: "Squat",
        plannedSetId: null,
        reps: 5,
        weightKg: 100,
        rpe: 8,
        durationSec: null,
        completedAt: "2026-05-01T10:00:00.000Z",
        deviceId: "phone",
      };
    });
    j.change((d) => {
      const id = makeEntryId();
      d.entries[id] = {
        id,
        text: "knee feels fine",
        chips: [],
        signals: emptyContextSignals(),
        recovery: 0,
        simulated: null,
        scope: "session",
        date: "2026-05-01",
        createdAt: "2026-05-01T07:00:00.000Z",
      };
    });
    const request = newDocRequest("echo", { text: "hello" });
    root.change((d) => {
      d.links.contextJournal = journal.url;
      d.links.music = music.url;
      d.links.workouts[workout.documentId] = {
        url: workout.url,
        date: "2026-05-01",
        title: "Legs",
        status: "planned",
      };
      d.requests[request.id] = request;
    });
    const docIds = [rootId, workout.documentId, journal.documentId, music.documentId];
    await waitFor(() => docIds.every((id) => server.ctx.ownership.ownerOf(id) === user.userId));
    await waitFor(() => server.ctx.jobs.counts().queued + server.ctx.jobs.counts().running > 0);

    // The tablet syncs everything into its own storage, then goes offline.
    const tabletFile = path.join(tempDir(), "tablet.db");
    const tabletStore = deviceStorage(tabletFile);
    const tabletPeer = makeClientPeerId(user.userId);
    const tabletTicket = await syncTicket(server.url, tabletCookie);
    let tabletRepo = new Repo({
      storage: tabletStore.storage,
      network: [
        new WebSocketClientAdapter(`${server.url.replace("http", "ws")}/sync?ticket=${tabletTicket}`, 60_000),
      ],
      peerId: tabletPeer as PeerId,
    });
    for (const id of docIds) await tabletRepo.find(`automerge:${id}` as AutomergeUrl);
    await waitFor(
      async () =>
        (await tabletRepo.find<AccountShape>(user.rootDocUrl as AutomergeUrl)).doc().links.contextJournal ===
        journal.url,
    );
    await tabletRepo.shutdown();
    // Offline, the tablet keeps editing and creates a new workout the server has never seen.
    tabletRepo = new Repo({ storage: tabletStore.storage, network: [], peerId: tabletPeer as PeerId });
    const offlineRoot = await tabletRepo.find<AccountShape>(user.rootDocUrl as AutomergeUrl);
    const offlineWorkout = tabletRepo.create(
      newWorkoutDoc({ userId: user.userId, date: "2026-05-03", title: "Offline run" }),
    );
    offlineRoot.change((d) => {
      d.profile.displayName = "edited offline";
      d.links.workouts[offlineWorkout.documentId] = {
        url: offlineWorkout.url,
        date: "2026-05-03",
        title: "Offline run",
        status: "planned",
      };
    });
    await tabletRepo.flush();
    await tabletRepo.shutdown();
    const tabletDocs = [...docIds, offlineWorkout.documentId];
    // A ticket the tablet fetched just before losing its connection, still unused.
    const staleTicket = await syncTicket(server.url, tabletCookie);

    // An export, a reset token and a linked provider identity.
    const exp = await httpRequest(server.url, "/api/account/export", json({}, user.cookie));
    const exportId = (exp.json as { export: { id: string } }).export.id;
    await waitFor(
      async () =>
        (
          (
            await httpRequest(server.url, `/api/account/export/${exportId}`, {
              headers: { cookie: user.cookie },
            })
          ).json as { export: { status: string } }
        ).export.status === "succeeded",
      20_000,
    );
    await httpRequest(server.url, "/api/auth/forgot-password", json({ email: user.email }));
    server.ctx.accountRecords.linkIdentity("google", `google-${user.userId}`, user.userId, user.email);
    await waitFor(
      () =>
        (
          server.ctx.db
            .prepare(
              "SELECT COUNT(*) AS n FROM email_tokens WHERE user_id = ? AND purpose = 'reset_password'",
            )
            .get(user.userId) as { n: number }
        ).n === 1,
    );

    // Another module's deletion hook (the music integration revoking Spotify) is told.
    const told: DeletedAccountInfo[] = [];
    const off = server.ctx.accountHooks.onAccountDeleted("test-integration", (a) => void told.push(a));

    // A socket of the phone is open while the account goes.
    const open = (await RawPeer.open(
      `${server.url.replace("http", "ws")}/sync?ticket=${await syncTicket(server.url, user.cookie)}`,
    )) as RawPeer;
    await open.join(makeClientPeerId(user.userId));

    const needles = [user.userId, user.email, ...docIds];
    const before = rowsMentioning(server, needles);
    for (const t of [
      "users",
      "sessions",
      "document_owners",
      "storage_chunks",
      "change_attribution",
      "jobs",
      "email_tokens",
      "data_exports",
      "user_identities",
    ]) {
      expect(
        before.some((h) => h.startsWith(`${t}.`)),
        `${t} has rows of the user before`,
      ).toBe(true);
    }
    const outbox = path.join(server.dataDir, "outbox");
    const mailsTo = () =>
      fs
        .readdirSync(outbox)
        .filter((f) => fs.readFileSync(path.join(outbox, f), "utf8").includes(user.email));
    expect(mailsTo().length).toBeGreaterThan(0);
    expect(fs.existsSync(path.join(server.dataDir, "exports", `${exportId}.zip`))).toBe(true);

    // --- delete, with the double confirmation ---
    expect((await requestDeletion(server, user, { password: "not my password" })).status).toBe(403);
    const bogus = await httpRequest(
      server.url,
      "/api/account/delete",
      json({ confirmToken: "x".repeat(43) }, user.cookie),
    );
    expect(bogus.status).toBe(403);
    expect(bogus.json).toMatchObject({ error: { code: "confirmation_required" } });
    const started = Date.now();
    const res = await requestDeletion(server, user, { password: user.password });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ deleted: true, complete: true });
    expect(String(res.headers["set-cookie"])).toMatch(/Max-Age=0/);
    off();

    // The open socket was closed with account_deleted, within seconds.
    await until(() => open.closed !== null, 5000);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(open.closed).toEqual({ code: 4003, reason: "account_deleted" });
    expect(told).toEqual([
      { userId: user.userId, email: user.email, docIds: expect.arrayContaining(docIds) as string[] },
    ]);

    // Nothing in any table names the user, their email or any of their documents; no chunk, export or mail is left.
    expect(rowsMentioning(server, needles)).toEqual([]);
    expect(
      (
        server.ctx.db
          .prepare("SELECT COUNT(*) AS n FROM storage_chunks WHERE doc_id IN (?, ?, ?, ?)")
          .get(...docIds) as { n: number }
      ).n,
    ).toBe(0);
    for (const id of docIds) expect(server.ctx.sync.loadedHandle(id as never)).toBeUndefined();
    expect(
      fs.readdirSync(path.join(server.dataDir, "exports")).filter((f) => f.startsWith(exportId)),
    ).toEqual([]);
    expect(mailsTo()).toEqual([]);
    const metrics = (await httpRequest(server.url, "/metrics")).text;
    expect(metrics).toMatch(/^cadence_account_deletions_total\{result="succeeded"\} 1$/m);
    expect(metrics).toMatch(/^cadence_account_deletions_failed 0$/m);
    await phone.shutdown();

    // --- the tablet comes back ---
    // Its cookie gets the specific answer on every endpoint, and the cookie is cleared.
    for (const [method, p] of [
      ["POST", "/api/sync/ticket"],
      ["GET", "/api/me"],
      ["GET", "/api/auth/sessions"],
    ] as const) {
      const r = await httpRequest(server.url, p, { method, headers: { cookie: tabletCookie } });
      expect(r.status).toBe(401);
      expect(r.json).toMatchObject({ error: { code: "account_deleted" } });
    }
    // Its browser-style socket (cookie + Origin) and its stale ticket are closed at once with 4003, before any message.
    const byCookie = (await RawPeer.open(`${server.url.replace("http", "ws")}/sync`, {
      origin: server.url,
      cookie: tabletCookie,
    })) as RawPeer;
    await until(() => byCookie.closed !== null, 3000);
    expect(byCookie.closed!.code).toBe(4003);
    // The real automerge client with the stale ticket: the socket closes with 4003 and nothing is uploaded.
    const adapter = new WebSocketClientAdapter(
      `${server.url.replace("http", "ws")}/sync?ticket=${staleTicket}`,
      60_000,
    );
    const closeCodes: number[] = [];
    const onClose = adapter.onClose;
    adapter.onClose = ((event: { code: number }) => {
      closeCodes.push(event.code);
      onClose();
    }) as unknown as () => void;
    tabletRepo = new Repo({ storage: tabletStore.storage, network: [adapter], peerId: tabletPeer as PeerId });
    await until(() => closeCodes.length > 0, 5000);
    const closeCode = closeCodes[0];
    expect(closeCode).toBe(4003);
    for (const id of tabletDocs)
      await tabletRepo.find(`automerge:${id}` as AutomergeUrl).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 500));
    await tabletRepo.shutdown();
    // The device's reaction to account_deleted (what client/src/accounts/account-deleted.ts does in browsers):
    // wipe its local copy.
    expect(tabletStore.chunks()).toBeGreaterThan(0);
    tabletStore.db.prepare("DELETE FROM storage_chunks").run();
    tabletStore.db.close();
    fs.rmSync(tabletFile, { force: true });
    expect(fs.existsSync(tabletFile)).toBe(false);

    // The server holds none of it: not the deleted documents, not the offline one.
    for (const id of tabletDocs) {
      expect(server.ctx.ownership.ownerOf(id)).toBeNull();
      expect(
        (
          server.ctx.db.prepare("SELECT COUNT(*) AS n FROM storage_chunks WHERE doc_id = ?").get(id) as {
            n: number;
          }
        ).n,
      ).toBe(0);
    }

    // --- the same email starts again, new and empty, and cannot bring the old documents back ---
    const again = await registerUser(server.url, user.email);
    expect(again.userId).not.toBe(user.userId);
    expect(again.rootDocUrl).not.toBe(user.rootDocUrl);
    const fresh = await connectClient(server.url, again);
    const newRoot = await fresh.find<AccountShape>(again.rootDocUrl as AutomergeUrl);
    expect(newRoot.doc().links).toEqual({ contextJournal: null, music: null, workouts: {} });
    expect(newRoot.doc().onboarding.completed).toBe(false);
    await expect(fresh.find(workout.url)).rejects.toThrow(/unavailable/i);
    await fresh.shutdown();
    const peer = (await RawPeer.open(
      `${server.url.replace("http", "ws")}/sync?ticket=${await syncTicket(server.url, again.cookie)}`,
    )) as RawPeer;
    const newPeer = makeClientPeerId(again.userId);
    await peer.join(newPeer);
    for (const id of [workout.documentId, journal.documentId, rootId]) {
      await peer.pushChanges(newPeer, id, { kind: "workout", resurrected: true });
      expect(server.ctx.ownership.ownerOf(id)).toBeNull();
      expect((await peer.request(newPeer, id))?.type).toBe("doc-unavailable");
    }
    peer.close();
    expect(rowsMentioning(server, [user.userId, ...docIds])).toEqual([]);
    expect(
      (await httpRequest(server.url, "/api/account/exports", { headers: { cookie: again.cookie } })).json,
    ).toEqual({ exports: [] });
    expect((await login(server.url, user.email, "a different password")).status).toBe(401);
  });

  it("a step that fails leaves an alert-worthy failed state, and still deletes everything else", async () => {
    const user = await registerUser(server.url);
    const off = server.ctx.accountHooks.onAccountDeleted("broken-integration", () => {
      throw new Error("third party unreachable");
    });
    try {
      const res = await requestDeletion(server, user, { password: user.password });
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ deleted: true, complete: false });
    } finally {
      off();
    }
    const metrics = (await httpRequest(server.url, "/metrics")).text;
    expect(metrics).toMatch(/^cadence_account_deletions_total\{result="failed"\} 1$/m);
    expect(metrics).toMatch(/^cadence_account_deletions_failed 1$/m);
    const row = server.ctx.db.prepare("SELECT status, step, error FROM account_deletions").get() as {
      status: string;
      step: string;
      error: string;
    };
    expect(row).toMatchObject({ status: "failed" });
    expect(row.error).toContain("third party unreachable");
    expect(server.ctx.accountRecords.byId(user.userId)).toBeNull();
    const rootId = user.rootDocUrl.slice("automerge:".length);
    expect(
      (
        server.ctx.db.prepare("SELECT COUNT(*) AS n FROM storage_chunks WHERE doc_id = ?").get(rootId) as {
          n: number;
        }
      ).n,
    ).toBe(0);
    expect(
      (await httpRequest(server.url, "/api/me", { headers: { cookie: user.cookie } })).json,
    ).toMatchObject({ error: { code: "account_deleted" } });
    server.ctx.db.prepare("DELETE FROM account_deletions").run();
  });

  it("confirms a provider-only account by the typed email; a confirmation works once, for its own session", async () => {
    const user = await registerUser(server.url);
    const second = await login(server.url, user.email, user.password);
    const secondCookie = String(second.headers["set-cookie"]).split(";")[0]!;
    server.ctx.db.prepare("UPDATE users SET password_hash = NULL WHERE id = ?").run(user.userId);
    expect(
      (await httpRequest(server.url, "/api/account", { headers: { cookie: user.cookie } })).json,
    ).toMatchObject({
      account: { hasPassword: false, deleteConfirmWith: "email" },
    });
    const wrong = await httpRequest(
      server.url,
      "/api/account/delete/request",
      json({ confirmEmail: "someone@else.test" }, user.cookie),
    );
    expect(wrong.status).toBe(403);
    const noPassword = await httpRequest(
      server.url,
      "/api/account/delete/request",
      json({ password: "anything at all" }, user.cookie),
    );
    expect(noPassword.status).toBe(403);
    const ok = await httpRequest(
      server.url,
      "/api/account/delete/request",
      json({ confirmEmail: user.email.toUpperCase() }, user.cookie),
    );
    expect(ok.status).toBe(200);
    const { confirmToken } = ok.json as { confirmToken: string };
    // Another session of the same user cannot use it.
    const other = await httpRequest(server.url, "/api/account/delete", json({ confirmToken }, secondCookie));
    expect(other.status).toBe(403);
    expect(server.ctx.accountRecords.byId(user.userId)).not.toBeNull();
    // Unauthenticated: refused before anything else.
    expect((await httpRequest(server.url, "/api/account/delete", json({ confirmToken }))).status).toBe(401);
    const done = await httpRequest(server.url, "/api/account/delete", json({ confirmToken }, user.cookie));
    expect(done.status).toBe(200);
    expect(server.ctx.accountRecords.byId(user.userId)).toBeNull();
    // Both of the user's sessions now answer account_deleted.
    expect(
      (await httpRequest(server.url, "/api/me", { headers: { cookie: secondCookie } })).json,
    ).toMatchObject({
      error: { code: "account_deleted" },
    });
  });
});
