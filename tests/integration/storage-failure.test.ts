import * as Automerge from "@automerge/automerge";
import { Repo } from "@automerge/automerge-repo";
import type { AutomergeUrl, DocumentId, PeerId } from "@automerge/automerge-repo";
import { makeClientPeerId, newDocRequest } from "@cadence/shared-schema";
import type { AccountDoc } from "@cadence/shared-schema";
import { SyncSocketAdapter } from "../../client/src/sync/sync-socket.js";
import fs from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SqliteStorageAdapter } from "../../sync-server/src/storage/sqlite-storage-adapter.js";
import { MemoryStorage } from "../support/memory-storage.js";
import {
  registerUser,
  startTestServer,
  syncSocketUrl,
  waitFor,
  watchServerHeads,
} from "../support/server.js";
import type { TestUser } from "../support/server.js";

type Server = Awaited<ReturnType<typeof startTestServer>>;

/**
 * A device as a browser runs it: storage, and a socket that reconnects (here with a fresh one-time ticket, from
 * whichever server `baseUrl` names at the time; retried while there is none).
 */
async function openDevice(
  baseUrl: () => string,
  user: TestUser,
  storage = new MemoryStorage(),
): Promise<{ repo: Repo; reconnects: () => number; close: () => Promise<void> }> {
  const url = () => syncSocketUrl(baseUrl(), user);
  const adapter = new SyncSocketAdapter(await url(), 600_000);
  const repo = new Repo({
    storage,
    network: [adapter],
    peerId: makeClientPeerId(user.userId) as PeerId,
  });
  let reconnects = 0;
  let closed = false;
  const reconnect = () => {
    if (closed) return;
    url().then(
      (next) => {
        if (!closed && !repo.peers.length) {
          reconnects++;
          (adapter as { url: string }).url = next;
          adapter.connect(repo.peerId, adapter.peerMetadata);
        }
      },
      () => setTimeout(reconnect, 200),
    );
  };
  adapter.on("peer-disconnected", reconnect);
  return {
    repo,
    reconnects: () => reconnects,
    close: async () => {
      if (closed) return;
      closed = true;
      await repo.shutdown();
    },
  };
}

/**
 * The server's storage writes resolve when queued and only `durable()` says a document is on disk (ADR 0006). A
 * write that fails must therefore never be acknowledged, and the server must get back in step by itself once
 * writes work again, with no device doing anything: it rewrites the document from its in-memory copy (which has
 * every change it applied, stored or not) and answers the devices it did not answer. A trigger on the server's own
 * connection makes SQLite refuse chunks, as a full or failing disk would.
 */
describe("a failed storage write", () => {
  let server: Server | undefined;
  let closeDevice: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await closeDevice?.();
    closeDevice = undefined;
    await server?.close();
    server = undefined;
  });

  const refuseChunks = (where: string) =>
    server!.ctx.db.exec(`CREATE TEMP TRIGGER refuse_chunks BEFORE INSERT ON storage_chunks
      WHEN ${where} BEGIN SELECT RAISE(ABORT, 'simulated disk failure'); END`);
  const acceptChunks = () => server!.ctx.db.exec("DROP TRIGGER refuse_chunks");
  /** The document as storage alone has it (what a restarted server would load). */
  const stored = async <T>(docId: string) => {
    const chunks = await new SqliteStorageAdapter(server!.ctx.db).loadRange([docId]);
    let doc = Automerge.init<T>();
    for (const c of chunks) if (c.key[1] !== "sync-state") doc = Automerge.loadIncremental(doc, c.data!);
    return doc;
  };
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  /** Waits until the server's in-memory copy of the account document satisfies `check` (applied, stored or not). */
  const serverApplied = (docId: DocumentId, check: (doc: AccountDoc) => boolean) =>
    waitFor(() => {
      const doc = server!.ctx.sync.loadedHandle<AccountDoc>(docId)?.doc();
      return doc !== undefined && check(doc);
    }, 5000);

  /** A server, a user, and a device of theirs with the account document open, watching what the server acknowledges. */
  async function withDevice() {
    server = await startTestServer();
    const user = await registerUser(server.url);
    const storage = new MemoryStorage();
    const opened = await openDevice(() => server!.url, user, storage);
    closeDevice = opened.close;
    const handle = await opened.repo.find<AccountDoc>(user.rootDocUrl as AutomergeUrl);
    // Acknowledged: the server sent this device a sync message whose heads include the change (as in kill9).
    const { acknowledged } = watchServerHeads(opened.repo, handle.documentId);
    return {
      user,
      device: opened.repo,
      reconnects: opened.reconnects,
      closePhone: opened.close,
      storage,
      handle,
      docId: handle.documentId,
      acknowledged,
    };
  }

  /** Another device of the same user with the account document open (closed after the test). */
  async function secondDevice(user: TestUser) {
    const opened = await openDevice(() => server!.url, user);
    const closeFirst = closeDevice;
    closeDevice = async () => {
      await opened.close();
      await closeFirst?.();
    };
    const handle = await opened.repo.find<AccountDoc>(user.rootDocUrl as AutomergeUrl);
    return { handle, acknowledged: watchServerHeads(opened.repo, handle.documentId).acknowledged };
  }

  it("is never acknowledged; once writes work again the change is stored and acknowledged", async () => {
    const { handle, docId, acknowledged, reconnects } = await withDevice();

    handle.change((d) => {
      d.profile.displayName = "before";
    });
    const before = Automerge.getHeads(handle.doc());
    await waitFor(() => acknowledged(before), 5000);

    refuseChunks(`NEW.doc_id = '${docId}'`);
    handle.change((d) => {
      d.profile.displayName = "during the failure";
    });
    const during = Automerge.getHeads(handle.doc());
    // The server applied the change in memory, but cannot store it: it must not say it has it.
    await serverApplied(docId, (d) => d.profile.displayName === "during the failure");
    await sleep(1500);
    expect(acknowledged(during)).toBe(false);
    expect((await stored<AccountDoc>(docId)).profile.displayName).toBe("before");

    // The disk recovers. Nobody edits, nobody reconnects.
    acceptChunks();
    await waitFor(() => acknowledged(during), 15_000);
    expect((await stored<AccountDoc>(docId)).profile.displayName).toBe("during the failure");
    expect(reconnects()).toBe(0);
  }, 30_000);

  it("relays a device's change to the user's other devices at once, but acknowledges it to no author until stored", async () => {
    const { user, handle: phone, docId, acknowledged: phoneAcks } = await withDevice();
    const { handle: laptop, acknowledged: laptopAcks } = await secondDevice(user);

    refuseChunks(`NEW.doc_id = '${docId}'`);
    phone.change((d) => {
      d.profile.displayName = "from the phone";
    });
    const fromPhone = Automerge.getHeads(phone.doc());
    // Relaying acknowledges nothing to the phone, and the phone keeps its change: the laptop need not wait.
    await waitFor(() => laptop.doc().profile.displayName === "from the phone", 5000);
    laptop.change((d) => {
      d.onboarding.likedExercises.push("from the laptop");
    });
    const fromLaptop = Automerge.getHeads(laptop.doc());
    await serverApplied(docId, (d) => d.onboarding.likedExercises.includes("from the laptop"));
    await sleep(1500);
    // Neither author hears that the server has its change, which the server could not store.
    expect(phoneAcks(fromPhone)).toBe(false);
    expect(laptopAcks(fromLaptop)).toBe(false);
    expect((await stored<AccountDoc>(docId)).profile.displayName).not.toBe("from the phone");

    acceptChunks();
    await waitFor(() => phoneAcks(fromPhone) && laptopAcks(fromLaptop), 15_000);
    const saved = await stored<AccountDoc>(docId);
    expect(saved.profile.displayName).toBe("from the phone");
    expect(saved.onboarding.likedExercises).toContain("from the laptop");
  }, 30_000);

  it("does not acknowledge it to the same device loaded again (a new peer on the same storage) either", async () => {
    const { user, handle, docId, closePhone, storage } = await withDevice();

    refuseChunks(`NEW.doc_id = '${docId}'`);
    handle.change((d) => {
      d.profile.displayName = "before the reload";
    });
    const heads = Automerge.getHeads(handle.doc());
    await serverApplied(docId, (d) => d.profile.displayName === "before the reload");
    // The page reloads: the same storage, a new peer id, and nothing new to send.
    await closePhone();
    const reloaded = await openDevice(() => server!.url, user, storage);
    closeDevice = reloaded.close;
    const again = await reloaded.repo.find<AccountDoc>(user.rootDocUrl as AutomergeUrl);
    const { acknowledged } = watchServerHeads(reloaded.repo, docId);
    expect(again.doc().profile.displayName).toBe("before the reload");
    await sleep(1500);
    expect(acknowledged(heads)).toBe(false);

    acceptChunks();
    await waitFor(() => acknowledged(heads), 15_000);
  }, 30_000);

  it("gets a relayed change it lost in a restart back from the device it relayed it to", async () => {
    const { user, handle: phone, docId, closePhone } = await withDevice();
    const { handle: laptop } = await secondDevice(user);

    refuseChunks(`NEW.doc_id = '${docId}'`);
    phone.change((d) => {
      d.profile.displayName = "only on the laptop";
    });
    await waitFor(() => laptop.doc().profile.displayName === "only on the laptop", 5000);
    // The phone is gone for good; the server goes down without having stored the change.
    await closePhone();
    const { dataDir } = server!;
    await server!.close();
    server = await startTestServer({ dataDir });
    expect((await stored<AccountDoc>(docId)).profile.displayName).not.toBe("only on the laptop");

    // The laptop reconnects on its own. Its stored sync state says the server had the change; Automerge's sync
    // finds the server does not, and the laptop sends it.
    await waitFor(
      async () => (await stored<AccountDoc>(docId)).profile.displayName === "only on the laptop",
      15_000,
    );
  }, 30_000);

  it("shows no device a change the server made itself before it is stored", async () => {
    const { user, handle: phone, docId } = await withDevice();
    const { handle: laptop } = await secondDevice(user);

    // The server answers a request by moving it to "queued" with a job behind it: no device may see "queued"
    // that a restarted server might not have.
    refuseChunks(`NEW.doc_id = '${docId}'`);
    const request = newDocRequest("echo", { text: "anyone?" });
    phone.change((d) => {
      d.requests[request.id] = request;
    });
    const serverCopy = () => server!.ctx.sync.loadedHandle<AccountDoc>(docId)?.doc().requests[request.id];
    await waitFor(() => serverCopy()?.status === "queued", 5000);
    await sleep(1500);
    expect(laptop.doc().requests[request.id]?.status).not.toBe("queued");
    expect(phone.doc().requests[request.id]?.status).toBe("requested");

    acceptChunks();
    await waitFor(() => laptop.doc().requests[request.id]?.status === "queued", 15_000);
    expect((await stored<AccountDoc>(docId)).requests[request.id]?.status).toBe("queued");
  }, 30_000);

  it("loses nothing of a document new to the server whose first write failed", async () => {
    const { user, device } = await withDevice();
    const rootId = user.rootDocUrl.replace("automerge:", "");

    // Every chunk of any other document is refused: the device's new document cannot be stored at all.
    refuseChunks(`NEW.doc_id NOT IN ('${rootId}', 'storage-adapter-id')`);
    const notes = device.create<{ notes: string[] }>({ notes: ["made offline"] });
    const { acknowledged } = watchServerHeads(device, notes.documentId);
    const heads = Automerge.getHeads(notes.doc());
    await waitFor(() => server!.ctx.sync.loadedHandle(notes.documentId)?.isReady(), 5000);
    await sleep(1500);
    expect(acknowledged(heads)).toBe(false);
    expect(await new SqliteStorageAdapter(server!.ctx.db).loadRange([notes.documentId])).toEqual([]);

    acceptChunks();
    await waitFor(() => acknowledged(heads), 15_000);
    expect((await stored<{ notes: string[] }>(notes.documentId)).notes).toEqual(["made offline"]);
  }, 30_000);

  it("loses nothing the server wrote itself: an account whose document could not be stored at registration", async () => {
    server = await startTestServer();
    refuseChunks("NEW.doc_id <> 'storage-adapter-id'");
    const res = await fetch(`${server.url}/api/auth/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "disk-full@example.test", password: "correct horse battery staple" }),
    });
    // The account row exists (it commits on its own), but its document is not on disk: not a success.
    expect(res.status).toBeGreaterThanOrEqual(500);
    const row = server.ctx.db
      .prepare<[string], { root_doc_id: string }>("SELECT root_doc_id FROM users WHERE email = ?")
      .get("disk-full@example.test")!;
    expect(await new SqliteStorageAdapter(server.ctx.db).loadRange([row.root_doc_id])).toEqual([]);

    // No device has this document: only the server's copy in memory can bring it back.
    acceptChunks();
    await waitFor(async () => (await stored<AccountDoc>(row.root_doc_id)).profile !== undefined, 15_000);
    expect((await stored<AccountDoc>(row.root_doc_id)).profile.displayName).toBe("disk-full");
  }, 30_000);
  it("acknowledges no change whose attribution record could not be written, and writes it once it can", async () => {
    const { user, handle, docId, acknowledged } = await withDevice();

    server!.ctx.db.exec(`CREATE TEMP TRIGGER refuse_records BEFORE INSERT ON change_attribution
      WHEN NEW.doc_id = '${docId}' BEGIN SELECT RAISE(ABORT, 'simulated disk failure'); END`);
    handle.change((d) => {
      d.profile.displayName = "who made this?";
    });
    const heads = Automerge.getHeads(handle.doc());
    await sleep(1500);
    expect(acknowledged(heads)).toBe(false);
    expect(server!.ctx.attribution.list(docId).map((r) => r.hash)).not.toContain(heads[0]);

    server!.ctx.db.exec("DROP TRIGGER refuse_records");
    await waitFor(() => acknowledged(heads), 15_000);
    const record = server!.ctx.attribution.list(docId).find((r) => r.hash === heads[0]);
    expect(record).toMatchObject({ by: "user", userId: user.userId });
  }, 30_000);

  it("after an fsync fails, acknowledges nothing more and fails its health check, so it is restarted", async () => {
    const { handle, acknowledged } = await withDevice();
    expect((await fetch(`${server!.url}/healthz`)).status).toBe(200);

    const synced = vi
      .spyOn(fs, "fdatasync")
      .mockImplementationOnce((_fd, cb) => cb(Object.assign(new Error("EIO: i/o error"), { code: "EIO" })));
    try {
      handle.change((d) => {
        d.profile.displayName = "on a failing disk";
      });
      const heads = Automerge.getHeads(handle.doc());
      await waitFor(() => synced.mock.calls.length > 0, 5000);
      // Later syncs succeed again, but what the failed one did not write may be gone: nothing is acknowledged.
      handle.change((d) => {
        d.profile.displayName = "still on it";
      });
      await sleep(1500);
      expect(acknowledged(heads)).toBe(false);
      expect(acknowledged(Automerge.getHeads(handle.doc()))).toBe(false);
      const health = await fetch(`${server!.url}/healthz`);
      expect(health.status).toBe(503);
      expect(((await health.json()) as { error: { code: string } }).error.code).toBe("storage_failed");
    } finally {
      synced.mockRestore();
    }
  }, 30_000);
});
