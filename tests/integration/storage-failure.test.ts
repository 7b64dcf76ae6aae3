import * as Automerge from "@automerge/automerge";
import { Repo } from "@automerge/automerge-repo";
import type { AutomergeUrl, PeerId } from "@automerge/automerge-repo";
import { makeClientPeerId } from "@cadence/shared-schema";
import type { AccountDoc } from "@cadence/shared-schema";
import { SyncSocketAdapter } from "../../client/src/sync/sync-socket.js";
import { afterEach, describe, expect, it } from "vitest";
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

/** A device as a browser runs it: storage, and a socket that reconnects (here with a fresh one-time ticket). */
async function openDevice(
  baseUrl: string,
  user: TestUser,
): Promise<{ repo: Repo; reconnects: () => number; close: () => Promise<void> }> {
  const url = () => syncSocketUrl(baseUrl, user);
  const adapter = new SyncSocketAdapter(await url(), 600_000);
  const repo = new Repo({
    storage: new MemoryStorage(),
    network: [adapter],
    peerId: makeClientPeerId(user.userId) as PeerId,
  });
  let reconnects = 0;
  let closed = false;
  adapter.on("peer-disconnected", () => {
    if (closed) return;
    void url().then((next) => {
      if (!closed && !repo.peers.length) {
        reconnects++;
        (adapter as { url: string }).url = next;
        adapter.connect(repo.peerId, adapter.peerMetadata);
      }
    });
  });
  return {
    repo,
    reconnects: () => reconnects,
    close: async () => {
      closed = true;
      await repo.shutdown();
    },
  };
}

/**
 * The server's storage writes resolve when queued and only `durable()` says a document is on disk (ADR 0006). A
 * write that fails must therefore never be acknowledged, and the server must get back in step by itself once
 * writes work again: the in-memory copy, which believes the write was stored, is dropped and reloaded, and the
 * device that has the change resends it. A trigger on the server's own connection makes SQLite refuse every
 * chunk of one document, as a full or failing disk would.
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

  it("is never acknowledged; once writes work again the change is stored and acknowledged", async () => {
    server = await startTestServer();
    const user = await registerUser(server.url);
    const opened = await openDevice(server.url, user);
    closeDevice = opened.close;
    const { repo: device, reconnects } = opened;
    const handle = await device.find<AccountDoc>(user.rootDocUrl as AutomergeUrl);
    const docId = handle.documentId;

    // Acknowledged: the server sent this device a sync message whose heads include the change (as in kill9).
    const { acknowledged } = watchServerHeads(device, docId);
    const stored = async () => {
      const chunks = await new SqliteStorageAdapter(server!.ctx.db).loadRange([docId]);
      const binary = chunks.filter((c) => c.key[1] !== "sync-state").map((c) => c.data!);
      let doc = Automerge.init<AccountDoc>();
      for (const b of binary) doc = Automerge.loadIncremental(doc, b);
      return doc;
    };

    handle.change((d) => {
      d.profile.displayName = "before";
    });
    const before = Automerge.getHeads(handle.doc());
    await waitFor(() => acknowledged(before), 5000);

    server.ctx.db.exec(`CREATE TEMP TRIGGER refuse_chunks BEFORE INSERT ON storage_chunks
      WHEN NEW.doc_id = '${docId}' BEGIN SELECT RAISE(ABORT, 'simulated disk failure'); END`);
    handle.change((d) => {
      d.profile.displayName = "during the failure";
    });
    const during = Automerge.getHeads(handle.doc());
    // The server applied the change in memory, but cannot store it: it must not say it has it.
    await waitFor(() => server!.ctx.sync.loadedHandle<AccountDoc>(docId)?.doc().profile.displayName, 5000);
    await new Promise((r) => setTimeout(r, 1500));
    expect(acknowledged(during)).toBe(false);
    expect((await stored()).profile.displayName).toBe("before");

    // The disk recovers. Nobody edits: the server asks the device to sync again, and it resends the change.
    server.ctx.db.exec("DROP TRIGGER refuse_chunks");
    await waitFor(() => acknowledged(during), 15_000);
    expect(reconnects()).toBeGreaterThan(0);
    expect((await stored()).profile.displayName).toBe("during the failure");
    expect(server.ctx.sync.loadedHandle<AccountDoc>(docId)?.doc().profile.displayName).toBe(
      "during the failure",
    );
  }, 30_000);
});
