import crypto from "node:crypto";
import http from "node:http";

export interface AppleIdentity {
  sub: string;
  email: string;
  emailVerified?: boolean;
}

/**
 * A loopback stand-in for Sign in with Apple: discovery, authorize (records the request and hands out a code
 * the test then posts to Cadence as Apple's form_post would), token (verifies the ES256 client-secret JWT:
 * signature with the team key, kid, iss = team, sub = client id, aud = issuer, expiry; and the code, once),
 * and JWKS. ID Tokens are RS256 like Apple's, with `email_verified` as a string.
 */
export async function startFakeApple(opts: { clientId: string; teamId: string; keyId: string }) {
  const { privateKey: teamKey, publicKey: teamPublic } = crypto.generateKeyPairSync("ec", {
    namedCurve: "P-256",
  });
  const { privateKey: signKey, publicKey: signPublic } = crypto.generateKeyPairSync("rsa", {
    modulusLength: 2048,
  });
  const jwk = { ...signPublic.export({ format: "jwk" }), kid: "apple-test", alg: "RS256", use: "sig" };
  const codes = new Map<
    string,
    { identity: AppleIdentity; nonce: string; redirectUri: string; used: boolean }
  >();
  const log = {
    authorizeRequests: [] as URLSearchParams[],
    tokenRequests: 0,
    clientSecretRejections: [] as string[],
    clientSecretHeaders: [] as Record<string, unknown>[],
    clientSecretClaims: [] as Record<string, unknown>[],
  };
  let next: AppleIdentity = { sub: "nobody", email: "nobody@privaterelay.appleid.test" };
  let issuer = "";

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", issuer);
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === "/.well-known/openid-configuration") {
      return json(200, {
        issuer,
        authorization_endpoint: `${issuer}/auth/authorize`,
        token_endpoint: `${issuer}/auth/token`,
        jwks_uri: `${issuer}/auth/keys`,
        response_types_supported: ["code", "code id_token"],
        response_modes_supported: ["query", "fragment", "form_post"],
        subject_types_supported: ["pairwise"],
        id_token_signing_alg_values_supported: ["RS256"],
        scopes_supported: ["openid", "email", "name"],
        token_endpoint_auth_methods_supported: ["client_secret_post"],
        claims_supported: [
          "aud",
          "email",
          "email_verified",
          "exp",
          "iat",
          "is_private_email",
          "iss",
          "nonce",
          "sub",
        ],
      });
    }
    if (url.pathname === "/auth/keys") return json(200, { keys: [jwk] });
    if (url.pathname === "/auth/authorize") {
      log.authorizeRequests.push(url.searchParams);
      const code = crypto.randomBytes(16).toString("hex");
      codes.set(code, {
        identity: next,
        nonce: url.searchParams.get("nonce") ?? "",
        redirectUri: url.searchParams.get("redirect_uri") ?? "",
        used: false,
      });
      return json(200, {
        code,
        state: url.searchParams.get("state"),
        redirectUri: url.searchParams.get("redirect_uri"),
      });
    }
    if (url.pathname === "/auth/token" && req.method === "POST") {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        log.tokenRequests++;
        const form = new URLSearchParams(Buffer.concat(chunks).toString());
        const problem = checkClientSecret(form.get("client_secret") ?? "");
        if (form.get("client_id") !== opts.clientId || problem) {
          if (problem) log.clientSecretRejections.push(problem);
          return json(400, { error: "invalid_client" });
        }
        const entry = codes.get(form.get("code") ?? "");
        if (
          !entry ||
          entry.used ||
          entry.redirectUri !== form.get("redirect_uri") ||
          form.get("grant_type") !== "authorization_code"
        ) {
          return json(400, { error: "invalid_grant" });
        }
        entry.used = true;
        const now = Math.floor(Date.now() / 1000);
        const idToken = sign(
          { alg: "RS256", kid: "apple-test" },
          {
            iss: issuer,
            aud: opts.clientId,
            exp: now + 600,
            iat: now,
            sub: entry.identity.sub,
            nonce: entry.nonce,
            nonce_supported: true,
            email: entry.identity.email,
            email_verified: String(entry.identity.emailVerified ?? true),
            is_private_email: String(entry.identity.email.includes("privaterelay")),
            auth_time: now,
          },
        );
        json(200, {
          access_token: "apple-access",
          token_type: "Bearer",
          expires_in: 3600,
          refresh_token: "apple-refresh",
          id_token: idToken,
        });
      });
      return;
    }
    res.writeHead(404).end();
  });

  function sign(header: object, claims: object): string {
    const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
    const input = `${enc(header)}.${enc(claims)}`;
    return `${input}.${crypto.sign("sha256", Buffer.from(input), signKey).toString("base64url")}`;
  }

  function checkClientSecret(jwt: string): string | null {
    const [h, p, s] = jwt.split(".");
    if (!h || !p || !s) return "not a JWT";
    const header = JSON.parse(Buffer.from(h, "base64url").toString()) as Record<string, unknown>;
    const claims = JSON.parse(Buffer.from(p, "base64url").toString()) as Record<string, number | string>;
    log.clientSecretHeaders.push(header);
    log.clientSecretClaims.push(claims);
    if (header.alg !== "ES256") return "alg";
    if (header.kid !== opts.keyId) return "kid";
    const ok = crypto.verify(
      "sha256",
      Buffer.from(`${h}.${p}`),
      { key: teamPublic, dsaEncoding: "ieee-p1363" },
      Buffer.from(s, "base64url"),
    );
    if (!ok) return "signature";
    const now = Math.floor(Date.now() / 1000);
    if (claims.iss !== opts.teamId) return "iss";
    if (claims.sub !== opts.clientId) return "sub";
    if (claims.aud !== issuer) return "aud";
    if (typeof claims.exp !== "number" || claims.exp <= now || claims.exp > now + 15_777_000) return "exp";
    return null;
  }

  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const address = server.address();
  issuer = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  return {
    get issuer() {
      return issuer;
    },
    teamKeyPem: teamKey.export({ format: "pem", type: "pkcs8" }).toString(),
    log,
    login(identity: AppleIdentity) {
      next = identity;
    },
    /** What Apple's authorize step would do for the current login: a code for this authorization request. */
    async authorize(authorizationUrl: string): Promise<{ code: string; state: string; redirectUri: string }> {
      const res = await fetch(authorizationUrl);
      return (await res.json()) as { code: string; state: string; redirectUri: string };
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
