// The sync server spreads users over a fixed number of automerge repos ("shards", ADR 0006): a user's peers and
// documents live in the shard of their user id, the AI worker is introduced to a shard when it first touches one
// of its documents, and all shards are one server to the devices (one peer id, one storage id). These tests hold
// the server to what users rely on through that split — their devices keep syncing, other users (even ones in
// the same shard) and the worker without a lease learn nothing — and check that each shard's repo really only
// knows its own users' peers, which is the reason the shards exist.
import { Repo, generateAutomergeUrl, parseAutomergeUrl } from "@automerge/automerge-repo";
import type { AutomergeUrl, DocumentId, PeerId } from "@automerge/automerge-repo";
import { createWorker, silentLogger } from "@cadence/ai-worker";
import { makeClientPeerId, makeWorkerPeerId, newDocRequest } from "@cadence/shared-schema";
import type { AccountDoc } from "@cadence/shared-schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SyncSocketAdapter } from "../../client/src/sync/sync-socket.js";
import { MemoryStorage } from "../support/memory-storage.js";
import { RawPeer } from "../support/raw-peer.js";
import {
  registerUser,
  startTestServer,
  syncSocketUrl,
  tempDir,
  waitFor,
  workerSyncSocketUrl,
} from "../support/server.js";
import type { TestUser } from "../support/server.js";

type Server = Awaited<ReturnType<typeof startTestServer>>;
type Notes = { owner: string; notes: string[] };
type Account = { profile: { displayName: string } };

/** Registration is rate-limited per address; these tests register more users than the default allows. */
const CONFIG = { registrationsPerIpPerHour: 1000 };

/**
 * A device of a user: a repo with storage (so the server treats it as a browser, not an ephemeral peer) and the
 * web client's socket adapter, connected on demand with a fresh one-time ticket. No automatic retry: the test
 * cuts and reconnects.
 */
class Device {
  readonly repo: Repo;
  adapter: SyncSocketAdapter | null = null;
  #connected = false;
  #closed = false;

  constructor(
    private readonly server: Server,
    readonly user: TestUser,
    readonly storage = new MemoryStorage(),
  ) {
    this.repo = new Repo({
      storage,
      network: [],
      peerId: makeClientPeerId(user.userId) as PeerId,
      saveDebounceRate: 0,
    });
  }

  get peerId(): string {
    return this.repo.peerId;
  }

  /** The server's peer id, once the server answered the join. */
  get serverPeerId(): PeerId | undefined {
    return this.repo.peers[0];
  }

  async connect(): Promise<this> {
    const adapter = new SyncSocketAdapter(await syncSocketUrl(this.server.url, this.user), 600_000);
    adapter.on("peer-candidate", () => (this.#connected = true));
    adapter.on("peer-disconnected", () => (this.#connected = false));
    this.adapter = adapter;
    this.repo.networkSubsystem.addNetworkAdapter(adapter);
    await waitFor(() => this.#connected);
    return this;
  }

  /** The network drops: the socket closes under the adapter. */
  async cut(): Promise<void> {
    const socket = this.adapter!.socket!;
    await new Promise<void>((resolve) => {
      socket.addEventListener("close", () => resolve());
      socket.close();
    });
    await waitFor(() => !this.#connected);
  }

  /** The adapter connects again on a new socket, with the same peer id, as its retry does. */
  async reconnect(): Promise<void> {
    const adapter = this.adapter!;
    (adapter as { url: string }).url = await syncSocketUrl(this.server.url, this.user);
    adapter.connect(this.repo.peerId, adapter.peerMetadata);
    await waitFor(() => this.#connected);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    // Closing a socket that is still connecting reports an error event: nobody needs it any more.
    this.adapter?.socket?.addEventListener("error", () => undefined);
    await this.repo.shutdown();
  }
}

/** The shards (indexes into `sync.repos`) whose repo knows a peer. */
function shardsWithPeer(server: Server, peerId: string): number[] {
  return server.ctx.sync.repos.flatMap((r, i) => (r.peers.includes(peerId as PeerId) ? [i] : []));
}

/** The shards whose repo has a document loaded. */
function shardsHolding(server: Server, docId: DocumentId): number[] {
  return server.ctx.sync.repos.flatMap((r, i) => (r.handles[docId] ? [i] : []));
}

const docIdOf = (url: string) => parseAutomergeUrl(url as AutomergeUrl).documentId;

/** A server answer with the document id taken out, to compare the answers for two documents. */
const withoutDocId = (m: Record<string, unknown> | null) => ({ ...m, documentId: undefined });

describe("every shard is the same server to devices", () => {
  it("devices of users in different shards get one storage id, and the same after a restart", async () => {
    const dataDir = tempDir();
    let server = await startTestServer({ ...CONFIG, dataDir });
    const devices: Device[] = [];
    try {
      const a = await registerUser(server.url);
      let b = await registerUser(server.url);
      for (
        let i = 0;
        i < 20 && server.ctx.sync.shardOfUser(b.userId) === server.ctx.sync.shardOfUser(a.userId);
        i++
      ) {
        b = await registerUser(server.url);
      }
      // Users in different shards: their devices' peers are handled by different repos.
      expect(server.ctx.sync.shardOfUser(a.userId)).not.toBe(server.ctx.sync.shardOfUser(b.userId));

      /** The storage id the server announced to a new device of `user` (its peer metadata). */
      const storageIdSeenBy = async (user: TestUser) => {
        const device = await new Device(server, user).connect();
        devices.push(device);
        const metadata = device.repo.peerMetadataByPeerId[device.serverPeerId!];
        await device.close();
        return metadata?.storageId;
      };
      const shardIds = async () =>
        new Set(await Promise.all(server.ctx.sync.repos.map((r) => r.storageId())));
      const stored = () =>
        (
          server.ctx.db.prepare("SELECT data FROM storage_chunks WHERE key = 'storage-adapter-id'").get() as
            { data: Buffer } | undefined
        )?.data.toString("utf8");

      const seenByA = await storageIdSeenBy(a);
      const seenByB = await storageIdSeenBy(b);
      expect(seenByA).toEqual(expect.any(String));
      expect(seenByB).toBe(seenByA);
      expect(await shardIds()).toEqual(new Set([seenByA]));
      expect(stored()).toBe(seenByA);

      await server.close();
      server = await startTestServer({ ...CONFIG, dataDir });
      expect(await storageIdSeenBy(a)).toBe(seenByA);
      expect(await storageIdSeenBy(b)).toBe(seenByA);
      expect(await shardIds()).toEqual(new Set([seenByA]));
      expect(stored()).toBe(seenByA);
    } finally {
      for (const d of devices) await d.close().catch(() => undefined);
      await server.close();
    }
  });
});

describe("users spread over shards", () => {
  let server: Server;
  /** Two users in the same shard. */
  let same: [TestUser, TestUser];
  /** Users in pairwise different shards, none of them the shard of `same`. */
  let others: TestUser[];
  const shardOf = (u: TestUser) => server.ctx.sync.shardOfUser(u.userId);

  beforeAll(async () => {
    server = await startTestServer(CONFIG);
    const shards = server.ctx.sync.repos.length;
    const byShard = new Map<number, TestUser[]>();
    const pair = () => [...byShard.values()].find((users) => users.length >= 2);
    // Register until two users share a shard (certain by the pigeonhole principle within shards + 1 users) and
    // at least three other shards are used.
    for (let i = 0; i <= shards && !(pair() && byShard.size >= 4); i++) {
      const user = await registerUser(server.url);
      const s = server.ctx.sync.shardOfUser(user.userId);
      byShard.set(s, [...(byShard.get(s) ?? []), user]);
    }
    const found = pair();
    if (!found || byShard.size < 4) throw new Error(`could not place users: ${byShard.size} shards used`);
    same = [found[0]!, found[1]!];
    others = [...byShard.entries()].filter(([s]) => s !== shardOf(found[0]!)).map(([, users]) => users[0]!);
  }, 60_000);
  afterAll(async () => {
    await server.close();
  });

  it("each shard's repo knows only its own users' peers, and forgets them when their sockets close", async () => {
    const [a, d] = same;
    const [b, c] = others as [TestUser, TestUser];
    const x = shardOf(a);
    expect(shardOf(d)).toBe(x);
    expect(new Set([x, shardOf(b), shardOf(c)]).size).toBe(3);

    const devices = await Promise.all([a, a, d, b, c].map((user) => new Device(server, user).connect()));
    try {
      const [a1, a2, d1, b1, c1] = devices as [Device, Device, Device, Device, Device];
      // Each device's peer is known to its user's shard and to no other.
      await waitFor(() =>
        devices.every((dev) => shardsWithPeer(server, dev.peerId).join() === `${shardOf(dev.user)}`),
      );
      expect(server.ctx.sync.repos[x]!.peers).toEqual(
        expect.arrayContaining([a1.peerId, a2.peerId, d1.peerId]),
      );

      // No repo knows a user's peer of another shard (whoever else is connected).
      for (const [i, repo] of server.ctx.sync.repos.entries()) {
        for (const peerId of repo.peers) {
          const conn = server.ctx.sync.connections.byPeer(peerId);
          expect(conn, `shard ${i} knows ${peerId}, which has no connection`).toBeDefined();
          if (conn!.principal.kind === "user")
            expect(server.ctx.sync.shardOfUser(conn!.principal.userId)).toBe(i);
        }
      }

      // A's sockets close: A's peers leave A's shard; D (same shard) and the others stay.
      await a1.close();
      await a2.close();
      await waitFor(
        () =>
          shardsWithPeer(server, a1.peerId).length === 0 && shardsWithPeer(server, a2.peerId).length === 0,
      );
      expect(shardsWithPeer(server, d1.peerId)).toEqual([x]);
      expect(shardsWithPeer(server, b1.peerId)).toEqual([shardOf(b)]);
      expect(shardsWithPeer(server, c1.peerId)).toEqual([shardOf(c)]);

      await Promise.all([d1.close(), b1.close(), c1.close()]);
      await waitFor(() => [d1, b1, c1].every((dev) => shardsWithPeer(server, dev.peerId).length === 0));
    } finally {
      for (const dev of devices) await dev.close().catch(() => undefined);
    }
  });

  it("two users of the same shard each sync only their own documents, and cannot open each other's", async () => {
    const [a, b] = same;
    expect(shardOf(a)).toBe(shardOf(b));
    const devices = await Promise.all([a, a, b, b].map((user) => new Device(server, user).connect()));
    const [a1, a2, b1, b2] = devices as [Device, Device, Device, Device];
    try {
      // Each user edits a document made on their first device, and their account document (made by the server).
      const aNotes = a1.repo.create<Notes>({ owner: "a", notes: ["a's note"] });
      const bNotes = b1.repo.create<Notes>({ owner: "b", notes: ["b's note"] });
      const aAccount = await a1.repo.find<Account>(a.rootDocUrl as AutomergeUrl);
      const bAccount = await b1.repo.find<Account>(b.rootDocUrl as AutomergeUrl);
      aAccount.change((doc) => {
        doc.profile.displayName = "Ada";
      });
      bAccount.change((doc) => {
        doc.profile.displayName = "Bea";
      });

      // Each second device sees its own user's edits.
      const aNotesOn2 = await a2.repo.find<Notes>(aNotes.url);
      const bNotesOn2 = await b2.repo.find<Notes>(bNotes.url);
      const aAccountOn2 = await a2.repo.find<Account>(a.rootDocUrl as AutomergeUrl);
      const bAccountOn2 = await b2.repo.find<Account>(b.rootDocUrl as AutomergeUrl);
      await waitFor(() => aAccountOn2.doc().profile.displayName === "Ada");
      await waitFor(() => bAccountOn2.doc().profile.displayName === "Bea");
      expect(aNotesOn2.doc()).toEqual({ owner: "a", notes: ["a's note"] });
      expect(bNotesOn2.doc()).toEqual({ owner: "b", notes: ["b's note"] });

      // Neither opens the other's documents: the answer is the one for a document that does not exist.
      for (const url of [bNotes.url, b.rootDocUrl, generateAutomergeUrl()]) {
        await expect(a2.repo.find(url as AutomergeUrl)).rejects.toThrow(/unavailable/i);
      }
      for (const url of [aNotes.url, a.rootDocUrl, generateAutomergeUrl()]) {
        await expect(b2.repo.find(url as AutomergeUrl)).rejects.toThrow(/unavailable/i);
      }
      const raw = (await RawPeer.open(await syncSocketUrl(server.url, a))) as RawPeer;
      try {
        const rawPeerId = makeClientPeerId(a.userId);
        await raw.join(rawPeerId);
        const forB = await raw.request(rawPeerId, bNotes.documentId);
        const forBAccount = await raw.request(rawPeerId, docIdOf(b.rootDocUrl));
        const forUnknown = await raw.request(rawPeerId, docIdOf(generateAutomergeUrl()));
        expect(forB).toMatchObject({ type: "doc-unavailable" });
        expect(withoutDocId(forB)).toEqual(withoutDocId(forUnknown));
        expect(withoutDocId(forBAccount)).toEqual(withoutDocId(forUnknown));
      } finally {
        raw.close();
      }

      // B keeps editing after A asked for B's documents (through the repo A's peers are in): B's other device
      // gets it, A's does not. A's own later edit reaching A's second device shows the server sent A everything
      // it was going to send before it.
      bNotes.change((doc) => {
        doc.notes.push("b's second note");
      });
      await waitFor(() => bNotesOn2.doc().notes.length === 2);
      aNotes.change((doc) => {
        doc.notes.push("a's second note");
      });
      await waitFor(() => aNotesOn2.doc().notes.length === 2);
      for (const docId of [bNotes.documentId, docIdOf(b.rootDocUrl)]) {
        const onA = [a1, a2].map((dev) => dev.repo.handles[docId]).filter((h) => h !== undefined);
        for (const handle of onA) expect(handle.isReady()).toBe(false);
      }
      expect(aAccountOn2.doc().profile.displayName).toBe("Ada");

      // Each document belongs to the user whose device made it.
      expect(server.ctx.ownership.ownerOf(aNotes.documentId)).toBe(a.userId);
      expect(server.ctx.ownership.ownerOf(bNotes.documentId)).toBe(b.userId);
    } finally {
      for (const dev of devices) await dev.close().catch(() => undefined);
    }
  });

  it("one worker connection answers users of two shards, and opens no document it holds no lease for", async () => {
    const [a, d] = same;
    const [b, c] = others as [TestUser, TestUser];
    const [x, y, z] = [shardOf(a), shardOf(b), shardOf(c)];
    expect(shardOf(d)).toBe(x);
    expect(new Set([x, y, z]).size).toBe(3);

    const worker = createWorker(
      { serverUrl: server.url, token: server.ctx.config.workerToken, claimWaitMs: 1000 },
      { log: silentLogger },
    );
    await worker.start();
    const devices = await Promise.all([a, b].map((user) => new Device(server, user).connect()));
    try {
      const [aDevice, bDevice] = devices as [Device, Device];
      const aAccount = await aDevice.repo.find<AccountDoc>(a.rootDocUrl as AutomergeUrl);
      const bAccount = await bDevice.repo.find<AccountDoc>(b.rootDocUrl as AutomergeUrl);
      const aRequest = newDocRequest("echo", { text: "for a" });
      const bRequest = newDocRequest("echo", { text: "for b" });
      aAccount.change((doc) => {
        doc.requests[aRequest.id] = aRequest;
      });
      bAccount.change((doc) => {
        doc.requests[bRequest.id] = bRequest;
      });
      await waitFor(
        () =>
          aAccount.doc().requests[aRequest.id]?.status === "done" &&
          bAccount.doc().requests[bRequest.id]?.status === "done",
        8000,
      );
      expect(aAccount.doc().requests[aRequest.id]?.result).toMatchObject({ echoed: "for a" });
      expect(bAccount.doc().requests[bRequest.id]?.result).toMatchObject({ echoed: "for b" });

      // One worker connection did both; its peer was introduced to exactly the two shards it worked in.
      const workers = [...server.ctx.sync.connections.all()].filter(
        (conn) => conn.principal.kind === "worker",
      );
      expect(workers.map((conn) => conn.peerId)).toEqual([worker.peerId]);
      expect(shardsWithPeer(server, worker.peerId)).toEqual([x, y].sort((p, q) => p - q));
      // Its messages were handled in the owners' shards: each document is loaded there and nowhere else.
      expect(shardsHolding(server, docIdOf(a.rootDocUrl))).toEqual([x]);
      expect(shardsHolding(server, docIdOf(b.rootDocUrl))).toEqual([y]);
    } finally {
      for (const dev of devices) await dev.close().catch(() => undefined);
      await worker.stop();
    }
    // The worker's socket closed: it left both shards.
    await waitFor(() => shardsWithPeer(server, worker.peerId).length === 0);

    // A worker-principal socket holding a lease for A's account document only: it gets that document, but D's
    // (A's shard, which the worker's peer is in now) and C's (a shard it has not touched) are answered as a
    // document that does not exist.
    const enqueued = server.ctx.jobs.enqueue({
      requestId: crypto.randomUUID(),
      kind: "echo",
      docId: docIdOf(a.rootDocUrl),
      userId: a.userId,
    });
    expect(enqueued.ok).toBe(true);
    const job = server.ctx.jobs.claim(["echo"]);
    expect(job?.docId).toBe(docIdOf(a.rootDocUrl));
    const raw = (await RawPeer.open(await workerSyncSocketUrl(server))) as RawPeer;
    try {
      const workerPeerId = makeWorkerPeerId();
      await raw.join(workerPeerId);
      const forA = await raw.request(workerPeerId, docIdOf(a.rootDocUrl));
      expect(forA).toMatchObject({ type: "sync" });
      expect(shardsWithPeer(server, workerPeerId)).toEqual([x]);
      const forD = await raw.request(workerPeerId, docIdOf(d.rootDocUrl));
      const forC = await raw.request(workerPeerId, docIdOf(c.rootDocUrl));
      const forUnknown = await raw.request(workerPeerId, docIdOf(generateAutomergeUrl()));
      expect(forD).toMatchObject({ type: "doc-unavailable" });
      expect(withoutDocId(forD)).toEqual(withoutDocId(forUnknown));
      expect(withoutDocId(forC)).toEqual(withoutDocId(forUnknown));
      expect(shardsHolding(server, docIdOf(c.rootDocUrl))).toEqual([z]);
    } finally {
      raw.close();
      if (job) server.ctx.jobs.complete(job.id);
    }
  });

  it("a document made offline is claimed by its user when it syncs, and lives in that user's shard only", async () => {
    const user = others[0]!;
    const [stranger] = same;
    const home = shardOf(user);
    expect(shardOf(stranger)).not.toBe(home);

    const phone = new Device(server, user);
    const tablet = new Device(server, user);
    const other = new Device(server, stranger);
    try {
      const made = phone.repo.create<Notes>({ owner: "offline", notes: ["written on the train"] });
      const docId = made.documentId;
      expect(server.ctx.ownership.ownerOf(docId)).toBeNull();
      expect(shardsHolding(server, docId)).toEqual([]);

      await phone.connect();
      await waitFor(() => {
        const onServer = server.ctx.sync.loadedHandle<Notes>(docId);
        return onServer?.isReady() && onServer.doc().notes[0] === "written on the train";
      });
      expect(server.ctx.ownership.ownerOf(docId)).toBe(user.userId);
      expect(shardsHolding(server, docId)).toEqual([home]);
      expect(server.ctx.sync.loadedHandle(docId)).toBe(server.ctx.sync.repos[home]!.handles[docId]);
      expect(server.ctx.sync.repoFor(docId)).toBe(server.ctx.sync.repos[home]);

      // A stranger in another shard asks for it: unavailable, and it is not loaded into the stranger's shard.
      await other.connect();
      await expect(other.repo.find(made.url)).rejects.toThrow(/unavailable/i);
      expect(shardsHolding(server, docId)).toEqual([home]);

      // The user's other device opens it from the server.
      await tablet.connect();
      const onTablet = await tablet.repo.find<Notes>(made.url);
      expect(onTablet.doc().notes).toEqual(["written on the train"]);
      expect(shardsHolding(server, docId)).toEqual([home]);
    } finally {
      for (const dev of [phone, tablet, other]) await dev.close().catch(() => undefined);
    }
  });

  it("the account documents the server made at registration live in their users' shards only", () => {
    for (const user of [...same, ...others]) {
      expect(shardsHolding(server, docIdOf(user.rootDocUrl)), user.userId).toEqual([shardOf(user)]);
    }
  });

  it("a device that reconnects, with the same or a new peer id, keeps syncing its document in its shard", async () => {
    const user = others[1]!;
    const home = shardOf(user);
    const phone = await new Device(server, user).connect();
    const tablet = await new Device(server, user).connect();
    let reloaded: Device | null = null;
    try {
      const onPhone = phone.repo.create<Notes>({ owner: "r", notes: ["one"] });
      const onTablet = await tablet.repo.find<Notes>(onPhone.url);
      expect(onTablet.doc().notes).toEqual(["one"]);

      // The phone's connection drops. Both devices edit while it is away (the tablet's edit reaches the server),
      // then the phone reconnects on a new socket with its peer id: each gets the other's edit.
      await phone.cut();
      await waitFor(() => shardsWithPeer(server, phone.peerId).length === 0);
      onPhone.change((doc) => {
        doc.notes.push("two (phone, offline)");
      });
      onTablet.change((doc) => {
        doc.notes.push("two (tablet)");
      });
      await waitFor(() => server.ctx.sync.loadedHandle<Notes>(onPhone.documentId)?.doc().notes.length === 2);
      await phone.reconnect();
      expect(shardsWithPeer(server, phone.peerId)).toEqual([home]);
      await waitFor(() => onTablet.doc().notes.length === 3 && onPhone.doc().notes.length === 3, 3000);
      onPhone.change((doc) => {
        doc.notes.push("four (phone)");
      });
      await waitFor(() => onTablet.doc().notes.length === 4, 3000);

      // The app reloads: a new repo on the same local storage, with a new peer id, on a new socket.
      await phone.close();
      reloaded = await new Device(server, user, phone.storage).connect();
      expect(reloaded.peerId).not.toBe(phone.peerId);
      await waitFor(() => shardsWithPeer(server, phone.peerId).length === 0);
      expect(shardsWithPeer(server, reloaded.peerId)).toEqual([home]);
      const onReloaded = await reloaded.repo.find<Notes>(onPhone.url);
      onReloaded.change((doc) => {
        doc.notes.push("five (reloaded)");
      });
      await waitFor(() => onTablet.doc().notes.length === 5, 3000);
      onTablet.change((doc) => {
        doc.notes.push("six (tablet)");
      });
      await waitFor(() => onReloaded.doc().notes.length === 6, 3000);
      expect([...onTablet.doc().notes].sort()).toEqual(
        [
          "one",
          "two (phone, offline)",
          "two (tablet)",
          "four (phone)",
          "five (reloaded)",
          "six (tablet)",
        ].sort(),
      );
      expect(onReloaded.doc().notes).toEqual(onTablet.doc().notes);
      expect(shardsHolding(server, onPhone.documentId)).toEqual([home]);
    } finally {
      for (const dev of [phone, tablet, reloaded]) await dev?.close().catch(() => undefined);
    }
  });
});
