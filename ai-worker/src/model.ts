// The language model behind plans and feedback: any OpenAI-compatible endpoint (OpenAI, Ollama, llama.cpp,
// vLLM, LM Studio) through the official `openai` client and structured outputs (`chat.completions.parse` with a
// zod response format). Every call runs under one time budget: the client's own retries are off and ours retry
// 429, 5xx and connection errors only while the budget allows another useful attempt, so a job's model time
// stays under OPENAI_TIMEOUT_MS (default 9 s, for a p95 of 10 s) and the caller can fall back in time.
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";
import { ContentFilterFinishReasonError, LengthFinishReasonError } from "openai/core/error";
import { zodResponseFormat } from "openai/helpers/zod";
import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";
import type * as z from "zod";
import type { FallbackReason } from "@cadence/shared-schema/requests";
import { ConfigError } from "./config.js";

export interface ModelConfig {
  /** Any string for local servers that need none. */
  apiKey: string;
  /** Undefined: OpenAI's own API. */
  baseURL: string | undefined;
  model: string;
  /** Whole time a job may spend on the model, all attempts included. */
  budgetMs: number;
  /** Extra attempts after a 429, 5xx or connection error, within the budget. */
  maxRetries: number;
}

export const DEFAULT_MODEL = "gpt-4o-mini";
export const DEFAULT_MODEL_BUDGET_MS = 9_000;
export const DEFAULT_MODEL_RETRIES = 1;
/** An attempt with less time than this left is not worth starting. */
const MIN_ATTEMPT_MS = 1_500;

/**
 * OPENAI_API_KEY, OPENAI_BASE_URL, OPENAI_MODEL, OPENAI_TIMEOUT_MS, OPENAI_MAX_RETRIES. No model (null) unless
 * OPENAI_API_KEY or OPENAI_BASE_URL is set: then every plan comes from the rules.
 */
export function modelConfigFromEnv(env: NodeJS.ProcessEnv): ModelConfig | null {
  const apiKey = env.OPENAI_API_KEY?.trim() || "";
  const baseURL = env.OPENAI_BASE_URL?.trim() || "";
  if (!apiKey && !baseURL) return null;
  if (baseURL) {
    let url: URL;
    try {
      url = new URL(baseURL);
    } catch {
      throw new ConfigError(`OPENAI_BASE_URL is not a valid URL: ${baseURL}`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw new ConfigError(`OPENAI_BASE_URL must be http(s), got ${url.protocol}`);
    }
  }
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got ${raw}`);
    }
    return n;
  };
  return {
    apiKey: apiKey || "not-needed",
    baseURL: baseURL ? baseURL.replace(/\/+$/, "") : undefined,
    model: env.OPENAI_MODEL?.trim() || DEFAULT_MODEL,
    budgetMs: int("OPENAI_TIMEOUT_MS", DEFAULT_MODEL_BUDGET_MS, 500, 120_000),
    maxRetries: int("OPENAI_MAX_RETRIES", DEFAULT_MODEL_RETRIES, 0, 5),
  };
}

export type ModelOutcome<T> =
  | { ok: true; value: T; attempts: number; ms: number }
  | { ok: false; reason: FallbackReason; detail: string; attempts: number; ms: number };

type Failure = { reason: FallbackReason; detail: string; retry: boolean; waitMs: number };

export interface ModelCallOptions {
  /** The job's signal: aborting it (lease lost, shutdown) rejects with its reason instead of falling back. */
  signal?: AbortSignal;
  /** Override the configured budget (tests). */
  budgetMs?: number;
  temperature?: number;
}

/** One configured model. `parse` never throws for model trouble: it reports why there is no answer. */
export class ModelClient {
  readonly #client: OpenAI;

  constructor(
    readonly config: ModelConfig,
    options: { fetch?: typeof fetch } = {},
  ) {
    this.#client = new OpenAI({
      apiKey: config.apiKey,
      baseURL: config.baseURL ?? null,
      timeout: config.budgetMs,
      maxRetries: 0,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  }

  get model(): string {
    return this.config.model;
  }

  async parse<S extends z.ZodType>(
    schema: S,
    name: string,
    messages: ChatCompletionMessageParam[],
    options: ModelCallOptions = {},
  ): Promise<ModelOutcome<z.infer<S>>> {
    const started = Date.now();
    const budget = options.budgetMs ?? this.config.budgetMs;
    const deadline = started + budget;
    const format = zodResponseFormat(schema, name);
    let attempts = 0;
    for (;;) {
      attempts += 1;
      const remaining = deadline - Date.now();
      const overall = AbortSignal.timeout(Math.max(1, remaining));
      const signal = options.signal ? AbortSignal.any([options.signal, overall]) : overall;
      let failure: Failure;
      try {
        const completion = await this.#client.chat.completions.parse(
          {
            model: this.config.model,
            messages,
            response_format: format,
            ...(options.temperature === undefined ? {} : { temperature: options.temperature }),
          },
          { signal, timeout: Math.max(1, remaining), maxRetries: 0 },
        );
        const message = completion.choices[0]?.message;
        if (message?.refusal) {
          failure = { reason: "refusal", detail: message.refusal.slice(0, 300), retry: false, waitMs: 0 };
        } else if (message?.parsed == null) {
          failure = { reason: "invalid_output", detail: "no parsed content", retry: false, waitMs: 0 };
        } else {
          return { ok: true, value: message.parsed as z.infer<S>, attempts, ms: Date.now() - started };
        }
      } catch (error) {
        if (options.signal?.aborted) throw options.signal.reason;
        failure = classify(error, overall.aborted);
      }
      const left = deadline - Date.now();
      const wait = Math.max(failure.waitMs, backoffMs(attempts));
      if (!failure.retry || attempts > this.config.maxRetries || left - wait < MIN_ATTEMPT_MS) {
        return {
          ok: false,
          reason: failure.reason,
          detail: failure.detail,
          attempts,
          ms: Date.now() - started,
        };
      }
      await sleep(wait, options.signal);
    }
  }
}

const backoffMs = (attempt: number): number => Math.min(1_000, 250 * 2 ** (attempt - 1));

function retryAfterMs(error: APIError<number | undefined, Headers | undefined>): number {
  const headers = error.headers;
  if (!headers) return 0;
  const ms = Number(headers.get("retry-after-ms"));
  if (Number.isFinite(ms) && ms > 0) return ms;
  const s = headers.get("retry-after");
  if (!s) return 0;
  const seconds = Number(s);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(s);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : 0;
}

function classify(error: unknown, budgetSpent: boolean): Failure {
  const no = (reason: FallbackReason, detail: string): Failure => ({
    reason,
    detail,
    retry: false,
    waitMs: 0,
  });
  if (budgetSpent || error instanceof APIConnectionTimeoutError || error instanceof APIUserAbortError) {
    return no("timeout", "no answer within the time budget");
  }
  if (error instanceof ContentFilterFinishReasonError) return no("refusal", "content filter");
  if (error instanceof LengthFinishReasonError) return no("invalid_output", "answer cut off (length)");
  if (error instanceof SyntaxError)
    return no("invalid_output", `malformed JSON: ${error.message.slice(0, 200)}`);
  if (isZodError(error)) {
    const first = error.issues[0];
    return no(
      "invalid_output",
      `schema: ${first ? `${first.path.join(".")} ${first.message}` : "invalid"}`.slice(0, 300),
    );
  }
  if (error instanceof APIConnectionError) {
    return { reason: "network", detail: error.message.slice(0, 200), retry: true, waitMs: 0 };
  }
  if (error instanceof APIError) {
    const apiError = error as APIError<number | undefined, Headers | undefined>;
    const status = apiError.status ?? 0;
    if (status === 429) {
      return {
        reason: "rate_limited",
        detail: "429 from the model endpoint",
        retry: true,
        waitMs: retryAfterMs(apiError),
      };
    }
    if (status >= 500 || status === 408 || status === 409) {
      return {
        reason: "server_error",
        detail: `${status} from the model endpoint`,
        retry: true,
        waitMs: retryAfterMs(apiError),
      };
    }
    return no("error", `${status} from the model endpoint`);
  }
  return no("error", error instanceof Error ? error.message.slice(0, 200) : String(error));
}

function isZodError(error: unknown): error is { issues: { path: PropertyKey[]; message: string }[] } {
  return (
    typeof error === "object" &&
    error !== null &&
    Array.isArray((error as { issues?: unknown }).issues) &&
    (error as Error).name?.includes("ZodError")
  );
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal!.reason as Error);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
