// Generators for property tests: random profiles, contexts and training histories. Everything the planner
// reads can vary; `today` is pinned.
import fc from "fast-check";
import {
  BODY_REGIONS,
  EQUIPMENT,
  EXERCISE_LIBRARY,
  EXPERIENCE_LEVELS,
  FOCUS_TAGS,
  GOALS,
  TRAINING_FLAGS,
  type PlanContext,
  type PlanInput,
  type Profile,
  type RecentSession,
} from "../../src/plan/index.js";

export const TODAY = "2025-03-10";
const TODAY_MS = Date.UTC(2025, 2, 10);

export const daysBefore = (n: number): string =>
  new Date(TODAY_MS - n * 86_400_000).toISOString().slice(0, 10);

const MAIN_IDS = EXERCISE_LIBRARY.filter((e) => e.phases.includes("main")).map((e) => e.id);
const ALL_IDS = EXERCISE_LIBRARY.map((e) => e.id);
const scale = fc.option(fc.integer({ min: 1, max: 5 }), { nil: null });

export const profileArb: fc.Arbitrary<Profile> = fc.record({
  goal: fc.constantFrom(...GOALS),
  experience: fc.constantFrom(...EXPERIENCE_LEVELS),
  sessionMinutes: fc.integer({ min: 10, max: 120 }),
  equipment: fc.subarray([...EQUIPMENT, "full_gym" as const]),
  injuries: fc.subarray([...BODY_REGIONS], { maxLength: 3 }),
  likedExerciseIds: fc.subarray(ALL_IDS, { maxLength: 4 }),
  dislikedExerciseIds: fc.subarray(ALL_IDS, { maxLength: 4 }),
  bodyweightKg: fc.option(fc.integer({ min: 45, max: 140 }), { nil: null }),
});

export const contextArb: fc.Arbitrary<PlanContext> = fc.record({
  energy: scale,
  mood: scale,
  sleepHours: fc.option(
    fc.integer({ min: 6, max: 20 }).map((h) => h / 2),
    { nil: null },
  ),
  sleepQuality: scale,
  stress: scale,
  motivation: scale,
  soreness: fc.record({ legs: scale, back: scale, chest: scale, shoulders: scale, arms: scale, core: scale }),
  pain: fc.subarray([...BODY_REGIONS], { maxLength: 2 }),
  focus: fc.subarray([...FOCUS_TAGS], { maxLength: 2 }),
  flags: fc.subarray([...TRAINING_FLAGS]),
});

const setArb = fc.record({
  reps: fc.option(fc.integer({ min: 0, max: 20 }), { nil: null, freq: 8 }),
  durationSec: fc.constant(null),
  weightKg: fc.option(
    fc.integer({ min: 0, max: 80 }).map((x) => x * 2.5),
    { nil: null },
  ),
  rpe: fc.option(
    fc.integer({ min: 10, max: 20 }).map((x) => x / 2),
    { nil: null },
  ),
  targetReps: fc.option(fc.integer({ min: 3, max: 15 }), { nil: null }),
  targetKg: fc.constant(null),
  targetRpe: fc.option(fc.constantFrom(7, 7.5, 8, 8.5, 9), { nil: null }),
});

export const sessionArb: fc.Arbitrary<RecentSession> = fc.record({
  date: fc.integer({ min: 1, max: 20 }).map(daysBefore),
  sessionRpe: fc.option(fc.integer({ min: 3, max: 10 }), { nil: null }),
  durationMinutes: fc.constant(null),
  exercises: fc.array(
    fc.record({
      exerciseId: fc.constantFrom(...MAIN_IDS),
      sets: fc.array(setArb, { minLength: 1, maxLength: 5 }),
    }),
    { maxLength: 5 },
  ),
});

export const inputArb: fc.Arbitrary<PlanInput> = fc.record({
  profile: profileArb,
  recentSessions: fc.array(sessionArb, { maxLength: 6 }),
  context: contextArb,
  recovery: fc.record({
    bias: fc.constantFrom(-1 as const, 0 as const, 1 as const),
    hrvScore: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
    sleepScore: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
  }),
  weeksSinceDeload: fc.option(fc.integer({ min: 0, max: 10 }), { nil: null }),
});

export const seedArb = fc.integer({ min: 0, max: 2 ** 31 - 1 });
