/**
 * Progress metrics: pure, deterministic functions from normalized workout, readiness and profile records to
 * dashboard figures. Formulas, definitions and sources: docs/metrics.md.
 */
export type * from "./types.js";
export { addDays, isoWeekOf, type WeekRef } from "./calendar.js";
export { isTrainingSession, sessionMinutes } from "./sessions.js";
export * from "./volume.js";
export * from "./strength.js";
export * from "./intensity.js";
export * from "./streaks.js";
export * from "./load.js";
export * from "./adherence.js";
export * from "./readiness.js";
export * from "./deload.js";
export * from "./units.js";
export * from "./dashboard.js";
export * from "./records.js";
