/**
 * Every user-visible string goes through this module, on top of @lit/localize in runtime mode: the message ids
 * are the keys of the English catalog (en.ts, the source locale), and each other locale is a module exporting
 * `templates` with the same keys (checked by the compiler through `Translations`, and by test/i18n.test.ts for
 * English left untranslated). Locale modules load on demand; elements decorated with `@localized()` re-render
 * when the locale changes.
 *
 * Keys are grouped by screen; `{name}` marks a placeholder (typed by `t()`), and keys ending in `.one` /
 * `.other` are plural forms read by `tPlural()`.
 */
import { configureLocalization, msg } from "@lit/localize";
import type { Settings } from "@cadence/shared-schema";
import { en } from "./en.js";

export { localized } from "@lit/localize";

export type MessageKey = keyof typeof en;
/** What another locale's catalog must look like: every key, nothing else. */
export type Translations = { readonly [K in MessageKey]: string };
export type Locale = Settings["language"];

/** The languages Cadence speaks, in the order the pickers list them. */
export const LOCALES = ["en", "nb", "es", "de"] as const satisfies readonly Locale[];

/** Each language in its own words: shown as is in every locale, so a reader always finds their own. */
export const LANGUAGE_NAMES: Readonly<Record<Locale, string>> = {
  en: "English",
  nb: "Norsk (bokmål)",
  es: "Español",
  de: "Deutsch",
};

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

const loaders: Record<Exclude<Locale, "en">, () => Promise<{ templates: Translations }>> = {
  nb: () => import("./nb.js"),
  es: () => import("./es.js"),
  de: () => import("./de.js"),
};

const { getLocale, setLocale } = configureLocalization({
  sourceLocale: "en",
  targetLocales: ["nb", "es", "de"],
  loadLocale: (locale) => loaders[locale as Exclude<Locale, "en">](),
});

const REMEMBERED_KEY = "cadence.locale";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

export function currentLocale(): Locale {
  const locale = getLocale();
  return isLocale(locale) ? locale : "en";
}

/**
 * The language to start in before the account says otherwise: the one this device last used, else the
 * browser's first language Cadence speaks ("no" and "nn" read as Bokmål), else English.
 */
export function startLocale(): Locale {
  let remembered: string | null = null;
  try {
    remembered = localStorage.getItem(REMEMBERED_KEY);
  } catch {
    // Storage disabled: fall through to the browser's languages.
  }
  if (isLocale(remembered)) return remembered;
  return matchLocale(navigator.languages);
}

/** The first of `languages` (BCP 47 tags, in preference order) that Cadence speaks, else English. */
export function matchLocale(languages: readonly string[]): Locale {
  for (const tag of languages) {
    const base = tag.toLowerCase().split("-")[0] ?? "";
    if (base === "no" || base === "nn") return "nb";
    if (isLocale(base)) return base;
  }
  return "en";
}

/**
 * Switches every `@localized()` element to `locale` once its strings have loaded, and sets the document's
 * language (screen readers pick their voice from it). Remembered on this device for the next start unless
 * `remember` is false.
 */
export async function useLocale(locale: Locale, { remember = true } = {}): Promise<void> {
  await setLocale(locale);
  document.documentElement.lang = locale;
  if (!remember) return;
  try {
    localStorage.setItem(REMEMBERED_KEY, locale);
  } catch {
    // Storage full or disabled: the next start uses the browser's language until the account loads.
  }
}

/** The translated string for `key`, with its `{placeholders}` filled in. */
export function t<K extends MessageKey>(key: K, ...params: ParamsOf<K>): string {
  // `?? key`: data from a newer device can name a kind or status this build has no string for.
  const source: string | undefined = en[key];
  const text = source === undefined ? key : msg(source, { id: key });
  const values: Record<string, string | number> | undefined = params[0];
  if (!values) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) return whole;
    return typeof value === "number" ? formatCount(value) : value;
  });
}

/** The plural form of `base` (`base.one` or `base.other`) for `count`, with `{count}` filled in. */
export function tPlural(base: PluralBase, count: number): string {
  // Spanish and others also have "many" (1 000 000): those read like "other" in every catalog here.
  const form = new Intl.PluralRules(currentLocale()).select(count) === "one" ? "one" : "other";
  const key = `${base}.${form}` as MessageKey;
  return msg(en[key], { id: key }).replace("{count}", formatCount(count));
}

function formatCount(value: number): string {
  return new Intl.NumberFormat(currentLocale()).format(value);
}
