import { describe, expect, it } from "vitest";
import {
  ContextEntrySchema,
  defaultOnboarding,
  emptyContextSignals,
  type ContextEntry,
} from "../../src/index.js";
import { emptyPlanContext, PlanInputSchema } from "../../src/plan/index.js";
import {
  activeContextEntries,
  coarseSignals,
  dayContext,
  entryAppliesTo,
  noteForRequest,
  planInputFromDocs,
  profileFromAccount,
  recentSessionOf,
  recentSessionsFrom,
  recoveryEntryId,
} from "../../src/requests/index.js";

let n = 0;
function entry(over: Partial<ContextEntry> = {}): ContextEntry {
  n += 1;
  return ContextEntrySchema.parse({
    id: `e${n}`,
    text: "",
    chips: [],
    signals: emptyContextSignals(),
    recovery: 0,
    simulated: null,
    scope: "session",
    date: "2026-05-06",
    createdAt: `2026-05-06T0${n % 10}:00:00.000Z`,
    ...over,
  });
}

describe("profile from the account's onboarding", () => {
  it("maps equipment and injuries to the planner's words", () => {
    const o = {
      ...defaultOnboarding(),
      goal: "strength" as const,
      sessionMinutes: 240,
      equipment: ["barbell", "kettlebell", "pullup_bar", "bench", "cables"] as const,
      injuries: { regions: ["upper_back", "knee"] as const, notes: "" },
    };
    const p = profileFromAccount({
      onboarding: {
        ...o,
        equipment: [...o.equipment],
        injuries: { ...o.injuries, regions: [...o.injuries.regions] },
      },
    });
    expect(p.goal).toBe("strength");
    expect(p.sessionMinutes).toBe(180);
    expect(p.equipment.sort()).toEqual(["barbell_rack", "kettlebells", "machines"]);
    expect(p.injuries.sort()).toEqual(["knee", "lower_back"]);
  });

  it("gives bodyweight when nothing usable is chosen", () => {
    const o = { ...defaultOnboarding(), equipment: ["bench" as const] };
    expect(profileFromAccount({ onboarding: o }).equipment).toEqual(["bodyweight"]);
  });
});

describe("recent sessions from workout documents", () => {
  const plan = {
    phases: [
      {
        kind: "main",
        exercises: [
          {
            exerciseId: "goblet_squat",
            sets: [{ id: "main-1-1", reps: 8, load: { type: "kg", kg: 24 }, targetRpe: 8 }],
          },
        ],
      },
    ],
  };
  const workout = {
    date: "2026-05-01",
    status: "completed",
    startedAt: "2026-05-01T17:00:00.000Z",
    finishedAt: "2026-05-01T17:40:00.000Z",
    sessionRpe: 7,
    plan,
    log: {
      a: {
        exerciseId: "goblet_squat",
        plannedSetId: "main-1-1",
        reps: 9,
        weightKg: 24,
        rpe: 8,
        completed: true,
        completedAt: "2026-05-01T17:10:00.000Z",
      },
      b: {
        exerciseId: "plank",
        plannedSetId: null,
        reps: null,
        weightKg: null,
        rpe: null,
        durationSec: 45,
        completed: true,
        completedAt: "2026-05-01T17:20:00.000Z",
      },
      c: {
        exerciseId: "goblet_squat",
        plannedSetId: null,
        reps: 0,
        weightKg: 24,
        rpe: null,
        completed: false,
        completedAt: "2026-05-01T17:30:00.000Z",
      },
    },
  };

  it("reads sets with their planned targets, skips skipped sets, and times the session", () => {
    const s = recentSessionOf(workout)!;
    expect(s.durationMinutes).toBe(40);
    expect(s.sessionRpe).toBe(7);
    expect(s.exercises).toEqual([
      {
        exerciseId: "goblet_squat",
        sets: [
          { reps: 9, durationSec: null, weightKg: 24, rpe: 8, targetReps: 8, targetKg: 24, targetRpe: 8 },
        ],
      },
      {
        exerciseId: "plank",
        sets: [
          {
            reps: null,
            durationSec: 45,
            weightKg: null,
            rpe: null,
            targetReps: null,
            targetKg: null,
            targetRpe: null,
          },
        ],
      },
    ]);
  });

  it("keeps finished sessions before today within three weeks, oldest first", () => {
    const list = ["2026-04-01", "2026-04-20", "2026-05-01", "2026-05-06", "2026-04-25"].map((date) => ({
      ...workout,
      date,
    }));
    list.push({ ...workout, date: "2026-05-02", status: "planned" });
    expect(recentSessionsFrom(list, "2026-05-06").map((s) => s.date)).toEqual([
      "2026-04-20",
      "2026-04-25",
      "2026-05-01",
    ]);
  });

  it("builds a valid planner input from documents", () => {
    const { planInput } = planInputFromDocs({
      account: { onboarding: defaultOnboarding() },
      workouts: [workout],
      journal: null,
      date: "2026-05-06",
    });
    expect(PlanInputSchema.safeParse(planInput).success).toBe(true);
    expect(planInput.recovery.bias).toBe(0);
  });
});

describe("today's context from the journal", () => {
  it("applies session entries on their day, week entries in their ISO week, always entries from their day", () => {
    // 2026-05-04 is a Monday.
    expect(entryAppliesTo({ scope: "session", date: "2026-05-06" }, "2026-05-06")).toBe(true);
    expect(entryAppliesTo({ scope: "session", date: "2026-05-05" }, "2026-05-06")).toBe(false);
    expect(entryAppliesTo({ scope: "week", date: "2026-05-04" }, "2026-05-10")).toBe(true);
    expect(entryAppliesTo({ scope: "week", date: "2026-05-10" }, "2026-05-11")).toBe(false);
    expect(entryAppliesTo({ scope: "week", date: "2026-05-07" }, "2026-05-06")).toBe(false);
    expect(entryAppliesTo({ scope: "always", date: "2026-01-01" }, "2026-05-06")).toBe(true);
  });

  it("merges entries (later wins, pain adds up), prefers confirmed signals, and takes the day's slider", () => {
    const journal = {
      entries: Object.fromEntries(
        [
          entry({
            text: "slept 5h, legs tired",
            scope: "week",
            date: "2026-05-04",
            createdAt: "2026-05-04T07:00:00.000Z",
          }),
          entry({ text: "knee hurts", createdAt: "2026-05-06T07:00:00.000Z", recovery: 1 }),
          entry({
            text: "ignored: the person edited what was read",
            planSignals: { ...emptyPlanContext(), energy: 2, pain: ["wrist"] },
            createdAt: "2026-05-06T08:00:00.000Z",
          }),
          entry({ id: recoveryEntryId("2026-05-06"), recovery: -1, createdAt: "2026-05-06T06:00:00.000Z" }),
          entry({ text: "tomorrow", date: "2026-05-07" }),
        ].map((e) => [e.id, e]),
      ),
    };
    const day = dayContext(journal, "2026-05-06");
    expect(day.context.sleepHours).toBe(5);
    expect(day.context.soreness.legs).not.toBeNull();
    expect(day.context.energy).toBe(2);
    expect(day.context.pain.sort()).toEqual(["knee", "wrist"]);
    expect(day.level).toBe("poor");
    expect(day.recovery).toMatchObject({ bias: -1, hrvScore: 35 });
    expect(activeContextEntries(journal, "2026-05-06")).toHaveLength(4);
  });

  it("puts the day's words into a request only with consent", () => {
    const entries = [entry({ text: "slept 5h" }), entry({ text: "  " }), entry({ text: "legs tired" })];
    expect(noteForRequest(entries, { aiContext: false, analytics: false })).toBeNull();
    expect(noteForRequest(entries, undefined)).toBeNull();
    expect(noteForRequest(entries, { aiContext: true, analytics: false })).toBe("slept 5h\nlegs tired");
  });

  it("keeps the journal's coarse signals in step with the planner's reading", () => {
    const c = {
      ...emptyPlanContext(),
      energy: 2,
      sleepHours: 5,
      soreness: { ...emptyPlanContext().soreness, legs: 4, back: 2 },
    };
    expect(coarseSignals(c, "client")).toEqual({
      energy: 2,
      mood: null,
      sleep: null,
      soreness: 4,
      stress: null,
      sleepHours: 5,
      parsedBy: "client",
    });
    expect(coarseSignals(emptyPlanContext(), "client").parsedBy).toBe("none");
  });
});
