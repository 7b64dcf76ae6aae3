import * as Automerge from "@automerge/automerge";
import { Repo } from "@automerge/automerge-repo";
import type { AutomergeUrl, DocHandle, DocumentId, PeerId, RepoConfig } from "@automerge/automerge-repo";
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
import { CLOSE, SocketRouter } from "./socket-router.js";
import { EVERYONE, UndurableChanges } from "./undurable-changes.js";
import type { Covered } from "./undurable-changes.js";

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
  /** How many repos users are spread over (ADR 0006); 64 unless a test asks for another. */
  shards?: number;
  onReject(reason: string): void;
  onMessageIn(bytes: number): void;
  onMessageOut(): void;
  /** Told about every document a peer touches, once per load (the request watcher hooks in here). */
  onDocumentLoaded(handle: DocHandle<unknown>): void;
  onDocumentsUnloaded?(count: number): void;
}

/**
 * The server's automerge repos behind an authenticated WebSocket endpoint. Users are spread over a fixed number
 * of repos ("shards", ADR 0006) by their id: a user's peers and documents live in their shard's repo, so the work
 * automerge-repo does per message for every peer it knows grows with the peers of one shard, not of the whole
 * server. The worker is introduced to a shard when it first touches one of its documents. Access to a document
 * is decided by the ownership table (users) or by a live job lease (the worker); the server announces nothing, so
 * a stranger asking for someone's document gets exactly the answer for a document that does not exist.
 */
export class SyncService {
  readonly repos: Repo[];
  readonly wss: WebSocketServer;
  readonly connections: ConnectionRegistry;
  readonly router: SocketRouter;
  /** When each loaded document was last used by a peer, and the shard it is loaded in. */
  readonly #lastActive = new Map<DocumentId, { at: number; shard: number }>();
  readonly #watched = new Set<DocumentId>();
  /** Flushes that have not started yet, by document (see `persist`). */
  readonly #persisting = new Map<DocumentId, Promise<void>>();
  /** Changes not yet on disk, and whom they hold messages back from (ADR 0007). */
  readonly #undurable = new UndurableChanges();
  /** The loaded documents each peer has synced, so its sync can restart when it joins again (`#resume`). */
  readonly #peerDocs = new Map<string, Set<DocumentId>>();
  /** Documents being recovered after a failed persist, and how often in a row (`#recover`). */
  readonly #recovering = new Set<DocumentId>();
  readonly #recoveryAttempts = new Map<DocumentId, number>();
  #closed = false;
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
    const shards = opts.shards ?? DEFAULT_SHARDS;
    this.router = new SocketRouter(this.wss, shards, opts.keepAliveMs ?? 5000, this.connections, {
      peerAllowed: (conn, peerId) => peerAllowed(conn.principal, peerId),
      homeShard: (conn) => (conn.principal.kind === "user" ? this.shardOfUser(conn.principal.userId) : null),
      shardFor: (conn, documentId) =>
        conn.principal.kind === "user"
          ? this.shardOfUser(conn.principal.userId)
          : this.shardOf(documentId as DocumentId),
      beforeDocumentMessage: (conn, type, documentId, data, shard) =>
        this.#beforeDocumentMessage(conn, type, documentId, data, shard),
      onPeerJoined: (shard, peerId) => this.#resume(shard, peerId),
      mayReceive: (peerId, documentId) => this.#mayAccess(peerId, documentId as DocumentId),
      onWithheld: (shard, peerId, documentId) => {
        this.repos[shard]!.synchronizer.docSynchronizers[documentId as DocumentId]?.endSync(peerId);
        this.#peerDocs.get(peerId)?.delete(documentId as DocumentId);
      },
      beforeSend: (shard, peerId, documentId) =>
        this.#undurable.mustWait(documentId, this.#author(peerId), this.#isWorker(peerId))
          ? this.persist(documentId as DocumentId, shard)
          : null,
      onReject: (_conn, reason) => opts.onReject(reason),
      onMessageIn: (bytes) => opts.onMessageIn(bytes),
      onMessageOut: () => opts.onMessageOut(),
    });
    const shareConfig: ShareConfig = {
      announce: () => Promise.resolve(false),
      access: (peerId, documentId) => Promise.resolve(this.#mayAccess(peerId, documentId)),
    };
    opts.storage.onWriteFailed = (docId) => this.#recover(docId as DocumentId);
    opts.attribution.onFailed = (docId) => {
      opts.storage.markFailed(docId);
      this.#recover(docId as DocumentId);
    };
    // Every shard is the same server to its peers: one peer id, and one storage id (created before the repos
    // look for it, or each would make its own).
    opts.storage.ensureStorageId();
    const peerId = `server-${Math.random().toString(36).slice(2, 10)}` as PeerId;
    this.repos = this.router.adapters.map(
      (adapter) => new Repo({ network: [adapter], storage: opts.storage, peerId, shareConfig }),
    );
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

  /** Resolves once every shard's repo has its network up (its storage id read), so peers can join. */
  async ready(): Promise<void> {
    await Promise.all(this.repos.map((r) => r.networkSubsystem.whenReady()));
    await Promise.all(this.repos.map((r) => r.storageId()));
    // The adapters learn the server's peer metadata just after the storage id resolves.
    while (this.router.adapters.some((a) => a.peerMetadata === undefined)) {
      await new Promise((r) => setImmediate(r));
    }
  }

  /** The shard of a user's peers and documents. */
  shardOfUser(userId: string): number {
    return fnv1a(userId) % this.repos.length;
  }

  /** The shard a document lives in: its owner's (a document nobody owns yet: the first shard). */
  shardOf(docId: DocumentId): number {
    const owner = this.opts.ownership.ownerOf(docId);
    return owner === null ? 0 : this.shardOfUser(owner);
  }

  /** The repo a document lives in (see `shardOf`). */
  repoFor(docId: DocumentId): Repo {
    return this.repos[this.shardOf(docId)]!;
  }

  /** Opens a document in its owner's repo, as the server (not on behalf of a peer). */
  find<T>(urlOrId: AutomergeUrl | DocumentId, opts?: Parameters<Repo["find"]>[1]): Promise<DocHandle<T>> {
    const docId = (urlOrId.startsWith("automerge:") ? urlOrId.slice(10) : urlOrId) as DocumentId;
    return this.repoFor(docId).find<T>(docId, opts);
  }

  /** A document's handle if it is loaded in any shard (reads that must not load it). */
  loadedHandle<T>(docId: DocumentId): DocHandle<T> | undefined {
    for (const repo of this.repos) {
      const handle = repo.handles[docId];
      if (handle) return handle as DocHandle<T>;
    }
    return undefined;
  }

  /** Completes an upgrade that the caller has already authenticated. */
  accept(req: IncomingMessage, socket: Duplex, head: Buffer, principal: Principal): void {
    if (this.#closed) {
      socket.destroy();
      return;
    }
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
    let n = 0;
    for (const repo of this.repos) n += Object.keys(repo.handles).length;
    return n;
  }

  /**
   * Creates a document in server memory, in the shard of the user who will own it; the caller records that
   * owner (in the same transaction as whatever else makes it real) and then calls `persist`.
   */
  create<T>(initial: T, ownerUserId: string): DocHandle<T> {
    const shard = this.shardOfUser(ownerUserId);
    const handle = this.repos[shard]!.create<T>(initial);
    this.#touch(handle.documentId, shard);
    return handle;
  }

  /**
   * Records the server's own latest change to a document (request bookkeeping) as made by the server. The record
   * commits with the next group commit; `persist` waits for it. No peer hears of the change before it is on disk.
   */
  recordServerChange(handle: DocHandle<unknown>): void {
    const change = Automerge.getLastLocalChange(handle.doc());
    if (!change) return;
    const hash = changeHash(change);
    this.#undurable.add(handle.documentId, EVERYONE, [hash]);
    void this.opts.attribution.record(handle.documentId, "server", null, this.repos[0]!.peerId, [hash]);
  }

  /**
   * Writes a document's pending changes to storage and resolves once they — and every other write of the sync
   * path queued before (attribution records, other documents' chunks) — are committed to disk.
   *
   * Calls for the same document coalesce: every call made before the flush has started shares it (the flush
   * starts on the next microtask, so it covers every change applied before any of those calls). The fsync is
   * shared with everything else written in the same turn of the event loop (db/group-commit.ts). Once it is on
   * disk, the changes it saved no longer hold back messages to their authors (`UndurableChanges`).
   */
  persist(docId: DocumentId, shard?: number): Promise<void> {
    const pending = this.#persisting.get(docId);
    if (pending) return pending;
    const p = Promise.resolve().then(async () => {
      this.#persisting.delete(docId);
      const repo = shard === undefined ? this.#repoHolding(docId) : this.repos[shard];
      const handle = repo?.handles[docId];
      let covered: Covered = [];
      if (repo && handle?.isReady()) {
        // What the flush saves: the document as it is now.
        covered = this.#undurable.covered(docId, handle.doc());
        await repo.flush([docId]);
      }
      await this.opts.storage.durable(docId);
      this.#undurable.confirm(docId, covered);
      this.#recoveryAttempts.delete(docId);
    });
    this.#persisting.set(docId, p);
    // Whatever waited for this sends nothing; bring the document and its peers back in step (`#recover`).
    p.catch(() => this.#recover(docId));
    return p;
  }

  /** A document was deleted (privacy/purge-documents.ts): nothing about it waits for the disk any more. */
  deleted(docId: DocumentId): void {
    this.#undurable.forget(docId);
  }

  /** Unloads documents nobody has synced for `docIdleMs`, after saving them. Returns how many. */
  async unloadIdle(now = Date.now()): Promise<number> {
    let n = 0;
    for (const [docId, { at, shard }] of this.#lastActive) {
      if (now - at < this.opts.docIdleMs) continue;
      this.#lastActive.delete(docId);
      this.#watched.delete(docId);
      const repo = this.repos[shard]!;
      if (!repo.handles[docId]) continue;
      try {
        await this.persist(docId, shard);
        const handle = repo.handles[docId];
        if (handle?.isReady() && this.#undurable.covered(docId, handle.doc()).length > 0) {
          // Changes were applied while it saved: not on disk yet, so not to be forgotten. Next round.
          this.#touch(docId, shard);
          continue;
        }
        await this.#drop(repo, docId);
        this.#recoveryAttempts.delete(docId);
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
    this.#closed = true;
    clearInterval(this.#sweeper);
    for (const c of this.connections.all()) c.socket.terminate();
    this.router.disconnectAll();
    for (const repo of this.repos) {
      await repo.flush().catch(() => undefined);
      await repo.shutdown().catch(() => undefined);
    }
    // automerge-repo's throttled saves (documents, peers' sync states) scheduled in the last 100 ms still fire;
    // let them land and commit before the caller closes the database under them.
    await new Promise((r) => setTimeout(r, 150));
    await this.opts.storage.durable().catch(() => undefined);
    this.wss.close();
  }

  /** Removes a document from a repo's memory, without saving anything. */
  async #drop(repo: Repo, docId: DocumentId): Promise<void> {
    // automerge-repo 2.5.6: unloading resets the handle's document to an empty one and emits "heads-changed",
    // which the repo's own save listener writes as a snapshot that replaces the stored document — losing it.
    // Detach every listener first.
    const handle = repo.handles[docId];
    handle?.removeAllListeners("heads-changed");
    handle?.removeAllListeners("change");
    await repo.removeFromCache(docId);
    this.#watched.delete(docId);
    this.#undurable.forget(docId);
  }

  /**
   * After a failed persist: nothing was sent, and peers waiting for an answer would wait until they change
   * something. Retried with backoff while it keeps failing; a persist that succeeds ends the backoff.
   * - A write of the document failed: the in-memory copy still has every change the server applied (devices'
   *   and its own), but automerge-repo believes the failed write was stored and will not write it again. The
   *   document is rewritten from that copy as one snapshot; until that is on disk nothing about it is sent.
   * - Then (and when only an answer was lost) sync restarts with the document's peers, so they get the answers
   *   they were not sent.
   */
  #recover(docId: DocumentId): void {
    if (this.#closed || this.#recovering.has(docId)) return;
    const attempt = (this.#recoveryAttempts.get(docId) ?? 0) + 1;
    this.#recoveryAttempts.set(docId, attempt);
    this.#recovering.add(docId);
    const delay = Math.min(RECOVERY_MAX_DELAY_MS, RECOVERY_DELAY_MS * 2 ** (attempt - 1));
    setTimeout(() => {
      this.#reload(docId).then(
        () => this.#recovering.delete(docId),
        (err: unknown) => {
          this.#recovering.delete(docId);
          this.opts.log.warn("could not recover a document yet", { docId, attempt, err: String(err) });
          this.#recover(docId);
        },
      );
    }, delay).unref();
  }

  async #reload(docId: DocumentId): Promise<void> {
    if (this.#closed) return;
    const repo = this.#repoHolding(docId);
    if (this.opts.storage.hasFailed(docId)) {
      this.opts.log.warn("a write of a document failed; rewriting it from memory", { docId });
      const handle = repo?.handles[docId];
      if (handle?.isReady()) this.opts.storage.rewrite(docId, Automerge.save(handle.doc()));
      else this.opts.storage.clearFailure(docId);
      this.opts.attribution.retryFailed(docId);
      // A rewrite that fails marks the document again, and that failure schedules the next attempt.
      await this.opts.storage.durable(docId);
    }
    const synchronizer = repo?.synchronizer.docSynchronizers[docId];
    if (!synchronizer) return;
    for (const [peerId, docs] of this.#peerDocs) {
      if (!docs.has(docId) || !this.connections.byPeer(peerId) || !this.#mayAccess(peerId as PeerId, docId)) {
        continue;
      }
      // beginSync resets the peer's sync state first (see #resume), so what was lost in flight is sent again.
      if (synchronizer.hasPeer(peerId as PeerId)) synchronizer.endSync(peerId as PeerId);
      await synchronizer.beginSync([peerId as PeerId]);
    }
  }

  /** The repo that has a document loaded, if any (its owner's, unless ownership ended since). */
  #repoHolding(docId: DocumentId): Repo | undefined {
    const repo = this.repoFor(docId);
    if (repo.handles[docId]) return repo;
    return this.repos.find((r) => r.handles[docId] !== undefined);
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

  #beforeDocumentMessage(
    conn: Connection,
    type: string,
    documentId: string,
    data: Uint8Array | null,
    shard: number,
  ): void {
    const docId = documentId as DocumentId;
    // A device that created a document offline introduces it with a sync message: its first authenticated
    // writer claims it. Asking for ("request") an unknown document claims nothing.
    if (type === "sync" && conn.principal.kind === "user" && this.opts.ownership.ownerOf(docId) === null) {
      this.opts.ownership.claim(docId, conn.principal.userId);
    }
    if (this.#mayAccess(conn.peerId as PeerId, docId)) {
      this.#touch(docId, shard);
      this.#watch(docId, shard);
      this.#rememberPeerDoc(conn.peerId!, docId);
      if ((type === "sync" || type === "request") && data) {
        const p = conn.principal;
        const loaded = this.repos[shard]!.handles[docId];
        const doc = loaded?.isReady() ? (loaded.doc() as Automerge.Doc<unknown>) : null;
        const known = (hash: string) => doc !== null && Automerge.hasHeads(doc, [hash]);
        const userId = p.kind === "user" ? p.userId : null;
        const hashes = this.opts.attribution.recordSyncMessage(
          docId,
          p.kind,
          userId,
          conn.peerId!,
          data,
          known,
        );
        // Known ones too: the server may have them from another peer, and not on disk yet.
        this.#undurable.add(docId, this.#author(conn.peerId!), hashes);
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
   * A peer joined a shard: if it is one that synced documents before (it reconnected, or joined again on a new
   * socket), restart sync with it for each of those still loaded there that it may still access. automerge-repo
   * keeps the in-memory sync state of a disconnected peer and, for a peer the server does not announce to (every
   * peer), would reuse it unchanged when the peer's next message arrives. That state still lists as sent the
   * changes that were on their way when the connection died, so they would never be sent again. `beginSync` first
   * resets it (Automerge's encode/decode round trip: only the heads both sides are known to share survive), then
   * sends the peer what it lacks — only about documents it was already syncing, so nothing is announced.
   */
  #resume(shard: number, peerId: PeerId): void {
    const docs = this.#peerDocs.get(peerId);
    if (!docs) return;
    const synchronizers = this.repos[shard]!.synchronizer.docSynchronizers;
    for (const docId of docs) {
      const synchronizer = synchronizers[docId];
      if (!synchronizer) {
        // Unloaded since, or in another shard (the worker's documents); unloading also forgets it here.
        if (this.#repoHolding(docId) === undefined) docs.delete(docId);
        continue;
      }
      if (!this.#mayAccess(peerId, docId)) {
        docs.delete(docId);
        continue;
      }
      if (!synchronizer.hasPeer(peerId)) void synchronizer.beginSync([peerId]);
    }
  }

  /**
   * Whose acknowledgements a peer's changes hold back (`UndurableChanges`): its device's storage, which every
   * tab and page load of it shares (each is a new peer), or the peer itself if it has none.
   */
  #author(peerId: string): string {
    const storageId = this.router.storageIdOf(peerId);
    return storageId === undefined ? `peer:${peerId}` : `storage:${storageId}`;
  }

  /** The worker acts on what it reads (it completes jobs): it hears of nothing that is not on disk. */
  #isWorker(peerId: string): boolean {
    return this.connections.byPeer(peerId)?.principal.kind === "worker";
  }

  #touch(docId: DocumentId, shard: number): void {
    this.#lastActive.set(docId, { at: Date.now(), shard });
  }

  #watch(docId: DocumentId, shard: number): void {
    if (this.#watched.has(docId)) return;
    this.#watched.add(docId);
    // Let the repo process the message first; then the handle exists (or the document is unavailable).
    setImmediate(() => {
      this.repos[shard]!.find(docId, { allowableStates: ["ready"] })
        .then((handle) => this.opts.onDocumentLoaded(handle))
        .catch(() => this.#watched.delete(docId));
    });
  }
}

const MAX_REMEMBERED_PEERS = 50_000;
const DEFAULT_SHARDS = 64;
const RECOVERY_DELAY_MS = 500;
const RECOVERY_MAX_DELAY_MS = 30_000;

/** FNV-1a, 32 bits: a cheap, stable spread of user ids over shards. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Whether `peerId` has the form `u-<userId>-…` (a cheap necessary condition of `peerIdBelongsTo`). */
function peerIdNames(peerId: string, userId: string): boolean {
  return peerId.startsWith(userId, 2) && peerId.charCodeAt(2 + userId.length) === 0x2d;
}

/** A user's peers must be `u-<userId>-…`; the worker's `svc-worker-…`. */
export function peerAllowed(principal: Principal, peerId: string): boolean {
  if (principal.kind === "worker") return /^svc-worker-[a-z0-9]{4,64}$/.test(peerId);
  return peerIdBelongsTo(peerId, principal.userId);
}
