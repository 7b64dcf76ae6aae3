// Plan requests end to end: a device writes a request into the account document, the server turns it into a
// job, the worker answers into the document, every device shows one plan. With the real server, real sockets,
// the worker in-process or as a child process that gets killed, and the OpenAI-compatible fake.
import type { AutomergeUrl, DocHandle, PeerId, Repo as RepoType } from "@automerge/automerge-repo";
import { next as A } from "@automerge/automerge";
import { parseAutomergeUrl, Repo } from "@automerge/automerge-repo";
import { WebSocketClientAdapter } from "@automerge/automerge-repo-network-websocket";
import { createWorker, silentLogger, type Worker } from "@cadence/ai-worker";
import {
  makeClientPeerId,
  newDocRequest,
  newWorkoutDoc,
  type AccountDoc,
  type WorkoutDoc,
} from "@cadence/shared-schema";
import {
  addPlanRequest,
  dayPlanView,
  FeedbackResultSchema,
  planRequestsOf,
  rulePlanFor,
  type PlanRequestResult,
} from "@cadence/shared-schema/requests";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChildWorker } from "../support/child-worker.js";
import { OpenAIFake } from "../support/openai-fake.js";
import { planDraft } from "../support/plan-fixtures.js";
import {
  connectClient,
  registerUser,
  startTestServer,
  syncTicket,
  waitFor,
  type TestUser,
} from "../support/server.js";

const DATE = "2026-05-04";

type Server = Awaited<ReturnType<typeof startTestServer>>;

async function account(device: RepoType, user: TestUser): Promise<DocHandle<AccountDoc>> {
  const handle = await device.find<AccountDoc>(user.rootDocUrl as AutomergeUrl);
  await handle.whenReady();
  return handle;
}

function requestPlan(
  handle: DocHandle<AccountDoc>,
  deviceId: string,
  draft = planDraft({ date: DATE }),
): string {
  let id = "";
  handle.change((d) => {
    id = addPlanRequest(d, draft, { deviceId, immutableString: (s) => new A.ImmutableString(s) }).id;
  });
  return id;
}

/** A request's result as devices read it (a JSON copy: the worker stores plans with ImmutableStrings). */
const resultOf = (handle: DocHandle<AccountDoc>, id: string): PlanRequestResult | null | undefined =>
  planRequestsOf(handle.doc()).find((r) => r.id === id)?.result;

describe("plans through server and worker (rules)", () => {
  let server: Server;
  let worker: Worker;
  beforeAll(async () => {
    server = await startTestServer();
    worker = createWorker(
      { serverUrl: server.url, token: server.ctx.config.workerToken, claimWaitMs: 1000 },
      { log: silentLogger },
    );
    await worker.start();
  });
  afterAll(async () => {
    await worker.stop();
    await server.close();
  });

  it("answers a device's request; a second device sees the same plan; /metrics counts it", async () => {
    const user = await registerUser(server.url);
    const phone = await connectClient(server.url, user);
    const laptop = await connectClient(server.url, user);
    const a = await account(phone, user);
    const b = await account(laptop, user);
    const id = requestPlan(a, "phone");
    // At once, before any answer: the phone shows its own rule plan for that request.
    const early = dayPlanView(a.doc(), DATE);
    expect(early.request?.id).toBe(id);
    expect(early.origin).toBe("device");
    expect(early.plan?.phases.length).toBeGreaterThan(0);

    await waitFor(() => dayPlanView(b.doc(), DATE).origin === "worker", 10_000);
    const seen = dayPlanView(b.doc(), DATE);
    expect(seen.request?.id).toBe(id);
    expect(seen.source).toBe("rules");
    expect(seen.status).toBe("done");
    expect(seen.latencyMs).not.toBeNull();
    // Without a model the worker's plan is the device's plan: nothing jumps when the answer arrives.
    expect(seen.plan).toEqual(early.plan);
    expect(seen.plan).toEqual(rulePlanFor(id, seen.request!.input));
    // Stored as scalar strings, not per-character texts: the account document stays quick to load and sync.
    const stored = b.doc().requests[id]!.result as unknown as { plan: { rationale: { summary: unknown } } };
    expect(A.isImmutableString(stored.plan.rationale.summary)).toBe(true);

    // The worker reports source and latency when it completes the job, just after the device sees "done".
    const metrics = await waitFor(async () => {
      const text = await (await fetch(`${server.url}/metrics`)).text();
      return /cadence_ai_jobs_total\{kind="plan",source="rules"\} [1-9]/.test(text) && text;
    });
    expect(metrics).toMatch(/cadence_ai_job_duration_seconds_count\{kind="plan",source="rules"\} [1-9]/);
    await phone.shutdown();
    await laptop.shutdown();
  });

  it("two devices requesting at once get one plan", async () => {
    const user = await registerUser(server.url);
    const phone = await connectClient(server.url, user);
    const laptop = await connectClient(server.url, user);
    const a = await account(phone, user);
    const b = await account(laptop, user);
    // Both ask in the same instant: neither has seen the other's request, both are generation 1.
    const ida = requestPlan(a, "phone");
    const idb = requestPlan(b, "laptop");
    await waitFor(() => {
      const ra = a.doc().requests[ida];
      const rb = a.doc().requests[idb];
      return ra?.status === "done" && rb?.status === "done";
    }, 15_000);
    const results = [resultOf(a, ida)!, resultOf(a, idb)!];
    const withPlan = results.filter((r) => r.plan !== null);
    expect(withPlan).toHaveLength(1);
    const winner = withPlan[0]!.plan!.requestId;
    const loser = winner === ida ? idb : ida;
    expect(resultOf(a, loser)!.supersededBy).toBe(winner);
    await waitFor(
      () => dayPlanView(b.doc(), DATE).request?.id === winner && b.doc().requests[loser]?.status === "done",
    );
    // Both devices show the same single plan.
    expect(dayPlanView(a.doc(), DATE).request?.id).toBe(winner);
    expect(dayPlanView(b.doc(), DATE).request?.id).toBe(winner);
    expect(dayPlanView(b.doc(), DATE).plan).toEqual(dayPlanView(a.doc(), DATE).plan);
    await phone.shutdown();
    await laptop.shutdown();
  });

  it("a request made offline gets its plan after reconnecting", async () => {
    const user = await registerUser(server.url);
    const online = await connectClient(server.url, user);
    const watched = await account(online, user);
    // The device has the account document from an earlier session, and starts without a network.
    const { documentId } = parseAutomergeUrl(user.rootDocUrl as AutomergeUrl);
    const device = new Repo({ network: [], peerId: makeClientPeerId(user.userId) as PeerId });
    const handle = device.import<AccountDoc>(A.save(watched.doc()), { docId: documentId });
    await handle.whenReady();
    const id = requestPlan(handle, "offline-phone");
    const offlineView = dayPlanView(handle.doc(), DATE);
    expect(offlineView.status).toBe("requested");
    expect(offlineView.origin).toBe("device");
    await new Promise((r) => setTimeout(r, 300));
    expect(watched.doc().requests[id]).toBeUndefined();

    const ticket = await syncTicket(server.url, user.cookie);
    const ws = `${server.url.replace(/^http/, "ws")}/sync?ticket=${encodeURIComponent(ticket)}`;
    device.networkSubsystem.addNetworkAdapter(new WebSocketClientAdapter(ws, 60_000));
    await waitFor(() => dayPlanView(handle.doc(), DATE).origin === "worker", 15_000);
    const view = dayPlanView(handle.doc(), DATE);
    expect(view.request?.id).toBe(id);
    expect(view.plan).toEqual(offlineView.plan);
    await waitFor(() => dayPlanView(watched.doc(), DATE).origin === "worker");
    await device.shutdown();
    await online.shutdown();
  });

  it("regenerating makes a newer generation the day's plan, with less volume at Poor recovery", async () => {
    const user = await registerUser(server.url);
    const phone = await connectClient(server.url, user);
    const a = await account(phone, user);
    const first = requestPlan(a, "phone", planDraft({ date: DATE, recovery: "normal" }));
    await waitFor(() => dayPlanView(a.doc(), DATE).origin === "worker", 10_000);
    const second = requestPlan(a, "phone", planDraft({ date: DATE, recovery: "poor" }));
    expect(dayPlanView(a.doc(), DATE).request?.id).toBe(second);
    await waitFor(() => dayPlanView(a.doc(), DATE).origin === "worker", 10_000);
    const normal = resultOf(a, first)!.plan!;
    const poor = dayPlanView(a.doc(), DATE).plan!;
    const sets = (p: typeof poor) =>
      p.phases
        .filter((ph) => ph.kind === "main" || ph.kind === "intervals")
        .flatMap((ph) => ph.exercises.flatMap((e) => e.sets)).length;
    expect(sets(poor)).toBeLessThan(sets(normal));
    expect(poor.rationale.summary).toMatch(/Poor/);
    expect(
      planRequestsOf(a.doc(), DATE)
        .map((r) => r.input.generation)
        .sort(),
    ).toEqual([1, 2]);
    await phone.shutdown();
  });

  it("writes coach feedback into a finished workout", async () => {
    const user = await registerUser(server.url);
    const phone = await connectClient(server.url, user);
    const plan = rulePlanFor("11111111-1111-4111-8111-111111111111", {
      v: 1,
      generation: 1,
      ...planDraft({ date: DATE }),
    });
    const main = plan.phases.find((p) => p.kind === "main")!;
    const workout: WorkoutDoc = {
      ...newWorkoutDoc({ userId: user.userId, date: DATE }),
      status: "completed",
      startedAt: `${DATE}T17:00:00.000Z`,
      finishedAt: `${DATE}T17:42:00.000Z`,
      sessionRpe: 7,
      plan: plan,
    };
    for (const ex of main.exercises) {
      for (const s of ex.sets) {
        (workout.log as Record<string, unknown>)[s.id] = {
          id: s.id,
          exerciseKey: null,
          exerciseId: ex.exerciseId,
          exerciseName: ex.name,
          plannedSetId: s.id,
          reps: s.reps ?? 0,
          weightKg: 20,
          rpe: 7,
          durationSec: s.durationSec,
          completed: true,
          completedAt: `${DATE}T17:10:00.000Z`,
          deviceId: "phone",
        };
      }
    }
    const handle = phone.create<WorkoutDoc>(workout);
    const request = newDocRequest("feedback", { v: 1, locale: "en" }, { deviceId: "phone" });
    handle.change((d) => {
      d.requests[request.id] = request;
    });
    await waitFor(() => handle.doc().requests[request.id]?.status === "done", 15_000);
    const result = FeedbackResultSchema.parse(handle.doc().requests[request.id]!.result);
    expect(result.source).toBe("rules");
    expect(result.summary).toMatch(/You completed \d+ of \d+ planned sets \(42 min\)/);
    expect(result.suggestion.length).toBeGreaterThan(10);
    expect(handle.doc().feedback).toMatchObject({ requestId: request.id, source: "rules" });
    expect(handle.doc().feedback?.text).toContain(result.suggestion);
    await phone.shutdown();
  });
});

describe("quotas", () => {
  it("a request over the hourly quota fails with a retry time", async () => {
    const server = await startTestServer({ jobsPerUserPerHour: 1 });
    try {
      const user = await registerUser(server.url);
      const phone = await connectClient(server.url, user);
      const a = await account(phone, user);
      const first = requestPlan(a, "phone");
      await waitFor(() => a.doc().requests[first]?.status === "queued");
      const second = requestPlan(a, "phone");
      await waitFor(() => a.doc().requests[second]?.status === "failed");
      // The day shows the newest request: failed, with the reason and when to try again, and the device's own
      // rule plan for what was asked.
      const view = dayPlanView(a.doc(), DATE);
      expect(view.request?.id).toBe(second);
      expect(view.status).toBe("failed");
      expect(view.error).toMatch(/Try again at/);
      expect(Date.parse(view.retryAt ?? "")).toBeGreaterThan(Date.now());
      expect(view.origin).toBe("device");
      expect(view.plan?.phases.length).toBeGreaterThan(0);
      await phone.shutdown();
    } finally {
      await server.close();
    }
  });
});

describe("a worker killed mid-job", () => {
  let server: Server;
  let fake: OpenAIFake;
  beforeAll(async () => {
    server = await startTestServer({ jobLeaseMs: 2_000 });
    fake = await OpenAIFake.start((req, i) => {
      const user = req.user as { requestId: string; date: string };
      const plan = rulePlanFor(user.requestId, { v: 1, generation: 1, ...planDraft({ date: user.date }) });
      const body = {
        noteSignals: null,
        plan: { ...plan, source: "model", rationale: { ...plan.rationale, summary: `model answer ${i}` } },
      };
      // The first answer takes long enough to kill the worker while it waits.
      return { kind: "json", body, delayMs: i === 0 ? 4_000 : 100 };
    });
  });
  afterAll(async () => {
    await fake.close();
    await server.close();
  });

  it("produces exactly one plan after a restart", async () => {
    const env = {
      OPENAI_BASE_URL: fake.baseURL,
      OPENAI_API_KEY: "k",
      OPENAI_MODEL: "fake",
      OPENAI_TIMEOUT_MS: "9000",
    };
    const first = await ChildWorker.start({
      serverUrl: server.url,
      workerToken: server.ctx.config.workerToken,
      env,
    });
    const user = await registerUser(server.url);
    const phone = await connectClient(server.url, user);
    const a = await account(phone, user);
    const id = requestPlan(a, "phone");
    await waitFor(() => a.doc().requests[id]?.status === "working" && fake.requests.length === 1, 15_000);
    await first.kill9();

    const second = await ChildWorker.start({
      serverUrl: server.url,
      workerToken: server.ctx.config.workerToken,
      env,
    });
    try {
      await waitFor(() => a.doc().requests[id]?.status === "done", 20_000);
      const result = resultOf(a, id)!;
      expect(result.source).toBe("model");
      expect(result.plan?.rationale.summary).toBe("model answer 1");
      expect(planRequestsOf(a.doc(), DATE).filter((r) => r.result?.plan)).toHaveLength(1);
      await waitFor(() => server.ctx.jobs.counts().done === 1);
      expect(server.ctx.jobs.counts()).toMatchObject({ done: 1, running: 0, queued: 0 });
      expect(fake.requests).toHaveLength(2);
    } finally {
      await second.stop();
      await phone.shutdown();
    }
  }, 60_000);
});
