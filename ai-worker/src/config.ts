// Worker configuration: defaults, and how they are read from the environment.
import path from "node:path";
import { DEFAULT_BACKOFF, type BackoffOptions } from "./backoff.js";
import { isLogLevel, type LogLevel } from "./log.js";
import { modelConfigFromEnv, type ModelConfig } from "./model.js";

export interface WorkerConfig {
  /** Base URL of the sync server, e.g. http://127.0.0.1:8080 (the WebSocket URL is derived from it). */
  serverUrl: string;
  /** The worker token itself, or the file the server writes it to. */
  token: string | { file: string };
  /** Port of the optional `GET /healthz` endpoint; null disables it. */
  healthPort: number | null;
  healthHost: string;
  logLevel: LogLevel;
  /** Long-poll duration sent with each claim (the server caps it at 25 s). */
  claimWaitMs: number;
  /** How long `repo.find(docUrl)` may take before the job is failed with retry. */
  findTimeoutMs: number;
  /** How long to wait for the server to acknowledge the result change before failing with retry. */
  ackTimeoutMs: number;
  /** On shutdown, how long the current job may run before it is released (fail with retry). */
  shutdownGraceMs: number;
  /** Period of the debug-level health log line. */
  healthLogIntervalMs: number;
  /** Reconnect / retry backoff for the sync socket and the jobs API. */
  backoff: BackoffOptions;
  /** The OpenAI-compatible model for plans and feedback; null: the rule-based answers (the default). */
  model: ModelConfig | null;
}

export type WorkerConfigInput = Pick<WorkerConfig, "serverUrl" | "token"> & Partial<WorkerConfig>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

export function resolveConfig(input: WorkerConfigInput): WorkerConfig {
  return {
    healthPort: null,
    healthHost: "127.0.0.1",
    logLevel: "info",
    claimWaitMs: 25_000,
    findTimeoutMs: 15_000,
    ackTimeoutMs: 10_000,
    shutdownGraceMs: 10_000,
    healthLogIntervalMs: 60_000,
    backoff: DEFAULT_BACKOFF,
    model: null,
    ...input,
  };
}

/**
 * Reads CADENCE_SERVER_URL, PORT, WORKER_TOKEN, DATA_DIR, WORKER_HEALTH_PORT, WORKER_HEALTH_HOST, LOG_LEVEL and
 * the model's OPENAI_API_KEY, OPENAI_BASE_URL, OPENAI_MODEL, OPENAI_TIMEOUT_MS, OPENAI_MAX_RETRIES.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const port = env.PORT?.trim() || "8080";
  const serverUrl = env.CADENCE_SERVER_URL?.trim() || `http://127.0.0.1:${port}`;
  let parsed: URL;
  try {
    parsed = new URL(serverUrl);
  } catch {
    throw new ConfigError(`CADENCE_SERVER_URL is not a valid URL: ${serverUrl}`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new ConfigError(`CADENCE_SERVER_URL must be http(s), got ${parsed.protocol}`);
  }

  const dataDir = path.resolve(env.DATA_DIR?.trim() || "./data");
  const envToken = env.WORKER_TOKEN?.trim();
  const token = envToken ? envToken : { file: path.join(dataDir, "worker-token") };

  const healthRaw = env.WORKER_HEALTH_PORT?.trim();
  let healthPort: number | null = null;
  if (healthRaw) {
    healthPort = Number(healthRaw);
    if (!Number.isInteger(healthPort) || healthPort < 0 || healthPort > 65_535) {
      throw new ConfigError(`WORKER_HEALTH_PORT must be a port number, got ${healthRaw}`);
    }
  }

  const level = env.LOG_LEVEL?.trim().toLowerCase() || "info";
  if (!isLogLevel(level)) throw new ConfigError(`LOG_LEVEL must be debug|info|warn|error, got ${level}`);

  return resolveConfig({
    serverUrl: serverUrl.replace(/\/+$/, ""),
    token,
    healthPort,
    healthHost: env.WORKER_HEALTH_HOST?.trim() || "127.0.0.1",
    logLevel: level,
    model: modelConfigFromEnv(env),
  });
}
