/**
 * Feature catalogs: the strings of one feature (plans, workout player, music, accounts…) in every language,
 * kept beside that feature's elements so features ship as one piece and never edit a shared file. They follow
 * the shell's locale (`currentLocale()`); elements that use them are `@localized()` and re-render when it
 * changes. Every catalog registers itself, so test/i18n.test.ts checks all of them alike: every key in every
 * language, the same placeholders, and no English left untranslated.
 *
 *     const strings = defineCatalog("workout", { en, nb, es, de }, { es: ["workout.ok"] });
 *     export const wt = strings.t;   // wt("workout.setOf", { n: 3, total: 5 })
 *
 * `{name}` marks a placeholder; numbers are formatted for the locale.
 */
import { currentLocale, type Locale } from "./index.js";

export type Strings<K extends string> = { readonly [P in K]: string };

export interface FeatureCatalog<K extends string> {
  readonly name: string;
  readonly catalogs: Readonly<Record<Locale, Strings<K>>>;
  /** Keys whose translation is rightly the same as the English (a shared word, a brand), per locale. */
  readonly sameAsEnglish: Readonly<Partial<Record<Locale, readonly K[]>>>;
  /** The string for `key` in the current language, `{placeholders}` filled in. */
  readonly t: (key: K, params?: Readonly<Record<string, string | number>>) => string;
}

const registry = new Map<string, FeatureCatalog<string>>();

/** Every catalog defined so far (for the i18n test). */
export function featureCatalogs(): readonly FeatureCatalog<string>[] {
  return [...registry.values()];
}

export function defineCatalog<K extends string>(
  name: string,
  catalogs: { readonly en: Strings<K> } & Readonly<Record<Exclude<Locale, "en">, Strings<K>>>,
  sameAsEnglish: Readonly<Partial<Record<Locale, readonly NoInfer<K>[]>>> = {},
): FeatureCatalog<K> {
  const t = (key: K, params: Readonly<Record<string, string | number>> = {}): string => {
    const locale = currentLocale();
    // `?? en[key]`: a key a newer build added and an older catalog module lacks never shows as blank.
    const text = catalogs[locale][key] ?? catalogs.en[key];
    return fill(text, params, locale);
  };
  const catalog: FeatureCatalog<K> = { name, catalogs, sameAsEnglish, t };
  registry.set(name, catalog as unknown as FeatureCatalog<string>);
  return catalog;
}

export function fill(
  text: string,
  params: Readonly<Record<string, string | number>>,
  locale: Locale,
): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === "number" ? new Intl.NumberFormat(locale).format(value) : value;
  });
}
