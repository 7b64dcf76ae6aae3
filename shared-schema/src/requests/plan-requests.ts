// Plan requests: what a device writes into the account document's `requests` to ask for today's plan, what the
// worker answers, and which of several requests for one day is "the" plan every device shows. Pure functions
// over plain document data, shared by the client (writing, showing, the on-device plan), the worker (answering,
// superseding, the cache) and the tests. See docs/plans.md.
import * as z from "zod";
import type { RequestStatus } from "../documents/request.js";
import { newDocRequest, type PlanRequest } from "../documents/request.js";
import {
  LOCALES,
  PlanContextSchema,
  PlanInputSchema,
  PlanSchema,
  PlanSourceSchema,
  planWorkout,
  type Locale,
  type Plan,
  type PlanSource,
} from "../plan/index.js";

const IsoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected YYYY-MM-DD");

export const PLAN_REQUEST_INPUT_VERSION = 1;

/**
 * `requests[id].input` of a plan request: a snapshot of everything the planner needs, so the device's own rule
 * plan and the worker's answer come from the same data (the worker may open only the account document).
 */
export const PlanRequestInputSchema = z.object({
  v: z.literal(PLAN_REQUEST_INPUT_VERSION),
  /** The training day, `YYYY-MM-DD` in the user's time zone. */
  date: IsoDay,
  /** 1 for the day's first request, one more for each regenerate; requests of one generation are siblings. */
  generation: z.int().min(1).max(10_000),
  /** Planner tie-break seed; the same for a whole day, so a changed plan always has a visible reason. */
  seed: z.int().min(0).max(4_294_967_295),
  /** Language of exercise names and of the model's texts. */
  locale: z.enum(LOCALES),
  planInput: PlanInputSchema,
  /**
   * Free text from the context window. The client puts it here only when the user allows AI use of context
   * data (settings.consent.aiContext), and the worker drops it unless the account document says so too.
   */
  note: z.string().max(4000).nullable(),
});
export type PlanRequestInput = z.infer<typeof PlanRequestInputSchema>;

/** Why the worker did not use the model's plan. */
export const FALLBACK_REASONS = [
  "timeout",
  "refusal",
  "invalid_output",
  "rate_limited",
  "server_error",
  "network",
  "error",
] as const;
export const FallbackReasonSchema = z.enum(FALLBACK_REASONS);
export type FallbackReason = z.infer<typeof FallbackReasonSchema>;

/** `requests[id].result` of a plan request, written by the worker. */
export const PlanRequestResultSchema = z.object({
  /** The plan; null when the request was superseded by a sibling or a newer request. */
  plan: PlanSchema.nullable(),
  supersededBy: z.string().max(80).nullable(),
  source: PlanSourceSchema.nullable(),
  /** The model asked, when one is configured. */
  model: z.string().max(200).nullable(),
  /** Time the worker spent making the plan (model call, validation, clamping), milliseconds. */
  latencyMs: z.number().min(0).max(3_600_000),
  /** Set when a model is configured but its plan was not used. */
  fallbackReason: FallbackReasonSchema.nullable(),
  /** What clamping changed in the model's (or cached) plan. */
  corrections: z.array(z.string().max(400)).max(60),
  /** The model's structured reading of the note (null without a note, a model, or consent). */
  noteSignals: PlanContextSchema.nullable(),
  /** Fingerprint of the planning input; a cached plan is reused only for the same fingerprint. */
  inputHash: z.string().max(64),
  generatedAt: z.iso.datetime(),
});
export type PlanRequestResult = z.infer<typeof PlanRequestResultSchema>;

/** A plan request as read from a document, with its input parsed. */
export interface PlanRequestEntry {
  id: string;
  status: RequestStatus;
  createdAt: string;
  updatedAt: string;
  error: string | null;
  retryAt: string | null;
  input: PlanRequestInput;
  result: PlanRequestResult | null;
}

interface RawRequest {
  id?: unknown;
  kind?: unknown;
  status?: unknown;
  createdAt?: unknown;
  updatedAt?: unknown;
  error?: unknown;
  retryAt?: unknown;
  input?: unknown;
  result?: unknown;
}
/** Anything with a `requests` map (the account document). */
export interface WithRequests {
  readonly requests?: Readonly<Record<string, unknown>>;
}

const str = (v: unknown): string | null => (typeof v === "string" ? v : null);

/** Plan requests of a document whose input is well formed, optionally only those for `date`. */
export function planRequestsOf(doc: WithRequests | undefined, date?: string): PlanRequestEntry[] {
  const out: PlanRequestEntry[] = [];
  for (const raw of Object.values(doc?.requests ?? {}) as RawRequest[]) {
    if (!raw || raw.kind !== "plan" || typeof raw.id !== "string") continue;
    if (date !== undefined && inputDate(raw) !== date) continue;
    const input = PlanRequestInputSchema.safeParse(plain(raw.input));
    if (!input.success) continue;
    const result = raw.result == null ? null : PlanRequestResultSchema.safeParse(plain(raw.result));
    out.push({
      id: raw.id,
      status: (str(raw.status) ?? "requested") as RequestStatus,
      createdAt: str(raw.createdAt) ?? "",
      updatedAt: str(raw.updatedAt) ?? "",
      error: str(raw.error),
      retryAt: str(raw.retryAt),
      input: input.data,
      result: result?.success ? result.data : null,
    });
  }
  return out;
}

/** A JSON copy: Automerge proxies and `ImmutableString`s become plain values zod can check. */
function plain(value: unknown): unknown {
  return value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown);
}

/** The day of a request's input, whether stored as a string or an Automerge ImmutableString. */
function inputDate(raw: RawRequest): string | null {
  const date = (raw.input as { date?: unknown } | null | undefined)?.date;
  if (typeof date === "string") return date;
  // An ImmutableString: its JSON form is the string.
  const json: unknown = date === undefined ? undefined : JSON.parse(JSON.stringify(date) ?? "null");
  return typeof json === "string" ? json : null;
}

/**
 * A copy of `value` whose string leaves are made by `make` — Automerge's `(s) => new ImmutableString(s)` — so a
 * plan is stored as scalar values instead of collaborative texts with one operation per character: the account
 * document loads and syncs in a fraction of the time. Readers here go through a JSON copy and see strings.
 */
export function immutableStringLeaves(value: unknown, make: (s: string) => unknown): unknown {
  if (typeof value === "string") return make(value);
  if (Array.isArray(value)) return value.map((v) => immutableStringLeaves(v, make));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, immutableStringLeaves(v, make)]));
  }
  return value;
}

const byAge = (a: PlanRequestEntry, b: PlanRequestEntry): number =>
  a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

const hasPlan = (r: PlanRequestEntry): boolean => r.status === "done" && r.result?.plan != null;
const isPending = (r: PlanRequestEntry): boolean =>
  r.status === "requested" || r.status === "queued" || r.status === "working";
const isSuperseded = (r: PlanRequestEntry): boolean => r.status === "done" && r.result?.plan == null;

/**
 * The request whose plan every device shows for `date`: the newest generation; within it the one that has a
 * plan, else the oldest pending one, else the oldest failed one. Deterministic over the merged document, so
 * all devices agree, and a request that lost to a sibling is never shown.
 */
export function canonicalPlanRequest(doc: WithRequests | undefined, date: string): PlanRequestEntry | null {
  const all = planRequestsOf(doc, date).filter((r) => !isSuperseded(r));
  if (all.length === 0) return null;
  const top = Math.max(...all.map((r) => r.input.generation));
  const group = all.filter((r) => r.input.generation === top).sort(byAge);
  return group.find(hasPlan) ?? group.find(isPending) ?? group[0]!;
}

/** The next generation number for `date` as this device sees it. */
export function nextGeneration(doc: WithRequests | undefined, date: string): number {
  const gens = planRequestsOf(doc, date).map((r) => r.input.generation);
  return gens.length === 0 ? 1 : Math.max(...gens) + 1;
}

/**
 * Whether the worker should skip computing `requestId`, and who it yields to: a sibling of the same generation
 * that already has a plan (first answered wins), or any live request of a newer generation for the same day.
 */
export function supersedingRequest(doc: WithRequests | undefined, requestId: string): string | null {
  const own = planRequestsOf(doc).find((r) => r.id === requestId);
  if (!own) return null;
  const day = planRequestsOf(doc, own.input.date).filter((r) => r.id !== requestId);
  const sibling = day.filter((r) => r.input.generation === own.input.generation && hasPlan(r)).sort(byAge)[0];
  if (sibling) return sibling.id;
  const newer = day
    .filter((r) => r.input.generation > own.input.generation && r.status !== "failed" && !isSuperseded(r))
    .sort(byAge)[0];
  return newer?.id ?? null;
}

/** A stable fingerprint of what a plan depends on (day, planner input, note). */
export function planInputHash(input: PlanRequestInput): string {
  const text = stableJson({
    date: input.date,
    seed: input.seed,
    planInput: input.planInput,
    note: input.note,
  });
  return `${fnv1a(text, 0x811c9dc5)}${fnv1a(text, 0x050c5d1f)}`;
}

function fnv1a(text: string, basis: number): string {
  let h = basis >>> 0;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, "0");
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** How old a cached plan may be. */
export const CACHED_PLAN_MAX_AGE_MS = 24 * 3600_000;

/**
 * The newest plan the model made in the last 24 hours for exactly this input (same fingerprint), from the
 * document's earlier plan requests: the worker's first fallback. A plan for other inputs would not reflect
 * what changed (recovery, context), so it is never reused.
 */
export function cachedModelPlan(
  doc: WithRequests | undefined,
  input: PlanRequestInput,
  now: Date,
): { requestId: string; plan: Plan } | null {
  const hash = planInputHash(input);
  const fresh = planRequestsOf(doc)
    .filter(
      (r) =>
        r.result?.plan != null &&
        r.result.source === "model" &&
        r.result.inputHash === hash &&
        now.getTime() - Date.parse(r.result.generatedAt) <= CACHED_PLAN_MAX_AGE_MS,
    )
    .sort((a, b) => (a.result!.generatedAt < b.result!.generatedAt ? 1 : -1));
  const hit = fresh[0];
  return hit ? { requestId: hit.id, plan: hit.result!.plan! } : null;
}

/** The rule-based plan for a request: what the device shows at once, and the worker's last fallback. */
export function rulePlanFor(requestId: string, input: PlanRequestInput): Plan {
  return planWorkout(input.planInput, {
    today: input.date,
    requestId,
    seed: input.seed,
    locale: input.locale,
  });
}

/** The day's planner seed: the same for every request of one user and day. */
export function planSeed(userId: string, date: string): number {
  return Number.parseInt(fnv1a(`${userId}:${date}`, 0x811c9dc5), 16);
}

export type PlanRequestDraft = Omit<PlanRequestInput, "v" | "generation">;

/**
 * A new plan request for `draft.date`, numbered after the ones the document already has for that day. Store it
 * at `requests[request.id]` inside a change; `prunePlanRequests` keeps the account document small.
 */
export function newPlanRequest(
  doc: WithRequests | undefined,
  draft: PlanRequestDraft,
  options: { id?: string; deviceId?: string; now?: Date } = {},
): PlanRequest {
  const input: PlanRequestInput = {
    v: PLAN_REQUEST_INPUT_VERSION,
    generation: nextGeneration(doc, draft.date),
    ...draft,
  };
  const checked = PlanRequestInputSchema.parse(input);
  return newDocRequest("plan", JSON.parse(JSON.stringify(checked)) as Record<string, unknown>, options);
}

/** Days of finished plan requests the account document keeps. */
export const PLAN_REQUEST_KEEP_DAYS = 7;

/**
 * Ids of finished plan requests (done or failed) for days more than `keepDays` before `today`: delete them in
 * the same change that adds a request, so the account document does not grow with every plan ever made.
 */
export function prunablePlanRequests(
  doc: WithRequests | undefined,
  today: string,
  keepDays = PLAN_REQUEST_KEEP_DAYS,
): string[] {
  const cutoff = Date.parse(`${today}T00:00:00Z`) - keepDays * 86_400_000;
  return Object.values(doc?.requests ?? {})
    .map((r) => r as RawRequest)
    .filter((r) => {
      if (r?.kind !== "plan" || typeof r.id !== "string") return false;
      if (r.status !== "done" && r.status !== "failed") return false;
      const date = inputDate(r);
      const day = date === null ? Number.NaN : Date.parse(`${date}T00:00:00Z`);
      return Number.isNaN(day) || day < cutoff;
    })
    .map((r) => r.id as string);
}

/**
 * Writes a new plan request into `doc` (an Automerge document inside `handle.change`, or a plain object) and
 * drops finished plan requests older than a week in the same change. Returns the request written.
 */
export function addPlanRequest(
  doc: { requests: Record<string, unknown> },
  draft: PlanRequestDraft,
  options: {
    id?: string;
    deviceId?: string;
    now?: Date;
    /** Store the input's strings with this (`(s) => new ImmutableString(s)` in an Automerge document). */
    immutableString?: (s: string) => unknown;
  } = {},
): PlanRequest {
  const request = newPlanRequest(doc, draft, options);
  for (const id of prunablePlanRequests(doc, draft.date)) delete doc.requests[id];
  const make = options.immutableString;
  doc.requests[request.id] = make
    ? { ...request, input: immutableStringLeaves(request.input, make) as Record<string, unknown> }
    : request;
  return request;
}

/** What the Today screen shows for a day's plan. */
export interface DayPlanView {
  request: PlanRequestEntry | null;
  /** "none" when nothing was requested for the day. */
  status: RequestStatus | "none";
  /** The plan to show: the worker's when ready, else the on-device rule plan for the same request. */
  plan: Plan | null;
  /** Where `plan` came from: the worker's answer, or computed on this device while waiting/offline/failed. */
  origin: "worker" | "device" | null;
  source: PlanSource | null;
  error: string | null;
  /** When the quota lets the request through again (rate limited), ISO. */
  retryAt: string | null;
  latencyMs: number | null;
  fallbackReason: FallbackReason | null;
}

/**
 * The view of `date`'s plan. `onDevice` computes the rule plan for a request that has no answer yet (the
 * client memoizes it by request id); pass `() => null` to skip it.
 */
export function dayPlanView(
  doc: WithRequests | undefined,
  date: string,
  onDevice: (request: PlanRequestEntry) => Plan | null = (r) => rulePlanFor(r.id, r.input),
): DayPlanView {
  const request = canonicalPlanRequest(doc, date);
  if (!request) {
    return {
      request: null,
      status: "none",
      plan: null,
      origin: null,
      source: null,
      error: null,
      retryAt: null,
      latencyMs: null,
      fallbackReason: null,
    };
  }
  const answered = request.status === "done" && request.result?.plan != null;
  const plan = answered ? request.result!.plan : onDevice(request);
  return {
    request,
    status: request.status,
    plan,
    origin: plan === null ? null : answered ? "worker" : "device",
    source: answered ? request.result!.source : plan ? "rules" : null,
    error: request.status === "failed" ? (request.error ?? "The request failed.") : null,
    retryAt: request.retryAt,
    latencyMs: answered ? request.result!.latencyMs : null,
    fallbackReason: answered ? request.result!.fallbackReason : null,
  };
}

export type { Locale };
