/**
 * Plans: how fast the rule planner is, and how long a plan request takes to become a plan visible on another
 * device (phone writes the request into the account document → server → job → worker → document → laptop).
 *
 * 1. Rule planner: `planWorkout` over seeded random profiles × contexts × recovery levels × recent sessions, in
 *    this process (the device and the worker run the same code). Goal p95 < 50 ms.
 * 2. Request → plan on a second device, through the real server and worker (both child processes, loopback),
 *    with the rules (no model configured). Goal p95 < 1 s. Time = the phone's `change` that writes the request
 *    until the laptop's document shows the worker's plan for it (same clock, both clients in this process).
 * 3. The same with a model configured: the worker asks a loopback OpenAI-compatible fake that answers after 2 s.
 *    The spec's bound for the model path is p95 ≤ 10 s; the overhead over the model's 2 s is reported.
 *
 * Run alone: `npm run bench -- --only plans [--quick]`.
 */
import type { AutomergeUrl, DocHandle } from "@automerge/automerge-repo";
import type { AccountDoc } from "@cadence/shared-schema";
import {
  EXERCISE_LIBRARY,
  GOALS,
  EXPERIENCE_LEVELS,
  BODY_REGIONS,
  emptyPlanContext,
  mulberry32,
  planWorkout,
  simulateRecovery,
  RECOVERY_LEVELS,
  type PlanInput,
  type ProfileEquipment,
  type RecentSession,
} from "@cadence/shared-schema/plan";
import { addPlanRequest, dayPlanView, planSeed, rulePlanFor } from "@cadence/shared-schema/requests";
import crypto from "node:crypto";
import os from "node:os";
import { OpenAIFake } from "../support/openai-fake.js";
import { connectCadenceClient, registerBenchUser } from "./support/clients.js";
import type { SpawnedServer } from "./support/proc.js";
import { benchTempDir, freePort, removeTempDir, sleep, spawnServer } from "./support/proc.js";
import type { Benchmark, BenchOptions, BenchResult, Goal, Summary } from "./support/report.js";
import { ms, printGoals, printNotes, printTable, progress, round, summarize } from "./support/report.js";

const EQUIPMENT: ProfileEquipment[] = [
  "bodyweight",
  "dumbbells",
  "barbell_rack",
  "kettlebells",
  "bands",
  "machines",
  "cardio_machines",
  "full_gym",
];

/** A seeded random planner input: any goal, level, time, equipment, injuries, context, recovery and history. */
function randomInput(random: () => number, today: string): PlanInput {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const some = <T>(xs: readonly T[], p: number): T[] => xs.filter(() => random() < p);
  const scale = () => (random() < 0.5 ? null : 1 + Math.floor(random() * 5));
  const context = emptyPlanContext();
  context.energy = scale();
  context.mood = scale();
  context.stress = scale();
  context.motivation = scale();
  context.sleepHours = random() < 0.5 ? null : Math.round((4 + random() * 5) * 2) / 2;
  context.soreness.legs = scale();
  context.soreness.back = scale();
  context.pain = some(BODY_REGIONS, 0.05);
  const library = EXERCISE_LIBRARY.filter((e) => e.phases.includes("main"));
  const sessions: RecentSession[] = Array.from({ length: Math.floor(random() * 7) }, (_, i) => ({
    date: new Date(Date.parse(`${today}T00:00:00Z`) - (i * 2 + 1) * 86_400_000).toISOString().slice(0, 10),
    sessionRpe: 6 + Math.floor(random() * 4),
    durationMinutes: 30 + Math.floor(random() * 40),
    exercises: Array.from({ length: 4 }, () => {
      const kg = 10 + Math.floor(random() * 80);
      return {
        exerciseId: pick(library).id,
        sets: Array.from({ length: 3 }, () => ({
          reps: 5 + Math.floor(random() * 8),
          durationSec: null,
          weightKg: kg,
          rpe: 6 + Math.floor(random() * 8) / 2,
          targetReps: 8,
          targetKg: kg,
          targetRpe: 8,
        })),
      };
    }),
  }));
  return {
    profile: {
      goal: pick(GOALS),
      experience: pick(EXPERIENCE_LEVELS),
      sessionMinutes: 20 + Math.floor(random() * 100),
      equipment: some(EQUIPMENT, 0.35),
      injuries: some(BODY_REGIONS, 0.1),
      likedExerciseIds: [],
      dislikedExerciseIds: [],
      bodyweightKg: random() < 0.5 ? null : 55 + Math.floor(random() * 50),
    },
    recentSessions: sessions,
    context,
    recovery: simulateRecovery(pick(RECOVERY_LEVELS)),
    weeksSinceDeload: random() < 0.5 ? null : Math.floor(random() * 10),
  };
}

function rulePlannerTimes(n: number): { cold: number; warm: Summary } {
  const random = mulberry32(20260504);
  const today = "2026-05-04";
  const inputs = Array.from({ length: n }, () => randomInput(random, today));
  const t0 = performance.now();
  planWorkout(inputs[0]!, { today, requestId: "bench-0", seed: 1 });
  const cold = performance.now() - t0;
  const times: number[] = [];
  inputs.forEach((input, i) => {
    const t = performance.now();
    planWorkout(input, { today, requestId: `bench-${i}`, seed: i });
    times.push(performance.now() - t);
  });
  return { cold, warm: summarize(times) };
}

interface Stack {
  server: SpawnedServer;
  dataDir: string;
  token: string;
  worker: SpawnedServer | null;
}

async function startStack(): Promise<Stack> {
  const dataDir = benchTempDir("cadence-bench-plans-");
  const token = crypto.randomBytes(32).toString("base64url");
  const server = await spawnServer({
    entry: "sync-server/src/main.ts",
    port: await freePort(),
    env: {
      DATA_DIR: dataDir,
      CLIENT_DIR: "",
      ARGON2_MEMORY_KIB: "1024",
      LOG_LEVEL: "warn",
      WORKER_TOKEN: token,
      JOBS_PER_USER_PER_HOUR: "100000",
    },
  });
  return { server, dataDir, token, worker: null };
}

async function startWorker(stack: Stack, env: Record<string, string>): Promise<SpawnedServer> {
  const port = await freePort();
  const worker = await spawnServer({
    entry: "ai-worker/src/main.ts",
    port,
    env: {
      CADENCE_SERVER_URL: stack.server.url,
      WORKER_TOKEN: stack.token,
      WORKER_HEALTH_PORT: String(port),
      LOG_LEVEL: "warn",
      OPENAI_API_KEY: "",
      OPENAI_BASE_URL: "",
      ...env,
    },
  });
  // Healthy means the loop runs; wait for the sync connection too, so the first request is not timed as a connect.
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const health = (await (await fetch(`${worker.url}/healthz`)).json()) as { connected?: boolean };
    if (health.connected) break;
    await sleep(50);
  }
  stack.worker = worker;
  return worker;
}

interface Timed {
  total: Summary;
  /** Until the second device sees the server's "queued" (request reached the server, job enqueued). */
  queued: Summary;
  worker: Summary;
  sources: Record<string, number>;
}

/**
 * `n` plan requests one after another from the phone; each timed until the laptop shows the worker's plan. Each
 * request is for the next day (as a user would over weeks), so finished ones are pruned from the account document.
 */
async function requestToPlan(stack: Stack, n: number, warmup: number): Promise<Timed> {
  const user = await registerBenchUser(stack.server.url);
  const phone = await connectCadenceClient(stack.server.url, user);
  const laptop = await connectCadenceClient(stack.server.url, user);
  const a = await phone.find<AccountDoc>(user.rootDocUrl as AutomergeUrl);
  const b = await laptop.find<AccountDoc>(user.rootDocUrl as AutomergeUrl);
  const totals: number[] = [];
  const queuedMs: number[] = [];
  const workerMs: number[] = [];
  const sources: Record<string, number> = {};
  const random = mulberry32(7);
  try {
    for (let i = 0; i < warmup + n; i++) {
      const date = new Date(Date.parse("2026-01-01T00:00:00Z") + i * 86_400_000).toISOString().slice(0, 10);
      const planInput = randomInput(random, date);
      let id = "";
      const t0 = performance.now();
      let queuedAt = Number.NaN;
      const onQueued = (): void => {
        if (Number.isNaN(queuedAt) && id !== "" && b.doc().requests[id]?.status !== undefined) {
          const status = b.doc().requests[id]!.status;
          if (status !== "requested") queuedAt = performance.now() - t0;
        }
      };
      b.on("change", onQueued);
      const seen = waitForPlan(b, date, () => id, 30_000);
      a.change((d) => {
        id = addPlanRequest(d, {
          date,
          seed: planSeed(user.userId, date),
          locale: "en",
          note: null,
          planInput,
        }).id;
      });
      const view = await seen;
      const elapsed = performance.now() - t0;
      b.off("change", onQueued);
      if (i < warmup) continue;
      totals.push(elapsed);
      queuedMs.push(Number.isNaN(queuedAt) ? elapsed : queuedAt);
      workerMs.push(view.latencyMs ?? NaN);
      sources[view.source ?? "none"] = (sources[view.source ?? "none"] ?? 0) + 1;
      progress(`${i + 1 - warmup}/${n}: ${elapsed.toFixed(0)} ms (${view.source})`);
    }
  } finally {
    await phone.shutdown();
    await laptop.shutdown();
  }
  return { total: summarize(totals), queued: summarize(queuedMs), worker: summarize(workerMs), sources };
}

function waitForPlan(
  handle: DocHandle<AccountDoc>,
  date: string,
  id: () => string,
  timeoutMs: number,
): Promise<ReturnType<typeof dayPlanView>> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const view = dayPlanView(handle.doc(), date, () => null);
      if (id() !== "" && view.request?.id === id() && view.origin === "worker") {
        cleanup();
        resolve(view);
        return true;
      }
      return false;
    };
    const onChange = (): void => void check();
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`no plan on the second device within ${timeoutMs} ms`));
    }, timeoutMs);
    const cleanup = (): void => {
      clearTimeout(timer);
      handle.off("change", onChange);
    };
    handle.on("change", onChange);
  });
}

const row = (name: string, s: Summary): Array<string | number> => [
  name,
  s.n,
  ms(s.p50),
  ms(s.p95),
  ms(s.max),
];

async function run(opts: BenchOptions): Promise<BenchResult> {
  const notes: string[] = [];
  progress("rule planner");
  const rules = rulePlannerTimes(opts.quick ? 200 : 1000);
  printTable(
    "Rule planner (planWorkout, random profiles × contexts × recovery × history)",
    ["", "n", "p50", "p95", "max"],
    [row("per plan", rules.warm), ["first call (cold)", 1, ms(rules.cold), "", ""]],
  );

  const stack = await startStack();
  let fake: OpenAIFake | null = null;
  let viaRules: Timed;
  let viaModel: Timed;
  try {
    progress("request → plan on a second device, rules");
    await startWorker(stack, {});
    viaRules = await requestToPlan(stack, opts.quick ? 10 : 40, 2);
    await stack.worker?.stop();

    progress("request → plan on a second device, fake model answering in 2 s");
    fake = await OpenAIFake.start((req) => {
      const user = req.user as { requestId: string; date: string; baseline: unknown };
      return {
        kind: "json",
        body: { noteSignals: null, plan: fakeModelPlan(user.requestId, user.date) },
        delayMs: 2_000,
      };
    });
    await startWorker(stack, {
      OPENAI_BASE_URL: fake.baseURL,
      OPENAI_API_KEY: "bench",
      OPENAI_MODEL: "fake-2s",
    });
    viaModel = await requestToPlan(stack, opts.quick ? 3 : 10, 1);
  } finally {
    await stack.worker?.stop();
    await stack.server.stop();
    await fake?.close();
    removeTempDir(stack.dataDir);
  }

  printTable(
    "Request → plan visible on a second device (server + worker child processes, loopback)",
    ["", "n", "p50", "p95", "max"],
    [
      row("rules: total", viaRules.total),
      row('rules: until "queued" is seen', viaRules.queued),
      row("rules: in the worker", viaRules.worker),
      row("fake model (2 s): total", viaModel.total),
      row("fake model (2 s): in the worker", viaModel.worker),
    ],
  );
  if ((viaModel.sources.model ?? 0) !== viaModel.total.n) {
    notes.push(`the model path answered from ${JSON.stringify(viaModel.sources)}; expected only "model"`);
  }
  const load = os.loadavg()[0] ?? 0;
  if (load > os.cpus().length) {
    notes.push(
      `load average ${load.toFixed(1)} on ${os.cpus().length} CPUs during the run: the latencies include waiting for a CPU`,
    );
  }
  const overhead = viaModel.total.p95 - 2_000;
  notes.push(
    `model path overhead over the model's 2 s (p95): ${ms(overhead)}; the worker's model budget is 9 s ` +
      "(OPENAI_TIMEOUT_MS) and then falls back, so the model path stays within the spec's 10 s",
  );

  const goals: Goal[] = [
    { name: "rule plan p95", goal: "< 50 ms", figure: ms(rules.warm.p95), met: rules.warm.p95 < 50 },
    {
      name: "request → plan on 2nd device, rules, p95",
      goal: "< 1 s",
      figure: ms(viaRules.total.p95),
      met: viaRules.total.p95 < 1_000,
    },
    {
      name: "request → plan on 2nd device, 2 s fake model, p95",
      goal: "≤ 10 s",
      figure: ms(viaModel.total.p95),
      met: viaModel.total.p95 <= 10_000,
    },
  ];
  printGoals(goals);
  printNotes(notes);
  return {
    name: "plans",
    figures: {
      rulePlanMs: { cold: round(rules.cold), ...mapRound(rules.warm) },
      requestToPlanRulesMs: mapRound(viaRules.total),
      requestToQueuedRulesMs: mapRound(viaRules.queued),
      requestToPlanRulesWorkerMs: mapRound(viaRules.worker),
      requestToPlanModelMs: mapRound(viaModel.total),
      requestToPlanModelWorkerMs: mapRound(viaModel.worker),
      modelSources: viaModel.sources,
    },
    goals,
    notes,
  };
}

/** What the fake model answers: the rule plan for that request, marked as the model's. */
function fakeModelPlan(requestId: string, date: string): unknown {
  const plan = rulePlanFor(requestId, {
    v: 1,
    generation: 1,
    date,
    seed: 1,
    locale: "en",
    note: null,
    planInput: randomInput(mulberry32(1), date),
  });
  return { ...plan, source: "model" };
}

const mapRound = (s: Summary) => ({ n: s.n, p50: round(s.p50), p95: round(s.p95), max: round(s.max) });

export const benchmark: Benchmark = {
  name: "plans",
  title: "Rule planner speed; plan request → plan on a second device (rules, and a 2 s fake model)",
  run,
};
