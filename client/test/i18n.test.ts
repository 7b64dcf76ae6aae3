// Every locale has every string, with the same placeholders, and none is English left untranslated.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { templates as de } from "../src/i18n/de.js";
import { en } from "../src/i18n/en.js";
import { templates as es } from "../src/i18n/es.js";
import { templates as nb } from "../src/i18n/nb.js";

type Catalog = Record<string, string>;
const source: Catalog = en;
const locales: Record<string, Catalog> = { nb, es, de };

/**
 * Strings that are rightly the same as in English: the brand and its page-title pattern, feature names, and
 * words the language shares with English. Anything else equal to English is a string someone forgot.
 */
const SAME_AS_ENGLISH: Record<string, readonly string[]> = {
  nb: ["app.name", "app.documentTitle"],
  es: [
    "app.name",
    "app.documentTitle",
    "settings.sync.manual",
    "settings.distanceUnit.imperial",
    "account.requestError",
  ],
  de: [
    "app.name",
    "app.documentTitle",
    "settings.accent.orange",
    "request.kind.echo",
    "equipment.kettlebell",
    "auth.displayName",
  ],
};

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe.each(Object.entries(locales))("the %s catalog", (locale, catalog) => {
  it("has exactly the English keys", () => {
    expect(Object.keys(catalog).sort()).toEqual(Object.keys(source).sort());
  });

  it("keeps every placeholder and invents none", () => {
    for (const [key, text] of Object.entries(source)) {
      expect({ key, placeholders: placeholders(catalog[key] ?? "") }).toEqual({
        key,
        placeholders: placeholders(text),
      });
    }
  });

  it("has no empty string and no English left untranslated", () => {
    const allowed = new Set(SAME_AS_ENGLISH[locale]);
    const leaked = Object.keys(source).filter((key) => catalog[key] === source[key] && !allowed.has(key));
    expect(leaked).toEqual([]);
    expect(Object.entries(catalog).filter(([, text]) => text.trim() === "")).toEqual([]);
  });

  it("needs every allowed English word (the allow-list does not hide anything stale)", () => {
    for (const key of SAME_AS_ENGLISH[locale] ?? []) expect(catalog[key]).toBe(source[key]);
  });
});

describe("the English catalog", () => {
  it("has both plural forms wherever it has one", () => {
    const keys = Object.keys(source);
    for (const key of keys.filter((k) => k.endsWith(".one")))
      expect(keys).toContain(key.replace(/\.one$/, ".other"));
    for (const key of keys.filter((k) => k.endsWith(".other")))
      expect(keys).toContain(key.replace(/\.other$/, ".one"));
  });

  it("has every key the client's source asks for by name", () => {
    // Literal keys in t("…") and tPlural("…"); keys built from data (goal.${goal}) are covered by the
    // enumerations' tests below.
    const used = new Set<string>();
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (file.endsWith(".ts")) {
          const text = fs.readFileSync(file, "utf8");
          for (const m of text.matchAll(/\bt\(\s*"([\w.]+)"/g)) used.add(m[1]!);
          for (const m of text.matchAll(/\btPlural\(\s*"([\w.]+)"/g)) used.add(`${m[1]!}.one`);
        }
      }
    };
    walk(path.resolve(import.meta.dirname, "../src"));
    expect([...used].filter((key) => !(key in source))).toEqual([]);
  });

  it("names every choice the account's enumerations offer", async () => {
    const schema = await import("@cadence/shared-schema");
    const need = [
      ...schema.GOALS.flatMap((g) => [`goal.${g}`, `goal.${g}.hint`]),
      ...schema.EXPERIENCE_LEVELS.flatMap((l) => [`experience.${l}`, `experience.${l}.hint`]),
      ...schema.EQUIPMENT.map((e) => `equipment.${e}`),
      ...schema.BODY_REGIONS.map((r) => `region.${r}`),
      ...schema.ACCENTS.map((a) => `settings.accent.${a}`),
      ...schema.FONT_SIZES.map((f) => `settings.fontSize.${f}`),
      ...schema.WEIGHT_UNITS.map((u) => `settings.weightUnit.${u}`),
      ...schema.REQUEST_KINDS.map((k) => `request.kind.${k}`),
      ...schema.REQUEST_STATUSES.map((s) => `request.status.${s}`),
    ];
    expect(need.filter((key) => !(key in source))).toEqual([]);
  });
});

// Feature catalogs (i18n/catalog.ts) live beside their elements; each registers itself when imported.
const featureModules = import.meta.glob("../src/**/{strings,*-i18n}.ts", { eager: true });

describe("the feature catalogs", async () => {
  const { featureCatalogs } = await import("../src/i18n/catalog.js");
  const catalogs = featureCatalogs();

  it("are all found (each feature module registers one)", () => {
    expect(Object.keys(featureModules).length).toBeGreaterThan(0);
    expect(catalogs.length).toBe(Object.keys(featureModules).length);
  });

  describe.each(catalogs.map((c) => [c.name, c] as const))("%s", (_name, feature) => {
    const english: Catalog = feature.catalogs.en;
    it.each(Object.keys(locales))("in %s has exactly the English keys and placeholders", (locale) => {
      const catalog: Catalog = feature.catalogs[locale as keyof typeof feature.catalogs];
      expect(Object.keys(catalog).sort()).toEqual(Object.keys(english).sort());
      for (const [key, text] of Object.entries(english))
        expect({ key, placeholders: placeholders(catalog[key] ?? "") }).toEqual({
          key,
          placeholders: placeholders(text),
        });
    });
    it.each(Object.keys(locales))("in %s leaves no English untranslated", (locale) => {
      const catalog: Catalog = feature.catalogs[locale as keyof typeof feature.catalogs];
      const allowed = new Set<string>(feature.sameAsEnglish[locale as keyof typeof feature.sameAsEnglish]);
      const leaked = Object.keys(english).filter((key) => catalog[key] === english[key] && !allowed.has(key));
      expect(leaked).toEqual([]);
      for (const key of allowed) expect(catalog[key]).toBe(english[key]);
      expect(Object.entries(catalog).filter(([, text]) => text.trim() === "")).toEqual([]);
    });
  });
});
