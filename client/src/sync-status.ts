/**
 * How this device's sync is doing, from the WebSocket adapter's events and navigator.onLine. The adapter only
 * reports peers and incoming messages (not its socket's state), so "connecting" means "no peer yet", and
 * "syncing" means "a sync message arrived in the last moment": every local change the server acknowledges,
 * and every remote change, shows up that way.
 */
import type {
  NetworkAdapterInterface,
  PeerCandidatePayload,
  PeerDisconnectedPayload,
} from "@automerge/automerge-repo/slim";

export type Connection = "offline" | "connecting" | "connected";

export interface SyncSnapshot {
  readonly connection: Connection;
  /** Peers this device is connected to (the server, for a browser). */
  readonly peers: number;
  readonly syncing: boolean;
}

const SYNCING_LINGER_MS = 800;

export class SyncStatus {
  readonly #adapter: NetworkAdapterInterface;
  readonly #peers = new Set<string>();
  readonly #listeners = new Set<(snapshot: SyncSnapshot) => void>();
  #online = navigator.onLine;
  #syncingUntil = 0;
  #syncingTimer: ReturnType<typeof setTimeout> | undefined;
  #snapshot: SyncSnapshot;

  constructor(adapter: NetworkAdapterInterface) {
    this.#adapter = adapter;
    this.#snapshot = this.#compute();
    adapter.on("peer-candidate", this.#onPeer);
    adapter.on("peer-disconnected", this.#onPeerGone);
    adapter.on("message", this.#onMessage);
    adapter.on("close", this.#onClose);
    window.addEventListener("online", this.#onOnlineChange);
    window.addEventListener("offline", this.#onOnlineChange);
  }

  get snapshot(): SyncSnapshot {
    return this.#snapshot;
  }

  /** Calls `listener` on every change; returns the unsubscribe function. */
  subscribe(listener: (snapshot: SyncSnapshot) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  dispose(): void {
    this.#adapter.off("peer-candidate", this.#onPeer);
    this.#adapter.off("peer-disconnected", this.#onPeerGone);
    this.#adapter.off("message", this.#onMessage);
    this.#adapter.off("close", this.#onClose);
    window.removeEventListener("online", this.#onOnlineChange);
    window.removeEventListener("offline", this.#onOnlineChange);
    clearTimeout(this.#syncingTimer);
    this.#listeners.clear();
  }

  #onPeer = ({ peerId }: PeerCandidatePayload) => {
    this.#peers.add(peerId);
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
    this.#syncingUntil = Date.now() + SYNCING_LINGER_MS;
    if (this.#syncingTimer === undefined) {
      this.#scheduleSyncingEnd(SYNCING_LINGER_MS);
      this.#update();
    }
  };

  #scheduleSyncingEnd(delay: number) {
    this.#syncingTimer = setTimeout(() => {
      const left = this.#syncingUntil - Date.now();
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
    this.#update();
  };

  #compute(): SyncSnapshot {
    const peers = this.#peers.size;
    const connection: Connection = !this.#online ? "offline" : peers > 0 ? "connected" : "connecting";
    return { connection, peers, syncing: connection === "connected" && this.#syncingTimer !== undefined };
  }

  #update() {
    const next = this.#compute();
    const prev = this.#snapshot;
    if (next.connection === prev.connection && next.peers === prev.peers && next.syncing === prev.syncing)
      return;
    this.#snapshot = next;
    for (const listener of this.#listeners) listener(next);
  }
}
