/**
 * The sync server's HTTP API (see the platform contract). Same-origin only: the session is an HttpOnly cookie,
 * and state-changing requests carry a JSON body so the server's same-origin checks apply.
 */

import type { SessionResponse } from "@cadence/shared-schema";

/** Who is signed in, and where their account document lives. */
export type Session = SessionResponse;

/** The server answered with `{ error: { code, message } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** From Retry-After on 429s. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** The request never got an HTTP answer (offline, server down, proxy error page). */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super("network request failed", { cause });
    this.name = "NetworkError";
  }
}

export function getMe(): Promise<Session> {
  return request("GET", "/api/me").then(parseSession);
}

/**
 * With EMAIL_VERIFICATION=required the server creates the account but no session until the emailed link is
 * used (202): that rejects with ApiError `verification_required`, like a login before it (`email_not_verified`).
 */
export function register(input: { email: string; password: string; displayName?: string }): Promise<Session> {
  return request("POST", "/api/auth/register", input).then((json) => {
    if (isRecord(json) && json.verificationRequired === true) {
      throw new ApiError(202, "verification_required", "Confirm your email address with the link we sent.");
    }
    return parseSession(json);
  });
}

export function login(input: { email: string; password: string }): Promise<Session> {
  return request("POST", "/api/auth/login", input).then(parseSession);
}

export async function logout(): Promise<void> {
  await request("POST", "/api/auth/logout", {});
}

async function request(method: "GET" | "POST", path: string, body?: object): Promise<unknown> {
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
  if (response.status === 204) return undefined;
  const json = await readJson(response);
  if (response.ok) return json;
  const apiError = errorBody(json);
  // A dev proxy or load balancer in front of a stopped server answers with its own 5xx page.
  if (!apiError && response.status >= 500) throw new NetworkError(new Error(`HTTP ${response.status}`));
  throw new ApiError(
    response.status,
    apiError?.code ?? "http_" + String(response.status),
    apiError?.message ?? response.statusText,
    retryAfter(response),
  );
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return (await response.json()) as unknown;
  } catch {
    return undefined;
  }
}

function errorBody(json: unknown): { code: string; message: string } | undefined {
  if (!isRecord(json) || !isRecord(json.error)) return undefined;
  const { code, message } = json.error;
  return typeof code === "string" && typeof message === "string" ? { code, message } : undefined;
}

function retryAfter(response: Response): number | undefined {
  const header = response.headers.get("retry-after");
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/**
 * Responses are checked at this boundary, so the rest of the client can trust a Session. Checked by hand rather
 * than with SessionResponseSchema, so the sign-in screen's bundle does not carry zod and every schema.
 */
export function parseSession(json: unknown): Session {
  if (isRecord(json) && isRecord(json.user) && typeof json.rootDocUrl === "string") {
    const { id, email, displayName } = json.user;
    if (
      typeof id === "string" &&
      typeof email === "string" &&
      (typeof displayName === "string" || displayName == null) &&
      json.rootDocUrl.startsWith("automerge:")
    ) {
      return { user: { id, email, displayName: displayName ?? "" }, rootDocUrl: json.rootDocUrl };
    }
  }
  throw new ApiError(200, "bad_response", "unexpected response from the server");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}
