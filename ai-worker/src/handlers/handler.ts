// Job handlers, keyed by job kind. A handler turns a request's input into its result; the worker loop does
// everything else (document, status, lease, retries).
import type { Job } from "../jobs-client.js";
import type { Logger } from "../log.js";

export interface JobContext {
  job: Job;
  /** The request's `input`, a plain JSON copy; validate it before use. */
  input: Record<string, unknown>;
  /** Aborted when the lease is lost or the worker is shutting down. */
  signal: AbortSignal;
  log: Logger;
  /** A plain JSON copy of the job's document as the worker has it (the only document it may read). */
  document: Record<string, unknown>;
}

/** Facts about an answer the worker reports with `complete`, for the server's metrics. */
export interface CompleteReport {
  source?: "model" | "rules" | "cached";
  latencyMs?: number;
  fallback?: string;
}

/** JSON-serializable result written to `request.result`. */
export type JobResult = Record<string, unknown>;

export interface JobHandler {
  readonly kind: string;
  run(context: JobContext): Promise<JobResult>;
  /**
   * How the result is stored in the document (optional; default as is), e.g. with Automerge ImmutableStrings so
   * a large answer is not a collaborative text with one operation per character.
   */
  encodeResult?(result: JobResult): JobResult;
  /** What to tell the server about this answer when completing the job (optional). */
  report?(result: JobResult): CompleteReport | undefined;
  /**
   * Further edits to the document in the same change that stores the result and sets "done" (optional), e.g.
   * the workout's `feedback`. Runs inside `handle.change`; `doc` is the live document.
   */
  applyToDocument?(
    doc: Record<string, unknown>,
    result: JobResult,
    context: { requestId: string; now: Date },
  ): void;
}

/** A failure that retrying cannot fix (e.g. invalid input): the request is marked "failed" for good. */
export class PermanentJobError extends Error {
  override name = "PermanentJobError";
}

export type HandlerRegistry = ReadonlyMap<string, JobHandler>;

export function handlerRegistry(handlers: JobHandler[]): HandlerRegistry {
  const map = new Map<string, JobHandler>();
  for (const handler of handlers) {
    if (map.has(handler.kind)) throw new Error(`two handlers for job kind "${handler.kind}"`);
    map.set(handler.kind, handler);
  }
  return map;
}
