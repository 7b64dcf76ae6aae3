import { LANGUAGES } from "@cadence/shared-schema";
import type { IncomingMessage } from "node:http";
import type { AppContext } from "../context.js";
import { readStoredDocument } from "../privacy/doc-reader.js";

export type Language = (typeof LANGUAGES)[number];

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

/** The user's language from their account document's `settings.language`; English when unreadable. */
export async function userLanguage(ctx: AppContext, rootDocId: string): Promise<Language> {
  try {
    const doc = await readStoredDocument<{ settings?: { language?: unknown } }>(ctx, rootDocId);
    const lang = doc?.settings?.language;
    return isLanguage(lang) ? lang : "en";
  } catch {
    return "en";
  }
}

/** The best supported language of an Accept-Language header (for a brand-new account), or null. */
export function languageFromHeader(req: IncomingMessage): Language | null {
  const header = req.headers["accept-language"];
  if (typeof header !== "string") return null;
  const ranked = header
    .split(",")
    .map((part) => {
      const [tag, ...params] = part.trim().split(";");
      const q = params.map((p) => /^q=([\d.]+)$/.exec(p.trim())?.[1]).find(Boolean);
      return { tag: (tag ?? "").toLowerCase(), q: q === undefined ? 1 : Number(q) };
    })
    .filter((x) => x.tag && x.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    const base = tag.split("-")[0]!;
    // Norwegian: "no" and "nn" readers get bokmål, the variant Cadence speaks.
    const mapped = base === "no" || base === "nn" ? "nb" : base;
    if (isLanguage(mapped)) return mapped;
  }
  return null;
}
