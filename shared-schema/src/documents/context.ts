// The context journal: one per user. Each entry is what the user said about their state (free text, chips,
// the recovery slider) plus the signals parsed from it, which the planner reads.
import * as z from "zod";
import { UserIdSchema } from "../ids.js";
import { PlanContextSchema } from "../plan/schema.js";
import { EntryIdSchema, IsoDateSchema, IsoDateTimeSchema, recordById } from "./primitives.js";

export const CONTEXT_JOURNAL_SCHEMA_VERSION = 1;

/** Quick tags the UI offers; entries may carry other chips too. */
export const SUGGESTED_CHIPS = ["cutting", "deload", "posterior chain", "low energy", "poor sleep"] as const;

export const CONTEXT_SCOPES = ["session", "week", "always"] as const;
export const ContextScopeSchema = z.enum(CONTEXT_SCOPES);
export type ContextScope = z.infer<typeof ContextScopeSchema>;

/** The recovery slider: -1 poor, 0 normal, +1 excellent (the planner's `recovery_bias`). */
export const RecoverySchema = z.literal([-1, 0, 1]);
export type Recovery = z.infer<typeof RecoverySchema>;

/** 1-5, meaning how much of the thing there is (soreness 5 = very sore, energy 5 = lots); null = unknown. */
const Scale5Schema = z.number().int().min(1).max(5).nullable();

export const ContextSignalsSchema = z.object({
  energy: Scale5Schema,
  mood: Scale5Schema,
  /** Sleep quality. */
  sleep: Scale5Schema,
  soreness: Scale5Schema,
  stress: Scale5Schema,
  sleepHours: z.number().min(0).max(24).nullable(),
  /** Who filled the signals in: nobody yet, client-side hints, or the model's structuring. */
  parsedBy: z.enum(["none", "client", "model"]),
});
export type ContextSignals = z.infer<typeof ContextSignalsSchema>;

/** Phase 1 has no wearables: HRV and sleep scores (0-100) are simulated from the recovery slider. */
export const SimulatedSignalsSchema = z.object({
  hrvScore: z.number().min(0).max(100),
  sleepScore: z.number().min(0).max(100),
});
export type SimulatedSignals = z.infer<typeof SimulatedSignalsSchema>;

export const ContextEntrySchema = z.object({
  id: EntryIdSchema,
  text: z.string().max(4000),
  chips: z.array(z.string().min(1).max(40)).max(50),
  signals: ContextSignalsSchema,
  /**
   * The planner's full reading of the entry (soreness by area, pain, focus, flags...), as parsed and then edited
   * by the user; absent (never undefined) on entries without one, which are parsed again from text and chips.
   */
  planSignals: PlanContextSchema.optional(),
  recovery: RecoverySchema,
  simulated: SimulatedSignalsSchema.nullable(),
  /** session: the next session from `date`; week: the week of `date`; always: until deleted. */
  scope: ContextScopeSchema,
  /** The day the entry applies from, `YYYY-MM-DD`. */
  date: IsoDateSchema,
  createdAt: IsoDateTimeSchema,
});
export type ContextEntry = z.infer<typeof ContextEntrySchema>;

export const ContextJournalDocSchema = z.object({
  schemaVersion: z.literal(CONTEXT_JOURNAL_SCHEMA_VERSION),
  kind: z.literal("contextJournal"),
  userId: UserIdSchema,
  entries: recordById(ContextEntrySchema),
});
export type ContextJournalDoc = z.infer<typeof ContextJournalDocSchema>;

export function newContextJournalDoc(userId: string): ContextJournalDoc {
  return {
    schemaVersion: CONTEXT_JOURNAL_SCHEMA_VERSION,
    kind: "contextJournal",
    userId,
    entries: {},
  };
}

/** Signals before anything was parsed. */
export function emptyContextSignals(): ContextSignals {
  return {
    energy: null,
    mood: null,
    sleep: null,
    soreness: null,
    stress: null,
    sleepHours: null,
    parsedBy: "none",
  };
}
