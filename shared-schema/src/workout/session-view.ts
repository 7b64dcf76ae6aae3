// The read model of a workout: exercises in show order with their sets (target + log), numbered as the player
// shows them, the next set to do, and the session's timing. Pure functions of a document (live proxy, view or
// plain copy); every replica with the same document shows the same thing.
import type {
  Pause,
  SetLog,
  SetTarget,
  WorkoutDoc,
  WorkoutExercise,
  WorkoutPhase,
  WorkoutSet,
} from "../documents/workout.js";
import { WORKOUT_PHASES } from "../documents/workout.js";
import { compareOrdered } from "./order-keys.js";

export interface SetView {
  readonly id: string;
  /** 1-based position within its exercise, as shown ("set 3 of Squat"). */
  readonly number: number;
  readonly plannedSetId: string | null;
  /** Null when the set's slot is gone (removed on one device while logged on another) or for a v1 log. */
  readonly target: SetTarget | null;
  readonly log: SetLog | null;
}

export interface ExerciseView {
  /** Key in `exercises`; null for a group of logs whose exercise entry is gone. */
  readonly key: string | null;
  readonly exerciseId: string;
  readonly name: string;
  readonly phase: WorkoutPhase;
  readonly dose: "reps" | "time";
  readonly sets: readonly SetView[];
}

export interface SessionView {
  readonly exercises: readonly ExerciseView[];
  /** Sets with a log (performed or skipped). */
  readonly logged: number;
  readonly total: number;
  /** The first set without a log, in show order; null when every set is logged. */
  readonly next: { readonly exerciseKey: string | null; readonly setId: string } | null;
  /** A pause is open (on any device). */
  readonly paused: boolean;
}

type Sections = Pick<WorkoutDoc, "exercises" | "sets" | "log" | "pauses">;

/** The maps of a document, empty where a pre-version-2 document lacks them. */
function sections(doc: Readonly<Partial<Sections>>): Sections {
  return {
    exercises: doc.exercises ?? {},
    sets: doc.sets ?? {},
    log: doc.log ?? {},
    pauses: doc.pauses ?? {},
  };
}

function phaseIndex(phase: string): number {
  const i = (WORKOUT_PHASES as readonly string[]).indexOf(phase);
  return i < 0 ? WORKOUT_PHASES.length : i;
}

/** Exercises in show order: phase, then order key, then id. */
export function orderedExercises(doc: Readonly<Partial<Sections>>): WorkoutExercise[] {
  return Object.values(sections(doc).exercises).sort(
    (a, b) => phaseIndex(a.phase) - phaseIndex(b.phase) || compareOrdered(a, b),
  );
}

/** The set slots of one exercise in show order. */
export function orderedSets(doc: Readonly<Partial<Sections>>, exerciseKey: string): WorkoutSet[] {
  return Object.values(sections(doc).sets)
    .filter((s) => s.exerciseKey === exerciseKey)
    .sort(compareOrdered);
}

function byCompletion(a: SetLog, b: SetLog): number {
  if (a.completedAt !== b.completedAt) return a.completedAt < b.completedAt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Exercises and sets as the player and the history show them. A log whose set slot is gone is listed after the
 * slotted sets of its exercise (or, when the exercise is gone too, in a group of its own at the end): a logged
 * set is never hidden. An unlogged set whose exercise was removed is not shown.
 */
export function sessionView(doc: Readonly<Partial<Sections>>): SessionView {
  const { exercises, sets, log, pauses } = sections(doc);
  const strays = new Map<string, SetLog[]>();
  const strayGroups = new Map<string, SetLog[]>();
  for (const entry of Object.values(log)) {
    const slot = sets[entry.id];
    const key = slot && exercises[slot.exerciseKey] ? slot.exerciseKey : null;
    if (key !== null) continue;
    if (entry.exerciseKey !== null && exercises[entry.exerciseKey]) {
      const list = strays.get(entry.exerciseKey) ?? [];
      list.push(entry);
      strays.set(entry.exerciseKey, list);
    } else {
      const list = strayGroups.get(entry.exerciseId) ?? [];
      list.push(entry);
      strayGroups.set(entry.exerciseId, list);
    }
  }

  const views: ExerciseView[] = [];
  let logged = 0;
  let total = 0;
  let next: SessionView["next"] = null;
  const add = (view: ExerciseView) => {
    views.push(view);
    for (const set of view.sets) {
      total++;
      if (set.log) logged++;
      else if (next === null) next = { exerciseKey: view.key, setId: set.id };
    }
  };

  for (const exercise of orderedExercises({ exercises })) {
    const slotted: SetView[] = orderedSets({ sets }, exercise.id).map((s, i) => ({
      id: s.id,
      number: i + 1,
      plannedSetId: s.plannedSetId,
      target: s.target,
      log: log[s.id] ?? null,
    }));
    const extra = (strays.get(exercise.id) ?? []).sort(byCompletion).map((entry, i): SetView => ({
      id: entry.id,
      number: slotted.length + i + 1,
      plannedSetId: entry.plannedSetId,
      target: null,
      log: entry,
    }));
    add({
      key: exercise.id,
      exerciseId: exercise.exerciseId,
      name: exercise.name,
      phase: exercise.phase,
      dose: exercise.dose,
      sets: [...slotted, ...extra],
    });
  }

  const groups = [...strayGroups.values()].map((list) => list.sort(byCompletion));
  groups.sort((a, b) => byCompletion(a[0]!, b[0]!));
  for (const list of groups) {
    const first = list[0]!;
    add({
      key: null,
      exerciseId: first.exerciseId,
      name: first.exerciseName,
      phase: "main",
      dose: list.every((l) => l.reps === null && l.durationSec !== null) ? "time" : "reps",
      sets: list.map((entry, i) => ({
        id: entry.id,
        number: i + 1,
        plannedSetId: entry.plannedSetId,
        target: null,
        log: entry,
      })),
    });
  }

  const paused = Object.values(pauses).some((p) => p.resumedAt === null);
  return { exercises: views, logged, total, next, paused };
}

/** Where a set is shown: its exercise's view and the set's view, or null when it is not shown. */
export function findSet(
  view: SessionView,
  setId: string,
): { readonly exercise: ExerciseView; readonly set: SetView } | null {
  for (const exercise of view.exercises) {
    const set = exercise.sets.find((s) => s.id === setId);
    if (set) return { exercise, set };
  }
  return null;
}

export interface SessionTiming {
  /** Wall time from start to finish (or to `now` while running), ms; 0 before the start. */
  readonly elapsedMs: number;
  /** Paused time inside it (the union of every device's pauses), ms. */
  readonly pausedMs: number;
  /** elapsed - paused: the training time used for duration and session load. */
  readonly activeMs: number;
}

/** Timing of a session. Overlapping pauses from two devices count once; an open pause runs until `now`. */
export function sessionTiming(
  doc: Readonly<Pick<WorkoutDoc, "startedAt" | "finishedAt"> & Partial<Pick<WorkoutDoc, "pauses">>>,
  now: Date,
): SessionTiming {
  if (doc.startedAt === null) return { elapsedMs: 0, pausedMs: 0, activeMs: 0 };
  const start = Date.parse(doc.startedAt);
  const end = Math.max(start, doc.finishedAt === null ? now.getTime() : Date.parse(doc.finishedAt));
  const intervals = Object.values<Pause>(doc.pauses ?? {})
    .map((p) => {
      const from = Math.max(start, Date.parse(p.pausedAt));
      const to = Math.min(end, p.resumedAt === null ? end : Date.parse(p.resumedAt));
      return [from, to] as const;
    })
    .filter(([from, to]) => to > from)
    .sort((a, b) => a[0] - b[0]);
  let pausedMs = 0;
  let coveredTo = -Infinity;
  for (const [from, to] of intervals) {
    const lo = Math.max(from, coveredTo);
    if (to > lo) pausedMs += to - lo;
    coveredTo = Math.max(coveredTo, to);
  }
  const elapsedMs = end - start;
  return { elapsedMs, pausedMs, activeMs: elapsedMs - pausedMs };
}
