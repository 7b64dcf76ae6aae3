/**
 * A workout version in the user's language: what changed (from shared-schema's structured `VersionChange`, whose
 * own `text` is English) and who made it (the server's attribution, or the change's own claim until the server
 * has confirmed it). Weights in the user's unit, times on the user's clock.
 */
import type { SetRef, VersionAuthor, VersionChange, WorkoutVersion } from "@cadence/shared-schema/workout";
import { formatDateTime, formatList, formatNumber, formatWeight, type Units } from "../format.js";
import { ht, htPlural, type HistoryMessageKey } from "./strings.js";

const STATUS_KEYS: Record<string, HistoryMessageKey> = {
  planned: "wh.status.planned",
  in_progress: "wh.status.in_progress",
  completed: "wh.status.completed",
  skipped: "wh.status.skipped",
};

/** "set 3 of Squat" / "an extra set of Squat". */
export function setRefWords(set: SetRef): string {
  return set.number === null
    ? ht("wh.ref.extraSet", { exercise: set.exercise })
    : ht("wh.ref.set", { n: set.number, exercise: set.exercise });
}

function setsRefWords(sets: readonly SetRef[]): string {
  if (sets.length === 1) return setRefWords(sets[0]!);
  const numbers = sets.map((s) => s.number).filter((n): n is number => n !== null);
  return ht("wh.ref.sets", {
    numbers: formatList(numbers.map((n) => formatNumber(n))),
    exercise: sets[0]!.exercise,
  });
}

const dash = "—";
const num = (v: unknown) => (typeof v === "number" ? formatNumber(v) : dash);
const weight = (v: unknown, units: Units) => (typeof v === "number" ? formatWeight(v, units) : dash);

/** "8 reps × 100 kg @ RPE 8" (or "done" for a set with nothing but completion). */
export function logValuesWords(
  log: { reps: number | null; weightKg: number | null; rpe: number | null; durationSec: number | null },
  units: Units,
): string {
  const parts: string[] = [];
  if (log.reps !== null) parts.push(htPlural("wh.value.reps", log.reps));
  if (log.durationSec !== null) parts.push(ht("wh.value.seconds", { count: log.durationSec }));
  if (log.weightKg !== null) parts.push(formatWeight(log.weightKg, units));
  let text = parts.length > 0 ? parts.join(" × ") : ht("wh.value.done");
  if (log.rpe !== null) text += ` @ ${ht("wh.value.rpe", { rpe: formatNumber(log.rpe) })}`;
  return text;
}

function fieldDiff(field: string, from: unknown, to: unknown, units: Units): string {
  switch (field) {
    case "reps":
      return ht("wh.diff.reps", { from: num(from), to: num(to) });
    case "weightKg":
      return ht("wh.diff.weight", { from: weight(from, units), to: weight(to, units) });
    case "rpe":
      return ht("wh.diff.rpe", { from: num(from), to: num(to) });
    case "durationSec":
      return ht("wh.diff.duration", { from: num(from), to: num(to) });
    case "restSec":
      return ht("wh.diff.rest", { from: num(from), to: num(to) });
    case "completed":
      return ht(to === true ? "wh.diff.nowDone" : "wh.diff.nowSkipped");
    default:
      return `${String(from)} → ${String(to)}`;
  }
}

const shorten = (text: string, max = 60) => (text.length > max ? text.slice(0, max - 1) + "…" : text);

function detailValue(field: string, value: unknown, units: Units): string {
  if (value === null || value === undefined || value === "") return dash;
  if (field === "status" && typeof value === "string" && STATUS_KEYS[value]) return ht(STATUS_KEYS[value]);
  if ((field === "startedAt" || field === "finishedAt") && typeof value === "string")
    return formatDateTime(value, units);
  if (typeof value === "number") return formatNumber(value);
  return `“${shorten(typeof value === "string" ? value : JSON.stringify(value))}”`;
}

/** One change in words. */
export function changeWords(change: VersionChange, units: Units): string {
  const text = changeWordsBare(change, units);
  return change.overridden ? ht("wh.change.overridden", { change: text }) : text;
}

function changeWordsBare(change: VersionChange, units: Units): string {
  switch (change.kind) {
    case "created":
      return ht("wh.change.created");
    case "upgraded":
      return ht("wh.change.upgraded");
    case "plan":
      return ht("wh.change.plan");
    case "structure":
      return ht("wh.change.structure", { exercises: change.exercises, sets: change.sets });
    case "set-logged":
      return change.log.completed
        ? ht("wh.change.setLogged", {
            set: setRefWords(change.set),
            values: logValuesWords(change.log, units),
          })
        : ht("wh.change.setSkipped", { set: setRefWords(change.set) });
    case "set-edited":
      return ht("wh.change.setEdited", {
        set: setRefWords(change.set),
        change: fieldDiff(change.field, change.from, change.to, units),
      });
    case "set-unlogged":
      return ht("wh.change.setUnlogged", { set: setRefWords(change.set) });
    case "set-added":
      return ht("wh.change.setAdded", { set: setRefWords(change.set) });
    case "set-removed":
      return ht("wh.change.setRemoved", { set: setRefWords(change.set) });
    case "set-moved":
      return ht("wh.change.setMoved", { set: setRefWords(change.set) });
    case "target-edited":
      return ht("wh.change.target", {
        sets: setsRefWords(change.sets),
        change: fieldDiff(change.field, change.from, change.to, units),
      });
    case "exercise-added":
      return ht("wh.change.exerciseAdded", { exercise: change.exercise });
    case "exercise-removed":
      return ht("wh.change.exerciseRemoved", { exercise: change.exercise });
    case "exercise-moved":
      return ht("wh.change.exerciseMoved", { exercise: change.exercise });
    case "exercise-swapped":
      return ht("wh.change.swapped", { from: change.from, to: change.to });
    case "paused":
      return ht("wh.change.paused");
    case "resumed":
      return ht("wh.change.resumed");
    case "notes":
      return ht("wh.change.notes", { from: shorten(change.from), to: shorten(change.to) });
    case "detail":
      if (change.field === "status" && change.to === "in_progress" && change.from === "planned")
        return ht("wh.change.started");
      if (change.field === "status" && change.to === "completed") return ht("wh.change.finished");
      return ht("wh.change.detail", {
        field: ht(`wh.field.${change.field}`),
        from: detailValue(change.field, change.from, units),
        to: detailValue(change.field, change.to, units),
      });
    case "request":
      if (change.requestKind === "plan" && change.status === "requested") return ht("wh.change.requestPlan");
      if (change.requestKind === "feedback" && change.status === "requested")
        return ht("wh.change.requestFeedback");
      return ht("wh.change.requestStatus", { status: change.status });
    case "feedback":
      return ht("wh.change.feedback");
    case "other":
      return ht("wh.change.other", { path: change.path });
  }
}

/** Everything a version changed, in one line; a restore says which version it brought back. */
export function versionWords(
  version: WorkoutVersion,
  units: Units,
  timeOfHash: (hash: string) => string | null,
): string {
  const changes = version.changes.map((c) => changeWords(c, units)).join("; ");
  if (version.restoredFrom) {
    const when = version.restoredFrom.map(timeOfHash).find((t) => t !== null);
    const time = when ? formatDateTime(when, units) : dash;
    return changes ? ht("wh.change.restoredWith", { time, changes }) : ht("wh.change.restored", { time });
  }
  if (changes) return changes;
  if (version.action === "create") return ht("wh.change.created");
  if (version.action === "migrate") return ht("wh.change.upgraded");
  return ht("wh.change.nothing");
}

/** A short, stable name for a device that is not this one: the last characters of its peer id. */
export function deviceCode(deviceId: string): string {
  return deviceId.slice(-4).toUpperCase();
}

export interface AuthorWords {
  /** Who: "You", "Cadence coach", … */
  readonly who: string;
  /** Which device: "This device", "Another device (K3F9)", … (empty for the worker and the server). */
  readonly device: string;
  /** The server has not confirmed it yet (the change's own claim is shown). */
  readonly unconfirmed: boolean;
  /** A warning when the change's claim disagrees with the server's record. */
  readonly warning: string | null;
}

export function authorWords(
  author: VersionAuthor,
  me: { readonly userId: string; readonly displayName: string },
  ownDevices: ReadonlySet<string>,
): AuthorWords {
  // A claim naming another of this browser's peer ids is the same device (a change made before a reload and
  // delivered after it); only a claim of another device or account is worth a warning.
  const claimed = author.claimed;
  const sameDevice =
    claimed !== null &&
    claimed.by === author.userId &&
    author.deviceId !== null &&
    ownDevices.has(claimed.deviceId) &&
    ownDevices.has(author.deviceId);
  const warning =
    claimed && !sameDevice ? ht("wh.author.claimed", { code: deviceCode(claimed.deviceId) }) : null;
  const unconfirmed = author.source !== "server";
  if (author.principal === "worker") return { who: ht("wh.author.worker"), device: "", unconfirmed, warning };
  if (author.principal === "server") return { who: ht("wh.author.server"), device: "", unconfirmed, warning };
  const who =
    author.userId === null
      ? ht("wh.author.unknownDevice")
      : author.userId === me.userId
        ? me.displayName || ht("wh.author.you")
        : ht("wh.author.someone");
  const device =
    author.deviceId === null
      ? ht("wh.author.unknownDevice")
      : ownDevices.has(author.deviceId)
        ? ht("wh.author.thisDevice")
        : ht("wh.author.otherDevice", { code: deviceCode(author.deviceId) });
  return { who: author.userId === null ? "" : who, device, unconfirmed, warning };
}
