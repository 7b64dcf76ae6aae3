/**
 * The app's string catalogs, so tests find controls by the words each language shows (a changed string then
 * changes the test too, and a missing one fails it).
 */
import { en } from "../../client/src/i18n/en.js";
import { templates as de } from "../../client/src/i18n/de.js";
import { templates as es } from "../../client/src/i18n/es.js";
import { templates as nb } from "../../client/src/i18n/nb.js";

export type Locale = "en" | "nb" | "es" | "de";
export type Key = keyof typeof en;

export const catalogs: Record<Locale, Record<Key, string>> = { en, nb, es, de };

/** The language names as the language pickers show them. */
export const LANGUAGE_NAMES: Record<Locale, string> = {
  en: "English",
  nb: "Norsk (bokmål)",
  es: "Español",
  de: "Deutsch",
};

/** The string for `key` in `locale`, with `{placeholders}` filled in. */
export function text(locale: Locale, key: Key, params: Record<string, string | number> = {}): string {
  return catalogs[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    params[name] === undefined ? whole : String(params[name]),
  );
}
