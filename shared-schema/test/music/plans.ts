// Plans from the rule-based planner, turned into Session Mix phases (the plan's BPM range per phase, the phase's
// minutes from the planner's own time model).
import {
  emptyPlanContext,
  EQUIPMENT,
  GOALS,
  EXPERIENCE_LEVELS,
  planSeconds,
  planWorkout,
  RECOVERY_LEVELS,
  simulateRecovery,
  type Plan,
  type PlanContext,
  type RecoveryLevel,
} from "../../src/plan/index.js";
import type { MixPhaseInput } from "../../src/music/index.js";
import { mulberry32 } from "../../src/plan/prng.js";

export function mixPhasesOf(plan: Plan): MixPhaseInput[] {
  return plan.phases.map((p) => ({ kind: p.kind, bpm: p.bpm, minutes: planSeconds({ phases: [p] }) / 60 }));
}

export interface GeneratedPlan {
  plan: Plan;
  context: PlanContext;
  recovery: RecoveryLevel;
}

/** `n` plans over varied profiles, contexts and recovery levels. */
export function generatePlans(n: number, seed = 1): GeneratedPlan[] {
  const r = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const out: GeneratedPlan[] = [];
  for (let i = 0; i < n; i++) {
    const context: PlanContext = {
      ...emptyPlanContext(),
      energy: r() < 0.7 ? 1 + Math.floor(r() * 5) : null,
    };
    const recovery = pick(RECOVERY_LEVELS);
    const plan = planWorkout(
      {
        profile: {
          goal: pick(GOALS),
          experience: pick(EXPERIENCE_LEVELS),
          sessionMinutes: 20 + Math.floor(r() * 8) * 10,
          equipment: r() < 0.3 ? ["full_gym"] : [pick(EQUIPMENT), pick(EQUIPMENT), "bodyweight"],
          injuries: [],
          likedExerciseIds: [],
          dislikedExerciseIds: [],
          bodyweightKg: 60 + Math.floor(r() * 40),
        },
        recentSessions: [],
        context,
        recovery: simulateRecovery(recovery),
        weeksSinceDeload: null,
      },
      { today: "2026-05-04", requestId: `plan-${seed}-${i}`, seed: i + 1 },
    );
    out.push({ plan, context, recovery });
  }
  return out;
}
