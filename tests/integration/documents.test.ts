import type { AutomergeUrl } from "@automerge/automerge-repo";
import { newDocRequest, newWorkoutDoc } from "@cadence/shared-schema";
import type { AccountDoc } from "@cadence/shared-schema";
import { afterEach, describe, expect, it } from "vitest";
import { connectClient, registerUser, startTestServer, waitFor } from "../support/server.js";

type Server = Awaited<ReturnType<typeof startTestServer>>;

describe("documents on the server", () => {
  let server: Server | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("unloads documents nobody syncs and loads them again, intact, when someone does", async () => {
    server = await startTestServer({ docIdleMs: 300 });
    const user = await registerUser(server.url);
    const repo = await connectClient(server.url, user);
    const handle = await repo.find<AccountDoc>(user.rootDocUrl as AutomergeUrl);
    handle.change((d) => {
      d.profile.displayName = "kept through an unload";
    });
    await waitFor(() => {
      const onServer = server!.ctx.sync.loadedHandle(handle.documentId);
      return (
        onServer?.isReady() && (onServer.doc() as AccountDoc).profile.displayName === "kept through an unload"
      );
    });
    await repo.shutdown();

    const unloaded = await waitFor(async () => {
      const n = await server!.ctx.sync.unloadIdle(Date.now() + 1000);
      return server!.ctx.sync.loadedDocuments() === 0 ? n + 1 : false;
    });
    expect(unloaded).toBeGreaterThan(0);

    const again = await connectClient(server.url, user);
    const reloaded = await again.find<AccountDoc>(user.rootDocUrl as AutomergeUrl);
    expect(reloaded.doc().profile.displayName).toBe("kept through an unload");
    expect(server.ctx.sync.loadedDocuments()).toBe(1);
    await again.shutdown();
  });

  it("never acts on requests in a document that fails its schema", async () => {
    server = await startTestServer();
    const user = await registerUser(server.url);
    const repo = await connectClient(server.url, user);
    const handle = await repo.find<AccountDoc>(user.rootDocUrl as AutomergeUrl);
    const request = newDocRequest("echo", { text: "hi" });
    handle.change((d) => {
      (d.settings as unknown as Record<string, unknown>).language = "klingon";
      d.requests[request.id] = request;
    });
    await waitFor(() => server!.ctx.metrics.invalidDocuments.get() > 0);
    expect(server.ctx.jobs.counts()).toEqual({ queued: 0, running: 0, done: 0, failed: 0 });
    expect(handle.doc().requests[request.id]?.status).toBe("requested");

    // Fixed, the same request is accepted.
    handle.change((d) => {
      d.settings.language = "nb";
    });
    await waitFor(() => handle.doc().requests[request.id]?.status === "queued");
    expect(server.ctx.jobs.counts().queued).toBe(1);
    await repo.shutdown();
  });

  it("turns one request written by two devices into exactly one job", async () => {
    server = await startTestServer();
    const user = await registerUser(server.url);
    const phone = await connectClient(server.url, user);
    const tablet = await connectClient(server.url, user);
    const a = await phone.find<AccountDoc>(user.rootDocUrl as AutomergeUrl);
    const b = await tablet.find<AccountDoc>(user.rootDocUrl as AutomergeUrl);
    const request = newDocRequest("echo", { text: "same request" });
    a.change((d) => {
      d.requests[request.id] = request;
    });
    b.change((d) => {
      d.requests[request.id] = { ...request, createdAt: new Date(Date.now() + 1).toISOString() };
    });
    await waitFor(() => a.doc().requests[request.id]?.status === "queued");
    await waitFor(() => b.doc().requests[request.id]?.status === "queued");
    expect(server.ctx.jobs.counts().queued).toBe(1);
    await phone.shutdown();
    await tablet.shutdown();
  });

  it("gives a document created offline to its first writer and to nobody else", async () => {
    server = await startTestServer();
    const owner = await registerUser(server.url);
    const other = await registerUser(server.url);
    const ownerRepo = await connectClient(server.url, owner);
    const workout = ownerRepo.create(newWorkoutDoc({ userId: owner.userId, date: "2026-11-24" }));
    await waitFor(() => server!.ctx.ownership.ownerOf(workout.documentId) === owner.userId);

    const otherRepo = await connectClient(server.url, other);
    await expect(otherRepo.find(workout.url)).rejects.toThrow(/unavailable/i);
    await otherRepo.shutdown();

    const ownerSecondDevice = await connectClient(server.url, owner);
    const copy = await ownerSecondDevice.find<{ date: string }>(workout.url);
    expect(copy.doc().date).toBe("2026-11-24");
    await ownerRepo.shutdown();
    await ownerSecondDevice.shutdown();
  });

  it("closes the sockets of a session that expires, within seconds", async () => {
    server = await startTestServer();
    const user = await registerUser(server.url);
    const repo = await connectClient(server.url, user);
    await repo.find(user.rootDocUrl as AutomergeUrl);
    await waitFor(() => server!.ctx.sync.connections.size === 1);
    // Age the session past its inactivity limit, as if ten idle days had passed.
    server.ctx.db.prepare("UPDATE sessions SET last_verified_at = 0").run();
    await waitFor(() => server!.ctx.sync.connections.size === 0, 5000);
    await repo.shutdown();
  });
});
