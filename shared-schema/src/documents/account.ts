// The account document: one per user, the root of everything else. It holds the profile, settings,
// onboarding answers, links to the user's other documents and the account-level requests.
import * as z from "zod";
import { UserIdSchema } from "../ids.js";
import { DocUrlSchema, DocumentIdSchema, IsoDateSchema } from "./primitives.js";
import { RequestMapSchema } from "./request.js";
import { WorkoutStatusSchema } from "./workout.js";

export const ACCOUNT_SCHEMA_VERSION = 1;

export const LANGUAGES = ["en", "nb", "es", "de"] as const;
export const WEIGHT_UNITS = ["kg", "lb"] as const;
export const DISTANCE_UNITS = ["metric", "imperial"] as const;
export const CLOCKS = [12, 24] as const;
export const THEMES = ["light", "dark", "system"] as const;
export const ACCENTS = ["teal", "blue", "violet", "rose", "orange", "green"] as const;
export const FONT_SIZES = ["S", "M", "L"] as const;
export const SYNC_MODES = ["realtime", "daily", "manual"] as const;

export const SettingsSchema = z.object({
  language: z.enum(LANGUAGES),
  weightUnit: z.enum(WEIGHT_UNITS),
  distanceUnit: z.enum(DISTANCE_UNITS),
  clock: z.literal(CLOCKS),
  theme: z.enum(THEMES),
  accent: z.enum(ACCENTS),
  fontSize: z.enum(FONT_SIZES),
  animations: z.boolean(),
  sync: z.enum(SYNC_MODES),
  offlineMode: z.boolean(),
  music: z.object({ sessionMix: z.boolean(), bpmMatching: z.boolean() }),
  /** Opt-in: analytics, and sending context-journal text to the AI planner. */
  consent: z.object({ analytics: z.boolean(), aiContext: z.boolean() }),
  /** Daily reminder as local `HH:MM` (24 h), or null for none. */
  reminderTime: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Invalid time: expected HH:MM")
    .nullable(),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const GOALS = ["strength", "hypertrophy", "fat_loss", "endurance", "general"] as const;
export const EXPERIENCE_LEVELS = ["beginner", "intermediate", "advanced"] as const;
export const EQUIPMENT = [
  "bodyweight",
  "dumbbells",
  "barbell",
  "kettlebell",
  "bands",
  "pullup_bar",
  "bench",
  "cables",
  "machines",
  "cardio_machines",
  "full_gym",
] as const;
export const BODY_REGIONS = [
  "neck",
  "shoulder",
  "elbow",
  "wrist",
  "upper_back",
  "lower_back",
  "hip",
  "knee",
  "ankle",
] as const;

// Lists here are sets in meaning; two devices adding the same item concurrently can leave a duplicate,
// which the schema accepts and readers ignore.
export const OnboardingSchema = z.object({
  completed: z.boolean(),
  /** Index of the onboarding step to resume at. */
  step: z.number().int().min(0).max(20),
  goal: z.enum(GOALS),
  experience: z.enum(EXPERIENCE_LEVELS),
  daysPerWeek: z.number().int().min(1).max(7),
  sessionMinutes: z.number().int().min(10).max(240),
  equipment: z.array(z.enum(EQUIPMENT)).max(50),
  injuries: z.object({
    regions: z.array(z.enum(BODY_REGIONS)).max(50),
    notes: z.string().max(2000),
  }),
  likedExercises: z.array(z.string().min(1).max(80)).max(500),
  dislikedExercises: z.array(z.string().min(1).max(80)).max(500),
});
export type Onboarding = z.infer<typeof OnboardingSchema>;

/** The account's index entry for one workout: enough for lists and the calendar without opening it. */
export const WorkoutLinkSchema = z.object({
  url: DocUrlSchema,
  date: IsoDateSchema,
  title: z.string().max(120),
  status: WorkoutStatusSchema,
});
export type WorkoutLink = z.infer<typeof WorkoutLinkSchema>;

export const LinksSchema = z.object({
  contextJournal: DocUrlSchema.nullable(),
  music: DocUrlSchema.nullable(),
  /** Keyed by the workout document's id, so `url === "automerge:" + key` and a workout is listed once. */
  workouts: z.record(DocumentIdSchema, WorkoutLinkSchema).superRefine((workouts, ctx) => {
    for (const [key, link] of Object.entries(workouts)) {
      if (link.url !== `automerge:${key}`) {
        ctx.addIssue({
          code: "custom",
          path: [key, "url"],
          message: `Invalid url: must be "automerge:${key}"`,
        });
      }
    }
  }),
});
export type Links = z.infer<typeof LinksSchema>;

export const AccountDocSchema = z.object({
  schemaVersion: z.literal(ACCOUNT_SCHEMA_VERSION),
  kind: z.literal("account"),
  userId: UserIdSchema,
  profile: z.object({ displayName: z.string().max(80) }),
  settings: SettingsSchema,
  onboarding: OnboardingSchema,
  links: LinksSchema,
  requests: RequestMapSchema,
});
export type AccountDoc = z.infer<typeof AccountDocSchema>;

export function defaultSettings(): Settings {
  return {
    language: "en",
    weightUnit: "kg",
    distanceUnit: "metric",
    clock: 24,
    theme: "system",
    accent: "teal",
    fontSize: "M",
    animations: true,
    sync: "realtime",
    offlineMode: true,
    music: { sessionMix: true, bpmMatching: true },
    consent: { analytics: false, aiContext: false },
    reminderTime: null,
  };
}

/** What a user who skips onboarding gets (Flow 2: "defaults applied"). */
export function defaultOnboarding(): Onboarding {
  return {
    completed: false,
    step: 0,
    goal: "general",
    experience: "beginner",
    daysPerWeek: 3,
    sessionMinutes: 45,
    equipment: ["bodyweight"],
    injuries: { regions: [], notes: "" },
    likedExercises: [],
    dislikedExercises: [],
  };
}

/** A new account document; the server creates it at registration. */
export function newAccountDoc(userId: string, displayName: string): AccountDoc {
  return {
    schemaVersion: ACCOUNT_SCHEMA_VERSION,
    kind: "account",
    userId,
    profile: { displayName },
    settings: defaultSettings(),
    onboarding: defaultOnboarding(),
    links: { contextJournal: null, music: null, workouts: {} },
    requests: {},
  };
}
