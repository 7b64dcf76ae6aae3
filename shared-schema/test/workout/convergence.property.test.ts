// R1: convergence. Three replicas (two devices and the server) edit one workout at random while the network
// delivers in random order, duplicates, drops and disconnects; after healing, every replica has the same heads
// and the same content, every change made anywhere is present once, the document is schema-valid, and every
// logged set (unless a device that saw it removed it) exists and is shown exactly once.
// WORKOUT_FUZZ_RUNS sets the number of runs (default 1,000); a failure prints its seed and shrunk scenario:
// add the scenario to REGRESSIONS below (R2).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkConverged, dispose, runScenario, scenarioArb } from "./scenario.js";

const RUNS = Number(process.env.WORKOUT_FUZZ_RUNS ?? 1000);

describe("convergence of a workout edited on two devices and the server (property)", () => {
  it(`converges in ${RUNS} random runs`, () => {
    let healed = 0;
    fc.assert(
      fc.property(scenarioArb, (steps) => {
        const result = runScenario(steps);
        if (!result.convergedWithoutHeal) healed++;
        const problems = checkConverged(result);
        dispose(result);
        expect(problems).toEqual([]);
      }),
      { numRuns: RUNS },
    );
    // How many runs needed the final reconnect to converge (a cut connection, or sync state lost in transit).
    console.log(`convergence: ${RUNS} runs passed; ${RUNS - healed} converged before the final reconnect`);
    expect(healed).toBeLessThan(RUNS);
  }, 120_000);
});
