// @cadence/shared-schema/plan: the training plan schema and the pure planning domain (exercise library,
// rule planner, clamping a model's plan, context parsing, simulated recovery). No Node, DOM or network here.
export * from "./schema.js";
export * from "./exercises.js";
export {
  DEFAULT_PHASE_BPM,
  MAX_BASE_SETS,
  MRV_SETS_PER_WEEK,
  percentOfE1rm,
  prescriptionFor,
  type IntervalProtocol,
  type Prescription,
  type Scheme,
} from "./prescription.js";
export { planWorkout, type PlanOptions } from "./planner.js";
export { clampPlan, type ClampOptions, type ClampResult } from "./clamp-plan.js";
export { planIntensity, planVolume, volumeRatio, type PlanVolume } from "./volume.js";
export { estimatePlanMinutes, planSeconds, SECONDS_PER_REP, TRANSITION_SEC } from "./duration.js";
export { estimateE1rm } from "./progression.js";
export { readinessOf, sleepHoursScore, type Readiness } from "./readiness.js";
export {
  CONTEXT_CHIPS,
  foldText,
  parseContext,
  type ContextLanguage,
  type ContextMatch,
  type ParsedContext,
  type SignalKey,
} from "./context-parser.js";
export * from "./recovery-sim.js";
export { mulberry32 } from "./prng.js";
