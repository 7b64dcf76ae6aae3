/**
 * The device's link to the sync server, run by the user's sync setting, and what the status indicator shows.
 *
 * - realtime: the WebSocket stays connected; a lost connection is retried (every 5 s, and at once when the
 *   browser comes back online).
 * - manual: the socket is closed. "Sync now" connects, waits until the server has acknowledged every local
 *   change and has been quiet for a moment (its changes have arrived), then disconnects.
 * - daily: like manual, and a sync round runs by itself when the last one is more than a day old (checked at
 *   start, when the browser comes online, and every ten minutes).
 *
 * The adapter reports peers and incoming messages only (not its socket's state), so "connecting" means "no
 * peer yet", and "syncing" means "a sync message arrived in the last moment".
 */
import type {
  AutomergeUrl,
  PeerCandidatePayload,
  PeerDisconnectedPayload,
  PeerId,
  Repo,
  StorageId,
} from "@automerge/automerge-repo/slim";
import type { WebSocketClientAdapter } from "@automerge/automerge-repo-network-websocket";
import type { Settings } from "@cadence/shared-schema";
import { UnsyncedChanges } from "./unsynced.js";

export type SyncMode = Settings["sync"];
/** "paused": manual or daily sync, between rounds (closed on purpose, not offline). */
export type Connection = "offline" | "paused" | "connecting" | "connected";

export interface SyncSnapshot {
  readonly mode: SyncMode;
  readonly connection: Connection;
  readonly syncing: boolean;
  /** Local changes the server has not acknowledged. */
  readonly unsynced: number;
  /** When this device last saw every local change acknowledged (ISO), or null. */
  readonly lastSyncedAt: string | null;
  /** A "Sync now" round is running. */
  readonly roundRunning: boolean;
}

export type RoundResult = "synced" | "unreachable";

/** What this device remembers between starts (Web Storage; wiped on logout). */
interface DeviceSyncState {
  mode?: SyncMode;
  serverStorageId?: string;
  lastSyncedAt?: string | null;
}

const SYNCING_LINGER_MS = 800;
const WATCHDOG_MS = 5000;
const DAILY_MS = 24 * 60 * 60 * 1000;
const DAILY_CHECK_MS = 10 * 60 * 1000;
/** A round ends once nothing is unsynced and the server has been quiet this long. */
const ROUND_QUIET_MS = 600;
const ROUND_CONNECT_TIMEOUT_MS = 10_000;
const ROUND_LIMIT_MS = 30_000;

export class SyncStatus {
  readonly #repo: Repo;
  readonly #adapter: WebSocketClientAdapter;
  readonly #stateKey: string;
  readonly #unsynced: UnsyncedChanges;
  readonly #listeners = new Set<(snapshot: SyncSnapshot) => void>();
  readonly #peers = new Set<string>();
  readonly #followed = new Set<string>();
  #device: DeviceSyncState;
  #mode: SyncMode;
  #online = navigator.onLine;
  /** Whether the socket should be open (realtime, or a round is running). */
  #wantOpen = false;
  #adapterAdded = false;
  #lastMessageAt = 0;
  #syncingTimer: ReturnType<typeof setTimeout> | undefined;
  #round: Promise<RoundResult> | undefined;
  #watchdog: ReturnType<typeof setInterval>;
  #dailyTimer: ReturnType<typeof setInterval>;
  #snapshot: SyncSnapshot;
  #disposed = false;

  constructor(repo: Repo, adapter: WebSocketClientAdapter, userId: string) {
    this.#repo = repo;
    this.#adapter = adapter;
    this.#stateKey = `cadence.sync.${userId}`;
    this.#device = readDeviceState(this.#stateKey);
    // Until the account says otherwise: what this device ran last time, else realtime (a new device needs
    // the server to get the account at all).
    this.#mode = this.#device.mode ?? "realtime";
    this.#unsynced = new UnsyncedChanges(repo, () => this.#serverStorageId());
    this.#unsynced.subscribe(() => this.#onUnsyncedChange());
    this.#snapshot = this.#compute();

    adapter.on("peer-candidate", this.#onPeer);
    adapter.on("peer-disconnected", this.#onPeerGone);
    adapter.on("message", this.#onMessage);
    adapter.on("close", this.#onClose);
    window.addEventListener("online", this.#onOnlineChange);
    window.addEventListener("offline", this.#onOnlineChange);
    this.#watchdog = setInterval(() => this.#keepConnection(), WATCHDOG_MS);
    this.#dailyTimer = setInterval(() => this.#maybeDailyRound(), DAILY_CHECK_MS);
    this.#applyMode();
  }

  get snapshot(): SyncSnapshot {
    return this.#snapshot;
  }

  get mode(): SyncMode {
    return this.#mode;
  }

  /** Calls `listener` on every change; returns the unsubscribe function. */
  subscribe(listener: (snapshot: SyncSnapshot) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Applies the user's sync setting (from the account document) at once. */
  setMode(mode: SyncMode): void {
    if (mode === this.#mode) return;
    this.#mode = mode;
    this.#remember({ mode });
    this.#applyMode();
  }

  /**
   * Makes sure the documents at `urls` (linked from the account) are open, so they sync and count even when
   * no screen shows them.
   */
  follow(urls: readonly string[]): void {
    for (const url of urls) {
      if (this.#followed.has(url)) continue;
      this.#followed.add(url);
      this.#repo
        .find(url as AutomergeUrl, { allowableStates: ["ready", "unavailable"] })
        .catch(() => this.#followed.delete(url));
    }
  }

  /**
   * One sync round: connect, wait until the server has acknowledged every local change and gone quiet, then
   * (unless realtime) disconnect. Resolves "unreachable" when the server cannot be reached.
   */
  syncNow(): Promise<RoundResult> {
    this.#round ??= this.#runRound().finally(() => {
      this.#round = undefined;
      if (this.#mode !== "realtime") this.#close();
      this.#update();
    });
    this.#update();
    return this.#round;
  }

  dispose(): void {
    this.#disposed = true;
    this.#adapter.off("peer-candidate", this.#onPeer);
    this.#adapter.off("peer-disconnected", this.#onPeerGone);
    this.#adapter.off("message", this.#onMessage);
    this.#adapter.off("close", this.#onClose);
    window.removeEventListener("online", this.#onOnlineChange);
    window.removeEventListener("offline", this.#onOnlineChange);
    clearInterval(this.#watchdog);
    clearInterval(this.#dailyTimer);
    clearTimeout(this.#syncingTimer);
    this.#unsynced.dispose();
    this.#listeners.clear();
    this.#close();
  }

  async #runRound(): Promise<RoundResult> {
    const started = Date.now();
    this.#open();
    if (!(await this.#waitFor(() => this.#peers.size > 0, ROUND_CONNECT_TIMEOUT_MS))) return "unreachable";
    const connectedAt = Date.now();
    const done = () => {
      if (this.#peers.size === 0) return true; // lost the connection: stop, report below
      this.#unsynced.refresh();
      const quietSince = Math.max(this.#lastMessageAt, connectedAt);
      return this.#unsynced.count === 0 && Date.now() - quietSince >= ROUND_QUIET_MS;
    };
    await this.#waitFor(done, ROUND_LIMIT_MS - (Date.now() - started));
    if (this.#peers.size === 0) return "unreachable";
    if (this.#unsynced.count === 0) this.#markSynced();
    return "synced";
  }

  #waitFor(condition: () => boolean, timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const deadline = Date.now() + timeoutMs;
      const check = () => {
        if (this.#disposed) return resolve(false);
        if (condition()) return resolve(true);
        if (Date.now() >= deadline) return resolve(false);
        setTimeout(check, 100);
      };
      check();
    });
  }

  #applyMode() {
    if (this.#mode === "realtime") this.#open();
    // Leaving realtime: send what is pending (the mode change itself, at least) before closing.
    else if (this.#wantOpen && !this.#round) void this.syncNow();
    else if (!this.#round) this.#close();
    if (this.#mode === "daily") this.#maybeDailyRound();
    this.#update();
  }

  #maybeDailyRound() {
    if (this.#mode !== "daily" || !this.#online || this.#round) return;
    const last = this.#device.lastSyncedAt ? Date.parse(this.#device.lastSyncedAt) : 0;
    if (Date.now() - last >= DAILY_MS) void this.syncNow();
  }

  #open() {
    this.#wantOpen = true;
    if (!this.#adapterAdded) {
      this.#adapterAdded = true;
      // The repo connects an added adapter with its peer metadata (storage id), as it would at construction.
      this.#repo.networkSubsystem.addNetworkAdapter(this.#adapter);
    } else if (!this.#adapter.socket) {
      void this.#reconnect();
    }
    this.#update();
  }

  #close() {
    this.#wantOpen = false;
    if (this.#adapter.socket) {
      try {
        this.#adapter.disconnect();
      } catch {
        // Never connected: nothing to close.
      }
    }
    this.#peers.clear();
    this.#update();
  }

  async #reconnect() {
    const storageId = await this.#repo.storageSubsystem?.id();
    if (!this.#wantOpen || this.#disposed) return;
    if (this.#adapter.socket) {
      try {
        this.#adapter.disconnect();
      } catch {
        // already closed
      }
    }
    this.#adapter.connect(this.#repo.peerId, { storageId, isEphemeral: false });
  }

  /**
   * The adapter retries by itself only until it first connects after a disconnect() (2.5.6 keeps a stale
   * retry timer id), so while the socket should be open and is not, this reopens it.
   */
  #keepConnection() {
    if (!this.#wantOpen || !this.#online || this.#peers.size > 0 || !this.#adapterAdded) return;
    const socket = this.#adapter.socket;
    if (!socket || socket.readyState === WebSocket.CLOSED || socket.readyState === WebSocket.CLOSING) {
      void this.#reconnect();
    }
  }

  #serverStorageId(): StorageId | undefined {
    for (const peer of this.#peers) {
      const storageId = this.#repo.getStorageIdOfPeer(peer as PeerId);
      if (storageId) return storageId;
    }
    return this.#device.serverStorageId as StorageId | undefined;
  }

  #markSynced() {
    this.#remember({ lastSyncedAt: new Date().toISOString() });
    this.#update();
  }

  #remember(patch: DeviceSyncState) {
    this.#device = { ...this.#device, ...patch };
    try {
      localStorage.setItem(this.#stateKey, JSON.stringify(this.#device));
    } catch {
      // Storage full or disabled: the next start begins in realtime mode and recounts from the server.
    }
  }

  #onUnsyncedChange() {
    // In realtime, "synced" is whenever the server has caught up.
    if (this.#unsynced.count === 0 && this.#peers.size > 0) this.#markSynced();
    else this.#update();
  }

  #onPeer = ({ peerId }: PeerCandidatePayload) => {
    this.#peers.add(peerId);
    const storageId = this.#repo.getStorageIdOfPeer(peerId);
    // The metadata is recorded by the repo's own listener, which may run after this one.
    queueMicrotask(() => {
      const id = storageId ?? this.#repo.getStorageIdOfPeer(peerId);
      if (id && id !== this.#device.serverStorageId) this.#remember({ serverStorageId: id });
      this.#unsynced.refresh();
    });
    this.#update();
  };

  #onPeerGone = ({ peerId }: PeerDisconnectedPayload) => {
    this.#peers.delete(peerId);
    this.#update();
  };

  #onClose = () => {
    this.#peers.clear();
    this.#update();
  };

  #onMessage = () => {
    this.#lastMessageAt = Date.now();
    if (this.#syncingTimer === undefined) {
      this.#scheduleSyncingEnd(SYNCING_LINGER_MS);
      this.#update();
    }
  };

  #scheduleSyncingEnd(delay: number) {
    this.#syncingTimer = setTimeout(() => {
      const left = this.#lastMessageAt + SYNCING_LINGER_MS - Date.now();
      if (left > 0) {
        this.#scheduleSyncingEnd(left);
      } else {
        this.#syncingTimer = undefined;
        this.#update();
      }
    }, delay);
  }

  #onOnlineChange = () => {
    this.#online = navigator.onLine;
    if (this.#online) {
      this.#keepConnection();
      this.#maybeDailyRound();
    }
    this.#update();
  };

  #compute(): SyncSnapshot {
    const connected = this.#peers.size > 0;
    const connection: Connection = !this.#online
      ? "offline"
      : connected
        ? "connected"
        : this.#wantOpen
          ? "connecting"
          : "paused";
    return {
      mode: this.#mode,
      connection,
      syncing: connected && this.#syncingTimer !== undefined,
      unsynced: this.#unsynced.count,
      lastSyncedAt: this.#device.lastSyncedAt ?? null,
      roundRunning: this.#round !== undefined,
    };
  }

  #update() {
    const next = this.#compute();
    const prev = this.#snapshot;
    if (
      next.mode === prev.mode &&
      next.connection === prev.connection &&
      next.syncing === prev.syncing &&
      next.unsynced === prev.unsynced &&
      next.lastSyncedAt === prev.lastSyncedAt &&
      next.roundRunning === prev.roundRunning
    )
      return;
    this.#snapshot = next;
    for (const listener of this.#listeners) listener(next);
  }
}

function readDeviceState(key: string): DeviceSyncState {
  try {
    const stored = localStorage.getItem(key);
    const value: unknown = stored === null ? undefined : JSON.parse(stored);
    return typeof value === "object" && value !== null ? value : {};
  } catch {
    return {};
  }
}
