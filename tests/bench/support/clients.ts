import { Repo } from "@automerge/automerge-repo";
import type { PeerId } from "@automerge/automerge-repo";
import { WebSocketClientAdapter } from "@automerge/automerge-repo-network-websocket";
import { makeClientPeerId } from "@cadence/shared-schema";
import http from "node:http";
import { sleep } from "./proc.js";

/**
 * HTTP and sync-client helpers for the benchmarks. Unlike tests/support/server.ts they can pick the loopback
 * source address of a request: the server allows 20 registrations an hour per IP, and every address in
 * 127.0.0.0/8 is loopback on Linux, so users are spread over 127.0.<a>.<b> (the target is always 127.0.0.1).
 */

export interface BenchUser {
  userId: string;
  cookie: string;
  rootDocUrl: string;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

interface JsonAnswer {
  status: number;
  body: unknown;
  cookie: string | null;
}

export function postJson(
  baseUrl: string,
  pathname: string,
  body: unknown,
  opts: { cookie?: string; localAddress?: string } = {},
): Promise<JsonAnswer> {
  return new Promise((resolve, reject) => {
    const url = new URL(pathname, baseUrl);
    const text = body === undefined ? "" : JSON.stringify(body);
    const headers: Record<string, string> = { "content-length": String(Buffer.byteLength(text)) };
    if (body !== undefined) headers["content-type"] = "application/json";
    if (opts.cookie) headers.cookie = opts.cookie;
    const req = http.request(
      url,
      {
        method: "POST",
        headers,
        // A custom source address needs its own connection; otherwise reuse keep-alive connections.
        ...(opts.localAddress ? { localAddress: opts.localAddress, agent: false } : { agent }),
        timeout: 30_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", reject);
        res.on("end", () => {
          const raw = Buffer.concat(chunks).toString("utf8");
          let parsed: unknown = raw;
          try {
            parsed = JSON.parse(raw) as unknown;
          } catch {
            // not JSON
          }
          const setCookie = res.headers["set-cookie"]?.[0];
          resolve({
            status: res.statusCode ?? 0,
            body: parsed,
            cookie: setCookie ? setCookie.split(";")[0]! : null,
          });
        });
      },
    );
    req.on("timeout", () => req.destroy(new Error(`POST ${pathname} timed out`)));
    req.on("error", reject);
    req.end(text);
  });
}

/** A loopback source address for the n-th registration (at most `perIp` registrations per address). */
export function sourceAddress(n: number, perIp = 10): string {
  const slot = Math.floor(n / perIp) + 1;
  return `127.0.${Math.floor(slot / 250) + 1}.${(slot % 250) + 2}`;
}

let registered = 0;
export async function registerBenchUser(baseUrl: string): Promise<BenchUser> {
  const n = registered++;
  const email = `bench${n}-${process.pid}-${Date.now()}@example.test`;
  const res = await postJson(
    baseUrl,
    "/api/auth/register",
    { email, password: "correct horse battery" },
    { localAddress: sourceAddress(n) },
  );
  if (res.status !== 201 || !res.cookie)
    throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  const body = res.body as { user: { id: string }; rootDocUrl: string };
  return { userId: body.user.id, cookie: res.cookie, rootDocUrl: body.rootDocUrl };
}

/** Registers `count` users with at most `concurrency` registrations in flight. */
export async function registerMany(baseUrl: string, count: number, concurrency = 8): Promise<BenchUser[]> {
  const users: BenchUser[] = new Array<BenchUser>(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        const i = next++;
        users[i] = await registerBenchUser(baseUrl);
      }
    }),
  );
  return users;
}

export async function ticketFor(baseUrl: string, cookie: string): Promise<string> {
  const res = await postJson(baseUrl, "/api/sync/ticket", undefined, { cookie });
  if (res.status !== 201) throw new Error(`ticket failed: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body as { ticket: string }).ticket;
}

/**
 * A stock automerge-repo Node client (no storage, WebSocketClientAdapter) connected to `wsUrl`, resolved once the
 * server peer has answered the join. The retry interval is long: a Cadence ticket works only once, so an automatic
 * reconnect could not succeed anyway (and the benchmark counts disconnects instead).
 */
export async function connectRepo(wsUrl: string, peerId: string, timeoutMs = 30_000): Promise<Repo> {
  const repo = new Repo({
    network: [new WebSocketClientAdapter(wsUrl, 600_000)],
    peerId: peerId as PeerId,
  });
  const deadline = Date.now() + timeoutMs;
  while (repo.peers.length === 0) {
    if (Date.now() > deadline) {
      void repo.shutdown();
      throw new Error(
        `no server peer on ${wsUrl.replace(/ticket=[^&]+/, "ticket=…")} within ${timeoutMs} ms`,
      );
    }
    await sleep(5);
  }
  return repo;
}

/** Connection attempts that failed and were retried (e.g. ECONNRESET on a busy server), for the reports. */
export const connectRetries = { count: 0, last: "" };

/**
 * A Cadence client of `user`: fetch a one-time ticket, then connect with a peer id of that user. A failed attempt
 * (a busy server may reset a connection) is retried twice with a new ticket; retries are counted in
 * `connectRetries`.
 */
export async function connectCadenceClient(baseUrl: string, user: BenchUser): Promise<Repo> {
  for (let attempt = 0; ; attempt++) {
    try {
      const ticket = await ticketFor(baseUrl, user.cookie);
      const wsUrl = baseUrl.replace(/^http/, "ws") + `/sync?ticket=${encodeURIComponent(ticket)}`;
      return await connectRepo(wsUrl, makeClientPeerId(user.userId));
    } catch (err) {
      if (attempt >= 2) throw err;
      connectRetries.count++;
      connectRetries.last = String(err);
      await sleep(200 * (attempt + 1));
    }
  }
}

/** Runs `fn` over `items` with at most `concurrency` calls in flight; results keep the input order. */
export async function mapLimit<T, R>(
  items: T[],
  concurrency: number,
  fn: (item: T, i: number) => Promise<R>,
) {
  const out = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!, i);
      }
    }),
  );
  return out;
}
