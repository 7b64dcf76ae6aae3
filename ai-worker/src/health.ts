// What the worker reports about itself: counters and the last error, served on `GET /healthz` when
// WORKER_HEALTH_PORT is set.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { redact } from "./log.js";

export interface WorkerHealth {
  ok: boolean;
  connected: boolean;
  jobsDone: number;
  jobsFailed: number;
  lastError: string | null;
  /** Seconds since start. */
  uptime: number;
}

/** Mutable counters shared by the loop and the sync adapter. */
export class WorkerStatus {
  jobsDone = 0;
  jobsFailed = 0;
  lastError: string | null = null;
  readonly startedAt = Date.now();

  recordError(message: string): void {
    this.lastError = `${new Date().toISOString()} ${redact(message)}`;
  }
}

export interface HealthServer {
  readonly port: number;
  close(): Promise<void>;
}

export async function startHealthServer(
  port: number,
  host: string,
  health: () => WorkerHealth,
): Promise<HealthServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method === "GET" && path === "/healthz") {
      const body = health();
      res.writeHead(body.ok ? 200 : 503, { "content-type": "application/json", "cache-control": "no-store" });
      res.end(JSON.stringify(body));
      return;
    }
    res.writeHead(404, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: { code: "not_found", message: "only GET /healthz is served here" } }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  server.on("error", () => {}); // after listen, per-connection errors must not crash the worker
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
