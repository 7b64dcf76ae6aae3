// Unit tests of the workout operations, one block per operation, each checking the document stays valid.
import * as A from "@automerge/automerge";
import { describe, expect, it } from "vitest";
import {
  addExercise,
  addSet,
  attachPlan,
  editNotes,
  editSet,
  editTarget,
  findSet,
  finishWorkout,
  logSet,
  moveExercise,
  moveSet,
  orderKeyBetween,
  pauseWorkout,
  removeExercise,
  removeSet,
  resumeWorkout,
  sessionTiming,
  sessionView,
  spreadOrderKeys,
  startWorkout,
  swapExercise,
  unlogSet,
  WorkoutOpError,
  editDetails,
} from "../../src/workout/index.js";
import { apply, Clock, context, expectValid, legsPlan, newDoc, PHONE } from "./helpers.js";

function started(plan = true) {
  const clock = new Clock();
  const ctx = context(PHONE, clock);
  let doc = newDoc(ctx);
  doc = apply(doc, startWorkout(ctx, plan ? { plan: legsPlan(), resolveLoadKg: (_id, p) => p } : {}));
  return { clock, ctx, doc };
}

const names = (doc: A.Doc<Parameters<typeof sessionView>[0]>) =>
  sessionView(doc).exercises.map((e) => `${e.name}:${e.sets.map((s) => s.number).join(",")}`);

describe("order keys", () => {
  it("always finds a key between two keys, and spreads keys in order", () => {
    let low: string | null = null;
    let high: string | null = null;
    for (let i = 0; i < 200; i++) {
      const key = orderKeyBetween(low, high);
      if (low !== null) expect(key > low).toBe(true);
      if (high !== null) expect(key < high).toBe(true);
      if (i % 2 === 0) low = key;
      else high = key;
    }
    const keys = spreadOrderKeys(100);
    expect([...keys].sort()).toEqual(keys);
    expect(new Set(keys).size).toBe(100);
    expect(orderKeyBetween("V", "V")).toBe(orderKeyBetween("V", null)); // a tie sorts after `before`
    expect(orderKeyBetween("V", "V0") > "V").toBe(true);
  });
});

describe("startWorkout", () => {
  it("starts from a plan: exercises and sets keyed by the plan, targets from its loads and efforts", () => {
    const { doc } = started();
    expectValid(doc);
    expect(doc.status).toBe("in_progress");
    expect(doc.startedAt).toBe("2025-03-01T10:00:00.000Z");
    expect(names(doc)).toEqual(["Squat:1,2,3", "Bench press:1,2", "Plank:1,2"]);
    expect(doc.sets["main-1-1"]!.target).toEqual({
      reps: 5,
      durationSec: null,
      weightKg: 100,
      rpe: 8,
      restSec: 120,
    });
    expect(doc.sets["main-2-2"]!.target.weightKg).toBe(70); // percent of e1RM through the resolver
    expect(doc.sets["cool-1-1"]!.target).toMatchObject({ reps: null, durationSec: 45, rpe: 7 }); // RIR 3
    expect(doc.exercises["cooldown-1"]!.dose).toBe("time");
    expect(sessionView(doc).next).toEqual({ exerciseKey: "main-1", setId: "main-1-1" });
  });

  it("starts an empty workout, and one whose stored plan has no exercises yet", () => {
    const empty = started(false).doc;
    expect(empty.status).toBe("in_progress");
    expect(sessionView(empty).total).toBe(0);

    const clock = new Clock();
    const ctx = context(PHONE, clock);
    let doc = newDoc(ctx);
    doc = A.change(doc, (d) => {
      d.plan = legsPlan(); // the worker stored only the plan
    });
    doc = apply(doc, startWorkout(ctx));
    expect(sessionView(doc).total).toBe(7);
    const heads = A.getHeads(doc);
    doc = apply(doc, startWorkout(ctx.now ? ctx : ctx));
    expect(A.getHeads(doc)).toEqual(heads); // starting again writes nothing
  });

  it("rejects an unreadable plan before touching the document", () => {
    expect(() => startWorkout(context(PHONE, new Clock()), { plan: { phases: "no" } })).toThrow(
      WorkoutOpError,
    );
  });

  it("attachPlan replaces the structure of a workout with nothing logged, and refuses once sets are logged", () => {
    const s = started(false);
    const { ctx } = s;
    let doc = s.doc;
    doc = apply(doc, addExercise({ exerciseId: "x", name: "X", sets: [{}] }, ctx).valueOf() as never);
    doc = apply(doc, attachPlan(legsPlan(), ctx));
    expect(names(doc)).toEqual(["Squat:1,2,3", "Bench press:1,2", "Plank:1,2"]);
    doc = apply(doc, logSet({ setId: "main-1-1", reps: 5 }, ctx));
    expect(() => apply(doc, attachPlan(legsPlan(), ctx))).toThrow(/logged/);
  });
});

describe("logSet / editSet / unlogSet", () => {
  it("logs a set with the exercise as done and the device, and moves `next` on", () => {
    const { doc: d0, ctx, clock } = started();
    clock.advance(90);
    const doc = apply(d0, logSet({ setId: "main-1-1", reps: 5, weightKg: 100, rpe: 8 }, ctx));
    expectValid(doc);
    expect(doc.log["main-1-1"]).toEqual({
      id: "main-1-1",
      exerciseKey: "main-1",
      exerciseId: "barbell_back_squat",
      exerciseName: "Squat",
      plannedSetId: "main-1-1",
      reps: 5,
      weightKg: 100,
      rpe: 8,
      durationSec: null,
      completed: true,
      completedAt: "2025-03-01T10:01:30.000Z",
      deviceId: PHONE,
    });
    expect(sessionView(doc).next?.setId).toBe("main-1-2");
    expect(sessionView(doc).logged).toBe(1);
  });

  it("logs a timed set as completed with its duration, and a skipped set", () => {
    const s = started();
    const { ctx } = s;
    let doc = s.doc;
    doc = apply(doc, logSet({ setId: "cool-1-1", durationSec: 50 }, ctx));
    doc = apply(doc, logSet({ setId: "cool-1-2", completed: false }, ctx));
    expect(doc.log["cool-1-1"]).toMatchObject({ reps: null, durationSec: 50, completed: true });
    expect(doc.log["cool-1-2"]).toMatchObject({ completed: false });
    expectValid(doc);
  });

  it("starts a planned workout when its first set is logged", () => {
    const clock = new Clock();
    const ctx = context(PHONE, clock);
    let doc = newDoc(ctx);
    doc = apply(doc, attachPlan(legsPlan(), ctx));
    expect(doc.status).toBe("planned");
    doc = apply(doc, logSet({ setId: "main-1-1", reps: 5 }, ctx));
    expect(doc.status).toBe("in_progress");
  });

  it("edits only the given fields; logging a logged set edits it", () => {
    const s = started();
    const { ctx } = s;
    let doc = s.doc;
    doc = apply(doc, logSet({ setId: "main-1-1", reps: 5, weightKg: 100, rpe: 8 }, ctx));
    doc = apply(doc, editSet({ setId: "main-1-1", reps: 6 }, ctx));
    expect(doc.log["main-1-1"]).toMatchObject({ reps: 6, weightKg: 100, rpe: 8 });
    doc = apply(doc, logSet({ setId: "main-1-1", rpe: 9 }, ctx));
    expect(doc.log["main-1-1"]).toMatchObject({ reps: 6, weightKg: 100, rpe: 9 });
    const heads = A.getHeads(doc);
    doc = apply(doc, editSet({ setId: "main-1-1", reps: 6 }, ctx));
    expect(A.getHeads(doc)).toEqual(heads); // nothing to change, no change
  });

  it("refuses impossible values and unknown sets, leaving the document as it was", () => {
    const { doc, ctx } = started();
    expect(() => logSet({ setId: "main-1-1", reps: -1 }, ctx)).toThrow(/reps/);
    expect(() => logSet({ setId: "main-1-1", rpe: 7.3 }, ctx)).toThrow(/rpe/);
    expect(() => logSet({ setId: "main-1-1", weightKg: 5000 }, ctx)).toThrow(/weightKg/);
    const heads = A.getHeads(doc);
    expect(() => apply(doc, logSet({ setId: "nope", reps: 5 }, ctx))).toThrow(WorkoutOpError);
    expect(() => apply(doc, editSet({ setId: "main-1-1", reps: 5 }, ctx))).toThrow(/no log/);
    expect(A.getHeads(doc)).toEqual(heads);
  });

  it("takes a log back without removing the set", () => {
    const s = started();
    const { ctx } = s;
    let doc = s.doc;
    doc = apply(doc, logSet({ setId: "main-1-1", reps: 5 }, ctx));
    doc = apply(doc, unlogSet("main-1-1", ctx));
    expect(doc.log["main-1-1"]).toBeUndefined();
    expect(doc.sets["main-1-1"]).toBeDefined();
  });
});

describe("addSet / removeSet / moveSet", () => {
  it("adds a set after the last one, copying its target; or after a given set", () => {
    const s = started();
    const { ctx } = s;
    let doc = s.doc;
    const first = addSet({ exerciseKey: "main-1" }, ctx);
    doc = apply(doc, first);
    expect(names(doc)[0]).toBe("Squat:1,2,3,4");
    expect(findSet(sessionView(doc), first.result.setId)?.set.number).toBe(4);
    expect(doc.sets[first.result.setId]).toMatchObject({
      plannedSetId: null,
      target: { reps: 5, weightKg: 100 },
    });
    const second = addSet({ exerciseKey: "main-1", after: "main-1-1", target: { weightKg: 90 } }, ctx);
    doc = apply(doc, second);
    expect(findSet(sessionView(doc), second.result.setId)?.set.number).toBe(2);
    expect(doc.sets[second.result.setId]!.target.weightKg).toBe(90);
    expectValid(doc);
  });

  it("adds and logs an extra set in one change", () => {
    const s = started();
    const { ctx } = s;
    let doc = s.doc;
    const before = A.getAllChanges(doc).length;
    const extra = addSet({ exerciseKey: "main-1", log: { reps: 3, weightKg: 110 } }, ctx);
    doc = apply(doc, extra);
    expect(A.getAllChanges(doc).length).toBe(before + 1);
    expect(doc.log[extra.result.setId]).toMatchObject({ reps: 3, weightKg: 110, plannedSetId: null });
  });

  it("removes a set with its log, and moves sets within their exercise", () => {
    const s = started();
    const { ctx } = s;
    let doc = s.doc;
    doc = apply(doc, logSet({ setId: "main-1-2", reps: 5 }, ctx));
    doc = apply(doc, removeSet("main-1-2", ctx));
    expect(doc.sets["main-1-2"]).toBeUndefined();
    expect(doc.log["main-1-2"]).toBeUndefined();
    expect(names(doc)[0]).toBe("Squat:1,2");
    doc = apply(doc, moveSet({ setId: "main-1-3", after: null }, ctx));
    expect(sessionView(doc).exercises[0]!.sets.map((s) => s.id)).toEqual(["main-1-3", "main-1-1"]);
    expect(() => apply(doc, removeSet("main-1-2", ctx))).toThrow(/no set/);
  });
});

describe("editTarget", () => {
  it("changes one set's target, or the remaining unlogged sets too", () => {
    const s = started();
    const { ctx } = s;
    let doc = s.doc;
    doc = apply(doc, logSet({ setId: "main-1-2", reps: 5 }, ctx));
    doc = apply(doc, editTarget({ setId: "main-1-1", target: { reps: 6 } }, ctx));
    expect(doc.sets["main-1-1"]!.target).toMatchObject({ reps: 6, weightKg: 100 });
    doc = apply(doc, editTarget({ setId: "main-1-1", target: { weightKg: 105 }, remaining: true }, ctx));
    expect([1, 2, 3].map((n) => doc.sets[`main-1-${n}`]!.target.weightKg)).toEqual([105, 100, 105]);
    expect(() => editTarget({ setId: "main-1-1", target: { restSec: -5 } }, ctx)).toThrow(/restSec/);
  });
});

describe("exercises: add, remove, move, swap", () => {
  it("builds a manual workout exercise by exercise", () => {
    const s = started(false);
    const { ctx } = s;
    let doc = s.doc;
    const lunge = addExercise(
      { exerciseId: "lunge", name: "Lunge", sets: [{ reps: 10 }, { reps: 10 }] },
      ctx,
    );
    doc = apply(doc, lunge);
    const plank = addExercise({ exerciseId: "plank", name: "Plank", dose: "time", phase: "cooldown" }, ctx);
    doc = apply(doc, plank);
    const first = addExercise({ exerciseId: "jog", name: "Jog", phase: "main", after: null }, ctx);
    doc = apply(doc, first);
    expect(names(doc)).toEqual(["Jog:", "Lunge:1,2", "Plank:"]);
    doc = apply(
      doc,
      moveExercise({ exerciseKey: first.result.exerciseKey, after: lunge.result.exerciseKey }, ctx),
    );
    expect(names(doc)).toEqual(["Lunge:1,2", "Jog:", "Plank:"]);
    doc = apply(doc, logSet({ setId: lunge.result.setIds[0]!, reps: 10 }, ctx));
    doc = apply(doc, removeExercise(lunge.result.exerciseKey, ctx));
    expect(names(doc)).toEqual(["Jog:", "Plank:"]);
    expect(Object.keys(doc.log)).toEqual([]);
    expectValid(doc);
  });

  it("swaps an exercise: a swaps entry, the new name, loads cleared on unlogged sets, logs keep the old exercise", () => {
    const s = started();
    const { ctx } = s;
    let doc = s.doc;
    doc = apply(doc, logSet({ setId: "main-1-1", reps: 5, weightKg: 100 }, ctx));
    const swap = swapExercise(
      {
        exerciseKey: "main-1",
        to: { exerciseId: "goblet_squat", name: "Goblet squat" },
        reason: "rack busy",
      },
      ctx,
    );
    doc = apply(doc, swap);
    expectValid(doc);
    expect(doc.exercises["main-1"]).toMatchObject({ exerciseId: "goblet_squat", name: "Goblet squat" });
    expect(doc.swaps[swap.result.swapId]).toMatchObject({
      exerciseKey: "main-1",
      fromExerciseId: "barbell_back_squat",
      fromExerciseName: "Squat",
      toExerciseId: "goblet_squat",
      reason: "rack busy",
    });
    expect(doc.sets["main-1-1"]!.target.weightKg).toBe(100); // logged: untouched
    expect(doc.sets["main-1-2"]!.target.weightKg).toBeNull();
    expect(doc.log["main-1-1"]!.exerciseName).toBe("Squat");
    doc = apply(doc, logSet({ setId: "main-1-2", reps: 10, weightKg: 24 }, ctx));
    expect(doc.log["main-1-2"]!.exerciseId).toBe("goblet_squat");
    expect(() =>
      apply(
        doc,
        swapExercise(
          { exerciseKey: "main-1", to: { exerciseId: "goblet_squat", name: "Goblet squat" } },
          ctx,
        ),
      ),
    ).toThrow(/already/);
  });
});

describe("pause / resume / finish", () => {
  it("times the session without pauses, counting overlapping pauses once", () => {
    const s = started();
    const { ctx, clock } = s;
    let doc = s.doc;
    clock.advance(600);
    doc = apply(doc, pauseWorkout(ctx));
    expect(sessionView(doc).paused).toBe(true);
    const heads = A.getHeads(doc);
    doc = apply(doc, pauseWorkout(ctx));
    expect(A.getHeads(doc)).toEqual(heads); // already paused
    clock.advance(120);
    doc = apply(doc, resumeWorkout(ctx));
    expect(sessionView(doc).paused).toBe(false);
    clock.advance(300);
    doc = apply(doc, finishWorkout({ sessionRpe: 7 }, ctx));
    expectValid(doc);
    expect(doc).toMatchObject({ status: "completed", sessionRpe: 7, finishedAt: "2025-03-01T10:17:00.000Z" });
    expect(sessionTiming(doc, clock.now())).toEqual({
      elapsedMs: 1_020_000,
      pausedMs: 120_000,
      activeMs: 900_000,
    });
    // Two devices' pauses overlapping (10:05-10:10 and 10:08-10:12) count as 7 minutes.
    const overlapping = {
      startedAt: "2025-03-01T10:00:00.000Z",
      finishedAt: "2025-03-01T11:00:00.000Z",
      pauses: {
        a: {
          id: "a",
          pausedAt: "2025-03-01T10:05:00.000Z",
          resumedAt: "2025-03-01T10:10:00.000Z",
          deviceId: "x",
        },
        b: {
          id: "b",
          pausedAt: "2025-03-01T10:08:00.000Z",
          resumedAt: "2025-03-01T10:12:00.000Z",
          deviceId: "y",
        },
        c: { id: "c", pausedAt: "2025-03-01T10:50:00.000Z", resumedAt: null, deviceId: "y" },
      },
    };
    expect(sessionTiming(overlapping, new Date("2025-03-01T12:00:00Z")).pausedMs).toBe(17 * 60_000);
  });

  it("finishing closes an open pause; pausing needs a started workout", () => {
    const s = started();
    const { ctx, clock } = s;
    let doc = s.doc;
    doc = apply(doc, pauseWorkout(ctx));
    clock.advance(60);
    doc = apply(doc, finishWorkout({}, ctx));
    expect(Object.values(doc.pauses)[0]!.resumedAt).toBe(doc.finishedAt);
    const fresh = newDoc(ctx);
    expect(() => apply(fresh, pauseWorkout(ctx))).toThrow(/not started/);
  });
});

describe("notes and details", () => {
  it("merges concurrent note edits from two devices instead of keeping one", () => {
    const s = started();
    const { ctx } = s;
    let doc = s.doc;
    doc = apply(doc, editNotes("Felt good.", ctx));
    let phone = A.clone(doc, { actor: "a1".repeat(16) });
    let tablet = A.clone(doc, { actor: "b1".repeat(16) });
    phone = apply(phone, editNotes("Felt good. Knee ok.", ctx));
    tablet = apply(tablet, editNotes("Slept 8 h. Felt good.", ctx));
    const merged = A.merge(phone, tablet);
    expect(merged.notes).toBe("Slept 8 h. Felt good. Knee ok.");
    expect(() => editNotes("x".repeat(20_001), ctx)).toThrow(/notes/);
  });

  it("corrects details afterwards", () => {
    const s = started();
    const { ctx } = s;
    let doc = s.doc;
    doc = apply(doc, editDetails({ title: "Heavy legs", sessionRpe: 8.5 }, ctx));
    expect(doc).toMatchObject({ title: "Heavy legs", sessionRpe: 8.5 });
    expect(() => editDetails({ date: "2025-02-30" }, ctx)).toThrow(/date/);
  });
});
