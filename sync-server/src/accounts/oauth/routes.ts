import * as oauth from "oauth4webapi";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AppContext } from "../../context.js";
import { ApiError, clientIp, parseCookies, sendJson } from "../../http/respond.js";
import type { Router } from "../../http/router.js";
import { sessionCookie } from "../../http/session-cookie.js";
import { publicBase, readForm, safeReturnPath } from "../http.js";
import { WindowLimiter } from "../rate-limit.js";
import type { Provider } from "../store.js";
import { appleClientSecret } from "./apple-secret.js";
import { OAuthFlowError, OidcClient } from "./oidc-client.js";
import { providerSignIn } from "./provider-signin.js";
import { OAuthStateStore } from "./state-store.js";

/** The one route that accepts a cross-site POST: Apple's form_post callback (its state + cookie are the check). */
export const CROSS_SITE_POST_PATHS: ReadonlySet<string> = new Set(["/api/auth/oauth/apple/callback"]);

const bindingCookie = (p: Provider) => `cadence_oauth_${p}`;
const callbackPath = (p: Provider) => `/api/auth/oauth/${p}/callback`;

/** Response parameters of the authorization response itself (Apple's form_post also carries `user`). */
const AUTH_RESPONSE_PARAMS = ["code", "state", "iss", "error", "error_description", "error_uri"];

export function oauthClients(ctx: AppContext): Partial<Record<Provider, OidcClient>> {
  const { google, apple } = ctx.config.accounts;
  const out: Partial<Record<Provider, OidcClient>> = {};
  if (google) {
    out.google = new OidcClient({
      issuer: google.issuer,
      clientId: google.clientId,
      clientAuth: () => oauth.ClientSecretBasic(google.clientSecret),
      scope: "openid email profile",
      pkce: true,
    });
  }
  if (apple) {
    out.apple = new OidcClient({
      issuer: apple.issuer,
      clientId: apple.clientId,
      clientAuth: () =>
        oauth.ClientSecretPost(
          appleClientSecret({
            teamId: apple.teamId,
            clientId: apple.clientId,
            keyId: apple.keyId,
            privateKeyPem: apple.privateKeyPem,
            audience: apple.issuer,
          }),
        ),
      scope: "openid name email",
      pkce: false,
      responseMode: "form_post",
    });
  }
  return out;
}

/** Google- and Apple-style sign-in: start (redirect to the provider) and callback (back to the app, signed in). */
export function oauthRoutes(router: Router, ctx: AppContext): void {
  const clients = oauthClients(ctx);
  const states = new OAuthStateStore(ctx.db, ctx.config.accounts.oauthStateTtlMs);
  // Each start stores a row for 5 minutes: a generous per-IP cap keeps that table small under abuse.
  const startsPerIp = new WindowLimiter(60, 10 * 60_000);

  const redirectUri = (p: Provider, req: IncomingMessage) =>
    ctx.config.accounts[p]?.redirectUri ?? publicBase(ctx, req) + callbackPath(p);

  const cookieAttrs = (p: Provider) =>
    // Apple's callback is a cross-site POST: only a SameSite=None cookie (which must be Secure) comes along.
    p === "apple" ? "SameSite=None; Secure" : `SameSite=Lax${ctx.config.secureCookies ? "; Secure" : ""}`;
  const setBinding = (p: Provider, value: string) =>
    `${bindingCookie(p)}=${value}; Path=${callbackPath(p)}; HttpOnly; ${cookieAttrs(p)}; Max-Age=${Math.ceil(ctx.config.accounts.oauthStateTtlMs / 1000)}`;
  const clearBinding = (p: Provider) =>
    `${bindingCookie(p)}=; Path=${callbackPath(p)}; HttpOnly; ${cookieAttrs(p)}; Max-Age=0`;

  const providerOf = (name: string | undefined): Provider => {
    if ((name === "google" || name === "apple") && clients[name]) return name;
    throw new ApiError(404, "provider_not_configured", "This sign-in provider is not set up on this server.");
  };

  router.on("GET", "/api/auth/providers", (_req, res) => {
    sendJson(res, 200, {
      google: Boolean(clients.google),
      apple: Boolean(clients.apple),
      emailVerification: ctx.config.accounts.emailVerification,
    });
    return Promise.resolve();
  });

  router.on("GET", "/api/auth/oauth/:provider/start", async (req, res, params) => {
    const provider = providerOf(params.provider);
    if (!startsPerIp.take(clientIp(req))) {
      throw new ApiError(429, "too_many_requests", "Too many sign-in attempts. Try again in a few minutes.", {
        "retry-after": "600",
      });
    }
    const url = new URL(req.url ?? "/", "http://x");
    const returnTo = safeReturnPath(url.searchParams.get("return"));
    const begun = states.begin(provider, returnTo);
    let target: URL;
    try {
      target = await clients[provider]!.authorizationUrl({
        redirectUri: redirectUri(provider, req),
        ...begun,
      });
    } catch (err) {
      ctx.log.error("OAuth provider unreachable", { provider, err: String(err) });
      throw new ApiError(
        502,
        "provider_unavailable",
        "The sign-in provider could not be reached. Try again shortly.",
      );
    }
    res.writeHead(303, {
      location: target.href,
      "cache-control": "no-store",
      "set-cookie": setBinding(provider, begun.browserBinding),
    });
    res.end();
  });

  router.on("GET", "/api/auth/oauth/google/callback", async (req, res) => {
    providerOf("google");
    const params = new URL(req.url ?? "/", "http://x").searchParams;
    await finish("google", params, null, req, res);
  });

  router.on("POST", "/api/auth/oauth/apple/callback", async (req, res) => {
    providerOf("apple");
    const form = await readForm(req, 32 * 1024);
    await finish("apple", form, appleName(form.get("user")), req, res);
  });

  async function finish(
    provider: Provider,
    received: URLSearchParams,
    nameHint: string | null,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const wantsJson = /application\/json/.test(req.headers.accept ?? "");
    const cookies: string[] = [clearBinding(provider)];
    const fail = (code: string, message: string, status = 400) => {
      ctx.accountMetrics.oauthSignIns.inc({ provider, result: code });
      ctx.metrics.authFailures.inc({ reason: `oauth_${code}` });
      if (wantsJson) {
        const body = JSON.stringify({ error: { code, message } });
        res.writeHead(status, {
          "content-type": "application/json; charset=utf-8",
          "cache-control": "no-store",
          "set-cookie": cookies,
        });
        res.end(body);
      } else {
        res.writeHead(303, {
          location: `/?auth_error=${encodeURIComponent(code)}`,
          "cache-control": "no-store",
          "set-cookie": cookies,
        });
        res.end();
      }
    };

    const binding = parseCookies(req.headers.cookie)[bindingCookie(provider)];
    const taken = states.take(provider, received.get("state"), binding);
    if (!taken.ok) {
      ctx.log.warn("OAuth callback refused", { provider, reason: `state ${taken.reason}` });
      return fail("invalid_state", "This sign-in link is not valid any more. Start again.");
    }
    const params = new URLSearchParams();
    for (const k of AUTH_RESPONSE_PARAMS) {
      const v = received.get(k);
      if (v !== null) params.set(k, v);
    }
    let claims;
    try {
      claims = await clients[provider]!.exchange(params, {
        state: received.get("state")!,
        nonce: taken.pending.nonce,
        codeVerifier: taken.pending.codeVerifier,
        redirectUri: redirectUri(provider, req),
      });
    } catch (err) {
      if (err instanceof OAuthFlowError && err.code === "access_denied") {
        return fail("access_denied", "Sign-in was cancelled.");
      }
      ctx.log.warn("OAuth sign-in failed", {
        provider,
        err: String(err instanceof Error ? err.message : err),
      });
      return fail("oauth_failed", "Sign-in with the provider did not succeed. Try again.", 401);
    }
    const result = await providerSignIn(ctx, provider, claims, nameHint, req);
    if (!result.ok) return fail(result.code, result.message, 409);
    const { token } = ctx.sessions.create(result.user.id, req.headers["user-agent"] ?? "");
    cookies.push(sessionCookie(ctx, token));
    ctx.accountMetrics.oauthSignIns.inc({ provider, result: result.isNew ? "created" : "signed_in" });
    const user = { id: result.user.id, email: result.user.email, displayName: result.user.displayName };
    if (wantsJson) {
      const body = JSON.stringify({
        user,
        rootDocUrl: `automerge:${result.user.rootDocId}`,
        isNew: result.isNew,
      });
      res.writeHead(200, {
        "content-type": "application/json; charset=utf-8",
        "cache-control": "no-store",
        "set-cookie": cookies,
      });
      res.end(body);
      return;
    }
    // New people continue with onboarding; returning people go where they started.
    res.writeHead(303, {
      location: result.isNew ? "/onboarding?new=1" : taken.pending.returnTo,
      "cache-control": "no-store",
      "set-cookie": cookies,
    });
    res.end();
  }
}

/** Apple's `user` form field (first sign-in only): `{"name":{"firstName","lastName"},"email"}`. */
function appleName(raw: string | null): string | null {
  if (!raw || raw.length > 4096) return null;
  try {
    const u = JSON.parse(raw) as { name?: { firstName?: unknown; lastName?: unknown } };
    const parts = [u.name?.firstName, u.name?.lastName].filter((x): x is string => typeof x === "string");
    const name = parts.join(" ").trim();
    return name ? name.slice(0, 80) : null;
  } catch {
    return null;
  }
}
