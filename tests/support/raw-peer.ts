import * as Automerge from "@automerge/automerge";
import { cbor } from "@automerge/automerge-repo";
import WebSocket from "ws";

/** A hand-driven sync socket, for tests that need to send exactly the bytes an attacker would. */
export class RawPeer {
  readonly messages: Array<Record<string, unknown>> = [];
  closed: { code: number; reason: string } | null = null;
  serverPeerId: string | null = null;

  private constructor(readonly ws: WebSocket) {
    ws.on("message", (data: Buffer) => {
      try {
        const m = cbor.decode<Record<string, unknown>>(new Uint8Array(data));
        if (m.type === "peer") this.serverPeerId = m.senderId as string;
        this.messages.push(m);
      } catch {
        this.messages.push({ type: "undecodable" });
      }
    });
    ws.on("close", (code, reason) => (this.closed = { code, reason: reason.toString() }));
    ws.on("error", () => undefined);
  }

  /** Opens a socket; resolves with the HTTP status when the upgrade is refused. */
  static open(url: string, headers: Record<string, string> = {}): Promise<RawPeer | { status: number }> {
    return new Promise((resolve) => {
      const ws = new WebSocket(url, { headers });
      const peer = new RawPeer(ws);
      ws.once("open", () => resolve(peer));
      ws.once("unexpected-response", (_req, res) => {
        resolve({ status: res.statusCode ?? 0 });
        res.resume();
        ws.terminate();
      });
      ws.once("error", () => resolve({ status: -1 }));
    });
  }

  send(message: unknown): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(cbor.encode(message));
  }

  sendBytes(bytes: Uint8Array | Buffer | string): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(bytes);
  }

  async join(peerId: string): Promise<void> {
    this.send({ type: "join", senderId: peerId, peerMetadata: {}, supportedProtocolVersions: ["1"] });
    await until(() => this.serverPeerId !== null || this.closed !== null);
  }

  /** Asks the server for a document as a client without it would, and returns the server's answer. */
  async request(peerId: string, documentId: string): Promise<Record<string, unknown> | null> {
    const data = Automerge.generateSyncMessage(Automerge.init(), Automerge.initSyncState())[1]!;
    const before = this.messages.length;
    this.send({ type: "request", senderId: peerId, targetId: this.serverPeerId, documentId, data });
    await until(() => this.messages.length > before || this.closed !== null, 3000).catch(() => undefined);
    return this.messages.slice(before).find((m) => m.documentId === documentId) ?? null;
  }

  /** Pushes changes of a fresh document under `documentId`, as a writer would. */
  async pushChanges(peerId: string, documentId: string, content: Record<string, unknown>): Promise<void> {
    const doc = Automerge.from(content);
    const data = Automerge.generateSyncMessage(doc, Automerge.initSyncState())[1]!;
    this.send({ type: "sync", senderId: peerId, targetId: this.serverPeerId, documentId, data });
    await new Promise((r) => setTimeout(r, 200));
  }

  close(): void {
    this.ws.terminate();
  }
}

export async function until(fn: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!fn()) {
    if (Date.now() - start > timeoutMs) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
}
