// The planner's working form of a plan: exercises with their library entry, role and priority attached, so
// adjustments and trimming can reason about them. `toPhases` turns drafts into the schema's phases.
import { exerciseName, type ExerciseDef, type Locale } from "./exercises.js";
import { DEFAULT_PHASE_BPM, rirOf, roundRpe } from "./prescription.js";
import { PHASE_KINDS, type BpmRange, type PhaseKind, type PlannedSet, type PlanPhase } from "./schema.js";

export type DraftSet = Omit<PlannedSet, "id">;

export type Role = "primary" | "accessory" | "prep";

export interface Draft {
  phase: PhaseKind;
  def: ExerciseDef;
  role: Role;
  /** Higher survives trimming longer. */
  priority: number;
  substitutesFor: string | null;
  sets: DraftSet[];
  /** Set by progression when today's kg is above last session's (the Excellent step then adds a back-off set). */
  loadIncreasedFromKg: number | null;
}

export function cloneDrafts(drafts: readonly Draft[]): Draft[] {
  return drafts.map((d) => ({
    ...d,
    sets: d.sets.map((s) => ({ ...s, load: { ...s.load }, cues: [...s.cues] })),
  }));
}

/** Working phases are the ones whose sets count as training volume. */
export function isWorkingPhase(phase: PhaseKind): boolean {
  return phase === "main" || phase === "intervals";
}

/** The set's effort as RPE, from targetRpe or 10 − targetRir; null when neither is given. */
export function effortOf(set: Pick<PlannedSet, "targetRpe" | "targetRir">): number | null {
  if (set.targetRpe !== null) return set.targetRpe;
  if (set.targetRir !== null) return 10 - set.targetRir;
  return null;
}

/** Sets the effort target, keeping RPE and RIR consistent. */
export function withRpe(set: DraftSet, rpe: number): DraftSet {
  const r = roundRpe(rpe);
  return { ...set, targetRpe: r, targetRir: rirOf(r) };
}

export function toPhases(
  drafts: readonly Draft[],
  locale: Locale,
  bpm: Readonly<Record<PhaseKind, BpmRange>> = DEFAULT_PHASE_BPM,
): PlanPhase[] {
  const phases: PlanPhase[] = [];
  for (const kind of PHASE_KINDS) {
    const inPhase = drafts.filter((d) => d.phase === kind && d.sets.length > 0);
    if (inPhase.length === 0) continue;
    phases.push({
      kind,
      bpm: { ...bpm[kind] },
      exercises: inPhase.map((d, i) => ({
        exerciseId: d.def.id,
        name: exerciseName(d.def, locale),
        substitutesFor: d.substitutesFor,
        sets: d.sets.map((s, j) => ({
          id: `${kind}-${i + 1}-${j + 1}`,
          ...s,
          load: { ...s.load },
          cues: [...s.cues],
        })),
      })),
    });
  }
  return phases;
}
