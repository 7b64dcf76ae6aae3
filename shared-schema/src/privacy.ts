// Consent rules every process applies before user data leaves for a model. Pure functions, no I/O.
import type { Settings } from "./documents/account.js";
import { SUGGESTED_CHIPS } from "./documents/context.js";
import type { ContextEntry, ContextJournalDoc } from "./documents/context.js";

/** The consent part of the account settings (`settings.consent`). */
export type Consent = Settings["consent"];

/** What of a context entry may reach a model. */
export interface ModelContextEntry {
  id: string;
  date: string;
  scope: ContextEntry["scope"];
  /** The person's own words: null unless they opted in (`settings.consent.aiContext`). */
  text: string | null;
  /** Quick chips; without consent only Cadence's own suggested chips (custom chips are the person's words). */
  chips: string[];
  signals: ContextEntry["signals"];
  recovery: ContextEntry["recovery"];
  simulated: ContextEntry["simulated"];
}

const SUGGESTED: ReadonlySet<string> = new Set(SUGGESTED_CHIPS);

/**
 * A context entry as a model may see it. With `consent.aiContext` off (the default), the free text is
 * removed and so are chips the person typed themselves; the structured signals, the recovery slider and the
 * simulated scores stay, because they are numbers the planner needs and contain no words of the person.
 * Unknown or missing consent counts as off.
 */
export function contextForModel(
  entry: ContextEntry,
  consent: Partial<Consent> | null | undefined,
): ModelContextEntry {
  const allowed = consent?.aiContext === true;
  return {
    id: entry.id,
    date: entry.date,
    scope: entry.scope,
    text: allowed ? entry.text : null,
    chips: allowed ? [...entry.chips] : entry.chips.filter((c) => SUGGESTED.has(c)),
    signals: { ...entry.signals },
    recovery: entry.recovery,
    simulated: entry.simulated ? { ...entry.simulated } : null,
  };
}

/** Every entry of a journal as a model may see it (see `contextForModel`), oldest first. */
export function contextJournalForModel(
  journal: Pick<ContextJournalDoc, "entries">,
  consent: Partial<Consent> | null | undefined,
): ModelContextEntry[] {
  return Object.values(journal.entries)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
    .map((e) => contextForModel(e, consent));
}

/**
 * Analytics: Cadence collects none (no tracking scripts, no usage events, no third-party SDKs), so
 * `settings.consent.analytics` has nothing to switch today. Any future collection must check this first.
 */
export function analyticsAllowed(consent: Partial<Consent> | null | undefined): boolean {
  return consent?.analytics === true;
}
