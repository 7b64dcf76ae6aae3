import type { WebSocket } from "ws";
import type { Principal } from "../auth/tickets.js";
import { TokenBucket } from "../auth/throttle.js";

/** What the server knows about one authenticated sync socket. */
export interface Connection {
  socket: WebSocket;
  principal: Principal;
  /** Set by the socket's `join`; one peer per socket. */
  peerId: string | null;
  bucket: TokenBucket;
  openedAt: number;
}

/**
 * Every open sync socket with its principal, so access checks can find the user behind a peer id and logout or
 * session expiry can close exactly that user's sockets.
 */
export class ConnectionRegistry {
  readonly #bySocket = new Map<WebSocket, Connection>();
  readonly #byPeer = new Map<string, Connection>();

  constructor(private readonly rate: { perSecond: number; burst: number }) {}

  add(socket: WebSocket, principal: Principal): Connection {
    const conn: Connection = {
      socket,
      principal,
      peerId: null,
      bucket: new TokenBucket(this.rate.perSecond, this.rate.burst),
      openedAt: Date.now(),
    };
    this.#bySocket.set(socket, conn);
    return conn;
  }

  of(socket: WebSocket): Connection | undefined {
    return this.#bySocket.get(socket);
  }

  bindPeer(conn: Connection, peerId: string): void {
    conn.peerId = peerId;
    this.#byPeer.set(peerId, conn);
  }

  byPeer(peerId: string): Connection | undefined {
    return this.#byPeer.get(peerId);
  }

  remove(socket: WebSocket): void {
    const conn = this.#bySocket.get(socket);
    if (!conn) return;
    this.#bySocket.delete(socket);
    if (conn.peerId && this.#byPeer.get(conn.peerId) === conn) this.#byPeer.delete(conn.peerId);
  }

  /** Closes every socket matching `pick` with a policy-violation code; returns how many. */
  closeWhere(pick: (c: Connection) => boolean, code: number, reason: string): number {
    let n = 0;
    for (const c of this.#bySocket.values()) {
      if (!pick(c)) continue;
      c.socket.close(code, reason);
      // A peer that does not answer the close handshake is cut off after a grace period.
      setTimeout(() => c.socket.terminate(), 1000).unref();
      n++;
    }
    return n;
  }

  all(): IterableIterator<Connection> {
    return this.#bySocket.values();
  }

  get size(): number {
    return this.#bySocket.size;
  }
}
