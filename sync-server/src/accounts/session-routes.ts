import { JobCompleteBodySchema as NoFieldsSchema } from "@cadence/shared-schema";
import type { AppContext } from "../context.js";
import { ApiError, readOptionalJson, sendJson, sendNoContent } from "../http/respond.js";
import type { Router } from "../http/router.js";
import { clearedSessionCookie } from "../http/session-cookie.js";
import { requireUser } from "./http.js";
import { describeDevice } from "./user-agent.js";

/**
 * The ids the session list shows are derived from the session id with a keyed hash: half of the session token
 * never reaches page scripts, yet each row can be addressed.
 */
export function publicSessionId(ctx: AppContext, sessionId: string): string {
  return ctx.secrets.sign("session-public-id", sessionId).slice(0, 22);
}

/** The user's sessions that have not expired (rows of expired ones linger until they are next presented). */
function liveSessions(ctx: AppContext, userId: string) {
  return ctx.accountRecords.sessions(userId).filter((s) => ctx.sessions.isLive(s.id));
}

/** Where you are signed in: list sessions, sign one out, sign out every other. */
export function sessionRoutes(router: Router, ctx: AppContext): void {
  router.on("GET", "/api/auth/sessions", (req, res) => {
    const { session, user } = requireUser(ctx, req);
    const online = new Map<string, number>();
    for (const c of ctx.sync.connections.all()) {
      if (c.principal.kind === "user" && c.principal.userId === user.id) {
        online.set(c.principal.sessionId, (online.get(c.principal.sessionId) ?? 0) + 1);
      }
    }
    const now = Date.now();
    const sessions = liveSessions(ctx, user.id).map((s) => {
      const device = describeDevice(s.userAgent);
      const connected = online.get(s.id) ?? 0;
      return {
        id: publicSessionId(ctx, s.id),
        current: s.id === session.id,
        device: device.label,
        browser: device.browser,
        os: device.os,
        createdAt: new Date(s.createdAt).toISOString(),
        // Refreshed at most hourly by requests; a session with an open sync socket is active right now.
        lastSeenAt: new Date(connected > 0 || s.id === session.id ? now : s.lastVerifiedAt).toISOString(),
        syncConnections: connected,
      };
    });
    sendJson(res, 200, { sessions });
    return Promise.resolve();
  });

  router.on("DELETE", "/api/auth/sessions/:id", (req, res, p) => {
    const { session, user } = requireUser(ctx, req);
    const target = liveSessions(ctx, user.id).find((s) => publicSessionId(ctx, s.id) === p.id);
    // Someone else's session and no session look the same.
    if (!target) throw new ApiError(404, "not_found", "There is no such session.");
    ctx.sessions.invalidate(target.id);
    ctx.sync.closeSession(target.id);
    if (target.id === session.id) sendNoContent(res, { "set-cookie": clearedSessionCookie(ctx) });
    else sendNoContent(res);
    return Promise.resolve();
  });

  router.on("POST", "/api/auth/sessions/revoke-others", async (req, res) => {
    const { session, user } = requireUser(ctx, req);
    await readOptionalJson(req, NoFieldsSchema);
    let revoked = 0;
    for (const s of ctx.accountRecords.sessions(user.id)) {
      if (s.id === session.id) continue;
      if (ctx.sessions.isLive(s.id)) revoked++;
      ctx.sessions.invalidate(s.id);
      ctx.sync.closeSession(s.id);
    }
    sendJson(res, 200, { revoked });
  });
}
