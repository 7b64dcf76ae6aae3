import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer } from "ws";
import { hashSecret } from "../auth/tokens.js";
import type { ServerConfig } from "../config.js";
import type { AppContext } from "../context.js";
import type { Db } from "../db/database.js";
import { ApiError } from "../http/respond.js";
import type { Router } from "../http/router.js";
import type { Logger } from "../log.js";
import type { ServerMetrics } from "../server-metrics.js";
import { ACCOUNT_DELETED_CLOSE_CODE, AccountDeleter } from "../privacy/deletion.js";
import { deletionRoutes } from "../privacy/deletion-routes.js";
import { exportRoutes } from "../privacy/export/routes.js";
import { ExportRunner } from "../privacy/export/runner.js";
import { AccountHooks } from "../privacy/hooks.js";
import { createAccountMetrics } from "../privacy/metrics.js";
import type { AccountMetrics } from "../privacy/metrics.js";
import { accountRoutes } from "./account-routes.js";
import { createEmailLimits, emailRoutes } from "./email-routes.js";
import { accountDeletedError, cookieSessionId, requestFromDeletedAccount } from "./http.js";
import { Mailer } from "./mailer.js";
import { CROSS_SITE_POST_PATHS, oauthRoutes } from "./oauth/routes.js";
import { SecretKey } from "./secrets.js";
import { sessionRoutes } from "./session-routes.js";
import { AccountRecords } from "./store.js";
import { Tombstones } from "./tombstones.js";

export { CROSS_SITE_POST_PATHS };
export { TombstoneAwareOwnership } from "./tombstones.js";
export { createAccount } from "./create-account.js";
export { sendVerificationMail } from "./email-routes.js";
export { languageFromHeader } from "./language.js";

/** The accounts issue's services, part of AppContext (built before the ownership table, which consults them). */
export interface AccountServices {
  secrets: SecretKey;
  tombstones: Tombstones;
  accountRecords: AccountRecords;
  mailer: Mailer;
  /** Extension points for other modules: `onAccountDeleted`, `onExport`. */
  accountHooks: AccountHooks;
  accountMetrics: AccountMetrics;
}

export function createAccountServices(
  db: Db,
  config: ServerConfig,
  log: Logger,
  metrics: ServerMetrics,
): AccountServices {
  const accountMetrics = createAccountMetrics(metrics);
  if (config.accounts.secretKeySource === "generated") {
    log.warn(
      "SECRET_KEY is not set: generated one in the data directory (secret-key). Set it in production.",
    );
  }
  if (!config.accounts.smtpUrl) {
    log.warn("SMTP_URL is not set: mails are written to the outbox folder and their links logged.");
  }
  return {
    secrets: new SecretKey(config.accounts.secretKey),
    tombstones: new Tombstones(db),
    accountRecords: new AccountRecords(db),
    mailer: new Mailer(
      { smtpUrl: config.accounts.smtpUrl, from: config.accounts.mailFrom, dataDir: config.dataDir },
      log,
      (result) => accountMetrics.mails.inc({ result }),
    ),
    accountHooks: new AccountHooks(),
    accountMetrics,
  };
}

export interface InstalledAccounts {
  deleter: AccountDeleter;
  exports: ExportRunner;
  /**
   * For an upgrade that failed authentication: when its cookie or ticket belonged to a deleted account, completes
   * the WebSocket handshake only to close it with 4003 `account_deleted` (browsers cannot read an upgrade's HTTP
   * status, but they can read a close code), and returns true. The socket never reaches the sync service.
   */
  refuseDeletedUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, ticket: string | null): boolean;
  /** Turns a 401 for a deleted account's cookie into 401 `account_deleted` (and clears the cookie). */
  explainAuthError(req: IncomingMessage, err: unknown): unknown;
  close(): Promise<void>;
}

/** Registers every route of the accounts issue and starts its background work (exports, sweeps). */
export function installAccounts(router: Router, ctx: AppContext): InstalledAccounts {
  const exports = new ExportRunner(ctx);
  const deleter = new AccountDeleter(ctx, exports);
  accountRoutes(router, ctx);
  emailRoutes(router, ctx, createEmailLimits());
  sessionRoutes(router, ctx);
  oauthRoutes(router, ctx);
  exportRoutes(router, ctx, exports);
  deletionRoutes(router, ctx, deleter);

  ctx.metrics.gauge("cadence_export_jobs", "GDPR export jobs by state", () =>
    Object.entries(exports.store.counts()).map(
      ([state, n]) => [{ state }, n] as [Record<string, string>, number],
    ),
  );
  ctx.metrics.gauge(
    "cadence_account_deletions_failed",
    "Account deletions that did not complete and need an administrator (alert when > 0)",
    () => deleter.failedCount(),
  );

  const sweeper = setInterval(() => ctx.tombstones.purgeExpired(), 60 * 60_000);
  sweeper.unref();
  void deleter
    .resumeInterrupted()
    .catch((err: unknown) => ctx.log.error("resuming account deletions failed", { err: String(err) }));

  const closer = new WebSocketServer({ noServer: true });

  return {
    deleter,
    exports,
    refuseDeletedUpgrade(req, socket, head, ticket) {
      const deleted = ticket
        ? ctx.tombstones.ticketDeleted(Buffer.from(hashSecret(ticket)).toString("hex"))
        : req.headers.origin !== undefined && requestFromDeletedAccount(ctx, req);
      if (!deleted) return false;
      ctx.metrics.authFailures.inc({ reason: "upgrade_account_deleted" });
      closer.handleUpgrade(req, socket, head, (ws) =>
        ws.close(ACCOUNT_DELETED_CLOSE_CODE, "account_deleted"),
      );
      return true;
    },
    explainAuthError(req, err) {
      if (
        err instanceof ApiError &&
        err.status === 401 &&
        err.code === "unauthenticated" &&
        cookieSessionId(ctx, req)
      ) {
        if (requestFromDeletedAccount(ctx, req)) return accountDeletedError(ctx);
      }
      return err;
    },
    async close() {
      clearInterval(sweeper);
      closer.close();
      await exports.close();
      ctx.mailer.close();
    },
  };
}
