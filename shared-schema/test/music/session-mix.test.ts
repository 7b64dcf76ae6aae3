import { describe, expect, it } from "vitest";
import { defaultBpmTargets, type BpmTargets } from "../../src/documents/music.js";
import {
  buildSessionMix,
  FALLBACK_POOL,
  fallbackBpmOf,
  phaseTargets,
  signalsFromContextEntry,
  signalsFromPlanInput,
  type SessionMix,
} from "../../src/music/index.js";
import { library, NOW, track } from "./fixtures.js";
import { generatePlans, mixPhasesOf } from "./plans.js";

const ranges = (mix: SessionMix) =>
  Object.fromEntries(mix.phases.map((p) => [p.kind, [p.range.min, p.range.max]]));
const meanEffective = (mix: SessionMix, kind: string) => {
  const xs = mix.phases
    .find((p) => p.kind === kind)!
    .tracks.flatMap((t) => (t.effectiveBpm === null ? [] : [t.effectiveBpm]));
  return xs.reduce((a, b) => a + b, 0) / xs.length;
};

describe("phase targets", () => {
  it("defaults per mode: full = warm-up, main, cool-down; warm-up only; recovery = a longer cool-down", () => {
    expect(
      phaseTargets({ mode: "full" }).phases.map((p) => [p.kind, p.range.min, p.range.max, p.neededSeconds]),
    ).toEqual([
      ["warmup", 100, 120, 480],
      ["main", 130, 160, 1800],
      ["cooldown", 80, 100, 480],
    ]);
    expect(phaseTargets({ mode: "warmup" }).phases.map((p) => p.kind)).toEqual(["warmup"]);
    expect(phaseTargets({ mode: "cooldown" }).phases.map((p) => [p.kind, p.neededSeconds])).toEqual([
      ["cooldown", 900],
    ]);
  });

  it("takes the plan's ranges over the defaults, and the user's changed settings over the plan", () => {
    const phases = [
      { kind: "warmup" as const, bpm: { min: 105, max: 115 }, minutes: 6 },
      { kind: "intervals" as const, bpm: { min: 165, max: 175 }, minutes: 10 },
    ];
    const fromPlan = phaseTargets({ mode: "full", phases, bpmTargets: defaultBpmTargets() });
    expect(fromPlan.phases.map((p) => [p.kind, p.rangeSource, p.range.min])).toEqual([
      ["warmup", "plan", 105],
      ["intervals", "plan", 165],
    ]);
    const mine: BpmTargets = { ...defaultBpmTargets(), intervals: { min: 178, max: 170 } };
    const withSettings = phaseTargets({ mode: "full", phases, bpmTargets: mine });
    expect(withSettings.phases[1]).toMatchObject({ rangeSource: "settings", range: { min: 170, max: 178 } });
    expect(withSettings.phases[1]!.text).toContain("from your settings");
  });

  it("moves targets inside the ranges with readiness: low energy and poor recovery lower them (T8)", () => {
    const low = phaseTargets({ mode: "full", signals: { energy: 1, recovery: -1 } });
    const none = phaseTargets({ mode: "full" });
    const high = phaseTargets({ mode: "full", signals: { energy: 5, recovery: 1 } });
    for (let i = 0; i < none.phases.length; i++) {
      const [l, n, h] = [low.phases[i]!, none.phases[i]!, high.phases[i]!];
      expect(l.target).toBeLessThan(n.target);
      expect(h.target).toBeGreaterThan(n.target);
      for (const p of [l, h]) {
        expect(p.target).toBeGreaterThanOrEqual(p.range.min);
        expect(p.target).toBeLessThanOrEqual(p.range.max);
        expect(p.range).toEqual(n.range);
      }
      expect(l.energy).toBeLessThan(h.energy);
    }
    expect(low.readiness.value).toBe(-1);
    expect(low.readiness.text).toContain("energy 1/5, recovery poor");
    expect(low.readiness.text).toContain("lower end");
    // warm-up 100–120: position 0.5 − 0.4 = 0.1 → 102.
    expect(low.phases[0]!.target).toBe(102);
    // One minor signal alone moves less than energy does.
    const moodOnly = phaseTargets({ mode: "full", signals: { mood: 1 } }).readiness.value;
    const energyOnly = phaseTargets({ mode: "full", signals: { energy: 1 } }).readiness.value;
    expect(moodOnly).toBeGreaterThan(energyOnly);
  });

  it("reads signals from a context journal entry and from the planner's input", () => {
    const entry = {
      id: "e",
      text: "",
      chips: [],
      signals: {
        energy: 2,
        mood: null,
        sleep: 2,
        soreness: 4,
        stress: null,
        sleepHours: 5,
        parsedBy: "client" as const,
      },
      recovery: -1 as const,
      simulated: { hrvScore: 35, sleepScore: 40 },
      scope: "session" as const,
      date: "2026-05-04",
      createdAt: "2026-05-04T06:00:00.000Z",
    };
    const s = signalsFromContextEntry(entry);
    expect(s).toMatchObject({
      energy: 2,
      sleepQuality: 2,
      soreness: 4,
      recovery: -1,
      hrvScore: 35,
      sleepHours: 5,
    });
    const p = signalsFromPlanInput(
      { energy: 4, mood: null, stress: 2, sleepHours: 8, soreness: { legs: 3, back: null } },
      { bias: 1, hrvScore: 75, sleepScore: 100 },
    );
    expect(p).toMatchObject({ energy: 4, soreness: 3, recovery: 1, hrvScore: 75 });
  });
});

describe("buildSessionMix", () => {
  const candidates = library(120, 3, 0.8);

  it("is deterministic and explains every pick", () => {
    const a = buildSessionMix({ mode: "full", candidates, options: { now: NOW } });
    const b = buildSessionMix({ mode: "full", candidates: [...candidates].reverse(), options: { now: NOW } });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.phases.every((p) => p.filled && p.shortfall === null)).toBe(true);
    for (const p of a.phases) {
      for (const t of p.tracks) {
        expect(t.terms.map((x) => x.id)).toEqual([
          "bpm",
          "energy",
          "phaseHistory",
          "feedback",
          "recency",
          "variety",
        ]);
        expect(t.score).toBeCloseTo(
          t.terms.reduce((s, x) => s + x.points, 0),
          0,
        );
        expect(t.why.length).toBeGreaterThan(5);
        if (t.bpm !== null && t.effectiveBpm !== null) {
          expect(t.effectiveBpm).toBeGreaterThanOrEqual(p.range.min * 0.95);
          expect(t.effectiveBpm).toBeLessThanOrEqual(p.range.max * 1.05);
        }
      }
    }
    // No track twice in one mix.
    const uris = a.phases.flatMap((p) => p.tracks.map((t) => t.uri));
    expect(new Set(uris).size).toBe(uris.length);
  });

  it("builds the warm-up up and winds the cool-down down", () => {
    const mix = buildSessionMix({ mode: "full", candidates, options: { now: NOW } });
    const known = (kind: string) =>
      mix.phases
        .find((p) => p.kind === kind)!
        .tracks.flatMap((t) => (t.effectiveBpm === null ? [] : [t.effectiveBpm]));
    expect(known("warmup")).toEqual([...known("warmup")].sort((x, y) => x - y));
    expect(known("cooldown")).toEqual([...known("cooldown")].sort((x, y) => y - x));
  });

  it("never gives a track a tempo it does not have, and keeps unknown-tempo tracks to half a phase first", () => {
    const unknownOnly = library(80, 5, 0).map((t) => ({ ...t, explicit: false }));
    const mix = buildSessionMix({ mode: "full", candidates: unknownOnly, options: { now: NOW } });
    for (const p of mix.phases) {
      const unknown = p.tracks.filter((t) => t.source !== "fallback");
      expect(
        unknown.every((t) => t.bpm === null && t.relation === null && t.terms[0]!.scored === false),
      ).toBe(true);
      const unknownSeconds = unknown.reduce((s, t) => s + t.durationMs / 1000, 0);
      // At most half the phase plus the track that crossed it, unless even the beat pool ran out.
      if (p.fallbackCount < p.counts.fallbackFit)
        expect(unknownSeconds).toBeLessThanOrEqual(p.neededSeconds / 2 + 270);
      expect(p.fallbackCount).toBeGreaterThan(0);
      expect(p.notes.join(" ")).toContain("generated beat");
      expect(p.notes.join(" ")).toContain("no known tempo");
    }
  });

  it("fills an empty library from the curated pool, and explains the shortfall when even that is not enough", () => {
    const mix = buildSessionMix({
      mode: "full",
      phases: [
        { kind: "warmup", minutes: 8 },
        { kind: "main", minutes: 60 },
      ],
      candidates: [],
      options: { now: NOW },
    });
    const [warmup, main] = mix.phases;
    expect(warmup!.filled).toBe(true);
    expect(warmup!.tracks.every((t) => t.source === "fallback" && !t.onSpotify && t.bpm !== null)).toBe(true);
    expect(main!.tracks.length).toBeGreaterThan(0);
    expect(main!.filled).toBe(false);
    expect(main!.shortfall!.missingSeconds).toBeGreaterThan(0);
    expect(main!.shortfall!.text).toContain("0 of your tracks have a known tempo that fits 130–160 BPM");
    expect(main!.shortfall!.text).toContain(`All ${main!.counts.fallbackFit} generated beats`);
    expect(main!.shortfall!.text).toContain("tap the tempo");
    // Every pool entry is a labelled generated beat with a known tempo.
    for (const t of FALLBACK_POOL) {
      expect(t.name).toMatch(/^Cadence Beat \d+/);
      expect(fallbackBpmOf(t.uri)).toBe(t.bpm);
    }
  });

  it("leaves explicit tracks out when the user says so, and counts them in the explanation", () => {
    const all = library(60, 9, 1).map((t, i) => ({ ...t, explicit: i % 2 === 0 }));
    const mix = buildSessionMix({
      mode: "full",
      candidates: all,
      options: { now: NOW, allowExplicit: false },
    });
    const picked = new Set(mix.phases.flatMap((p) => p.tracks.map((t) => t.uri)));
    expect(all.filter((t) => t.explicit).some((t) => picked.has(t.uri))).toBe(false);
    expect(mix.phases[0]!.counts.explicitExcluded).toBe(30);
  });

  it("with BPM matching off, scores without the BPM term and takes any tempo", () => {
    const mix = buildSessionMix({ mode: "full", candidates, options: { now: NOW, bpmMatching: false } });
    const library = mix.phases.flatMap((p) => p.tracks.filter((t) => t.source !== "fallback"));
    expect(library.every((t) => t.terms[0]!.scored === false)).toBe(true);
    expect(library.some((t) => t.bpm !== null && t.relation === null)).toBe(true);
  });

  it("prefers liked tracks and tracks used in the same phase before", () => {
    const pair = [
      track({ uri: "spotify:track:plain", bpm: 145, artists: ["A"], durationMs: 1_800_000 }),
      track({ uri: "spotify:track:loved", bpm: 145, artists: ["B"], durationMs: 1_800_000 }),
    ];
    const history = {
      feedback: new Map([
        ["spotify:track:loved", { likes: 2, completes: 1, skips: 0, completesByPhase: { main: 1 } }],
      ]),
      phaseUses: new Map([["spotify:track:loved", { main: 2 }]]),
      lastMixedAt: new Map<string, number>(),
    };
    const mix = buildSessionMix({
      mode: "full",
      phases: [{ kind: "main", minutes: 30 }],
      candidates: pair,
      history,
      options: { now: NOW },
    });
    expect(mix.phases[0]!.tracks.map((t) => t.uri)).toEqual(["spotify:track:loved"]);
  });

  it("context and recovery signals change the mix toward the lower end of each range (T8)", () => {
    const rich = library(300, 11, 1);
    const low = buildSessionMix({
      mode: "full",
      candidates: rich,
      signals: { energy: 1, recovery: -1 },
      options: { now: NOW },
    });
    const high = buildSessionMix({
      mode: "full",
      candidates: rich,
      signals: { energy: 5, recovery: 1 },
      options: { now: NOW },
    });
    expect(ranges(low)).toEqual(ranges(high));
    for (const kind of ["warmup", "main", "cooldown"]) {
      expect(meanEffective(low, kind)).toBeLessThan(meanEffective(high, kind));
    }
    const lowUris = low.phases.flatMap((p) => p.tracks.map((t) => t.uri));
    const highUris = high.phases.flatMap((p) => p.tracks.map((t) => t.uri));
    expect(lowUris).not.toEqual(highUris);
    expect(low.readiness.value).toBeLessThan(0);
  });
});

describe("over generated plans (spec T7: a playlist per phase ≥ 95 %)", () => {
  it("fills each phase of plans from the rule-based planner, and explains every phase it cannot fill", () => {
    const plans = generatePlans(200, 42);
    let phases = 0;
    let filled = 0;
    let nonEmpty = 0;
    let fromLibrary = 0;
    let total = 0;
    let tempoMatchedHalf = 0;
    plans.forEach(({ plan, context, recovery }, i) => {
      if (plan.phases.length === 0) return;
      // Listening libraries of different sizes and tempo coverage (no provider … a provider that knows most).
      const candidates = library(30 + (i % 6) * 25, 1000 + i, [0, 0.3, 0.6, 0.9][i % 4]);
      const mix = buildSessionMix({
        mode: "full",
        phases: mixPhasesOf(plan),
        candidates,
        signals: signalsFromPlanInput(context, {
          bias: { poor: -1, normal: 0, excellent: 1 }[recovery],
          hrvScore: null,
          sleepScore: null,
        }),
        options: { now: NOW },
      });
      expect(mix.phases.map((p) => p.kind)).toEqual(plan.phases.map((p) => p.kind));
      for (const p of mix.phases) {
        phases++;
        if (p.filled) filled++;
        else expect(p.shortfall?.text).toMatch(/has \d+ min of \d+ min/);
        if (p.tracks.length > 0) nonEmpty++;
        fromLibrary += p.tracks.filter((t) => t.source !== "fallback").length;
        const matched = p.tracks.filter((t) => t.bpm !== null).reduce((s, t) => s + t.durationMs / 1000, 0);
        if (matched >= p.neededSeconds / 2) tempoMatchedHalf++;
        total += p.tracks.length;
      }
    });
    const rate = filled / phases;
    console.log(
      `T7: ${filled}/${phases} phases filled (${(rate * 100).toFixed(1)} %), ${nonEmpty} non-empty, ${((fromLibrary / total) * 100).toFixed(0)} % of tracks from the listener's own music, ${tempoMatchedHalf} with at least half tempo-matched`,
    );
    expect(phases).toBeGreaterThan(400);
    expect(rate).toBeGreaterThanOrEqual(0.95);
    expect(nonEmpty).toBe(phases);
  });
});
