import { cbor, isValidDocumentId } from "@automerge/automerge-repo/slim";
import type { Message } from "@automerge/automerge-repo/slim";
import { WebSocketServerAdapter } from "@automerge/automerge-repo-network-websocket";
import type { WebSocket, WebSocketServer } from "ws";
import type { Connection, ConnectionRegistry } from "./connections.js";

/** WebSocket close codes we use. */
export const CLOSE = {
  unsupported: 1003,
  policy: 1008,
  tooBig: 1009,
  sessionEnded: 4001,
} as const;

export interface GuardHooks {
  /** May this connection's principal use this peer id? */
  peerAllowed(conn: Connection, peerId: string): boolean;
  /** A well-formed message about `documentId` passed the guards (before the repo sees it). */
  beforeDocumentMessage(conn: Connection, type: string, documentId: string, data: Uint8Array | null): void;
  /** Runs before a sync message about `documentId` leaves the server (used to persist first). */
  beforeSend(documentId: string): Promise<void>;
  onReject(conn: Connection | undefined, reason: string): void;
  onMessageIn(bytes: number): void;
  onMessageOut(): void;
}

const DOC_MESSAGE_TYPES = new Set(["sync", "request", "doc-unavailable", "ephemeral"]);

/**
 * automerge-repo's WebSocket server adapter with the checks a multi-user server needs in front of it:
 * every message must come from the peer its socket joined as, a join must use a peer id of the socket's own user
 * (so nobody can impersonate or evict another peer), messages are rate-limited per connection, anything malformed
 * closes only that socket, and outgoing sync messages wait until the document is persisted, so a change the
 * server acknowledges is on disk.
 */
export class GuardedServerAdapter extends WebSocketServerAdapter {
  readonly #outbox = new Map<string, Promise<void>>();

  constructor(
    server: WebSocketServer,
    keepAliveMs: number,
    private readonly connections: ConnectionRegistry,
    private readonly hooks: GuardHooks,
  ) {
    // The upstream types name isomorphic-ws's server type, which is ws's under another path.
    super(server as never, keepAliveMs);
  }

  override receiveMessage(messageBytes: Uint8Array, socket: WebSocket): void {
    const conn = this.connections.of(socket);
    if (!conn) {
      socket.terminate();
      return;
    }
    this.hooks.onMessageIn(messageBytes.byteLength);
    if (!conn.bucket.take()) return this.#reject(conn, CLOSE.policy, "message rate limit exceeded");
    let message: unknown;
    try {
      message = cbor.decode(messageBytes);
    } catch {
      return this.#reject(conn, CLOSE.unsupported, "malformed message");
    }
    const problem = this.#check(conn, message);
    if (problem) return this.#reject(conn, CLOSE.policy, problem);
    const m = message as Message;
    try {
      // A join goes through upstream's handshake (it decodes the bytes itself). Every other message is handed
      // to the repo exactly as upstream does (only from the socket its sender joined on), without decoding the
      // same bytes a second time.
      if (m.type === "join") super.receiveMessage(messageBytes, socket);
      else if (this.sockets[m.senderId] === socket) this.emit("message", m);
    } catch {
      this.#reject(conn, CLOSE.unsupported, "message could not be processed");
    }
  }

  override send(message: Message): void {
    const target = message.targetId as string;
    const previous = this.#outbox.get(target) ?? Promise.resolve();
    const docId = message.type === "sync" ? message.documentId : undefined;
    const next = previous
      .then(() => (docId ? this.hooks.beforeSend(docId) : undefined))
      .then(() => {
        try {
          super.send(message);
          this.hooks.onMessageOut();
        } catch {
          // The socket closed under us (upstream throws on a closing socket): the peer resyncs on reconnect.
        }
      })
      .catch(() => undefined);
    this.#outbox.set(target, next);
    void next.then(() => {
      if (this.#outbox.get(target) === next) this.#outbox.delete(target);
    });
  }

  #check(conn: Connection, message: unknown): string | null {
    if (typeof message !== "object" || message === null) return "malformed message";
    const m = message as Record<string, unknown>;
    if (typeof m.type !== "string" || typeof m.senderId !== "string") return "malformed message";
    if (m.type === "join") {
      if (conn.peerId !== null && conn.peerId !== m.senderId) return "a socket joins once";
      if (!this.hooks.peerAllowed(conn, m.senderId)) return "peer id does not belong to this account";
      if (conn.peerId === null) this.connections.bindPeer(conn, m.senderId);
      return null;
    }
    if (conn.peerId === null) return "join first";
    if (m.senderId !== conn.peerId) return "sender does not match the joined peer";
    if (!DOC_MESSAGE_TYPES.has(m.type)) return `message type ${m.type} is not accepted`;
    if (typeof m.documentId !== "string" || !isValidDocumentId(m.documentId)) return "invalid document id";
    if (m.targetId !== this.peerId) return "message is not addressed to the server";
    if (m.type === "sync" || m.type === "request") {
      if (!(m.data instanceof Uint8Array)) return "sync message without data";
    }
    if (m.type === "ephemeral") {
      if (!(m.data instanceof Uint8Array) || typeof m.sessionId !== "string" || typeof m.count !== "number") {
        return "malformed ephemeral message";
      }
    }
    this.hooks.beforeDocumentMessage(
      conn,
      m.type,
      m.documentId,
      m.data instanceof Uint8Array ? m.data : null,
    );
    return null;
  }

  #reject(conn: Connection, code: number, reason: string): void {
    this.hooks.onReject(conn, reason);
    conn.socket.close(code, reason);
    setTimeout(() => conn.socket.terminate(), 1000).unref();
  }
}
