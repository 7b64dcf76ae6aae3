import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** One OpenID provider (Google-style or Apple), every endpoint taken from the issuer's discovery document. */
export interface OidcProviderConfig {
  /** The issuer identifier; discovery is fetched from `<issuer>/.well-known/openid-configuration`. */
  issuer: string;
  clientId: string;
  /** null: computed from the public URL as `<public url>/api/auth/oauth/<provider>/callback`. */
  redirectUri: string | null;
}

export interface GoogleConfig extends OidcProviderConfig {
  clientSecret: string;
}

export interface AppleConfig extends OidcProviderConfig {
  /** Apple developer team id (the client secret JWT's `iss`). */
  teamId: string;
  /** Id of the Sign in with Apple key (the JWT header's `kid`). */
  keyId: string;
  /** The key's PKCS#8 PEM (ES256, P-256). */
  privateKeyPem: string;
}

export interface AccountsConfig {
  /** Base URL for links in emails and OAuth redirect URIs (null: `http://localhost:<port>`). */
  publicUrl: string | null;
  /** HMAC / encryption key material (32+ bytes); generated into `$DATA_DIR/secret-key` when unset. */
  secretKey: string;
  /** Where the key came from (the server warns at startup about a freshly generated one). */
  secretKeySource: "env" | "file" | "generated";
  google: GoogleConfig | null;
  apple: AppleConfig | null;
  /** `required`: no session until the email is verified; `optional`: a verification mail is sent, nothing waits. */
  emailVerification: "required" | "optional";
  /** SMTP URL for nodemailer (`smtp://user:pass@host:587`, `smtps://…`); null: mails go to `$DATA_DIR/outbox/`. */
  smtpUrl: string | null;
  mailFrom: string;
  /** How long a finished export stays downloadable. */
  exportTtlHours: number;
  /** Lifetime of OAuth state + PKCE verifier rows. */
  oauthStateTtlMs: number;
  /** Lifetime of password reset links and of email verification links. */
  resetTokenTtlMs: number;
  verifyTokenTtlMs: number;
  /** Allow http:// issuers (only ever honoured for loopback hosts: tests and local fakes). */
  allowHttpIssuers: boolean;
}

/** Reads the accounts settings (README "Configuration"); throws on a half-configured provider. */
export function loadAccountsConfig(env: NodeJS.ProcessEnv, dataDir: string): AccountsConfig {
  const production = env.NODE_ENV === "production";
  const key = env.SECRET_KEY
    ? { key: env.SECRET_KEY, source: "env" as const }
    : ensureSecretKey(dataDir, production);
  if (key.key.length < 32) throw new Error("SECRET_KEY must be at least 32 characters of random data");
  return {
    publicUrl: env.PUBLIC_URL ? env.PUBLIC_URL.replace(/\/+$/, "") : null,
    secretKey: key.key,
    secretKeySource: key.source,
    google: googleFrom(env),
    apple: appleFrom(env),
    emailVerification: env.EMAIL_VERIFICATION === "required" ? "required" : "optional",
    smtpUrl: env.SMTP_URL ? env.SMTP_URL : null,
    mailFrom: env.MAIL_FROM || "Cadence <no-reply@localhost>",
    exportTtlHours: positive(env.EXPORT_TTL_HOURS, 24),
    oauthStateTtlMs: 5 * 60_000,
    resetTokenTtlMs: 60 * 60_000,
    verifyTokenTtlMs: 48 * 60 * 60_000,
    allowHttpIssuers: env.OAUTH_ALLOW_HTTP_LOOPBACK === "true",
  };
}

function googleFrom(env: NodeJS.ProcessEnv): GoogleConfig | null {
  const set = [env.GOOGLE_CLIENT_ID, env.GOOGLE_CLIENT_SECRET].filter(Boolean).length;
  if (set === 0) return null;
  if (set !== 2) throw new Error("Google sign-in needs both GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET");
  return {
    issuer: env.GOOGLE_ISSUER || "https://accounts.google.com",
    clientId: env.GOOGLE_CLIENT_ID!,
    clientSecret: env.GOOGLE_CLIENT_SECRET!,
    redirectUri: env.GOOGLE_REDIRECT_URI || null,
  };
}

function appleFrom(env: NodeJS.ProcessEnv): AppleConfig | null {
  const keys = ["APPLE_CLIENT_ID", "APPLE_TEAM_ID", "APPLE_KEY_ID"] as const;
  const pem = env.APPLE_PRIVATE_KEY
    ? env.APPLE_PRIVATE_KEY.replace(/\\n/g, "\n")
    : env.APPLE_PRIVATE_KEY_FILE
      ? fs.readFileSync(env.APPLE_PRIVATE_KEY_FILE, "utf8")
      : "";
  const set = keys.filter((k) => env[k]).length + (pem ? 1 : 0);
  if (set === 0) return null;
  if (set !== 4) {
    throw new Error(
      "Sign in with Apple needs APPLE_CLIENT_ID, APPLE_TEAM_ID, APPLE_KEY_ID and APPLE_PRIVATE_KEY (or APPLE_PRIVATE_KEY_FILE)",
    );
  }
  return {
    issuer: env.APPLE_ISSUER || "https://appleid.apple.com",
    clientId: env.APPLE_CLIENT_ID!,
    teamId: env.APPLE_TEAM_ID!,
    keyId: env.APPLE_KEY_ID!,
    privateKeyPem: pem,
    redirectUri: env.APPLE_REDIRECT_URI || null,
  };
}

function positive(value: string | undefined, fallback: number): number {
  if (value === undefined || value === "") return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`expected a positive number, got "${value}"`);
  return n;
}

/**
 * The embedded default: a 256-bit key generated once beside the database (mode 0600), with a warning. Under
 * NODE_ENV=production a missing SECRET_KEY is a startup error instead, so a deployment never runs on a key
 * that lives only inside one container's volume by accident.
 */
function ensureSecretKey(
  dataDir: string,
  production: boolean,
): { key: string; source: "file" | "generated" } {
  const file = path.join(dataDir, "secret-key");
  try {
    return { key: fs.readFileSync(file, "utf8").trim(), source: "file" };
  } catch {
    if (production) {
      throw new Error("SECRET_KEY is required when NODE_ENV=production (32+ random bytes, e.g. base64)");
    }
    fs.mkdirSync(dataDir, { recursive: true });
    const key = crypto.randomBytes(32).toString("base64url");
    fs.writeFileSync(file, key + "\n", { mode: 0o600 });
    return { key, source: "generated" };
  }
}
