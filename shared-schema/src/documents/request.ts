// DocRequest: a job a device asks for by writing it into a document (works offline). The client writes
// "requested"; the server validates the document, enqueues a job idempotently by request id and sets "queued";
// the worker sets "working", then "done" with a result or "failed" with an error.
import * as z from "zod";
import { makeUuid } from "../ids.js";
import { DeviceIdSchema, IsoDateTimeSchema, JsonObjectSchema, recordById } from "./primitives.js";

export const REQUEST_KINDS = ["echo", "plan", "feedback"] as const;
export const RequestKindSchema = z.enum(REQUEST_KINDS);
export type RequestKind = z.infer<typeof RequestKindSchema>;

export const REQUEST_STATUSES = ["requested", "queued", "working", "done", "failed"] as const;
export const RequestStatusSchema = z.enum(REQUEST_STATUSES);
export type RequestStatus = z.infer<typeof RequestStatusSchema>;

/** Statuses after which nobody touches the request again. */
export function isFinalRequestStatus(status: RequestStatus): boolean {
  return status === "done" || status === "failed";
}

/** "echo" is the trivial job used to prove the pipeline end to end. */
export const EchoInputSchema = z.object({ text: z.string().max(1000) });
export type EchoInput = z.infer<typeof EchoInputSchema>;
export const EchoResultSchema = z.object({ echoed: z.string().max(1000), at: IsoDateTimeSchema });
export type EchoResult = z.infer<typeof EchoResultSchema>;

// Fields every request kind shares. `deviceId` is optional in the contract: absent, never undefined.
const requestFields = {
  id: z.uuid(),
  status: RequestStatusSchema,
  createdAt: IsoDateTimeSchema,
  updatedAt: IsoDateTimeSchema,
  error: z.string().max(2000).nullable(),
  deviceId: DeviceIdSchema.optional(),
  /** Set with status "failed" when a quota refused the request: when asking again will be accepted. */
  retryAt: IsoDateTimeSchema.optional(),
};

export const EchoRequestSchema = z.object({
  ...requestFields,
  kind: z.literal("echo"),
  input: EchoInputSchema,
  result: EchoResultSchema.nullable(),
});

// Plan and feedback inputs/results are free-form objects until the planner's schema (src/plan) pins them.
export const PlanRequestSchema = z.object({
  ...requestFields,
  kind: z.literal("plan"),
  input: JsonObjectSchema,
  result: JsonObjectSchema.nullable(),
});

export const FeedbackRequestSchema = z.object({
  ...requestFields,
  kind: z.literal("feedback"),
  input: JsonObjectSchema,
  result: JsonObjectSchema.nullable(),
});

export const DocRequestSchema = z.discriminatedUnion("kind", [
  EchoRequestSchema,
  PlanRequestSchema,
  FeedbackRequestSchema,
]);
export type DocRequest = z.infer<typeof DocRequestSchema>;
export type EchoRequest = z.infer<typeof EchoRequestSchema>;
export type PlanRequest = z.infer<typeof PlanRequestSchema>;
export type FeedbackRequest = z.infer<typeof FeedbackRequestSchema>;

/** `requests` field of a document: requests keyed by their id. */
export const RequestMapSchema = recordById(DocRequestSchema);
export type RequestMap = z.infer<typeof RequestMapSchema>;

type InputOf<K extends RequestKind> = Extract<DocRequest, { kind: K }>["input"];

export interface NewRequestOptions {
  readonly id?: string;
  readonly deviceId?: string;
  readonly now?: Date;
}

/** A new request in status "requested", ready to be stored at `requests[request.id]`. */
export function newDocRequest<K extends RequestKind>(
  kind: K,
  input: InputOf<K>,
  options: NewRequestOptions = {},
): Extract<DocRequest, { kind: K }> {
  const at = (options.now ?? new Date()).toISOString();
  const request = {
    id: options.id ?? makeUuid(),
    kind,
    status: "requested" as const,
    createdAt: at,
    updatedAt: at,
    input,
    result: null,
    error: null,
    ...(options.deviceId === undefined ? {} : { deviceId: options.deviceId }),
  };
  return request as Extract<DocRequest, { kind: K }>;
}
