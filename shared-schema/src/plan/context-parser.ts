// Deterministic parsing of the context window (free text in en/nb/es/de plus quick chips) into the planner's
// signals: the "client hints" half of the spec's "client hints + LLM structuring". It reports every phrase it
// understood, so the UI can underline them and the model only has to fill what is left.
import {
  lexicon,
  NUMBER_VALUES,
  STRONG,
  WEAK,
  type ContextLanguage,
  type SignalKey,
} from "./context-lexicon.js";
import type { Locale } from "./exercises.js";
import {
  emptyPlanContext,
  type BodyRegion,
  type Focus,
  type PlanContext,
  type SorenessArea,
  type TrainingFlag,
} from "./schema.js";

export type { ContextLanguage, SignalKey } from "./context-lexicon.js";

export interface ContextMatch {
  /** The words matched, as written (text) or the chip id. */
  phrase: string;
  signal: SignalKey;
  /** The scale value, hours slept, or 1 for pain, focus and flags. */
  value: number;
  /** Language of the phrase; null for chips. */
  language: ContextLanguage | null;
  source: "text" | "chip";
}

export interface ParsedContext {
  signals: PlanContext;
  matches: ContextMatch[];
  /** The language most matched phrases were in, or null when none matched. */
  language: ContextLanguage | null;
  /** Chips given that mean nothing to the parser. */
  unknownChips: string[];
}

type Patch = readonly [SignalKey, number];

/** Quick chips with labels in the four languages and what each sets. */
export const CONTEXT_CHIPS: readonly {
  id: string;
  labels: Readonly<Record<Locale, string>>;
  sets: readonly Patch[];
}[] = [
  {
    id: "cutting",
    labels: { en: "Cutting", nb: "Deff", es: "Definición", de: "Diät" },
    sets: [["flag.cutting", 1]],
  },
  {
    id: "deload",
    labels: { en: "Deload", nb: "Deload", es: "Descarga", de: "Deload" },
    sets: [["flag.deload", 1]],
  },
  {
    id: "posterior_chain",
    labels: { en: "Posterior chain", nb: "Bakre kjede", es: "Cadena posterior", de: "Hintere Kette" },
    sets: [["focus.posterior_chain", 1]],
  },
  {
    id: "upper_body",
    labels: { en: "Upper body", nb: "Overkropp", es: "Tren superior", de: "Oberkörper" },
    sets: [["focus.upper_body", 1]],
  },
  {
    id: "lower_body",
    labels: { en: "Lower body", nb: "Underkropp", es: "Tren inferior", de: "Unterkörper" },
    sets: [["focus.lower_body", 1]],
  },
  {
    id: "full_body",
    labels: { en: "Full body", nb: "Helkropp", es: "Cuerpo completo", de: "Ganzkörper" },
    sets: [["focus.full_body", 1]],
  },
  {
    id: "cardio",
    labels: { en: "Cardio", nb: "Kondisjon", es: "Cardio", de: "Ausdauer" },
    sets: [["focus.cardio", 1]],
  },
  {
    id: "low_energy",
    labels: { en: "Low energy", nb: "Lite energi", es: "Poca energía", de: "Wenig Energie" },
    sets: [["energy", 2]],
  },
  {
    id: "high_energy",
    labels: { en: "High energy", nb: "Mye energi", es: "Mucha energía", de: "Viel Energie" },
    sets: [["energy", 4]],
  },
  {
    id: "poor_sleep",
    labels: { en: "Poor sleep", nb: "Dårlig søvn", es: "Dormí mal", de: "Schlecht geschlafen" },
    sets: [["sleepQuality", 2]],
  },
  {
    id: "great_sleep",
    labels: { en: "Slept well", nb: "Sov godt", es: "Dormí bien", de: "Gut geschlafen" },
    sets: [["sleepQuality", 4]],
  },
  {
    id: "sore_legs",
    labels: { en: "Sore legs", nb: "Støle bein", es: "Piernas cargadas", de: "Muskelkater in den Beinen" },
    sets: [["soreness.legs", 4]],
  },
  {
    id: "sore_upper_body",
    labels: {
      en: "Sore upper body",
      nb: "Støl i overkroppen",
      es: "Tren superior cargado",
      de: "Muskelkater im Oberkörper",
    },
    sets: [
      ["soreness.chest", 4],
      ["soreness.shoulders", 4],
      ["soreness.arms", 4],
    ],
  },
  {
    id: "sore_back",
    labels: { en: "Sore back", nb: "Stiv rygg", es: "Espalda cargada", de: "Verspannter Rücken" },
    sets: [["soreness.back", 4]],
  },
  {
    id: "stressed",
    labels: { en: "Stressed", nb: "Stresset", es: "Estresado", de: "Gestresst" },
    sets: [["stress", 4]],
  },
  {
    id: "high_motivation",
    labels: { en: "Motivated", nb: "Motivert", es: "Motivado", de: "Motiviert" },
    sets: [["motivation", 4]],
  },
  {
    id: "low_motivation",
    labels: { en: "Low motivation", nb: "Lite motivasjon", es: "Poca motivación", de: "Wenig Motivation" },
    sets: [["motivation", 2]],
  },
];

// ------------------------------------------------------------------------------------------- folding

/** Lower case without accents ("Müde" → "mude", "½" → ".5"); ø, æ and ß stay. */
function foldChar(ch: string): string {
  if (ch === "½") return ".5";
  if (ch === "\u2019" || ch === "\u2018") return "'";
  return ch.toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "");
}

export function foldText(text: string): string {
  return Array.from(text, foldChar).join("");
}

/** Folded text plus, for each folded code unit, where its character starts in the original. */
function foldWithMap(text: string): { folded: string; origin: number[] } {
  let folded = "";
  const origin: number[] = [];
  let at = 0;
  for (const ch of text) {
    const f = foldChar(ch);
    for (let i = 0; i < f.length; i += 1) origin.push(at);
    folded += f;
    at += ch.length;
  }
  origin.push(text.length);
  return { folded, origin };
}

interface CompiledRule {
  lang: ContextLanguage;
  signal: SignalKey;
  value: number;
  re: RegExp;
}

const strongSet = (lang: ContextLanguage): ReadonlySet<string> => new Set(foldText(STRONG[lang]).split("|"));
const STRONG_WORDS: Readonly<Record<ContextLanguage, ReadonlySet<string>>> = {
  en: strongSet("en"),
  nb: strongSet("nb"),
  es: strongSet("es"),
  de: strongSet("de"),
};

const RULES: readonly CompiledRule[] = lexicon().map((r) => {
  const mods = foldText(`${STRONG[r.lang]}|${WEAK[r.lang]}`);
  const source = `(?<![\\p{L}\\p{N}])(?:(?<mod>${mods})\\s+)?(?:${foldText(r.source)})(?![\\p{L}\\p{N}])`;
  return { lang: r.lang, signal: r.signal, value: r.value, re: new RegExp(source, "gu") };
});

function hours(raw: string): number | null {
  const word = NUMBER_VALUES[raw] ?? Object.entries(NUMBER_VALUES).find(([w]) => foldText(w) === raw)?.[1];
  const n = word ?? Number(raw.replace(",", "."));
  return Number.isFinite(n) && n >= 0 && n <= 24 ? n : null;
}

function withModifier(
  signal: SignalKey,
  value: number,
  mod: string | undefined,
  lang: ContextLanguage,
): number {
  if (!mod) return value;
  const strong = STRONG_WORDS[lang].has(mod.trim().replace(/\s+/g, " "));
  if (signal.startsWith("soreness.")) return strong ? 5 : 3;
  if (!["energy", "mood", "stress", "motivation", "sleepQuality"].includes(signal)) return value;
  if (value <= 2) return strong ? Math.max(1, value - 1) : Math.min(3, value + 1);
  if (value >= 4) return strong ? 5 : value - 1;
  return value;
}

// ------------------------------------------------------------------------------------------- parsing

function textMatches(text: string): (ContextMatch & { at: number })[] {
  const { folded, origin } = foldWithMap(text);
  let work = folded;
  const found: (ContextMatch & { at: number })[] = [];
  for (const rule of RULES) {
    const spans: [number, number][] = [];
    for (const m of work.matchAll(rule.re)) {
      const start = m.index;
      const end = start + m[0].length;
      let value = rule.value;
      if (rule.signal === "sleepHours") {
        const h = hours(m.groups?.n ?? "");
        if (h === null) continue;
        value = h;
      } else {
        value = withModifier(rule.signal, value, m.groups?.mod ?? m.groups?.mod2, rule.lang);
      }
      spans.push([start, end]);
      const phrase = text.slice(origin[start], origin[end]).trim();
      found.push({ phrase, signal: rule.signal, value, language: rule.lang, source: "text", at: start });
    }
    for (const [s, e] of spans) work = work.slice(0, s) + " ".repeat(e - s) + work.slice(e);
  }
  return found.sort((a, b) => a.at - b.at);
}

function apply(signals: PlanContext, signal: SignalKey, value: number): void {
  const [kind, name] = signal.split(".") as [string, string | undefined];
  switch (kind) {
    case "sleepHours":
      signals.sleepHours = value;
      return;
    case "sleepQuality":
    case "energy":
    case "mood":
    case "stress":
    case "motivation":
      signals[kind] = value;
      return;
    case "soreness":
      signals.soreness[name as SorenessArea] = value;
      return;
    case "pain":
      if (!signals.pain.includes(name as BodyRegion)) signals.pain.push(name as BodyRegion);
      return;
    case "focus":
      if (!signals.focus.includes(name as Focus)) signals.focus.push(name as Focus);
      return;
    case "flag":
      if (!signals.flags.includes(name as TrainingFlag)) signals.flags.push(name as TrainingFlag);
      return;
  }
}

/** "posterior chain", "Low-Energy" and "low_energy" name the same chip. */
const chipKey = (chip: string): string =>
  foldText(chip)
    .trim()
    .replace(/[\s-]+/g, "_");

/**
 * Signals from free text and chips. Chips apply first; the text then overrides them, and within the text a
 * later phrase wins over an earlier one ("tired, but full of energy now" → energy 5).
 */
export function parseContext(text: string, chips: readonly string[] = []): ParsedContext {
  const signals = emptyPlanContext();
  const matches: ContextMatch[] = [];
  const unknownChips: string[] = [];
  for (const chip of chips) {
    const def = CONTEXT_CHIPS.find((c) => c.id === chipKey(chip));
    if (!def) {
      unknownChips.push(chip);
      continue;
    }
    for (const [signal, value] of def.sets) {
      apply(signals, signal, value);
      matches.push({ phrase: def.id, signal, value, language: null, source: "chip" });
    }
  }
  const counts = new Map<ContextLanguage, number>();
  for (const { at: _at, ...m } of textMatches(text)) {
    apply(signals, m.signal, m.value);
    matches.push(m);
    if (m.language) counts.set(m.language, (counts.get(m.language) ?? 0) + 1);
  }
  let language: ContextLanguage | null = null;
  for (const [lang, n] of counts) if (language === null || n > (counts.get(language) ?? 0)) language = lang;
  return { signals, matches, language, unknownChips };
}
