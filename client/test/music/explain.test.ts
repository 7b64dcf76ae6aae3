// The Session Mix's explanations come as data from the shared code and the server; the client words them in the
// person's language.
import {
  buildSessionMix,
  FALLBACK_POOL,
  type MixWarning,
  type ScoreTerm,
} from "@cadence/shared-schema/music";
import { describe, expect, it, vi } from "vitest";
import type * as I18n from "../../src/i18n/index.js";

const state: { locale: I18n.Locale } = vi.hoisted(() => ({ locale: "en" }));
vi.mock("../../src/i18n/index.js", async (original) => ({
  ...(await original<typeof I18n>()),
  currentLocale: () => state.locale,
}));

const { phaseNotes, readinessText, shortfallText, targetText, termText, warningText, whyText } =
  await import("../../src/music/explain.js");

const bpmFromTap: ScoreTerm = {
  id: "bpm",
  points: 38,
  min: 0,
  max: 40,
  scored: true,
  text: "150 BPM, inside 130–160; aim 145 (tempo from your tap or entry).",
  reason: {
    kind: "bpm_fit",
    bpm: 75,
    tempoSource: "user",
    relation: "half_time",
    effectiveBpm: 150,
    inRange: true,
    distance: 0,
    min: 130,
    max: 160,
    target: 145,
  },
};

describe("Session Mix explanations in words", () => {
  it("words a term's reason, with where its tempo came from, in each language", () => {
    state.locale = "en";
    expect(termText(bpmFromTap)).toBe(
      "75 BPM counts as 150 (half time: two movements per beat), inside 130–160; aim 145. Tempo from your tap or entry.",
    );
    state.locale = "de";
    expect(termText(bpmFromTap)).toBe(
      "75 BPM zählen als 150 (halbes Tempo: zwei Bewegungen pro Schlag), innerhalb von 130–160; Ziel 145. Tempo aus deinem Tippen oder deiner Eingabe.",
    );
    state.locale = "es";
    expect(termText({ reason: { kind: "feedback", likes: 2, completes: 1, skips: 0 } })).toBe(
      "Me gusta 2×, escuchada entera 1×, saltada 0×.",
    );
    state.locale = "nb";
    expect(
      termText({ reason: { kind: "recency", generatedBeat: false, playedDaysAgo: 2, topRank: 0 } }),
    ).toBe("Spilt i forgårs. Din topplåt nr. 1.");
    state.locale = "en";
  });

  it("words a whole mix: targets, readiness, why, notes and an unfilled phase's shortfall", () => {
    state.locale = "en";
    const mix = buildSessionMix({
      mode: "full",
      candidates: [],
      signals: { energy: 1 },
      options: { now: Date.parse("2026-05-01T08:00:00Z"), fallbackPool: FALLBACK_POOL.slice(0, 3) },
    });
    const main = mix.phases.find((p) => p.kind === "main")!;
    expect(targetText(main)).toMatch(
      /^130–160 BPM from the defaults; aiming at [\d.]+ BPM \(down from 145\)\.$/,
    );
    expect(readinessText(mix.readiness)).toBe(
      "Today: energy 1/5, so targets move toward the lower end of each range.",
    );
    expect(main.shortfall?.reasons).toEqual(["few_fitting_tracks", "beat_pool_exhausted"]);
    expect(shortfallText(main)).toMatch(
      /^Main set: \d+ of 30 min filled\. Your tracks with a known tempo that fits 130–160 BPM \(counting half and double time\): 0\. All \d+ generated beats of that tempo are already in\. Play more music/,
    );
    for (const p of mix.phases) {
      for (const n of phaseNotes(p)) expect(n).not.toMatch(/\{|\}/);
      for (const t of p.tracks) {
        expect(whyText(t)).not.toBe("");
        for (const term of t.terms) expect(termText(term)).not.toMatch(/\{|\}|undefined/);
      }
    }
  });

  it("words the server's warnings from their codes", () => {
    state.locale = "de";
    const w: MixWarning = {
      code: "tempo_source_failed",
      source: "provider",
      message: 'Tempo source "provider" failed: HTTP 503',
    };
    expect(warningText(w)).toBe(
      "Eine Tempoquelle ist ausgefallen (ein Tempo-Dienst); die anderen wurden trotzdem gefragt.",
    );
    state.locale = "en";
  });
});
