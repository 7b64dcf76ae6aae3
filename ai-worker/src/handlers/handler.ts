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
}

/** JSON-serializable result written to `request.result`. */
export type JobResult = Record<string, unknown>;

export interface JobHandler {
  readonly kind: string;
  run(context: JobContext): Promise<JobResult>;
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
