// The planner's explanation: which inputs mattered, which rules fired, and a summary a user can read in one
// breath ("why did today change?"). Rule ids are stable and listed in docs/planner.md.
import { draftVolumeSource } from "./adjustments.js";
import { isWorkingPhase, type Draft } from "./draft.js";
import { estimatePlanMinutes } from "./duration.js";
import type { Prescription } from "./prescription.js";
import type { RpeTrend } from "./progression.js";
import type { Readiness } from "./readiness.js";
import type { Plan, PlanInput, RationaleRule, RationaleSignal } from "./schema.js";
import { planIntensity, volumeRatio } from "./volume.js";

/** What the planner says about today's plan, collected while it builds it. */
export interface Notes {
  signals: RationaleSignal[];
  rules: RationaleRule[];
}

const GOAL_LABEL = {
  strength: "Strength",
  hypertrophy: "Hypertrophy",
  fat_loss: "Fat-loss",
  endurance: "Endurance",
  general: "General fitness",
} as const;

/** Keeps rationale text within the schema's length limits. */
export const clip = (text: string, max = 400): string =>
  text.length <= max ? text : `${text.slice(0, max - 1)}…`;

const pct = (ratio: number): string => {
  const p = Math.round((ratio - 1) * 100);
  return `${p > 0 ? "+" : p < 0 ? "−" : "±"}${Math.abs(p)} %`;
};

export function describePrescription(input: PlanInput, rx: Prescription): string {
  const { goal, experience } = input.profile;
  const p = rx.primary;
  const a = rx.accessory;
  const iv = rx.intervals
    ? `; intervals ${rx.intervals.rounds}× ${rx.intervals.workSec} s on / ${rx.intervals.restSec} s off @ RPE ${rx.intervals.rpe}`
    : "";
  return clip(
    `${GOAL_LABEL[goal]}, ${experience}: main lifts ${p.sets}× ${p.repsLow}–${p.repsHigh} @ RPE ${p.rpe}, ${p.restSec} s rest; ` +
      `accessories ${a.sets}× ${a.repsLow}–${a.repsHigh} @ RPE ${a.rpe}, ${a.restSec} s rest${iv} (ACSM 2009; ${rx.linear ? "linear" : "double"} progression)`,
  );
}

export function describeRecovery(
  input: PlanInput,
  final: readonly Draft[],
  normal: readonly Draft[],
  notes: Notes,
): void {
  const { bias, hrvScore, sleepScore } = input.recovery;
  const label = bias < 0 ? "Poor" : bias > 0 ? "Excellent" : "Normal";
  const sims = [
    hrvScore !== null ? `HRV score ${Math.round(hrvScore)}` : null,
    sleepScore !== null ? `sleep score ${Math.round(sleepScore)}` : null,
  ]
    .filter((x) => x !== null)
    .join(", ");
  notes.signals.unshift({
    id: "recovery",
    text: `Recovery: ${label}${sims ? ` (${sims})` : ""}`,
    effect: bias < 0 ? "down" : bias > 0 ? "up" : "none",
  });
  if (bias === 0) return;
  const volume = volumeRatio(draftVolumeSource(final), draftVolumeSource(normal));
  const effort = planIntensity(draftVolumeSource(final)) / (planIntensity(draftVolumeSource(normal)) || 1);
  const changed = final
    .map((d, i) => [d, d.sets.length - (normal[i]?.sets.length ?? 0)] as const)
    .filter(([, n]) => n !== 0)
    .map(([d, n]) => `${d.def.names.en} ${n > 0 ? "+" : "−"}${Math.abs(n)}`);
  const sets = changed.length > 0 ? `sets: ${changed.join(", ")}` : "every set a little shorter";
  notes.rules.push(
    bias < 0
      ? {
          id: "recovery.poor",
          text: clip(
            `Recovery Poor: one more rep in reserve, no load increases, ${sets}: volume ${pct(volume)}, effort ${pct(effort)} vs a Normal day`,
          ),
        }
      : {
          id: "recovery.excellent",
          text: clip(
            `Recovery Excellent: loads and effort as on a Normal day, ${sets}: volume ${pct(volume)}. A lift that went up in load gets its extra set at last session's load`,
          ),
        },
  );
}

export function deloadReason(
  input: PlanInput,
  trend: RpeTrend,
  readiness: Readiness,
  notes: Notes,
): string | null {
  const w = input.weeksSinceDeload;
  const resets = notes.rules.filter((r) => r.id === "progression.reset").length;
  if (w !== null && w >= 6) return `${w} loading weeks since the last deload (deload every 4–6)`;
  if (resets >= 2) return "Several lifts stalled three sessions in a row";
  if (trend.delta !== null && trend.delta >= 1.5) return "Recent sessions felt much harder than planned";
  if (w !== null && w >= 4 && (trend.direction === "down" || (readiness.score ?? 100) < 40)) {
    return `${w} loading weeks and signs of fatigue`;
  }
  return null;
}

export function summarize(
  input: PlanInput,
  final: readonly Draft[],
  phases: Plan["phases"],
  deload: boolean,
  deloadSuggestion: string | null,
  notes: Notes,
): string {
  const minutes = estimatePlanMinutes({ phases });
  const work = final
    .filter((d) => isWorkingPhase(d.phase))
    .map((d) => (d.phase === "intervals" ? `${d.def.names.en} intervals` : d.def.names.en));
  const more = work.length > 3 ? ` and ${work.length - 3} more` : "";
  const parts = [
    work.length > 0
      ? `${GOAL_LABEL[input.profile.goal]} session, about ${minutes} min: ${work.slice(0, 3).join(", ")}${more}.`
      : `No exercise fits today's equipment and injuries: ${minutes > 0 ? `a ${minutes}-min mobility session` : "rest today"}.`,
  ];
  const recovery = notes.rules.find((r) => r.id.startsWith("recovery."));
  const change = recovery?.text.match(/volume ([+−±]\d+ %)/)?.[1];
  if (input.recovery.bias < 0)
    parts.push(`Lighter than a normal day because recovery is Poor${change ? ` (${change} volume)` : ""}.`);
  if (input.recovery.bias > 0)
    parts.push(
      `More work than a normal day because recovery is Excellent${change ? ` (${change} volume)` : ""}.`,
    );
  if (deload) parts.push("Deload: about half the sets, easier effort.");
  const downs = notes.signals.filter(
    (s) => s.effect === "down" && s.id !== "recovery" && !s.id.startsWith("flag."),
  );
  if (downs.length > 0)
    parts.push(`Also adjusted for: ${downs.map((s) => s.text.toLowerCase()).join("; ")}.`);
  if (deloadSuggestion) parts.push(`Consider a deload week: ${deloadSuggestion.toLowerCase()}.`);
  return parts.join(" ");
}
