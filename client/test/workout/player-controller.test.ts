// The player's controller without a browser: a host that answers the context requests with a real in-memory
// Repo, the account and a manual workout. Time is faked (Date and the controller's interval): countdowns are
// timestamps, so a jump of the clock without ticks (a phone asleep) must give the same figures as ticking.
import { Repo } from "@automerge/automerge-repo";
import { newAccountDoc, type AccountDoc } from "@cadence/shared-schema";
import type { ReactiveController, ReactiveControllerHost, ReactiveElement } from "lit";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Session } from "../../src/api.js";
import { repoContext, sessionContext, unitsContext } from "../../src/context.js";
import { DEFAULT_UNITS } from "../../src/format.js";
import { leftMs } from "../../src/workout/countdown.js";
import { DEFAULT_REST_SEC, PlayerController } from "../../src/workout/player-controller.js";
import { startEmptyWorkout } from "../../src/workout/workouts.js";
import { MemoryStorage } from "../../../tests/support/memory-storage.js";

const USER = "u_0123456789abcdef";
const T0 = Date.parse("2026-11-24T10:00:00.000Z");

interface ContextRequest extends Event {
  readonly context: unknown;
  readonly callback: (value: unknown, unsubscribe?: () => void) => void;
}

/** Enough of a LitElement for the controllers: contexts, requestUpdate and the update cycle. */
class TestHost extends EventTarget {
  readonly controllers: ReactiveController[] = [];
  readonly updateComplete = Promise.resolve(true);

  constructor(values: ReadonlyMap<unknown, unknown>) {
    super();
    this.addEventListener("context-request", (event) => {
      const request = event as ContextRequest;
      if (values.has(request.context)) request.callback(values.get(request.context));
    });
  }

  addController(controller: ReactiveController): void {
    this.controllers.push(controller);
  }
  removeController(): void {}
  requestUpdate(): void {}
  connect(): void {
    for (const c of this.controllers) c.hostConnected?.();
  }
  update(): void {
    for (const c of this.controllers) c.hostUpdate?.();
    for (const c of this.controllers) c.hostUpdated?.();
  }
  disconnect(): void {
    for (const c of this.controllers) c.hostDisconnected?.();
  }
}

/** localStorage for Node: the countdown and the cue switches are kept there. */
class MemoryWebStorage {
  readonly #items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.#items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.#items.set(key, value);
  }
  removeItem(key: string): void {
    this.#items.delete(key);
  }
}

interface Opened {
  readonly player: PlayerController;
  readonly host: TestHost;
  readonly cues: string[];
}

let repo: Repo;
let session: Session;
let workoutId: string;
const hosts: TestHost[] = [];

/** A player for the workout, as the element would make it, once the account and the workout are loaded. */
async function openPlayer(): Promise<Opened> {
  const host = new TestHost(
    new Map<unknown, unknown>([
      [repoContext, repo],
      [sessionContext, session],
      [unitsContext, DEFAULT_UNITS],
    ]),
  );
  const player = new PlayerController(host as unknown as ReactiveControllerHost & ReactiveElement);
  const cues: string[] = [];
  player.onCue = (kind) => cues.push(kind);
  player.routeId = workoutId;
  host.connect();
  hosts.push(host);
  for (let i = 0; i < 50 && (player.screen !== "ready" || player.account.state !== "ready"); i++) {
    host.update();
    await new Promise((resolve) => setImmediate(resolve));
  }
  host.update();
  expect(player.screen).toBe("ready");
  return { player, host, cues };
}

/** Moves the clock without running any timer (the page was in the background, the phone asleep). */
function sleepFor(ms: number): void {
  vi.setSystemTime(Date.now() + ms);
}

/** Lets time pass with the controller's tick running. */
function waitFor(ms: number): void {
  vi.advanceTimersByTime(ms);
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date", "setInterval", "clearInterval"], now: T0 });
  vi.stubGlobal("localStorage", new MemoryWebStorage());
  vi.stubGlobal("document", {
    visibilityState: "hidden",
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
  });
  repo = new Repo({ storage: new MemoryStorage(), network: [] });
  const account = repo.create<AccountDoc>(newAccountDoc(USER, "Ada"));
  session = { user: { id: USER }, rootDocUrl: account.url } as unknown as Session;
  const workout = startEmptyWorkout(repo, (fn, message) => account.change(fn, { message }), {
    userId: USER,
    deviceId: "device-1",
  });
  workoutId = workout.documentId;
});

afterEach(async () => {
  for (const host of hosts.splice(0)) host.disconnect();
  await repo.shutdown();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

/** Adds an exercise through the player; the ids of its sets in order. */
function addExercise(player: PlayerController, exerciseId: string, phase: "main" | "intervals", n: number) {
  player.addExercise(exerciseId, phase, n);
  const exercise = player.view!.exercises.find((e) => e.exerciseId === exerciseId)!;
  return exercise.sets.map((s) => s.id);
}

describe("PlayerController: rest after a set", () => {
  it("starts the rest by itself after a performed set, with the target's rest, else 90 s", async () => {
    const { player } = await openPlayer();
    const [s1, s2, s3] = addExercise(player, "barbell_back_squat", "main", 3);
    expect(player.editTarget(s2!, { restSec: 120 }, false)).toBe(true);

    expect(player.log(s1!, { reps: 5, weightKg: 100 })).toBe(true);
    expect(player.countdown).toMatchObject({ kind: "rest", setId: s1, endsAt: T0 + DEFAULT_REST_SEC * 1000 });
    expect(player.announcement).toEqual({ kind: "logged", set: 1, exercise: "Barbell back squat" });

    sleepFor(10_000);
    player.log(s2!, { reps: 5, weightKg: 100 });
    expect(player.countdown).toMatchObject({ kind: "rest", setId: s2, endsAt: T0 + 10_000 + 120_000 });

    // The last set: nothing left to rest for.
    player.log(s3!, { reps: 5, weightKg: 100 });
    expect(player.countdown).toBeNull();
  });

  it("does not rest after a skipped set, and a correction of a logged set does not restart the rest", async () => {
    const { player } = await openPlayer();
    const [s1, s2] = addExercise(player, "barbell_back_squat", "main", 3);
    player.log(s1!, { completed: false });
    expect(player.countdown).toBeNull();
    player.log(s2!, { reps: 5, weightKg: 100 });
    const rest = player.countdown;
    sleepFor(20_000);
    player.log(s2!, { reps: 6, weightKg: 100 });
    expect(player.countdown).toBe(rest);
  });

  it("ends the rest on time, with the cue and the next set announced", async () => {
    const { player, cues } = await openPlayer();
    const [s1] = addExercise(player, "barbell_back_squat", "main", 2);
    player.log(s1!, { reps: 5, weightKg: 100 });
    waitFor(DEFAULT_REST_SEC * 1000 - 500);
    expect(player.countdown).not.toBeNull();
    expect(cues).toEqual([]);
    waitFor(500);
    expect(player.countdown).toBeNull();
    expect(cues).toEqual(["restOver"]);
    expect(player.announcement).toEqual({
      kind: "restOver",
      next: { exercise: "Barbell back squat", set: 2 },
    });
    expect(localStorage.getItem(`cadence.player.countdown.${workoutId}`)).toBeNull();
  });
});

describe("PlayerController: time from timestamps", () => {
  it("keeps the right time left across a sleep, a pause and a resume", async () => {
    const { player } = await openPlayer();
    const [s1] = addExercise(player, "barbell_back_squat", "main", 2);
    player.log(s1!, { reps: 5, weightKg: 100 });

    sleepFor(30_000); // no tick ran: what is left is still end − now
    expect(leftMs(player.countdown!, Date.now())).toBe(60_000);

    player.pause();
    expect(player.countdown).toMatchObject({ endsAt: null, pausedLeftMs: 60_000 });
    const activeAtPause = player.activeMs(Date.now());
    waitFor(5 * 60_000); // a paused countdown never ends, and the session clock stands still
    expect(player.countdown).toMatchObject({ endsAt: null, pausedLeftMs: 60_000 });
    expect(player.activeMs(Date.now())).toBe(activeAtPause);

    player.resume();
    expect(player.countdown).toMatchObject({ endsAt: Date.now() + 60_000, pausedLeftMs: null });
    waitFor(40_000);
    expect(leftMs(player.countdown!, Date.now())).toBe(20_000);
    expect(player.activeMs(Date.now())).toBe(activeAtPause + 40_000);
  });

  it("a reload keeps the running countdown, and it ends at the same moment", async () => {
    const first = await openPlayer();
    const [s1] = addExercise(first.player, "barbell_back_squat", "main", 2);
    first.player.log(s1!, { reps: 5, weightKg: 100 });
    const endsAt = first.player.countdown!.endsAt;
    sleepFor(25_000);
    first.host.disconnect(); // the page goes away

    sleepFor(5_000);
    const again = await openPlayer();
    expect(again.player.countdown).toMatchObject({ kind: "rest", setId: s1, endsAt });
    expect(leftMs(again.player.countdown!, Date.now())).toBe(60_000);
    waitFor(60_000);
    expect(again.player.countdown).toBeNull();
    expect(again.cues).toEqual(["restOver"]);
  });

  it("a countdown that ended while the page was closed ends at the first tick after the reload", async () => {
    const first = await openPlayer();
    const [s1] = addExercise(first.player, "barbell_back_squat", "main", 2);
    first.player.log(s1!, { reps: 5, weightKg: 100 });
    first.host.disconnect();
    sleepFor(10 * 60_000);
    const again = await openPlayer();
    waitFor(250);
    expect(again.player.countdown).toBeNull();
    expect(again.player.announcement).toMatchObject({ kind: "restOver" });
  });
});

describe("PlayerController: work and rest intervals", () => {
  it("alternates work and rest in an intervals phase: work ends → logged → rest → the next work starts", async () => {
    const { player, cues } = await openPlayer();
    const [w1, w2, w3] = addExercise(player, "plank", "intervals", 3);
    for (const id of [w1!, w2!, w3!]) expect(player.editTarget(id, { restSec: 15 }, false)).toBe(true);

    player.startWork(w1!, 30);
    expect(player.countdown).toMatchObject({ kind: "work", setId: w1, totalMs: 30_000 });
    waitFor(30_000);
    const first = player.view!.exercises[0]!.sets[0]!;
    expect(first.log).toMatchObject({ durationSec: 30, completed: true });
    expect(player.countdown).toMatchObject({ kind: "rest", setId: w1, totalMs: 15_000 });

    waitFor(15_000);
    expect(player.countdown).toMatchObject({ kind: "work", setId: w2, totalMs: 30_000 });
    expect(cues).toEqual(["workOver", "restOver"]);

    // Stopping a work interval early logs the time done.
    waitFor(12_000);
    player.skipCountdown();
    expect(player.view!.exercises[0]!.sets[1]!.log).toMatchObject({ durationSec: 12, completed: true });
    expect(player.countdown).toMatchObject({ kind: "rest", setId: w2 });

    // The last work interval: logged, and nothing after it.
    waitFor(15_000);
    expect(player.countdown).toMatchObject({ kind: "work", setId: w3 });
    waitFor(30_000);
    expect(player.countdown).toBeNull();
    expect(player.view!.logged).toBe(3);
  });

  it("outside an intervals phase the next timed set waits for a tap", async () => {
    const { player } = await openPlayer();
    const [p1] = addExercise(player, "plank", "main", 2);
    player.startWork(p1!, 30);
    waitFor(30_000 + DEFAULT_REST_SEC * 1000);
    expect(player.countdown).toBeNull();
    expect(player.view!.logged).toBe(1);
  });
});
