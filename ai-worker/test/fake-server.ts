// A loopback stand-in for the sync server, as the worker sees it: the worker jobs API and sync tickets over HTTP,
// and `/sync?ticket=...` served by a real `ws` WebSocketServer + automerge-repo server adapter. Tests flip its
// modes to refuse (401/500), drop connections, go down and come back on the same port.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { Repo, type DocHandle, type DocumentId, type PeerId } from "@automerge/automerge-repo";
import { WebSocketServerAdapter } from "@automerge/automerge-repo-network-websocket";
import { WebSocketServer } from "ws";
import { createLogger, type Logger } from "../src/log.js";
import type { DocRequest, RequestsDoc } from "../src/requests.js";

export interface FakeJob {
  id: string;
  requestId: string;
  kind: string;
  docUrl: string;
  attempts: number;
  leaseExpiresAt: string;
}

type ServerAdapterSocket = ConstructorParameters<typeof WebSocketServerAdapter>[0];
type HttpMode = "ok" | "500" | "401";
type UpgradeMode = "accept" | "401" | "500" | "drop";

export class FakeCadenceServer {
  readonly token = "test-worker-token-7f3a9c2e51";
  readonly repo: Repo;
  readonly #wss: WebSocketServer;
  #http: Server | undefined;
  #port = 0;
  readonly #sockets = new Set<Socket>();

  httpMode: HttpMode = "ok";
  upgradeMode: UpgradeMode = "accept";
  /** When set, heartbeats answer this status (e.g. 409 = lease lost). */
  heartbeatStatus: number | null = null;
  leaseMs = 30_000;
  readonly denied = new Set<DocumentId>();

  readonly ticketsIssued: string[] = [];
  readonly ticketsUsed: string[] = [];
  ticketReuses = 0;
  upgradeAttempts = 0;
  readonly requests: { path: string; body: unknown; auth: string | undefined }[] = [];
  readonly completed: { id: string; statusInDoc: string | undefined }[] = [];
  readonly failed: { id: string; reason: string; retry: boolean }[] = [];
  readonly heartbeats: string[] = [];

  readonly #queue: FakeJob[] = [];
  readonly #leased = new Map<string, FakeJob>();
  readonly #waiters = new Set<() => void>();

  constructor() {
    this.#wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 });
    this.repo = new Repo({
      // The adapter's d.ts sees `ws` through isomorphic-ws, which TypeScript treats as a distinct type.
      network: [new WebSocketServerAdapter(this.#wss as unknown as ServerAdapterSocket, 1_000)],
      peerId: "server-fake" as PeerId,
      shareConfig: {
        announce: () => Promise.resolve(false),
        access: (_peer, documentId) => Promise.resolve(!this.denied.has(documentId)),
      },
    });
  }

  get url(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  get port(): number {
    return this.#port;
  }

  /** Listens on `port` (0 = any; later calls reuse the first port). */
  async start(port = this.#port): Promise<void> {
    const http = createServer((req, res) => void this.#handle(req, res));
    http.on("upgrade", (req: IncomingMessage, socket: Socket, head: Buffer) =>
      this.#upgrade(req, socket, head),
    );
    http.on("connection", (socket: Socket) => {
      this.#sockets.add(socket);
      socket.on("close", () => this.#sockets.delete(socket));
    });
    await new Promise<void>((resolve) => http.listen(port, "127.0.0.1", resolve));
    this.#port = (http.address() as AddressInfo).port;
    this.#http = http;
  }

  /** The server goes down: listener closed, every HTTP and WebSocket connection cut. */
  async goDown(): Promise<void> {
    const http = this.#http;
    this.#http = undefined;
    for (const client of this.#wss.clients) client.terminate();
    for (const socket of this.#sockets) socket.destroy();
    if (http) await new Promise<void>((resolve) => http.close(() => resolve()));
    for (const wake of this.#waiters) wake();
  }

  async close(): Promise<void> {
    await this.goDown();
    await this.repo.shutdown();
    this.#wss.close();
  }

  /** Creates a document holding one request and returns it with a job for it (not yet enqueued). */
  createRequest(
    kind = "echo",
    input: Record<string, unknown> = { text: "hello" },
    status: DocRequest["status"] = "queued",
  ): { handle: DocHandle<RequestsDoc>; job: FakeJob } {
    const requestId = randomUUID();
    const now = new Date().toISOString();
    const handle = this.repo.create<RequestsDoc>({
      requests: {
        [requestId]: {
          id: requestId,
          kind,
          status,
          createdAt: now,
          updatedAt: now,
          input,
          result: null,
          error: null,
        },
      },
    });
    const job: FakeJob = {
      id: `job-${randomUUID()}`,
      requestId,
      kind,
      docUrl: handle.url,
      attempts: 0,
      leaseExpiresAt: "",
    };
    return { handle, job };
  }

  enqueue(job: FakeJob): void {
    this.#queue.push(job);
    for (const wake of this.#waiters) wake();
  }

  request(handle: DocHandle<RequestsDoc>, requestId: string): DocRequest | undefined {
    return handle.doc().requests?.[requestId];
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    const path = req.url ?? "/";
    this.requests.push({ path, body, auth: req.headers.authorization });

    if (this.httpMode === "500") return send(res, 500, error("internal", "server exploded"));
    if (this.httpMode === "401" || req.headers.authorization !== `Bearer ${this.token}`) {
      return send(res, 401, error("unauthenticated", "bad worker token"));
    }

    if (req.method === "POST" && path === "/api/sync/ticket") {
      const ticket = randomUUID();
      this.ticketsIssued.push(ticket);
      return send(res, 201, { ticket, expiresAt: new Date(Date.now() + 10_000).toISOString() });
    }
    if (req.method === "POST" && path === "/api/worker/jobs/claim") {
      const kinds = body.kinds as string[];
      const waitMs = Math.min(Number(body.waitMs ?? 0), 25_000);
      const job = await this.#takeJob(kinds, waitMs, res);
      if (!job) return send(res, 204);
      return send(res, 200, { job });
    }
    const match = /^\/api\/worker\/jobs\/([^/]+)\/(heartbeat|complete|fail)$/.exec(path);
    if (req.method === "POST" && match) {
      const id = decodeURIComponent(match[1] ?? "");
      const job = this.#leased.get(id);
      if (!job) return send(res, 409, error("lease_lost", "not your job"));
      if (match[2] === "heartbeat") {
        this.heartbeats.push(id);
        if (this.heartbeatStatus) return send(res, this.heartbeatStatus, error("lease_lost", "lease lost"));
        job.leaseExpiresAt = new Date(Date.now() + this.leaseMs).toISOString();
        return send(res, 200, { leaseExpiresAt: job.leaseExpiresAt });
      }
      this.#leased.delete(id);
      if (match[2] === "complete") {
        const handle = await this.repo.find<RequestsDoc>(job.docUrl as Parameters<Repo["find"]>[0]);
        this.completed.push({ id, statusInDoc: this.request(handle, job.requestId)?.status });
        return send(res, 204);
      }
      this.failed.push({ id, reason: String(body.reason), retry: Boolean(body.retry) });
      return send(res, 204);
    }
    send(res, 404, error("not_found", path));
  }

  async #takeJob(kinds: string[], waitMs: number, res: ServerResponse): Promise<FakeJob | undefined> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const index = this.#queue.findIndex((j) => kinds.includes(j.kind));
      if (index >= 0) {
        const [job] = this.#queue.splice(index, 1);
        if (!job) return undefined;
        job.attempts += 1;
        job.leaseExpiresAt = new Date(Date.now() + this.leaseMs).toISOString();
        this.#leased.set(job.id, job);
        return job;
      }
      const left = deadline - Date.now();
      if (left <= 0 || res.destroyed || !this.#http) return undefined;
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          clearTimeout(timer);
          this.#waiters.delete(wake);
          res.off("close", wake);
          resolve();
        };
        const timer = setTimeout(wake, left);
        this.#waiters.add(wake);
        res.on("close", wake);
      });
    }
  }

  #upgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    this.upgradeAttempts += 1;
    const url = new URL(req.url ?? "/", "http://localhost");
    const ticket = url.searchParams.get("ticket") ?? "";
    if (url.pathname !== "/sync") return refuse(socket, 404);
    if (this.upgradeMode === "401") return refuse(socket, 401);
    if (this.upgradeMode === "500") return refuse(socket, 500);
    if (this.ticketsUsed.includes(ticket)) this.ticketReuses += 1;
    if (!this.ticketsIssued.includes(ticket) || this.ticketsUsed.includes(ticket)) return refuse(socket, 401);
    this.ticketsUsed.push(ticket);
    this.#wss.handleUpgrade(req, socket, head, (ws) => {
      if (this.upgradeMode === "drop") {
        ws.terminate();
        return;
      }
      this.#wss.emit("connection", ws, req);
    });
  }
}

function refuse(socket: Socket, status: number): void {
  const body = JSON.stringify(error("refused", `upgrade refused with ${status}`));
  socket.end(
    `HTTP/1.1 ${status} Refused\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `Connection: close\r\n\r\n${body}`,
  );
}

function error(code: string, message: string): { error: { code: string; message: string } } {
  return { error: { code, message } };
}

function send(res: ServerResponse, status: number, body?: unknown): void {
  if (res.destroyed || res.headersSent) return;
  if (body === undefined) {
    res.writeHead(status).end();
    return;
  }
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

/** Polls `predicate` until it holds (default 10 s). Tests wait on conditions, never on fixed sleeps. */
export async function until(predicate: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A port that nothing listens on (yet). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A debug-level logger that keeps its lines, to assert on them (and on what they must not contain). */
export function captureLogger(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  return { log: createLogger({ level: "debug", write: (_level, line) => lines.push(line) }), lines };
}
