// The rule-based planner (the spec's "simple rule-based templates" fallback, and the baseline the model's plans
// are clamped to). Pure and deterministic: `today` and `seed` come in, nothing reads a clock or Math.random.
// Order: select → weekly cap → fit the time → cuts (deload, RPE trend, context) → easy-trend extras → effort
// rules → fit again → recovery step.
import { applyRecovery } from "./adjustments.js";
import { dayNumber } from "./dates.js";
import { toPhases, type Draft } from "./draft.js";
import { draftsSeconds, estimatePlanMinutes, intervalTrimOrder, trimToFit } from "./duration.js";
import { availableEquipment, exerciseById, type Locale } from "./exercises.js";
import {
  applyEffortRules,
  applySetRules,
  capWeeklyVolume,
  giveSets,
  noteTrend,
  tenPercentOfSets,
  weeklySets,
  withinMrv,
} from "./load-management.js";
import { prescriptionFor } from "./prescription.js";
import { historyByExercise, rpeTrend, sortedSessions } from "./progression.js";
import {
  clip,
  deloadReason,
  describePrescription,
  describeRecovery,
  summarize,
  type Notes,
} from "./rationale.js";
import { readinessOf } from "./readiness.js";
import type { Plan, PlanInput } from "./schema.js";
import { mainSlots, type SelectionContext } from "./selection.js";
import { cooldownDrafts, emphasisFor, intervalDrafts, mainDrafts, warmupDrafts } from "./session-drafts.js";

export { planIntensity, planVolume, volumeRatio } from "./volume.js";
export { clampPlan } from "./clamp-plan.js";

export interface PlanOptions {
  /** The training day, `YYYY-MM-DD`. */
  today: string;
  requestId: string;
  /** Tie-break between equally good exercises; the same seed and input give the same plan. */
  seed: number;
  /** Language of exercise names (rationale text is English). */
  locale?: Locale;
}

export function planWorkout(input: PlanInput, options: PlanOptions): Plan {
  const today = dayNumber(options.today);
  if (Number.isNaN(today))
    throw new RangeError(`today must be YYYY-MM-DD, got ${JSON.stringify(options.today)}`);
  const locale = options.locale ?? "en";
  const { profile, context, recovery } = input;
  const rx = prescriptionFor(profile.goal, profile.experience);
  const notes: Notes = { signals: [], rules: [] };
  const sessions = sortedSessions(input.recentSessions, today);
  const history = historyByExercise(input.recentSessions, today);
  const readiness = readinessOf(recovery, context);
  const trend = rpeTrend(input.recentSessions, today, rx.primary.rpe);
  const sel: SelectionContext = {
    goal: profile.goal,
    experience: profile.experience,
    available: availableEquipment(profile.equipment),
    blocked: new Set([...profile.injuries, ...context.pain]),
    liked: new Set(profile.likedExerciseIds),
    disliked: new Set(profile.dislikedExerciseIds),
    recent: new Set(history.keys()),
    soreness: context.soreness,
    focus: context.focus,
    seed: options.seed,
  };
  notes.rules.push({ id: "prescription", text: describePrescription(input, rx) });

  const used = new Set<string>();
  const recentPatterns = [...sessions]
    .reverse()
    .map((s) => s.exercises.map((e) => exerciseById(e.exerciseId)?.pattern).filter((p) => p !== undefined));
  const slots = mainSlots(profile.goal, emphasisFor(input, notes), recentPatterns);
  const main = mainDrafts(slots, sel, used, rx, history, notes);
  const intervals = intervalDrafts(input, rx, sel, used, notes);
  const drafts = [
    ...warmupDrafts(main, sel, used, profile.sessionMinutes),
    ...main,
    ...intervals,
    ...cooldownDrafts(main, intervals.length > 0, sel, used),
  ];

  // Fit first, with the weekly cap and room for the Excellent variant (so all three recovery variants share
  // the same exercises and all fit); then cut for deload, trend and context, so a cut makes the day shorter
  // instead of letting another exercise in; then add for an easy trend only where time and the cap allow.
  const weekly = weeklySets(sessions, today);
  capWeeklyVolume(drafts, weekly, notes);
  const budget = profile.sessionMinutes * 60;
  const excellentSeconds = (d: readonly Draft[]): number => draftsSeconds(applyRecovery(d, 1));
  const fit = (): string[] =>
    trimToFit(drafts, budget, { intervals: intervalTrimOrder(profile.goal), measure: excellentSeconds });
  const trims = fit();
  const deloadApplied = applySetRules(drafts, input, trend, notes);
  trims.push(...fit());
  const fitNoteAt = notes.rules.length;
  if (trend.direction === "up" && !deloadApplied) {
    const main = drafts.filter((d) => d.phase === "main");
    const allowed = (): boolean => excellentSeconds(drafts) <= budget && withinMrv(drafts, weekly);
    noteTrend(trend, giveSets(main, tenPercentOfSets(main), allowed), notes);
  }
  applyEffortRules(drafts, input, readiness, deloadApplied, notes);
  // Effort rules change what counts as volume, and so how many sets the Excellent step adds: fit once more so
  // every recovery variant still fits the session (a no-op when it already does).
  trims.push(...fit());
  if (trims.length > 0) {
    const steps = trims.map((t) => t.replace(/^time: /, "")).join("; ");
    notes.rules.splice(fitNoteAt, 0, {
      id: "time.fit",
      text: clip(`Fit ${profile.sessionMinutes} min: ${steps}`),
    });
  }

  const final = applyRecovery(drafts, recovery.bias);
  const phases = toPhases(final, locale);
  describeRecovery(input, final, drafts, notes);

  const reason = deloadApplied ? null : deloadReason(input, trend, readiness, notes);
  return {
    requestId: options.requestId,
    date: options.today.slice(0, 10),
    source: "rules",
    phases,
    estimatedMinutes: estimatePlanMinutes({ phases }),
    deload: {
      suggested: deloadApplied || reason !== null,
      applied: deloadApplied,
      reason: deloadApplied ? "Deload chosen in the context window" : reason,
    },
    rationale: {
      summary: clip(summarize(input, final, phases, deloadApplied, reason, notes), 600),
      signals: notes.signals.slice(0, 30),
      rules: notes.rules.slice(0, 60),
    },
  };
}
