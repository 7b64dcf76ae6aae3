// R2: every scenario that ever failed the convergence property (or hung its run), pinned as a named test. A new
// failure prints its seed and shrunk scenario (convergence.property.test.ts): add it here with what went wrong.
import { describe, expect, it } from "vitest";
import { checkConverged, runScenario, type Step } from "./scenario.js";

interface Regression {
  readonly name: string;
  /** The fast-check seed (and sample index) it came from. */
  readonly seed: string;
  readonly steps: readonly Step[];
}

export const REGRESSIONS: readonly Regression[] = [
  {
    name: "a flood step whose delivery order reached a fixed point looped forever (test harness)",
    seed: "fc.sample(scenarioArb, { seed: 2 })[199]",
    steps: [
      { s: "op", who: 2, op: { k: "target", pick: 837, kg: 44, remaining: false } },
      { s: "deliver", link: 0, pick: 7, dup: false },
      { s: "deliver", link: 1, pick: 6, dup: false },
      { s: "flood", order: 437 },
      { s: "reconnect", device: 1, fresh: false },
      { s: "deliver", link: 2, pick: 0, dup: true },
      { s: "drop", link: 1, pick: 3 },
      { s: "op", who: 2, op: { k: "add", pick: 89, logIt: true } },
      { s: "deliver", link: 0, pick: 7, dup: true },
    ],
  },
];

describe("pinned convergence regressions (R2)", () => {
  for (const regression of REGRESSIONS) {
    it(`${regression.name} [${regression.seed}]`, () => {
      expect(checkConverged(runScenario(regression.steps))).toEqual([]);
    });
  }
});
