/**
 * Which gentle nudges Today shows (spec must-have 6; push notifications are phase 2), as a pure function of
 * what the device knows, and which ones the person has dismissed. A dismissed nudge stays away for the rest of
 * that day on this device: dismissals are kept per user in Web Storage as `{ kind: "YYYY-MM-DD" }` (wiped on
 * logout with the rest of Web Storage), so the same thing never nags twice in a day, and a new day may
 * remind again. Nudges never leave the app: they show only while it is open.
 */
import type { WorkoutLink } from "@cadence/shared-schema";

export type NudgeKind = "plan-ready" | "workout-ready" | "streak-at-risk" | "unsynced" | "reminder";

export type Nudge =
  | { readonly kind: "plan-ready" }
  | { readonly kind: "workout-ready" }
  | { readonly kind: "streak-at-risk"; readonly weeks: number; readonly needed: number }
  | { readonly kind: "unsynced"; readonly count: number }
  | { readonly kind: "reminder"; readonly time: string };

export interface NudgeInputs {
  /** The local day, `YYYY-MM-DD`, and the local time, `HH:MM`. */
  readonly today: string;
  readonly time: string;
  readonly links: Readonly<Record<string, Pick<WorkoutLink, "date" | "status">>>;
  readonly daysPerWeek: number;
  readonly reminderTime: string | null;
  /** A plan for today is ready and not yet accepted as a workout. */
  readonly planReady: boolean;
  /** Local changes not yet acknowledged, and whether they will sync by themselves (connected). */
  readonly unsynced: number;
  readonly connected: boolean;
}

/** The nudges to show now, most useful first, before dismissals. */
export function activeNudges(inputs: NudgeInputs): Nudge[] {
  const out: Nudge[] = [];
  const todays = Object.values(inputs.links).filter((l) => l.date === inputs.today);
  const trainedToday = todays.some((l) => l.status === "completed");
  if (todays.some((l) => l.status === "planned")) out.push({ kind: "workout-ready" });
  else if (inputs.planReady && !trainedToday && !todays.some((l) => l.status === "in_progress")) {
    out.push({ kind: "plan-ready" });
  }
  if (inputs.reminderTime !== null && inputs.time >= inputs.reminderTime && !trainedToday) {
    out.push({ kind: "reminder", time: inputs.reminderTime });
  }
  const risk = streakAtRisk(inputs.links, inputs.daysPerWeek, inputs.today);
  if (risk) out.push({ kind: "streak-at-risk", ...risk });
  // While connected the count drains by itself within moments; it is worth a nudge only when it will not.
  if (inputs.unsynced > 0 && !inputs.connected) out.push({ kind: "unsynced", count: inputs.unsynced });
  return out;
}

/**
 * The week streak (weeks in a row with the planned number of training days, docs/metrics.md) is at risk when
 * the person must train on every day left this week to keep it. A streak already out of reach is not
 * mentioned (nothing to act on), nor one with days to spare. Training days come from the account's workout
 * links (completed ones), so Today needs no workout document opened.
 */
export function streakAtRisk(
  links: NudgeInputs["links"],
  daysPerWeek: number,
  today: string,
): { weeks: number; needed: number } | null {
  const target = Math.max(1, Math.round(daysPerWeek));
  const daysByWeek = new Map<string, Set<string>>();
  for (const link of Object.values(links)) {
    if (link.status !== "completed" || link.date > today) continue;
    const week = mondayOf(link.date);
    const days = daysByWeek.get(week) ?? new Set<string>();
    days.add(link.date);
    daysByWeek.set(week, days);
  }
  const thisWeek = mondayOf(today);
  let weeks = 0;
  for (
    let start = addDays(thisWeek, -7);
    (daysByWeek.get(start)?.size ?? 0) >= target;
    start = addDays(start, -7)
  ) {
    weeks++;
  }
  if (weeks === 0) return null;
  const done = daysByWeek.get(thisWeek)?.size ?? 0;
  const needed = target - done;
  if (needed <= 0) return null;
  const trainedToday = daysByWeek.get(thisWeek)?.has(today) ?? false;
  const dayIndex = (dayOf(today) - dayOf(thisWeek)) / DAY_MS;
  const daysLeft = 6 - dayIndex + (trainedToday ? 0 : 1);
  return needed === daysLeft ? { weeks, needed } : null;
}

const DAY_MS = 86_400_000;
const dayOf = (date: string) => Date.parse(`${date}T00:00:00Z`);

function addDays(date: string, days: number): string {
  return new Date(dayOf(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The Monday of a date's ISO week. */
function mondayOf(date: string): string {
  return addDays(date, -((new Date(dayOf(date)).getUTCDay() + 6) % 7));
}

/** Dismissals of one user on this device: kind → the day it was dismissed. */
export class NudgeDismissals {
  readonly #key: string;
  constructor(
    userId: string,
    private readonly storage: Pick<Storage, "getItem" | "setItem"> = localStorage,
  ) {
    this.#key = `cadence.nudges.${userId}`;
  }

  #read(): Record<string, string> {
    try {
      const value: unknown = JSON.parse(this.storage.getItem(this.#key) ?? "{}");
      return value && typeof value === "object" ? (value as Record<string, string>) : {};
    } catch {
      return {};
    }
  }

  isDismissed(kind: NudgeKind, today: string): boolean {
    return this.#read()[kind] === today;
  }

  dismiss(kind: NudgeKind, today: string): void {
    try {
      this.storage.setItem(this.#key, JSON.stringify({ ...this.#read(), [kind]: today }));
    } catch {
      // Storage full or disabled: the nudge hides for this visit only.
    }
  }
}
