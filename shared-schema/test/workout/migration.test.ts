// Workout schema 1 -> 2: the pure migration, and what a version 1 document looks like once upgraded.
import { describe, expect, it } from "vitest";
import { migrate, parseDocument, validateDocument } from "../../src/index.js";
import { sessionView } from "../../src/workout/index.js";
import { USER } from "./helpers.js";

const v1 = () => ({
  schemaVersion: 1,
  kind: "workout",
  userId: USER,
  date: "2025-03-01",
  title: "Legs",
  status: "completed",
  createdAt: "2025-03-01T09:00:00.000Z",
  startedAt: "2025-03-01T09:00:00.000Z",
  finishedAt: "2025-03-01T10:00:00.000Z",
  plan: null,
  log: {
    a1: {
      id: "a1",
      exerciseId: "squat",
      exerciseName: "Squat",
      plannedSetId: null,
      reps: 5,
      weightKg: 100,
      rpe: 8,
      completedAt: "2025-03-01T09:10:00.000Z",
      deviceId: "phone",
    },
    a2: {
      id: "a2",
      exerciseId: "squat",
      exerciseName: "Squat",
      plannedSetId: null,
      reps: 5,
      weightKg: 100,
      rpe: 9,
      completedAt: "2025-03-01T09:05:00.000Z",
      deviceId: "watch",
    },
  },
  swaps: {
    s1: {
      id: "s1",
      fromExerciseId: "squat",
      toExerciseId: null,
      toExerciseName: "Leg press",
      reason: "",
      at: "2025-03-01T09:20:00.000Z",
      deviceId: "phone",
    },
  },
  notes: "ok",
  sessionRpe: 7,
  feedback: null,
  requests: {},
  futureField: { kept: true },
});

describe("workout migration 1 -> 2", () => {
  it("adds the session maps and the new log and swap fields, keeping every value", () => {
    const upgraded = migrate("workout", v1());
    const result = validateDocument("workout", upgraded);
    if (!result.ok) throw new Error(result.issues);
    expect(upgraded).toMatchObject({ schemaVersion: 2, exercises: {}, sets: {}, pauses: {}, notes: "ok" });
    expect(upgraded.futureField).toEqual({ kept: true });
    expect(result.doc.log.a1).toMatchObject({
      reps: 5,
      exerciseKey: null,
      durationSec: null,
      completed: true,
    });
    expect(result.doc.swaps.s1).toMatchObject({ exerciseKey: null, fromExerciseName: null });
    expect(migrate("workout", upgraded)).toEqual(upgraded);
  });

  it("shows version 1 logs as the sets of their exercise, in the order they were done", () => {
    const parsed = parseDocument("workout", v1());
    if (!parsed.ok) throw new Error(parsed.issues);
    expect(parsed.migrated).toBe(true);
    const view = sessionView(parsed.doc);
    expect(view.exercises).toHaveLength(1);
    expect(view.exercises[0]).toMatchObject({ key: null, name: "Squat" });
    expect(view.exercises[0]!.sets.map((s) => [s.id, s.number])).toEqual([
      ["a2", 1],
      ["a1", 2],
    ]);
  });

  it("upgrades a version 0 workout all the way", () => {
    const result = parseDocument("workout", {
      kind: "workout",
      userId: USER,
      date: "2025-03-01",
      createdAt: "2025-03-01T09:00:00.000Z",
    });
    expect(result.ok).toBe(true);
  });
});
