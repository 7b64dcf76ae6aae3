/**
 * The accounts and privacy endpoints of the sync server (docs/api.md, "Accounts and privacy"). Same-origin,
 * cookie-authenticated; errors are the app's ApiError / NetworkError, so screens handle them as elsewhere.
 * An ApiError with code `account_deleted` means this device must forget the account (see account-deleted.ts).
 */
import { ApiError, NetworkError } from "../api.js";

export type Provider = "google" | "apple";

export interface Providers {
  google: boolean;
  apple: boolean;
  emailVerification: "optional" | "required";
}

export interface SessionInfo {
  id: string;
  current: boolean;
  device: string;
  browser: string;
  os: string;
  createdAt: string;
  lastSeenAt: string;
  syncConnections: number;
}

export type ExportStatus = "queued" | "running" | "succeeded" | "failed" | "expired";

export interface ExportInfo {
  id: string;
  status: ExportStatus;
  /** 0–100. */
  progress: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  expiresAt: string | null;
  bytes: number | null;
  error: string | null;
  /** A signed link valid until `downloadUrlExpiresAt` (at most an hour); null unless succeeded. */
  downloadUrl: string | null;
  downloadUrlExpiresAt: string | null;
}

export interface AccountInfo {
  id: string;
  email: string;
  displayName: string;
  createdAt: string;
  emailVerified: boolean;
  hasPassword: boolean;
  providers: Array<{ provider: Provider; email: string | null; linkedAt: string }>;
  deleteConfirmWith: "password" | "email";
}

// --- sign-in providers --------------------------------------------------------------------------------------

export function getProviders(): Promise<Providers> {
  return call<Providers>("GET", "/api/auth/providers");
}

/**
 * Where "Continue with Google/Apple" navigates (a full page load, not fetch): the server redirects to the
 * provider and back, then to `/onboarding?new=1` for a new account or to `returnTo` for a returning one.
 */
export function oauthStartUrl(provider: Provider, returnTo = "/"): string {
  return `/api/auth/oauth/${provider}/start?return=${encodeURIComponent(returnTo)}`;
}

/**
 * After a failed provider sign-in the server sends the browser to `/?auth_error=<code>`: `access_denied`
 * (cancelled), `invalid_state` (expired or replayed; start again), `email_not_verified`,
 * `account_exists_unverified` (log in with the password first), `oauth_failed`. Returns the code, or null.
 */
export function oauthErrorFrom(url: URL | Location = location): string | null {
  return new URLSearchParams(url.search).get("auth_error");
}

// --- email verification and password reset ------------------------------------------------------------------

export function emailStatus(): Promise<{ email: string; verified: boolean; verificationRequired: boolean }> {
  return call("GET", "/api/account/email");
}

/** Signed in: re-sends to the account's address. Signed out (EMAIL_VERIFICATION=required): pass the address. */
export async function resendVerification(email?: string): Promise<void> {
  await call("POST", "/api/auth/verify-email/resend", email ? { email } : {});
}

export async function verifyEmail(token: string): Promise<void> {
  await call("POST", "/api/auth/verify-email", { token });
}

/** Always resolves the same way whether or not the address has an account (202). */
export async function forgotPassword(email: string): Promise<void> {
  await call("POST", "/api/auth/forgot-password", { email });
}

/** Sets a new password with the token from the emailed link; every session (this one too) ends. */
export async function resetPassword(token: string, password: string): Promise<void> {
  await call("POST", "/api/auth/reset-password", { token, password });
}

// --- account, sessions ----------------------------------------------------------------------------------------

export async function getAccount(): Promise<AccountInfo> {
  return (await call<{ account: AccountInfo }>("GET", "/api/account")).account;
}

export async function listSessions(): Promise<SessionInfo[]> {
  return (await call<{ sessions: SessionInfo[] }>("GET", "/api/auth/sessions")).sessions;
}

/** Signs one session out (its sync sockets close). Signing out the current one ends this device's session. */
export async function signOutSession(id: string): Promise<void> {
  await call("DELETE", `/api/auth/sessions/${encodeURIComponent(id)}`);
}

export async function signOutOtherSessions(): Promise<number> {
  return (await call<{ revoked: number }>("POST", "/api/auth/sessions/revoke-others", {})).revoked;
}

// --- GDPR export ----------------------------------------------------------------------------------------------

/** Starts an export, or returns the one already queued or running. */
export async function requestExport(): Promise<ExportInfo> {
  return (await call<{ export: ExportInfo }>("POST", "/api/account/export", {})).export;
}

export async function getExport(id: string): Promise<ExportInfo> {
  return (await call<{ export: ExportInfo }>("GET", `/api/account/export/${encodeURIComponent(id)}`)).export;
}

export async function listExports(): Promise<ExportInfo[]> {
  return (await call<{ exports: ExportInfo[] }>("GET", "/api/account/exports")).exports;
}

// --- account deletion -----------------------------------------------------------------------------------------

/** First confirmation: the password (or, for accounts without one, the email typed out) → a 5-minute token. */
export async function requestDeletion(
  confirm: { password: string } | { confirmEmail: string },
): Promise<{ confirmToken: string; expiresAt: string }> {
  return call("POST", "/api/account/delete/request", confirm);
}

/** Second confirmation: deletes the account and everything it holds on the server. */
export async function deleteAccount(
  confirmToken: string,
): Promise<{ deleted: true; complete: boolean; message: string }> {
  return call("POST", "/api/account/delete", { confirmToken });
}

// ----------------------------------------------------------------------------------------------------------------

async function call<T>(method: "GET" | "POST" | "DELETE", path: string, body?: object): Promise<T> {
  const init: RequestInit = { method, credentials: "same-origin", headers: { accept: "application/json" } };
  if (body !== undefined) {
    init.headers = { accept: "application/json", "content-type": "application/json" };
    init.body = JSON.stringify(body);
  }
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    throw new NetworkError(error);
  }
  if (response.status === 204) return undefined as T;
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    json = undefined;
  }
  if (response.ok) return json as T;
  const error = (json as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  if (!error && response.status >= 500) throw new NetworkError(new Error(`HTTP ${response.status}`));
  const retry = Number(response.headers.get("retry-after"));
  throw new ApiError(
    response.status,
    typeof error?.code === "string" ? error.code : `http_${response.status}`,
    typeof error?.message === "string" ? error.message : response.statusText,
    Number.isFinite(retry) && retry > 0 ? retry : undefined,
  );
}
