import type { AutomergeUrl, PeerId } from "@automerge/automerge-repo";
import { Repo } from "@automerge/automerge-repo";
import { WebSocketClientAdapter } from "@automerge/automerge-repo-network-websocket";
import { createWorker, silentLogger } from "@cadence/ai-worker";
import { makeWorkerPeerId, newDocRequest } from "@cadence/shared-schema";
import type { AccountDoc } from "@cadence/shared-schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectClient, registerUser, startTestServer, waitFor } from "../support/server.js";

describe("ai-worker against the real server", () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  /** A Node repo authenticated as the worker service principal, as the worker connects. */
  async function workerRepo(): Promise<Repo> {
    const res = await fetch(`${server.url}/api/sync/ticket`, {
      method: "POST",
      headers: { authorization: `Bearer ${server.ctx.config.workerToken}` },
    });
    const { ticket } = (await res.json()) as { ticket: string };
    const url = `${server.url.replace("http", "ws")}/sync?ticket=${ticket}`;
    return new Repo({
      network: [new WebSocketClientAdapter(url, 60_000)],
      peerId: makeWorkerPeerId() as PeerId,
    });
  }

  it("answers a request a device wrote into its document", async () => {
    const worker = createWorker(
      { serverUrl: server.url, token: server.ctx.config.workerToken, claimWaitMs: 1000 },
      { log: silentLogger },
    );
    await worker.start();
    const user = await registerUser(server.url);
    const device = await connectClient(server.url, user);
    const handle = await device.find<AccountDoc>(user.rootDocUrl as AutomergeUrl);
    const request = newDocRequest("echo", { text: "are you there?" });
    handle.change((d) => {
      d.requests[request.id] = request;
    });
    await waitFor(() => handle.doc().requests[request.id]?.status === "done", 15_000);
    expect(handle.doc().requests[request.id]?.result).toMatchObject({ echoed: "are you there?" });
    // The worker completes the job once the server has acknowledged its answer.
    await waitFor(() => server.ctx.jobs.counts().done === 1);
    expect(server.ctx.jobs.counts()).toMatchObject({ done: 1, running: 0, queued: 0 });
    await device.shutdown();
    await worker.stop();
  });

  it("can open a user's document only while it holds a job for it", async () => {
    const user = await registerUser(server.url);
    const repo = await workerRepo();
    await expect(repo.find(user.rootDocUrl as AutomergeUrl)).rejects.toThrow(/unavailable/i);
    await repo.shutdown();

    // With a leased job for that document, the same principal may open it.
    const docId = user.rootDocUrl.replace("automerge:", "");
    server.ctx.jobs.enqueue({ requestId: crypto.randomUUID(), kind: "echo", docId, userId: user.userId });
    expect(server.ctx.jobs.claim(["echo"])).not.toBeNull();
    const leased = await workerRepo();
    const handle = await leased.find<AccountDoc>(user.rootDocUrl as AutomergeUrl);
    expect(handle.doc().userId).toBe(user.userId);
    await leased.shutdown();
  });
});
