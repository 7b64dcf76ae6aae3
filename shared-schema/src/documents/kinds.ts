// The four document kinds, their schemas and current schema versions, looked up by `kind`.
import type * as z from "zod";
import { ACCOUNT_SCHEMA_VERSION, AccountDocSchema } from "./account.js";
import { CONTEXT_JOURNAL_SCHEMA_VERSION, ContextJournalDocSchema } from "./context.js";
import { MUSIC_SCHEMA_VERSION, MusicDocSchema } from "./music.js";
import { WORKOUT_SCHEMA_VERSION, WorkoutDocSchema } from "./workout.js";

export const DOC_KINDS = ["account", "workout", "contextJournal", "music"] as const;
export type DocKind = (typeof DOC_KINDS)[number];

export const documentSchemas = {
  account: AccountDocSchema,
  workout: WorkoutDocSchema,
  contextJournal: ContextJournalDocSchema,
  music: MusicDocSchema,
} as const satisfies Record<DocKind, z.ZodType>;

export type DocumentOf<K extends DocKind> = z.infer<(typeof documentSchemas)[K]>;
export type AnyDocument = DocumentOf<DocKind>;

export const CURRENT_SCHEMA_VERSIONS = {
  account: ACCOUNT_SCHEMA_VERSION,
  workout: WORKOUT_SCHEMA_VERSION,
  contextJournal: CONTEXT_JOURNAL_SCHEMA_VERSION,
  music: MUSIC_SCHEMA_VERSION,
} as const satisfies Record<DocKind, number>;

export function isDocKind(value: unknown): value is DocKind {
  return typeof value === "string" && (DOC_KINDS as readonly string[]).includes(value);
}

/** The `kind` a stored document says it is, or null when it says nothing recognisable. */
export function documentKind(value: unknown): DocKind | null {
  if (typeof value !== "object" || value === null) return null;
  const kind = (value as { kind?: unknown }).kind;
  return isDocKind(kind) ? kind : null;
}
