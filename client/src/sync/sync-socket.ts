/**
 * automerge-repo's WebSocket client adapter, made safe against joining twice.
 *
 * In 2.5.6 every socket that closes schedules a retry with a timer the adapter does not keep, and its retry
 * interval keeps running until a socket opens; SyncStatus's watchdog reconnects as well. After a long cut-off
 * several of those are pending, so once the network is back one of them connects and the next one calls
 * `connect()` again on the open, joined socket. Upstream then drops that socket's listeners without closing it or
 * reporting the server gone, and joins on a new socket with the same peer id. The server sees the re-join as the
 * old peer leaving and a new one arriving (it forgets which documents the peer syncs, and it announces nothing),
 * while this repo still thinks the server never left, so it does not start syncing its documents again: the
 * server's later changes (another device's) are not sent here until this device sends a change of its own.
 *
 * Here `connect()` leaves an open socket alone (a retry has nothing to do), and a socket that is still connecting
 * is closed when replaced (it never joined). A deliberate reconnect calls `disconnect()` first, which reports the
 * server gone, so the repo re-syncs every document when the server answers the new join.
 */
import type { PeerId, PeerMetadata } from "@automerge/automerge-repo/slim";
import { WebSocketClientAdapter } from "@automerge/automerge-repo-network-websocket";

/** WebSocket readyState values (the same in browsers and in Node's ws). */
const CONNECTING = 0;
const OPEN = 1;

export class SyncSocketAdapter extends WebSocketClientAdapter {
  override connect(peerId: PeerId, peerMetadata?: PeerMetadata): void {
    const current = this.socket;
    if (current?.readyState === OPEN) return;
    super.connect(peerId, peerMetadata);
    if (current && current !== this.socket && current.readyState === CONNECTING) {
      // Replaced before it opened (so before it joined); upstream only drops its listeners.
      current.addEventListener("error", ignore);
      current.close();
    }
  }
}

function ignore(): void {
  // A socket closed while connecting reports an error; it is no longer ours.
}
