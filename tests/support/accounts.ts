import { loadConfig } from "@cadence/sync-server";
import type { RunningServer, ServerConfig } from "@cadence/sync-server";
import { countRows, startTestServer, tempDir } from "./server.js";

type AccountsConfig = ServerConfig["accounts"];

/**
 * A test server with accounts settings merged over the defaults loadConfig gives its fresh data directory. They
 * apply from startup (OAuth clients and the mailer are built then); `publicUrl` defaults to the server's URL.
 */
export async function startAccountsServer(
  accounts: Partial<AccountsConfig> = {},
  overrides: Partial<ServerConfig> = {},
): Promise<RunningServer & { dataDir: string }> {
  const dataDir = overrides.dataDir ?? tempDir();
  const defaults = loadConfig({ DATA_DIR: dataDir, PORT: "0", CLIENT_DIR: "" }).accounts;
  const server = await startTestServer({ ...overrides, dataDir, accounts: { ...defaults, ...accounts } });
  if (!accounts.publicUrl) server.ctx.config.accounts.publicUrl = server.url;
  return server;
}

/** Rows of the session table for one user. */
export function sessionsOf(server: RunningServer, userId: string): number {
  return (
    server.ctx.db.prepare("SELECT COUNT(*) AS n FROM sessions WHERE user_id = ?").get(userId) as { n: number }
  ).n;
}

export { countRows };

/** The value of a cookie in a list of Set-Cookie headers, or undefined. */
export function setCookieValue(setCookies: string[], name: string): string | undefined {
  for (const sc of setCookies) {
    const [pair] = sc.split(";");
    const eq = pair!.indexOf("=");
    if (pair!.slice(0, eq).trim() === name) return pair!.slice(eq + 1).trim();
  }
  return undefined;
}
