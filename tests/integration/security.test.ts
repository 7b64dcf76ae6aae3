import type { AutomergeUrl } from "@automerge/automerge-repo";
import { generateAutomergeUrl, parseAutomergeUrl } from "@automerge/automerge-repo";
import { makeClientPeerId } from "@cadence/shared-schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RawPeer, until } from "../support/raw-peer.js";
import { connectClient, registerUser, startTestServer, syncTicket, waitFor } from "../support/server.js";
import type { TestUser } from "../support/server.js";

type Account = { profile: { displayName: string } };

describe("sync socket security", () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let wsBase: string;
  let origin: string;
  let alice: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    server = await startTestServer({ syncTicketTtlMs: 1500, messageBurst: 3000 });
    wsBase = server.url.replace("http", "ws");
    origin = server.url;
    alice = await registerUser(server.url);
    bob = await registerUser(server.url);
  });
  afterAll(async () => {
    await server.close();
  });

  const ticketUrl = async (user: TestUser) =>
    `${wsBase}/sync?ticket=${await syncTicket(server.url, user.cookie)}`;

  it("never upgrades without valid credentials", async () => {
    const attempts = [
      RawPeer.open(`${wsBase}/sync`),
      RawPeer.open(`${wsBase}/sync`, { origin }),
      RawPeer.open(`${wsBase}/sync?ticket=not-a-ticket`),
      RawPeer.open(`${wsBase}/sync`, { origin, cookie: "cadence_session=forged.secret" }),
      // A cookie is a browser credential: without an Origin header it is not accepted.
      RawPeer.open(`${wsBase}/sync`, { cookie: alice.cookie }),
    ];
    for (const r of await Promise.all(attempts)) expect(r).toEqual({ status: 401 });
  });

  it("accepts the session cookie from an allowed Origin and refuses a foreign Origin", async () => {
    const ok = await RawPeer.open(`${wsBase}/sync`, { origin, cookie: alice.cookie });
    expect(ok).toBeInstanceOf(RawPeer);
    (ok as RawPeer).close();
    const foreign = await RawPeer.open(`${wsBase}/sync`, {
      origin: "https://evil.example",
      cookie: alice.cookie,
    });
    expect(foreign).toEqual({ status: 403 });
    const foreignTicket = await RawPeer.open(await ticketUrl(alice), { origin: "https://evil.example" });
    expect(foreignTicket).toEqual({ status: 403 });
  });

  it("refuses a used ticket and an expired ticket", async () => {
    const url = await ticketUrl(alice);
    const first = await RawPeer.open(url);
    expect(first).toBeInstanceOf(RawPeer);
    (first as RawPeer).close();
    expect(await RawPeer.open(url)).toEqual({ status: 401 });
    const stale = await ticketUrl(alice);
    await new Promise((r) => setTimeout(r, 1700));
    expect(await RawPeer.open(stale)).toEqual({ status: 401 });
  });

  it("gives a stranger exactly the answer for a document that does not exist, for reads and writes", async () => {
    const peer = (await RawPeer.open(await ticketUrl(bob))) as RawPeer;
    const bobPeer = makeClientPeerId(bob.userId);
    await peer.join(bobPeer);
    const alicesDoc = parseAutomergeUrl(alice.rootDocUrl as AutomergeUrl).documentId;
    const unknownDoc = parseAutomergeUrl(generateAutomergeUrl()).documentId;
    const forAlices = await peer.request(bobPeer, alicesDoc);
    const forUnknown = await peer.request(bobPeer, unknownDoc);
    expect(forAlices).toMatchObject({ type: "doc-unavailable" });
    const strip = (m: Record<string, unknown> | null) => ({ ...m, documentId: undefined });
    expect(strip(forAlices)).toEqual(strip(forUnknown));

    // Bob pushes a change into Alice's document: refused the same way, and Alice's document is untouched.
    await peer.pushChanges(bobPeer, alicesDoc, { profile: { displayName: "pwned" } });
    expect(
      peer.messages.filter((m) => m.documentId === alicesDoc).every((m) => m.type === "doc-unavailable"),
    ).toBe(true);
    peer.close();
    const aliceRepo = await connectClient(server.url, alice);
    const handle = await aliceRepo.find<Account>(alice.rootDocUrl as AutomergeUrl);
    expect(handle.doc().profile.displayName).not.toBe("pwned");
    expect(server.ctx.ownership.ownerOf(alicesDoc)).toBe(alice.userId);
    await aliceRepo.shutdown();

    // And through a real client: find() of Alice's URL fails as for an unknown document.
    const bobRepo = await connectClient(server.url, bob);
    await expect(bobRepo.find(alice.rootDocUrl as AutomergeUrl)).rejects.toThrow(/unavailable/i);
    await expect(bobRepo.find(generateAutomergeUrl())).rejects.toThrow(/unavailable/i);
    await bobRepo.shutdown();
  });

  it("lets nobody join with another user's peer id, so the victim is neither evicted nor overheard", async () => {
    const alicePeerId = makeClientPeerId(alice.userId);
    const aliceRepo = await connectClient(server.url, alice, alicePeerId);
    const aliceHandle = await aliceRepo.find<Account>(alice.rootDocUrl as AutomergeUrl);

    const mallory = (await RawPeer.open(await ticketUrl(bob))) as RawPeer;
    await mallory.join(alicePeerId);
    await until(() => mallory.closed !== null);
    expect(mallory.closed?.code).toBe(1008);

    // Alice's connection still works: an edit from her second device still reaches her.
    const second = await connectClient(server.url, alice);
    const secondHandle = await second.find<Account>(alice.rootDocUrl as AutomergeUrl);
    secondHandle.change((d) => {
      d.profile.displayName = "still here";
    });
    await waitFor(() => aliceHandle.doc().profile.displayName === "still here");
    expect(mallory.messages.filter((m) => m.documentId !== undefined)).toEqual([]);
    await aliceRepo.shutdown();
    await second.shutdown();
  });

  it("closes a socket that sends a frame over maxPayload", async () => {
    const peer = (await RawPeer.open(await ticketUrl(alice))) as RawPeer;
    peer.sendBytes(Buffer.alloc(server.ctx.config.maxPayloadBytes + 1));
    await until(() => peer.closed !== null);
    expect(peer.closed?.code).toBe(1009);
  });

  it("survives 10,000 random and malformed frames and keeps serving other users", async () => {
    const peerId = makeClientPeerId(bob.userId);
    const docId = parseAutomergeUrl(generateAutomergeUrl()).documentId;
    const nasty: Array<() => unknown> = [
      () => null,
      () => 42,
      () => "join",
      () => [],
      () => ({}),
      () => ({ type: "sync" }),
      () => ({ type: "sync", senderId: peerId, documentId: docId, data: "not bytes" }),
      () => ({ type: "sync", senderId: peerId, documentId: "../../etc", data: new Uint8Array([1, 2, 3]) }),
      () => ({ type: "sync", senderId: peerId, targetId: "x", documentId: docId, data: new Uint8Array(64) }),
      () => ({ type: "remote-subscription-change", senderId: peerId, add: [docId] }),
      () => ({ type: "ephemeral", senderId: peerId, documentId: docId }),
      (): unknown[] => new Array<unknown>(5000).fill({ a: 1 }),
    ];
    let sockets = 0;
    let sent = 0;
    while (sent < 10_000) {
      const peer = (await RawPeer.open(await ticketUrl(bob))) as RawPeer;
      sockets++;
      const joined = Math.random() < 0.7;
      if (joined) await peer.join(peerId);
      for (let i = 0; i < 500 && sent < 10_000; i++, sent++) {
        const r = Math.random();
        if (r < 0.4)
          peer.sendBytes(Buffer.from(crypto.getRandomValues(new Uint8Array(1 + Math.floor(r * 200)))));
        else if (r < 0.45) peer.sendBytes("{not cbor");
        else peer.send(nasty[Math.floor(Math.random() * nasty.length)]!());
      }
      await until(() => peer.closed !== null, 5000).catch(() => peer.close());
    }
    expect(sockets).toBeGreaterThan(0);
    // The server still serves: a new user registers and syncs between two devices.
    const carol = await registerUser(server.url);
    const a = await connectClient(server.url, carol);
    const b = await connectClient(server.url, carol);
    const ha = await a.find<Account>(carol.rootDocUrl as AutomergeUrl);
    const hb = await b.find<Account>(carol.rootDocUrl as AutomergeUrl);
    ha.change((d) => {
      d.profile.displayName = "after the storm";
    });
    await waitFor(() => hb.doc().profile.displayName === "after the storm");
    await a.shutdown();
    await b.shutdown();
  });

  it("closes a user's socket within 5 s of logout", async () => {
    const user = await registerUser(server.url);
    const peer = (await RawPeer.open(`${wsBase}/sync`, { origin, cookie: user.cookie })) as RawPeer;
    await peer.join(makeClientPeerId(user.userId));
    const started = Date.now();
    const res = await fetch(`${server.url}/api/auth/logout`, {
      method: "POST",
      headers: { cookie: user.cookie },
    });
    expect(res.status).toBe(204);
    await until(() => peer.closed !== null, 5000);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(peer.closed?.code).toBe(4001);
    // The ended session cannot come back.
    expect(await RawPeer.open(`${wsBase}/sync`, { origin, cookie: user.cookie })).toEqual({ status: 401 });
  });

  it("closes a connection that floods messages beyond its rate limit", async () => {
    const peer = (await RawPeer.open(await ticketUrl(alice))) as RawPeer;
    await peer.join(makeClientPeerId(alice.userId));
    for (let i = 0; i < 5000 && peer.closed === null; i++) {
      peer.send({ type: "ephemeral", senderId: "x", documentId: "y" });
    }
    await until(() => peer.closed !== null);
    expect(peer.closed?.code).toBe(1008);
  });
});
