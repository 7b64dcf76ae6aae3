// From documents to the metrics input: phases, timed and bodyweight work, assistance, swaps, durations,
// edits after the fact, the readiness records from the context journal, and the dashboard they give.
import { describe, expect, it } from "vitest";
import {
  newAccountDoc,
  newContextJournalDoc,
  newWorkoutDoc,
  type ContextEntry,
  type SetLog,
  type WorkoutDoc,
  type WorkoutExercise,
  type WorkoutPhase,
} from "../../src/index.js";
import {
  computeDashboard,
  libraryExerciseFacts,
  metricsInputFromDocs,
  readinessFromJournal,
  workoutRecordFromDoc,
} from "../../src/metrics/index.js";

const USER = "abcdefghijklmnopqrstuvwxyz";
const DEVICE = `u-${USER}-phone0001`;

interface SetSpec {
  reps?: number | null;
  weightKg?: number | null;
  durationSec?: number | null;
  rpe?: number | null;
  completed?: boolean;
  planned?: boolean;
  logged?: boolean;
  /** The exercise id the set was logged as (a swap). */
  as?: string;
}

interface ExerciseSpec {
  exerciseId: string;
  phase?: WorkoutPhase;
  dose?: "reps" | "time";
  sets: SetSpec[];
}

let counter = 0;
function id(): string {
  counter++;
  return `id${String(counter).padStart(18, "0")}`;
}

/** A finished workout document on `date` with the given exercises (45 min, session RPE 7 unless told). */
function workout(date: string, exercises: ExerciseSpec[], extra: Partial<WorkoutDoc> = {}): WorkoutDoc {
  const doc = newWorkoutDoc({ userId: USER, date, now: new Date(`${date}T09:00:00.000Z`) });
  doc.status = "completed";
  doc.startedAt = `${date}T10:00:00.000Z`;
  doc.finishedAt = `${date}T10:45:00.000Z`;
  doc.sessionRpe = 7;
  exercises.forEach((spec, e) => {
    const key = id();
    const exercise: WorkoutExercise = {
      id: key,
      exerciseId: spec.exerciseId,
      name: spec.exerciseId,
      phase: spec.phase ?? "main",
      order: `a${e}`,
      dose: spec.dose ?? "reps",
    };
    doc.exercises[key] = exercise;
    spec.sets.forEach((s, i) => {
      const setId = id();
      const planned = s.planned ?? true;
      doc.sets[setId] = {
        id: setId,
        exerciseKey: key,
        order: `a${i}`,
        plannedSetId: planned ? id() : null,
        target: { reps: null, durationSec: null, weightKg: null, rpe: null, restSec: null },
      };
      if (s.logged === false) return;
      const log: SetLog = {
        id: setId,
        exerciseKey: key,
        exerciseId: s.as ?? spec.exerciseId,
        exerciseName: s.as ?? spec.exerciseId,
        plannedSetId: planned ? doc.sets[setId].plannedSetId : null,
        reps: s.reps ?? null,
        weightKg: s.weightKg ?? null,
        rpe: s.rpe ?? null,
        durationSec: s.durationSec ?? null,
        completed: s.completed ?? true,
        completedAt: `${date}T10:${String(10 + i).padStart(2, "0")}:00.000Z`,
        deviceId: DEVICE,
      };
      doc.log[setId] = log;
    });
  });
  return { ...doc, ...extra };
}

describe("workoutRecordFromDoc", () => {
  it("keeps main and interval work, leaves warm-up and cool-down out of every figure", () => {
    const doc = workout("2025-03-03", [
      { exerciseId: "jumping_jack", phase: "warmup", dose: "time", sets: [{ durationSec: 120 }] },
      {
        exerciseId: "barbell_back_squat",
        sets: [
          { reps: 5, weightKg: 100, rpe: 8 },
          { reps: 5, weightKg: 100 },
        ],
      },
      {
        exerciseId: "burpee",
        phase: "intervals",
        dose: "time",
        sets: [{ durationSec: 30 }, { durationSec: 30 }],
      },
      { exerciseId: "hamstring_stretch", phase: "cooldown", dose: "time", sets: [{ durationSec: 60 }] },
    ]);
    const record = workoutRecordFromDoc("w1", doc);
    expect(record.exercises.map((e) => e.exerciseId)).toEqual(["barbell_back_squat", "burpee"]);
    expect(record.plannedSets).toBe(4);
    expect(record.durationMin).toBe(45);
    expect(record.sessionRpe).toBe(7);
    const dashboard = computeDashboard(
      { workouts: [record], readiness: [], profile: { plannedDaysPerWeek: 3, bodyweightKg: null } },
      { today: "2025-03-03" },
    );
    expect(dashboard.volume.total).toMatchObject({
      volumeKg: 1000,
      sets: 4,
      timedSets: 2,
      timeUnderTensionSec: 60,
    });
  });

  it("treats a timed exercise's sets as timed even when reps were typed, and never turns time into kg", () => {
    const doc = workout("2025-03-03", [
      { exerciseId: "plank", dose: "time", sets: [{ durationSec: 45, reps: 1, weightKg: 10 }] },
    ]);
    const [plank] = workoutRecordFromDoc("w", doc).exercises;
    expect(plank?.sets[0]).toMatchObject({ reps: null, durationSec: 45 });
    const dashboard = computeDashboard(
      {
        workouts: [workoutRecordFromDoc("w", doc)],
        readiness: [],
        profile: { plannedDaysPerWeek: 3, bodyweightKg: 80 },
      },
      { today: "2025-03-03" },
    );
    expect(dashboard.volume.total).toMatchObject({
      volumeKg: 0,
      timedSets: 1,
      timeUnderTensionSec: 45,
      sets: 1,
    });
  });

  it("reads bodyweight exercises from the library, with the body's share and added load", () => {
    expect(libraryExerciseFacts("push_up")).toMatchObject({ isBodyweight: true, bodyweightFraction: 0.64 });
    expect(libraryExerciseFacts("pull_up")).toMatchObject({ isBodyweight: true, bodyweightFraction: null });
    expect(libraryExerciseFacts("dips")).toMatchObject({ isBodyweight: true });
    expect(libraryExerciseFacts("barbell_bench_press")).toMatchObject({ isBodyweight: false });
    expect(libraryExerciseFacts("band_row")).toMatchObject({ isBodyweight: false }); // the band is the load
    expect(libraryExerciseFacts("not-in-the-library")).toBeUndefined();

    const doc = workout("2025-03-03", [
      { exerciseId: "push_up", sets: [{ reps: 10 }] },
      { exerciseId: "pull_up", sets: [{ reps: 5, weightKg: 10 }] },
    ]);
    const input = {
      workouts: [workoutRecordFromDoc("w", doc)],
      readiness: [],
      profile: { plannedDaysPerWeek: 3, bodyweightKg: 80 },
    };
    // 10 × 80 × 0.64 = 512; 5 × (80 + 10) = 450.
    expect(computeDashboard(input, { today: "2025-03-03" }).volume.total).toMatchObject({
      volumeKg: 962,
      bodyweightVolumeKg: 962,
      bodyweightReps: 15,
      unloadedReps: 0,
    });
    // Without a bodyweight the reps are reported, not counted as 0 kg.
    const noBody = { ...input, profile: { plannedDaysPerWeek: 3, bodyweightKg: null } };
    expect(computeDashboard(noBody, { today: "2025-03-03" }).volume.total).toMatchObject({
      volumeKg: 0,
      bodyweightReps: 15,
      unloadedReps: 15,
    });
  });

  it("subtracts the assistance of an assisted pull-up from the body", () => {
    const doc = workout("2025-03-03", [
      { exerciseId: "assisted_pull_up", sets: [{ reps: 8, weightKg: 30 }] },
    ]);
    const record = workoutRecordFromDoc("w", doc);
    expect(record.exercises[0]?.sets[0]?.weightKg).toBe(-30);
    const input = { workouts: [record], readiness: [], profile: { plannedDaysPerWeek: 3, bodyweightKg: 80 } };
    expect(computeDashboard(input, { today: "2025-03-03" }).volume.total.volumeKg).toBe(8 * 50);
  });

  it("groups sets by the exercise they were performed as, so a swap mid-exercise gives two lifts", () => {
    const doc = workout("2025-03-03", [
      {
        exerciseId: "barbell_bench_press",
        sets: [
          { reps: 5, weightKg: 80, rpe: 8 },
          { reps: 10, weightKg: 30, rpe: 8, as: "dumbbell_bench_press" },
        ],
      },
    ]);
    const record = workoutRecordFromDoc("w", doc);
    expect(record.exercises.map((e) => [e.exerciseId, e.sets.length])).toEqual([
      ["barbell_bench_press", 1],
      ["dumbbell_bench_press", 1],
    ]);
  });

  it("counts planned slots, skipped and extra sets for adherence", () => {
    const doc = workout("2025-03-03", [
      {
        exerciseId: "barbell_row",
        sets: [
          { reps: 8, weightKg: 60 },
          { completed: false },
          { logged: false },
          { reps: 8, weightKg: 60, planned: false },
        ],
      },
    ]);
    const record = workoutRecordFromDoc("w", doc);
    expect(record.plannedSets).toBe(3);
    expect(record.exercises[0]?.sets.map((s) => [s.completed, s.planned])).toEqual([
      [true, true],
      [false, true],
      [true, false],
    ]);
    const dashboard = computeDashboard(
      { workouts: [record], readiness: [], profile: { plannedDaysPerWeek: 1, bodyweightKg: null } },
      { today: "2025-03-03" },
    );
    expect(dashboard.thisWeek?.adherence).toMatchObject({
      plannedSets: 3,
      completedPlannedSets: 1,
      extraSets: 1,
    });
  });

  it("has no duration before the finish, active time without pauses after it, and time so far while running", () => {
    const running = workout("2025-03-03", [], { status: "in_progress", finishedAt: null });
    expect(workoutRecordFromDoc("w", running).durationMin).toBeNull();
    expect(
      workoutRecordFromDoc("w", running, { now: new Date("2025-03-03T10:20:00.000Z") }).durationMin,
    ).toBe(20);
    const paused = workout("2025-03-03", [], {
      pauses: {
        p1: {
          id: "p1",
          pausedAt: "2025-03-03T10:10:00.000Z",
          resumedAt: "2025-03-03T10:15:00.000Z",
          deviceId: DEVICE,
        },
      },
    });
    expect(workoutRecordFromDoc("w", paused).durationMin).toBe(40);
    const neverStarted = workout("2025-03-03", [], { status: "planned", startedAt: null, finishedAt: null });
    expect(workoutRecordFromDoc("w", neverStarted).durationMin).toBeNull();
    expect(workoutRecordFromDoc("w", neverStarted).startedAt).toBe(neverStarted.createdAt);
  });

  it("follows an edit after the fact: the record is the document as it is now", () => {
    const doc = workout("2025-03-03", [
      { exerciseId: "barbell_deadlift", sets: [{ reps: 5, weightKg: 140 }] },
    ]);
    const before = workoutRecordFromDoc("w", doc);
    const logId = Object.keys(doc.log)[0]!;
    const edited: WorkoutDoc = { ...doc, log: { [logId]: { ...doc.log[logId]!, weightKg: 150, reps: 3 } } };
    const after = workoutRecordFromDoc("w", edited);
    expect(before.exercises[0]?.sets[0]).toMatchObject({ reps: 5, weightKg: 140 });
    expect(after.exercises[0]?.sets[0]).toMatchObject({ reps: 3, weightKg: 150 });
  });
});

function entry(partial: Partial<ContextEntry> & Pick<ContextEntry, "id" | "date">): ContextEntry {
  return {
    text: "",
    chips: [],
    signals: {
      energy: null,
      mood: null,
      sleep: null,
      soreness: null,
      stress: null,
      sleepHours: null,
      parsedBy: "none",
    },
    recovery: 0,
    simulated: null,
    scope: "session",
    createdAt: `${partial.date}T07:00:00.000Z`,
    ...partial,
  };
}

describe("readinessFromJournal", () => {
  it("gives one record per day: the picker's recovery, signals averaged, silent notes left out", () => {
    const journal = newContextJournalDoc(USER);
    const add = (e: ContextEntry) => (journal.entries[e.id] = e);
    add(
      entry({
        id: "recovery-2025-03-03",
        date: "2025-03-03",
        recovery: -1,
        simulated: { hrvScore: 30, sleepScore: 40 },
      }),
    );
    add(
      entry({
        id: "n1",
        date: "2025-03-03",
        recovery: 0,
        createdAt: "2025-03-03T08:00:00.000Z",
        signals: { ...entry({ id: "x", date: "2025-03-03" }).signals, energy: 2, sleepHours: 6 },
      }),
    );
    add(
      entry({
        id: "n2",
        date: "2025-03-03",
        signals: { ...entry({ id: "x", date: "2025-03-03" }).signals, energy: 4 },
      }),
    );
    add(entry({ id: "n3", date: "2025-03-04", text: "bad knee", scope: "always" }));
    expect(readinessFromJournal(journal)).toEqual([
      { date: "2025-03-03", recovery: -1, energy: 3, sleepHours: 6, hrvSim: 30 },
    ]);
    expect(readinessFromJournal(null)).toEqual([]);
  });
});

describe("metricsInputFromDocs", () => {
  it("puts account, workouts and journal together; no data gives an empty dashboard", () => {
    const account = newAccountDoc(USER, "Ada");
    account.onboarding.daysPerWeek = 4;
    const empty = metricsInputFromDocs({ account, workouts: [] });
    expect(empty).toEqual({
      workouts: [],
      readiness: [],
      profile: { plannedDaysPerWeek: 4, bodyweightKg: null },
    });
    expect(computeDashboard(empty, { today: "2025-03-03" }).isEmpty).toBe(true);

    const one = metricsInputFromDocs({
      account,
      workouts: [
        {
          id: "w",
          doc: workout("2025-03-03", [
            { exerciseId: "barbell_back_squat", sets: [{ reps: 5, weightKg: 100, rpe: 8 }] },
          ]),
        },
      ],
    });
    const dashboard = computeDashboard(one, { today: "2025-03-03" });
    expect(dashboard.isEmpty).toBe(false);
    expect(dashboard.strength.lifts[0]).toMatchObject({ exerciseId: "barbell_back_squat" });
    expect(dashboard.strength.lifts[0]?.best?.e1rmKg).toBeCloseTo(100 * (1 + 7 / 30), 6);
    expect(dashboard.recentWorkouts).toHaveLength(1);
  });
});
