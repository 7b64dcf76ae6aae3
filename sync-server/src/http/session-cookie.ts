import type { IncomingMessage } from "node:http";
import type { Session } from "../auth/sessions.js";
import type { AppContext } from "../context.js";
import { ApiError, parseCookies } from "./respond.js";

/** `__Host-` binds the cookie to this exact origin, but browsers accept it only over https. */
export const cookieName = (secure: boolean) => (secure ? "__Host-cadence_session" : "cadence_session");

export function sessionCookie(ctx: AppContext, token: string): string {
  const maxAge = Math.floor(ctx.sessions.idleMs / 1000);
  const secure = ctx.config.secureCookies ? "; Secure" : "";
  return `${cookieName(ctx.config.secureCookies)}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure}`;
}

export function clearedSessionCookie(ctx: AppContext): string {
  const secure = ctx.config.secureCookies ? "; Secure" : "";
  return `${cookieName(ctx.config.secureCookies)}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure}`;
}

export function sessionFrom(ctx: AppContext, req: IncomingMessage): Session | null {
  const token = parseCookies(req.headers.cookie)[cookieName(ctx.config.secureCookies)];
  return ctx.sessions.validate(token);
}

export function requireSession(ctx: AppContext, req: IncomingMessage): Session {
  const session = sessionFrom(ctx, req);
  if (!session) throw new ApiError(401, "unauthenticated", "You are not signed in. Log in and try again.");
  return session;
}

/** True when the request carries the worker's bearer credential. */
export function isWorker(ctx: AppContext, req: IncomingMessage): boolean {
  const auth = req.headers.authorization;
  if (!auth?.startsWith("Bearer ")) return false;
  const given = Buffer.from(auth.slice(7));
  const expected = Buffer.from(ctx.config.workerToken);
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}

import crypto from "node:crypto";
