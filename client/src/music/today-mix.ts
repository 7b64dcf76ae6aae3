/**
 * What a Session Mix for today needs from the plan: each phase's kind, BPM range and length (the planner's own
 * time model, so the mix lasts as long as the workout), and a Cadence beat per phase for when Spotify cannot play.
 */
import { MUSIC_PHASES, type MusicPhase } from "@cadence/shared-schema";
import { DEFAULT_PHASE_RANGES, type MixPhaseInput } from "@cadence/shared-schema/music";
import { planSeconds, type Plan } from "@cadence/shared-schema/plan";

/** A plan's phases as the Session Mix takes them; an empty list for a rest day. */
export function mixPhasesOfPlan(plan: Pick<Plan, "phases">): MixPhaseInput[] {
  return plan.phases.map((phase) => {
    const seconds = planSeconds({ phases: [phase] });
    return {
      kind: phase.kind,
      bpm: { min: phase.bpm.min, max: phase.bpm.max },
      // The server accepts 1–240 minutes per phase.
      minutes: Math.min(240, Math.max(1, Math.ceil(seconds / 60))),
    };
  });
}

export interface PhaseBeat {
  kind: MusicPhase;
  /** The middle of the phase's range, to the nearest whole BPM. */
  bpm: number;
}

/** One generated beat per phase, at the middle of its range (the plan's, or the default ranges). */
export function beatsForPhases(phases: readonly MixPhaseInput[] | null): PhaseBeat[] {
  const list: readonly MixPhaseInput[] =
    phases && phases.length > 0 ? phases : MUSIC_PHASES.map((kind) => ({ kind }));
  return list.map((p) => {
    const range = p.bpm ?? DEFAULT_PHASE_RANGES[p.kind];
    return { kind: p.kind, bpm: Math.round((range.min + range.max) / 2) };
  });
}
