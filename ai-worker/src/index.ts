// Public surface of @cadence/ai-worker: createWorker(config) -> { start, stop, health }, plus the pieces tests
// and the integration suite use.
import type { PeerId, Repo } from "@automerge/automerge-repo";
import { resolveConfig, type WorkerConfig, type WorkerConfigInput } from "./config.js";
import { defaultHandlers, type HandlerRegistry } from "./handlers/index.js";
import { startHealthServer, WorkerStatus, type HealthServer, type WorkerHealth } from "./health.js";
import { JobsClient } from "./jobs-client.js";
import { ModelClient } from "./model.js";
import { createLogger, errorMessage, type Logger } from "./log.js";
import { createSyncRepo, DocumentGate, TicketSocketAdapter, workerPeerId } from "./sync.js";
import { workerToken } from "./token.js";
import { WorkerLoop } from "./worker.js";

export { loadConfig, resolveConfig, ConfigError } from "./config.js";
export type { WorkerConfig, WorkerConfigInput } from "./config.js";
export type { WorkerHealth } from "./health.js";
export { JobsClient, describeApiError } from "./jobs-client.js";
export type { ApiError, ApiResult, Job, SyncTicket } from "./jobs-client.js";
export { createLogger, silentLogger } from "./log.js";
export type { Logger, LogLevel } from "./log.js";
export { TicketSocketAdapter, syncSocketUrl, workerPeerId, waitForServerToHave } from "./sync.js";
export * from "./handlers/index.js";
export { ModelClient, modelConfigFromEnv, DEFAULT_MODEL } from "./model.js";
export type { ModelConfig, ModelOutcome } from "./model.js";
export {
  aiContextConsent,
  allowedExercises,
  buildFeedbackMessages,
  buildPlanMessages,
  ModelPlanAnswerSchema,
  noteForModel,
} from "./prompt.js";

export interface Worker {
  /** Connects, starts the health endpoint (if configured) and the claim loop. Rejects only on bad setup. */
  start(): Promise<void>;
  /** Stops claiming, finishes or releases the current job, closes the socket. Idempotent. */
  stop(): Promise<void>;
  health(): WorkerHealth;
  /** The bound health port (useful with healthPort 0), or null. */
  readonly healthPort: number | null;
  readonly peerId: PeerId;
}

export interface WorkerOverrides {
  log?: Logger;
  handlers?: HandlerRegistry;
  peerId?: PeerId;
}

export function createWorker(input: WorkerConfigInput, overrides: WorkerOverrides = {}): Worker {
  const config: WorkerConfig = resolveConfig(input);
  const log = overrides.log ?? createLogger({ level: config.logLevel });
  const handlers =
    overrides.handlers ?? defaultHandlers({ model: config.model ? new ModelClient(config.model) : null });
  const peerId = overrides.peerId ?? workerPeerId();
  const status = new WorkerStatus();
  const client = new JobsClient({ serverUrl: config.serverUrl, token: workerToken(config.token, log) });

  let adapter: TicketSocketAdapter | undefined;
  let repo: Repo | undefined;
  let loop: WorkerLoop | undefined;
  let healthServer: HealthServer | undefined;
  let healthTimer: NodeJS.Timeout | undefined;
  let stopped: Promise<void> | undefined;

  const health = (): WorkerHealth => ({
    ok: loop !== undefined && !loop.stopping,
    connected: adapter?.connected ?? false,
    jobsDone: status.jobsDone,
    jobsFailed: status.jobsFailed,
    lastError: status.lastError,
    uptime: Math.round((Date.now() - status.startedAt) / 1000),
  });

  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      log.info("worker stopping");
      clearInterval(healthTimer);
      await loop?.stop();
      if (adapter) {
        try {
          await repo?.shutdown();
        } catch (error) {
          log.debug("repo shutdown failed", { error: errorMessage(error) });
        }
        adapter.disconnect();
        await adapter.whenClosed();
      }
      await healthServer?.close();
      log.info("worker stopped", { jobsDone: status.jobsDone, jobsFailed: status.jobsFailed });
    })());

  return {
    peerId,
    get healthPort() {
      return healthServer?.port ?? null;
    },
    health,
    stop,
    async start() {
      if (adapter) return;
      log.info("worker starting", {
        peerId,
        server: config.serverUrl,
        kinds: [...handlers.keys()],
        model: config.model
          ? `${config.model.model} at ${config.model.baseURL ?? "api.openai.com"}`
          : "none (rules)",
      });
      adapter = new TicketSocketAdapter({
        serverUrl: config.serverUrl,
        getTicket: (signal) => client.syncTicket(signal),
        log,
        backoff: config.backoff,
        onError: (message) => status.recordError(message),
      });
      const gate = new DocumentGate();
      repo = createSyncRepo(adapter, peerId, gate);
      loop = new WorkerLoop({ client, repo, sync: adapter, gate, handlers, status, log, config });
      if (config.healthPort !== null) {
        try {
          healthServer = await startHealthServer(config.healthPort, config.healthHost, health);
          log.info(`health endpoint on http://${config.healthHost}:${healthServer.port}/healthz`);
        } catch (error) {
          await stop();
          throw new Error(`cannot listen on WORKER_HEALTH_PORT ${config.healthPort}: ${errorMessage(error)}`);
        }
      }
      loop.start();
      healthTimer = setInterval(() => log.debug("health", { ...health() }), config.healthLogIntervalMs);
      healthTimer.unref();
    },
  };
}
