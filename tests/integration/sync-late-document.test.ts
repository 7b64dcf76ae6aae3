// A device asks the server for a document another device of the same user made offline and has not uploaded yet
// (an account document linking a new workout reaches the tablet before the workout does). The server answers
// "unavailable"; once the phone uploads the workout, the tablet must receive it on the same connection — and a
// stranger who asked for the same id must not.
//
// No server code does this: automerge-repo 2.5.6's CollectionSynchronizer remembers every peer that sent a
// `request`/`sync` for a document (even when access was denied, until that peer disconnects) and, on each later
// message about it, begins sync with every such peer that `shareConfig.access` now allows — once the owner's
// upload claims the document, that is the owner's other devices, never a stranger. This test guards that path.
import { Repo } from "@automerge/automerge-repo";
import type { DocHandle, DocumentId, PeerId } from "@automerge/automerge-repo";
import { SyncSocketAdapter } from "../../client/src/sync/sync-socket.js";
import { makeClientPeerId } from "@cadence/shared-schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerUser, startTestServer, syncTicket, waitFor } from "../support/server.js";
import type { TestUser } from "../support/server.js";
import { MemoryStorage } from "../support/memory-storage.js";

type Workout = { sets: Record<string, { reps: number }> };

/** A device: one repo with storage and the web client's adapter, connected on demand. */
class Device {
  readonly repo: Repo;
  adapter: SyncSocketAdapter | null = null;
  #connected = false;

  constructor(
    private readonly baseUrl: string,
    private readonly user: TestUser,
  ) {
    this.repo = new Repo({
      storage: new MemoryStorage(),
      network: [],
      peerId: makeClientPeerId(user.userId) as PeerId,
      saveDebounceRate: 0,
    });
  }

  async connect(prepare?: (adapter: SyncSocketAdapter) => void, wait = true): Promise<void> {
    const ticket = await syncTicket(this.baseUrl, this.user.cookie);
    const url = this.baseUrl.replace(/^http/, "ws") + `/sync?ticket=${encodeURIComponent(ticket)}`;
    // No automatic retry within a test.
    this.adapter = new SyncSocketAdapter(url, 600_000);
    this.adapter.on("peer-candidate", () => (this.#connected = true));
    this.adapter.on("peer-disconnected", () => (this.#connected = false));
    prepare?.(this.adapter);
    this.repo.networkSubsystem.addNetworkAdapter(this.adapter);
    if (wait) await waitFor(() => this.#connected);
  }

  /** Asks for a document and returns its handle once automerge-repo has given up on it (unavailable). */
  async findUnavailable(docId: DocumentId): Promise<DocHandle<Workout>> {
    await expect(this.repo.find<Workout>(docId)).rejects.toThrow(/unavailable/);
    const handle = this.repo.handles[docId] as DocHandle<Workout>;
    expect(handle.isUnavailable()).toBe(true);
    return handle;
  }

  /** Reconnects the adapter (same repo, same peer id) with a fresh ticket, as its retry does. */
  async reconnect(): Promise<void> {
    const ticket = await syncTicket(this.baseUrl, this.user.cookie);
    const adapter = this.adapter!;
    (adapter as { url: string }).url =
      this.baseUrl.replace(/^http/, "ws") + `/sync?ticket=${encodeURIComponent(ticket)}`;
    adapter.connect(this.repo.peerId, adapter.peerMetadata);
    await waitFor(() => this.#connected);
  }

  /**
   * Connects; the connection dies right after the device's first sync message about `docId` (its heads, before
   * its changes), as when the keep-alive drops a busy socket. Resolves once the socket is closed.
   */
  async connectAndDropAfterFirstSync(docId: DocumentId): Promise<void> {
    let dropped!: () => void;
    const closed = new Promise<void>((r) => (dropped = r));
    await this.connect((adapter) => {
      const send = adapter.send.bind(adapter);
      adapter.send = (message) => {
        send(message);
        if (message.type !== "sync" || message.documentId !== docId) return;
        adapter.send = send;
        const socket = adapter.socket!;
        socket.addEventListener("close", () => dropped());
        (socket as unknown as { terminate(): void }).terminate();
      };
    }, false);
    await closed;
  }

  close(): void {
    const socket = this.adapter?.socket;
    if (!socket) return;
    socket.addEventListener("error", () => undefined);
    this.adapter!.disconnect();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("a document asked for before it reaches the server", () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let owner: TestUser;
  let stranger: TestUser;
  beforeAll(async () => {
    server = await startTestServer();
    owner = await registerUser(server.url);
    stranger = await registerUser(server.url);
  });
  afterAll(async () => {
    await server.close();
  });

  it("arrives on the same connection once its owner uploads it, and never reaches a stranger", async () => {
    const phone = new Device(server.url, owner);
    const tablet = new Device(server.url, owner);
    const other = new Device(server.url, stranger);
    try {
      // The phone makes the workout offline.
      const made = phone.repo.create<Workout>({ sets: { s1: { reps: 8 } } });
      const docId = made.documentId;

      await Promise.all([tablet.connect(), other.connect()]);
      const onTablet = await tablet.findUnavailable(docId);
      const onStranger = await other.findUnavailable(docId);
      expect(server.ctx.ownership.ownerOf(docId)).toBeNull();

      // The phone comes online and uploads it.
      await phone.connect();
      await waitFor(() => server.ctx.sync.loadedHandle(docId)?.isReady());
      expect(server.ctx.ownership.ownerOf(docId)).toBe(owner.userId);

      await waitFor(() => onTablet.isReady(), 3000).catch(() => undefined);
      expect(onTablet.isReady()).toBe(true);
      expect(onTablet.doc().sets.s1).toEqual({ reps: 8 });

      // Later changes keep flowing to the tablet.
      made.change((d) => {
        d.sets.s2 = { reps: 5 };
      });
      await waitFor(() => onTablet.doc().sets.s2 !== undefined, 3000).catch(() => undefined);
      expect(onTablet.doc().sets.s2).toEqual({ reps: 5 });

      // The stranger who asked for the same id before the owner claimed it learns nothing.
      await sleep(500);
      expect(onStranger.isReady()).toBe(false);
      expect(onStranger.isUnavailable()).toBe(true);
    } finally {
      phone.close();
      tablet.close();
      other.close();
    }
  });

  it("arrives once its owner's upload completes after the connection died between the claim and the changes", async () => {
    const phone = new Device(server.url, owner);
    const tablet = new Device(server.url, owner);
    try {
      const made = phone.repo.create<Workout>({ sets: { s1: { reps: 8 } } });
      const docId = made.documentId;
      await tablet.connect();
      // The phone comes online; its first sync message about the workout (heads, no changes) claims it, then the
      // connection dies (the keep-alive dropped the socket).
      await phone.connectAndDropAfterFirstSync(docId);
      await waitFor(() => server.ctx.ownership.ownerOf(docId) === owner.userId);
      await sleep(200);
      const onTablet = await tablet.findUnavailable(docId);
      // The server has the claim but not the content.
      expect(server.ctx.sync.loadedHandle(docId)?.isReady() ?? false).toBe(false);

      await phone.reconnect();
      await waitFor(() => server.ctx.sync.loadedHandle(docId)?.isReady(), 3000);
      await waitFor(() => onTablet.isReady(), 3000).catch(() => undefined);
      expect(onTablet.isReady()).toBe(true);
      expect(onTablet.doc().sets.s1).toEqual({ reps: 8 });
    } finally {
      phone.close();
      tablet.close();
    }
  });
});
