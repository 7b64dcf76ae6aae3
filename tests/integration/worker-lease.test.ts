import * as Automerge from "@automerge/automerge";
import type { AutomergeUrl } from "@automerge/automerge-repo";
import { makeWorkerPeerId } from "@cadence/shared-schema";
import type { AccountDoc } from "@cadence/shared-schema";
import crypto from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { RawPeer } from "../support/raw-peer.js";
import {
  connectClient,
  registerUser,
  startTestServer,
  waitFor,
  watchServerHeads,
  workerSyncSocketUrl,
} from "../support/server.js";

type Server = Awaited<ReturnType<typeof startTestServer>>;

/**
 * The worker may open only the documents of the jobs it holds (issue #2). automerge-repo asks the share policy
 * only when a message comes in and keeps syncing a peer it once started with, so a worker whose lease ended
 * kept receiving the user's later edits until the server checked access as each message leaves.
 */
describe("the worker's access to a document", () => {
  let server: Server | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("ends with its lease: later edits of the document are not sent to it", async () => {
    server = await startTestServer();
    const user = await registerUser(server.url);
    const device = await connectClient(server.url, user);
    const handle = await device.find<AccountDoc>(user.rootDocUrl as AutomergeUrl);
    const docId = handle.documentId;

    // An edit is through the server once the server's heads, as the device last heard them, include it.
    const onServer = watchServerHeads(device, docId);
    const edit = async (name: string) => {
      handle.change((d) => {
        d.profile.displayName = name;
      });
      const heads = Automerge.getHeads(handle.doc());
      await waitFor(() => onServer.acknowledged(heads), 5000);
    };

    const enqueued = server.ctx.jobs.enqueue({
      requestId: crypto.randomUUID(),
      kind: "echo",
      docId,
      userId: user.userId,
    });
    expect(enqueued.ok).toBe(true);
    const job = server.ctx.jobs.claim(["echo"])!;
    const worker = (await RawPeer.open(await workerSyncSocketUrl(server))) as RawPeer;
    try {
      const workerPeerId = makeWorkerPeerId();
      await worker.join(workerPeerId);
      expect(await worker.request(workerPeerId, docId)).toMatchObject({ type: "sync" });
      const syncsToWorker = () => worker.messages.filter((m) => m.type === "sync" && m.documentId === docId);

      // While it holds the lease, the worker follows the user's edits.
      const before = syncsToWorker().length;
      await edit("while leased");
      await waitFor(() => syncsToWorker().length > before, 3000);

      server.ctx.jobs.complete(job.id);
      expect(server.ctx.jobs.hasActiveLease(docId)).toBe(false);
      const after = syncsToWorker().length;
      await edit("after the lease");
      await edit("and again");
      // The device has had the server's answers to both edits; anything for the worker would have left with them.
      await new Promise((r) => setTimeout(r, 300));
      expect(syncsToWorker().slice(after)).toEqual([]);
    } finally {
      worker.close();
      await device.shutdown();
    }
  });
});
