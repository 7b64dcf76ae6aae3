// Field schemas shared by every document kind. Document schemas never use `.default()` or cross-field rules:
// a document must stay valid after Automerge merges two valid concurrent edits field by field, and what the
// schema accepts must be exactly what is stored (defaults come from the factories and migrations instead).
import * as z from "zod";

/** Timestamps are UTC ISO strings as written by `Date.prototype.toISOString()`, so they sort as strings. */
export const IsoDateTimeSchema = z.iso.datetime();

/** A calendar day, `YYYY-MM-DD`, in the user's own time zone. */
export const IsoDateSchema = z.iso.date();

/** Ids of map entries (log entries, context entries, playlists...): url-safe, stable, never counters. */
export const EntryIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, "Invalid id: expected 1-64 of [A-Za-z0-9_-]");

/** Which device wrote something: an opaque id the client keeps per installation. */
export const DeviceIdSchema = z.string().min(1).max(128);

/** Base58 alphabet used by automerge-repo document ids. */
const BASE58 = "[1-9A-HJ-NP-Za-km-z]";

/** An automerge-repo document id (base58check; only the shape is checked here, not the checksum). */
export const DocumentIdSchema = z.string().regex(new RegExp(`^${BASE58}{10,64}$`), "Invalid document id");

/** A link to another document: `automerge:<documentId>`, without a heads (`#...`) suffix. */
export const DocUrlSchema = z
  .string()
  .regex(new RegExp(`^automerge:${BASE58}{10,64}$`), "Invalid document url: expected automerge:<documentId>");

/** A free-form JSON object, used where a later schema will tighten the shape (plans, request inputs). */
export const JsonObjectSchema = z.record(z.string(), z.unknown());
export type JsonObject = z.infer<typeof JsonObjectSchema>;

/** RPE on the reps-in-reserve scale, half points allowed. */
export const RpeSchema = z.number().min(0).max(10).multipleOf(0.5);

/**
 * A map of entries keyed by their own id (`record[key].id === key`). Maps rather than lists, so concurrent
 * inserts from two devices both survive and an edit addresses its entry by id, never by a shifting index.
 */
export function recordById<T extends z.ZodType<{ id: string }>>(entry: T) {
  return z.record(EntryIdSchema, entry).superRefine((record, ctx) => {
    for (const [key, value] of Object.entries(record)) {
      if (value.id !== key) {
        ctx.addIssue({
          code: "custom",
          path: [key, "id"],
          message: `Invalid id: must equal its key "${key}"`,
        });
      }
    }
  });
}
