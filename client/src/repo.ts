/**
 * The signed-in user's Automerge repo: documents in IndexedDB (`cadence-<userId>`), synced over a same-origin
 * WebSocket to `/sync` (the session cookie authenticates it) when the user's sync mode says so (SyncStatus
 * opens and closes it). Loaded lazily by cad-app, so the sign-in screen never downloads Automerge or its wasm.
 */
import { initializeWasm, Repo, type PeerId } from "@automerge/automerge-repo/slim";
import wasmUrl from "@automerge/automerge/automerge.wasm?url";
import { makeClientPeerId } from "@cadence/shared-schema";
import { observeSyncSocket } from "./accounts/account-deleted.js";
import { rememberThisDevice } from "./history/this-device.js";
import { userDatabaseName } from "./local-data.js";
import { UserStorage } from "./storage.js";
import { SyncSocketAdapter } from "./sync/sync-socket.js";
import { SyncStatus } from "./sync/sync-status.js";

/** An open repo and what belongs to it; `close()` releases all of it. */
export interface UserRepo {
  readonly userId: string;
  readonly repo: Repo;
  /** The link to the sync server: its mode, status and "Sync now". */
  readonly syncStatus: SyncStatus;
  /** Writes pending changes to IndexedDB. */
  flush(): Promise<void>;
  /** Disconnects, flushes, and closes the database (so logout can delete it). */
  close(): Promise<void>;
}

let wasm: Promise<void> | undefined;

/** Fetches and compiles the Automerge wasm once (streaming, as a separate cacheable asset). */
function loadAutomerge(): Promise<void> {
  wasm ??= initializeWasm(wasmUrl).catch((error: unknown) => {
    wasm = undefined; // let a retry fetch it again
    throw error;
  });
  return wasm;
}

export interface OpenOptions {
  /**
   * Called with the close code of each sync socket the server or the network closed (observeSyncSocket): the
   * server closes with 4001 when the session ended and 4003 when the account was deleted.
   */
  onSyncClosed?: (code: number) => void;
}

export async function openUserRepo(userId: string, { onSyncClosed }: OpenOptions = {}): Promise<UserRepo> {
  await loadAutomerge();

  const storage = new UserStorage(userDatabaseName(userId));
  // Fail here, with a message the user sees, rather than on the first document load.
  await storage.opened();

  const network = new SyncSocketAdapter(syncUrl());
  if (onSyncClosed) observeSyncSocket(network, onSyncClosed);
  const repo = new Repo({
    storage,
    // Not connected here: SyncStatus adds the adapter when the sync mode wants a connection.
    network: [],
    // `u-<userId>-<random>`, fresh per repo: the server only accepts this user's prefix, and two tabs must not
    // share a peer id (the server's adapter evicts the older socket when a second join reuses one).
    peerId: makeClientPeerId(userId) as PeerId,
    // Each change is written to IndexedDB at once rather than after 100 ms: a person closing the app (or
    // reloading it) right after a tap offline must not lose that tap. Changes come from taps, not streams.
    saveDebounceRate: 0,
  });
  // The history names changes from every peer id this browser has used as "This device".
  rememberThisDevice(userId, repo.peerId);
  const syncStatus = new SyncStatus(repo, network, userId);

  const flush = () => flushReady(repo);
  const flushQuietly = () => {
    flush().catch((error: unknown) => console.error("cadence: flushing documents failed", error));
  };
  const onVisibilityChange = () => {
    if (document.visibilityState === "hidden") flushQuietly();
  };
  window.addEventListener("pagehide", flushQuietly);
  document.addEventListener("visibilitychange", onVisibilityChange);

  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= (async () => {
      window.removeEventListener("pagehide", flushQuietly);
      document.removeEventListener("visibilitychange", onVisibilityChange);
      syncStatus.dispose(); // closes the socket
      try {
        await flush();
      } finally {
        storage.close();
      }
    })();
    return closed;
  };

  return { userId, repo, syncStatus, flush, close };
}

/**
 * Repo.flush() (and so Repo.shutdown()) in automerge-repo 2.5.6 throws on any cached handle that is not ready
 * (a document still loading or unavailable), so only ready documents are flushed.
 */
function flushReady(repo: Repo): Promise<void> {
  const ready = Object.values(repo.handles)
    .filter((handle) => handle.isReady())
    .map((handle) => handle.documentId);
  return repo.flush(ready);
}

function syncUrl(): string {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}/sync`;
}
