import { Counter, Gauge, Histogram, Registry } from "./metrics.js";

/** The metrics /metrics exposes; gauges that read live state are wired in app.ts. */
export function createServerMetrics() {
  const registry = new Registry();
  return {
    registry,
    syncMessagesIn: registry.register(
      new Counter("cadence_sync_messages_in_total", "Sync messages received"),
    ),
    syncBytesIn: registry.register(new Counter("cadence_sync_bytes_in_total", "Sync bytes received")),
    syncMessagesOut: registry.register(new Counter("cadence_sync_messages_out_total", "Sync messages sent")),
    authFailures: registry.register(
      new Counter("cadence_auth_failures_total", "Rejected logins, upgrades, tickets and peers, by reason"),
    ),
    socketRejects: registry.register(
      new Counter("cadence_sync_sockets_closed_total", "Sync sockets closed by the server, by reason"),
    ),
    invalidDocuments: registry.register(
      new Counter(
        "cadence_invalid_documents_total",
        "Documents that failed their schema and were not acted on",
      ),
    ),
    docsUnloaded: registry.register(
      new Counter("cadence_documents_unloaded_total", "Idle documents unloaded from memory"),
    ),
    httpLatency: registry.register(
      new Histogram(
        "cadence_http_request_duration_seconds",
        "HTTP request latency",
        [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      ),
    ),
    aiJobs: registry.register(
      new Counter(
        "cadence_ai_jobs_total",
        "Worker answers (plan, feedback) by kind and source: model, rules, cached",
      ),
    ),
    aiFallbacks: registry.register(
      new Counter(
        "cadence_ai_fallbacks_total",
        "Answers where a configured model was not used, by kind and reason (timeout, invalid_output, ...)",
      ),
    ),
    aiLatency: registry.register(
      new Histogram(
        "cadence_ai_job_duration_seconds",
        "Time the worker spent answering (model call, validation, clamping), by kind and source",
        [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 4, 6, 8, 10, 15, 30],
      ),
    ),
    gauge: (name: string, help: string, collect: () => Array<[Record<string, string>, number]> | number) =>
      registry.register(new Gauge(name, help, collect)),
  };
}

export type ServerMetrics = ReturnType<typeof createServerMetrics>;
