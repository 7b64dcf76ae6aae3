// The version history: the words of the timeline, authors (server attribution over message over actor),
// read-only views of earlier versions, and restore as a new change.
import * as A from "@automerge/automerge";
import { describe, expect, it } from "vitest";
import { newWorkoutDoc, type WorkoutDoc } from "../../src/index.js";
import {
  addExercise,
  addSet,
  editNotes,
  editSet,
  editTarget,
  finishWorkout,
  initWorkout,
  logConflicts,
  logSet,
  pauseWorkout,
  removeSet,
  restoreVersion,
  resumeWorkout,
  sessionView,
  startWorkout,
  swapExercise,
  unlogSet,
  viewAt,
  workoutTimeline,
  WorkoutHistory,
  upgradeWorkout,
  type ServerAttribution,
} from "../../src/workout/index.js";
import {
  ACTOR_TABLET,
  apply,
  Clock,
  context,
  expectValid,
  fork,
  legsPlan,
  newDoc,
  PHONE,
  TABLET,
  USER,
} from "./helpers.js";

function session() {
  const clock = new Clock();
  const ctx = context(PHONE, clock);
  let doc = newDoc(ctx);
  clock.advance(60);
  doc = apply(doc, startWorkout(ctx, { plan: legsPlan() }));
  return { clock, ctx, doc };
}

const lastSummary = (doc: A.Doc<WorkoutDoc>, unit: "kg" | "lb" = "kg") =>
  workoutTimeline(doc, { unit }).at(-1)!.summary;

describe("workoutTimeline: what changed, in words", () => {
  it("describes creating, starting, logging, correcting, targets, swaps, pauses, notes and the finish", () => {
    const s = session();
    const { ctx, clock } = s;
    let doc = s.doc;
    const tl = () => workoutTimeline(doc);
    expect(tl().map((v) => v.summary)).toEqual([
      "created the workout “Legs” for 2025-03-01",
      "attached the plan; set up 3 exercises with 7 sets; started the workout; start time set",
    ]);
    clock.advance(60);
    doc = apply(doc, logSet({ setId: "main-1-3", reps: 8, weightKg: 100, rpe: 8 }, ctx));
    expect(lastSummary(doc)).toBe("logged set 3 of Squat: 8 reps × 100 kg @ RPE 8");
    expect(lastSummary(doc, "lb")).toBe("logged set 3 of Squat: 8 reps × 220.5 lb @ RPE 8");
    doc = apply(doc, editSet({ setId: "main-1-3", reps: 6 }, ctx));
    expect(lastSummary(doc)).toBe("set 3 of Squat: 8 → 6 reps");
    doc = apply(doc, editSet({ setId: "main-1-3", weightKg: 102.5, rpe: 9 }, ctx));
    expect(lastSummary(doc)).toBe("set 3 of Squat: 100 → 102.5 kg; set 3 of Squat: RPE 8 → 9");
    doc = apply(doc, editTarget({ setId: "main-1-1", target: { weightKg: 105 }, remaining: true }, ctx));
    expect(lastSummary(doc)).toBe("target of sets 1, 2 of Squat: 100 → 105 kg");
    doc = apply(doc, logSet({ setId: "cool-1-1", durationSec: 45 }, ctx));
    expect(lastSummary(doc)).toBe("logged set 1 of Plank: 45 s");
    doc = apply(doc, logSet({ setId: "cool-1-2", completed: false }, ctx));
    expect(lastSummary(doc)).toBe("skipped set 2 of Plank");
    doc = apply(doc, unlogSet("cool-1-2", ctx));
    expect(lastSummary(doc)).toBe("took back set 2 of Plank");
    const extra = addSet({ exerciseKey: "main-2" }, ctx);
    doc = apply(doc, extra);
    expect(lastSummary(doc)).toBe("added set 3 to Bench press");
    doc = apply(doc, removeSet(extra.result.setId, ctx));
    expect(lastSummary(doc)).toBe("removed set 3 of Bench press");
    doc = apply(doc, addSet({ exerciseKey: "main-2", log: { reps: 12, weightKg: 20 } }, ctx));
    expect(lastSummary(doc)).toBe("logged set 3 of Bench press (added): 12 reps × 20 kg");
    doc = apply(
      doc,
      swapExercise(
        { exerciseKey: "main-1", to: { exerciseId: "goblet_squat", name: "Goblet squat" }, reason: "knee" },
        ctx,
      ),
    );
    expect(lastSummary(doc)).toBe(
      "swapped Squat → Goblet squat (knee); target of sets 1, 2 of Goblet squat: 105 → — kg",
    );
    doc = apply(doc, addExercise({ exerciseId: "lunge", name: "Lunge" }, ctx));
    expect(lastSummary(doc)).toBe("added Lunge");
    doc = apply(doc, pauseWorkout(ctx));
    expect(lastSummary(doc)).toBe("paused");
    doc = apply(doc, resumeWorkout(ctx));
    expect(lastSummary(doc)).toBe("resumed");
    doc = apply(doc, editNotes("Knee fine", ctx));
    expect(lastSummary(doc)).toBe("notes: “” → “Knee fine”");
    doc = apply(doc, finishWorkout({ sessionRpe: 7 }, ctx));
    expect(lastSummary(doc)).toBe("finished the workout; finish time set; session RPE: — → 7");
    expect(workoutTimeline(doc).every((v) => v.author.source === "message" && v.author.userId === USER)).toBe(
      true,
    );
    expectValid(doc);
  });

  it("joins a run of note edits by one device into one version, with the change in words", () => {
    const s = session();
    const { ctx } = s;
    let doc = s.doc;
    const long = "Warm-up felt heavy. ".repeat(6);
    doc = apply(doc, editNotes(long, ctx));
    for (const text of [`${long}Squat`, `${long}Squat ok`, `${long}Squat ok!`])
      doc = apply(doc, editNotes(text, ctx));
    const versions = workoutTimeline(doc);
    expect(versions).toHaveLength(3);
    expect(versions.at(-1)!.hashes).toHaveLength(4);
    expect(versions.at(-1)!.summary).toBe(`notes: added “${(long + "Squat ok!").slice(0, 57)}…”`);
    expect(workoutTimeline(doc, { groupNotes: false })).toHaveLength(6);
  });

  it("shows both devices' concurrent values: both versions, one deterministic result, the conflict listed", () => {
    for (const [phoneActor, tabletActor] of [
      ["a1".repeat(16), "b1".repeat(16)],
      ["b1".repeat(16), "a1".repeat(16)],
    ] as const) {
      const s = session();
      let phone = fork(s.doc, phoneActor);
      let tablet = fork(s.doc, tabletActor);
      phone = apply(phone, logSet({ setId: "main-1-1", reps: 8, weightKg: 100 }, context(PHONE, s.clock)));
      tablet = apply(tablet, logSet({ setId: "main-1-1", reps: 6, weightKg: 100 }, context(TABLET, s.clock)));
      const one = A.merge(A.clone(phone), A.clone(tablet));
      const other = A.merge(A.clone(tablet), A.clone(phone));
      expect(A.toJS(one)).toEqual(A.toJS(other));
      const shown = one.log["main-1-1"]!.reps!;
      expect(shown).toBe(phoneActor > tabletActor ? 8 : 6); // the higher actor wins, on every replica
      const conflicts = logConflicts(one, "main-1-1");
      expect(conflicts[0]!.field).toBe("log");
      expect(conflicts[0]!.values.map((v) => (v as { reps: number }).reps)).toEqual([shown, 14 - shown]);
      const logged = workoutTimeline(one).filter((v) => v.action === "logSet");
      expect(logged.map((v) => [v.author.deviceId, v.changes[0]!.text.split(" (")[0]]).sort()).toEqual([
        [PHONE, "logged set 1 of Squat: 8 reps × 100 kg"],
        [TABLET, "logged set 1 of Squat: 6 reps × 100 kg"],
      ]);
      // A version replayed after the winning one says that its value was overridden.
      for (const v of logged) {
        const value = (v.changes[0] as { log: { reps: number } }).log.reps;
        if (v.changes[0]!.overridden) expect(value).not.toBe(shown);
      }
    }
  });

  it("takes the author from the server's attribution, and flags a message that claims otherwise", () => {
    const s = session();
    const { ctx } = s;
    let doc = s.doc;
    doc = apply(doc, logSet({ setId: "main-1-1", reps: 5 }, ctx));
    const hash = A.getHeads(doc)[0]!;
    const truthful: ServerAttribution = {
      hash,
      by: "user",
      userId: USER,
      deviceId: PHONE,
      receivedAt: "2025-03-01T10:05:00.000Z",
    };
    const v = workoutTimeline(doc, { attribution: [truthful] }).at(-1)!;
    expect(v.author).toMatchObject({ source: "server", userId: USER, deviceId: PHONE, claimed: null });
    const other = workoutTimeline(doc, { attribution: [{ ...truthful, deviceId: TABLET }] }).at(-1)!;
    expect(other.author).toMatchObject({ source: "server", deviceId: TABLET, claimed: { deviceId: PHONE } });
    const bare = A.change(doc, (d) => {
      d.title = "no message";
    });
    expect(workoutTimeline(bare).at(-1)!.author).toMatchObject({ source: "actor", deviceId: null });
  });
});

describe("viewAt and restoreVersion", () => {
  it("views an earlier version read-only, then restores it as a new version with the earlier values", () => {
    const s = session();
    const { ctx, clock } = s;
    let doc = s.doc;
    doc = apply(doc, logSet({ setId: "main-1-3", reps: 8, weightKg: 100 }, ctx));
    doc = apply(doc, editNotes("Solid", ctx));
    const original = workoutTimeline(doc).at(-1)!;
    clock.advance(3600);
    doc = apply(doc, editSet({ setId: "main-1-3", reps: 6 }, context(TABLET, clock)));
    doc = apply(doc, removeSet("main-1-2", context(TABLET, clock)));
    doc = apply(doc, editNotes("Solid, but slow", context(TABLET, clock)));
    const before = workoutTimeline(doc);

    const past = viewAt(doc, original.heads);
    expect(past.log["main-1-3"]!.reps).toBe(8);
    expect(Object.isFrozen(past.log["main-1-3"])).toBe(true);
    expect(sessionView(past).exercises[0]!.sets).toHaveLength(3);
    expect(doc.log["main-1-3"]!.reps).toBe(6); // viewing changed nothing

    doc = apply(doc, restoreVersion(doc, original.heads, context(PHONE, clock)));
    expectValid(doc);
    expect(doc.log["main-1-3"]!.reps).toBe(8);
    expect(doc.sets["main-1-2"]).toBeDefined();
    expect(doc.notes).toBe("Solid");
    const after = workoutTimeline(doc);
    expect(after).toHaveLength(before.length + 1);
    expect(after.slice(0, before.length)).toEqual(before); // history is never rewritten
    const restore = after.at(-1)!;
    expect(restore.action).toBe("restore");
    expect(restore.restoredFrom).toEqual(original.heads);
    expect(restore.summary).toContain("restored the version from 2025-03-01T10:01:00.000Z");
    expect(restore.summary).toContain("set 3 of Squat: 6 → 8 reps");
    expect(restore.summary).toContain("added set 2 to Squat");

    const heads = A.getHeads(doc);
    doc = apply(doc, restoreVersion(doc, original.heads, context(PHONE, clock)));
    expect(A.getHeads(doc)).toEqual(heads); // already that version: no change
  });

  it("restores by editing in place, so an edit made meanwhile on another device still merges", () => {
    const s = session();
    const { ctx, clock } = s;
    let doc = s.doc;
    doc = apply(doc, logSet({ setId: "main-1-1", reps: 5, weightKg: 100, rpe: 8 }, ctx));
    const good = A.getHeads(doc);
    doc = apply(doc, editSet({ setId: "main-1-1", reps: 3 }, ctx));
    let tablet = fork(doc, ACTOR_TABLET);
    tablet = apply(tablet, editSet({ setId: "main-1-1", rpe: 9 }, context(TABLET, clock)));
    doc = apply(doc, restoreVersion(doc, good, ctx));
    const merged = A.merge(doc, tablet);
    expect(merged.log["main-1-1"]).toMatchObject({ reps: 5, rpe: 9 });
  });

  it("views and restores a version written before the schema upgrade", () => {
    const clock = new Clock();
    const ctx = context(PHONE, clock);
    let v1 = A.from<Record<string, unknown>>(
      {
        schemaVersion: 1,
        kind: "workout",
        userId: USER,
        date: "2025-03-01",
        title: "Old",
        status: "in_progress",
        createdAt: "2025-03-01T09:00:00.000Z",
        startedAt: "2025-03-01T09:00:00.000Z",
        finishedAt: null,
        plan: null,
        log: {
          old1: {
            id: "old1",
            exerciseId: "squat",
            exerciseName: "Squat",
            plannedSetId: null,
            reps: 5,
            weightKg: 100,
            rpe: 8,
            completedAt: "2025-03-01T09:10:00.000Z",
            deviceId: "phone",
          },
        },
        swaps: {},
        notes: "",
        sessionRpe: null,
        feedback: null,
        requests: {},
      },
      { actor: "dd".repeat(16) },
    ) as unknown as A.Doc<WorkoutDoc>;
    const oldHeads = A.getHeads(v1);
    expect(() => apply(v1, logSet({ setId: "old1", reps: 6 }, ctx))).toThrow(/upgrade/);
    v1 = apply(v1, upgradeWorkout(ctx));
    expectValid(v1);
    expect(v1.log["old1"]).toMatchObject({ completed: true, durationSec: null, exerciseKey: null });
    expect(sessionView(v1).exercises).toMatchObject([
      { key: null, name: "Squat", sets: [{ id: "old1", number: 1 }] },
    ]);
    v1 = apply(v1, editSet({ setId: "old1", reps: 6 }, ctx));
    expect(
      workoutTimeline(v1)
        .map((v) => v.summary)
        .slice(1),
    ).toEqual(["upgraded the document to version 2", "an extra set of Squat: 5 → 6 reps"]);
    expect(viewAt(v1, oldHeads).schemaVersion).toBe(2);
    v1 = apply(v1, restoreVersion(v1, oldHeads, ctx));
    expect(v1.log["old1"]!.reps).toBe(5);
    expectValid(v1);
  });
});

describe("workoutTimeline on a document made by a repo", () => {
  it("skips an empty first change and still says the workout was created", () => {
    const clock = new Clock();
    const ctx = context(PHONE, clock);
    let doc = A.emptyChange(A.init<WorkoutDoc>({ actor: "ee".repeat(16) }), {});
    doc = apply(doc, initWorkout(newWorkoutDoc({ userId: USER, date: "2025-03-01", title: "Run" }), ctx));
    expect(workoutTimeline(doc).map((v) => v.summary)).toEqual(["created the workout “Run” for 2025-03-01"]);
  });
});

describe("WorkoutHistory (a timeline kept up to date)", () => {
  it("replays only new changes and gives what a fresh timeline gives, note runs included", () => {
    const s = session();
    let doc = s.doc;
    const history = new WorkoutHistory({ unit: "kg" });
    expect(history.update(doc)).toEqual(workoutTimeline(doc));
    doc = apply(doc, logSet({ setId: "main-1-1", reps: 5, weightKg: 100 }, s.ctx));
    doc = apply(doc, editNotes("Good", s.ctx));
    expect(history.update(doc)).toEqual(workoutTimeline(doc));
    doc = apply(doc, editNotes("Good depth", s.ctx)); // extends the run of note edits
    const versions = history.update(doc);
    expect(versions).toEqual(workoutTimeline(doc));
    expect(versions.at(-1)!.hashes).toHaveLength(2);
    const hash = A.getHeads(doc)[0]!;
    history.setAttribution([
      { hash, by: "user", userId: USER, deviceId: PHONE, receivedAt: "2025-03-01T10:09:00Z" },
    ]);
    expect(history.update(doc).at(-1)!.author.source).toBe("server");
  });
});
