/**
 * Every user-visible string goes through this module. English only for now; the catalog shape (typed keys,
 * `{name}` placeholders, `.one`/`.other` plural keys) is what a later locale loader or @lit/localize adapter
 * has to provide.
 */
import { en } from "./en.js";

export type MessageKey = keyof typeof en;
/** What another locale's catalog must look like. */
export type Translations = { readonly [K in MessageKey]: string };
export type Locale = "en";

type Placeholders<S extends string> = S extends `${string}{${infer P}}${infer Rest}`
  ? P | Placeholders<Rest>
  : never;
type ParamsOf<K extends MessageKey> = [Placeholders<(typeof en)[K]>] extends [never]
  ? []
  : [params: Record<Placeholders<(typeof en)[K]>, string | number>];
/** Keys without placeholders: what a caller can pass around and translate later (route titles...). */
export type PlainMessageKey = { [K in MessageKey]: ParamsOf<K> extends [] ? K : never }[MessageKey];
type PluralBase = {
  [K in MessageKey]: K extends `${infer B}.one` ? (`${B}.other` extends MessageKey ? B : never) : never;
}[MessageKey];

const catalogs: Record<Locale, Translations> = { en };
const locale: Locale = "en";

export function currentLocale(): Locale {
  return locale;
}

/** The translated string for `key`, with its `{placeholders}` filled in. */
export function t<K extends MessageKey>(key: K, ...params: ParamsOf<K>): string {
  // `?? key`: data from a newer device can name a kind or status this build has no string for.
  const found: string | undefined = catalogs[locale][key];
  const text = found ?? key;
  const values: Record<string, string | number> | undefined = params[0];
  if (!values) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = values[name];
    return value === undefined ? whole : String(value);
  });
}

/** The plural form of `base` (`base.one` or `base.other`) for `count`, with `{count}` filled in. */
export function tPlural(base: PluralBase, count: number): string {
  const form = new Intl.PluralRules(locale).select(count) === "one" ? "one" : "other";
  const key = `${base}.${form}` as MessageKey;
  return catalogs[locale][key].replace("{count}", new Intl.NumberFormat(locale).format(count));
}

export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(date);
}
