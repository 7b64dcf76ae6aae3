// Coach feedback after a finished session (spec flow 10): a `feedback` request in the workout document, answered
// by the worker with a short summary and one suggestion for next time. The facts and the rule-based text live
// here (pure), so the worker without a model and the device offline say the same thing.
import * as z from "zod";
import { LOCALES, type Locale } from "../plan/index.js";
import { FallbackReasonSchema } from "./plan-requests.js";

export const FeedbackRequestInputSchema = z.object({
  v: z.literal(1),
  locale: z.enum(LOCALES),
});
export type FeedbackRequestInput = z.infer<typeof FeedbackRequestInputSchema>;

export const SUGGESTION_CODES = ["progress", "hold", "complete", "recover", "keep"] as const;
export type SuggestionCode = (typeof SUGGESTION_CODES)[number];

export const FeedbackFactsSchema = z.object({
  plannedSets: z.int().min(0),
  completedSets: z.int().min(0),
  minutes: z.number().min(0).nullable(),
  avgRpe: z.number().min(0).max(10).nullable(),
  targetRpe: z.number().min(0).max(10).nullable(),
  sessionRpe: z.number().min(0).max(10).nullable(),
  /** Kilograms lifted (reps × kg over completed sets). */
  volumeKg: z.number().min(0),
  /** An exercise whose every planned set reached its target reps at or below the target RPE. */
  progress: z.object({ exerciseId: z.string(), name: z.string() }).nullable(),
  /** An exercise that felt much harder than planned (RPE ≥ target + 1). */
  hard: z.object({ exerciseId: z.string(), name: z.string() }).nullable(),
});
export type FeedbackFacts = z.infer<typeof FeedbackFactsSchema>;

/** The model's answer (strict structured output: every field required). */
export const ModelFeedbackSchema = z.object({
  summary: z.string().min(1).max(600),
  suggestion: z.string().min(1).max(400),
});
export type ModelFeedback = z.infer<typeof ModelFeedbackSchema>;

export const FeedbackResultSchema = z.object({
  summary: z.string().max(600),
  suggestion: z.string().max(400),
  code: z.enum(SUGGESTION_CODES),
  source: z.enum(["model", "rules"]),
  model: z.string().max(200).nullable(),
  latencyMs: z.number().min(0),
  fallbackReason: FallbackReasonSchema.nullable(),
  facts: FeedbackFactsSchema,
  generatedAt: z.iso.datetime(),
});
export type FeedbackResult = z.infer<typeof FeedbackResultSchema>;

interface PlannedSetLike {
  id?: unknown;
  reps?: unknown;
  targetRpe?: unknown;
}
interface LogLike {
  exerciseId?: unknown;
  exerciseName?: unknown;
  plannedSetId?: unknown;
  reps?: unknown;
  weightKg?: unknown;
  rpe?: unknown;
  completed?: unknown;
}
export interface FinishedWorkoutLike {
  readonly plan?: unknown;
  readonly log?: unknown;
  readonly startedAt?: unknown;
  readonly finishedAt?: unknown;
  readonly sessionRpe?: unknown;
}

const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const round1 = (n: number): number => Math.round(n * 10) / 10;
const mean = (xs: readonly number[]): number | null =>
  xs.length === 0 ? null : round1(xs.reduce((a, b) => a + b, 0) / xs.length);

/** What happened in a finished session, against its plan. */
export function feedbackFacts(workout: FinishedWorkoutLike): FeedbackFacts {
  const planned = new Map<
    string,
    { exerciseId: string; name: string; reps: number | null; rpe: number | null }
  >();
  const phases = (workout.plan as { phases?: unknown } | null)?.phases;
  if (Array.isArray(phases)) {
    for (const ph of phases as { kind?: unknown; exercises?: unknown }[]) {
      if (ph?.kind === "warmup" || ph?.kind === "cooldown" || !Array.isArray(ph?.exercises)) continue;
      for (const ex of ph.exercises as { exerciseId?: unknown; name?: unknown; sets?: unknown }[]) {
        if (!Array.isArray(ex?.sets)) continue;
        for (const s of ex.sets as PlannedSetLike[]) {
          if (typeof s?.id !== "string") continue;
          planned.set(s.id, {
            exerciseId: String(ex.exerciseId),
            name: String(ex.name ?? ex.exerciseId),
            reps: num(s.reps),
            rpe: num(s.targetRpe),
          });
        }
      }
    }
  }
  const logs = Object.values((workout.log ?? {}) as Record<string, LogLike>).filter(
    (l) => l && typeof l.exerciseId === "string" && l.completed !== false,
  );
  const rpes = logs.map((l) => num(l.rpe)).filter((r): r is number => r !== null);
  const volumeKg = logs.reduce((sum, l) => sum + (num(l.reps) ?? 0) * (num(l.weightKg) ?? 0), 0);
  const targetRpes = [...planned.values()].map((p) => p.rpe).filter((r): r is number => r !== null);

  // Per exercise: did every planned set get done at target reps and RPE? Was it much harder than planned?
  const perExercise = new Map<
    string,
    { name: string; planned: number; met: number; over: number; rated: number }
  >();
  for (const p of planned.values()) {
    const e = perExercise.get(p.exerciseId) ?? { name: p.name, planned: 0, met: 0, over: 0, rated: 0 };
    e.planned += 1;
    perExercise.set(p.exerciseId, e);
  }
  const plannedDone = new Set<string>();
  for (const l of logs) {
    const p = typeof l.plannedSetId === "string" ? planned.get(l.plannedSetId) : undefined;
    if (!p) continue;
    plannedDone.add(l.plannedSetId as string);
    const e = perExercise.get(p.exerciseId)!;
    const reps = num(l.reps);
    const rpe = num(l.rpe);
    if (rpe !== null) e.rated += 1;
    if ((p.reps === null || (reps ?? 0) >= p.reps) && (p.rpe === null || rpe === null || rpe <= p.rpe))
      e.met += 1;
    if (p.rpe !== null && rpe !== null && rpe >= p.rpe + 1) e.over += 1;
  }
  let progress: FeedbackFacts["progress"] = null;
  let hard: FeedbackFacts["hard"] = null;
  for (const [exerciseId, e] of perExercise) {
    if (!progress && e.planned > 0 && e.met === e.planned) progress = { exerciseId, name: e.name };
    if (!hard && e.rated > 0 && e.over * 2 >= e.rated) hard = { exerciseId, name: e.name };
  }
  const started = typeof workout.startedAt === "string" ? Date.parse(workout.startedAt) : Number.NaN;
  const finished = typeof workout.finishedAt === "string" ? Date.parse(workout.finishedAt) : Number.NaN;
  const minutes = (finished - started) / 60_000;
  return {
    plannedSets: planned.size,
    completedSets: planned.size > 0 ? plannedDone.size : logs.length,
    minutes: Number.isFinite(minutes) && minutes >= 0 ? Math.round(minutes) : null,
    avgRpe: mean(rpes),
    targetRpe: mean(targetRpes),
    sessionRpe: num(workout.sessionRpe),
    volumeKg: Math.round(volumeKg),
    progress,
    hard,
  };
}

/** The suggestion that follows from the facts, most important first. */
export function suggestionCode(f: FeedbackFacts): SuggestionCode {
  if (
    (f.sessionRpe ?? 0) >= 9 ||
    (f.avgRpe !== null && f.targetRpe !== null && f.avgRpe >= f.targetRpe + 1.5)
  ) {
    return "recover";
  }
  if (f.plannedSets > 0 && f.completedSets < f.plannedSets * 0.8) return "complete";
  if (f.hard) return "hold";
  if (f.progress) return "progress";
  return "keep";
}

type Texts = {
  summary: (f: FeedbackFacts) => string;
  rpe: (avg: number, target: number | null) => string;
  suggestion: Record<SuggestionCode, (f: FeedbackFacts) => string>;
};

const minutesOf = (f: FeedbackFacts, word: string): string =>
  f.minutes !== null ? ` (${f.minutes} ${word})` : "";
const setsOf = (f: FeedbackFacts, sep: string): string =>
  f.plannedSets > 0 ? `${f.completedSets}${sep}${f.plannedSets}` : String(f.completedSets);

const TEXTS: Readonly<Record<Locale, Texts>> = {
  en: {
    summary: (f) =>
      `You completed ${setsOf(f, " of ")} ${f.plannedSets > 0 ? "planned " : ""}sets${minutesOf(f, "min")}` +
      (f.volumeKg > 0 ? `, ${f.volumeKg} kg in total.` : "."),
    rpe: (a, t) => ` Average effort RPE ${a}${t !== null ? ` against a target of ${t}` : ""}.`,
    suggestion: {
      progress: (f) =>
        `Next time add the smallest step of load (about 2.5 kg) to ${f.progress!.name}: you hit every target.`,
      hold: (f) => `Keep the load on ${f.hard!.name} next time and aim for the target reps at a lower RPE.`,
      complete: () =>
        "Keep the same loads next time and aim to finish every planned set before adding anything.",
      recover: () =>
        "That was hard: sleep well and take it easier next time (one set less, or Poor recovery).",
      keep: () => "Good work: repeat the plan next time and let the planner progress it.",
    },
  },
  nb: {
    summary: (f) =>
      `Du fullførte ${setsOf(f, " av ")} ${f.plannedSets > 0 ? "planlagte " : ""}sett${minutesOf(f, "min")}` +
      (f.volumeKg > 0 ? `, ${f.volumeKg} kg totalt.` : "."),
    rpe: (a, t) => ` Snittinnsats RPE ${a}${t !== null ? ` mot et mål på ${t}` : ""}.`,
    suggestion: {
      progress: (f) =>
        `Neste gang: legg på minste vektsteg (omtrent 2,5 kg) på ${f.progress!.name} – du nådde alle målene.`,
      hold: (f) =>
        `Behold vekten på ${f.hard!.name} neste gang, og sikt mot målrepetisjonene med lavere RPE.`,
      complete: () => "Behold vektene neste gang og fullfør alle planlagte sett før du øker.",
      recover: () =>
        "Det var tungt: sov godt og ta det roligere neste gang (ett sett mindre, eller dårlig restitusjon).",
      keep: () => "Bra jobbet: gjenta planen neste gang, så øker planleggeren gradvis.",
    },
  },
  es: {
    summary: (f) =>
      `Completaste ${setsOf(f, " de ")} series${f.plannedSets > 0 ? " planificadas" : ""}${minutesOf(f, "min")}` +
      (f.volumeKg > 0 ? `, ${f.volumeKg} kg en total.` : "."),
    rpe: (a, t) => ` Esfuerzo medio RPE ${a}${t !== null ? ` frente a un objetivo de ${t}` : ""}.`,
    suggestion: {
      progress: (f) =>
        `La próxima vez añade el incremento mínimo de carga (unos 2,5 kg) en ${f.progress!.name}: cumpliste todos los objetivos.`,
      hold: (f) =>
        `Mantén la carga en ${f.hard!.name} la próxima vez y busca las repeticiones objetivo con un RPE más bajo.`,
      complete: () =>
        "Mantén las mismas cargas la próxima vez y completa todas las series planificadas antes de subir.",
      recover: () =>
        "Fue duro: descansa bien y tómatelo con más calma la próxima vez (una serie menos o recuperación baja).",
      keep: () => "Buen trabajo: repite el plan la próxima vez y deja que el planificador progrese.",
    },
  },
  de: {
    summary: (f) =>
      `Du hast ${setsOf(f, " von ")} ${f.plannedSets > 0 ? "geplanten Sätzen" : "Sätze"} geschafft${minutesOf(f, "Min.")}` +
      (f.volumeKg > 0 ? `, insgesamt ${f.volumeKg} kg.` : "."),
    rpe: (a, t) => ` Durchschnittliche Anstrengung RPE ${a}${t !== null ? ` bei einem Ziel von ${t}` : ""}.`,
    suggestion: {
      progress: (f) =>
        `Lege beim nächsten Mal die kleinste Laststufe (etwa 2,5 kg) bei ${f.progress!.name} drauf: Du hast jedes Ziel erreicht.`,
      hold: (f) =>
        `Behalte das Gewicht bei ${f.hard!.name} beim nächsten Mal und ziele auf die Wiederholungen mit niedrigerem RPE.`,
      complete: () =>
        "Behalte die Gewichte beim nächsten Mal und schaffe alle geplanten Sätze, bevor du steigerst.",
      recover: () =>
        "Das war hart: schlaf gut und mach es beim nächsten Mal leichter (ein Satz weniger oder schlechte Erholung).",
      keep: () => "Gute Arbeit: Wiederhole den Plan, der Planer steigert ihn schrittweise.",
    },
  },
};

/** The rule-based feedback in the user's language. */
export function ruleFeedback(
  facts: FeedbackFacts,
  locale: Locale = "en",
): { summary: string; suggestion: string; code: SuggestionCode } {
  const t = TEXTS[locale] ?? TEXTS.en;
  const code = suggestionCode(facts);
  const summary = t.summary(facts) + (facts.avgRpe !== null ? t.rpe(facts.avgRpe, facts.targetRpe) : "");
  return { summary: summary.slice(0, 600), suggestion: t.suggestion[code](facts).slice(0, 400), code };
}
