import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { loadAccountsConfig } from "./accounts/config.js";
import type { AccountsConfig } from "./accounts/config.js";
import { loadMusicConfig } from "./music/config.js";
import type { MusicConfig } from "./music/config.js";

/** Every setting of the sync server, read from the environment (listed in README.md and .env.example). */
export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  /** Origins allowed for browser requests and WebSocket upgrades. */
  allowedOrigins: string[];
  /** Serve the built client from this directory (null: API and sync only). */
  clientDir: string | null;
  /** Mark cookies Secure (set when served over https). */
  secureCookies: boolean;
  workerToken: string;
  sessionIdleDays: number;
  /** Sign-ups allowed per IP address per hour. */
  registrationsPerIpPerHour: number;
  /** How long a one-time sync ticket stays valid. */
  syncTicketTtlMs: number;
  maxPayloadBytes: number;
  /** Sustained sync messages per second allowed on one connection, and the burst above it. */
  messageRatePerSecond: number;
  messageBurst: number;
  /** Unload a document from memory after this long with no sync traffic. */
  docIdleMs: number;
  jobLeaseMs: number;
  jobMaxAttempts: number;
  jobsPerUserPerHour: number;
  jobsQueuedGlobalMax: number;
  /** Hash cost for passwords; tests may lower memory cost via env, production uses OWASP's minimum. */
  argon2MemoryKiB: number;
  logLevel: "debug" | "info" | "warn" | "error";
  /** Sign-in providers, email, exports, SECRET_KEY (sync-server/src/accounts/config.ts). */
  accounts: AccountsConfig;
  /** Spotify (bring-your-own app) and tempo sources (sync-server/src/music/config.ts). */
  music: MusicConfig;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = intFrom(env.PORT, 8080);
  const dataDir = path.resolve(env.DATA_DIR ?? "./data");
  const publicUrl = env.PUBLIC_URL;
  const origins = new Set<string>([`http://localhost:${port}`, `http://127.0.0.1:${port}`]);
  if (publicUrl) origins.add(new URL(publicUrl).origin);
  for (const o of (env.ALLOWED_ORIGINS ?? "").split(",")) if (o.trim()) origins.add(o.trim());
  return {
    port,
    host: env.HOST ?? "0.0.0.0",
    dataDir,
    allowedOrigins: [...origins],
    clientDir: env.CLIENT_DIR === "" ? null : path.resolve(env.CLIENT_DIR ?? "client/dist"),
    secureCookies: env.SECURE_COOKIES
      ? env.SECURE_COOKIES === "true"
      : (publicUrl ?? "").startsWith("https:"),
    workerToken: env.WORKER_TOKEN ?? ensureWorkerToken(dataDir),
    sessionIdleDays: intFrom(env.SESSION_IDLE_DAYS, 10),
    syncTicketTtlMs: intFrom(env.SYNC_TICKET_TTL_MS, 30_000),
    registrationsPerIpPerHour: intFrom(env.REGISTRATIONS_PER_IP_PER_HOUR, 20),
    maxPayloadBytes: intFrom(env.SYNC_MAX_PAYLOAD_BYTES, 4 * 1024 * 1024),
    messageRatePerSecond: intFrom(env.SYNC_MESSAGES_PER_SECOND, 500),
    messageBurst: intFrom(env.SYNC_MESSAGE_BURST, 2000),
    docIdleMs: intFrom(env.DOC_IDLE_MS, 5 * 60_000),
    jobLeaseMs: intFrom(env.JOB_LEASE_MS, 60_000),
    jobMaxAttempts: intFrom(env.JOB_MAX_ATTEMPTS, 5),
    jobsPerUserPerHour: intFrom(env.JOBS_PER_USER_PER_HOUR, 60),
    jobsQueuedGlobalMax: intFrom(env.JOBS_QUEUED_GLOBAL_MAX, 1000),
    argon2MemoryKiB: intFrom(env.ARGON2_MEMORY_KIB, 19456),
    logLevel: (env.LOG_LEVEL as ServerConfig["logLevel"] | undefined) ?? "info",
    accounts: loadAccountsConfig(env, dataDir),
    music: loadMusicConfig(env, { port, publicUrl }),
  };
}

function intFrom(value: string | undefined, fallback: number): number {
  if (value === undefined || value === "") return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`expected a non-negative integer, got "${value}"`);
  return n;
}

/** The embedded default: a worker credential generated once and kept beside the database (mode 0600). */
function ensureWorkerToken(dataDir: string): string {
  const file = path.join(dataDir, "worker-token");
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(dataDir, { recursive: true });
    const token = crypto.randomBytes(32).toString("base64url");
    fs.writeFileSync(file, token + "\n", { mode: 0o600 });
    return token;
  }
}
