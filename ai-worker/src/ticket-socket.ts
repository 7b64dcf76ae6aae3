// A WebSocket network adapter for automerge-repo that fetches a fresh one-time ticket for every connection
// attempt (`/sync?ticket=...`), reconnects with exponential backoff + jitter, and never throws from socket events.
// Why not upstream's WebSocketClientAdapter (2.5.6): it cannot change its URL between attempts, rethrows every
// Node connection error but ECONNREFUSED (a 401 upgrade would crash the process), throws from send() on a closing
// socket, and retries on a fixed 5 s interval. The wire protocol (join -> peer | error, then repo messages, all
// CBOR) is the same as upstream's.
import { NetworkAdapter, cbor } from "@automerge/automerge-repo";
import type { Message, PeerId, PeerMetadata } from "@automerge/automerge-repo";
import WebSocket from "ws";
import { Backoff, DEFAULT_BACKOFF, type BackoffOptions } from "./backoff.js";
import { describeApiError, type ApiResult } from "./jobs-client.js";
import { errorMessage, type Logger } from "./log.js";

/** `http://host:port` -> `ws://host:port/sync?ticket=...` (https -> wss). */
export function syncSocketUrl(serverUrl: string, ticket: string): string {
  const url = new URL("/sync", serverUrl);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  url.searchParams.set("ticket", ticket);
  return url.toString();
}

export interface TicketSocketOptions {
  serverUrl: string;
  getTicket: (signal: AbortSignal) => Promise<ApiResult<{ ticket: string }>>;
  log: Logger;
  backoff?: BackoffOptions;
  /** Called with a short description each time a connection attempt fails or drops. */
  onError?: (message: string) => void;
  maxPayload?: number;
  handshakeTimeoutMs?: number;
  /** We ping the server this often; a socket that misses a whole period is considered dead. 0 disables. */
  keepAliveMs?: number;
  /** A connection that lived this long counts as healthy: the backoff restarts from its first step. */
  stableAfterMs?: number;
  /** The Repo waits for whenReady() before requesting documents; resolve it after this even when offline. */
  readyTimeoutMs?: number;
}

type Wire =
  { type: "peer"; senderId: PeerId; peerMetadata?: PeerMetadata } | { type: "error"; message: string };

export class TicketSocketAdapter extends NetworkAdapter {
  readonly #opts: Required<Omit<TicketSocketOptions, "onError">> & Pick<TicketSocketOptions, "onError">;
  readonly #log: Logger;
  readonly #backoff: Backoff;
  #socket: WebSocket | undefined;
  /** A socket's 'close' has not fired yet (disconnect() forgets the socket at once; whenClosed() waits for it). */
  #hasOpenSocket = false;
  #reconnectNow = false;
  /** A ticket request is in flight: no second attempt may start (it would open a second socket). */
  #attempting = false;
  #lastFailure: string | undefined;
  #serverPeerId: PeerId | undefined;
  #connectedAt = 0;
  #running = false;
  #retryTimer: NodeJS.Timeout | undefined;
  #keepAliveTimer: NodeJS.Timeout | undefined;
  #ticketAbort: AbortController | undefined;
  #ready = false;
  #resolveReady: () => void = () => {};
  readonly #readyPromise = new Promise<void>((resolve) => (this.#resolveReady = resolve));
  readonly #connectionListeners = new Set<(connected: boolean) => void>();
  readonly #closedWaiters = new Set<() => void>();

  constructor(options: TicketSocketOptions) {
    super();
    this.#opts = {
      backoff: DEFAULT_BACKOFF,
      maxPayload: 64 * 1024 * 1024,
      handshakeTimeoutMs: 10_000,
      keepAliveMs: 15_000,
      stableAfterMs: 5_000,
      readyTimeoutMs: 1_000,
      ...options,
    };
    this.#log = options.log;
    this.#backoff = new Backoff(this.#opts.backoff);
  }

  /** True once the server answered our `join` with `peer`, until the socket closes. */
  get connected(): boolean {
    return this.#serverPeerId !== undefined;
  }

  get serverPeerId(): PeerId | undefined {
    return this.#serverPeerId;
  }

  isReady(): boolean {
    return this.#ready;
  }

  whenReady(): Promise<void> {
    return this.#readyPromise;
  }

  /** Resolves true when connected to the server, false if `signal` aborts first. */
  whenConnected(signal?: AbortSignal): Promise<boolean> {
    if (this.connected) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (value: boolean): void => {
        this.#connectionListeners.delete(listener);
        signal?.removeEventListener("abort", onAbort);
        resolve(value);
      };
      const listener = (connected: boolean): void => {
        if (connected) done(true);
      };
      const onAbort = (): void => done(false);
      if (signal?.aborted) return resolve(false);
      this.#connectionListeners.add(listener);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  connect(peerId: PeerId, peerMetadata?: PeerMetadata): void {
    this.peerId = peerId;
    this.peerMetadata = peerMetadata ?? {};
    if (this.#running) return;
    this.#running = true;
    setTimeout(() => this.#markReady(), this.#opts.readyTimeoutMs).unref();
    this.#attemptSoon(0);
  }

  /**
   * Drops the current connection and reconnects at once. A new session makes the Repo re-request every cached
   * document, the only way (in automerge-repo 2.5.6) to revive a handle stuck in "unavailable".
   */
  reconnect(reason: string): void {
    if (!this.#running) return;
    this.#log.info(`sync: reconnecting: ${reason}`);
    const socket = this.#socket;
    if (!socket) {
      if (!this.#attempting) this.#attemptSoon(0);
      return;
    }
    this.#reconnectNow = true;
    socket.terminate();
  }

  disconnect(): void {
    this.#running = false;
    clearTimeout(this.#retryTimer);
    this.#ticketAbort?.abort();
    const socket = this.#socket;
    if (socket) {
      if (socket.readyState === WebSocket.OPEN) socket.close(1000, "worker shutting down");
      else socket.terminate();
      this.#socketGone(socket, "disconnect requested");
    }
  }

  /** Resolves once the socket (if any) has fully closed, or after `timeoutMs`. */
  whenClosed(timeoutMs = 2_000): Promise<void> {
    if (!this.#socket && !this.#hasOpenSocket) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => finish(), timeoutMs);
      const finish = (): void => {
        clearTimeout(timer);
        this.#closedWaiters.delete(finish);
        resolve();
      };
      this.#closedWaiters.add(finish);
    });
  }

  send(message: Message): void {
    const socket = this.#socket;
    if (!socket || socket.readyState !== WebSocket.OPEN || !this.connected) {
      this.#log.debug("sync: dropping outgoing message, not connected", { type: message.type });
      return;
    }
    if ("data" in message && message.data?.byteLength === 0) {
      this.#log.debug("sync: dropping zero-length message", { type: message.type });
      return;
    }
    this.#sendRaw(socket, message);
  }

  #markReady(): void {
    if (this.#ready) return;
    this.#ready = true;
    this.#resolveReady();
  }

  #attemptSoon(delayMs: number): void {
    clearTimeout(this.#retryTimer);
    if (!this.#running) return;
    this.#retryTimer = setTimeout(() => void this.#attempt(), delayMs);
  }

  #retryLater(reason: string, level: "info" | "warn" = "warn"): void {
    this.#opts.onError?.(reason);
    if (!this.#running) return;
    const delay = this.#backoff.next();
    // The same failure over and over (server down for minutes) is logged once at warn, then at debug.
    const repeated = reason === this.#lastFailure;
    this.#lastFailure = reason;
    this.#log[repeated ? "debug" : level](`sync: ${reason}; reconnecting in ${delay} ms`, {
      attempt: this.#backoff.attempt,
    });
    this.#attemptSoon(delay);
  }

  async #attempt(): Promise<void> {
    if (!this.#running || this.#socket || this.#attempting) return;
    this.#attempting = true;
    try {
      this.#ticketAbort = new AbortController();
      const ticket = await this.#opts.getTicket(this.#ticketAbort.signal);
      if (!this.#running) return;
      if (!ticket.ok) {
        // No token yet is the normal state while the server starts: not worth a warning.
        const level = ticket.error.type === "no-token" ? "info" : "warn";
        this.#retryLater(`cannot get a sync ticket: ${describeApiError(ticket.error)}`, level);
        return;
      }
      this.#open(ticket.value.ticket);
    } catch (error) {
      this.#retryLater(`connection attempt failed: ${errorMessage(error)}`);
    } finally {
      this.#attempting = false;
    }
  }

  #open(ticket: string): void {
    const socket = new WebSocket(syncSocketUrl(this.#opts.serverUrl, ticket), {
      maxPayload: this.#opts.maxPayload,
      handshakeTimeout: this.#opts.handshakeTimeoutMs,
      perMessageDeflate: false,
    });
    this.#socket = socket;
    this.#hasOpenSocket = true;
    let failure: string | undefined;
    let alive = true;

    socket.on("unexpected-response", (_req, res) => {
      failure = `server refused the sync connection (HTTP ${res.statusCode ?? "?"})`;
      res.resume();
      socket.terminate();
    });
    socket.on("error", (error) => {
      failure ??= `socket error: ${errorMessage(error)}`;
      this.#log.debug("sync: socket error", { error: errorMessage(error) });
    });
    socket.on("open", () => {
      this.#log.debug("sync: socket open, joining");
      this.#sendRaw(socket, {
        type: "join",
        senderId: this.peerId,
        peerMetadata: this.peerMetadata ?? {},
        supportedProtocolVersions: ["1"],
      });
      if (this.#opts.keepAliveMs > 0) {
        this.#keepAliveTimer = setInterval(() => {
          if (!alive) {
            this.#log.warn("sync: server stopped answering pings; dropping the connection");
            failure = "keep-alive timeout";
            socket.terminate();
            return;
          }
          alive = false;
          try {
            socket.ping();
          } catch {
            // not open any more; 'close' follows and reconnects
          }
        }, this.#opts.keepAliveMs);
      }
    });
    socket.on("pong", () => (alive = true));
    socket.on("ping", () => (alive = true));
    socket.on("message", (data, isBinary) => {
      alive = true;
      if (socket === this.#socket) this.#receive(data, isBinary);
    });
    socket.on("close", (code) => {
      this.#hasOpenSocket = false;
      for (const waiter of [...this.#closedWaiters]) waiter();
      const wasConnected = socket === this.#socket && this.connected;
      const lived = Date.now() - this.#connectedAt;
      if (!this.#socketGone(socket, `closed (${code})`)) return;
      if (wasConnected && lived >= this.#opts.stableAfterMs) this.#backoff.reset();
      if (this.#reconnectNow) {
        this.#reconnectNow = false;
        this.#attemptSoon(0);
        return;
      }
      this.#retryLater(failure ?? `connection closed (code ${code})`);
    });
  }

  /** Forgets `socket` if it is the current one; returns whether it was. */
  #socketGone(socket: WebSocket, why: string): boolean {
    if (socket !== this.#socket) return false;
    clearInterval(this.#keepAliveTimer);
    this.#socket = undefined;
    const peer = this.#serverPeerId;
    if (peer) {
      this.#serverPeerId = undefined;
      this.#log.info(`sync: disconnected from ${peer}: ${why}`);
      this.#safely(() => this.emit("peer-disconnected", { peerId: peer }));
      this.#notify(false);
    }
    return true;
  }

  #receive(data: WebSocket.RawData, isBinary: boolean): void {
    if (!isBinary) {
      this.#log.warn("sync: ignoring a text frame");
      return;
    }
    const bytes = Array.isArray(data)
      ? Buffer.concat(data)
      : data instanceof ArrayBuffer
        ? new Uint8Array(data)
        : data;
    let message: Message | Wire;
    try {
      message = cbor.decode<Message | Wire>(bytes);
    } catch (error) {
      this.#log.warn("sync: undecodable message from server", { error: errorMessage(error) });
      return;
    }
    if (typeof message !== "object" || message === null || typeof message.type !== "string") {
      this.#log.warn("sync: malformed message from server");
      return;
    }
    if (message.type === "peer") {
      const peer = message as Extract<Wire, { type: "peer" }>;
      this.#serverPeerId = peer.senderId;
      this.#connectedAt = Date.now();
      this.#lastFailure = undefined;
      this.#log.info(`sync: connected to ${peer.senderId} as ${this.peerId}`);
      this.#markReady();
      this.#safely(() =>
        this.emit("peer-candidate", { peerId: peer.senderId, peerMetadata: peer.peerMetadata ?? {} }),
      );
      this.#notify(true);
    } else if (message.type === "error") {
      const text = (message as Extract<Wire, { type: "error" }>).message;
      this.#log.warn("sync: server reported an error", { message: text });
      this.#opts.onError?.(`sync server error: ${text}`);
    } else if (this.connected) {
      this.#safely(() => this.emit("message", message as Message));
    } else {
      this.#log.debug("sync: message before peer handshake ignored", { type: message.type });
    }
  }

  #sendRaw(socket: WebSocket, message: unknown): void {
    try {
      socket.send(toArrayBuffer(cbor.encode(message)), (error) => {
        if (error) this.#log.debug("sync: send failed", { error: errorMessage(error) });
      });
    } catch (error) {
      this.#log.debug("sync: send failed", { error: errorMessage(error) });
    }
  }

  #notify(connected: boolean): void {
    for (const listener of [...this.#connectionListeners]) this.#safely(() => listener(connected));
  }

  /** Repo listeners run synchronously inside our socket callbacks; their errors must not escape. */
  #safely(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.#log.error("sync: error while handling a server message", { error: errorMessage(error) });
    }
  }
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
