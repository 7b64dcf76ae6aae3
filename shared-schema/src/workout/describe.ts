// What one change did to a workout, in structured form and in words ("set 3 of Squat: 8 → 6 reps"). Computed
// from the patches the change produced when the history is replayed, reading the touched entries in the
// document just before and just after it; the words are English, the structured form is for translated UIs.
import type * as A from "@automerge/automerge";
import type {
  Pause,
  SetLog,
  SetTarget,
  Swap,
  WorkoutDoc,
  WorkoutExercise,
  WorkoutSet,
} from "../documents/workout.js";
import { toDisplayMass } from "../metrics/units.js";
import type { MassUnit } from "../metrics/types.js";
import { compareOrdered } from "./order-keys.js";

export type LogField = "reps" | "weightKg" | "rpe" | "durationSec" | "completed";
export type DetailField = "title" | "date" | "status" | "startedAt" | "finishedAt" | "sessionRpe";

/** A set as the history names it: "set 3 of Squat", or "an extra set of Squat" when it has no slot. */
export interface SetRef {
  readonly setId: string;
  readonly number: number | null;
  readonly exercise: string;
}

export type VersionChange = Overridable &
  (
    | { readonly kind: "created"; readonly text: string }
    | { readonly kind: "upgraded"; readonly text: string; readonly to: number }
    | { readonly kind: "plan"; readonly text: string }
    | { readonly kind: "structure"; readonly text: string; readonly exercises: number; readonly sets: number }
    | { readonly kind: "set-logged"; readonly text: string; readonly set: SetRef; readonly log: SetLogValues }
    | {
        readonly kind: "set-edited";
        readonly text: string;
        readonly set: SetRef;
        readonly field: LogField;
        readonly from: unknown;
        readonly to: unknown;
      }
    | { readonly kind: "set-unlogged"; readonly text: string; readonly set: SetRef }
    | { readonly kind: "set-added"; readonly text: string; readonly set: SetRef }
    | { readonly kind: "set-removed"; readonly text: string; readonly set: SetRef }
    | { readonly kind: "set-moved"; readonly text: string; readonly set: SetRef }
    | {
        readonly kind: "target-edited";
        readonly text: string;
        readonly sets: readonly SetRef[];
        readonly field: keyof SetTarget;
        readonly from: number | null;
        readonly to: number | null;
      }
    | { readonly kind: "exercise-added"; readonly text: string; readonly exercise: string }
    | { readonly kind: "exercise-removed"; readonly text: string; readonly exercise: string }
    | { readonly kind: "exercise-moved"; readonly text: string; readonly exercise: string }
    | {
        readonly kind: "exercise-swapped";
        readonly text: string;
        readonly from: string;
        readonly to: string;
        readonly reason: string;
      }
    | { readonly kind: "paused"; readonly text: string }
    | { readonly kind: "resumed"; readonly text: string }
    | { readonly kind: "notes"; readonly text: string; readonly from: string; readonly to: string }
    | {
        readonly kind: "detail";
        readonly text: string;
        readonly field: DetailField;
        readonly from: unknown;
        readonly to: unknown;
      }
    | {
        readonly kind: "request";
        readonly text: string;
        readonly requestKind: string;
        readonly status: string;
      }
    | { readonly kind: "feedback"; readonly text: string }
    | { readonly kind: "other"; readonly text: string; readonly path: string }
  );

/** Set on a change whose value lost to a concurrent change from another device (the document shows the other). */
export type Overridable = { readonly overridden?: true };

export interface SetLogValues {
  readonly reps: number | null;
  readonly weightKg: number | null;
  readonly rpe: number | null;
  readonly durationSec: number | null;
  readonly completed: boolean;
}

export interface DescribeOptions {
  readonly unit: MassUnit;
}

const ENTRY_SECTIONS = ["exercises", "sets", "log", "swaps", "pauses", "requests"] as const;
type EntrySection = (typeof ENTRY_SECTIONS)[number];
const DETAIL_FIELDS: readonly string[] = ["title", "date", "status", "startedAt", "finishedAt", "sessionRpe"];

/** The exercises and set slots at some heads, with the set numbers the player showed then. */
export interface Structure {
  readonly exercises: Readonly<Record<string, WorkoutExercise>>;
  readonly sets: Readonly<Record<string, WorkoutSet>>;
  readonly numbers: ReadonlyMap<string, number>;
}

const structures = new WeakMap<object, Structure>();

/** The structure of a document snapshot (cached per snapshot of `sets` and `exercises`). */
export function structureOf(doc: Readonly<Partial<WorkoutDoc>>): Structure {
  const exercises = doc.exercises ?? {};
  const sets = doc.sets ?? {};
  const cached = structures.get(sets);
  if (cached && cached.exercises === exercises) return cached;
  const byExercise = new Map<string, WorkoutSet[]>();
  for (const set of Object.values(sets)) {
    const list = byExercise.get(set.exerciseKey) ?? [];
    list.push(set);
    byExercise.set(set.exerciseKey, list);
  }
  const numbers = new Map<string, number>();
  for (const list of byExercise.values())
    list.sort(compareOrdered).forEach((s, i) => numbers.set(s.id, i + 1));
  const structure = { exercises, sets, numbers };
  structures.set(sets, structure);
  return structure;
}

// ------------------------------------------------------------------------------------------------ words

/** A read value as text: strings as they are, anything else as JSON (never "[object Object]"). */
function str(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === null || value === undefined) return "";
  return typeof value === "number" || typeof value === "boolean" ? String(value) : JSON.stringify(value);
}

const round = (v: number, digits = 1) => {
  const f = 10 ** digits;
  const r = Math.round(v * f) / f;
  return Object.is(r, -0) ? "0" : String(r);
};

function massValue(kg: number | null, unit: MassUnit): string {
  return kg === null ? "—" : round(toDisplayMass(kg, unit));
}

function logValuesText(log: SetLogValues, unit: MassUnit): string {
  if (!log.completed) return "skipped";
  const parts: string[] = [];
  if (log.reps !== null) parts.push(`${log.reps} reps`);
  if (log.durationSec !== null) parts.push(`${log.durationSec} s`);
  if (log.weightKg !== null) parts.push(`${massValue(log.weightKg, unit)} ${unit}`);
  let text = parts.length > 0 ? parts.join(" × ") : "done";
  if (log.rpe !== null) text += ` @ RPE ${log.rpe}`;
  return text;
}

function fieldChangeText(
  field: LogField | keyof SetTarget,
  from: unknown,
  to: unknown,
  unit: MassUnit,
): string {
  const v = (x: unknown) => (x === null || x === undefined ? "—" : str(x));
  switch (field) {
    case "reps":
      return `${v(from)} → ${v(to)} reps`;
    case "weightKg":
      return `${massValue(from as number | null, unit)} → ${massValue(to as number | null, unit)} ${unit}`;
    case "rpe":
      return `RPE ${v(from)} → ${v(to)}`;
    case "durationSec":
      return `${v(from)} → ${v(to)} s`;
    case "restSec":
      return `rest ${v(from)} → ${v(to)} s`;
    case "completed":
      return to === true ? "skipped → done" : "done → skipped";
  }
}

export function setRefText(set: SetRef): string {
  return set.number === null ? `an extra set of ${set.exercise}` : `set ${set.number} of ${set.exercise}`;
}

function setsRefText(sets: readonly SetRef[]): string {
  if (sets.length === 1) return setRefText(sets[0]!);
  const numbers = sets.map((s) => s.number).filter((n): n is number => n !== null);
  return `sets ${numbers.join(", ")} of ${sets[0]!.exercise}`;
}

const STATUS_WORDS: Record<string, string> = {
  planned: "planned",
  in_progress: "in progress",
  completed: "completed",
  skipped: "skipped",
};

function detailText(field: DetailField, from: unknown, to: unknown): string {
  const q = (x: unknown) => (x === null || x === undefined ? "—" : typeof x === "string" ? `“${x}”` : str(x));
  switch (field) {
    case "status":
      if (to === "in_progress" && from === "planned") return "started the workout";
      if (to === "completed") return "finished the workout";
      return `status: ${STATUS_WORDS[String(from)] ?? "—"} → ${STATUS_WORDS[String(to)] ?? String(to)}`;
    case "sessionRpe":
      return `session RPE: ${q(from)} → ${q(to)}`;
    case "startedAt":
      return from === null ? "start time set" : `start time: ${q(from)} → ${q(to)}`;
    case "finishedAt":
      return from === null ? "finish time set" : `finish time: ${q(from)} → ${q(to)}`;
    case "title":
      return `title: ${q(from)} → ${q(to)}`;
    case "date":
      return `date: ${q(from)} → ${q(to)}`;
  }
}

function notesText(from: string, to: string): string {
  if (from.length <= 80 && to.length <= 80) return `notes: “${from}” → “${to}”`;
  let start = 0;
  while (start < from.length && start < to.length && from[start] === to[start]) start++;
  let end = 0;
  while (
    end < from.length - start &&
    end < to.length - start &&
    from[from.length - 1 - end] === to[to.length - 1 - end]
  ) {
    end++;
  }
  const added = to.slice(start, to.length - end);
  const removed = from.length - end - start;
  const parts: string[] = [];
  if (added.length > 0) parts.push(`added “${added.length > 60 ? added.slice(0, 57) + "…" : added}”`);
  if (removed > 0) parts.push(`removed ${removed} character${removed === 1 ? "" : "s"}`);
  return `notes: ${parts.join(", ") || "edited"}`;
}

// ------------------------------------------------------------------------------------------------ the diff

interface Touched {
  readonly entries: Map<EntrySection, Set<string>>;
  readonly details: Set<DetailField>;
  notes: boolean;
  plan: boolean;
  feedback: boolean;
  schemaVersion: boolean;
  readonly other: Set<string>;
}

function touchedBy(patches: readonly A.Patch[]): Touched {
  const touched: Touched = {
    entries: new Map(),
    details: new Set(),
    notes: false,
    plan: false,
    feedback: false,
    schemaVersion: false,
    other: new Set(),
  };
  for (const patch of patches) {
    const [head, key] = patch.path;
    if (typeof head !== "string") continue;
    if ((ENTRY_SECTIONS as readonly string[]).includes(head)) {
      const set = touched.entries.get(head as EntrySection) ?? new Set<string>();
      touched.entries.set(head as EntrySection, set);
      if (typeof key === "string") set.add(key);
      else set.add("*");
    } else if (DETAIL_FIELDS.includes(head)) touched.details.add(head as DetailField);
    else if (head === "notes") touched.notes = true;
    else if (head === "plan") touched.plan = true;
    else if (head === "feedback") touched.feedback = true;
    else if (head === "schemaVersion") touched.schemaVersion = true;
    else if (head !== "kind" && head !== "userId" && head !== "createdAt") touched.other.add(head);
  }
  return touched;
}

type Entry = Record<string, unknown>;

/** What the describer gets for one change (or a run of changes). */
export interface ChangeContext {
  readonly patches: readonly A.Patch[];
  /** The document just before and just after (replayed snapshots: plain reads). */
  readonly before: Readonly<Partial<WorkoutDoc>>;
  readonly after: Readonly<Partial<WorkoutDoc>>;
  /** Values the change wrote that lost to a concurrent change (by JSON of the path); not visible in `after`. */
  readonly lost: ReadonlyMap<string, unknown>;
}

export const pathKey = (path: readonly (string | number)[]): string => JSON.stringify(path);

/** Everything one change (or a run of changes) did. */
export function describeChange(context: ChangeContext, options: DescribeOptions): VersionChange[] {
  const { unit } = options;
  const { patches, lost } = context;
  const touched = touchedBy(patches);
  const out: VersionChange[] = [];
  const snapshot = { before: context.before, after: context.after };
  const read = (path: readonly string[], which: "before" | "after"): unknown => {
    let value: unknown = snapshot[which];
    for (const part of path) {
      if (typeof value !== "object" || value === null) return undefined;
      value = (value as Record<string, unknown>)[part];
    }
    return value;
  };
  const before = "before" as const;
  const after = "after" as const;
  // Entries this change put as new objects (also when a concurrent one holds the key): described as created.
  const created = new Set(
    patches
      .filter(
        (p) =>
          p.path.length === 2 &&
          ((p.action === "put" && typeof p.value === "object" && p.value !== null) ||
            p.action === "conflict"),
      )
      .map((p) => pathKey(p.path)),
  );
  const overridden = new Set<string>();
  const OVERRIDDEN = " (overridden by a concurrent change)";
  /** Marks the changes pushed by `fn` when the entry's value lost to a concurrent change. */
  const marking = (section: EntrySection, key: string, fn: () => void) => {
    const start = out.length;
    fn();
    if (!overridden.has(pathKey([section, key]))) return;
    for (let i = start; i < out.length; i++) {
      out[i] = { ...out[i]!, text: out[i]!.text + OVERRIDDEN, overridden: true };
    }
  };
  const keysOf = (section: EntrySection): string[] => {
    const keys = touched.entries.get(section);
    if (!keys) return [];
    if (!keys.has("*")) return [...keys];
    const all = new Set([
      ...Object.keys(read([section], before) ?? {}),
      ...Object.keys(read([section], after) ?? {}),
    ]);
    return [...all];
  };
  const pairs = <T>(section: EntrySection) =>
    keysOf(section).map((key) => {
      const entryKey = pathKey([section, key]);
      let to = read([section, key], after) as T | undefined;
      if (lost.has(entryKey)) {
        to = lost.get(entryKey) as T;
        overridden.add(entryKey);
      } else if (to && typeof to === "object") {
        for (const [path, value] of lost) {
          const parsed = JSON.parse(path) as string[];
          if (parsed.length === 3 && parsed[0] === section && parsed[1] === key) {
            to = { ...to, [parsed[2]!]: value };
            overridden.add(entryKey);
          }
        }
      }
      const from = created.has(entryKey) ? undefined : (read([section, key], before) as T | undefined);
      return { key, from, to };
    });

  // The change that gave the document its content (after an empty first change, as some repos make).
  const createdDoc = context.before.kind === undefined && context.after.kind !== undefined;
  if (createdDoc) {
    const title = read(["title"], after);
    const date = read(["date"], after);
    out.push({
      kind: "created",
      text: `created the workout${title ? ` “${str(title)}”` : ""}${date ? ` for ${str(date)}` : ""}`,
    });
  }
  if (touched.schemaVersion && !createdDoc) {
    const to = Number(read(["schemaVersion"], after));
    out.push({ kind: "upgraded", text: `upgraded the document to version ${to}`, to });
  }
  if (touched.plan) {
    const had = read(["plan"], before);
    const has = read(["plan"], after);
    if (has !== undefined && has !== null) {
      out.push({ kind: "plan", text: had ? "replaced the plan" : "attached the plan" });
    } else if (had) out.push({ kind: "plan", text: "removed the plan" });
  }

  // Exercises and sets.
  const exercises = pairs<WorkoutExercise>("exercises");
  const sets = pairs<WorkoutSet>("sets");
  const logs = pairs<SetLog>("log");
  const swaps = pairs<Swap>("swaps").filter((s) => s.to && !s.from);
  const createdExercises = exercises.filter((e) => e.to && !e.from);
  const createdSets = sets.filter((s) => s.to && !s.from);
  const bulk = createdExercises.length + createdSets.length > 4;
  const swappedKeys = new Set(swaps.map((s) => s.to!.exerciseKey).filter((k): k is string => k !== null));

  const refAt = (which: "before" | "after", setId: string, log?: SetLog): SetRef => {
    const structure = structureOf(snapshot[which]);
    const slot = structure.sets[setId];
    const exercise = slot ? structure.exercises[slot.exerciseKey] : undefined;
    const number = slot && exercise ? (structure.numbers.get(setId) ?? null) : null;
    return { setId, number, exercise: log?.exerciseName ?? exercise?.name ?? "an exercise" };
  };

  if (bulk) {
    const setCount = createdSets.length;
    const exerciseCount = createdExercises.length;
    out.push({
      kind: "structure",
      text: `set up ${exerciseCount} exercise${exerciseCount === 1 ? "" : "s"} with ${setCount} set${setCount === 1 ? "" : "s"}`,
      exercises: exerciseCount,
      sets: setCount,
    });
  }
  for (const { key, from, to } of exercises) {
    if (to && !from) {
      if (!bulk) out.push({ kind: "exercise-added", text: `added ${to.name}`, exercise: to.name });
    } else if (from && !to) {
      out.push({ kind: "exercise-removed", text: `removed ${from.name}`, exercise: from.name });
    } else if (from && to) {
      if ((from.exerciseId !== to.exerciseId || from.name !== to.name) && !swappedKeys.has(key)) {
        out.push({
          kind: "exercise-swapped",
          text: `swapped ${from.name} → ${to.name}`,
          from: from.name,
          to: to.name,
          reason: "",
        });
      }
      if (from.order !== to.order || from.phase !== to.phase) {
        out.push({ kind: "exercise-moved", text: `moved ${to.name}`, exercise: to.name });
      }
    }
  }
  for (const { to } of swaps) {
    const swap = to!;
    const fromName = swap.fromExerciseName ?? swap.fromExerciseId;
    out.push({
      kind: "exercise-swapped",
      text: `swapped ${fromName} → ${swap.toExerciseName}${swap.reason ? ` (${swap.reason})` : ""}`,
      from: fromName,
      to: swap.toExerciseName,
      reason: swap.reason,
    });
  }

  const loggedNow = new Set(logs.filter((l) => l.to && !l.from).map((l) => l.key));
  const removedExerciseKeys = new Set(exercises.filter((e) => e.from && !e.to).map((e) => e.key));
  const targetGroups = new Map<
    string,
    { field: keyof SetTarget; from: number | null; to: number | null; sets: SetRef[] }
  >();
  for (const { key, from, to } of sets) {
    if (to && !from) {
      if (!bulk && !loggedNow.has(key)) {
        const ref = refAt("after", key);
        out.push({ kind: "set-added", text: `added set ${ref.number ?? "?"} to ${ref.exercise}`, set: ref });
      }
    } else if (from && !to) {
      if (removedExerciseKeys.has(from.exerciseKey)) continue;
      const ref = refAt("before", key);
      out.push({ kind: "set-removed", text: `removed ${setRefText(ref)}`, set: ref });
    } else if (from && to) {
      for (const field of ["reps", "durationSec", "weightKg", "rpe", "restSec"] as const) {
        const a = from.target?.[field] ?? null;
        const b = to.target?.[field] ?? null;
        if (a === b) continue;
        const id = `${to.exerciseKey}|${field}|${a}|${b}`;
        const group = targetGroups.get(id) ?? { field, from: a, to: b, sets: [] };
        group.sets.push(refAt("after", key));
        targetGroups.set(id, group);
      }
      if (from.order !== to.order || from.exerciseKey !== to.exerciseKey) {
        const ref = refAt("after", key);
        out.push({ kind: "set-moved", text: `moved ${setRefText(ref)}`, set: ref });
      }
    }
  }
  for (const group of targetGroups.values()) {
    group.sets.sort((a, b) => (a.number ?? 0) - (b.number ?? 0));
    out.push({
      kind: "target-edited",
      text: `target of ${setsRefText(group.sets)}: ${fieldChangeText(group.field, group.from, group.to, unit)}`,
      sets: group.sets,
      field: group.field,
      from: group.from,
      to: group.to,
    });
  }

  for (const { key, from, to } of logs)
    marking("log", key, () => {
      if (to && !from) {
        const ref = refAt("after", key, to);
        const values: SetLogValues = {
          reps: to.reps,
          weightKg: to.weightKg,
          rpe: to.rpe,
          durationSec: to.durationSec ?? null,
          completed: to.completed ?? true,
        };
        const verb = values.completed ? "logged" : "skipped";
        const added = sets.some((s) => s.key === key && s.to && !s.from) ? " (added)" : "";
        out.push({
          kind: "set-logged",
          text: values.completed
            ? `${verb} ${setRefText(ref)}${added}: ${logValuesText(values, unit)}`
            : `${verb} ${setRefText(ref)}${added}`,
          set: ref,
          log: values,
        });
      } else if (from && !to) {
        const setGone = sets.some((s) => s.key === key && s.from && !s.to);
        const exerciseGone = from.exerciseKey !== null && removedExerciseKeys.has(from.exerciseKey);
        if (setGone || exerciseGone) return;
        const ref = refAt("before", key, from);
        out.push({ kind: "set-unlogged", text: `took back ${setRefText(ref)}`, set: ref });
      } else if (from && to) {
        const ref = refAt("after", key, to);
        for (const field of ["reps", "weightKg", "durationSec", "rpe", "completed"] as const) {
          if (from[field] === undefined) continue; // a field the schema upgrade filled in
          const a = from[field] ?? null;
          const b = to[field] ?? null;
          if (a === b) continue;
          out.push({
            kind: "set-edited",
            text: `${setRefText(ref)}: ${fieldChangeText(field, a, b, unit)}`,
            set: ref,
            field,
            from: a,
            to: b,
          });
        }
      }
    });

  for (const { from, to } of pairs<Pause>("pauses")) {
    if (to && !from) out.push({ kind: "paused", text: "paused" });
    if (to && to.resumedAt !== null && (!from || from.resumedAt === null))
      out.push({ kind: "resumed", text: "resumed" });
  }

  if (!createdDoc) {
    for (const field of DETAIL_FIELDS as readonly DetailField[]) {
      if (!touched.details.has(field)) continue;
      const from = read([field], before) ?? null;
      const to = read([field], after) ?? null;
      if (from === to) continue;
      out.push({ kind: "detail", text: detailText(field, from, to), field, from, to });
    }
  }
  if (touched.notes && !createdDoc) {
    const from = str(read(["notes"], before));
    const to = str(read(["notes"], after));
    if (from !== to) out.push({ kind: "notes", text: notesText(from, to), from, to });
  }

  for (const { from, to } of pairs<Entry>("requests")) {
    if (!to) continue;
    const requestKind = str(to.kind) || "request";
    const status = str(to.status);
    if (!from) {
      const what =
        requestKind === "plan"
          ? "asked for a plan"
          : requestKind === "feedback"
            ? "asked for coach feedback"
            : `made a ${requestKind} request`;
      out.push({ kind: "request", text: what, requestKind, status });
    } else if (from.status !== to.status) {
      out.push({
        kind: "request",
        text: `${requestKind} request: ${str(from.status)} → ${status}`,
        requestKind,
        status,
      });
    }
  }
  if (touched.feedback) {
    const has = read(["feedback"], after);
    if (has) out.push({ kind: "feedback", text: "coach feedback arrived" });
  }
  for (const path of touched.other) out.push({ kind: "other", text: `changed ${path}`, path });
  return out;
}
