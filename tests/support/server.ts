import * as Automerge from "@automerge/automerge";
import { Repo } from "@automerge/automerge-repo";
import type { DocumentId, PeerId } from "@automerge/automerge-repo";
import { WebSocketClientAdapter } from "@automerge/automerge-repo-network-websocket";
import { makeClientPeerId } from "@cadence/shared-schema";
import { loadConfig, startServer } from "@cadence/sync-server";
import type { RunningServer, ServerConfig } from "@cadence/sync-server";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";

/** Server logs stay quiet in tests unless CADENCE_TEST_LOG is set (then warnings and errors are printed). */
const verbose = Boolean(process.env.CADENCE_TEST_LOG);
export const quietLog = {
  debug: () => undefined,
  info: () => undefined,
  warn: (m: string, f?: unknown) => void (verbose && console.warn(m, f ?? "")),
  error: (m: string, f?: unknown) => void (verbose && console.error(m, f ?? "")),
};

export function tempDir(prefix = "cadence-test-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A real sync server on a free loopback port with its own SQLite file. */
export async function startTestServer(
  overrides: Partial<ServerConfig> = {},
): Promise<RunningServer & { dataDir: string }> {
  const dataDir = overrides.dataDir ?? tempDir();
  const config: ServerConfig = {
    ...loadConfig({ DATA_DIR: dataDir, PORT: "0", CLIENT_DIR: "" }),
    host: "127.0.0.1",
    // Lower argon2 memory keeps the suite fast; production uses OWASP's 19 MiB (tested in auth tests).
    argon2MemoryKiB: 1024,
    ...overrides,
  };
  const running = await startServer(config, quietLog);
  // loadConfig computed allowed origins for port 0: allow the real port too.
  running.ctx.config.allowedOrigins.push(
    `http://127.0.0.1:${running.port}`,
    `http://localhost:${running.port}`,
  );
  return Object.assign(running, { dataDir });
}

export interface TestUser {
  email: string;
  password: string;
  cookie: string;
  userId: string;
  rootDocUrl: string;
}

let counter = 0;
export async function registerUser(baseUrl: string, email?: string): Promise<TestUser> {
  const address = email ?? `user${++counter}-${Date.now()}@example.test`;
  const password = "correct horse battery";
  const res = await fetch(`${baseUrl}/api/auth/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: address, password }),
  });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { user: { id: string }; rootDocUrl: string };
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0]!;
  return { email: address, password, cookie, userId: body.user.id, rootDocUrl: body.rootDocUrl };
}

export async function syncTicket(baseUrl: string, cookie: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/sync/ticket`, { method: "POST", headers: { cookie } });
  if (res.status !== 201) throw new Error(`ticket failed: ${res.status}`);
  return ((await res.json()) as { ticket: string }).ticket;
}

/** A `/sync` URL with a fresh one-time ticket of `user` (one per connection attempt). */
export async function syncSocketUrl(baseUrl: string, user: Pick<TestUser, "cookie">): Promise<string> {
  const ticket = await syncTicket(baseUrl, user.cookie);
  return baseUrl.replace(/^http/, "ws") + `/sync?ticket=${encodeURIComponent(ticket)}`;
}

/** A `/sync` URL with a fresh one-time ticket of the AI worker's service principal. */
export async function workerSyncSocketUrl(server: RunningServer): Promise<string> {
  const res = await fetch(`${server.url}/api/sync/ticket`, {
    method: "POST",
    headers: { authorization: `Bearer ${server.ctx.config.workerToken}` },
  });
  if (res.status !== 201) throw new Error(`worker ticket failed: ${res.status}`);
  const { ticket } = (await res.json()) as { ticket: string };
  return server.url.replace(/^http/, "ws") + `/sync?ticket=${encodeURIComponent(ticket)}`;
}

/**
 * The heads the server has told `repo` it has of a document, from every sync message it sent. A change the device
 * made is acknowledged (on the server's disk, docs/api.md) once they include the heads it produced, or heads that
 * descend from them (another device's later change on top of it).
 */
export function watchServerHeads(
  repo: Repo,
  documentId: string,
): { acknowledged: (heads: string[]) => boolean } {
  const seen = new Set<string>();
  repo.networkSubsystem.on("message", (msg) => {
    if (msg.type !== "sync" || msg.documentId !== documentId) return;
    for (const h of Automerge.decodeSyncMessage(msg.data).heads) seen.add(h);
  });
  return {
    acknowledged: (heads) => {
      if (heads.every((h) => seen.has(h))) return true;
      // As the client counts it (client/src/sync/unsynced.ts): a change is acknowledged unless it is among the
      // device's changes that are not ancestors of any heads the server sent.
      const handle = repo.handles[documentId as DocumentId];
      if (!handle?.isReady()) return false;
      const doc = handle.doc();
      if (!Automerge.hasHeads(doc, heads)) return false;
      const known = [...seen].filter((h) => Automerge.hasHeads(doc, [h]));
      const unacknowledged = new Set(Automerge.getChangesMetaSince(doc, known).map((m) => m.hash));
      return heads.every((h) => !unacknowledged.has(h));
    },
  };
}

/** A Node automerge client of `user`, connected through a one-time ticket (as non-browser clients do). */
export async function connectClient(baseUrl: string, user: TestUser, peerId?: string): Promise<Repo> {
  const ticket = await syncTicket(baseUrl, user.cookie);
  const wsUrl = baseUrl.replace(/^http/, "ws") + `/sync?ticket=${encodeURIComponent(ticket)}`;
  return new Repo({
    network: [new WebSocketClientAdapter(wsUrl, 60_000)],
    peerId: (peerId ?? makeClientPeerId(user.userId)) as PeerId,
  });
}

export async function waitFor<T>(
  fn: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 5000,
) {
  const start = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export interface HttpResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The body exactly as received, for byte-level comparisons. */
  body: Buffer;
  text: string;
  /** The parsed body, or undefined when it is not JSON. */
  json: unknown;
}

export interface HttpOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Send the body with chunked transfer encoding (no Content-Length), in pieces of this many bytes. */
  chunkBytes?: number;
}

/**
 * A raw HTTP request with full control over headers (Origin, Sec-Fetch-Site, Content-Length, chunking), unlike
 * fetch. Resolves with whatever the server answered, even when it answers before the body is fully sent.
 */
export function httpRequest(baseUrl: string, pathname: string, opts: HttpOptions = {}): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const url = new URL(pathname, baseUrl);
    const body = typeof opts.body === "string" ? Buffer.from(opts.body) : opts.body;
    const headers: Record<string, string> = { ...opts.headers };
    if (body !== undefined && opts.chunkBytes === undefined) headers["content-length"] = String(body.length);
    const req = http.request(url, { method: opts.method ?? "GET", headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", reject);
      res.on("end", () => {
        const buf = Buffer.concat(chunks);
        const text = buf.toString("utf8");
        let json: unknown;
        try {
          json = JSON.parse(text) as unknown;
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: buf, text, json });
      });
    });
    // Writing after the server answered early may fail (EPIPE); the answer is what the test looks at.
    req.on("error", reject);
    if (body !== undefined && opts.chunkBytes !== undefined) {
      for (let i = 0; i < body.length; i += opts.chunkBytes) req.write(body.subarray(i, i + opts.chunkBytes));
      req.end();
    } else {
      req.end(body);
    }
  });
}

/** Rows in a table of the server's SQLite file (tests use it to prove a refused request stored nothing). */
export function countRows(db: RunningServer["ctx"]["db"], table: string): number {
  if (!/^[a-z_]+$/.test(table)) throw new Error(`bad table name ${table}`);
  return (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
}

/** POST /api/auth/login; returns the raw answer (callers check status, body and cookie). */
export function login(baseUrl: string, email: string, password: string): Promise<HttpResult> {
  return httpRequest(baseUrl, "/api/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
}

/** A free loopback TCP port (for servers that must be told their port up front, e.g. child processes). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      const port = typeof address === "object" && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}
