// Two devices of one user edit the same document while cut off from the server, then reconnect — on the same
// repo, with the same peer id, as the browser does (the adapter's retry or SyncStatus's reconnect). Both must end
// with every change, without either sending anything more.
import { Repo } from "@automerge/automerge-repo";
import type { DocHandle, PeerId } from "@automerge/automerge-repo";
import { WebSocketClientAdapter } from "@automerge/automerge-repo-network-websocket";
import { SyncSocketAdapter } from "../../client/src/sync/sync-socket.js";
import { makeClientPeerId } from "@cadence/shared-schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerUser, startTestServer, syncTicket, waitFor } from "../support/server.js";
import type { TestUser } from "../support/server.js";
import { MemoryStorage } from "../support/memory-storage.js";

type Workout = { sets: Record<string, { reps: number }>; notes: string[] };

/** A device: one repo with storage and one WebSocket adapter that the test cuts and reconnects. */
class Device {
  readonly repo: Repo;
  readonly adapter: WebSocketClientAdapter;
  #connected = false;

  private constructor(
    private readonly baseUrl: string,
    private readonly user: TestUser,
    url: string,
  ) {
    // No automatic retry within a test: the test reconnects, with a fresh one-time ticket.
    this.adapter = new (process.env.UPSTREAM_ADAPTER ? WebSocketClientAdapter : SyncSocketAdapter)(
      url,
      600_000,
    );
    this.repo = new Repo({
      storage: new MemoryStorage(),
      network: [this.adapter],
      peerId: makeClientPeerId(user.userId) as PeerId,
      saveDebounceRate: 0,
    });
    this.adapter.on("peer-candidate", () => (this.#connected = true));
    this.adapter.on("peer-disconnected", () => (this.#connected = false));
  }

  static async open(baseUrl: string, user: TestUser): Promise<Device> {
    return new Device(baseUrl, user, await Device.#url(baseUrl, user));
  }

  static async #url(baseUrl: string, user: TestUser): Promise<string> {
    const ticket = await syncTicket(baseUrl, user.cookie);
    return baseUrl.replace(/^http/, "ws") + `/sync?ticket=${encodeURIComponent(ticket)}`;
  }

  /** The server answered the latest join (the adapter's own peer events). */
  connected(): boolean {
    return this.#connected;
  }

  /** The network drops: the socket closes under the adapter (it reports the server gone). */
  cut(abruptly = false): Promise<void> {
    const socket = this.adapter.socket!;
    return new Promise((resolve) => {
      socket.addEventListener("close", () => resolve());
      if (abruptly) (socket as unknown as { terminate(): void }).terminate();
      else socket.close();
    });
  }

  /** The adapter connects again, as its retry does: same repo, same peer id, same metadata. */
  async reconnect(): Promise<void> {
    (this.adapter as { url: string }).url = await Device.#url(this.baseUrl, this.user);
    this.adapter.connect(this.repo.peerId, this.adapter.peerMetadata);
  }

  close(): void {
    const socket = this.adapter.socket;
    if (!socket) return;
    // Closing a socket that is still connecting reports an error event: nobody needs it any more.
    socket.addEventListener("error", () => undefined);
    this.adapter.disconnect();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function hasEverything(handle: DocHandle<Workout>, expected: readonly string[]): boolean {
  const doc = handle.doc();
  return expected.every((k) => doc.sets[k] !== undefined);
}

describe("two devices of one user edit offline, then reconnect", () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let user: TestUser;
  beforeAll(async () => {
    server = await startTestServer();
    // One user for every round (each round makes its own document): registration is rate-limited per address.
    user = await registerUser(server.url);
  });
  afterAll(async () => {
    await server.close();
  });

  /** One round: returns what each device is missing 5 s after both reconnected (empty: converged). */
  async function round(order: "a-first" | "b-first", gapMs: number, strayRetryMs: number | null) {
    const { a, b, ha, hb } = await pair();
    try {
      await Promise.all([a.cut(), b.cut()]);
      await waitFor(() => !a.connected() && !b.connected());
      ha.change((d) => {
        d.sets.a1 = { reps: 10 };
        d.notes.push("phone");
      });
      hb.change((d) => {
        d.sets.b1 = { reps: 9 };
        d.notes.push("tablet");
      });
      ha.change((d) => {
        d.sets.a2 = { reps: 5 };
      });
      hb.change((d) => {
        d.sets.b2 = { reps: 4 };
      });

      const [first, second] = order === "a-first" ? [a, b] : [b, a];
      await first.reconnect();
      if (gapMs > 0) await sleep(gapMs);
      await second.reconnect();
      if (strayRetryMs !== null) {
        // A retry timer left over from the cut-off fires on the device that is connected again.
        await sleep(strayRetryMs);
        await first.reconnect();
      }

      const expected = ["s1", "a1", "a2", "b1", "b2"];
      await waitFor(() => hasEverything(ha, expected) && hasEverything(hb, expected), 5000).catch(
        () => undefined,
      );
      return {
        a: expected.filter((k) => ha.doc().sets[k] === undefined),
        b: expected.filter((k) => hb.doc().sets[k] === undefined),
      };
    } finally {
      a.close();
      b.close();
    }
  }

  /** Two connected devices of a new user with one shared document, settled. */
  async function pair() {
    const a = await Device.open(server.url, user);
    const b = await Device.open(server.url, user);
    await waitFor(() => a.connected() && b.connected());
    const ha = a.repo.create<Workout>({ sets: { s1: { reps: 8 } }, notes: [] });
    await waitFor(() => server.ctx.sync.loadedHandle(ha.documentId)?.isReady());
    const hb = await b.repo.find<Workout>(ha.url);
    await waitFor(() => hb.doc().sets.s1 !== undefined);
    await sleep(200);
    return { a, b, ha, hb };
  }

  it("a device whose retry joins again on an open socket keeps receiving the other's changes", async () => {
    const { a, b, ha, hb } = await pair();
    try {
      // The adapter's retry timer fires while its socket is open: it joins again with the same peer id.
      await b.reconnect();
      await sleep(300);
      ha.change((d) => {
        d.sets.a1 = { reps: 10 };
      });
      await waitFor(() => hb.doc().sets.a1 !== undefined, 3000).catch(() => undefined);
      expect(hb.doc().sets.a1).toEqual({ reps: 10 });
    } finally {
      a.close();
      b.close();
    }
  });

  it("changes the server sent while the connection died reach the device after it reconnects", async () => {
    const { a, b, ha, hb } = await pair();
    try {
      // The server sends A's change to B, but the connection dies before B reads it (B drops what arrives).
      b.adapter.socket!.removeEventListener("message", b.adapter.onMessage);
      ha.change((d) => {
        d.sets.a1 = { reps: 10 };
      });
      await waitFor(() => {
        const onServer = server.ctx.sync.loadedHandle<Workout>(ha.documentId);
        return onServer?.doc().sets.a1 !== undefined;
      });
      await sleep(300);
      await b.cut(true);
      await waitFor(() => !b.connected());
      expect(hb.doc().sets.a1).toBeUndefined();
      await b.reconnect();
      await waitFor(() => b.connected());
      await waitFor(() => hb.doc().sets.a1 !== undefined, 3000).catch(() => undefined);
      expect(hb.doc().sets.a1).toEqual({ reps: 10 });
    } finally {
      a.close();
      b.close();
    }
  });

  const rounds = Number(process.env.SYNC_RECONNECT_ROUNDS ?? 2);
  const cases = [
    ["a-first", 0, null],
    ["b-first", 300, null],
    ["a-first", 0, 0],
    ["b-first", 50, 0],
    ["a-first", 300, 100],
  ] as const;

  it(
    "both devices receive every change after reconnecting, in any order, with stray retries",
    async () => {
      const failures: string[] = [];
      for (let i = 0; i < rounds; i++) {
        for (const [order, gap, stray] of cases) {
          const missing = await round(order, gap, stray);
          if (missing.a.length > 0 || missing.b.length > 0) {
            const what = `${order} +${gap} ms, stray retry ${stray ?? "none"}`;
            failures.push(`${what}: a misses [${missing.a.join()}], b misses [${missing.b.join()}]`);
          }
        }
      }
      expect(failures).toEqual([]);
    },
    rounds * cases.length * 8000 + 10_000,
  );
});
