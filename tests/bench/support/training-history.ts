/**
 * A realistic training history as real workout documents, made with the app's own operations
 * (@cadence/shared-schema/workout: create, start, add exercise, one `logSet` change per set, finish), the way the
 * player writes them on a phone: about three sessions a week in a push / pull / legs rotation of library
 * exercises, with a timed and a bodyweight warm-up, loads that progress (fast at first, then slower) with a
 * lighter week every sixth, bodyweight work (dips, pull-ups with added load later, calf raises, knee raises),
 * timed holds (plank, side plank, stretches), some skipped sets and missing RPEs, and a few weeks off.
 * Seeded, so every run builds the same history. Three years ≈ 450 workouts and ≈ 15,000 logged sets.
 */
import * as A from "@automerge/automerge";
import { newWorkoutDoc, type WorkoutStatus } from "@cadence/shared-schema";
import { EXERCISE_LIBRARY, exerciseName, mulberry32 } from "@cadence/shared-schema/plan";
import {
  addExercise,
  applyWorkoutChange,
  createWorkoutDocument,
  finishWorkout,
  logSet,
  startWorkout,
  type EditContext,
} from "@cadence/shared-schema/workout";

/** One generated workout: what the account links and the document's bytes. */
export interface GeneratedWorkout {
  readonly date: string;
  readonly title: string;
  readonly status: WorkoutStatus;
  readonly bytes: Uint8Array;
  readonly loggedSets: number;
}

type Phase = "warmup" | "main" | "cooldown";

interface Slot {
  readonly id: string;
  readonly phase: Phase;
  readonly sets: number;
  /** Reps per set, or seconds for a timed exercise. */
  readonly amount: number;
  /** Starting load in kg (null: bodyweight), and how much it grows over the first years. */
  readonly startKg: number | null;
  readonly gainKg?: number;
  /** Bodyweight work that gets an added load after this many weeks. */
  readonly addedLoadAfterWeeks?: number;
}

const DAYS: readonly { title: string; slots: readonly Slot[] }[] = [
  {
    title: "Legs",
    slots: [
      { id: "stationary_bike", phase: "warmup", sets: 1, amount: 300, startKg: null },
      { id: "leg_swings", phase: "warmup", sets: 2, amount: 10, startKg: null },
      { id: "barbell_back_squat", phase: "main", sets: 5, amount: 5, startKg: 60, gainKg: 70 },
      { id: "romanian_deadlift", phase: "main", sets: 4, amount: 8, startKg: 50, gainKg: 50 },
      { id: "bulgarian_split_squat", phase: "main", sets: 3, amount: 10, startKg: 12, gainKg: 14 },
      { id: "leg_press", phase: "main", sets: 4, amount: 10, startKg: 80, gainKg: 60 },
      { id: "barbell_hip_thrust", phase: "main", sets: 3, amount: 10, startKg: 60, gainKg: 60 },
      { id: "lying_leg_curl", phase: "main", sets: 3, amount: 12, startKg: 25, gainKg: 20 },
      { id: "standing_calf_raise", phase: "main", sets: 4, amount: 15, startKg: null },
      { id: "plank", phase: "main", sets: 3, amount: 45, startKg: null },
      { id: "hamstring_stretch", phase: "cooldown", sets: 2, amount: 30, startKg: null },
    ],
  },
  {
    title: "Push",
    slots: [
      { id: "rowing_machine", phase: "warmup", sets: 1, amount: 300, startKg: null },
      { id: "arm_circles", phase: "warmup", sets: 2, amount: 15, startKg: null },
      { id: "barbell_bench_press", phase: "main", sets: 5, amount: 5, startKg: 50, gainKg: 45 },
      { id: "barbell_overhead_press", phase: "main", sets: 4, amount: 6, startKg: 30, gainKg: 25 },
      { id: "incline_dumbbell_press", phase: "main", sets: 4, amount: 10, startKg: 16, gainKg: 14 },
      { id: "dips", phase: "main", sets: 4, amount: 8, startKg: null, addedLoadAfterWeeks: 40 },
      { id: "dumbbell_lateral_raise", phase: "main", sets: 4, amount: 15, startKg: 6, gainKg: 6 },
      { id: "dumbbell_fly", phase: "main", sets: 3, amount: 12, startKg: 10, gainKg: 8 },
      { id: "triceps_pushdown", phase: "main", sets: 3, amount: 12, startKg: 20, gainKg: 20 },
      { id: "push_up", phase: "main", sets: 2, amount: 15, startKg: null },
      { id: "doorway_chest_stretch", phase: "cooldown", sets: 2, amount: 30, startKg: null },
    ],
  },
  {
    title: "Pull",
    slots: [
      { id: "jumping_jack", phase: "warmup", sets: 1, amount: 120, startKg: null },
      { id: "cat_cow", phase: "warmup", sets: 2, amount: 8, startKg: null },
      { id: "barbell_deadlift", phase: "main", sets: 4, amount: 5, startKg: 80, gainKg: 80 },
      { id: "barbell_row", phase: "main", sets: 4, amount: 8, startKg: 45, gainKg: 35 },
      { id: "pull_up", phase: "main", sets: 4, amount: 6, startKg: null, addedLoadAfterWeeks: 60 },
      { id: "lat_pulldown", phase: "main", sets: 3, amount: 10, startKg: 40, gainKg: 30 },
      { id: "face_pull", phase: "main", sets: 3, amount: 15, startKg: 15, gainKg: 12 },
      { id: "barbell_curl", phase: "main", sets: 3, amount: 10, startKg: 20, gainKg: 15 },
      { id: "hammer_curl", phase: "main", sets: 3, amount: 12, startKg: 10, gainKg: 8 },
      { id: "hanging_knee_raise", phase: "main", sets: 3, amount: 12, startKg: null },
      { id: "side_plank", phase: "main", sets: 2, amount: 30, startKg: null },
      { id: "childs_pose", phase: "cooldown", sets: 1, amount: 60, startKg: null },
    ],
  },
];

const LIBRARY = new Map(EXERCISE_LIBRARY.map((e) => [e.id, e]));

const DAY_MS = 86_400_000;
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const roundTo = (kg: number, step: number) => Math.max(step, Math.round(kg / step) * step);

/**
 * `workouts` sessions ending yesterday (UTC), three a week (Monday, Wednesday, Friday, sometimes Saturday instead
 * of Friday), with about one week in 25 off. Every document is written by one phone of `userId`.
 */
export function trainingHistory(options: {
  readonly userId: string;
  readonly deviceId: string;
  readonly workouts: number;
  readonly seed?: number;
}): GeneratedWorkout[] {
  const random = mulberry32(options.seed ?? 7);
  // Plan the dates backwards from yesterday, then build the documents in order.
  const dates: number[] = [];
  const yesterday = Math.floor(Date.now() / DAY_MS) * DAY_MS - DAY_MS;
  let monday = yesterday - ((new Date(yesterday).getUTCDay() + 6) % 7) * DAY_MS;
  while (dates.length < options.workouts) {
    if (random() >= 0.04) {
      const days = [4, 2, 0].map((d) => (d === 4 && random() < 0.2 ? 5 : d));
      for (const d of days) {
        const day = monday + d * DAY_MS;
        if (day <= yesterday && dates.length < options.workouts) dates.push(day);
      }
    }
    monday -= 7 * DAY_MS;
  }
  dates.reverse();
  const firstDay = dates[0]!;
  return dates.map((day, i) => buildWorkout(options, day, i, (day - firstDay) / (7 * DAY_MS), random));
}

function buildWorkout(
  options: { readonly userId: string; readonly deviceId: string },
  day: number,
  index: number,
  week: number,
  random: () => number,
): GeneratedWorkout {
  const plan = DAYS[index % DAYS.length]!;
  let clock = day + (17 * 60 + Math.floor(random() * 90)) * 60_000;
  const ctx: EditContext = { by: options.userId, deviceId: options.deviceId, now: () => new Date(clock) };
  const tick = (seconds: number) => {
    clock += seconds * 1000;
  };
  const date = isoDate(day);
  const light = Math.floor(week) % 6 === 5; // every sixth week is lighter
  let doc = createWorkoutDocument(
    newWorkoutDoc({ userId: options.userId, date, title: plan.title, now: new Date(clock) }),
    ctx,
  );
  doc = applyWorkoutChange(doc, startWorkout(ctx));
  let loggedSets = 0;
  for (const slot of plan.slots) {
    const def = LIBRARY.get(slot.id);
    if (!def) throw new Error(`${slot.id} is not in the exercise library`);
    const timed = def.dose === "time";
    const kg = loadFor(slot, week, light);
    const add = addExercise(
      {
        exerciseId: def.id,
        name: exerciseName(def),
        phase: slot.phase,
        dose: def.dose,
        sets: Array.from({ length: light && slot.startKg !== null ? slot.sets - 1 : slot.sets }, () => ({
          reps: timed ? null : slot.amount,
          durationSec: timed ? slot.amount : null,
          weightKg: kg,
          restSec: slot.phase === "main" ? 120 : 30,
        })),
      },
      ctx,
    );
    doc = applyWorkoutChange(doc, add);
    add.result.setIds.forEach((setId, s) => {
      tick(timed ? slot.amount + 30 : 40 + Math.floor(random() * 100));
      const skipped = random() < 0.01;
      const lastSet = s === add.result.setIds.length - 1;
      const reps = timed
        ? null
        : slot.amount - (lastSet && random() < 0.3 ? 1 + Math.floor(random() * 2) : 0);
      const rpe =
        slot.phase !== "main" || random() < 0.15
          ? null
          : Math.min(10, 7 + s * 0.5 + (random() < 0.3 ? 0.5 : 0));
      doc = applyWorkoutChange(
        doc,
        logSet(
          skipped
            ? { setId, completed: false }
            : {
                setId,
                reps,
                durationSec: timed ? slot.amount + Math.round((random() - 0.3) * 10) : null,
                weightKg: kg,
                rpe,
              },
          ctx,
        ),
      );
      loggedSets++;
    });
    tick(60);
  }
  doc = applyWorkoutChange(doc, finishWorkout({ sessionRpe: light ? 5 : 7 + Math.round(random() * 2) }, ctx));
  return { date, title: plan.title, status: "completed", bytes: A.save(doc), loggedSets };
}

/** Progress that is fast at first and slower later, a lighter week every sixth, rounded to the plates. */
function loadFor(slot: Slot, week: number, light: boolean): number | null {
  if (slot.startKg === null) {
    if (slot.addedLoadAfterWeeks === undefined || week < slot.addedLoadAfterWeeks) return null;
    return roundTo(2.5 + (week - slot.addedLoadAfterWeeks) / 12, 2.5);
  }
  const kg = slot.startKg + (slot.gainKg ?? 0) * (1 - Math.exp(-week / 60));
  return roundTo(light ? kg * 0.9 : kg, slot.startKg < 20 ? 1 : 2.5);
}
