// @cadence/shared-schema/workout: the workout player's domain and data layer. Pure operations on the workout
// document (apply them with `handle.change(op.apply, op.options)`), its read model, the end-of-session summary,
// and the version history with restore. Automerge for document operations only: no Node, DOM or network here.
// The model and why it merges: docs/workouts.md.
export {
  WORKOUT_ACTIONS,
  WorkoutOpError,
  applyWorkoutChange,
  encodeChangeMessage,
  parseChangeMessage,
  type ChangeMessage,
  type EditContext,
  type WorkoutAction,
  type WorkoutChange,
  type WorkoutOpErrorCode,
} from "./change.js";
export { compareOrdered, orderKeyBetween, spreadOrderKeys } from "./order-keys.js";
export {
  findSet,
  orderedExercises,
  orderedSets,
  sessionTiming,
  sessionView,
  type ExerciseView,
  type SessionTiming,
  type SessionView,
  type SetView,
} from "./session-view.js";
export {
  materializePlan,
  parsePlanShape,
  type LoadResolver,
  type MaterializeOptions,
  type PlanShape,
  type SessionStructure,
} from "./plan-structure.js";
export {
  attachPlan,
  createWorkoutDocument,
  editDetails,
  editNotes,
  finishWorkout,
  initWorkout,
  needsUpgrade,
  pauseWorkout,
  resumeWorkout,
  startWorkout,
  upgradeWorkout,
  type StartOptions,
  type WorkoutDetails,
} from "./session-ops.js";
export {
  addSet,
  editSet,
  editTarget,
  logSet,
  moveSet,
  removeSet,
  unlogSet,
  type AddSetInput,
  type EditTargetInput,
} from "./set-ops.js";
export {
  addExercise,
  moveExercise,
  removeExercise,
  swapExercise,
  type AddExerciseInput,
  type SwapExerciseInput,
} from "./exercise-ops.js";
export { type SetValues } from "./values.js";
export {
  suggestSubstitutes,
  type LibraryExercise,
  type Substitute,
  type SubstituteOptions,
} from "./substitutes.js";
export {
  previousPerformance,
  workoutSummary,
  type ExerciseSummary,
  type PreviousPerformance,
  type PreviousSet,
  type SummaryOptions,
  type WorkoutEntry,
  type WorkoutSummary,
} from "./summary.js";
export {
  ChangeAttributionsSchema,
  RESTORED_FIELDS,
  ServerAttributionSchema,
  logConflicts,
  restoreVersion,
  viewAt,
  WorkoutHistory,
  workoutTimeline,
  type FieldConflict,
  type ServerAttribution,
  type TimelineOptions,
  type VersionAuthor,
  type WorkoutVersion,
} from "./history.js";
export { setRefText, type SetRef, type SetLogValues, type VersionChange } from "./describe.js";
