import { Counter, Histogram } from "../metrics.js";
import type { ServerMetrics } from "../server-metrics.js";

/** Metrics of the accounts issue, registered on the server's /metrics registry. */
export function createAccountMetrics(metrics: ServerMetrics) {
  const r = metrics.registry;
  return {
    mails: r.register(new Counter("cadence_mail_total", "Mails by result (sent, outbox, failed)")),
    oauthSignIns: r.register(
      new Counter("cadence_oauth_signins_total", "Provider sign-ins by provider and result"),
    ),
    exportsFinished: r.register(
      new Counter("cadence_export_jobs_total", "Finished GDPR export jobs by result (succeeded, failed)"),
    ),
    exportDuration: r.register(
      new Histogram(
        "cadence_export_job_duration_seconds",
        "Time from an export job's start to its end",
        [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      ),
    ),
    deletions: r.register(
      new Counter("cadence_account_deletions_total", "Account deletions by result (succeeded, failed)"),
    ),
    deletionDuration: r.register(
      new Histogram(
        "cadence_account_deletion_duration_seconds",
        "Time an account deletion took",
        [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      ),
    ),
  };
}

export type AccountMetrics = ReturnType<typeof createAccountMetrics>;
