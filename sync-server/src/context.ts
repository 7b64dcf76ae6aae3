import type { AccountServices } from "./accounts/index.js";
import type { AccountStore } from "./auth/accounts.js";
import type { PasswordHasher } from "./auth/passwords.js";
import type { SessionStore } from "./auth/sessions.js";
import type { FailureThrottle } from "./auth/throttle.js";
import type { TicketStore } from "./auth/tickets.js";
import type { OwnershipTable } from "./authz/ownership.js";
import type { ServerConfig } from "./config.js";
import type { Db } from "./db/database.js";
import type { JobQueue } from "./jobs/queue.js";
import type { RequestBridge } from "./jobs/request-bridge.js";
import type { Logger } from "./log.js";
import type { ServerMetrics } from "./server-metrics.js";
import type { SyncService } from "./sync/sync-service.js";
import type { ChangeAttribution } from "./sync/attribution.js";

/** Everything a route needs, built once in app.ts. */
export interface AppContext extends AccountServices {
  config: ServerConfig;
  db: Db;
  log: Logger;
  accounts: AccountStore;
  passwords: PasswordHasher;
  sessions: SessionStore;
  tickets: TicketStore;
  ownership: OwnershipTable;
  jobs: JobQueue;
  sync: SyncService;
  bridge: RequestBridge;
  attribution: ChangeAttribution;
  metrics: ServerMetrics;
  throttles: { loginAccount: FailureThrottle; loginIp: FailureThrottle; registerIp: FailureThrottle };
}
