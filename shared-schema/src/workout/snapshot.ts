// Reading many entries inside a change, cheaply and safely. Every property read through an Automerge proxy
// crosses into wasm and builds proxies, so sorting 40 sets through proxies costs milliseconds; and
// `materialize` must not be called inside a change (it moves the patch cursor, and the document returned by
// the change would miss the writes made before it). So: read only the scalar fields needed, one low-level
// `getWithType` each. Writes still go through the proxy.
import * as A from "@automerge/automerge";
import type { WorkoutDoc } from "../documents/workout.js";

type Section = "exercises" | "sets" | "log" | "pauses";
type Backend = ReturnType<typeof A.getBackend>;

function scalar(backend: Backend, obj: string, prop: string): unknown {
  const found = backend.getWithType(obj, prop) as [string, unknown] | null;
  if (!found) return undefined;
  const [type, value] = found;
  if (type === "text") return backend.text(value as string);
  if (type === "map" || type === "list") return undefined;
  return value;
}

/**
 * The entries of a section with only the given scalar fields read (plus `id`, the key). `nested` names a map
 * field whose scalar fields are read too (e.g. a set's `target`).
 */
export function readEntries<K extends Section, F extends string>(
  doc: WorkoutDoc,
  section: K,
  fields: readonly F[],
  nested?: string,
): Array<{ id: string } & Record<F, unknown> & { nested?: Record<string, unknown> }> {
  const backend = A.getBackend(doc);
  const obj = A.getObjectId(doc, section);
  if (obj === null) return [];
  const out: Array<{ id: string } & Record<F, unknown> & { nested?: Record<string, unknown> }> = [];
  for (const key of backend.keys(obj)) {
    const found = backend.getWithType(obj, key) as [string, unknown] | null;
    if (!found || found[0] !== "map") continue;
    const entry = found[1] as string;
    const row = { id: key } as { id: string } & Record<F, unknown> & { nested?: Record<string, unknown> };
    for (const field of fields) (row as Record<string, unknown>)[field] = scalar(backend, entry, field);
    if (nested !== undefined) {
      const inner = backend.getWithType(entry, nested) as [string, unknown] | null;
      if (inner && inner[0] === "map") {
        const values: Record<string, unknown> = {};
        for (const k of backend.keys(inner[1] as string)) values[k] = scalar(backend, inner[1] as string, k);
        row.nested = values;
      }
    }
    out.push(row);
  }
  return out;
}

/** The keys of a section. */
export function keysOf(doc: WorkoutDoc, section: Section): Set<string> {
  const obj = A.getObjectId(doc, section);
  if (obj === null) return new Set();
  return new Set(A.getBackend(doc).keys(obj));
}

/** Set slots of an exercise in show order, with id and order only (for placing and walking them). */
export function slotsOf(doc: WorkoutDoc, exerciseKey: string): Array<{ id: string; order: string }> {
  return readEntries(doc, "sets", ["exerciseKey", "order"])
    .filter((s) => s.exerciseKey === exerciseKey)
    .map((s) => ({ id: s.id, order: String(s.order) }))
    .sort((a, b) =>
      a.order !== b.order ? (a.order < b.order ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
    );
}
