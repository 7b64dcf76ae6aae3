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

/** Whether `meta` continues `prev`'s run of note edits (one actor, one after the other). */
function continuesNotes(prev: Meta | undefined, meta: Meta): boolean {
  return (
    prev !== undefined &&
    parseChangeMessage(meta.message)?.action === "editNotes" &&
    parseChangeMessage(prev.message)?.action === "editNotes" &&
    prev.actor === meta.actor &&
    meta.deps.length === 1 &&
    meta.deps[0] === prev.hash
  );
}

/** One version: a change, or a run of note edits, with what the replay saw of it. */
interface Group {
  readonly metas: Meta[];
  /** The replayed document before the group's first change. */
  readonly before: A.Doc<WorkoutDoc>;
  readonly patches: A.Patch[];
  /** Values its changes wrote that lost a conflict, by path. */
  readonly lost: Map<string, unknown>;
  version: WorkoutVersion | null;
}

/**
 * A workout's history, kept up to date: `update(doc)` replays only the changes it has not seen, so a history
 * screen can follow a live document at the cost of its new changes. Changes arriving later that were made
 * concurrently with ones already listed are appended (a fresh `workoutTimeline` would place them by causal
 * order, which may interleave them).
 */
export class WorkoutHistory {
  readonly #options: TimelineOptions;
  #attribution = new Map<string, ServerAttribution>();
  #replay = A.init<WorkoutDoc>();
  readonly #groups: Group[] = [];
  readonly #times = new Map<string, number>();

  constructor(options: TimelineOptions = {}) {
    this.#options = options;
    this.setAttribution(options.attribution ?? []);
  }

  /** Replaces the server's attribution records (e.g. after fetching them again); authors follow. */
  setAttribution(records: Iterable<ServerAttribution>): void {
    this.#attribution = new Map([...records].map((r) => [r.hash, r]));
  }

  /** Catches up with `doc` and returns every version, oldest first. */
  update(doc: A.Doc<WorkoutDoc>): WorkoutVersion[] {
    const metas = A.getChangesMetaSince(doc, A.getHeads(this.#replay));
    if (metas.length > 0) this.#replayChanges(doc, metas);
    return this.#groups
      .filter((g) => g.version !== null)
      .map((g) => {
        const version = g.version!;
        const last = g.metas[g.metas.length - 1]!;
        const author = authorOf(last, parseChangeMessage(last.message), this.#attribution.get(last.hash));
        return { ...version, author };
      });
  }

  #replayChanges(doc: A.Doc<WorkoutDoc>, metas: Meta[]): void {
    const backend = A.getBackend(doc);
    // All new changes' bytes in one call when they are the whole history (the same order as their metadata).
    const all = this.#groups.length === 0 ? A.getAllChanges(doc) : null;
    const bytesOf = (meta: Meta, i: number) =>
      all && all.length === metas.length ? all[i] : backend.getChangeByHash(meta.hash);
    metas.forEach((meta, i) => {
      this.#times.set(meta.hash, meta.time);
      const bytes = bytesOf(meta, i);
      if (!bytes) return;
      const previous = this.#groups[this.#groups.length - 1];
      let group: Group;
      if (previous && this.#options.groupNotes !== false && continuesNotes(previous.metas.at(-1), meta)) {
        group = previous;
      } else {
        group = { metas: [], before: this.#replay, patches: [], lost: new Map(), version: null };
        this.#groups.push(group);
      }
      group.metas.push(meta);
      const own: A.Patch[] = [];
      [this.#replay] = A.applyChanges(this.#replay, [bytes], { patchCallback: (p) => own.push(...p) });
      for (const patch of own) {
        if (patch.action !== "conflict") continue;
        const value = lostValue(this.#replay, patch.path, meta);
        if (value !== undefined) group.lost.set(pathKey(patch.path), value);
      }
      group.patches.push(...own);
      group.version = this.#describe(group);
    });
  }

  #describe({ metas, patches, before, lost }: Group): WorkoutVersion | null {
    const last = metas[metas.length - 1]!;
    const message = parseChangeMessage(last.message);
    if (patches.length === 0 && message === null) return null; // an empty change: nothing to show
    const changes = describeChange(
      { patches, before, after: this.#replay, lost },
      { unit: this.#options.unit ?? "kg" },
    );
    const restoredFrom = message?.action === "restore" ? (message.restoredFrom ?? null) : null;
    let summary = changes.map((c) => c.text).join("; ");
    if (restoredFrom) {
      const when = restoredFrom.map((h) => this.#times.get(h)).find((t) => t !== undefined && t > 0);
      const prefix = `restored the version from ${when ? new Date(when * 1000).toISOString() : "earlier"}`;
      summary = summary ? `${prefix}: ${summary}` : prefix;
    }
    if (!summary) summary = ACTION_WORDS[message?.action ?? ""] ?? message?.action ?? "no visible change";
    return {
      hashes: metas.map((m) => m.hash),
      heads: [last.hash],
      time: last.time > 0 ? new Date(last.time * 1000).toISOString() : null,
      action: message?.action ?? null,
      author: authorOf(last, message, undefined),
      changes,
      summary,
      restoredFrom,
    };
  }
}

/**
 * The versions of a workout, oldest first, in causal order (a change always after the changes it builds on;
 * concurrent changes from two devices both appear). The history is replayed once, change by change, and each
 * change is described from the patches it produced and the document just before and after it, so the cost is
 * linear in the history (a diff or view per change would be a pass over the whole document each). A change made
 * concurrently with another is described against everything replayed before it; a value that lost a conflict
 * is described as written and marked `overridden`. To follow a live document, keep a `WorkoutHistory`.
 */
export function workoutTimeline(doc: A.Doc<WorkoutDoc>, options: TimelineOptions = {}): WorkoutVersion[] {
  return new WorkoutHistory(options).update(doc);
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
