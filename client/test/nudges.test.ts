// Nudges on Today: which show when, and that a dismissal holds for the day and only that day.
import { describe, expect, it } from "vitest";
import { activeNudges, NudgeDismissals, streakAtRisk, type NudgeInputs } from "../src/nudges/nudges.js";

const done = (date: string) => ({ date, status: "completed" as const });
/** Three training days in each of the two weeks before 2025-03-10 (a Monday). */
const twoGoodWeeks = Object.fromEntries(
  ["2025-02-24", "2025-02-26", "2025-02-28", "2025-03-03", "2025-03-05", "2025-03-07"].map((d) => [
    d,
    done(d),
  ]),
);

const base: NudgeInputs = {
  today: "2025-03-14",
  time: "12:00",
  links: {},
  daysPerWeek: 3,
  reminderTime: null,
  planReady: false,
  unsynced: 0,
  connected: true,
};

describe("streakAtRisk", () => {
  it("speaks up only when every day left this week is needed", () => {
    // Friday, nothing yet this week: 3 needed, 3 days left (Fri, Sat, Sun).
    expect(streakAtRisk(twoGoodWeeks, 3, "2025-03-14")).toEqual({ weeks: 2, needed: 3 });
    // Thursday: a day to spare.
    expect(streakAtRisk(twoGoodWeeks, 3, "2025-03-13")).toBeNull();
    // Saturday: out of reach, nothing to act on.
    expect(streakAtRisk(twoGoodWeeks, 3, "2025-03-15")).toBeNull();
    // Trained Friday: 2 needed, Sat and Sun left.
    expect(streakAtRisk({ ...twoGoodWeeks, x: done("2025-03-14") }, 3, "2025-03-14")).toEqual({
      weeks: 2,
      needed: 2,
    });
    // No streak to lose.
    expect(streakAtRisk({}, 3, "2025-03-14")).toBeNull();
  });
});

describe("activeNudges", () => {
  it("shows today's workout or plan, the reminder after its time, a streak at risk and unsynced changes", () => {
    expect(activeNudges(base)).toEqual([]);
    expect(activeNudges({ ...base, planReady: true }).map((n) => n.kind)).toEqual(["plan-ready"]);
    const planned = { w: { date: "2025-03-14", status: "planned" as const } };
    expect(activeNudges({ ...base, planReady: true, links: planned }).map((n) => n.kind)).toEqual([
      "workout-ready",
    ]);
    expect(activeNudges({ ...base, reminderTime: "18:00" })).toEqual([]);
    expect(activeNudges({ ...base, reminderTime: "07:30" })).toEqual([{ kind: "reminder", time: "07:30" }]);
    // Trained today: no reminder, no plan nudge.
    const trained = { w: done("2025-03-14") };
    expect(activeNudges({ ...base, reminderTime: "07:30", planReady: true, links: trained })).toEqual([]);
    expect(activeNudges({ ...base, links: twoGoodWeeks })).toEqual([
      { kind: "streak-at-risk", weeks: 2, needed: 3 },
    ]);
    // Unsynced changes matter only when they will not sync by themselves.
    expect(activeNudges({ ...base, unsynced: 4 })).toEqual([]);
    expect(activeNudges({ ...base, unsynced: 4, connected: false })).toEqual([
      { kind: "unsynced", count: 4 },
    ]);
  });
});

describe("NudgeDismissals", () => {
  it("keeps a dismissal for that day and kind, per user", () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
    };
    const mine = new NudgeDismissals("u1", storage);
    mine.dismiss("reminder", "2025-03-14");
    expect(mine.isDismissed("reminder", "2025-03-14")).toBe(true);
    expect(mine.isDismissed("plan-ready", "2025-03-14")).toBe(false);
    expect(mine.isDismissed("reminder", "2025-03-15")).toBe(false);
    expect(new NudgeDismissals("u2", storage).isDismissed("reminder", "2025-03-14")).toBe(false);
    expect(new NudgeDismissals("u1", storage).isDismissed("reminder", "2025-03-14")).toBe(true);
  });
});
