import { EmailSchema } from "@cadence/shared-schema";
import * as z from "zod";
import type { AppContext } from "../context.js";
import { requireUser } from "../accounts/http.js";
import { hashSecret, randomSecret } from "../auth/tokens.js";
import { ApiError, readJson, sendJson } from "../http/respond.js";
import type { Router } from "../http/router.js";
import { clearedSessionCookie } from "../http/session-cookie.js";
import type { AccountDeleter } from "./deletion.js";

const RequestBodySchema = z.object({
  password: z.string().min(1).max(256).optional(),
  confirmEmail: EmailSchema.optional(),
});
const DeleteBodySchema = z.object({ confirmToken: z.string().min(16).max(128) });

const CONFIRM_TTL_MS = 5 * 60_000;

/**
 * Account deletion with a double confirmation:
 * 1. `POST /api/account/delete/request` proves it is the person: the password (accounts with one) or the
 *    account's email address typed out (provider-only accounts) → a confirm token, valid 5 minutes, bound to
 *    this session;
 * 2. `POST /api/account/delete` with that token, after the app's "this cannot be undone" confirmation.
 */
export function deletionRoutes(router: Router, ctx: AppContext, deleter: AccountDeleter): void {
  const pending = new Map<string, { userId: string; sessionId: string; expiresAt: number }>();
  const key = (token: string) => Buffer.from(hashSecret(token)).toString("hex");

  router.on("POST", "/api/account/delete/request", async (req, res) => {
    const { session, user } = requireUser(ctx, req);
    const body = await readJson(req, RequestBodySchema);
    const throttleKey = `delete:${user.id}`;
    const wait = ctx.throttles.loginAccount.retryAfterMs(throttleKey);
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      throw new ApiError(429, "too_many_attempts", `Too many attempts. Try again in ${seconds} seconds.`, {
        "retry-after": String(seconds),
      });
    }
    let confirmed: boolean;
    if (user.hasPassword) {
      confirmed =
        body.password !== undefined && (await ctx.accounts.verify(user.email, body.password)) !== null;
    } else {
      confirmed = body.confirmEmail !== undefined && body.confirmEmail === user.email.toLowerCase();
    }
    if (!confirmed) {
      ctx.throttles.loginAccount.fail(throttleKey);
      ctx.metrics.authFailures.inc({ reason: "delete_confirmation" });
      throw new ApiError(
        403,
        "confirmation_failed",
        user.hasPassword
          ? "The password is incorrect. Enter your current password to delete your account."
          : "Type your account's email address exactly to delete your account.",
      );
    }
    ctx.throttles.loginAccount.clear(throttleKey);
    const now = Date.now();
    for (const [k, v] of pending) if (v.expiresAt <= now) pending.delete(k);
    const token = randomSecret();
    const expiresAt = now + CONFIRM_TTL_MS;
    pending.set(key(token), { userId: user.id, sessionId: session.id, expiresAt });
    sendJson(res, 200, {
      confirmToken: token,
      expiresAt: new Date(expiresAt).toISOString(),
      confirmWith: user.hasPassword ? "password" : "email",
    });
  });

  router.on("POST", "/api/account/delete", async (req, res) => {
    const { session, user } = requireUser(ctx, req);
    const body = await readJson(req, DeleteBodySchema);
    const k = key(body.confirmToken);
    const p = pending.get(k);
    if (!p || p.expiresAt <= Date.now() || p.userId !== user.id || p.sessionId !== session.id) {
      throw new ApiError(
        403,
        "confirmation_required",
        "Confirm the deletion first: enter your password (or email address) again, then confirm.",
      );
    }
    pending.delete(k);
    const result = await deleter.deleteAccount(user.id);
    sendJson(
      res,
      200,
      {
        deleted: true,
        complete: result.ok,
        message: result.ok
          ? "Your account and everything it held have been deleted."
          : "Your account is deleted and you are signed out everywhere. One clean-up step did not finish; the server's administrator has been alerted to complete it.",
      },
      { "set-cookie": clearedSessionCookie(ctx) },
    );
  });
}
