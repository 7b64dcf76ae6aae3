import type { IncomingMessage } from "node:http";
import type { Session } from "../auth/sessions.js";
import type { AppContext } from "../context.js";
import { ApiError, parseCookies } from "../http/respond.js";
import { clearedSessionCookie, cookieName, sessionFrom } from "../http/session-cookie.js";
import type { UserRecord } from "./store.js";

export const ACCOUNT_DELETED_MESSAGE =
  "This account was deleted. Everything it held has been removed; this device should forget it too.";

/** 401 `account_deleted`; with `ctx`, the response also clears the dead session cookie. */
export function accountDeletedError(ctx?: AppContext): ApiError {
  return new ApiError(
    401,
    "account_deleted",
    ACCOUNT_DELETED_MESSAGE,
    ctx ? { "set-cookie": clearedSessionCookie(ctx) } : {},
  );
}

/** The session id in the request's session cookie, whatever state the session is in. */
export function cookieSessionId(ctx: AppContext, req: IncomingMessage): string | null {
  const token = parseCookies(req.headers.cookie)[cookieName(ctx.config.secureCookies)];
  if (!token) return null;
  const dot = token.indexOf(".");
  return dot > 0 ? token.slice(0, dot) : null;
}

/** True when the request's session cookie belonged to an account that has since been deleted. */
export function requestFromDeletedAccount(ctx: AppContext, req: IncomingMessage): boolean {
  const id = cookieSessionId(ctx, req);
  return id !== null && ctx.tombstones.sessionDeleted(id);
}

/** The signed-in session and its user; 401 `account_deleted` for a deleted account's cookie. */
export function requireUser(ctx: AppContext, req: IncomingMessage): { session: Session; user: UserRecord } {
  const session = sessionFrom(ctx, req);
  const user = session ? ctx.accountRecords.byId(session.userId) : null;
  if (!session || !user) {
    if (requestFromDeletedAccount(ctx, req)) throw accountDeletedError(ctx);
    throw new ApiError(401, "unauthenticated", "You are not signed in. Log in and try again.");
  }
  return { session, user };
}

/** Reads an `application/x-www-form-urlencoded` body (HTML forms, Apple's form_post) of at most `limit` bytes. */
export async function readForm(req: IncomingMessage, limit = 16 * 1024): Promise<URLSearchParams> {
  const type = req.headers["content-type"] ?? "";
  if (!/^application\/x-www-form-urlencoded\b/i.test(type)) {
    throw new ApiError(415, "unsupported_media_type", "Send the form as application/x-www-form-urlencoded.");
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new ApiError(413, "payload_too_large", `The form is larger than ${limit} bytes.`);
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

/** The base URL for links we send out and for OAuth redirect URIs. */
export function publicBase(ctx: AppContext, req?: IncomingMessage): string {
  if (ctx.config.accounts.publicUrl) return ctx.config.accounts.publicUrl;
  const port = ctx.config.port || req?.socket.localPort || 8080;
  return `http://localhost:${port}`;
}

/** A same-origin path to return to after a redirect flow: "/..." but never "//host" or "/\\host"; else "/". */
export function safeReturnPath(value: string | null | undefined): string {
  if (!value || value.length > 512) return "/";
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return "/";
  try {
    const url = new URL(value, "http://x");
    if (url.origin !== "http://x") return "/";
    return url.pathname + url.search + url.hash;
  } catch {
    return "/";
  }
}
