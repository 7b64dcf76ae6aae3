import http from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import path from "node:path";
import {
  CROSS_SITE_POST_PATHS,
  TombstoneAwareOwnership,
  createAccountServices,
  installAccounts,
} from "./accounts/index.js";
import { AccountStore } from "./auth/accounts.js";
import { PasswordHasher } from "./auth/passwords.js";
import { SessionStore } from "./auth/sessions.js";
import { FailureThrottle } from "./auth/throttle.js";
import { TicketStore } from "./auth/tickets.js";
import type { Principal } from "./auth/tickets.js";
import type { ServerConfig } from "./config.js";
import type { AppContext } from "./context.js";
import { openDatabase } from "./db/database.js";
import { authRoutes } from "./http/auth-routes.js";
import { isCrossSite } from "./http/origin.js";
import { ApiError, sendError, sendJson } from "./http/respond.js";
import { Router } from "./http/router.js";
import { isWorker, sessionFrom } from "./http/session-cookie.js";
import { serveStatic } from "./http/static.js";
import { markRequestFailed, workerRoutes } from "./http/worker-routes.js";
import { JobQueue } from "./jobs/queue.js";
import { RequestBridge } from "./jobs/request-bridge.js";
import { createLogger } from "./log.js";
import type { Logger } from "./log.js";
import { createServerMetrics } from "./server-metrics.js";
import { groupCommitFor } from "./db/group-commit.js";
import { SqliteStorageAdapter } from "./storage/sqlite-storage-adapter.js";
import { SyncService } from "./sync/sync-service.js";
import { ChangeAttribution } from "./sync/attribution.js";
import { documentRoutes } from "./http/document-routes.js";
import { mountMusic } from "./music/index.js";

/** Job kinds the server accepts into its queue. */
export const JOB_KINDS = new Set(["echo", "plan", "feedback"]);

export interface RunningServer {
  ctx: AppContext;
  server: http.Server;
  port: number;
  url: string;
  close(): Promise<void>;
}

const SECURITY_HEADERS: Record<string, string> = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "strict-origin",
  "x-frame-options": "DENY",
  "content-security-policy":
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; " +
    "img-src 'self' data: blob:; connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'self'",
};

/** Builds the whole sync server (HTTP API, static client, /sync) on one port and starts listening. */
export async function startServer(
  config: ServerConfig,
  log: Logger = createLogger(config.logLevel),
): Promise<RunningServer> {
  const db = openDatabase(path.join(config.dataDir, "cadence.db"));
  // The sync path's commits sync the WAL off the event loop, and checkpoints run there too (ADR 0005).
  groupCommitFor(db).checkpointOffThread();
  const metrics = createServerMetrics();
  const passwords = new PasswordHasher(config.argon2MemoryKiB);
  const accountServices = createAccountServices(db, config, log, metrics);
  // Refuses claims of deleted documents and by deleted users (accounts issue).
  const ownership = new TombstoneAwareOwnership(db, accountServices.tombstones);
  const jobs = new JobQueue(db, {
    leaseMs: config.jobLeaseMs,
    maxAttempts: config.jobMaxAttempts,
    perUserPerHour: config.jobsPerUserPerHour,
    globalMax: config.jobsQueuedGlobalMax,
  });
  const bridge = new RequestBridge(
    jobs,
    ownership,
    JOB_KINDS,
    log,
    () => metrics.invalidDocuments.inc(),
    (h) => sync.recordServerChange(h),
  );
  const attribution = new ChangeAttribution(db);
  const sync = new SyncService({
    storage: new SqliteStorageAdapter(db),
    ownership,
    attribution,
    jobs,
    log,
    maxPayloadBytes: config.maxPayloadBytes,
    messageRatePerSecond: config.messageRatePerSecond,
    messageBurst: config.messageBurst,
    docIdleMs: config.docIdleMs,
    onReject: (reason) => metrics.socketRejects.inc({ reason }),
    onMessageIn: (bytes) => {
      metrics.syncMessagesIn.inc();
      metrics.syncBytesIn.inc(undefined, bytes);
    },
    onMessageOut: () => metrics.syncMessagesOut.inc(),
    onDocumentLoaded: (handle) => bridge.attach(handle),
    onDocumentsUnloaded: (n) => metrics.docsUnloaded.inc(undefined, n),
  });
  const ctx: AppContext = {
    ...accountServices,
    config,
    db,
    log,
    metrics,
    passwords,
    ownership,
    jobs,
    sync,
    bridge,
    attribution,
    accounts: new AccountStore(db, passwords),
    sessions: new SessionStore(db, config.sessionIdleDays * 24 * 3600_000),
    tickets: new TicketStore(db, config.syncTicketTtlMs),
    throttles: {
      loginAccount: new FailureThrottle({ freeFailures: 5, windowMs: 15 * 60_000, maxDelayMs: 15 * 60_000 }),
      loginIp: new FailureThrottle({ freeFailures: 50, windowMs: 15 * 60_000, maxDelayMs: 15 * 60_000 }),
      registerIp: new FailureThrottle({
        freeFailures: config.registrationsPerIpPerHour,
        windowMs: 60 * 60_000,
        maxDelayMs: 60 * 60_000,
      }),
    },
  };

  metrics.gauge("cadence_sync_open_sockets", "Open sync sockets", () => sync.connections.size);
  metrics.gauge("cadence_documents_loaded", "Documents loaded in server memory", () =>
    sync.loadedDocuments(),
  );
  metrics.gauge("cadence_jobs", "Jobs by state", () =>
    Object.entries(jobs.counts()).map(([state, n]) => [{ state }, n] as [Record<string, string>, number]),
  );
  metrics.gauge(
    "cadence_process_resident_bytes",
    "Resident memory of the server process",
    () => process.memoryUsage().rss,
  );

  const router = new Router();
  authRoutes(router, ctx);
  workerRoutes(router, ctx);
  documentRoutes(router, ctx);
  const accounts = installAccounts(router, ctx);
  mountMusic(router, ctx);
  router.on("GET", "/healthz", (_req, res) => {
    // After a failed WAL sync nothing more is acknowledged (db/group-commit.ts): say so, so the server is restarted.
    const failure = groupCommitFor(db).syncFailure;
    if (failure)
      sendJson(res, 503, { ok: false, error: { code: "storage_failed", message: failure.message } });
    else sendJson(res, 200, { ok: true });
    return Promise.resolve();
  });
  router.on("GET", "/metrics", (_req, res) => {
    res.writeHead(200, {
      "content-type": "text/plain; version=0.0.4; charset=utf-8",
      "cache-control": "no-store",
    });
    res.end(metrics.registry.render());
    return Promise.resolve();
  });

  const server = http.createServer((req, res) => void handle(req, res));
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => upgrade(req, socket, head));
  server.headersTimeout = 20_000;
  server.requestTimeout = 60_000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = process.hrtime.bigint();
    const pathname = new URL(req.url ?? "/", "http://x").pathname;
    let label = "static";
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    try {
      if (pathname.startsWith("/api/") || pathname === "/healthz" || pathname === "/metrics") {
        const method = req.method ?? "GET";
        // Apple's form_post callback is the one cross-site POST accepted; its state and cookie are its check.
        if (
          method !== "GET" &&
          method !== "HEAD" &&
          !CROSS_SITE_POST_PATHS.has(pathname) &&
          isCrossSite(req, config.allowedOrigins)
        ) {
          ctx.metrics.authFailures.inc({ reason: "cross_site" });
          throw new ApiError(
            403,
            "cross_site_request",
            "This request did not come from the Cadence app's own origin.",
          );
        }
        const match = router.match(method, pathname);
        if (match === null) throw new ApiError(404, "not_found", `There is no endpoint ${pathname}.`);
        if (match === "method")
          throw new ApiError(405, "method_not_allowed", `${method} is not allowed on ${pathname}.`);
        label = match.label;
        await match.handler(req, res, match.params);
      } else if (config.clientDir && (req.method === "GET" || req.method === "HEAD")) {
        serveStatic(config.clientDir, req, res);
      } else {
        throw new ApiError(404, "not_found", "Not found.");
      }
    } catch (caught) {
      // A deleted account's cookie gets 401 account_deleted, so its devices know to wipe themselves.
      const err = accounts.explainAuthError(req, caught);
      if (res.headersSent) {
        res.destroy();
      } else if (err instanceof ApiError) {
        sendError(res, err);
      } else {
        log.error("request failed", { path: pathname, err: String(err) });
        sendError(
          res,
          new ApiError(500, "internal", "Something went wrong on the server. Try again shortly."),
        );
      }
      // Drain a body we did not read, so the connection can be reused.
      req.resume();
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.httpLatency.observe(seconds, { route: label, method: req.method ?? "GET" });
    }
  }

  function refuse(socket: Duplex, status: number, reason: string): void {
    metrics.authFailures.inc({ reason: `upgrade_${reason}` });
    const text = http.STATUS_CODES[status] ?? "Error";
    socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  }

  function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on("error", () => socket.destroy());
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname !== "/sync") return refuse(socket, 404, "path");
    const origin = req.headers.origin;
    if (origin !== undefined && !config.allowedOrigins.includes(origin)) return refuse(socket, 403, "origin");
    let principal: Principal | null = null;
    const ticket = url.searchParams.get("ticket");
    if (ticket) {
      principal = ctx.tickets.redeem(ticket);
      if (principal?.kind === "user" && !ctx.sessions.isLive(principal.sessionId)) principal = null;
    } else if (origin !== undefined) {
      // Cookies authenticate browsers only, and browsers always send Origin on a WebSocket upgrade.
      const session = sessionFrom(ctx, req);
      if (session) principal = { kind: "user", userId: session.userId, sessionId: session.id };
    }
    if (!principal) {
      if (accounts.refuseDeletedUpgrade(req, socket, head, ticket)) return;
      return refuse(socket, 401, "unauthenticated");
    }
    sync.accept(req, socket, head, principal);
  }

  // Sessions can end without a logout request (expiry, another instance, deletion): check open sockets often so
  // an ended session loses its sockets within seconds.
  const sessionSweep = setInterval(() => {
    const ended = new Set<string>();
    for (const c of sync.connections.all()) {
      if (
        c.principal.kind === "user" &&
        !ended.has(c.principal.sessionId) &&
        !ctx.sessions.isLive(c.principal.sessionId)
      ) {
        ended.add(c.principal.sessionId);
      }
    }
    for (const id of ended) sync.closeSession(id);
    for (const job of jobs.reapExhausted()) void markRequestFailed(ctx, job);
  }, 2000);
  sessionSweep.unref();

  await sync.ready();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  log.info(`Cadence sync server listening on http://localhost:${port}`);

  return {
    ctx,
    server,
    port,
    url: `http://127.0.0.1:${port}`,
    async close() {
      clearInterval(sessionSweep);
      // Take no new connections from here on. Waiting for the open ones to end would wait for ever when a client
      // keeps a connection busy (a device asking for sync tickets to reconnect): they are closed once sync is.
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      await accounts.close();
      await sync.close();
      server.closeAllConnections();
      await stopped;
      await groupCommitFor(db).close();
      db.close();
    },
  };
}

export { isWorker };
