import { describe, expect, it } from "vitest";
import { LOCALES } from "../../src/plan/index.js";
import { feedbackFacts, ruleFeedback, suggestionCode, type FeedbackFacts } from "../../src/requests/index.js";

const plan = {
  phases: [
    {
      kind: "warmup",
      exercises: [
        { exerciseId: "arm_circles", name: "Arm circles", sets: [{ id: "w1", reps: 10, targetRpe: 3 }] },
      ],
    },
    {
      kind: "main",
      exercises: [
        {
          exerciseId: "goblet_squat",
          name: "Goblet squat",
          sets: [
            { id: "s1", reps: 8, targetRpe: 8 },
            { id: "s2", reps: 8, targetRpe: 8 },
          ],
        },
        {
          exerciseId: "push_up",
          name: "Push-up",
          sets: [
            { id: "p1", reps: 10, targetRpe: 7 },
            { id: "p2", reps: 10, targetRpe: 7 },
          ],
        },
      ],
    },
  ],
};
const log = (id: string, exerciseId: string, reps: number, rpe: number, weightKg: number | null = 20) => ({
  id,
  exerciseId,
  plannedSetId: id,
  reps,
  weightKg,
  rpe,
  completed: true,
});

describe("coach feedback facts and rules", () => {
  it("compares what was done with the plan (warm-up and cool-down do not count)", () => {
    const f = feedbackFacts({
      plan,
      startedAt: "2026-05-04T17:00:00.000Z",
      finishedAt: "2026-05-04T17:45:00.000Z",
      sessionRpe: 7,
      log: {
        s1: log("s1", "goblet_squat", 8, 7.5),
        s2: log("s2", "goblet_squat", 9, 8),
        p1: log("p1", "push_up", 10, 9, null),
      },
    });
    expect(f).toMatchObject({
      plannedSets: 4,
      completedSets: 3,
      minutes: 45,
      sessionRpe: 7,
      volumeKg: 340,
      targetRpe: 7.5,
    });
    expect(f.progress).toEqual({ exerciseId: "goblet_squat", name: "Goblet squat" });
    expect(f.hard).toEqual({ exerciseId: "push_up", name: "Push-up" });
    expect(f.avgRpe).toBe(8.2);
  });

  it("suggests the most important thing first", () => {
    const base: FeedbackFacts = {
      plannedSets: 10,
      completedSets: 10,
      minutes: 40,
      avgRpe: 8,
      targetRpe: 8,
      sessionRpe: 7,
      volumeKg: 1000,
      progress: null,
      hard: null,
    };
    expect(suggestionCode(base)).toBe("keep");
    expect(suggestionCode({ ...base, progress: { exerciseId: "x", name: "X" } })).toBe("progress");
    expect(
      suggestionCode({
        ...base,
        hard: { exerciseId: "x", name: "X" },
        progress: { exerciseId: "y", name: "Y" },
      }),
    ).toBe("hold");
    expect(suggestionCode({ ...base, completedSets: 7 })).toBe("complete");
    expect(suggestionCode({ ...base, sessionRpe: 9, completedSets: 7 })).toBe("recover");
  });

  it("speaks all four languages", () => {
    const f = feedbackFacts({
      plan,
      log: {
        s1: log("s1", "goblet_squat", 8, 8),
        s2: log("s2", "goblet_squat", 8, 8),
        p1: log("p1", "push_up", 10, 7, null),
        p2: log("p2", "push_up", 10, 7, null),
      },
    });
    expect(suggestionCode(f)).toBe("progress");
    const texts = LOCALES.map((l) => ruleFeedback(f, l));
    expect(new Set(texts.map((t) => t.summary)).size).toBe(4);
    for (const t of texts) {
      expect(t.summary).toMatch(/4/);
      expect(t.suggestion).toContain("Goblet squat");
    }
    expect(texts[0]!.summary).toBe(
      "You completed 4 of 4 planned sets, 320 kg in total. Average effort RPE 7.5 against a target of 7.5.",
    );
  });
});
