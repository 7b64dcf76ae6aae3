// Typed HTTP client of the worker API (jobs and sync tickets). Every outcome, including connection refused,
// timeouts and malformed bodies, comes back as an ApiResult; no method rejects.
import { z } from "zod";
import { errorMessage } from "./log.js";
import type { WorkerToken } from "./token.js";

const LeaseExpiry = z.union([z.string().min(1), z.number()]);

const JobSchema = z.object({
  id: z.string().min(1),
  requestId: z.string().min(1),
  kind: z.string().min(1),
  docUrl: z.string().min(1),
  attempts: z.number().int().nonnegative(),
  leaseExpiresAt: LeaseExpiry,
});
const ClaimResponse = z.object({ job: JobSchema });
const HeartbeatResponse = z.object({ leaseExpiresAt: LeaseExpiry });
const TicketResponse = z.object({ ticket: z.string().min(1), expiresAt: z.union([z.string(), z.number()]) });
const ErrorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

export type Job = z.infer<typeof JobSchema>;
export type SyncTicket = z.infer<typeof TicketResponse>;

export type ApiError =
  /** Could not talk to the server at all: refused, reset, DNS, timeout. */
  | { type: "network"; message: string }
  /** The caller's AbortSignal fired (shutdown). */
  | { type: "aborted" }
  /** No worker token yet (the server has not written the token file). */
  | { type: "no-token"; message: string }
  /** The server answered with an unexpected status. */
  | { type: "http"; status: number; code: string; message: string; retryAfterMs: number | null }
  /** The server answered 2xx with a body we do not understand. */
  | { type: "invalid-response"; status: number; message: string };

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export function describeApiError(error: ApiError): string {
  switch (error.type) {
    case "network":
      return `server unreachable (${error.message})`;
    case "aborted":
      return "aborted";
    case "no-token":
      return error.message;
    case "http":
      return `HTTP ${error.status} ${error.code}: ${error.message}`;
    case "invalid-response":
      return `invalid response (HTTP ${error.status}): ${error.message}`;
  }
}

/** The job no longer belongs to us (expired, reassigned, unknown). */
export function isLeaseLost(error: ApiError): boolean {
  return error.type === "http" && [404, 409, 410].includes(error.status);
}

export interface JobsClientOptions {
  serverUrl: string;
  token: WorkerToken;
  /** Per-request timeout for everything but the claim long-poll (which gets waitMs + this). */
  requestTimeoutMs?: number;
  fetch?: typeof fetch;
}

export class JobsClient {
  readonly #base: string;
  readonly #token: WorkerToken;
  readonly #timeoutMs: number;
  readonly #fetch: typeof fetch;

  constructor(options: JobsClientOptions) {
    this.#base = options.serverUrl.replace(/\/+$/, "");
    this.#token = options.token;
    this.#timeoutMs = options.requestTimeoutMs ?? 10_000;
    this.#fetch = options.fetch ?? fetch;
  }

  /** Long-polls for a job of one of `kinds`; `value` is null when none arrived within waitMs (204). */
  async claim(kinds: string[], waitMs: number, signal?: AbortSignal): Promise<ApiResult<Job | null>> {
    const res = await this.#post(
      "/api/worker/jobs/claim",
      { kinds, waitMs },
      waitMs + this.#timeoutMs,
      signal,
    );
    if (!res.ok) return res;
    if (res.value.status === 204) return { ok: true, value: null };
    return parse(res.value, ClaimResponse, (body) => body.job);
  }

  async heartbeat(
    jobId: string,
    signal?: AbortSignal,
  ): Promise<ApiResult<{ leaseExpiresAt: string | number }>> {
    const res = await this.#post(
      `/api/worker/jobs/${encodeURIComponent(jobId)}/heartbeat`,
      {},
      undefined,
      signal,
    );
    if (!res.ok) return res;
    return parse(res.value, HeartbeatResponse, (body) => body);
  }

  /** `report` (source, latency, fallback reason) feeds the server's metrics; `{}` when there is none. */
  async complete(
    jobId: string,
    signal?: AbortSignal,
    report?: { source?: string; latencyMs?: number; fallback?: string },
  ): Promise<ApiResult<void>> {
    const res = await this.#post(
      `/api/worker/jobs/${encodeURIComponent(jobId)}/complete`,
      report ?? {},
      undefined,
      signal,
    );
    return res.ok ? { ok: true, value: undefined } : res;
  }

  async fail(
    jobId: string,
    failure: { reason: string; retry: boolean },
    signal?: AbortSignal,
  ): Promise<ApiResult<void>> {
    const body = { reason: failure.reason.slice(0, 1000), retry: failure.retry };
    const res = await this.#post(
      `/api/worker/jobs/${encodeURIComponent(jobId)}/fail`,
      body,
      undefined,
      signal,
    );
    return res.ok ? { ok: true, value: undefined } : res;
  }

  /** A one-time, short-lived ticket for `GET /sync?ticket=...`. */
  async syncTicket(signal?: AbortSignal): Promise<ApiResult<SyncTicket>> {
    const res = await this.#post("/api/sync/ticket", {}, undefined, signal);
    if (!res.ok) return res;
    return parse(res.value, TicketResponse, (body) => body);
  }

  async #post(
    path: string,
    body: unknown,
    timeoutMs = this.#timeoutMs,
    signal?: AbortSignal,
  ): Promise<ApiResult<{ status: number; json: unknown }>> {
    if (signal?.aborted) return { ok: false, error: { type: "aborted" } };
    const token = await this.#token.get();
    if (!token) {
      return {
        ok: false,
        error: { type: "no-token", message: `no worker token yet (${this.#token.source})` },
      };
    }
    const timeout = AbortSignal.timeout(timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    let response: Response;
    let text: string;
    try {
      response = await this.#fetch(`${this.#base}${path}`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify(body),
        signal: combined,
      });
      text = await response.text();
    } catch (error) {
      if (signal?.aborted) return { ok: false, error: { type: "aborted" } };
      const message = timeout.aborted ? `timed out after ${timeoutMs} ms` : errorMessage(error);
      return { ok: false, error: { type: "network", message } };
    }

    if (response.status === 401) this.#token.invalidate();
    if (response.status < 200 || response.status >= 300) {
      return { ok: false, error: httpError(response, text) };
    }
    if (response.status === 204 || text.trim() === "") {
      return { ok: true, value: { status: response.status, json: null } };
    }
    try {
      return { ok: true, value: { status: response.status, json: JSON.parse(text) as unknown } };
    } catch {
      return {
        ok: false,
        error: { type: "invalid-response", status: response.status, message: "body is not JSON" },
      };
    }
  }
}

function parse<S extends z.ZodType, T>(
  res: { status: number; json: unknown },
  schema: S,
  pick: (body: z.infer<S>) => T,
): ApiResult<T> {
  const parsed = schema.safeParse(res.json);
  if (!parsed.success) {
    const message = parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ");
    return { ok: false, error: { type: "invalid-response", status: res.status, message } };
  }
  return { ok: true, value: pick(parsed.data) };
}

function httpError(response: Response, text: string): ApiError {
  let code = "http_error";
  let message = response.statusText || "request failed";
  try {
    const parsed = ErrorBody.safeParse(JSON.parse(text));
    if (parsed.success) ({ code, message } = parsed.data.error);
  } catch {
    // not a JSON error body; keep the status text
  }
  const retryAfter = Number(response.headers.get("retry-after"));
  const retryAfterMs = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : null;
  return { type: "http", status: response.status, code, message, retryAfterMs };
}
