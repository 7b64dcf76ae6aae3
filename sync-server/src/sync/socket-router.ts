import { NetworkAdapter, cbor, isValidDocumentId } from "@automerge/automerge-repo/slim";
import type { Message, PeerId, PeerMetadata } from "@automerge/automerge-repo/slim";
import { WebSocket } from "ws";
import type { WebSocketServer } from "ws";
import type { Connection, ConnectionRegistry } from "./connections.js";

/** WebSocket close codes we use. */
export const CLOSE = {
  unsupported: 1003,
  policy: 1008,
  tooBig: 1009,
  sessionEnded: 4001,
} as const;

/** automerge-repo's WebSocket protocol version (the only one there is). */
const PROTOCOL_V1 = "1";

export interface RouterHooks {
  /** May this connection's principal use this peer id? */
  peerAllowed(conn: Connection, peerId: string): boolean;
  /** The shard a connection belongs to from its join on (a user's own), or null (the worker: per document). */
  homeShard(conn: Connection): number | null;
  /** The shard whose repo handles this connection's messages about `documentId`. */
  shardFor(conn: Connection, documentId: string): number;
  /** A well-formed message about `documentId` passed the guards (before the shard's repo sees it). */
  beforeDocumentMessage(
    conn: Connection,
    type: string,
    documentId: string,
    data: Uint8Array | null,
    shard: number,
  ): void;
  /** A peer was introduced to a shard's repo (after the repo has added it). */
  onPeerJoined(shard: number, peerId: PeerId): void;
  /**
   * May this peer be sent what the server has of `documentId` now? Asked as each message about a document leaves
   * (automerge-repo asks its share policy only when a message comes in, and keeps syncing a peer it once
   * started with — a worker whose lease has ended, say).
   */
  mayReceive(peerId: PeerId, documentId: string): boolean;
  /** A message was withheld from a peer that may no longer have the document: stop syncing it with that peer. */
  onWithheld(shard: number, peerId: PeerId, documentId: string): void;
  /**
   * Asked as a sync message about `documentId` to `peerId` is sent: what it must wait for before it leaves (the
   * disk, when it could acknowledge a change not yet on it), or null to leave at once. A rejected wait drops it.
   */
  beforeSend(shard: number, peerId: string, documentId: string): Promise<void> | null;
  onReject(conn: Connection | undefined, reason: string): void;
  onMessageIn(bytes: number): void;
  onMessageOut(): void;
}

const DOC_MESSAGE_TYPES = new Set(["sync", "request", "doc-unavailable", "ephemeral"]);

/**
 * The network adapter of one shard's Repo. It has no sockets of its own: the router introduces to it only the
 * peers of its shard's users (and the worker, once the worker touches one of the shard's documents), hands it
 * their messages, and sends what it sends. Ready from the start: a server has no remote to wait for.
 */
export class ShardAdapter extends NetworkAdapter {
  constructor(
    private readonly router: SocketRouter,
    readonly shard: number,
  ) {
    super();
  }

  isReady(): boolean {
    return true;
  }

  whenReady(): Promise<void> {
    return Promise.resolve();
  }

  connect(peerId: PeerId, peerMetadata?: PeerMetadata): void {
    this.peerId = peerId;
    this.peerMetadata = peerMetadata;
  }

  disconnect(): void {
    // The router owns the sockets; SyncService.close terminates them.
  }

  send(message: Message): void {
    this.router.send(this.shard, message);
  }
}

/**
 * The server's end of automerge-repo's WebSocket protocol (what upstream's WebSocketServerAdapter does: the
 * join/peer handshake, keep-alive pings, CBOR frames) for several repos at once — one per shard of users (ADR
 * 0006) — with the checks a multi-user server needs in front of them: every message must come from the peer its
 * socket joined as, a join must use a peer id of the socket's own user (so nobody can impersonate or evict
 * another peer), messages are rate-limited per connection, anything malformed closes only that socket, and
 * an outgoing sync message that could acknowledge a change not yet on disk waits for it (`beforeSend`).
 */
export class SocketRouter {
  readonly adapters: ShardAdapter[];
  /** Each joined peer's current socket. */
  readonly #sockets = new Map<string, WebSocket>();
  readonly #peerOfSocket = new Map<WebSocket, string>();
  /** What each peer said about itself when it joined (its storage id), told to each shard it is introduced to. */
  readonly #metadata = new Map<string, PeerMetadata | undefined>();
  /** The shards each joined peer has been introduced to. */
  readonly #shardsOf = new Map<string, Set<number>>();
  /** Per target peer: the sends still waiting, so messages leave in the order they were sent. */
  readonly #outbox = new Map<string, Promise<void>>();
  /** Sockets pinged since their last pong. */
  readonly #silent = new Set<WebSocket>();
  readonly #keepAlive: NodeJS.Timeout;

  constructor(
    private readonly server: WebSocketServer,
    shards: number,
    keepAliveMs: number,
    private readonly connections: ConnectionRegistry,
    private readonly hooks: RouterHooks,
  ) {
    this.adapters = Array.from({ length: shards }, (_, i) => new ShardAdapter(this, i));
    server.on("connection", (socket: WebSocket) => {
      socket.on("close", () => this.#dropSocket(socket));
      socket.on("message", (data: Buffer) => this.receiveMessage(data, socket));
      socket.on("pong", () => this.#silent.delete(socket));
    });
    this.#keepAlive = setInterval(() => {
      // A socket that has not answered the previous ping is gone: terminate it (its peer is then dropped).
      for (const socket of server.clients) {
        if (this.#silent.has(socket)) {
          socket.terminate();
          continue;
        }
        this.#silent.add(socket);
        socket.ping();
      }
    }, keepAliveMs);
    this.#keepAlive.unref();
    server.on("close", () => clearInterval(this.#keepAlive));
  }

  receiveMessage(messageBytes: Uint8Array, socket: WebSocket): void {
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
    const m = message as Message & { documentId?: string; data?: unknown };
    try {
      if (m.type === "join") return this.#join(conn, socket, message as JoinMessage);
      // Only from the socket its sender joined on (a replaced socket's late messages are dropped).
      if (this.#sockets.get(m.senderId) !== socket) return;
      const documentId = m.documentId!;
      const shard = this.hooks.shardFor(conn, documentId);
      this.hooks.beforeDocumentMessage(
        conn,
        m.type,
        documentId,
        m.data instanceof Uint8Array ? m.data : null,
        shard,
      );
      this.#introduce(m.senderId, shard);
      this.adapters[shard]!.emit("message", m);
    } catch {
      this.#reject(conn, CLOSE.unsupported, "message could not be processed");
    }
  }

  /**
   * Sends a shard's message, once what `beforeSend` names is done. Messages to one peer leave in the order the
   * repos sent them; one with nothing to wait for, and nothing queued before it, leaves at once.
   */
  send(shard: number, message: Message): void {
    const target = message.targetId as string;
    const wait = message.type === "sync" ? this.hooks.beforeSend(shard, target, message.documentId!) : null;
    const previous = this.#outbox.get(target);
    if (!wait && !previous) return this.#sendNow(shard, message);
    // Started now (it covers what the message holds), handled now (it may settle before `previous` does).
    const ready = wait
      ? wait.then(
          () => true,
          () => false,
        )
      : true;
    const next = (previous ?? Promise.resolve())
      .then(() => ready)
      .then((ok) => {
        // Not on disk: it may not leave; recovery answers the peer later (SyncService.#recover).
        if (ok) this.#sendNow(shard, message);
      })
      // A failure to send this one must not hold back (or crash on) the ones after it.
      .catch(() => undefined)
      .finally(() => {
        if (this.#outbox.get(target) === next) this.#outbox.delete(target);
      });
    this.#outbox.set(target, next);
  }

  /** The storage id a joined peer announced (its device's storage, shared by all its tabs), if any. */
  storageIdOf(peerId: string): string | undefined {
    return this.#metadata.get(peerId)?.storageId;
  }

  /** Drops every peer (the server is closing). */
  disconnectAll(): void {
    for (const peerId of [...this.#sockets.keys()]) this.#dropPeer(peerId);
    clearInterval(this.#keepAlive);
  }

  #sendNow(shard: number, message: Message): void {
    const socket = this.#sockets.get(message.targetId);
    if (!socket || socket.readyState !== WebSocket.OPEN) return;
    // "doc-unavailable" is the answer anyone gets about a document they may not have; anything else about a
    // document goes only to a peer that may have it at this moment.
    if ("documentId" in message && message.type !== "doc-unavailable") {
      if (!this.hooks.mayReceive(message.targetId, message.documentId!)) {
        this.hooks.onWithheld(shard, message.targetId, message.documentId!);
        return;
      }
    }
    const bytes = cbor.encode(message);
    // The encoder may hand back a view of a larger, reused buffer; ws would send (or later read) all of it.
    const frame =
      bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
    try {
      socket.send(frame);
      this.hooks.onMessageOut();
    } catch {
      // The socket closed under us: the peer resyncs on reconnect.
    }
  }

  /**
   * automerge-repo's handshake, as upstream's server adapter does it: a peer joining again replaces its previous
   * socket (which is closed), and the server answers with its own peer id and storage id.
   */
  #join(conn: Connection, socket: WebSocket, join: JoinMessage): void {
    const peerId = join.senderId;
    const previous = this.#sockets.get(peerId);
    if (previous) {
      if (previous.readyState === WebSocket.OPEN) previous.close();
      this.#dropPeer(peerId);
    }
    const server = this.adapters[0]!;
    const versions = join.supportedProtocolVersions;
    if (versions !== undefined && !(Array.isArray(versions) && versions.includes(PROTOCOL_V1))) {
      socket.send(
        cbor.encode({
          type: "error",
          senderId: server.peerId,
          message: "unsupported protocol version",
          targetId: peerId,
        }),
      );
      socket.close();
      return;
    }
    this.#sockets.set(peerId, socket);
    this.#peerOfSocket.set(socket, peerId);
    this.#metadata.set(peerId, isPeerMetadata(join.peerMetadata) ? join.peerMetadata : undefined);
    const home = this.hooks.homeShard(conn);
    if (home !== null) this.#introduce(peerId, home);
    socket.send(
      cbor.encode({
        type: "peer",
        senderId: server.peerId,
        peerMetadata: server.peerMetadata,
        selectedProtocolVersion: PROTOCOL_V1,
        targetId: peerId,
      }),
    );
  }

  #introduce(peerId: string, shard: number): void {
    let shards = this.#shardsOf.get(peerId);
    if (!shards) {
      shards = new Set();
      this.#shardsOf.set(peerId, shards);
    }
    if (shards.has(shard)) return;
    shards.add(shard);
    this.adapters[shard]!.emit("peer-candidate", {
      peerId: peerId as PeerId,
      peerMetadata: this.#metadata.get(peerId) ?? {},
    });
    this.hooks.onPeerJoined(shard, peerId as PeerId);
  }

  #dropSocket(socket: WebSocket): void {
    this.#silent.delete(socket);
    const peerId = this.#peerOfSocket.get(socket);
    if (peerId === undefined) return;
    this.#peerOfSocket.delete(socket);
    if (this.#sockets.get(peerId) === socket) this.#dropPeer(peerId);
  }

  #dropPeer(peerId: string): void {
    const socket = this.#sockets.get(peerId);
    if (socket) this.#peerOfSocket.delete(socket);
    this.#sockets.delete(peerId);
    this.#metadata.delete(peerId);
    const shards = this.#shardsOf.get(peerId);
    this.#shardsOf.delete(peerId);
    for (const shard of shards ?? []) {
      this.adapters[shard]!.emit("peer-disconnected", { peerId: peerId as PeerId });
    }
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
    if (m.targetId !== this.adapters[0]!.peerId) return "message is not addressed to the server";
    if (m.type === "sync" || m.type === "request") {
      if (!(m.data instanceof Uint8Array)) return "sync message without data";
    }
    if (m.type === "ephemeral") {
      if (!(m.data instanceof Uint8Array) || typeof m.sessionId !== "string" || typeof m.count !== "number") {
        return "malformed ephemeral message";
      }
    }
    return null;
  }

  #reject(conn: Connection, code: number, reason: string): void {
    this.hooks.onReject(conn, reason);
    conn.socket.close(code, reason);
    setTimeout(() => conn.socket.terminate(), 1000).unref();
  }
}

interface JoinMessage {
  type: "join";
  senderId: PeerId;
  peerMetadata?: unknown;
  supportedProtocolVersions?: unknown;
}

function isPeerMetadata(v: unknown): v is PeerMetadata {
  if (typeof v !== "object" || v === null) return false;
  const m = v as Record<string, unknown>;
  return (
    (m.storageId === undefined || typeof m.storageId === "string") &&
    (m.isEphemeral === undefined || typeof m.isEphemeral === "boolean")
  );
}
