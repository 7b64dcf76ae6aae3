import * as oauth from "oauth4webapi";

export interface OidcClientOptions {
  issuer: string;
  clientId: string;
  /** Called for every token request (Apple's client secret is a short-lived JWT made fresh each time). */
  clientAuth: () => oauth.ClientAuth;
  scope: string;
  /** PKCE S256 (Google); Apple does not use it. */
  pkce: boolean;
  /** `form_post` makes the provider POST the callback (Apple, when name and email are requested). */
  responseMode?: "form_post";
}

/** The claims Cadence reads from a validated ID Token. */
export interface IdentityClaims {
  subject: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
}

export class OAuthFlowError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * One OpenID Connect client on oauth4webapi: endpoints from the issuer's discovery document (fetched once),
 * authorization URLs with state + nonce (+ PKCE S256), and the code exchange with oauth4webapi's validation of
 * the authorization response (`state`, RFC 9207 `iss`) and of the ID Token (`iss`, `aud`, `azp`, `exp`, `iat`,
 * `nonce`), plus a check of the ID Token's signature against the issuer's JWKS. Plain http is allowed only for
 * loopback issuers (local fakes and tests).
 */
export class OidcClient {
  #server: Promise<oauth.AuthorizationServer> | null = null;
  readonly #client: oauth.Client;
  readonly #http: { [oauth.allowInsecureRequests]?: boolean };
  readonly #jwksCache = {};

  constructor(private readonly opts: OidcClientOptions) {
    this.#client = { client_id: opts.clientId };
    const url = new URL(opts.issuer);
    this.#http =
      url.protocol === "http:" && LOOPBACK.has(url.hostname) ? { [oauth.allowInsecureRequests]: true } : {};
  }

  /** The provider's metadata, discovered once (a failed discovery is retried on the next sign-in). */
  server(): Promise<oauth.AuthorizationServer> {
    this.#server ??= (async () => {
      const issuer = new URL(this.opts.issuer);
      const response = await oauth.discoveryRequest(issuer, { algorithm: "oidc", ...this.#http });
      return oauth.processDiscoveryResponse(issuer, response);
    })().catch((err: unknown) => {
      this.#server = null;
      throw err;
    });
    return this.#server;
  }

  async authorizationUrl(input: {
    redirectUri: string;
    state: string;
    nonce: string;
    codeVerifier: string;
  }): Promise<URL> {
    const as = await this.server();
    if (!as.authorization_endpoint) throw new Error("the provider has no authorization endpoint");
    const url = new URL(as.authorization_endpoint);
    const p = url.searchParams;
    p.set("client_id", this.opts.clientId);
    p.set("redirect_uri", input.redirectUri);
    p.set("response_type", "code");
    p.set("scope", this.opts.scope);
    p.set("state", input.state);
    p.set("nonce", input.nonce);
    if (this.opts.responseMode) p.set("response_mode", this.opts.responseMode);
    if (this.opts.pkce) {
      p.set("code_challenge", await oauth.calculatePKCECodeChallenge(input.codeVerifier));
      p.set("code_challenge_method", "S256");
    }
    return url;
  }

  /**
   * Validates the callback parameters and exchanges the code. Throws OAuthFlowError with a code the client can
   * show (`access_denied` when the person cancelled at the provider, `oauth_failed` otherwise).
   */
  async exchange(
    callback: URLSearchParams,
    expected: { state: string; nonce: string; codeVerifier: string; redirectUri: string },
  ): Promise<IdentityClaims> {
    const as = await this.server();
    let params: URLSearchParams;
    try {
      params = oauth.validateAuthResponse(as, this.#client, callback, expected.state);
    } catch (err) {
      // Apple says user_cancelled_authorize where the standard says access_denied.
      if (
        err instanceof oauth.AuthorizationResponseError &&
        (err.error === "access_denied" || err.error === "user_cancelled_authorize")
      ) {
        throw new OAuthFlowError("access_denied", "Sign-in was cancelled.");
      }
      throw new OAuthFlowError("oauth_failed", `authorization response rejected: ${describe(err)}`);
    }
    try {
      const response = await oauth.authorizationCodeGrantRequest(
        as,
        this.#client,
        this.opts.clientAuth(),
        params,
        expected.redirectUri,
        this.opts.pkce ? expected.codeVerifier : oauth.nopkce,
        { ...this.#http },
      );
      const result = await oauth.processAuthorizationCodeResponse(as, this.#client, response, {
        expectedNonce: expected.nonce,
        requireIdToken: true,
      });
      await oauth.validateApplicationLevelSignature(as, response, {
        ...this.#http,
        [oauth.jwksCache]: this.#jwksCache,
      });
      const claims = oauth.getValidatedIdTokenClaims(result);
      if (!claims) throw new Error("no ID Token");
      return {
        subject: claims.sub,
        email: typeof claims.email === "string" ? claims.email : null,
        // Apple sends "true"/"false" strings.
        emailVerified: claims.email_verified === true || claims.email_verified === "true",
        name: typeof claims.name === "string" ? claims.name : null,
      };
    } catch (err) {
      throw new OAuthFlowError("oauth_failed", `token exchange rejected: ${describe(err)}`);
    }
  }
}

function describe(err: unknown): string {
  if (err instanceof oauth.ResponseBodyError)
    return `${err.error}${err.error_description ? ` (${err.error_description})` : ""}`;
  if (err instanceof Error) return `${err.message}${"code" in err ? ` [${String(err.code)}]` : ""}`;
  return String(err);
}
