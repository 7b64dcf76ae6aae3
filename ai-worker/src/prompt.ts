// What the model is told. Built only from the training data a plan needs: the profile (goal, experience, time,
// equipment, injuries, liked/disliked exercises), the last three sessions, today's context signals and recovery,
// the exercises allowed today and the rule planner's baseline. Never music or Spotify data, never names, emails
// or ids of the user, and the context window's free text only with the user's consent (`noteForModel`).
import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";
import * as z from "zod";
import {
  availableEquipment,
  EXERCISE_LIBRARY,
  hasEquipmentFor,
  loadsAnyRegion,
  PlanContextSchema,
  PlanSchema,
  recoveryLevelOf,
  type Locale,
  type Plan,
} from "@cadence/shared-schema/plan";
import type { FeedbackFacts, PlanRequestInput } from "@cadence/shared-schema/requests";

/** The model's answer to a plan request: its reading of the note (null without one) and the plan. */
export const ModelPlanAnswerSchema = z.object({
  noteSignals: PlanContextSchema.nullable(),
  plan: PlanSchema,
});
export type ModelPlanAnswer = z.infer<typeof ModelPlanAnswerSchema>;

const LANGUAGE: Readonly<Record<Locale, string>> = {
  en: "English",
  nb: "Norwegian (bokmål)",
  es: "Spanish",
  de: "German",
};

/** Whether the account allows context text to reach the model: settings.consent.aiContext of the account doc. */
export function aiContextConsent(document: unknown): boolean {
  const doc = document as { kind?: unknown; settings?: { consent?: { aiContext?: unknown } } } | null;
  return doc?.kind === "account" && doc.settings?.consent?.aiContext === true;
}

/**
 * The consent rule: the context window's text goes to the model only when the user allowed AI use of context
 * data; otherwise the model sees only the structured signals the device parsed (energy, sleep, soreness...).
 */
export function noteForModel(note: string | null, consent: boolean): string | null {
  if (!consent || note === null) return null;
  const trimmed = note.trim();
  return trimmed.length > 0 ? trimmed : null;
}

/** Exercises allowed today: equipment the user has, no region injured or painful today. */
export function allowedExercises(input: PlanRequestInput): string[] {
  const { profile, context } = input.planInput;
  const available = availableEquipment(profile.equipment);
  const blocked = new Set<string>([...profile.injuries, ...context.pain]);
  const disliked = new Set(profile.dislikedExerciseIds);
  return EXERCISE_LIBRARY.filter(
    (e) => hasEquipmentFor(e, available) && !loadsAnyRegion(e, blocked) && !disliked.has(e.id),
  ).map((e) => `${e.id} (${e.pattern}; ${e.phases.join("/")})`);
}

/** A plan without ids and empty fields, to keep the prompt short. */
function compactPlan(plan: Plan): unknown {
  return {
    estimatedMinutes: plan.estimatedMinutes,
    deload: plan.deload,
    phases: plan.phases.map((ph) => ({
      kind: ph.kind,
      bpm: `${ph.bpm.min}-${ph.bpm.max}`,
      exercises: ph.exercises.map((e) => ({
        exerciseId: e.exerciseId,
        sets: e.sets.map((s) => ({
          ...(s.reps !== null ? { reps: s.reps } : { durationSec: s.durationSec }),
          load:
            s.load.type === "kg"
              ? `${s.load.kg} kg`
              : s.load.type === "percent_e1rm"
                ? `${s.load.percent}% e1RM`
                : "bodyweight",
          ...(s.targetRpe !== null ? { rpe: s.targetRpe } : {}),
          ...(s.targetRir !== null ? { rir: s.targetRir } : {}),
          restSec: s.restSec,
        })),
      })),
    })),
    rulesApplied: plan.rationale.rules.map((r) => r.id),
  };
}

const SYSTEM_PLAN = (language: string, minutes: number): string =>
  [
    "You are the strength and conditioning coach inside Cadence, a training app. Write today's session as JSON",
    "that matches the response schema exactly. Rules you must follow:",
    "1. Use only exercise ids from `allowedExercises` (they already respect the user's equipment, injuries and",
    "   today's pain). Put each exercise only in a phase its entry lists.",
    `2. The whole session, rests included, fits in ${minutes} minutes; set estimatedMinutes honestly.`,
    "3. Phases in this order, each at most once: warmup, main, intervals (optional), cooldown. BPM ranges:",
    "   warm-up 100-120, main 130-160, intervals 160-180, cool-down 80-100, unless there is a reason.",
    "4. Each set has reps or durationSec (the other null), a load (kg, percent_e1rm or bodyweight), targetRpe",
    "   (RPE on the reps-in-reserve scale, 10 = failure) or targetRir, restSec and up to 3 short cues.",
    "   Beginners train at RPE 7-8. Rest 2-3 min on heavy compound sets, 60-90 s otherwise.",
    "5. Recovery: Poor means at least 10 % less volume or intensity than a normal day; Excellent at least 10 %",
    "   more (one extra set at most per exercise; never raise load and volume together). Normal: as the baseline.",
    "6. `baseline` is our rule planner's plan for exactly these inputs, recovery already applied. Start from it;",
    "   change it only for a reason in today's context or note, and explain every change.",
    "7. rationale.summary: at most two sentences a lifter understands, saying why today looks like this.",
    "   rationale.signals: what you read from the inputs (id like 'sleep', 'soreness.legs', 'recovery') and",
    "   whether it moved the plan up, down or not at all. rationale.rules: ids and texts of what you applied.",
    "8. noteSignals: your structured reading of `note` (scales 1-5, 5 = a lot of it; sleepHours; soreness by",
    "   area; pain regions; focus; flags), or null when there is no note.",
    `9. Write names, cues and all texts in ${language}. Copy requestId and date as given; source is "model".`,
  ].join("\n");

/** The chat messages for a plan request. `note` must already have passed `noteForModel`. */
export function buildPlanMessages(options: {
  requestId: string;
  input: PlanRequestInput;
  note: string | null;
  baseline: Plan;
}): ChatCompletionMessageParam[] {
  const { input } = options;
  const { profile, context, recovery, recentSessions } = input.planInput;
  const lastThree = [...recentSessions]
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
    .slice(-3);
  const user = {
    requestId: options.requestId,
    date: input.date,
    profile: {
      goal: profile.goal,
      experience: profile.experience,
      sessionMinutes: profile.sessionMinutes,
      equipment: profile.equipment,
      injuries: profile.injuries,
      likedExerciseIds: profile.likedExerciseIds,
      dislikedExerciseIds: profile.dislikedExerciseIds,
      bodyweightKg: profile.bodyweightKg,
    },
    lastSessions: lastThree,
    weeksSinceDeload: input.planInput.weeksSinceDeload,
    context,
    recovery: {
      level: recoveryLevelOf(recovery.bias),
      hrvScore: recovery.hrvScore,
      sleepScore: recovery.sleepScore,
    },
    ...(options.note !== null ? { note: options.note } : {}),
    allowedExercises: allowedExercises(input),
    baseline: compactPlan(options.baseline),
  };
  return [
    { role: "system", content: SYSTEM_PLAN(LANGUAGE[input.locale], profile.sessionMinutes) },
    { role: "user", content: JSON.stringify(user) },
  ];
}

/** The chat messages for coach feedback: the session's facts against its plan (no notes, no music). */
export function buildFeedbackMessages(facts: FeedbackFacts, locale: Locale): ChatCompletionMessageParam[] {
  return [
    {
      role: "system",
      content: [
        "You are the coach inside Cadence, a training app. The user just finished a session. From the facts,",
        "write `summary`: one or two encouraging, specific sentences on how it went; and `suggestion`: one concrete",
        "thing to do next session (load, reps, rest or recovery), in one sentence. Do not invent numbers that are",
        `not in the facts. Write in ${LANGUAGE[locale]}.`,
      ].join("\n"),
    },
    { role: "user", content: JSON.stringify(facts) },
  ];
}
