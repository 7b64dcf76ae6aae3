import { describe, expect, it } from "vitest";
import { emptyPlanContext, simulateRecovery, type Plan } from "../../src/plan/index.js";
import {
  addPlanRequest,
  cachedModelPlan,
  canonicalPlanRequest,
  dayPlanView,
  nextGeneration,
  planInputHash,
  planRequestsOf,
  planSeed,
  prunablePlanRequests,
  rulePlanFor,
  supersedingRequest,
  type PlanRequestDraft,
  type PlanRequestResult,
} from "../../src/requests/index.js";

const USER = "abcdefghijklmnopqrstuvwxyz";

function draft(date = "2026-05-04", recovery: "poor" | "normal" | "excellent" = "normal"): PlanRequestDraft {
  return {
    date,
    seed: planSeed(USER, date),
    locale: "en",
    note: null,
    planInput: {
      profile: {
        goal: "strength",
        experience: "intermediate",
        sessionMinutes: 45,
        equipment: ["dumbbells"],
        injuries: [],
        likedExerciseIds: [],
        dislikedExerciseIds: [],
        bodyweightKg: null,
      },
      recentSessions: [],
      context: emptyPlanContext(),
      recovery: simulateRecovery(recovery),
      weeksSinceDeload: null,
    },
  };
}

type Doc = { requests: Record<string, Record<string, unknown>> };

let clock = Date.parse("2026-05-04T07:00:00Z");
function add(doc: Doc, d = draft()): string {
  clock += 1000;
  return addPlanRequest(doc, d, { now: new Date(clock) }).id;
}

function answer(doc: Doc, id: string, fields: Partial<PlanRequestResult> = {}, at = new Date(clock)): Plan {
  const r = doc.requests[id]!;
  const plan = rulePlanFor(id, planRequestsOf(doc).find((p) => p.id === id)!.input);
  const result: PlanRequestResult = {
    plan,
    supersededBy: null,
    source: "rules",
    model: null,
    latencyMs: 5,
    fallbackReason: null,
    corrections: [],
    noteSignals: null,
    inputHash: planInputHash(planRequestsOf(doc).find((p) => p.id === id)!.input),
    generatedAt: at.toISOString(),
    ...fields,
  };
  r.status = "done";
  r.result = JSON.parse(JSON.stringify(result)) as Record<string, unknown>;
  return plan;
}

describe("which request is the day's plan", () => {
  it("numbers requests per day and shows the newest generation", () => {
    const doc: Doc = { requests: {} };
    const a = add(doc);
    expect(nextGeneration(doc, "2026-05-04")).toBe(2);
    expect(nextGeneration(doc, "2026-05-05")).toBe(1);
    const b = add(doc);
    expect(
      planRequestsOf(doc)
        .map((r) => r.input.generation)
        .sort(),
    ).toEqual([1, 2]);
    expect(canonicalPlanRequest(doc, "2026-05-04")?.id).toBe(b);
    answer(doc, a);
    expect(canonicalPlanRequest(doc, "2026-05-04")?.id).toBe(b); // an older answer never hides the newer request
  });

  it("among siblings (same generation, written at once on two devices) picks the same one everywhere", () => {
    const doc: Doc = { requests: {} };
    const a = add(doc);
    const b = add({ requests: {} }); // written on another device before it saw `a`
    doc.requests[b] = { ...(doc.requests[a] as object), id: b, createdAt: new Date(clock).toISOString() };
    // Nobody answered: the oldest pending one.
    expect(canonicalPlanRequest(doc, "2026-05-04")?.id).toBe(a);
    // The one answered first wins, and the worker then supersedes the other.
    answer(doc, b);
    expect(canonicalPlanRequest(doc, "2026-05-04")?.id).toBe(b);
    expect(supersedingRequest(doc, a)).toBe(b);
    doc.requests[a]!.status = "done";
    doc.requests[a]!.result = { ...(doc.requests[b].result as object), plan: null, supersededBy: b };
    expect(canonicalPlanRequest(doc, "2026-05-04")?.id).toBe(b);
  });

  it("a newer live request supersedes an older one; a failed one does not", () => {
    const doc: Doc = { requests: {} };
    const a = add(doc);
    const b = add(doc);
    expect(supersedingRequest(doc, a)).toBe(b);
    expect(supersedingRequest(doc, b)).toBeNull();
    doc.requests[b]!.status = "failed";
    expect(supersedingRequest(doc, a)).toBeNull();
  });

  it("shows the device's rule plan until the worker answers, then the worker's; failures keep the reason", () => {
    const doc: Doc = { requests: {} };
    expect(dayPlanView(doc, "2026-05-04").status).toBe("none");
    const id = add(doc);
    const waiting = dayPlanView(doc, "2026-05-04");
    expect(waiting).toMatchObject({ status: "requested", origin: "device", source: "rules" });
    expect(waiting.plan).toEqual(rulePlanFor(id, waiting.request!.input));
    answer(doc, id, { source: "model", latencyMs: 1234 });
    expect(dayPlanView(doc, "2026-05-04")).toMatchObject({
      status: "done",
      origin: "worker",
      source: "model",
      latencyMs: 1234,
    });

    const failed = add(doc);
    doc.requests[failed]!.status = "failed";
    doc.requests[failed]!.error =
      "You have reached the hourly limit of requests. Try again at 2026-05-04T09:00:00.000Z.";
    doc.requests[failed]!.retryAt = "2026-05-04T09:00:00.000Z";
    const view = dayPlanView(doc, "2026-05-04");
    expect(view).toMatchObject({ status: "failed", origin: "device", retryAt: "2026-05-04T09:00:00.000Z" });
    expect(view.error).toMatch(/Try again at/);
  });

  it("skips requests whose input is not a plan request input", () => {
    const doc: Doc = { requests: {} };
    const id = add(doc);
    doc.requests.bad = {
      id: "bad",
      kind: "plan",
      status: "requested",
      input: { date: "2026-05-04" },
      result: null,
    };
    expect(canonicalPlanRequest(doc, "2026-05-04")?.id).toBe(id);
  });
});

describe("the cached model plan", () => {
  it("is the newest model plan of the last 24 h for exactly the same input", () => {
    const doc: Doc = { requests: {} };
    const first = add(doc);
    const model = answer(doc, first, { source: "model" }, new Date("2026-05-04T07:00:00Z"));
    const again = planRequestsOf(doc).find((r) => r.id === first)!.input;
    expect(cachedModelPlan(doc, { ...again, generation: 2 }, new Date("2026-05-04T20:00:00Z"))).toEqual({
      requestId: first,
      plan: model,
    });
    expect(cachedModelPlan(doc, again, new Date("2026-05-05T07:00:01Z"))).toBeNull();
    const poor = { ...again, planInput: { ...again.planInput, recovery: simulateRecovery("poor") } };
    expect(cachedModelPlan(doc, poor, new Date("2026-05-04T08:00:00Z"))).toBeNull();
  });

  it("never reuses a rules or cached answer as the model's", () => {
    const doc: Doc = { requests: {} };
    const first = add(doc);
    answer(doc, first, { source: "rules" }, new Date("2026-05-04T07:00:00Z"));
    const input = planRequestsOf(doc)[0]!.input;
    expect(cachedModelPlan(doc, input, new Date("2026-05-04T08:00:00Z"))).toBeNull();
  });

  it("fingerprints the input independently of key order", () => {
    const input = { v: 1 as const, generation: 1, ...draft() };
    const { planInput, note, ...rest } = input;
    const reordered = JSON.parse(JSON.stringify({ planInput, note, ...rest })) as typeof input;
    expect(planInputHash(reordered)).toBe(planInputHash(input));
    expect(planInputHash({ ...input, note: "tired" })).not.toBe(planInputHash(input));
  });
});

describe("keeping the account document small", () => {
  it("drops finished plan requests more than a week old when a new one is written", () => {
    const doc: Doc = { requests: {} };
    const old = add(doc, draft("2026-04-20"));
    answer(doc, old);
    const oldPending = add(doc, draft("2026-04-21"));
    doc.requests.echo = { id: "echo", kind: "echo", status: "done", input: { text: "x" }, result: null };
    expect(prunablePlanRequests(doc, "2026-05-04")).toEqual([old]);
    const today = add(doc, draft("2026-05-04"));
    expect(Object.keys(doc.requests).sort()).toEqual([oldPending, "echo", today].sort());
  });
});
