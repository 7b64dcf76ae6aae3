// The part of a document the worker reads and writes: `requests[requestId]` (the contract's DocRequest).
// TODO(shared-schema): replace with the DocRequest schema once @cadence/shared-schema exports it.
import { z } from "zod";

export const REQUEST_STATUSES = ["requested", "queued", "working", "done", "failed"] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export interface DocRequest {
  id: string;
  kind: string;
  status: RequestStatus;
  createdAt: string;
  updatedAt: string;
  input: Record<string, unknown>;
  result: Record<string, unknown> | null;
  error: string | null;
  deviceId?: string;
}

/** Any Cadence document that carries requests (account, workout, ...). */
export interface RequestsDoc {
  requests?: Record<string, DocRequest>;
}

const RequestView = z.object({
  status: z.enum(REQUEST_STATUSES),
  kind: z.string(),
  input: z.record(z.string(), z.unknown()).default({}),
  error: z.string().nullable().optional(),
});
export type RequestView = z.infer<typeof RequestView>;

/** The request as the worker needs it, validated; null when absent; an Error when malformed. */
export function readRequest(doc: RequestsDoc | undefined, requestId: string): RequestView | null | Error {
  const raw = doc?.requests?.[requestId];
  if (raw === undefined) return null;
  const parsed = RequestView.safeParse(JSON.parse(JSON.stringify(raw)));
  if (!parsed.success) {
    return new Error(
      `request ${requestId} is malformed: ${parsed.error.issues.map((i) => i.message).join("; ")}`,
    );
  }
  return parsed.data;
}

/** Mutates the request inside a `handle.change` callback; a missing request is left alone. */
export function updateRequest(
  doc: RequestsDoc,
  requestId: string,
  update: { status: RequestStatus; result?: Record<string, unknown> | null; error?: string | null },
  now: Date,
): void {
  const request = doc.requests?.[requestId];
  if (!request) return;
  request.status = update.status;
  request.updatedAt = now.toISOString();
  if (update.result !== undefined) request.result = update.result;
  if (update.error !== undefined) request.error = update.error;
}
