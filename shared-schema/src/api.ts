// HTTP bodies of the platform contract: request schemas the server validates, response schemas clients may
// check, and the error body every endpoint uses.
import * as z from "zod";
import { UserIdSchema } from "./ids.js";
import { DocUrlSchema, IsoDateTimeSchema } from "./documents/primitives.js";

/** Emails are compared case-insensitively: trimmed and lower-cased before the format check. */
export const EmailSchema = z.string().trim().toLowerCase().pipe(z.email("Invalid email address").max(254));

/** At least 8 characters, never truncated; 256 caps the hashing work a single request can ask for. */
export const PasswordSchema = z.string().min(8).max(256);

export const DisplayNameSchema = z.string().trim().min(1).max(80);

export const RegisterBodySchema = z.object({
  email: EmailSchema,
  password: PasswordSchema,
  displayName: DisplayNameSchema.optional(),
});
export type RegisterBody = z.infer<typeof RegisterBodySchema>;

// Login does not apply the length rule: a wrong password gets the generic invalid_credentials answer.
export const LoginBodySchema = z.object({
  email: EmailSchema,
  password: z.string().min(1).max(256),
});
export type LoginBody = z.infer<typeof LoginBodySchema>;

export const UserSchema = z.object({ id: UserIdSchema, email: z.email(), displayName: z.string() });
export type User = z.infer<typeof UserSchema>;

/** 201 from register, 200 from login and GET /api/me. */
export const SessionResponseSchema = z.object({ user: UserSchema, rootDocUrl: DocUrlSchema });
export type SessionResponse = z.infer<typeof SessionResponseSchema>;

export const SyncTicketResponseSchema = z.object({ ticket: z.string().min(1), expiresAt: IsoDateTimeSchema });
export type SyncTicketResponse = z.infer<typeof SyncTicketResponseSchema>;

export const MAX_CLAIM_WAIT_MS = 25_000;

/** Kinds are plain strings, so a newer worker asking for a kind this server lacks gets 204, not 400. */
export const WorkerClaimBodySchema = z.object({
  kinds: z.array(z.string().min(1).max(40)).min(1).max(20),
  waitMs: z.number().int().min(0).max(MAX_CLAIM_WAIT_MS).optional(),
});
export type WorkerClaimBody = z.infer<typeof WorkerClaimBodySchema>;

export const ClaimedJobSchema = z.object({
  id: z.string().min(1),
  requestId: z.uuid(),
  kind: z.string().min(1),
  docUrl: DocUrlSchema,
  attempts: z.number().int().min(0),
  leaseExpiresAt: IsoDateTimeSchema,
});
export type ClaimedJob = z.infer<typeof ClaimedJobSchema>;

export const WorkerClaimResponseSchema = z.object({ job: ClaimedJobSchema });
export type WorkerClaimResponse = z.infer<typeof WorkerClaimResponseSchema>;

export const JobHeartbeatResponseSchema = z.object({ leaseExpiresAt: IsoDateTimeSchema });
export type JobHeartbeatResponse = z.infer<typeof JobHeartbeatResponseSchema>;

/**
 * Optional facts about how a job was answered, for `/metrics`: which source made the answer (model, rules, or a
 * cached model answer), how long it took, and why the model was not used. `{}` (or no body) stays valid.
 */
export const JobCompleteBodySchema = z.object({
  source: z.enum(["model", "rules", "cached"]).optional(),
  latencyMs: z.number().min(0).max(3_600_000).optional(),
  fallback: z
    .string()
    .regex(/^[a-z_]{1,40}$/)
    .optional(),
});
export type JobCompleteBody = z.infer<typeof JobCompleteBodySchema>;

export const JobFailBodySchema = z.object({
  reason: z.string().min(1).max(2000),
  retry: z.boolean(),
});
export type JobFailBody = z.infer<typeof JobFailBodySchema>;

/** Every error response: `{ "error": { "code", "message" } }`, the message written for a person. */
export const ErrorBodySchema = z.object({
  error: z.object({ code: z.string().min(1), message: z.string() }),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

export function errorBody(code: string, message: string): ErrorBody {
  return { error: { code, message } };
}
