// Schema versions and migrations. `migrations[kind][n]` upgrades a document from version n to n + 1; the
// list of a kind is as long as its current schema version. Migrations are pure: they never mutate their input
// and return a new plain object; fields this build does not know are carried over untouched.
import * as z from "zod";
import { defaultOnboarding, defaultSettings } from "./documents/account.js";
import {
  CURRENT_SCHEMA_VERSIONS,
  documentSchemas,
  type DocKind,
  type DocumentOf,
} from "./documents/kinds.js";
import { defaultBpmTargets, defaultMusicPreferences } from "./documents/music.js";

export type PlainObject = Record<string, unknown>;
export type Migration = (doc: Readonly<PlainObject>) => PlainObject;

/** Thrown by `migrate` for a schemaVersion it cannot upgrade from (newer than this build, or malformed). */
export class SchemaVersionError extends Error {
  constructor(
    readonly kind: DocKind,
    readonly found: unknown,
    readonly supported: number,
  ) {
    super(
      typeof found === "number" && Number.isInteger(found) && found > supported
        ? `${kind} document has schemaVersion ${found}, newer than this version of Cadence understands ` +
            `(${supported}); update the app`
        : `${kind} document has an invalid schemaVersion (${String(found)}); expected an integer 0-${supported}`,
    );
    this.name = "SchemaVersionError";
  }
}

function isPlainObject(value: unknown): value is PlainObject {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * A deep copy of plain objects and arrays (an Automerge document reads as such). Keys holding `undefined` are
 * dropped, since Automerge cannot store them. Other objects (Date, Uint8Array...) are shared, not copied.
 */
export function clonePlain<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item: unknown) => clonePlain(item)) as T;
  if (!isPlainObject(value)) return value;
  const out: PlainObject = {};
  for (const [key, item] of Object.entries(value)) {
    if (item !== undefined) out[key] = clonePlain(item);
  }
  return out as T;
}

/** `existing` with every key it lacks taken from `defaults`, recursively through nested objects. */
function fillMissing(defaults: Readonly<PlainObject>, existing: Readonly<PlainObject>): PlainObject {
  const out = clonePlain(existing as PlainObject);
  for (const [key, fallback] of Object.entries(defaults)) {
    const current = out[key];
    if (current === undefined) out[key] = clonePlain(fallback);
    else if (isPlainObject(fallback) && isPlainObject(current)) out[key] = fillMissing(fallback, current);
  }
  return out;
}

// Version 0 is a document written before schemaVersion existed (no `schemaVersion` field). Upgrading it fills
// every missing section with its default and sets `kind`. Identity fields (userId, a workout's date and
// createdAt) have no sensible default: if they are missing, validation reports them.
function fromUnversioned(kind: DocKind, sections: () => PlainObject): Migration {
  return (doc) => ({ ...fillMissing(sections(), doc), kind: doc.kind ?? kind });
}

/**
 * Workout 1 -> 2: the session structure (`exercises`, `sets`, `pauses`) arrives as empty maps, set logs gain
 * `exerciseKey: null`, `durationSec: null` and `completed: true` (a version 1 log was always a performed set),
 * swaps gain `exerciseKey: null` and `fromExerciseName: null`. Only maps and scalars are added, never list
 * items. Version 1 logs stay where they are: without a set of the same id they read as extra sets of their
 * exercise (see docs/workouts.md).
 */
function workoutV1ToV2(doc: Readonly<PlainObject>): PlainObject {
  const out = clonePlain(doc as PlainObject);
  for (const key of ["exercises", "sets", "pauses"]) {
    if (!isPlainObject(out[key])) out[key] = {};
  }
  const fill = (section: unknown, defaults: PlainObject): void => {
    if (!isPlainObject(section)) return;
    for (const entry of Object.values(section)) {
      if (!isPlainObject(entry)) continue;
      for (const [field, value] of Object.entries(defaults)) {
        if (entry[field] === undefined) entry[field] = value;
      }
    }
  };
  fill(out.log, { exerciseKey: null, durationSec: null, completed: true });
  fill(out.swaps, { exerciseKey: null, fromExerciseName: null });
  return out;
}

export const migrations: { readonly [K in DocKind]: readonly Migration[] } = {
  account: [
    fromUnversioned("account", () => ({
      profile: { displayName: "" },
      settings: defaultSettings(),
      onboarding: defaultOnboarding(),
      links: { contextJournal: null, music: null, workouts: {} },
      requests: {},
    })),
  ],
  workout: [
    fromUnversioned("workout", () => ({
      title: "",
      status: "planned",
      startedAt: null,
      finishedAt: null,
      plan: null,
      log: {},
      swaps: {},
      notes: "",
      sessionRpe: null,
      feedback: null,
      requests: {},
    })),
    workoutV1ToV2,
  ],
  contextJournal: [fromUnversioned("contextJournal", () => ({ entries: {} }))],
  music: [
    fromUnversioned("music", () => ({
      preferences: defaultMusicPreferences(),
      bpmTargets: defaultBpmTargets(),
      feedback: {},
      playlists: {},
    })),
  ],
};

export function currentSchemaVersion(kind: DocKind): number {
  return CURRENT_SCHEMA_VERSIONS[kind];
}

/** A document's schemaVersion: 0 when absent; throws SchemaVersionError when malformed. */
function versionOf(kind: DocKind, doc: Readonly<PlainObject>): number {
  const version = doc.schemaVersion;
  if (version === undefined) return 0;
  if (typeof version !== "number" || !Number.isInteger(version) || version < 0) {
    throw new SchemaVersionError(kind, version, currentSchemaVersion(kind));
  }
  return version;
}

/**
 * Upgrades a document of `kind` to the current schema version and returns a new plain object (a copy even
 * when nothing changed). Does not validate: follow with `validateDocument`, or use `parseDocument`.
 * Throws TypeError for a non-object and SchemaVersionError for a newer or malformed schemaVersion.
 */
export function migrate(kind: DocKind, doc: unknown): PlainObject {
  if (!isPlainObject(doc)) throw new TypeError(`migrate: a ${kind} document must be an object`);
  const current = currentSchemaVersion(kind);
  const from = versionOf(kind, doc);
  if (from > current) throw new SchemaVersionError(kind, from, current);
  let out = clonePlain(doc);
  for (let version = from; version < current; version++) {
    const step = migrations[kind][version];
    if (step === undefined) throw new Error(`missing ${kind} migration ${version} -> ${version + 1}`);
    out = { ...step(out), schemaVersion: version + 1 };
  }
  return out;
}

export type ValidationResult<T> = { ok: true; doc: T } | { ok: false; issues: string };

function failure(issue: string, path: string): { ok: false; issues: string } {
  return { ok: false, issues: `✖ ${issue}\n  → at ${path}` };
}

/**
 * Checks `value` against the current schema of `kind` as it is (no migration). On success `doc` is a parsed
 * copy for reading; write to the Automerge document itself, never this copy, so fields this build does not
 * know survive. `issues` is zod's prettified, human-readable list.
 */
export function validateDocument<K extends DocKind>(
  kind: K,
  value: unknown,
): ValidationResult<DocumentOf<K>> {
  const current = CURRENT_SCHEMA_VERSIONS[kind];
  const version = isPlainObject(value) ? value.schemaVersion : undefined;
  if (typeof version === "number" && version > current) {
    return failure(
      `schemaVersion ${version} is newer than this version of Cadence understands (${current}); update the app`,
      "schemaVersion",
    );
  }
  if (isPlainObject(value) && (version === undefined || (typeof version === "number" && version < current))) {
    return failure(
      `schemaVersion ${String(version ?? 0)} is older than the current ${current}; migrate the document first`,
      "schemaVersion",
    );
  }
  const parsed = documentSchemas[kind].safeParse(value);
  if (!parsed.success) return { ok: false, issues: z.prettifyError(parsed.error) };
  return { ok: true, doc: parsed.data as DocumentOf<K> };
}

export type ParseResult<T> = { ok: true; doc: T; migrated: boolean } | { ok: false; issues: string };

/**
 * Migrates (in memory) and validates a document loaded from storage or the network. `migrated` says the
 * stored document is older than this build, so a writer may persist the upgrade.
 */
export function parseDocument<K extends DocKind>(kind: K, value: unknown): ParseResult<DocumentOf<K>> {
  let upgraded: PlainObject;
  try {
    upgraded = migrate(kind, value);
  } catch (error) {
    if (error instanceof SchemaVersionError) return failure(error.message, "schemaVersion");
    if (error instanceof TypeError)
      return failure(`Invalid input: expected a ${kind} document object`, "(root)");
    throw error;
  }
  const result = validateDocument(kind, upgraded);
  if (!result.ok) return result;
  const migrated = isPlainObject(value) && value.schemaVersion !== upgraded.schemaVersion;
  return { ok: true, doc: result.doc, migrated };
}
