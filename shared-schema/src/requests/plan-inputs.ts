// The planner's input, assembled on the device from the user's documents: the profile from the account's
// onboarding answers, recent sessions from completed workout documents, today's context and recovery from the
// context journal. Pure; read loosely (plain JSON in, no document schema assumed beyond what is used), so a
// workout document of another schema version still contributes what it can.
import type { AccountDoc } from "../documents/account.js";
import type { ContextEntry, ContextJournalDoc, ContextSignals } from "../documents/context.js";
import { contextForModel, type Consent } from "../privacy.js";
import {
  emptyPlanContext,
  parseContext,
  recoveryLevelOf,
  simulateRecovery,
  type BodyRegion,
  type PlanContext,
  type PlanInput,
  type PerformedExercise,
  type PerformedSet,
  type Profile,
  type ProfileEquipment,
  type RecentSession,
  type RecoveryBias,
  type RecoveryInput,
  type RecoveryLevel,
} from "../plan/index.js";

type AccountEquipment = AccountDoc["onboarding"]["equipment"][number];
type AccountRegion = AccountDoc["onboarding"]["injuries"]["regions"][number];

/**
 * Onboarding equipment → the planner's. A pull-up bar and a bench alone unlock no library exercise of their own
 * (the library's pull-ups need the rack), so they add nothing; cables count as machines.
 */
const EQUIPMENT_MAP: Readonly<Record<AccountEquipment, ProfileEquipment | null>> = {
  bodyweight: "bodyweight",
  dumbbells: "dumbbells",
  barbell: "barbell_rack",
  kettlebell: "kettlebells",
  bands: "bands",
  pullup_bar: null,
  bench: null,
  cables: "machines",
  machines: "machines",
  cardio_machines: "cardio_machines",
  full_gym: "full_gym",
};

/** Onboarding injury regions → the planner's. An upper-back injury is treated as a back injury (no spinal loading). */
const REGION_MAP: Readonly<Record<AccountRegion, BodyRegion>> = {
  neck: "neck",
  shoulder: "shoulder",
  elbow: "elbow",
  wrist: "wrist",
  upper_back: "lower_back",
  lower_back: "lower_back",
  hip: "hip",
  knee: "knee",
  ankle: "ankle",
};

const uniq = <T>(xs: readonly T[]): T[] => [...new Set(xs)];

/** The planner's profile from the account document's onboarding answers. */
export function profileFromAccount(
  account: Pick<AccountDoc, "onboarding">,
  bodyweightKg: number | null = null,
): Profile {
  const o = account.onboarding;
  const equipment = uniq(
    o.equipment
      .map((e) => EQUIPMENT_MAP[e])
      .filter((e): e is ProfileEquipment => e !== null && e !== undefined),
  );
  return {
    goal: o.goal,
    experience: o.experience,
    sessionMinutes: Math.min(180, Math.max(10, Math.round(o.sessionMinutes))),
    equipment: equipment.length > 0 ? equipment.slice(0, 10) : ["bodyweight"],
    injuries: uniq(o.injuries.regions.map((r) => REGION_MAP[r]).filter(Boolean)).slice(0, 8),
    likedExerciseIds: uniq(o.likedExercises).slice(0, 200),
    dislikedExerciseIds: uniq(o.dislikedExercises).slice(0, 200),
    bodyweightKg,
  };
}

/** The parts of a workout document read here (any schema version). */
export interface WorkoutLike {
  readonly date?: unknown;
  readonly status?: unknown;
  readonly startedAt?: unknown;
  readonly finishedAt?: unknown;
  readonly sessionRpe?: unknown;
  readonly plan?: unknown;
  readonly log?: unknown;
}

interface LogLike {
  exerciseId?: unknown;
  plannedSetId?: unknown;
  reps?: unknown;
  weightKg?: unknown;
  rpe?: unknown;
  durationSec?: unknown;
  completed?: unknown;
  completedAt?: unknown;
  id?: unknown;
}
interface PlannedSetLike {
  id?: unknown;
  reps?: unknown;
  load?: { type?: unknown; kg?: unknown };
  targetRpe?: unknown;
}

const stamp = (v: unknown): string => (typeof v === "string" ? v : "");
const num = (v: unknown, lo: number, hi: number): number | null =>
  typeof v === "number" && Number.isFinite(v) && v >= lo && v <= hi ? v : null;
const int = (v: unknown, lo: number, hi: number): number | null => {
  const n = num(v, lo, hi);
  return n === null ? null : Math.round(n);
};

function plannedSets(plan: unknown): Map<string, PlannedSetLike> {
  const out = new Map<string, PlannedSetLike>();
  const phases = (plan as { phases?: unknown } | null)?.phases;
  if (!Array.isArray(phases)) return out;
  for (const phase of phases as { exercises?: unknown }[]) {
    if (!Array.isArray(phase?.exercises)) continue;
    for (const ex of phase.exercises as { sets?: unknown }[]) {
      if (!Array.isArray(ex?.sets)) continue;
      for (const s of ex.sets as PlannedSetLike[]) if (typeof s?.id === "string") out.set(s.id, s);
    }
  }
  return out;
}

/** One completed workout as the planner's `RecentSession`, or null when it is not a usable finished session. */
export function recentSessionOf(workout: WorkoutLike): RecentSession | null {
  if (workout.status !== "completed" || typeof workout.date !== "string") return null;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(workout.date)) return null;
  const planned = plannedSets(workout.plan);
  const logs = Object.values((workout.log ?? {}) as Record<string, LogLike>)
    .filter((l) => l && typeof l.exerciseId === "string" && l.completed !== false)
    .sort((a, b) => stamp(a.completedAt).localeCompare(stamp(b.completedAt)));
  const byExercise = new Map<string, PerformedSet[]>();
  for (const l of logs) {
    const target = typeof l.plannedSetId === "string" ? planned.get(l.plannedSetId) : undefined;
    const set: PerformedSet = {
      reps: int(l.reps, 0, 1000),
      durationSec: int(l.durationSec, 0, 36_000),
      weightKg: num(l.weightKg, 0, 1000),
      rpe: num(l.rpe, 0, 10),
      targetReps: int(target?.reps, 0, 1000),
      targetKg: target?.load?.type === "kg" ? num(target.load.kg, 0, 1000) : null,
      targetRpe: num(target?.targetRpe, 0, 10),
    };
    const id = (l.exerciseId as string).slice(0, 80);
    const list = byExercise.get(id) ?? [];
    if (list.length < 50) list.push(set);
    byExercise.set(id, list);
  }
  const exercises: PerformedExercise[] = [...byExercise.entries()]
    .slice(0, 40)
    .map(([exerciseId, sets]) => ({ exerciseId, sets }));
  const started = typeof workout.startedAt === "string" ? Date.parse(workout.startedAt) : Number.NaN;
  const finished = typeof workout.finishedAt === "string" ? Date.parse(workout.finishedAt) : Number.NaN;
  const minutes = (finished - started) / 60_000;
  return {
    date: workout.date,
    sessionRpe: num(workout.sessionRpe, 0, 10),
    durationMinutes: Number.isFinite(minutes) && minutes >= 0 && minutes <= 600 ? Math.round(minutes) : null,
    exercises,
  };
}

/** How many past sessions go into a request: enough for weekly volume and stalls, small enough to store. */
export const RECENT_SESSIONS_MAX = 6;
export const RECENT_SESSIONS_DAYS = 21;

/** The latest completed sessions before `today` (at most `max`, within `days`), oldest first. */
export function recentSessionsFrom(
  workouts: readonly WorkoutLike[],
  today: string,
  max = RECENT_SESSIONS_MAX,
  days = RECENT_SESSIONS_DAYS,
): RecentSession[] {
  const from = addDays(today, -days);
  return workouts
    .map(recentSessionOf)
    .filter((s): s is RecentSession => s !== null && s.date < today && s.date >= from)
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
    .slice(-max);
}

// --------------------------------------------------------------------------------------------- journal

const DAY_MS = 86_400_000;
const dayNum = (date: string): number => Date.parse(`${date.slice(0, 10)}T00:00:00Z`) / DAY_MS;
export function addDays(date: string, days: number): string {
  return new Date((dayNum(date) + days) * DAY_MS).toISOString().slice(0, 10);
}
/** Monday of the ISO week of `date`, as a day number. */
const weekStart = (date: string): number => {
  const d = dayNum(date);
  return d - ((d + 3) % 7);
};

/** The id of the day's recovery-slider entry: one per day, so the slider edits a value instead of appending. */
export function recoveryEntryId(date: string): string {
  return `recovery-${date}`;
}

/** Whether an entry applies to `date`: session entries on their day, week entries in their ISO week, always from their day. */
export function entryAppliesTo(entry: Pick<ContextEntry, "scope" | "date">, date: string): boolean {
  if (entry.date > date) return false;
  if (entry.scope === "always") return true;
  if (entry.scope === "week") return weekStart(entry.date) === weekStart(date);
  return entry.date === date;
}

/** Entries that apply to `date`, oldest first. */
export function activeContextEntries(
  journal: Pick<ContextJournalDoc, "entries"> | null | undefined,
  date: string,
): ContextEntry[] {
  return Object.values(journal?.entries ?? {})
    .filter((e) => e && entryAppliesTo(e, date))
    .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1));
}

/** The planner's reading of one entry: what the user confirmed or edited, else a fresh parse of text and chips. */
export function entrySignals(entry: Pick<ContextEntry, "text" | "chips" | "planSignals">): PlanContext {
  if (entry.planSignals) return clonePlain(entry.planSignals);
  return parseContext(entry.text, entry.chips).signals;
}

const clonePlain = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** Later entries win field by field; pain, focus and flags add up. */
export function mergePlanContexts(contexts: readonly PlanContext[]): PlanContext {
  const out = emptyPlanContext();
  for (const c of contexts) {
    for (const k of ["energy", "mood", "sleepHours", "sleepQuality", "stress", "motivation"] as const) {
      if (c[k] !== null) out[k] = c[k];
    }
    for (const area of Object.keys(out.soreness) as (keyof PlanContext["soreness"])[]) {
      if (c.soreness[area] !== null) out.soreness[area] = c.soreness[area];
    }
    out.pain = uniq([...out.pain, ...c.pain]).slice(0, 8);
    out.focus = uniq([...out.focus, ...c.focus]).slice(0, 5);
    out.flags = uniq([...out.flags, ...c.flags]).slice(0, 2);
  }
  return out;
}

/** The journal's coarse signals (as the dashboard reads them) for a planner reading. */
export function coarseSignals(context: PlanContext, parsedBy: ContextSignals["parsedBy"]): ContextSignals {
  const sore = Object.values(context.soreness).filter((v): v is number => v !== null);
  const said =
    sore.length > 0 ||
    [context.energy, context.mood, context.sleepQuality, context.stress, context.sleepHours].some(
      (v) => v !== null,
    );
  return {
    energy: context.energy,
    mood: context.mood,
    sleep: context.sleepQuality,
    soreness: sore.length > 0 ? Math.max(...sore) : null,
    stress: context.stress,
    sleepHours: context.sleepHours,
    parsedBy: said ? parsedBy : "none",
  };
}

export interface DayContext {
  context: PlanContext;
  recovery: RecoveryInput;
  level: RecoveryLevel;
  /** Texts of the entries that apply, oldest first (for the model only through `noteForRequest`). */
  notes: string[];
  entries: ContextEntry[];
}

/**
 * Today's context and recovery from the journal. Recovery is the day's slider entry when there is one, else the
 * newest entry that applies, else Normal; the simulated scores follow the slider and the hours slept.
 */
export function dayContext(
  journal: Pick<ContextJournalDoc, "entries"> | null | undefined,
  date: string,
): DayContext {
  const entries = activeContextEntries(journal, date);
  const context = mergePlanContexts(entries.map(entrySignals));
  const slider = entries.find((e) => e.id === recoveryEntryId(date));
  const bias: RecoveryBias = slider?.recovery ?? entries.at(-1)?.recovery ?? 0;
  const level = recoveryLevelOf(bias);
  return {
    context,
    recovery: simulateRecovery(level, { sleepHours: context.sleepHours }),
    level,
    notes: entries.map((e) => e.text.trim()).filter((t) => t.length > 0),
    entries,
  };
}

/**
 * The note a plan request carries: the texts of the day's entries as a model may see them (`contextForModel`:
 * nothing unless the user allowed AI use of context data), newest kept when longer than 4000 characters.
 */
export function noteForRequest(
  entries: readonly ContextEntry[],
  consent: Partial<Consent> | null | undefined,
): string | null {
  const notes = entries
    .map((e) => contextForModel(e, consent).text?.trim() ?? "")
    .filter((t) => t.length > 0);
  if (notes.length === 0) return null;
  const text = notes.join("\n");
  return text.length <= 4000 ? text : text.slice(text.length - 4000);
}

/** The planner input for a day, from the documents a device has. */
export function planInputFromDocs(options: {
  account: Pick<AccountDoc, "onboarding">;
  workouts: readonly WorkoutLike[];
  journal: Pick<ContextJournalDoc, "entries"> | null | undefined;
  date: string;
  bodyweightKg?: number | null;
  weeksSinceDeload?: number | null;
}): { planInput: PlanInput; day: DayContext } {
  const day = dayContext(options.journal, options.date);
  return {
    planInput: {
      profile: profileFromAccount(options.account, options.bodyweightKg ?? null),
      recentSessions: recentSessionsFrom(options.workouts, options.date),
      context: day.context,
      recovery: day.recovery,
      weeksSinceDeload: options.weeksSinceDeload ?? null,
    },
    day,
  };
}
