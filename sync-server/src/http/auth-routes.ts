import {
  JobCompleteBodySchema as NoFieldsSchema,
  LoginBodySchema,
  RegisterBodySchema,
} from "@cadence/shared-schema";
import { createAccount, languageFromHeader, sendVerificationMail } from "../accounts/index.js";
import { nameFromEmail } from "../accounts/create-account.js";
import type { AppContext } from "../context.js";
import type { Router } from "./router.js";
import { ApiError, clientIp, readJson, readOptionalJson, sendJson, sendNoContent } from "./respond.js";
import { clearedSessionCookie, isWorker, requireSession, sessionCookie } from "./session-cookie.js";

const GENERIC_LOGIN_FAILURE = "The email or password is incorrect.";

function tooMany(ms: number, what: string): ApiError {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  return new ApiError(429, "too_many_attempts", `Too many ${what}. Try again in ${seconds} seconds.`, {
    "retry-after": String(seconds),
  });
}

export function authRoutes(router: Router, ctx: AppContext): void {
  const userView = (u: { id: string; email: string; displayName: string }) => ({
    id: u.id,
    email: u.email,
    displayName: u.displayName,
  });
  const rootUrl = (docId: string) => `automerge:${docId}`;

  router.on("POST", "/api/auth/register", async (req, res) => {
    const ip = clientIp(req);
    const wait = ctx.throttles.registerIp.retryAfterMs(ip);
    if (wait > 0) throw tooMany(wait, "sign-up attempts from this network");
    const body = await readJson(req, RegisterBodySchema);
    // Every registration counts against the IP, so the endpoint cannot be used to probe many emails quickly.
    ctx.throttles.registerIp.fail(ip);
    if (ctx.accounts.emailTaken(body.email)) {
      throw new ApiError(
        409,
        "registration_failed",
        "An account could not be created with these details. If you already have an account, log in instead.",
      );
    }
    const passwordHash = await ctx.passwords.hash(body.password);
    // The same path as a first provider sign-in (accounts/create-account.ts): root document, user, ownership.
    const user = await createAccount(ctx, {
      email: body.email,
      displayName: body.displayName?.trim() || nameFromEmail(body.email),
      passwordHash,
      emailVerified: false,
      language: languageFromHeader(req),
    });
    if (!user) {
      throw new ApiError(
        409,
        "registration_failed",
        "An account could not be created with these details. If you already have an account, log in instead.",
      );
    }
    void sendVerificationMail(ctx, user, req);
    if (ctx.config.accounts.emailVerification === "required") {
      // EMAIL_VERIFICATION=required: no session until the link in the mail has been used.
      sendJson(res, 202, { verificationRequired: true, email: user.email });
      return;
    }
    const { token } = ctx.sessions.create(user.id, req.headers["user-agent"] ?? "");
    sendJson(
      res,
      201,
      { user: userView(user), rootDocUrl: rootUrl(user.rootDocId) },
      {
        "set-cookie": sessionCookie(ctx, token),
      },
    );
  });

  router.on("POST", "/api/auth/login", async (req, res) => {
    const ip = clientIp(req);
    const body = await readJson(req, LoginBodySchema);
    const account = body.email.trim().toLowerCase();
    const wait = Math.max(
      ctx.throttles.loginIp.retryAfterMs(ip),
      ctx.throttles.loginAccount.retryAfterMs(account),
    );
    if (wait > 0) {
      ctx.metrics.authFailures.inc({ reason: "login_throttled" });
      throw tooMany(wait, "login attempts");
    }
    const user = await ctx.accounts.verify(body.email, body.password);
    if (!user) {
      ctx.throttles.loginIp.fail(ip);
      ctx.throttles.loginAccount.fail(account);
      ctx.metrics.authFailures.inc({ reason: "bad_credentials" });
      throw new ApiError(401, "invalid_credentials", GENERIC_LOGIN_FAILURE);
    }
    ctx.throttles.loginAccount.clear(account);
    const emailVerified = ctx.accountRecords.byId(user.id)?.emailVerifiedAt != null;
    if (ctx.config.accounts.emailVerification === "required" && !emailVerified) {
      throw new ApiError(
        403,
        "email_not_verified",
        "Confirm your email address first: open the link we sent you, or ask for a new one.",
      );
    }
    const { token } = ctx.sessions.create(user.id, req.headers["user-agent"] ?? "");
    sendJson(
      res,
      200,
      { user: userView(user), rootDocUrl: rootUrl(user.rootDocId) },
      {
        "set-cookie": sessionCookie(ctx, token),
      },
    );
  });

  router.on("POST", "/api/auth/logout", async (req, res) => {
    const session = requireSession(ctx, req);
    await readOptionalJson(req, NoFieldsSchema);
    ctx.sessions.invalidate(session.id);
    ctx.sync.closeSession(session.id);
    sendNoContent(res, { "set-cookie": clearedSessionCookie(ctx) });
  });

  router.on("GET", "/api/me", (req, res) => {
    const session = requireSession(ctx, req);
    const user = ctx.accounts.byId(session.userId);
    if (!user) throw new ApiError(401, "unauthenticated", "You are not signed in. Log in and try again.");
    sendJson(res, 200, { user: userView(user), rootDocUrl: rootUrl(user.rootDocId) });
    return Promise.resolve();
  });

  router.on("POST", "/api/sync/ticket", async (req, res) => {
    if (isWorker(ctx, req)) {
      await readOptionalJson(req, NoFieldsSchema);
      sendJson(res, 201, ticketView(ctx.tickets.issue({ kind: "worker" })));
      return;
    }
    const session = requireSession(ctx, req);
    await readOptionalJson(req, NoFieldsSchema);
    sendJson(
      res,
      201,
      ticketView(ctx.tickets.issue({ kind: "user", userId: session.userId, sessionId: session.id })),
    );
  });
}

const ticketView = (t: { ticket: string; expiresAt: number }) => ({
  ticket: t.ticket,
  expiresAt: new Date(t.expiresAt).toISOString(),
});
