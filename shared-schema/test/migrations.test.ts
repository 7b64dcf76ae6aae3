import { describe, expect, it } from "vitest";
import {
  CURRENT_SCHEMA_VERSIONS,
  DOC_KINDS,
  SchemaVersionError,
  clonePlain,
  makeUserId,
  migrate,
  migrations,
  newAccountDoc,
  newContextJournalDoc,
  newMusicDoc,
  newWorkoutDoc,
  parseDocument,
  validateDocument,
  type DocKind,
} from "../src/index.js";

const userId = makeUserId();

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}

/** Unversioned (v0) documents: written before schemaVersion existed, with some sections missing. */
const v0: Record<DocKind, () => Record<string, unknown>> = {
  account: () => ({ userId, profile: { displayName: "Ada" }, settings: { language: "nb", theme: "dark" } }),
  workout: () => ({ kind: "workout", userId, date: "2025-03-01", createdAt: "2025-03-01T09:00:00.000Z" }),
  contextJournal: () => ({ userId }),
  music: () => ({ userId, bpmTargets: { main: { min: 125, max: 150 } } }),
};

const current = {
  account: () => newAccountDoc(userId, "Ada"),
  workout: () => newWorkoutDoc({ userId, date: "2025-03-01" }),
  contextJournal: () => newContextJournalDoc(userId),
  music: () => newMusicDoc(userId),
};

describe("migration registry", () => {
  it("has one step per schema version for every kind", () => {
    for (const kind of DOC_KINDS) expect(migrations[kind]).toHaveLength(CURRENT_SCHEMA_VERSIONS[kind]);
  });
});

describe.each(DOC_KINDS)("migrate(%s)", (kind) => {
  it("upgrades an unversioned (v0) document to a valid current one, keeping its values", () => {
    const upgraded = migrate(kind, v0[kind]());
    expect(upgraded.schemaVersion).toBe(CURRENT_SCHEMA_VERSIONS[kind]);
    expect(upgraded.kind).toBe(kind);
    const result = validateDocument(kind, upgraded);
    if (!result.ok) throw new Error(result.issues);
  });

  it("is pure: a deeply frozen input is neither mutated nor shared with the output", () => {
    const input = deepFreeze(v0[kind]());
    const snapshot = structuredClone(input);
    const output = migrate(kind, input);
    expect(input).toEqual(snapshot);
    expect(Object.isFrozen(output)).toBe(false);
    output.extra = 1; // would throw if the output were the frozen input
  });

  it("is idempotent", () => {
    const once = migrate(kind, v0[kind]());
    expect(migrate(kind, once)).toEqual(once);
    const doc = current[kind]();
    expect(migrate(kind, doc)).toEqual(doc);
    expect(migrate(kind, doc)).not.toBe(doc);
  });

  it("refuses a document from a newer schema version", () => {
    const newer = { ...current[kind](), schemaVersion: CURRENT_SCHEMA_VERSIONS[kind] + 1 };
    expect(() => migrate(kind, newer)).toThrow(SchemaVersionError);
    const result = validateDocument(kind, newer);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues).toContain("newer than this version of Cadence understands");
  });
});

describe("migrate", () => {
  it("keeps existing values and fills only what is missing", () => {
    const account = migrate("account", v0.account());
    expect(account.settings).toMatchObject({ language: "nb", theme: "dark", weightUnit: "kg", clock: 24 });
    const music = migrate("music", v0.music());
    expect(music.bpmTargets).toMatchObject({ main: { min: 125, max: 150 }, warmup: { min: 100, max: 120 } });
  });

  it("carries fields it does not know (written by a newer build) through unchanged", () => {
    const doc = { ...v0.account(), futureField: { nested: [1, 2] } };
    expect(migrate("account", doc).futureField).toEqual({ nested: [1, 2] });
  });

  it("does not overwrite a kind that disagrees, so validation reports it", () => {
    const upgraded = migrate("account", { ...v0.account(), kind: "music" });
    expect(upgraded.kind).toBe("music");
    const result = validateDocument("account", upgraded);
    expect(!result.ok && result.issues).toContain("at kind");
  });

  it("rejects a malformed schemaVersion and non-objects", () => {
    expect(() => migrate("workout", { ...current.workout(), schemaVersion: "1" })).toThrow(
      SchemaVersionError,
    );
    expect(() => migrate("workout", { ...current.workout(), schemaVersion: 0.5 })).toThrow(
      /invalid schemaVersion/,
    );
    expect(() => migrate("workout", null)).toThrow(TypeError);
    expect(() => migrate("workout", [])).toThrow(TypeError);
  });

  it("leaves no identity field invented: a v0 workout without a date stays invalid", () => {
    const { date: _date, ...noDate } = v0.workout();
    const result = parseDocument("workout", noDate);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues).toContain("at date");
  });
});

describe("validateDocument / parseDocument", () => {
  it("validateDocument does not migrate: it asks for a migration of an older document", () => {
    const result = validateDocument("contextJournal", v0.contextJournal());
    expect(!result.ok && result.issues).toContain("older than the current 1; migrate the document first");
  });

  it("parseDocument migrates in memory and says so", () => {
    const old = parseDocument("account", v0.account());
    expect(old.ok && old.migrated).toBe(true);
    const fresh = parseDocument("account", current.account());
    expect(fresh.ok && fresh.migrated).toBe(false);
  });

  it("parseDocument turns version and type errors into readable issues instead of throwing", () => {
    const newer = parseDocument("music", { ...current.music(), schemaVersion: 99 });
    expect(!newer.ok && newer.issues).toContain("schemaVersion 99");
    const notObject = parseDocument("music", "hello");
    expect(!notObject.ok && notObject.issues).toContain("expected a music document object");
  });
});

describe("clonePlain", () => {
  it("deep-copies and drops undefined keys", () => {
    const input = { a: { b: [1, { c: undefined, d: 2 }] }, e: undefined };
    const output = clonePlain(input);
    expect(output).toEqual({ a: { b: [1, { d: 2 }] } });
    expect("e" in output).toBe(false);
    expect(output.a).not.toBe(input.a);
  });
});
