// The plan job's model path with the real `openai` client against a loopback OpenAI-compatible fake: each way a
// model can answer ends in the documented plan source (docs/plans.md, "Sources and fallbacks").
import {
  ModelClient,
  planHandler,
  silentLogger,
  type Job,
  type JobHandler,
  type ModelConfig,
} from "@cadence/ai-worker";
import {
  EXERCISE_LIBRARY,
  exerciseById,
  PlanSchema,
  availableEquipment,
  hasEquipmentFor,
  type Plan,
} from "@cadence/shared-schema/plan";
import {
  planInputHash,
  PlanRequestResultSchema,
  rulePlanFor,
  type PlanRequestInput,
  type PlanRequestResult,
} from "@cadence/shared-schema/requests";
import type { DocRequest } from "@cadence/shared-schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OpenAIFake, type FakeHandler, type FakeRequest } from "../support/openai-fake.js";
import { accountWithPlanRequest, planDraft } from "../support/plan-fixtures.js";

let fake: OpenAIFake;
let handler: FakeHandler = () => ({ kind: "status", status: 500 });

beforeAll(async () => {
  fake = await OpenAIFake.start((req, i) => handler(req, i));
});
afterAll(async () => {
  await fake.close();
});

function model(overrides: Partial<ModelConfig> = {}): ModelClient {
  return new ModelClient({
    apiKey: "test-key",
    baseURL: fake.baseURL,
    model: "fake-coach",
    budgetMs: 2_000,
    maxRetries: 1,
    ...overrides,
  });
}

function job(requestId: string): Job {
  return {
    id: "job.1",
    requestId,
    kind: "plan",
    docUrl: "automerge:4NMNnkMhL8jXrdJ9jamS58PAVdXu",
    attempts: 1,
    leaseExpiresAt: new Date(Date.now() + 60_000).toISOString(),
  };
}

async function runPlan(
  h: JobHandler,
  document: object,
  requestId: string,
  input: PlanRequestInput,
): Promise<PlanRequestResult> {
  const result = await h.run({
    job: job(requestId),
    input: JSON.parse(JSON.stringify(input)) as Record<string, unknown>,
    document: JSON.parse(JSON.stringify(document)) as Record<string, unknown>,
    signal: new AbortController().signal,
    log: silentLogger,
  });
  return PlanRequestResultSchema.parse(result);
}

/** A plan as a good model would write it: the baseline with its own words. */
function modelPlan(requestId: string, input: PlanRequestInput): Plan {
  const base = rulePlanFor(requestId, input);
  return {
    ...base,
    source: "model",
    rationale: { ...base.rationale, summary: "Model: a steady session; legs stay fresh for the weekend." },
  };
}

function setup(options: Parameters<typeof planDraft>[0] = {}, consent = false) {
  const { doc, requestId } = accountWithPlanRequest(planDraft(options), consent);
  const input = doc.requests[requestId]!.input as unknown as PlanRequestInput;
  return { doc, requestId, input };
}

const requestsSince = (n: number): FakeRequest[] => fake.requests.slice(n);

/** Another plan request like `like`, queued, for `input`. */
const queued = (like: DocRequest, id: string, input: PlanRequestInput): DocRequest => ({
  ...like,
  kind: "plan",
  id,
  status: "queued",
  input,
  result: null,
});

describe("plan job against an OpenAI-compatible endpoint", () => {
  it("uses a valid model plan (source model) and records latency", async () => {
    const { doc, requestId, input } = setup();
    handler = () => ({ kind: "json", body: { noteSignals: null, plan: modelPlan(requestId, input) } });
    const before = fake.requests.length;
    const r = await runPlan(planHandler({ model: model() }), doc, requestId, input);
    expect(r.source).toBe("model");
    expect(r.plan?.source).toBe("model");
    expect(r.plan?.requestId).toBe(requestId);
    expect(r.plan?.rationale.summary).toMatch(/^Model:/);
    expect(r.fallbackReason).toBeNull();
    expect(r.model).toBe("fake-coach");
    expect(r.latencyMs).toBeGreaterThanOrEqual(0);
    expect(r.inputHash).toBe(planInputHash(input));
    expect(PlanSchema.safeParse(r.plan).success).toBe(true);
    const sent = requestsSince(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body.response_format?.json_schema?.strict).toBe(true);
    expect(sent[0]!.headers.authorization).toBe("Bearer test-key");
  });

  it("falls back to the rules on malformed JSON (invalid_output)", async () => {
    const { doc, requestId, input } = setup();
    handler = () => ({ kind: "content", content: '{"plan": {"phases": [' });
    const r = await runPlan(planHandler({ model: model() }), doc, requestId, input);
    expect(r.source).toBe("rules");
    expect(r.fallbackReason).toBe("invalid_output");
    expect(r.plan).toEqual(rulePlanFor(requestId, input));
  });

  it("falls back to the rules on a schema violation (invalid_output)", async () => {
    const { doc, requestId, input } = setup();
    const plan = modelPlan(requestId, input);
    const broken = JSON.parse(JSON.stringify(plan)) as Plan;
    // A set with neither reps nor a duration, and an RPE off the scale.
    broken.phases[1]!.exercises[0]!.sets[0] = {
      ...broken.phases[1]!.exercises[0]!.sets[0]!,
      reps: null,
      targetRpe: 14,
    };
    handler = () => ({ kind: "json", body: { noteSignals: null, plan: broken } });
    const r = await runPlan(planHandler({ model: model() }), doc, requestId, input);
    expect(r.source).toBe("rules");
    expect(r.fallbackReason).toBe("invalid_output");
  });

  it("clamps a plan that breaks the user's constraints and keeps it (source model, corrections)", async () => {
    const { doc, requestId, input } = setup({ profile: { equipment: ["dumbbells"], injuries: ["knee"] } });
    const plan = modelPlan(requestId, input);
    const main = plan.phases.find((p) => p.kind === "main")!;
    // The model puts a barbell back squat (no rack at home, and it loads the injured knee) first, with 15 min rest.
    main.exercises[0] = {
      exerciseId: "barbell_back_squat",
      name: "Back squat",
      substitutesFor: null,
      sets: main.exercises[0]!.sets.map((s) => ({ ...s, restSec: 900 })),
    };
    handler = () => ({ kind: "json", body: { noteSignals: null, plan } });
    const r = await runPlan(planHandler({ model: model() }), doc, requestId, input);
    expect(r.source).toBe("model");
    expect(r.corrections.length).toBeGreaterThan(0);
    const available = availableEquipment(input.planInput.profile.equipment);
    for (const ex of r.plan!.phases.flatMap((p) => p.exercises)) {
      const def = exerciseById(ex.exerciseId)!;
      expect(def, ex.exerciseId).toBeDefined();
      expect(hasEquipmentFor(def, available), ex.exerciseId).toBe(true);
      expect(def.regions, ex.exerciseId).not.toContain("knee");
      for (const s of ex.sets) expect(s.restSec).toBeLessThanOrEqual(300);
    }
    expect(r.plan!.estimatedMinutes).toBeLessThanOrEqual(input.planInput.profile.sessionMinutes);
  });

  it("gives up on a slow answer within the budget (timeout) and uses the rules", async () => {
    const { doc, requestId, input } = setup();
    handler = () => ({
      kind: "json",
      body: { noteSignals: null, plan: modelPlan(requestId, input) },
      delayMs: 5_000,
    });
    const started = Date.now();
    const r = await runPlan(planHandler({ model: model({ budgetMs: 800 }) }), doc, requestId, input);
    const elapsed = Date.now() - started;
    expect(r.source).toBe("rules");
    expect(r.fallbackReason).toBe("timeout");
    expect(elapsed).toBeLessThan(2_000);
    expect(r.latencyMs).toBeLessThan(2_000);
  });

  it("retries a 429 once within the budget, then falls back (rate_limited)", async () => {
    const { doc, requestId, input } = setup();
    handler = () => ({ kind: "status", status: 429, headers: { "retry-after-ms": "50" } });
    const before = fake.requests.length;
    const r = await runPlan(planHandler({ model: model() }), doc, requestId, input);
    expect(r.source).toBe("rules");
    expect(r.fallbackReason).toBe("rate_limited");
    expect(requestsSince(before)).toHaveLength(2);
  });

  it("uses the answer of a retry after a 429", async () => {
    const { doc, requestId, input } = setup();
    const before = fake.requests.length;
    handler = (_req, i) =>
      i === before
        ? { kind: "status", status: 429 }
        : { kind: "json", body: { noteSignals: null, plan: modelPlan(requestId, input) } };
    const r = await runPlan(planHandler({ model: model() }), doc, requestId, input);
    expect(r.source).toBe("model");
    expect(requestsSince(before)).toHaveLength(2);
  });

  it("falls back on a 500 (server_error) after one retry", async () => {
    const { doc, requestId, input } = setup();
    handler = () => ({ kind: "status", status: 500 });
    const before = fake.requests.length;
    const r = await runPlan(planHandler({ model: model() }), doc, requestId, input);
    expect(r.source).toBe("rules");
    expect(r.fallbackReason).toBe("server_error");
    expect(requestsSince(before)).toHaveLength(2);
  });

  it("falls back on a refusal (refusal)", async () => {
    const { doc, requestId, input } = setup();
    handler = () => ({ kind: "refusal", refusal: "I can't help with that." });
    const r = await runPlan(planHandler({ model: model() }), doc, requestId, input);
    expect(r.source).toBe("rules");
    expect(r.fallbackReason).toBe("refusal");
  });

  it("falls back to the cached model plan (≤ 24 h, same input) before the rules", async () => {
    const { doc, requestId, input } = setup();
    handler = () => ({ kind: "json", body: { noteSignals: null, plan: modelPlan(requestId, input) } });
    const h = planHandler({ model: model() });
    const first = await runPlan(h, doc, requestId, input);
    expect(first.source).toBe("model");
    const firstRequest = doc.requests[requestId]!;
    firstRequest.status = "done";
    firstRequest.result = first;

    // Regenerate with the same inputs while the endpoint fails: the cached model plan comes back.
    const again = { ...input, generation: 2 };
    const secondId = crypto.randomUUID();
    doc.requests[secondId] = queued(firstRequest, secondId, again);
    handler = () => ({ kind: "status", status: 500 });
    const second = await runPlan(h, doc, secondId, again);
    expect(second.source).toBe("cached");
    expect(second.fallbackReason).toBe("server_error");
    expect(second.plan?.requestId).toBe(secondId);
    expect(second.plan?.rationale.summary).toBe(first.plan?.rationale.summary);

    // Other inputs (recovery Poor) never reuse it: the rules answer, so the change shows.
    const poor = {
      ...again,
      generation: 3,
      planInput: { ...again.planInput, recovery: { bias: -1 as const, hrvScore: 35, sleepScore: 40 } },
    };
    const thirdId = crypto.randomUUID();
    doc.requests[thirdId] = queued(firstRequest, thirdId, poor);
    const third = await runPlan(h, doc, thirdId, poor);
    expect(third.source).toBe("rules");

    // Older than 24 h: not reused either.
    const later = { ...again, generation: 4 };
    const fourthId = crypto.randomUUID();
    doc.requests[fourthId] = queued(firstRequest, fourthId, later);
    const late = planHandler({ model: model(), now: () => new Date(Date.now() + 25 * 3600_000) });
    const fourth = await runPlan(late, doc, fourthId, later);
    expect(fourth.source).toBe("rules");
    expect(fourth.fallbackReason).toBe("server_error");
  });

  it("answers with the rules when no model is configured (not a fallback)", async () => {
    const { doc, requestId, input } = setup();
    const before = fake.requests.length;
    const r = await runPlan(planHandler({ model: null }), doc, requestId, input);
    expect(r.source).toBe("rules");
    expect(r.fallbackReason).toBeNull();
    expect(r.model).toBeNull();
    expect(fake.requests.length).toBe(before);
  });
});

describe("what the model is told", () => {
  const note = "slept 5h, legs tired, motivation low — playing my Spotify running mix";

  it("never sends context text without consent, only the parsed signals", async () => {
    const { doc, requestId, input } = setup(
      {
        note,
        context: {
          sleepHours: 5,
          soreness: { legs: 4, back: null, chest: null, shoulders: null, arms: null, core: null },
        },
      },
      false,
    );
    handler = () => ({ kind: "json", body: { noteSignals: null, plan: modelPlan(requestId, input) } });
    const before = fake.requests.length;
    await runPlan(planHandler({ model: model() }), doc, requestId, input);
    const sent = requestsSince(before)[0]!;
    expect(sent.raw).not.toContain("slept 5h");
    expect(sent.raw).not.toMatch(/spotify/i);
    const user = sent.user as { note?: string; context: { sleepHours: number } };
    expect(user.note).toBeUndefined();
    expect(user.context.sleepHours).toBe(5);
  });

  it("sends the text with consent, and uses the model's reading of it (pain it read is excluded too)", async () => {
    const { doc, requestId, input } = setup({ note: "my shoulder hurts today" }, true);
    const plan = modelPlan(requestId, input);
    handler = () => ({
      kind: "json",
      body: {
        noteSignals: {
          energy: null,
          mood: null,
          sleepHours: null,
          sleepQuality: null,
          stress: null,
          motivation: null,
          soreness: { legs: null, back: null, chest: null, shoulders: null, arms: null, core: null },
          pain: ["shoulder"],
          focus: [],
          flags: [],
        },
        plan,
      },
    });
    const before = fake.requests.length;
    const r = await runPlan(planHandler({ model: model() }), doc, requestId, input);
    const sent = requestsSince(before)[0]!;
    expect((sent.user as { note?: string }).note).toBe("my shoulder hurts today");
    expect(r.source).toBe("model");
    expect(r.noteSignals?.pain).toEqual(["shoulder"]);
    for (const ex of r.plan!.phases.flatMap((p) => p.exercises)) {
      expect(exerciseById(ex.exerciseId)!.regions, ex.exerciseId).not.toContain("shoulder");
    }
  });

  it("tells the model the profile, last three sessions, signals, recovery, allowed exercises and baseline only", async () => {
    const draft = planDraft({ recovery: "poor" });
    draft.planInput.recentSessions = ["2026-04-27", "2026-04-29", "2026-04-30", "2026-05-02"].map((date) => ({
      date,
      sessionRpe: 7,
      durationMinutes: 40,
      exercises: [
        {
          exerciseId: "goblet_squat",
          sets: [
            { reps: 8, durationSec: null, weightKg: 20, rpe: 8, targetReps: 8, targetKg: 20, targetRpe: 8 },
          ],
        },
      ],
    }));
    const { doc, requestId } = accountWithPlanRequest(draft, true);
    const input = doc.requests[requestId]!.input as unknown as PlanRequestInput;
    handler = () => ({ kind: "json", body: { noteSignals: null, plan: modelPlan(requestId, input) } });
    const before = fake.requests.length;
    await runPlan(planHandler({ model: model() }), doc, requestId, input);
    const user = requestsSince(before)[0]!.user as Record<string, unknown>;
    expect(Object.keys(user).sort()).toEqual(
      [
        "allowedExercises",
        "baseline",
        "context",
        "date",
        "lastSessions",
        "profile",
        "recovery",
        "requestId",
        "weeksSinceDeload",
      ].sort(),
    );
    expect((user.lastSessions as { date: string }[]).map((s) => s.date)).toEqual([
      "2026-04-29",
      "2026-04-30",
      "2026-05-02",
    ]);
    expect(user.recovery).toMatchObject({ level: "poor" });
    const allowed = user.allowedExercises as string[];
    const barbellOnly = EXERCISE_LIBRARY.filter((e) => e.equipment.includes("barbell_rack"));
    for (const e of barbellOnly) expect(allowed.some((a) => a.startsWith(`${e.id} `))).toBe(false);
    expect(JSON.stringify(user)).not.toContain(doc.userId);
  });
});
