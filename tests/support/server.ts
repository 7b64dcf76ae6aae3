import { Repo } from "@automerge/automerge-repo";
import type { PeerId } from "@automerge/automerge-repo";
import { WebSocketClientAdapter } from "@automerge/automerge-repo-network-websocket";
import { makeClientPeerId } from "@cadence/shared-schema";
import { loadConfig, startServer } from "@cadence/sync-server";
import type { RunningServer, ServerConfig } from "@cadence/sync-server";
import fs from "node:fs";
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
export async function startTestServer(overrides: Partial<ServerConfig> = {}): Promise<RunningServer & { dataDir: string }> {
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
  running.ctx.config.allowedOrigins.push(`http://127.0.0.1:${running.port}`, `http://localhost:${running.port}`);
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

/** A Node automerge client of `user`, connected through a one-time ticket (as non-browser clients do). */
export async function connectClient(baseUrl: string, user: TestUser, peerId?: string): Promise<Repo> {
  const ticket = await syncTicket(baseUrl, user.cookie);
  const wsUrl = baseUrl.replace(/^http/, "ws") + `/sync?ticket=${encodeURIComponent(ticket)}`;
  return new Repo({
    network: [new WebSocketClientAdapter(wsUrl, 60_000)],
    peerId: (peerId ?? makeClientPeerId(user.userId)) as PeerId,
  });
}

export async function waitFor<T>(fn: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 5000) {
  const start = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
