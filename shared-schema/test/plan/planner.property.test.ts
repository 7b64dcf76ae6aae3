// Properties every rule plan must have, over random profiles × contexts × histories (fast-check; a failing
// case prints its seed and path, and can be pinned below as a named test).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  availableEquipment,
  clampPlan,
  estimatePlanMinutes,
  exerciseById,
  hasEquipmentFor,
  planIntensity,
  planVolume,
  PlanSchema,
  planWorkout,
  simulateRecovery,
  volumeRatio,
  type PlanInput,
  type RecoveryBias,
} from "../../src/plan/index.js";
import { inputArb, seedArb, TODAY } from "./arbitraries.js";

const RUNS = 300;
const plan = (input: PlanInput, seed: number) =>
  planWorkout(input, { today: TODAY, requestId: "req-1", seed });
const withBias = (input: PlanInput, bias: RecoveryBias, simulate: boolean): PlanInput => ({
  ...input,
  recovery: simulate
    ? simulateRecovery(bias < 0 ? "poor" : bias > 0 ? "excellent" : "normal")
    : { ...input.recovery, bias },
});

describe("planWorkout properties", () => {
  it("gives schema-valid plans that respect equipment, injuries, pain and the session length", () => {
    fc.assert(
      fc.property(inputArb, seedArb, (input, seed) => {
        const p = plan(input, seed);
        const parsed = PlanSchema.safeParse(p);
        expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
        const available = availableEquipment(input.profile.equipment);
        const blocked = new Set([...input.profile.injuries, ...input.context.pain]);
        for (const phase of p.phases) {
          for (const e of phase.exercises) {
            const def = exerciseById(e.exerciseId);
            expect(def, e.exerciseId).toBeDefined();
            expect(hasEquipmentFor(def!, available), `${e.exerciseId} needs ${def!.equipment.join()}`).toBe(
              true,
            );
            expect(
              def!.regions.filter((r) => blocked.has(r)),
              e.exerciseId,
            ).toEqual([]);
          }
        }
        expect(estimatePlanMinutes(p)).toBe(p.estimatedMinutes);
        expect(p.estimatedMinutes).toBeLessThanOrEqual(input.profile.sessionMinutes);
      }),
      { numRuns: RUNS },
    );
  });

  for (const simulate of [false, true]) {
    it(`moves volume or intensity by at least 10 % with the recovery slider (T10, ${simulate ? "simulated scores" : "bias only"})`, () => {
      fc.assert(
        fc.property(inputArb, seedArb, (input, seed) => {
          const normal = plan(withBias(input, 0, simulate), seed);
          const poor = plan(withBias(input, -1, simulate), seed);
          const excellent = plan(withBias(input, 1, simulate), seed);
          if (planVolume(normal).hardSets === 0) return; // nothing safe to train: nothing to scale
          const effort = (p: typeof normal) => planIntensity(p) / planIntensity(normal);
          const poorOk = volumeRatio(poor, normal) <= 0.9 + 1e-9 || effort(poor) <= 0.9 + 1e-9;
          const excellentOk = volumeRatio(excellent, normal) >= 1.1 - 1e-9 || effort(excellent) >= 1.1 - 1e-9;
          expect(poorOk, `poor volume ${volumeRatio(poor, normal)}`).toBe(true);
          expect(excellentOk, `excellent volume ${volumeRatio(excellent, normal)}`).toBe(true);
          expect(poor.rationale.rules.map((r) => r.id)).toContain("recovery.poor");
          expect(excellent.rationale.rules.map((r) => r.id)).toContain("recovery.excellent");
          expect(excellent.estimatedMinutes).toBeLessThanOrEqual(input.profile.sessionMinutes);
        }),
        { numRuns: RUNS },
      );
    });
  }

  it("is deterministic and already clamped (clampPlan changes nothing)", () => {
    fc.assert(
      fc.property(inputArb, seedArb, (input, seed) => {
        const p = plan(input, seed);
        expect(plan(input, seed)).toEqual(p);
        const { plan: clamped, corrections } = clampPlan(p, input);
        expect(corrections).toEqual([]);
        expect(clamped).toEqual(p);
      }),
      { numRuns: RUNS },
    );
  });
});

// Cases the properties once found, pinned by name so they stay fixed whatever seed a run uses.
describe("planWorkout regressions", () => {
  it("fits the Excellent variant after context cuts (FC_SEED=166254052: kettlebells, sore shoulders, poor sleep)", () => {
    // Poor sleep and low readiness lowered the effort after the time fit, which changed how many sets the
    // Excellent step needed for +10 %: the plan came out at 45 minutes for a 43-minute session.
    const input: PlanInput = {
      profile: {
        goal: "general",
        experience: "intermediate",
        sessionMinutes: 43,
        equipment: ["kettlebells"],
        injuries: ["lower_back"],
        likedExerciseIds: [],
        dislikedExerciseIds: [],
        bodyweightKg: null,
      },
      recentSessions: [],
      context: {
        energy: null,
        mood: null,
        sleepHours: null,
        sleepQuality: 1,
        stress: null,
        motivation: null,
        soreness: { legs: null, back: null, chest: null, shoulders: 5, arms: null, core: null },
        pain: [],
        focus: [],
        flags: [],
      },
      recovery: { bias: 0, hrvScore: null, sleepScore: null },
      weeksSinceDeload: null,
    };
    const seed = 1876659924;
    const normal = plan(withBias(input, 0, true), seed);
    for (const bias of [-1, 0, 1] as const) {
      const p = plan(withBias(input, bias, true), seed);
      expect(p.estimatedMinutes, `bias ${bias}`).toBeLessThanOrEqual(43);
      expect(estimatePlanMinutes(p)).toBe(p.estimatedMinutes);
    }
    const excellent = plan(withBias(input, 1, true), seed);
    expect(volumeRatio(excellent, normal)).toBeGreaterThanOrEqual(1.1 - 1e-9);
  });
});
