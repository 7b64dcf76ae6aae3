import crypto from "node:crypto";
import type http from "node:http";
import Provider from "oidc-provider";
import { freePort } from "./server.js";

export interface TestIdentity {
  sub: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
}

type Claims = Record<string, unknown>;

/**
 * A real, certified OpenID provider (panva's oidc-provider) on loopback, standing in for Google. Logins are
 * automatic: the next authorization logs in `nextLogin` and grants the requested scopes. `tamperIdToken`
 * rewrites the claims of ID Tokens the token endpoint issues and re-signs them with the provider's own key, so
 * a test can serve a validly signed token with a wrong audience, issuer or nonce.
 */
export async function startOidcProvider(opts: {
  port?: number;
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
}) {
  const port = opts.port ?? (await freePort());
  const issuer = `http://127.0.0.1:${port}`;
  const { privateKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: "jwk" }), kid: "test-rsa", alg: "RS256", use: "sig" };
  const accounts = new Map<string, TestIdentity>();
  const state: {
    nextLogin: TestIdentity;
    tamper: ((claims: Claims) => void) | null;
    resign: boolean;
    tokenRequests: number;
  } = { nextLogin: { sub: "nobody" }, tamper: null, resign: true, tokenRequests: 0 };

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: opts.clientId,
        client_secret: opts.clientSecret,
        redirect_uris: opts.redirectUris,
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    jwks: { keys: [jwk] },
    cookies: { keys: ["oidc-test-cookie-key"] },
    pkce: { required: () => true },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    // Put scope claims into the ID Token as Google does (not only into userinfo).
    conformIdTokenClaims: false,
    ttl: {
      AuthorizationCode: 60,
      Interaction: 600,
      Grant: 600,
      Session: 600,
      AccessToken: 600,
      IdToken: 600,
    },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx: unknown, sub: string) => {
      const a = accounts.get(sub);
      return a ? { accountId: sub, claims: () => ({ ...a }) } : undefined;
    },
  }) as ProviderLike;

  provider.use(async (ctx, next) => {
    if (ctx.path.startsWith("/interaction/")) {
      const details = await provider.interactionDetails(ctx.req, ctx.res);
      const who = state.nextLogin;
      accounts.set(who.sub, who);
      const grant = new provider.Grant({ accountId: who.sub, clientId: details.params.client_id as string });
      grant.addOIDCScope(String(details.params.scope));
      const grantId = await grant.save();
      const to = await provider.interactionResult(
        ctx.req,
        ctx.res,
        { login: { accountId: who.sub }, consent: { grantId } },
        { mergeWithLastSubmission: false },
      );
      ctx.status = 303;
      ctx.redirect(to);
      return;
    }
    await next();
    if (ctx.path === "/token") {
      state.tokenRequests++;
      const body = ctx.body as { id_token?: string } | undefined;
      if (state.tamper && body?.id_token) {
        body.id_token = resign(body.id_token, state.tamper, state.resign ? privateKey : null);
      }
    }
  });

  const server = provider.listen(port, "127.0.0.1");
  await new Promise<void>((r) => server.once("listening", () => r()));
  return {
    issuer,
    state,
    login(identity: TestIdentity) {
      state.nextLogin = identity;
    },
    /** Rewrites issued ID Tokens' claims; re-signed with the provider's key unless `resign` is false. */
    tamperIdToken(fn: ((claims: Claims) => void) | null, { resign = true } = {}) {
      state.tamper = fn;
      state.resign = resign;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

function resign(jwt: string, tamper: (c: Claims) => void, key: crypto.KeyObject | null): string {
  const [h, p, sig] = jwt.split(".");
  const claims = JSON.parse(Buffer.from(p!, "base64url").toString()) as Claims;
  tamper(claims);
  const input = `${h}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}`;
  // Without a key the original signature stays: it no longer matches the altered claims.
  return `${input}.${key ? crypto.sign("sha256", Buffer.from(input), key).toString("base64url") : sig}`;
}

interface KoaCtx {
  path: string;
  req: http.IncomingMessage;
  res: http.ServerResponse;
  status: number;
  body: unknown;
  redirect(url: string): void;
}
interface ProviderLike {
  use(mw: (ctx: KoaCtx, next: () => Promise<void>) => Promise<void>): void;
  listen(port: number, host: string): http.Server;
  interactionDetails(
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ): Promise<{ params: Record<string, unknown> }>;
  interactionResult(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    result: unknown,
    opts: { mergeWithLastSubmission: boolean },
  ): Promise<string>;
  Grant: new (init: { accountId: string; clientId: string }) => {
    addOIDCScope(scope: string): void;
    save(): Promise<string>;
  };
}
