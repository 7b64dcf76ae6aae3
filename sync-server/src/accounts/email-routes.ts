import { EmailSchema, PasswordSchema } from "@cadence/shared-schema";
import type { IncomingMessage, ServerResponse } from "node:http";
import * as z from "zod";
import { FailureThrottle } from "../auth/throttle.js";
import type { AppContext } from "../context.js";
import type { Router } from "../http/router.js";
import { ApiError, clientIp, readJson, sendJson } from "../http/respond.js";
import { sessionFrom } from "../http/session-cookie.js";
import { publicBase, readForm, requireUser } from "./http.js";
import { isLanguage, languageFromHeader, userLanguage } from "./language.js";
import type { Language } from "./language.js";
import { renderMail } from "./mail-templates.js";
import { escapeHtml as e, pageText, sendPage } from "./pages.js";
import { WindowLimiter } from "./rate-limit.js";
import type { UserRecord } from "./store.js";

const TokenSchema = z.string().min(16).max(128);
const ResendBodySchema = z.object({ email: EmailSchema.optional() });
const ForgotBodySchema = z.object({ email: EmailSchema });
const VerifyBodySchema = z.object({ token: TokenSchema });
const ResetBodySchema = z.object({ token: TokenSchema, password: PasswordSchema });

/** Limits on everything that sends mail or tries tokens (per user / address, and per IP). */
export function createEmailLimits() {
  return {
    verifyPerUser: new WindowLimiter(3, 60 * 60_000),
    resetPerAddress: new WindowLimiter(3, 60 * 60_000),
    mailPerIp: new WindowLimiter(10, 60 * 60_000),
    badTokenPerIp: new FailureThrottle({ freeFailures: 20, windowMs: 15 * 60_000, maxDelayMs: 15 * 60_000 }),
  };
}
export type EmailLimits = ReturnType<typeof createEmailLimits>;

function tooMany(ms: number): ApiError {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  return new ApiError(429, "too_many_requests", `Too many requests. Try again in ${seconds} seconds.`, {
    "retry-after": String(seconds),
  });
}

const invalidToken = () =>
  new ApiError(
    400,
    "invalid_token",
    "This link does not work any more: it was used already or it expired. Ask for a new one.",
  );

/**
 * Sends (or re-sends) the verification mail; earlier verification links stop working. Never rejects (callers
 * fire and forget): a failure is logged and answers false.
 */
export async function sendVerificationMail(
  ctx: AppContext,
  user: UserRecord,
  req: IncomingMessage,
): Promise<boolean> {
  try {
    const ttlMs = ctx.config.accounts.verifyTokenTtlMs;
    ctx.accountRecords.deleteEmailTokens(user.id, "verify_email");
    const token = ctx.accountRecords.issueEmailToken("verify_email", user.id, user.email, ttlMs);
    const lang = await userLanguage(ctx, user.rootDocId);
    const link = `${publicBase(ctx, req)}/api/auth/verify-email?token=${token}&lang=${lang}`;
    const mail = renderMail("verify_email", lang, { name: user.displayName, link, ttlMs });
    return await ctx.mailer.send({ to: user.email, ...mail, link });
  } catch (err) {
    ctx.log.error("verification mail failed", { err: String(err) });
    return false;
  }
}

async function sendResetMail(ctx: AppContext, user: UserRecord, req: IncomingMessage): Promise<void> {
  const ttlMs = ctx.config.accounts.resetTokenTtlMs;
  ctx.accountRecords.deleteEmailTokens(user.id, "reset_password");
  const token = ctx.accountRecords.issueEmailToken("reset_password", user.id, user.email, ttlMs);
  const lang = await userLanguage(ctx, user.rootDocId);
  const link = `${publicBase(ctx, req)}/api/auth/reset-password?token=${token}&lang=${lang}`;
  const mail = renderMail("reset_password", lang, { name: user.displayName, link, ttlMs });
  await ctx.mailer.send({ to: user.email, ...mail, link });
}

/**
 * Consumes a verification token and marks the address verified. Every other session of the user ends (and
 * its sockets close), as the session notes ask on verification; the browser that confirms keeps its own.
 */
export function completeVerification(
  ctx: AppContext,
  token: string,
  req: IncomingMessage,
): { userId: string } | null {
  const taken = ctx.accountRecords.takeEmailToken("verify_email", token);
  if (!taken) return null;
  ctx.accountRecords.markEmailVerified(taken.userId, taken.email);
  const current = sessionFrom(ctx, req);
  const keep = current?.userId === taken.userId ? current.id : null;
  for (const s of ctx.accountRecords.sessions(taken.userId)) {
    if (s.id === keep) continue;
    ctx.sessions.invalidate(s.id);
    ctx.sync.closeSession(s.id);
  }
  return { userId: taken.userId };
}

/**
 * Consumes a reset token and sets the new password: the address counts as verified (the mailbox was proven),
 * every session of the user ends and its sockets close, other reset links stop working, and a "password
 * changed" notice goes out.
 */
export async function completeReset(ctx: AppContext, token: string, password: string): Promise<boolean> {
  const taken = ctx.accountRecords.takeEmailToken("reset_password", token);
  if (!taken) return false;
  const hash = await ctx.passwords.hash(password);
  ctx.db.transaction(() => {
    ctx.accountRecords.setPasswordHash(taken.userId, hash);
    ctx.accountRecords.markEmailVerified(taken.userId, taken.email);
    ctx.accountRecords.deleteEmailTokens(taken.userId, "reset_password");
    ctx.sessions.invalidateAllForUser(taken.userId);
  })();
  ctx.sync.closeUser(taken.userId);
  const user = ctx.accountRecords.byId(taken.userId);
  if (user) {
    void (async () => {
      const lang = await userLanguage(ctx, user.rootDocId);
      const mail = renderMail("password_changed", lang, { name: user.displayName });
      await ctx.mailer.send({ to: user.email, ...mail });
    })().catch((err: unknown) => ctx.log.error("password-changed mail failed", { err: String(err) }));
  }
  return true;
}

const isForm = (req: IncomingMessage) =>
  /^application\/x-www-form-urlencoded\b/i.test(req.headers["content-type"] ?? "");

function pageLanguage(req: IncomingMessage, url: URL): Language {
  const q = url.searchParams.get("lang");
  return isLanguage(q) ? q : (languageFromHeader(req) ?? "en");
}

/** Email verification and password reset: JSON endpoints for the app, and the pages the emailed links open. */
export function emailRoutes(router: Router, ctx: AppContext, limits: EmailLimits): void {
  const checkBadTokenThrottle = (req: IncomingMessage) => {
    const wait = limits.badTokenPerIp.retryAfterMs(clientIp(req));
    if (wait > 0) throw tooMany(wait);
  };
  const badToken = (req: IncomingMessage) => {
    limits.badTokenPerIp.fail(clientIp(req));
    ctx.metrics.authFailures.inc({ reason: "bad_email_token" });
  };

  router.on("POST", "/api/auth/verify-email/resend", async (req, res) => {
    const ip = clientIp(req);
    const body = await readJson(req, ResendBodySchema);
    const session = sessionFrom(ctx, req);
    const user = session
      ? ctx.accountRecords.byId(session.userId)
      : body.email
        ? ctx.accountRecords.byEmail(body.email)
        : null;
    if (!session && !body.email) {
      throw new ApiError(
        400,
        "invalid_request",
        "The request is invalid: email: required when not signed in.",
      );
    }
    const wait = limits.mailPerIp.retryAfterMs(ip);
    if (wait > 0) throw tooMany(wait);
    limits.mailPerIp.take(ip);
    // The same answer whether or not the address has an account, is verified already, or hit its limit.
    if (user && user.emailVerifiedAt === null && limits.verifyPerUser.take(user.id)) {
      void sendVerificationMail(ctx, user, req);
    }
    sendJson(res, 202, { ok: true });
  });

  router.on("POST", "/api/auth/verify-email", async (req, res) => {
    checkBadTokenThrottle(req);
    if (isForm(req)) return verifyForm(req, res);
    const body = await readJson(req, VerifyBodySchema);
    if (!completeVerification(ctx, body.token, req)) {
      badToken(req);
      throw invalidToken();
    }
    sendJson(res, 200, { verified: true }, { "referrer-policy": "strict-origin" });
  });

  router.on("POST", "/api/auth/forgot-password", async (req, res) => {
    const ip = clientIp(req);
    const body = await readJson(req, ForgotBodySchema);
    const wait = limits.mailPerIp.retryAfterMs(ip);
    if (wait > 0) throw tooMany(wait);
    limits.mailPerIp.take(ip);
    const user = ctx.accountRecords.byEmail(body.email);
    // Answer before any mail work, so an existing address does not take measurably longer than an unknown one.
    if (user && limits.resetPerAddress.take(user.email)) {
      setImmediate(() => {
        sendResetMail(ctx, user, req).catch((err: unknown) =>
          ctx.log.error("reset mail failed", { err: String(err) }),
        );
      });
    }
    sendJson(res, 202, { ok: true });
  });

  router.on("POST", "/api/auth/reset-password", async (req, res) => {
    checkBadTokenThrottle(req);
    if (isForm(req)) return resetFormPost(req, res);
    const body = await readJson(req, ResetBodySchema);
    if (!(await completeReset(ctx, body.token, body.password))) {
      badToken(req);
      throw invalidToken();
    }
    sendJson(res, 200, { ok: true }, { "referrer-policy": "strict-origin" });
  });

  router.on("GET", "/api/account/email", (req, res) => {
    const { user } = requireUser(ctx, req);
    sendJson(res, 200, {
      email: user.email,
      verified: user.emailVerifiedAt !== null,
      verifiedAt: user.emailVerifiedAt ? new Date(user.emailVerifiedAt).toISOString() : null,
      verificationRequired: ctx.config.accounts.emailVerification === "required",
    });
    return Promise.resolve();
  });

  // --- the pages emailed links open (no scripts; their forms post back to the same path, as a form) ---
  // They live under /api/ so the app's service worker and the dev proxy always leave them to the server.

  const invalidPage = (res: ServerResponse, lang: Language) => {
    const t = pageText(lang);
    sendPage(
      res,
      410,
      lang,
      t.invalidTitle,
      `<p>${e(t.invalidBody)}</p><a class="button" href="/">${e(t.openApp)}</a>`,
    );
  };

  router.on("GET", "/api/auth/verify-email", (req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const lang = pageLanguage(req, url);
    const token = url.searchParams.get("token") ?? "";
    // Showing the page never uses the token up (mail scanners fetch links); the button does.
    if (!ctx.accountRecords.emailTokenValid("verify_email", token))
      return Promise.resolve(invalidPage(res, lang));
    const t = pageText(lang);
    sendPage(
      res,
      200,
      lang,
      t.verifyTitle,
      `<p>${e(t.verifyBody)}</p><form method="post" action="/api/auth/verify-email">` +
        `<input type="hidden" name="token" value="${e(token)}"><input type="hidden" name="lang" value="${lang}">` +
        `<button type="submit">${e(t.verifyButton)}</button></form>`,
    );
    return Promise.resolve();
  });

  async function verifyForm(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = await readForm(req);
    const lang = isLanguage(form.get("lang")) ? (form.get("lang") as Language) : "en";
    const token = form.get("token") ?? "";
    if (!TokenSchema.safeParse(token).success || !completeVerification(ctx, token, req)) {
      badToken(req);
      return invalidPage(res, lang);
    }
    const t = pageText(lang);
    sendPage(
      res,
      200,
      lang,
      t.verifiedTitle,
      `<p>${e(t.verifiedBody)}</p><a class="button" href="/">${e(t.openApp)}</a>`,
    );
  }

  const resetForm = (res: ServerResponse, lang: Language, token: string, error: string | null) => {
    const t = pageText(lang);
    sendPage(
      res,
      error ? 400 : 200,
      lang,
      t.resetTitle,
      `<p>${e(t.resetBody)}</p>${error ? `<p class="error" role="alert">${e(error)}</p>` : ""}` +
        `<form method="post" action="/api/auth/reset-password">` +
        `<input type="hidden" name="token" value="${e(token)}"><input type="hidden" name="lang" value="${lang}">` +
        `<label for="password">${e(t.newPassword)}</label>` +
        `<input id="password" name="password" type="password" autocomplete="new-password" minlength="8" maxlength="256" required>` +
        `<label for="confirm">${e(t.confirmPassword)}</label>` +
        `<input id="confirm" name="confirm" type="password" autocomplete="new-password" minlength="8" maxlength="256" required>` +
        `<button type="submit">${e(t.resetButton)}</button></form>`,
    );
  };

  router.on("GET", "/api/auth/reset-password", (req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const lang = pageLanguage(req, url);
    const token = url.searchParams.get("token") ?? "";
    if (!ctx.accountRecords.emailTokenValid("reset_password", token))
      return Promise.resolve(invalidPage(res, lang));
    resetForm(res, lang, token, null);
    return Promise.resolve();
  });

  async function resetFormPost(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = await readForm(req);
    const lang = isLanguage(form.get("lang")) ? (form.get("lang") as Language) : "en";
    const token = form.get("token") ?? "";
    const password = form.get("password") ?? "";
    const t = pageText(lang);
    if (!TokenSchema.safeParse(token).success) {
      badToken(req);
      return invalidPage(res, lang);
    }
    // Form mistakes keep the link usable: the token is only consumed by a valid submission.
    if (password !== (form.get("confirm") ?? "")) return resetForm(res, lang, token, t.mismatch);
    if (!PasswordSchema.safeParse(password).success) return resetForm(res, lang, token, t.tooShort);
    if (!(await completeReset(ctx, token, password))) {
      badToken(req);
      return invalidPage(res, lang);
    }
    sendPage(
      res,
      200,
      lang,
      t.resetDoneTitle,
      `<p>${e(t.resetDoneBody)}</p><a class="button" href="/">${e(t.openApp)}</a>`,
    );
  }
}
