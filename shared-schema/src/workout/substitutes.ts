// Substitutes for an exercise, from an exercise library: the library's own list first (ordered by
// preference), then exercises of the same movement pattern that train the same prime movers, then any that
// share a prime mover; only those the available equipment allows, never one that loads a blocked joint.
// The library is passed in (the app uses EXERCISE_LIBRARY from @cadence/shared-schema/plan), so this module
// depends on its shape only.

/** The fields of a library exercise (src/plan/exercises.ts `ExerciseDef`) that substitution reads. */
export interface LibraryExercise {
  readonly id: string;
  readonly names: Readonly<Record<string, string>>;
  readonly primary: readonly string[];
  readonly secondary: readonly string[];
  readonly pattern: string;
  /** Everything it needs (all of it). */
  readonly equipment: readonly string[];
  readonly regions: readonly string[];
  readonly substitutes: readonly string[];
  readonly dose: "reps" | "time";
  readonly loadable: boolean;
}

export interface SubstituteOptions {
  /** Equipment at hand; absent = anything. "bodyweight" is always available. */
  readonly equipment?: Iterable<string>;
  /** Joints to spare (injuries, today's pain). */
  readonly blockedRegions?: Iterable<string>;
  /** Ids not to suggest (e.g. exercises already in the session). */
  readonly exclude?: Iterable<string>;
  readonly limit?: number;
}

export interface Substitute {
  readonly exercise: LibraryExercise;
  /** Why it is suggested: listed by the library, same pattern and muscles, or shared muscles. */
  readonly reason: "listed" | "same-pattern" | "same-muscles";
  readonly score: number;
}

function overlap(a: readonly string[], b: readonly string[]): number {
  return a.filter((m) => b.includes(m)).length;
}

/** Ranked substitutes for `exerciseId` ([] when the library does not know it). */
export function suggestSubstitutes(
  exerciseId: string,
  library: readonly LibraryExercise[],
  options: SubstituteOptions = {},
): Substitute[] {
  const from = library.find((e) => e.id === exerciseId);
  if (!from) return [];
  const available = options.equipment ? new Set(["bodyweight", ...options.equipment]) : null;
  const blocked = new Set(options.blockedRegions ?? []);
  const exclude = new Set([exerciseId, ...(options.exclude ?? [])]);
  const out: Substitute[] = [];
  for (const candidate of library) {
    if (exclude.has(candidate.id)) continue;
    if (available && !candidate.equipment.every((e) => available.has(e))) continue;
    if (candidate.regions.some((r) => blocked.has(r))) continue;
    const listed = from.substitutes.indexOf(candidate.id);
    const primary = overlap(from.primary, candidate.primary);
    const secondary = overlap(from.secondary, candidate.primary) + overlap(from.primary, candidate.secondary);
    const samePattern = candidate.pattern === from.pattern;
    let reason: Substitute["reason"];
    let score: number;
    if (listed >= 0) {
      reason = "listed";
      score = 1000 - listed;
    } else if (samePattern && primary > 0) {
      reason = "same-pattern";
      score = 500 + 10 * primary + secondary;
    } else if (primary > 0) {
      reason = "same-muscles";
      score = 100 + 10 * primary + secondary;
    } else continue;
    // Keep the way it is dosed (reps vs time) and loaded when possible.
    if (candidate.dose === from.dose) score += 3;
    if (candidate.loadable === from.loadable) score += 2;
    out.push({ exercise: candidate, reason, score });
  }
  out.sort((a, b) => b.score - a.score || (a.exercise.id < b.exercise.id ? -1 : 1));
  return out.slice(0, options.limit ?? 8);
}
