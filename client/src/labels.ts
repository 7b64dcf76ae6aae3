/**
 * The words for the account's enumerations (goals, equipment, body regions...) in the current language, and
 * the choices onboarding and Settings offer, in the order they offer them.
 */
import type { Onboarding } from "@cadence/shared-schema";
import { t, type PlainMessageKey } from "./i18n/index.js";

export type Goal = Onboarding["goal"];
export type Experience = Onboarding["experience"];
export type Equipment = Onboarding["equipment"][number];
export type BodyRegion = Onboarding["injuries"]["regions"][number];

export const GOAL_CHOICES: readonly Goal[] = ["strength", "hypertrophy", "fat_loss", "endurance", "general"];
export const EXPERIENCE_CHOICES: readonly Experience[] = ["beginner", "intermediate", "advanced"];
/** What onboarding offers (the schema also knows pull-up bar, bench and cables, kept if present). */
export const EQUIPMENT_CHOICES: readonly Equipment[] = [
  "bodyweight",
  "dumbbells",
  "barbell",
  "kettlebell",
  "bands",
  "machines",
  "cardio_machines",
  "full_gym",
];
export const REGION_CHOICES: readonly BodyRegion[] = [
  "neck",
  "shoulder",
  "elbow",
  "wrist",
  "upper_back",
  "lower_back",
  "hip",
  "knee",
  "ankle",
];
export const DAYS_CHOICES = [1, 2, 3, 4, 5, 6, 7] as const;
export const SESSION_MINUTES_CHOICES = [20, 30, 45, 60, 75, 90, 120] as const;

/** A key built from data: a value this build does not know (written by a newer one) shows as itself. */
function label(key: string): string {
  return t(key as PlainMessageKey);
}

export const goalLabel = (goal: string): string => label(`goal.${goal}`);
export const goalHint = (goal: string): string => label(`goal.${goal}.hint`);
export const experienceLabel = (level: string): string => label(`experience.${level}`);
export const experienceHint = (level: string): string => label(`experience.${level}.hint`);
export const equipmentLabel = (item: string): string => label(`equipment.${item}`);
export const regionLabel = (region: string): string => label(`region.${region}`);
