// The training plan and the planner's input. The plan schema doubles as the model's structured-output schema
// (OpenAI strict mode): every field is required, "optional" means `.nullable()`, never `.optional()`, and
// cross-field rules are refinements, which the JSON schema drops and zod still checks on parse.
import * as z from "zod";

export const PHASE_KINDS = ["warmup", "main", "intervals", "cooldown"] as const;
export const PhaseKindSchema = z.enum(PHASE_KINDS);
export type PhaseKind = z.infer<typeof PhaseKindSchema>;

/** Equipment a profile can own; "full_gym" in a profile means all of them. */
export const EQUIPMENT = [
  "bodyweight",
  "dumbbells",
  "barbell_rack",
  "kettlebells",
  "bands",
  "machines",
  "cardio_machines",
] as const;
export const EquipmentSchema = z.enum(EQUIPMENT);
export type Equipment = z.infer<typeof EquipmentSchema>;
export const ProfileEquipmentSchema = z.enum([...EQUIPMENT, "full_gym"]);
export type ProfileEquipment = z.infer<typeof ProfileEquipmentSchema>;

/** Joint regions an injury (or today's pain) can block. */
export const BODY_REGIONS = [
  "shoulder",
  "elbow",
  "wrist",
  "lower_back",
  "hip",
  "knee",
  "ankle",
  "neck",
] as const;
export const BodyRegionSchema = z.enum(BODY_REGIONS);
export type BodyRegion = z.infer<typeof BodyRegionSchema>;

/** Muscle areas soreness is reported by ("legs tired"), coarser than the library's muscles. */
export const SORENESS_AREAS = ["legs", "back", "chest", "shoulders", "arms", "core"] as const;
export type SorenessArea = (typeof SORENESS_AREAS)[number];

export const GOALS = ["strength", "hypertrophy", "fat_loss", "endurance", "general"] as const;
export const GoalSchema = z.enum(GOALS);
export type Goal = z.infer<typeof GoalSchema>;

export const EXPERIENCE_LEVELS = ["beginner", "intermediate", "advanced"] as const;
export const ExperienceSchema = z.enum(EXPERIENCE_LEVELS);
export type Experience = z.infer<typeof ExperienceSchema>;

export const FOCUS_TAGS = ["posterior_chain", "upper_body", "lower_body", "full_body", "cardio"] as const;
export const FocusSchema = z.enum(FOCUS_TAGS);
export type Focus = z.infer<typeof FocusSchema>;

/** Phase-of-training flags from chips or text. */
export const TRAINING_FLAGS = ["cutting", "deload"] as const;
export const TrainingFlagSchema = z.enum(TRAINING_FLAGS);
export type TrainingFlag = z.infer<typeof TrainingFlagSchema>;

// ---------------------------------------------------------------------------------------------- the plan

export const LoadSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("kg"), kg: z.number().min(0).max(1000) }),
  /** Percent of the lifter's estimated one-rep max, 0–100. */
  z.object({ type: z.literal("percent_e1rm"), percent: z.number().min(0).max(100) }),
  /** No external kilograms to prescribe: own body, a band, a cardio machine. */
  z.object({ type: z.literal("bodyweight") }),
]);
export type Load = z.infer<typeof LoadSchema>;

/** Same shape as the workout log's entry ids, so a logged set can point at its planned set. */
export const PlannedSetIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

export const PlannedSetSchema = z
  .object({
    id: PlannedSetIdSchema,
    reps: z.int().min(1).max(100).nullable(),
    durationSec: z.int().min(1).max(3600).nullable(),
    load: LoadSchema,
    /** RPE on the reps-in-reserve scale (10 = failure). */
    targetRpe: z.number().min(1).max(10).nullable(),
    targetRir: z.number().min(0).max(10).nullable(),
    /** Rest after this set, seconds. */
    restSec: z.int().min(0).max(900),
    cues: z.array(z.string().max(200)).max(6),
  })
  .refine((s) => (s.reps === null) !== (s.durationSec === null), {
    message: "a set has either reps or durationSec",
  })
  .refine((s) => s.targetRpe !== null || s.targetRir !== null, {
    message: "a set needs targetRpe or targetRir",
  });
export type PlannedSet = z.infer<typeof PlannedSetSchema>;

export const PlannedExerciseSchema = z.object({
  exerciseId: z.string().min(1).max(80),
  name: z.string().min(1).max(120),
  /** The library exercise this one replaces (injury, equipment), or null. */
  substitutesFor: z.string().min(1).max(80).nullable(),
  sets: z.array(PlannedSetSchema).min(1).max(30),
});
export type PlannedExercise = z.infer<typeof PlannedExerciseSchema>;

export const BpmRangeSchema = z
  .object({ min: z.int().min(40).max(220), max: z.int().min(40).max(220) })
  .refine((r) => r.min <= r.max, { message: "bpm min must not exceed max" });
export type BpmRange = z.infer<typeof BpmRangeSchema>;

export const PlanPhaseSchema = z.object({
  kind: PhaseKindSchema,
  bpm: BpmRangeSchema,
  exercises: z.array(PlannedExerciseSchema).min(1).max(20),
});
export type PlanPhase = z.infer<typeof PlanPhaseSchema>;

export const RationaleSignalSchema = z.object({
  /** Which input: "recovery", "sleep", "soreness.legs", "readiness", … */
  id: z.string().min(1).max(60),
  text: z.string().max(300),
  /** What it did to today's plan. */
  effect: z.enum(["up", "down", "none"]),
});
export type RationaleSignal = z.infer<typeof RationaleSignalSchema>;

export const RationaleRuleSchema = z.object({
  /** Stable rule id ("recovery.poor", "progression.load_up", …), documented in docs/planner.md. */
  id: z.string().min(1).max(60),
  text: z.string().max(400),
});
export type RationaleRule = z.infer<typeof RationaleRuleSchema>;

export const PlanSourceSchema = z.enum(["model", "rules", "cached"]);
export type PlanSource = z.infer<typeof PlanSourceSchema>;

export const PlanSchema = z
  .object({
    requestId: z.string().min(1).max(80),
    /** The training day, `YYYY-MM-DD`. */
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    source: PlanSourceSchema,
    /** In canonical order (warm-up, main, intervals, cool-down), each kind at most once; empty = rest day. */
    phases: z.array(PlanPhaseSchema).max(4),
    estimatedMinutes: z.int().min(0).max(600),
    deload: z.object({
      suggested: z.boolean(),
      applied: z.boolean(),
      reason: z.string().max(300).nullable(),
    }),
    rationale: z.object({
      summary: z.string().max(600),
      signals: z.array(RationaleSignalSchema).max(30),
      rules: z.array(RationaleRuleSchema).max(60),
    }),
  })
  .refine(
    (p) =>
      p.phases.every(
        (ph, i) => i === 0 || PHASE_KINDS.indexOf(ph.kind) > PHASE_KINDS.indexOf(p.phases[i - 1]!.kind),
      ),
    { message: "phases must be in canonical order, each kind at most once" },
  )
  .refine(
    (p) => {
      const ids = p.phases.flatMap((ph) => ph.exercises.flatMap((e) => e.sets.map((s) => s.id)));
      return new Set(ids).size === ids.length;
    },
    { message: "set ids must be unique within a plan" },
  );
export type Plan = z.infer<typeof PlanSchema>;

// ----------------------------------------------------------------------------------------- the input

const Scale5 = z.int().min(1).max(5).nullable();
const IsoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}/, "expected a date starting YYYY-MM-DD");

export const ProfileSchema = z.object({
  goal: GoalSchema,
  experience: ExperienceSchema,
  sessionMinutes: z.int().min(10).max(180),
  equipment: z.array(ProfileEquipmentSchema).max(10),
  injuries: z.array(BodyRegionSchema).max(8),
  likedExerciseIds: z.array(z.string().min(1).max(80)).max(200),
  dislikedExerciseIds: z.array(z.string().min(1).max(80)).max(200),
  bodyweightKg: z.number().min(20).max(400).nullable(),
});
export type Profile = z.infer<typeof ProfileSchema>;

export const PerformedSetSchema = z.object({
  reps: z.int().min(0).max(1000).nullable(),
  durationSec: z.int().min(0).max(36_000).nullable(),
  weightKg: z.number().min(0).max(1000).nullable(),
  rpe: z.number().min(0).max(10).nullable(),
  /** What the plan asked for, when the set was planned; "count a success only at the prescribed load". */
  targetReps: z.int().min(0).max(1000).nullable(),
  targetKg: z.number().min(0).max(1000).nullable(),
  targetRpe: z.number().min(0).max(10).nullable(),
});
export type PerformedSet = z.infer<typeof PerformedSetSchema>;

export const PerformedExerciseSchema = z.object({
  exerciseId: z.string().min(1).max(80),
  sets: z.array(PerformedSetSchema).max(50),
});
export type PerformedExercise = z.infer<typeof PerformedExerciseSchema>;

export const RecentSessionSchema = z.object({
  /** `YYYY-MM-DD` (a full ISO timestamp is accepted; its first 10 characters are the day). */
  date: IsoDay,
  /** Session RPE (Foster CR-10), if the user gave one. */
  sessionRpe: z.number().min(0).max(10).nullable(),
  durationMinutes: z.number().min(0).max(600).nullable(),
  exercises: z.array(PerformedExerciseSchema).max(40),
});
export type RecentSession = z.infer<typeof RecentSessionSchema>;

export const SorenessSchema = z.object({
  legs: Scale5,
  back: Scale5,
  chest: Scale5,
  shoulders: Scale5,
  arms: Scale5,
  core: Scale5,
});
export type Soreness = z.infer<typeof SorenessSchema>;

/**
 * Today's context, from the context window (chips, free text, the model's structuring). Scales are 1–5 and
 * mean "how much of it": energy 5 = lots, stress 5 = very stressed, soreness 5 = very sore. Null = not said.
 */
export const PlanContextSchema = z.object({
  energy: Scale5,
  mood: Scale5,
  sleepHours: z.number().min(0).max(24).nullable(),
  sleepQuality: Scale5,
  stress: Scale5,
  motivation: Scale5,
  soreness: SorenessSchema,
  /** Regions that hurt today: treated like injuries for this plan. */
  pain: z.array(BodyRegionSchema).max(8),
  focus: z.array(FocusSchema).max(5),
  flags: z.array(TrainingFlagSchema).max(2),
});
export type PlanContext = z.infer<typeof PlanContextSchema>;

export const RecoveryBiasSchema = z.literal([-1, 0, 1]);
export type RecoveryBias = z.infer<typeof RecoveryBiasSchema>;

/** The recovery slider plus the scores simulated from it in phase 1 (spec: hrv_score_sim, sleep_score_sim). */
export const RecoveryInputSchema = z.object({
  bias: RecoveryBiasSchema,
  hrvScore: z.number().min(0).max(100).nullable(),
  sleepScore: z.number().min(0).max(100).nullable(),
});
export type RecoveryInput = z.infer<typeof RecoveryInputSchema>;

export const PlanInputSchema = z.object({
  profile: ProfileSchema,
  /** Most recent last or first, any order; the planner sorts by date and ignores days after `today`. */
  recentSessions: z.array(RecentSessionSchema).max(60),
  context: PlanContextSchema,
  recovery: RecoveryInputSchema,
  /** Loading weeks since the last deload, when known (a deload is suggested from 6). */
  weeksSinceDeload: z.int().min(0).max(104).nullable(),
});
export type PlanInput = z.infer<typeof PlanInputSchema>;

/** A context with nothing said. */
export function emptyPlanContext(): PlanContext {
  return {
    energy: null,
    mood: null,
    sleepHours: null,
    sleepQuality: null,
    stress: null,
    motivation: null,
    soreness: { legs: null, back: null, chest: null, shoulders: null, arms: null, core: null },
    pain: [],
    focus: [],
    flags: [],
  };
}
