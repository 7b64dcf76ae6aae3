// A workout's versions (Flow 13 and the audit promise): one entry per change (a run of note edits by one device
// is one entry), with time, author and what changed in words; any version viewable read-only; restoring a
// version is a new change, so history is never rewritten. Authors come from the server's attribution when
// given (GET /api/documents/:docId/changes: which authenticated user and device delivered each change), else
// from the change's message, else only the actor id.
import * as A from "@automerge/automerge";
import * as z from "zod";
import type { WorkoutDoc } from "../documents/workout.js";
import { isUserId } from "../ids.js";
import type { MassUnit } from "../metrics/types.js";
import { migrate } from "../migrations.js";
import {
  opEnv,
  parseChangeMessage,
  workoutChange,
  type ChangeMessage,
  type EditContext,
  type WorkoutChange,
} from "./change.js";
import { describeChange, pathKey, type VersionChange } from "./describe.js";
import { plainCopy, reconcileInto, sameValue } from "./reconcile.js";

/** One record of the server's attribution endpoint. */
export const ServerAttributionSchema = z.object({
  hash: z.string(),
  by: z.enum(["user", "worker", "server"]),
  userId: z.string().nullable(),
  deviceId: z.string(),
  receivedAt: z.string(),
});
export type ServerAttribution = z.infer<typeof ServerAttributionSchema>;
/** The body of `GET /api/documents/:docId/changes`. */
export const ChangeAttributionsSchema = z.object({ changes: z.array(ServerAttributionSchema) });

export interface VersionAuthor {
  /** "server": the server's record (it authenticated the sender); "message": the client's claim; "actor": neither. */
  readonly source: "server" | "message" | "actor";
  readonly principal: "user" | "worker" | "server" | null;
  readonly userId: string | null;
  readonly deviceId: string | null;
  /** The Automerge actor (random per session). */
  readonly actor: string;
  /** The message's claim when it disagrees with the server's record (shown as a warning, never trusted). */
  readonly claimed: { readonly by: string; readonly deviceId: string } | null;
  /** When the server received it (server source only). */
  readonly receivedAt: string | null;
}

export interface WorkoutVersion {
  /** The change hashes in this version (several for a run of note edits). */
  readonly hashes: readonly string[];
  /** The version's heads: pass to viewAt / restoreVersion. */
  readonly heads: readonly string[];
  /** When it was made, by the author's clock (ISO), or null. */
  readonly time: string | null;
  readonly action: string | null;
  readonly author: VersionAuthor;
  readonly changes: readonly VersionChange[];
  /** The changes in one line ("set 3 of Squat: 8 → 6 reps; RPE 8 → 9"), or the action when nothing shows. */
  readonly summary: string;
  /** For a restore: the heads of the version it brought back. */
  readonly restoredFrom: readonly string[] | null;
}

export interface TimelineOptions {
  /** The server's attribution records (the endpoint's `changes`), by hash. */
  readonly attribution?: Iterable<ServerAttribution>;
  /** The unit weights are described in. Default kg. */
  readonly unit?: MassUnit;
  /** Join runs of note edits by one actor into one version. Default true. */
  readonly groupNotes?: boolean;
}

type Meta = A.ChangeMetadata;

function authorOf(
  meta: Meta,
  message: ChangeMessage | null,
  server: ServerAttribution | undefined,
): VersionAuthor {
  if (server) {
    const disagrees =
      message !== null &&
      (message.deviceId !== server.deviceId || (server.userId !== null && message.by !== server.userId));
    return {
      source: "server",
      principal: server.by,
      userId: server.userId,
      deviceId: server.deviceId,
      actor: meta.actor,
      claimed: disagrees ? { by: message.by, deviceId: message.deviceId } : null,
      receivedAt: server.receivedAt,
    };
  }
  if (message) {
    const principal = isUserId(message.by)
      ? "user"
      : message.by === "worker" || message.by === "server"
        ? message.by
        : null;
    return {
      source: "message",
      principal,
      userId: isUserId(message.by) ? message.by : null,
      deviceId: message.deviceId,
      actor: meta.actor,
      claimed: null,
      receivedAt: null,
    };
  }
  return {
    source: "actor",
    principal: null,
    userId: null,
    deviceId: null,
    actor: meta.actor,
    claimed: null,
    receivedAt: null,
  };
}

const ACTION_WORDS: Record<string, string> = {
  create: "created the workout",
  migrate: "upgraded the document",
  restore: "restored an earlier version",
};

/** "12@aaaa…" → [12, "aaaa…"]. */
function parseOpId(opId: string): [number, string] {
  const at = opId.indexOf("@");
  return [Number(opId.slice(0, at)), opId.slice(at + 1)];
}

/**
 * The value `meta`'s change wrote at `path` when it lost a conflict (the document shows a concurrent value):
 * found among the conflicting values by the change's op ids (its actor, counters startOp..maxOp).
 */
function lostValue(snapshot: unknown, path: readonly (string | number)[], meta: Meta): unknown {
  let parent: unknown = snapshot;
  for (const part of path.slice(0, -1)) {
    if (typeof parent !== "object" || parent === null) return undefined;
    parent = (parent as Record<string | number, unknown>)[part];
  }
  if (typeof parent !== "object" || parent === null) return undefined;
  const conflicts = A.getConflicts(parent, path[path.length - 1]!);
  for (const [opId, value] of Object.entries(conflicts ?? {})) {
    const [counter, actor] = parseOpId(opId);
    if (actor === meta.actor && counter >= meta.startOp && counter <= meta.maxOp) return plainCopy(value);
  }
  return undefined;
}

/**
 * The versions of a workout, oldest first (in causal order: a change always comes after the changes it builds
 * on; concurrent changes from two devices both appear). The history is replayed once, change by change, and
 * each change is described from the patches it produced and the document just before and after it, so the
 * cost is linear in the history (no diff or view per change, which would be quadratic). A change made
 * concurrently with another is described against everything replayed before it; a value that lost a conflict
 * is described as written and marked `overridden`.
 */
export function workoutTimeline(doc: A.Doc<WorkoutDoc>, options: TimelineOptions = {}): WorkoutVersion[] {
  const unit = options.unit ?? "kg";
  const attribution = new Map<string, ServerAttribution>();
  for (const record of options.attribution ?? []) attribution.set(record.hash, record);
  const metas = A.getChangesMetaSince(doc, []);
  const backend = A.getBackend(doc);

  // Groups: a change alone, or a linear run of note edits by one actor.
  const groups: Meta[][] = [];
  for (const meta of metas) {
    const last = groups[groups.length - 1];
    const prev = last?.[last.length - 1];
    const message = parseChangeMessage(meta.message);
    if (
      options.groupNotes !== false &&
      last &&
      prev &&
      message?.action === "editNotes" &&
      parseChangeMessage(prev.message)?.action === "editNotes" &&
      prev.actor === meta.actor &&
      meta.deps.length === 1 &&
      meta.deps[0] === prev.hash
    ) {
      last.push(meta);
    } else groups.push([meta]);
  }

  // The bytes of every change in one call, in the same (causal) order as their metadata; by hash if not.
  const all = A.getAllChanges(doc);
  const bytesOf = (meta: Meta, i: number) =>
    all.length === metas.length ? all[i] : backend.getChangeByHash(meta.hash);
  const indexOf = new Map(metas.map((m, i) => [m.hash, i]));
  const timeOf = new Map(metas.map((m) => [m.hash, m.time]));
  const versions: WorkoutVersion[] = [];
  let replay = A.init<WorkoutDoc>();
  for (const group of groups) {
    const before = replay;
    const patches: A.Patch[] = [];
    const lost = new Map<string, unknown>();
    for (const meta of group) {
      const bytes = bytesOf(meta, indexOf.get(meta.hash)!);
      if (!bytes) continue;
      const own: A.Patch[] = [];
      [replay] = A.applyChanges(replay, [bytes], { patchCallback: (p) => own.push(...p) });
      for (const patch of own) {
        if (patch.action !== "conflict") continue;
        const value = lostValue(replay, patch.path, meta);
        if (value !== undefined) lost.set(pathKey(patch.path), value);
      }
      patches.push(...own);
    }
    const last = group[group.length - 1]!;
    const changes = describeChange(
      { patches, before, after: replay, lost, first: versions.length === 0 },
      { unit },
    );
    const message = parseChangeMessage(last.message);
    const restoredFrom = message?.action === "restore" ? (message.restoredFrom ?? null) : null;
    let summary = changes.map((c) => c.text).join("; ");
    if (restoredFrom) {
      const when = restoredFrom.map((h) => timeOf.get(h)).find((t) => t !== undefined && t > 0);
      const prefix = `restored the version from ${when ? new Date(when * 1000).toISOString() : "earlier"}`;
      summary = summary ? `${prefix}: ${summary}` : prefix;
    }
    if (!summary) summary = ACTION_WORDS[message?.action ?? ""] ?? message?.action ?? "no visible change";
    versions.push({
      hashes: group.map((m) => m.hash),
      heads: [last.hash],
      time: last.time > 0 ? new Date(last.time * 1000).toISOString() : null,
      action: message?.action ?? null,
      author: authorOf(last, message, attribution.get(last.hash)),
      changes,
      summary,
      restoredFrom,
    });
  }
  return versions;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}

/**
 * The workout as it was at `heads` (a version's heads), as a read-only plain object in the current schema
 * (older versions are migrated in memory). Use `sessionView` on it to show it like the player does.
 */
export function viewAt(doc: A.Doc<WorkoutDoc>, heads: readonly string[]): Readonly<WorkoutDoc> {
  const past = A.toJS(A.view(doc, [...heads]));
  return deepFreeze(migrate("workout", past) as unknown as WorkoutDoc);
}

/** The parts of a workout a restore brings back; the plan, requests, feedback and identity stay as they are. */
export const RESTORED_FIELDS = [
  "title",
  "date",
  "status",
  "startedAt",
  "finishedAt",
  "exercises",
  "sets",
  "log",
  "swaps",
  "pauses",
  "notes",
  "sessionRpe",
] as const;

/**
 * Brings back the version at `heads` as a NEW change: every restored field that differs now is written back
 * (entries edited in place, notes spliced), so the history keeps both the edited and the restored versions,
 * and edits made concurrently elsewhere still merge. Nothing to write means no change.
 */
export function restoreVersion(
  doc: A.Doc<WorkoutDoc>,
  heads: readonly string[],
  ctx: EditContext,
): WorkoutChange<void> {
  const env = opEnv(ctx);
  const past = viewAt(doc, heads) as unknown as Record<string, unknown>;
  return workoutChange(
    "restore",
    ctx,
    env,
    (d) => {
      const root = d as unknown as Record<string, unknown>;
      for (const field of RESTORED_FIELDS) {
        const want = past[field];
        const have = root[field];
        if (want === undefined) continue;
        if (typeof want === "object" && want !== null && typeof have === "object" && have !== null) {
          reconcileInto(d, have as Record<string, unknown>, want as Record<string, unknown>, [field]);
        } else if (field === "notes" && typeof want === "string" && typeof have === "string") {
          if (want !== have) {
            try {
              A.updateText(d, ["notes"], want);
            } catch {
              root.notes = want;
            }
          }
        } else if (!sameValue(have, want)) {
          root[field] = plainCopy(want);
        }
      }
    },
    undefined,
    { restoredFrom: [...heads] },
  );
}

export interface FieldConflict {
  /** The log field, or "log" when two devices created the set's log at once (whole entries conflict). */
  readonly field: string;
  /** Every concurrent value; the first is the one shown (Automerge's deterministic winner). */
  readonly values: readonly unknown[];
}

/**
 * The concurrent values behind a set's log: when two devices logged or corrected the same set at once, the
 * document shows one value per field (the same on every replica) and this lists the others. A later edit of
 * the field resolves it.
 */
export function logConflicts(doc: A.Doc<WorkoutDoc>, setId: string): FieldConflict[] {
  const out: FieldConflict[] = [];
  const current = doc.log[setId];
  if (!current) return out;
  const ordered = (conflicts: A.Conflicts | undefined, shown: unknown): unknown[] | null => {
    if (!conflicts) return null;
    const values = Object.values(conflicts).map((v) => plainCopy(v));
    const shownPlain = plainCopy(shown);
    const i = values.findIndex((v) => sameValue(v, shownPlain));
    if (i > 0) values.unshift(...values.splice(i, 1));
    return values.length > 1 ? values : null;
  };
  const whole = ordered(A.getConflicts(doc.log, setId), current);
  if (whole) out.push({ field: "log", values: whole });
  for (const field of Object.keys(current)) {
    const values = ordered(A.getConflicts(current, field), (current as Record<string, unknown>)[field]);
    if (values) out.push({ field, values });
  }
  return out;
}
