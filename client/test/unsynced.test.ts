// Counting the changes the server has not acknowledged, with two in-process repos (a device and a "server").
import * as A from "@automerge/automerge";
import {
  NetworkAdapter,
  Repo,
  type Message,
  type PeerId,
  type PeerMetadata,
} from "@automerge/automerge-repo";
import { MemoryStorage } from "../../tests/support/memory-storage.js";
import { describe, expect, it } from "vitest";
import { UnsyncedChanges, countSince } from "../src/sync/unsynced.js";

/** One end of an in-memory link; the device's end can hold its outgoing messages (a lost connection). */
class LinkEnd extends NetworkAdapter {
  other: LinkEnd | undefined;
  held: Message[] | undefined;
  isReady(): boolean {
    return true;
  }
  whenReady(): Promise<void> {
    return Promise.resolve();
  }
  connect(peerId: PeerId, peerMetadata?: PeerMetadata): void {
    this.peerId = peerId;
    this.peerMetadata = peerMetadata;
    const other = this.other;
    if (other?.peerId) {
      this.emit("peer-candidate", { peerId: other.peerId, peerMetadata: other.peerMetadata ?? {} });
      other.emit("peer-candidate", { peerId, peerMetadata: peerMetadata ?? {} });
    }
  }
  send(message: Message): void {
    if (this.held) this.held.push(message);
    else setTimeout(() => this.other?.emit("message", message), 1);
  }
  disconnect(): void {}
  hold(): void {
    this.held = [];
  }
  release(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const message of held) this.send(message);
  }
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("UnsyncedChanges", () => {
  it("counts local changes until the server has them", async () => {
    const [deviceEnd, serverEnd] = [new LinkEnd(), new LinkEnd()];
    deviceEnd.other = serverEnd;
    serverEnd.other = deviceEnd;
    const server = new Repo({
      storage: new MemoryStorage(),
      network: [serverEnd],
      peerId: "server" as PeerId,
    });
    const device = new Repo({
      storage: new MemoryStorage(),
      network: [deviceEnd],
      peerId: "device" as PeerId,
    });
    await until(() => device.getStorageIdOfPeer("server" as PeerId) !== undefined, "the server's storage id");
    const unsynced = new UnsyncedChanges(device, () => device.getStorageIdOfPeer("server" as PeerId));

    const handle = device.create({ count: 0 });
    unsynced.refresh();
    await until(
      () => unsynced.count === 0 && server.handles[handle.documentId] !== undefined,
      "the first sync",
    );

    deviceEnd.hold(); // offline: nothing reaches the server
    handle.change((d) => (d.count = 1));
    handle.change((d) => (d.count = 2));
    handle.change((d) => (d.count = 3));
    await until(() => unsynced.count === 3, "three unsynced changes");

    deviceEnd.release(); // back online
    await until(() => unsynced.count === 0, "the server's acknowledgement");
    const onServer = await server.find<{ count: number }>(handle.url);
    expect(onServer.doc().count).toBe(3);
    unsynced.dispose();
    await device.shutdown();
    await server.shutdown();
  });
});

describe("countSince", () => {
  it("counts the changes after the acknowledged heads, ignoring heads this copy does not know", () => {
    let doc = A.from({ n: 0 });
    doc = A.change(doc, (d) => (d.n = 1));
    const acked = A.getHeads(doc);
    doc = A.change(doc, (d) => (d.n = 2));
    doc = A.change(doc, (d) => (d.n = 3));
    expect(countSince(doc, acked)).toBe(2);
    expect(countSince(doc, A.getHeads(doc))).toBe(0);
    expect(countSince(doc, [])).toBe(4);
    const unknown = "00".repeat(32);
    expect(countSince(doc, [...acked, unknown])).toBe(2);
  });
});
