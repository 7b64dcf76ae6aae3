/**
 * The server's record of who delivered each change of a document (GET /api/documents/:docId/changes, the
 * owner only): which authenticated user or service and which device (peer id). The history joins it with the
 * changes, so "who" is what the server vouches for rather than what a device claims.
 */
import { ChangeAttributionsSchema, type ServerAttribution } from "@cadence/shared-schema/workout";

export type AttributionResult =
  | { readonly ok: true; readonly records: readonly ServerAttribution[] }
  /** "offline": no answer (network, server down); "refused": an answer that is not the record. */
  | { readonly ok: false; readonly reason: "offline" | "refused" };

export async function fetchAttribution(docId: string, signal?: AbortSignal): Promise<AttributionResult> {
  let response: Response;
  try {
    response = await fetch(`/api/documents/${encodeURIComponent(docId)}/changes`, {
      credentials: "same-origin",
      headers: { accept: "application/json" },
      signal,
    });
  } catch {
    return { ok: false, reason: "offline" };
  }
  if (response.status >= 500) return { ok: false, reason: "offline" };
  if (!response.ok) return { ok: false, reason: "refused" };
  const parsed = ChangeAttributionsSchema.safeParse(await response.json().catch(() => null));
  return parsed.success ? { ok: true, records: parsed.data.changes } : { ok: false, reason: "refused" };
}
