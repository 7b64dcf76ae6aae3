import { describe, expect, it } from "vitest";
import { defaultBpmTargets } from "../../src/documents/music.js";
import { classifyBpm, describeFit, fitBpm, HALF_DOUBLE_FACTOR, tempoBand } from "../../src/music/index.js";

const main = { min: 130, max: 160 };

describe("fitBpm", () => {
  it("scores 1 at the target, at least 0.5 inside the range, falling to 0 at the tolerance edge", () => {
    expect(fitBpm(145, main)).toMatchObject({ relation: "direct", fit: 1, inRange: true });
    expect(fitBpm(130, main)!.fit).toBeCloseTo(0.5);
    expect(fitBpm(160, main)!.fit).toBeCloseTo(0.5);
    // Tolerance is 5 % of the edge: 6.5 BPM below 130.
    expect(fitBpm(127, main)).toMatchObject({ inRange: false, distance: 3 });
    expect(fitBpm(127, main)!.fit).toBeCloseTo(0.5 * (1 - 3 / 6.5));
    expect(fitBpm(120, main)).toBeNull();
  });

  it("aims at a moved target", () => {
    expect(fitBpm(136, main, 136)!.fit).toBe(1);
    expect(fitBpm(160, main, 136)!.fit).toBeCloseTo(0.5);
  });

  it("counts half time (a 75 BPM song for 150 steps) and double time (170 BPM for an 85 BPM cool-down)", () => {
    const half = fitBpm(75, main)!;
    expect(half).toMatchObject({ relation: "half_time", effectiveBpm: 150, inRange: true });
    expect(half.fit).toBeCloseTo(HALF_DOUBLE_FACTOR * (1 - (0.5 * 5) / 15));
    const double = fitBpm(170, { min: 80, max: 100 })!;
    expect(double).toMatchObject({ relation: "double_time", effectiveBpm: 85, inRange: true });
    expect(describeFit(75, half, main)).toContain("counts as 150 (half time");
    expect(describeFit(170, double, { min: 80, max: 100 })).toContain("double time");
  });

  it("prefers a direct fit over an equally good half or double one, and uncrosses a crossed range", () => {
    expect(fitBpm(160, { min: 160, max: 180 })!.relation).toBe("direct");
    expect(fitBpm(145, { min: 160, max: 130 })).toMatchObject({ relation: "direct", fit: 1 });
  });

  it("refuses nonsense", () => {
    expect(fitBpm(0, main)).toBeNull();
    expect(fitBpm(Number.NaN, main)).toBeNull();
  });
});

describe("classifyBpm", () => {
  const targets = defaultBpmTargets();
  it("names every phase a tempo fits, best first", () => {
    expect(classifyBpm(110, targets)).toMatchObject({ band: "medium", bestPhase: "warmup" });
    expect(classifyBpm(145, targets).fits.map((f) => f.phase)).toEqual(["main"]);
    const c170 = classifyBpm(170, targets);
    expect(c170.bestPhase).toBe("intervals");
    expect(c170.fits.map((f) => [f.phase, f.relation])).toEqual([
      ["intervals", "direct"],
      ["cooldown", "double_time"],
    ]);
    const c75 = classifyBpm(75, targets);
    expect(c75.fits.map((f) => [f.phase, f.relation])).toEqual([["main", "half_time"]]);
    expect(classifyBpm(45, targets).fits.map((f) => [f.phase, f.relation])).toEqual([
      ["cooldown", "half_time"],
    ]);
    // With half and double time, every tempo from 38 to 378 BPM suits some default phase.
    expect(classifyBpm(62, targets).fits.map((f) => [f.phase, f.relation])).toEqual([
      ["warmup", "half_time"],
      ["main", "half_time"],
    ]);
    expect(classifyBpm(30, targets).bestPhase).toBeNull();
  });

  it("bands follow Karageorghis (slow, medium, fast, very fast)", () => {
    expect([98, 118, 138, 158].map(tempoBand)).toEqual(["slow", "medium", "fast", "very_fast"]);
  });
});
