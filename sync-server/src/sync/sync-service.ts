import * as Automerge from "@automerge/automerge";
import { Repo } from "@automerge/automerge-repo";
import type { DocHandle, DocumentId, PeerId, RepoConfig } from "@automerge/automerge-repo";
import { peerIdBelongsTo } from "@cadence/shared-schema";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer } from "ws";
import type { WebSocket } from "ws";
import type { Principal } from "../auth/tickets.js";
import type { OwnershipTable } from "../authz/ownership.js";
import { changeHash } from "./attribution.js";
import type { ChangeAttribution } from "./attribution.js";
import type { JobQueue } from "../jobs/queue.js";
import type { Logger } from "../log.js";
import type { SqliteStorageAdapter } from "../storage/sqlite-storage-adapter.js";
import { ConnectionRegistry } from "./connections.js";
import type { Connection } from "./connections.js";
import { CLOSE, GuardedServerAdapter } from "./guarded-adapter.js";

type ShareConfig = NonNullable<RepoConfig["shareConfig"]>;

export interface SyncServiceOptions {
  storage: SqliteStorageAdapter;
  ownership: OwnershipTable;
  attribution: ChangeAttribution;
  jobs: JobQueue;
  log: Logger;
  maxPayloadBytes: number;
  messageRatePerSecond: number;
  messageBurst: number;
  docIdleMs: number;
  keepAliveMs?: number;
  onReject(reason: string): void;
  onMessageIn(bytes: number): void;
  onMessageOut(): void;
  /** Told about every document a peer touches, once per load (the request watcher hooks in here). */
  onDocumentLoaded(handle: DocHandle<unknown>): void;
  onDocumentsUnloaded?(count: number): void;
}

/**
 * The server's automerge Repo behind an authenticated WebSocket endpoint. Access to a document is decided by the
 * ownership table (users) or by a live job lease (the worker); the server announces nothing, so a stranger asking
 * for someone's document gets exactly the answer for a document that does not exist.
 */
export class SyncService {
  readonly repo: Repo;
  readonly wss: WebSocketServer;
  readonly connections: ConnectionRegistry;
  readonly #lastActive = new Map<DocumentId, number>();
  readonly #watched = new Set<DocumentId>();
  /** Flushes that have not started yet, by document (see `persist`). */
  readonly #persisting = new Map<DocumentId, Promise<void>>();
  /** The loaded documents each peer has synced, so its sync can restart when it joins again (`#resume`). */
  readonly #peerDocs = new Map<string, Set<DocumentId>>();
  readonly #sweeper: NodeJS.Timeout;

  constructor(private readonly opts: SyncServiceOptions) {
    this.connections = new ConnectionRegistry({
      perSecond: opts.messageRatePerSecond,
      burst: opts.messageBurst,
    });
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: opts.maxPayloadBytes,
      perMessageDeflate: false,
    });
    const adapter = new GuardedServerAdapter(this.wss, opts.keepAliveMs ?? 5000, this.connections, {
      peerAllowed: (conn, peerId) => peerAllowed(conn.principal, peerId),
      beforeDocumentMessage: (conn, type, documentId, data) =>
        this.#beforeDocumentMessage(conn, type, documentId, data),
      beforeSend: (documentId) => this.persist(documentId as DocumentId),
      onReject: (_conn, reason) => opts.onReject(reason),
      onMessageIn: (bytes) => opts.onMessageIn(bytes),
      onMessageOut: () => opts.onMessageOut(),
    });
    const shareConfig: ShareConfig = {
      announce: () => Promise.resolve(false),
      access: (peerId, documentId) => Promise.resolve(this.#mayAccess(peerId, documentId)),
    };
    this.repo = new Repo({
      network: [adapter],
      storage: opts.storage,
      peerId: `server-${Math.random().toString(36).slice(2, 10)}` as PeerId,
      shareConfig,
    });
    // After the repo's own listener has added the peer (the adapter emits in order).
    adapter.on("peer-candidate", ({ peerId }) => this.#resume(peerId));
    this.wss.on("connection", (socket: WebSocket) => {
      socket.on("close", () => this.connections.remove(socket));
      // A socket-level error (e.g. a frame over maxPayload) closes only this socket; ws closes it itself.
      socket.on("error", (err) => {
        opts.onReject(err.message.includes("Max payload") ? "frame too large" : "socket error");
      });
    });
    this.#sweeper = setInterval(
      () => void this.unloadIdle().then((n) => n > 0 && opts.onDocumentsUnloaded?.(n)),
      Math.max(1000, Math.min(opts.docIdleMs, 60_000)),
    );
    this.#sweeper.unref();
  }

  /** Completes an upgrade that the caller has already authenticated. */
  accept(req: IncomingMessage, socket: Duplex, head: Buffer, principal: Principal): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      this.connections.add(ws, principal);
      this.wss.emit("connection", ws, req);
    });
  }

  /** Closes the sockets of one session (logout) or of a whole user. */
  closeSession(sessionId: string): number {
    return this.connections.closeWhere(
      (c) => c.principal.kind === "user" && c.principal.sessionId === sessionId,
      CLOSE.sessionEnded,
      "session ended",
    );
  }

  closeUser(userId: string): number {
    return this.connections.closeWhere(
      (c) => c.principal.kind === "user" && c.principal.userId === userId,
      CLOSE.sessionEnded,
      "session ended",
    );
  }

  loadedDocuments(): number {
    return Object.keys(this.repo.handles).length;
  }

  /**
   * Creates a document in server memory; the caller records its owner (in the same transaction as whatever
   * else makes it real) and then calls `persist`.
   */
  create<T>(initial: T): DocHandle<T> {
    const handle = this.repo.create<T>(initial);
    this.#touch(handle.documentId);
    return handle;
  }

  /**
   * Records the server's own latest change to a document (request bookkeeping) as made by the server. The record
   * commits with the next group commit; `persist` waits for it.
   */
  recordServerChange(handle: DocHandle<unknown>): void {
    const change = Automerge.getLastLocalChange(handle.doc());
    if (!change) return;
    void this.opts.attribution.record(handle.documentId, "server", null, this.repo.peerId, [
      changeHash(change),
    ]);
  }

  /**
   * Writes a document's pending changes to storage and resolves once they — and every other write of the sync
   * path queued before (attribution records, other documents' chunks) — are committed to disk.
   *
   * Calls for the same document coalesce: every call made before the flush has started shares it (the flush
   * starts on the next microtask, so it covers every change applied before any of those calls). The fsync is
   * shared with everything else written in the same turn of the event loop (db/group-commit.ts).
   */
  persist(docId: DocumentId): Promise<void> {
    const pending = this.#persisting.get(docId);
    if (pending) return pending;
    const p = Promise.resolve().then(async () => {
      this.#persisting.delete(docId);
      const handle = this.repo.handles[docId];
      if (handle?.isReady()) await this.repo.flush([docId]);
      await this.opts.storage.durable();
    });
    this.#persisting.set(docId, p);
    return p;
  }

  /** Unloads documents nobody has synced for `docIdleMs`, after saving them. Returns how many. */
  async unloadIdle(now = Date.now()): Promise<number> {
    let n = 0;
    for (const [docId, at] of this.#lastActive) {
      if (now - at < this.opts.docIdleMs) continue;
      this.#lastActive.delete(docId);
      this.#watched.delete(docId);
      if (!this.repo.handles[docId]) continue;
      try {
        await this.persist(docId);
        // automerge-repo 2.5.6: unloading resets the handle's document to an empty one and emits
        // "heads-changed", which the repo's own save listener writes as a snapshot that replaces the stored
        // document — losing it. Detach every listener first; the document was saved just above.
        const handle = this.repo.handles[docId];
        handle?.removeAllListeners("heads-changed");
        handle?.removeAllListeners("change");
        await this.repo.removeFromCache(docId);
        for (const [peerId, docs] of this.#peerDocs) {
          if (docs.delete(docId) && docs.size === 0) this.#peerDocs.delete(peerId);
        }
        n++;
      } catch (err) {
        this.opts.log.warn("could not unload document", { docId, err: String(err) });
      }
    }
    return n;
  }

  async close(): Promise<void> {
    clearInterval(this.#sweeper);
    for (const c of this.connections.all()) c.socket.terminate();
    await this.repo.flush().catch(() => undefined);
    await this.repo.shutdown().catch(() => undefined);
    // automerge-repo's throttled saves (documents, peers' sync states) scheduled in the last 100 ms still fire;
    // let them land and commit before the caller closes the database under them.
    await new Promise((r) => setTimeout(r, 150));
    await this.opts.storage.durable().catch(() => undefined);
    this.wss.close();
  }

  /**
   * automerge-repo asks this about every connected peer for every incoming sync message (ADR 0005), so the common
   * answer — "no, this user's peer is not the owner's" — is decided from the peer id alone: a user's peer id
   * names its user (`u-<userId>-…`, enforced at `join`), and a worker's never starts with `u-`. Only a peer whose
   * id names the owner is looked up, and it must still be a connected peer of that user.
   */
  #mayAccess(peerId: PeerId, documentId: DocumentId): boolean {
    if (peerId.startsWith("u-")) {
      const owner = this.opts.ownership.ownerOf(documentId);
      if (owner === null || !peerIdNames(peerId, owner)) return false;
      const conn = this.connections.byPeer(peerId);
      return conn !== undefined && conn.principal.kind === "user" && conn.principal.userId === owner;
    }
    const conn = this.connections.byPeer(peerId);
    if (!conn) return false;
    if (conn.principal.kind === "worker") return this.opts.jobs.hasActiveLease(documentId);
    return this.opts.ownership.ownerOf(documentId) === conn.principal.userId;
  }

  #beforeDocumentMessage(conn: Connection, type: string, documentId: string, data: Uint8Array | null): void {
    const docId = documentId as DocumentId;
    // A device that created a document offline introduces it with a sync message: its first authenticated
    // writer claims it. Asking for ("request") an unknown document claims nothing.
    if (type === "sync" && conn.principal.kind === "user" && this.opts.ownership.ownerOf(docId) === null) {
      this.opts.ownership.claim(docId, conn.principal.userId);
    }
    if (this.#mayAccess(conn.peerId as PeerId, docId)) {
      this.#touch(docId);
      this.#watch(docId);
      this.#rememberPeerDoc(conn.peerId!, docId);
      if (type === "sync" && data) {
        const p = conn.principal;
        const loaded = this.repo.handles[docId];
        const doc = loaded?.isReady() ? (loaded.doc() as Automerge.Doc<unknown>) : null;
        const known = (hash: string) => doc !== null && Automerge.hasHeads(doc, [hash]);
        const userId = p.kind === "user" ? p.userId : null;
        this.opts.attribution.recordSyncMessage(docId, p.kind, userId, conn.peerId!, data, known);
      }
    }
  }

  #rememberPeerDoc(peerId: string, docId: DocumentId): void {
    let docs = this.#peerDocs.get(peerId);
    if (!docs) {
      // Peer ids are per repo instance (a page load); forget the oldest beyond a bound.
      if (this.#peerDocs.size >= MAX_REMEMBERED_PEERS) {
        const oldest = this.#peerDocs.keys().next().value;
        if (oldest !== undefined) this.#peerDocs.delete(oldest);
      }
      docs = new Set();
      this.#peerDocs.set(peerId, docs);
    }
    docs.add(docId);
  }

  /**
   * A peer joined: if it is one that synced documents before (it reconnected, or joined again on a new socket),
   * restart sync with it for each of those still loaded that it may still access. automerge-repo keeps the
   * in-memory sync state of a disconnected peer and, for a peer the server does not announce to (every peer),
   * would reuse it unchanged when the peer's next message arrives. That state still lists as sent the changes that
   * were on their way when the connection died, so they would never be sent again. `beginSync` first resets it
   * (Automerge's encode/decode round trip: only the heads both sides are known to share survive), then sends the
   * peer what it lacks — only about documents it was already syncing, so nothing is announced.
   */
  #resume(peerId: PeerId): void {
    const docs = this.#peerDocs.get(peerId);
    if (!docs) return;
    for (const docId of docs) {
      const synchronizer = this.repo.synchronizer.docSynchronizers[docId];
      if (!synchronizer || !this.#mayAccess(peerId, docId)) {
        docs.delete(docId);
        continue;
      }
      if (!synchronizer.hasPeer(peerId)) void synchronizer.beginSync([peerId]);
    }
  }

  #touch(docId: DocumentId): void {
    this.#lastActive.set(docId, Date.now());
  }

  #watch(docId: DocumentId): void {
    if (this.#watched.has(docId)) return;
    this.#watched.add(docId);
    // Let the repo process the message first; then the handle exists (or the document is unavailable).
    setImmediate(() => {
      this.repo
        .find(docId, { allowableStates: ["ready"] })
        .then((handle) => this.opts.onDocumentLoaded(handle))
        .catch(() => this.#watched.delete(docId));
    });
  }
}

const MAX_REMEMBERED_PEERS = 50_000;

/** Whether `peerId` has the form `u-<userId>-…` (a cheap necessary condition of `peerIdBelongsTo`). */
function peerIdNames(peerId: string, userId: string): boolean {
  return peerId.startsWith(userId, 2) && peerId.charCodeAt(2 + userId.length) === 0x2d;
}

/** A user's peers must be `u-<userId>-…`; the worker's `svc-worker-…`. */
export function peerAllowed(principal: Principal, peerId: string): boolean {
  if (principal.kind === "worker") return /^svc-worker-[a-z0-9]{4,64}$/.test(peerId);
  return peerIdBelongsTo(peerId, principal.userId);
}
