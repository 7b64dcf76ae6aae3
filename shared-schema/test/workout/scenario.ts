// Random scenarios for the convergence property: two devices and the server edit one workout (log, edit,
// unlog, add, remove, move, targets, swaps, exercises, notes, pause/resume; the server writes feedback) while
// the test delivers sync messages in random order, duplicates and drops them, and cuts and restores
// connections. `runScenario` replays one scenario deterministically (fixed actors, clock and ids), heals the
// network, and reports what the property checks.
import * as A from "@automerge/automerge";
import fc from "fast-check";
import { newWorkoutDoc, validateDocument, type WorkoutDoc } from "../../src/index.js";
import {
  addExercise,
  addSet,
  applyWorkoutChange,
  attachPlan,
  createWorkoutDocument,
  editNotes,
  editSet,
  editTarget,
  logSet,
  moveSet,
  pauseWorkout,
  removeExercise,
  removeSet,
  resumeWorkout,
  sessionView,
  startWorkout,
  swapExercise,
  unlogSet,
  WorkoutOpError,
  type EditContext,
  type WorkoutChange,
} from "../../src/workout/index.js";
import { SyncNet } from "./sync-net.js";
import { USER } from "./helpers.js";

export type Op =
  | {
      readonly k: "log";
      readonly pick: number;
      readonly reps: number;
      readonly kg: number;
      readonly rpe: number;
    }
  | { readonly k: "edit"; readonly pick: number; readonly reps: number }
  | { readonly k: "unlog"; readonly pick: number }
  | { readonly k: "add"; readonly pick: number; readonly logIt: boolean }
  | { readonly k: "remove"; readonly pick: number }
  | { readonly k: "move"; readonly pick: number; readonly after: number }
  | { readonly k: "target"; readonly pick: number; readonly kg: number; readonly remaining: boolean }
  | { readonly k: "swap"; readonly pick: number; readonly to: number }
  | { readonly k: "exercise"; readonly remove: boolean; readonly pick: number }
  | { readonly k: "notes"; readonly at: number; readonly text: string }
  | { readonly k: "pause" }
  | { readonly k: "resume" };

export type Step =
  | { readonly s: "op"; readonly who: number; readonly op: Op }
  | { readonly s: "deliver"; readonly link: number; readonly pick: number; readonly dup: boolean }
  | { readonly s: "flood"; readonly order: number }
  | { readonly s: "drop"; readonly link: number; readonly pick: number }
  | { readonly s: "disconnect"; readonly device: number }
  | { readonly s: "reconnect"; readonly device: number; readonly fresh: boolean };

const pick = fc.nat(1000);
/** True about once in `n` draws. */
const oneIn = (n: number) => fc.nat(n - 1).map((v) => v === 0);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      k: fc.constant("log" as const),
      pick,
      reps: fc.integer({ min: 0, max: 20 }),
      kg: fc.integer({ min: 0, max: 200 }),
      rpe: fc.integer({ min: 12, max: 20 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ k: fc.constant("edit" as const), pick, reps: fc.integer({ min: 0, max: 20 }) }),
  },
  { weight: 1, arbitrary: fc.record({ k: fc.constant("unlog" as const), pick }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant("add" as const), pick, logIt: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant("remove" as const), pick }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant("move" as const), pick, after: pick }) },
  {
    weight: 2,
    arbitrary: fc.record({
      k: fc.constant("target" as const),
      pick,
      kg: fc.integer({ min: 0, max: 200 }),
      remaining: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ k: fc.constant("swap" as const), pick, to: fc.nat(2) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant("exercise" as const), remove: fc.boolean(), pick }) },
  {
    weight: 2,
    arbitrary: fc.record({
      k: fc.constant("notes" as const),
      at: pick,
      text: fc.constantFrom("ok", "knee ", "PR!", "slow "),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ k: "pause" as const }) },
  { weight: 1, arbitrary: fc.constant({ k: "resume" as const }) },
);

export const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ s: fc.constant("op" as const), who: fc.nat(2), op: opArb }) },
  {
    weight: 8,
    arbitrary: fc.record({
      s: fc.constant("deliver" as const),
      link: fc.nat(3),
      pick: fc.nat(7),
      dup: oneIn(4),
    }),
  },
  { weight: 1, arbitrary: fc.record({ s: fc.constant("flood" as const), order: fc.nat(1000) }) },
  { weight: 1, arbitrary: fc.record({ s: fc.constant("drop" as const), link: fc.nat(3), pick: fc.nat(7) }) },
  {
    weight: 1,
    arbitrary: fc.record({ s: fc.constant("disconnect" as const), device: fc.integer({ min: 1, max: 2 }) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      s: fc.constant("reconnect" as const),
      device: fc.integer({ min: 1, max: 2 }),
      fresh: oneIn(5),
    }),
  },
);

export const scenarioArb = fc.array(stepArb, { minLength: 4, maxLength: 28 });

const SUBSTITUTES = [
  { exerciseId: "goblet_squat", name: "Goblet squat" },
  { exerciseId: "leg_press", name: "Leg press" },
  { exerciseId: "split_squat", name: "Split squat" },
];

/** A small plan: two exercises of two sets, so scenarios stay fast and ops often collide on the same sets. */
function smallPlan(): Record<string, unknown> {
  const set = (id: string) => ({
    id,
    reps: 5,
    durationSec: null,
    load: { type: "kg", kg: 100 },
    targetRpe: 8,
    targetRir: null,
    restSec: 90,
    cues: [],
  });
  return {
    phases: [
      {
        kind: "main",
        exercises: [
          { exerciseId: "barbell_back_squat", name: "Squat", sets: [set("s1"), set("s2")] },
          { exerciseId: "bench_press", name: "Bench", sets: [set("b1"), set("b2")] },
        ],
      },
    ],
  };
}

const NAMES = ["server", "phone", "tablet"] as const;
const ACTORS = ["cc".repeat(16), "aa".repeat(16), "bb".repeat(16)];

export interface ScenarioResult {
  readonly net: SyncNet;
  /** Changes made by any replica (distinct hashes). */
  readonly made: Set<string>;
  /** Set ids a log operation wrote, and ids a removal took away (by a replica that saw them). */
  readonly logged: Set<string>;
  readonly removed: Set<string>;
  /** The network went quiet and converged before any healing reconnect. */
  readonly convergedWithoutHeal: boolean;
}

let origin: A.Doc<WorkoutDoc> | null = null;

/** The server's workout with the plan attached and started: built once, cloned per run (it is the slow part). */
function originDoc(): A.Doc<WorkoutDoc> {
  if (origin) return origin;
  const ctx: EditContext = {
    by: "worker",
    deviceId: "svc-worker-test0001",
    now: () => new Date("2025-03-01T09:59:00.000Z"),
    newId: () => "origin",
  };
  let doc = createWorkoutDocument(newWorkoutDoc({ userId: USER, date: "2025-03-01", now: ctx.now!() }), ctx, {
    actor: ACTORS[0]!,
  });
  doc = applyWorkoutChange(doc, attachPlan(smallPlan(), ctx));
  origin = applyWorkoutChange(doc, startWorkout(ctx));
  return origin;
}

/** Replays a scenario: all replicas start from the server's workout with the plan attached and synced. */
export function runScenario(steps: readonly Step[]): ScenarioResult {
  let ms = Date.parse("2025-03-01T10:00:00.000Z");
  const now = () => new Date(ms);
  const contexts: EditContext[] = NAMES.map((name, i) => {
    let n = 0;
    return {
      by: i === 0 ? "worker" : USER,
      deviceId: name,
      now,
      newId: () => `${name[0]}${String(++n).padStart(5, "0")}`,
    };
  });
  const origin = originDoc();
  const net = new SyncNet(NAMES.map((name, i) => ({ name, doc: A.clone(origin, { actor: ACTORS[i]! }) })));
  const made = new Set<string>(A.getChangesMetaSince(origin, []).map((m) => m.hash));
  const logged = new Set<string>();
  const removed = new Set<string>();

  const change = (who: number, c: WorkoutChange<unknown>) => {
    const replica = net.replicas[who]!;
    const before = A.getHeads(replica.doc);
    try {
      replica.doc = applyWorkoutChange(replica.doc, c);
    } catch (error) {
      if (error instanceof WorkoutOpError) return false; // the op does not fit this replica's state
      throw error;
    }
    const after = A.getHeads(replica.doc);
    if (after.join() !== before.join()) for (const h of after) made.add(h);
    net.announce(who);
    return true;
  };

  for (const step of steps) {
    ms += 7_000;
    switch (step.s) {
      case "op":
        runOp(step.who, step.op, net, contexts[step.who]!, change, logged, removed);
        break;
      case "deliver":
        net.deliver(step.link, step.pick, step.dup);
        break;
      case "flood": {
        // Everything in flight, in a pseudo-random order (a full-period LCG), until the network is quiet.
        let x = step.order >>> 0;
        for (let n = 0; net.inFlight() > 0; n++) {
          if (n > 20_000) throw new Error("flood: the network did not go quiet");
          x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
          const busy = net.links.map((l, index) => ({ l, index })).filter(({ l }) => l.queue.length > 0);
          const { index } = busy[x % busy.length]!;
          net.deliver(index, x >>> 8, false);
        }
        break;
      }
      case "drop":
        net.drop(step.link, step.pick);
        break;
      case "disconnect":
        net.disconnect(step.device);
        break;
      case "reconnect":
        net.reconnect(step.device, step.fresh);
        break;
    }
  }
  const quiet = net.quiesce() >= 0;
  const convergedWithoutHeal = quiet && net.converged() && [1, 2].every((d) => net.isUp(d));
  net.heal();
  return { net, made, logged, removed, convergedWithoutHeal };
}

function runOp(
  who: number,
  op: Op,
  net: SyncNet,
  ctx: EditContext,
  change: (who: number, c: WorkoutChange<unknown>) => boolean,
  logged: Set<string>,
  removed: Set<string>,
): void {
  const doc = net.replicas[who]!.doc;
  const view = sessionView(doc);
  const sets = view.exercises.flatMap((e) => e.sets.map((s) => ({ ...s, exerciseKey: e.key })));
  const slotted = sets.filter((s) => doc.sets[s.id] !== undefined);
  const loggedSets = sets.filter((s) => s.log !== null);
  const exercises = view.exercises.filter((e) => e.key !== null);
  const choose = <T>(list: readonly T[], n: number): T | undefined => list[n % Math.max(1, list.length)];
  if (who === 0) {
    // The server's own writes: coach feedback, as the worker answers into the document.
    change(who, {
      action: "editDetails",
      options: {
        message: JSON.stringify({ by: "worker", deviceId: ctx.deviceId, action: "feedback" }),
        time: 0,
      },
      apply: (d: WorkoutDoc) => {
        d.feedback = {
          requestId: null,
          source: "rules",
          text: `note ${op.k}`,
          createdAt: ctx.now!().toISOString(),
        };
      },
      result: undefined,
    });
    return;
  }
  switch (op.k) {
    case "log": {
      const target = choose(slotted, op.pick);
      if (
        target &&
        change(who, logSet({ setId: target.id, reps: op.reps, weightKg: op.kg, rpe: op.rpe / 2 }, ctx))
      ) {
        logged.add(target.id);
      }
      return;
    }
    case "edit": {
      const target = choose(loggedSets, op.pick);
      if (target) change(who, editSet({ setId: target.id, reps: op.reps }, ctx));
      return;
    }
    case "unlog": {
      const target = choose(loggedSets, op.pick);
      if (target && change(who, unlogSet(target.id, ctx))) removed.add(target.id);
      return;
    }
    case "add": {
      const exercise = choose(exercises, op.pick);
      if (!exercise?.key) return;
      const c = addSet(
        { exerciseKey: exercise.key, ...(op.logIt ? { log: { reps: 5, weightKg: 60 } } : {}) },
        ctx,
      );
      if (change(who, c) && op.logIt) logged.add(c.result.setId);
      return;
    }
    case "remove": {
      const target = choose(sets, op.pick);
      if (target && change(who, removeSet(target.id, ctx))) removed.add(target.id);
      return;
    }
    case "move": {
      const target = choose(slotted, op.pick);
      if (!target) return;
      const siblings = slotted.filter((s) => s.exerciseKey === target.exerciseKey && s.id !== target.id);
      const after = op.after % (siblings.length + 1);
      change(
        who,
        moveSet({ setId: target.id, after: after === siblings.length ? null : siblings[after]!.id }, ctx),
      );
      return;
    }
    case "target": {
      const target = choose(slotted, op.pick);
      if (target)
        change(
          who,
          editTarget({ setId: target.id, target: { weightKg: op.kg }, remaining: op.remaining }, ctx),
        );
      return;
    }
    case "swap": {
      const exercise = choose(exercises, op.pick);
      const to = SUBSTITUTES[op.to % SUBSTITUTES.length]!;
      if (exercise?.key && exercise.exerciseId !== to.exerciseId) {
        change(who, swapExercise({ exerciseKey: exercise.key, to, reason: "busy" }, ctx));
      }
      return;
    }
    case "exercise": {
      if (!op.remove) {
        change(who, addExercise({ exerciseId: "lunge", name: "Lunge", sets: [{ reps: 10 }] }, ctx));
        return;
      }
      const exercise = choose(exercises, op.pick);
      if (exercise?.key && change(who, removeExercise(exercise.key, ctx))) {
        for (const s of exercise.sets) removed.add(s.id);
      }
      return;
    }
    case "notes": {
      const at = op.at % (doc.notes.length + 1);
      change(who, editNotes(doc.notes.slice(0, at) + op.text + doc.notes.slice(at), ctx));
      return;
    }
    case "pause":
      change(who, pauseWorkout(ctx));
      return;
    case "resume":
      change(who, resumeWorkout(ctx));
      return;
  }
}

/** Frees the replicas' wasm memory (a thousand runs would otherwise wait for the garbage collector). */
export function dispose(result: ScenarioResult): void {
  for (const replica of result.net.replicas) A.free(replica.doc);
}

/** What must hold after healing; returns the problems found (empty when the run passed). */
export function checkConverged(result: ScenarioResult): string[] {
  const problems: string[] = [];
  const { net, made, logged, removed } = result;
  if (!net.converged()) problems.push("replicas have different heads after healing");
  const contents = net.replicas.map((r) => JSON.stringify(A.toJS(r.doc)));
  if (contents.some((c) => c !== contents[0])) problems.push("replicas have different content");
  for (const replica of net.replicas) {
    const changes = A.getAllChanges(replica.doc).length;
    if (changes !== made.size)
      problems.push(`${replica.name} has ${changes} changes, ${made.size} were made`);
    const valid = validateDocument("workout", A.toJS(replica.doc));
    if (!valid.ok) problems.push(`${replica.name} is not schema-valid: ${valid.issues}`);
  }
  const view = sessionView(net.replicas[0]!.doc);
  const shown = new Map<string, number>();
  for (const e of view.exercises) for (const s of e.sets) shown.set(s.id, (shown.get(s.id) ?? 0) + 1);
  for (const [id, n] of shown) if (n > 1) problems.push(`set ${id} shown ${n} times`);
  for (const id of logged) {
    if (removed.has(id)) continue;
    const doc = net.replicas[0]!.doc;
    if (!doc.log[id]) problems.push(`logged set ${id} lost`);
    else if (shown.get(id) !== 1) problems.push(`logged set ${id} not shown exactly once`);
  }
  return problems;
}
