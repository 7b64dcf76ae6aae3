// Spotify's accounts service through oauth4webapi: authorization code + PKCE (S256) as a public client, every
// endpoint from configuration (so tests point it at the loopback fake).
import * as oauth from "oauth4webapi";
import { isInsecureLoopback, SPOTIFY_SCOPES, type SpotifyAppConfig } from "./config.js";
import type { SpotifyTokens } from "./store.js";

export class OAuthRefusedError extends Error {
  constructor(
    readonly oauthError: string,
    message: string,
  ) {
    super(message);
  }
}

export class SpotifyOAuth {
  readonly #as: oauth.AuthorizationServer;
  readonly #client: oauth.Client;
  readonly #insecure: boolean;

  constructor(
    private readonly app: SpotifyAppConfig,
    private readonly timeoutMs: number,
  ) {
    this.#as = {
      issuer: app.accountsUrl,
      authorization_endpoint: `${app.accountsUrl}/authorize`,
      token_endpoint: `${app.accountsUrl}/api/token`,
    };
    this.#client = { client_id: app.clientId };
    this.#insecure = isInsecureLoopback(app.accountsUrl);
  }

  /** A fresh state, PKCE verifier and the URL to send the browser to. */
  async begin(): Promise<{ state: string; codeVerifier: string; authorizeUrl: string }> {
    const state = oauth.generateRandomState();
    const codeVerifier = oauth.generateRandomCodeVerifier();
    const url = new URL(this.#as.authorization_endpoint!);
    url.search = new URLSearchParams({
      client_id: this.app.clientId,
      response_type: "code",
      redirect_uri: this.app.redirectUri,
      code_challenge_method: "S256",
      code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
      state,
      scope: SPOTIFY_SCOPES.join(" "),
    }).toString();
    return { state, codeVerifier, authorizeUrl: url.toString() };
  }

  /** Exchanges the callback's code (with the verifier) for tokens. */
  async exchange(
    callback: URLSearchParams,
    expectedState: string,
    codeVerifier: string,
  ): Promise<SpotifyTokens> {
    const params = oauth.validateAuthResponse(this.#as, this.#client, callback, expectedState);
    const response = await oauth.authorizationCodeGrantRequest(
      this.#as,
      this.#client,
      oauth.None(),
      params,
      this.app.redirectUri,
      codeVerifier,
      this.#options(),
    );
    return this.#tokens(
      await this.#process(() => oauth.processAuthorizationCodeResponse(this.#as, this.#client, response)),
      null,
    );
  }

  /** A new access token (Spotify may or may not rotate the refresh token; we keep the old one if not). */
  async refresh(refreshToken: string): Promise<SpotifyTokens> {
    const response = await oauth.refreshTokenGrantRequest(
      this.#as,
      this.#client,
      oauth.None(),
      refreshToken,
      this.#options(),
    );
    return this.#tokens(
      await this.#process(() => oauth.processRefreshTokenResponse(this.#as, this.#client, response)),
      refreshToken,
    );
  }

  #options(): oauth.TokenEndpointRequestOptions {
    return { [oauth.allowInsecureRequests]: this.#insecure, signal: AbortSignal.timeout(this.timeoutMs) };
  }

  async #process(run: () => Promise<oauth.TokenEndpointResponse>): Promise<oauth.TokenEndpointResponse> {
    try {
      return await run();
    } catch (err) {
      if (err instanceof oauth.ResponseBodyError) {
        throw new OAuthRefusedError(err.error, err.error_description ?? err.error);
      }
      throw err;
    }
  }

  #tokens(r: oauth.TokenEndpointResponse, previousRefresh: string | null): SpotifyTokens {
    const refreshToken = r.refresh_token ?? previousRefresh;
    if (!refreshToken)
      throw new OAuthRefusedError("invalid_response", "Spotify did not return a refresh token.");
    return {
      accessToken: r.access_token,
      refreshToken,
      expiresAt: Date.now() + Math.max(60, r.expires_in ?? 3600) * 1000,
      scope: typeof r.scope === "string" ? r.scope : SPOTIFY_SCOPES.join(" "),
    };
  }
}
