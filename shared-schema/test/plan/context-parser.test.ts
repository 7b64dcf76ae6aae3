import { describe, expect, it } from "vitest";
import { CONTEXT_CHIPS, LOCALES, parseContext, type PlanContext } from "../../src/plan/index.js";

type Expect = Partial<Omit<PlanContext, "soreness">> & { soreness?: Partial<PlanContext["soreness"]> };
const CASES: readonly [lang: string, text: string, expected: Expect][] = [
  ["en", "slept 5h, legs tired, motivation low", { sleepHours: 5, soreness: { legs: 4 }, motivation: 2 }],
  [
    "en",
    "Slept 6.5 hours, feeling great, very sore shoulders",
    { sleepHours: 6.5, mood: 4, soreness: { shoulders: 5 } },
  ],
  ["en", "knee hurts a bit, stressed", { pain: ["knee"], stress: 4 }],
  ["en", "low energy, bad sleep, cutting", { energy: 2, sleepQuality: 2, flags: ["cutting"] }],
  ["en", "exhausted and not motivated", { energy: 1, motivation: 2 }],
  ["en", "only got five hours of sleep, a bit sore chest", { sleepHours: 5, soreness: { chest: 3 } }],
  ["en", "leg day, posterior chain focus", { focus: ["lower_body", "posterior_chain"] }],
  ["en", "tweaked my lower back, deload week", { pain: ["lower_back"], flags: ["deload"] }],
  ["nb", "sov 5 timer, slitne bein", { sleepHours: 5, soreness: { legs: 4 } }],
  ["nb", "sov seks timer", { sleepHours: 6 }],
  ["en", "slept 6½ hours", { sleepHours: 6.5 }],
  ["nb", "sov dårlig, lite energi og vondt i kneet", { sleepQuality: 2, energy: 2, pain: ["knee"] }],
  ["nb", "veldig støl i beina, men motivert", { soreness: { legs: 5 }, motivation: 4 }],
  ["nb", "fikk bare seks timer søvn, stresset", { sleepHours: 6, stress: 4 }],
  ["nb", "på deff, overkropp i dag", { flags: ["cutting"], focus: ["upper_body"] }],
  ["nb", "Ryggen er stiv og jeg er umotivert", { soreness: { back: 4 }, motivation: 2 }],
  ["es", "dormí 5 horas, piernas cansadas", { sleepHours: 5, soreness: { legs: 4 } }],
  ["es", "Dormí mal, poca energía, me duele la rodilla", { sleepQuality: 2, energy: 2, pain: ["knee"] }],
  ["es", "muy motivado, con agujetas en las piernas", { motivation: 5, soreness: { legs: 4 } }],
  ["es", "estresada, semana de descarga", { stress: 4, flags: ["deload"] }],
  ["es", "dormi siete horas, hombros cargados", { sleepHours: 7, soreness: { shoulders: 4 } }],
  ["de", "5 Stunden geschlafen, Beine müde", { sleepHours: 5, soreness: { legs: 4 } }],
  ["de", "schlecht geschlafen, wenig Energie, Knieschmerzen", { sleepQuality: 2, energy: 2, pain: ["knee"] }],
  ["de", "sehr gestresst, keine Lust", { stress: 5, motivation: 2 }],
  ["de", "Muskelkater in den Beinen, heute Oberkörper", { soreness: { legs: 4 }, focus: ["upper_body"] }],
  ["de", "nur 6,5 Stunden geschlafen", { sleepHours: 6.5 }],
  ["de", "Rücken verspannt, aber voller Energie", { soreness: { back: 4 }, energy: 5 }],
];

describe("parseContext", () => {
  for (const [lang, text, expected] of CASES) {
    it(`${lang}: "${text}"`, () => {
      const { signals, language, matches } = parseContext(text);
      const { soreness, ...rest } = expected;
      expect(signals).toMatchObject(rest);
      expect(signals.soreness).toMatchObject(soreness ?? {});
      expect(language).toBe(lang);
      for (const m of matches) expect(text).toContain(m.phrase);
      // Nothing beyond what the table names was read out of the phrase.
      const named = new Set(Object.keys(rest));
      for (const key of ["energy", "mood", "sleepHours", "sleepQuality", "stress", "motivation"] as const) {
        if (!named.has(key)) expect(signals[key], key).toBeNull();
      }
      for (const [area, v] of Object.entries(signals.soreness))
        if (!(soreness && area in soreness)) expect(v, area).toBeNull();
    });
  }

  it("reports the phrases it matched, as written", () => {
    const { matches } = parseContext("5 Stunden geschlafen, Beine müde");
    expect(matches.map((m) => [m.phrase, m.signal, m.value])).toEqual([
      ["5 Stunden geschlafen", "sleepHours", 5],
      ["Beine müde", "soreness.legs", 4],
    ]);
  });

  it("reads chips by id or by label-like name and lets the text override them", () => {
    const chips = parseContext("", ["low energy", "poor_sleep", "Posterior chain", "sore_legs", "bogus"]);
    expect(chips.signals).toMatchObject({ energy: 2, sleepQuality: 2, focus: ["posterior_chain"] });
    expect(chips.signals.soreness.legs).toBe(4);
    expect(chips.unknownChips).toEqual(["bogus"]);
    expect(chips.language).toBeNull();
    expect(parseContext("full of energy", ["low_energy"]).signals.energy).toBe(5);
  });

  it("has chip labels in all four languages", () => {
    for (const chip of CONTEXT_CHIPS)
      for (const l of LOCALES) expect(chip.labels[l].length, `${chip.id}.${l}`).toBeGreaterThan(0);
    for (const id of [
      "cutting",
      "deload",
      "posterior_chain",
      "low_energy",
      "poor_sleep",
      "sore_legs",
      "stressed",
      "high_motivation",
    ]) {
      expect(CONTEXT_CHIPS.map((c) => c.id)).toContain(id);
    }
  });

  it("lets a later phrase win and ignores what it does not know", () => {
    expect(parseContext("tired this morning, but full of energy now").signals.energy).toBe(5);
    const none = parseContext("ran 5 km yesterday, then a cool down");
    expect(none.matches).toEqual([]);
    expect(none.signals.sleepHours).toBeNull();
  });

  it("is deterministic", () => {
    const text = "sov 5 timer, slitne bein, vondt i skulderen";
    expect(parseContext(text)).toEqual(parseContext(text));
  });
});
