// Writing a wanted plain value onto a document with the fewest operations: only fields that differ are set,
// objects that exist on both sides are edited in place (so a concurrent edit of another field still merges),
// and text fields are spliced (so a concurrent edit of the same text still interleaves).
import * as A from "@automerge/automerge";

type Obj = Record<string, unknown>;

function isObject(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Structural equality of plain JSON-like values (documents read as such). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && sameValue(a[k], b[k]));
  }
  return false;
}

/** A deep copy without undefined (Automerge cannot store it) and without proxies. */
export function plainCopy<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item: unknown) => plainCopy(item)) as T;
  if (isObject(value)) {
    const out: Obj = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = plainCopy(v);
    return out as T;
  }
  return value;
}

export interface ReconcileOptions {
  /** Paths (from the root) whose strings are Automerge text to splice rather than replace, e.g. [["notes"]]. */
  readonly text?: readonly (readonly string[])[];
}

/**
 * Makes `target` (an object inside `root`, the change's document proxy, at `path`) equal to `wanted`. Keys of
 * `target` missing from `wanted` are deleted.
 */
export function reconcileInto(
  root: unknown,
  target: Obj,
  wanted: Readonly<Obj>,
  path: readonly string[] = [],
  options: ReconcileOptions = {},
): void {
  for (const key of Object.keys(target)) {
    if (!Object.prototype.hasOwnProperty.call(wanted, key) || wanted[key] === undefined) delete target[key];
  }
  for (const [key, want] of Object.entries(wanted)) {
    if (want === undefined) continue;
    const have = target[key];
    if (isObject(want) && isObject(have)) {
      reconcileInto(root, have, want, [...path, key], options);
    } else if (typeof want === "string" && typeof have === "string") {
      if (want === have) continue;
      const at = [...path, key];
      const isText = options.text?.some(
        (p) => p.length === at.length && p.every((part, i) => part === at[i]),
      );
      if (isText) {
        try {
          A.updateText(root as A.Doc<unknown>, at, want);
          continue;
        } catch {
          // Not a text object (a foreign writer stored a plain string): replace it.
        }
      }
      target[key] = want;
    } else if (!sameValue(have, want)) {
      target[key] = plainCopy(want);
    }
  }
}
