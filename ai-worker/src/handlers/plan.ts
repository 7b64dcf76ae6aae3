// The `plan` job: today's plan for a request in the account document. With a model configured it asks the model
// (structured output, one time budget), validates and clamps its plan with the planner's own constraints; on a
// timeout, refusal, invalid output or an endpoint error it falls back to the newest model plan of the last 24 h
// made for the same input, and then to the rule planner. Without a model the rule planner answers at once.
// Every answer records its source, latency and (for fallbacks) the reason. See docs/plans.md.
import {
  clampPlan,
  PlanSchema,
  type Plan,
  type PlanContext,
  type PlanInput,
} from "@cadence/shared-schema/plan";
import {
  cachedModelPlan,
  immutableStringLeaves,
  planInputHash,
  PlanRequestInputSchema,
  rulePlanFor,
  supersedingRequest,
  type FallbackReason,
  type PlanRequestInput,
  type PlanRequestResult,
} from "@cadence/shared-schema/requests";
import { ImmutableString } from "@automerge/automerge";
import type { ModelClient } from "../model.js";
import { aiContextConsent, buildPlanMessages, ModelPlanAnswerSchema, noteForModel } from "../prompt.js";
import { PermanentJobError, type CompleteReport, type JobHandler, type JobResult } from "./handler.js";

export interface PlanHandlerOptions {
  model: ModelClient | null;
  now?: () => Date;
}

export function planHandler(options: PlanHandlerOptions): JobHandler {
  const now = options.now ?? (() => new Date());
  return {
    kind: "plan",
    async run({ job, input, document, signal, log }) {
      const started = performance.now();
      const parsed = PlanRequestInputSchema.safeParse(input);
      if (!parsed.success) {
        const first = parsed.error.issues[0];
        throw new PermanentJobError(
          `plan request input is invalid${first ? `: ${first.path.join(".")} ${first.message}` : ""}`,
        );
      }
      const req = parsed.data;
      const base = {
        model: options.model?.model ?? null,
        inputHash: planInputHash(req),
        corrections: [] as string[],
        noteSignals: null,
        fallbackReason: null,
      };
      const done = (fields: Partial<PlanRequestResult> & Pick<PlanRequestResult, "plan" | "source">) =>
        ({
          ...base,
          supersededBy: null,
          ...fields,
          latencyMs: Math.round(performance.now() - started),
          generatedAt: now().toISOString(),
        }) satisfies PlanRequestResult as unknown as JobResult;

      const winner = supersedingRequest(document, job.requestId);
      if (winner !== null) {
        log.info("plan request superseded", { request: job.requestId, by: winner });
        return done({ plan: null, source: null, supersededBy: winner, model: null });
      }

      const rules = rulePlanFor(job.requestId, req);
      if (!options.model) return done({ plan: rules, source: "rules" });

      const consent = aiContextConsent(document);
      const note = noteForModel(req.note, consent);
      const messages = buildPlanMessages({ requestId: job.requestId, input: req, note, baseline: rules });
      const outcome = await options.model.parse(ModelPlanAnswerSchema, "plan", messages, { signal });
      let reason: FallbackReason;
      if (outcome.ok) {
        const noteSignals = note === null ? null : outcome.value.noteSignals;
        const checked = acceptModelPlan(outcome.value.plan, job.requestId, req, noteSignals);
        if (checked.ok) {
          return done({
            plan: checked.plan,
            source: "model",
            corrections: checked.corrections,
            noteSignals,
          });
        }
        reason = "invalid_output";
        log.warn("model plan rejected after clamping", { request: job.requestId, detail: checked.detail });
      } else {
        reason = outcome.reason;
        log.warn(`model gave no plan (${outcome.reason}): ${outcome.detail}`, {
          request: job.requestId,
          attempts: outcome.attempts,
          ms: outcome.ms,
        });
      }

      const cached = cachedModelPlan(document, req, now());
      if (cached) {
        const { plan, corrections } = clampPlan(cached.plan, req.planInput, { locale: req.locale });
        const reused = PlanSchema.safeParse({
          ...plan,
          requestId: job.requestId,
          date: req.date,
          source: "cached",
        });
        if (reused.success) {
          return done({
            plan: reused.data,
            source: "cached",
            fallbackReason: reason,
            corrections: [`reused the model's plan of request ${cached.requestId}`, ...corrections].slice(
              0,
              60,
            ),
          });
        }
      }
      return done({ plan: rules, source: "rules", fallbackReason: reason });
    },

    // Plans are large and never edited in place: scalar strings, not per-character texts (docs/plans.md).
    encodeResult(result) {
      return immutableStringLeaves(result, (s) => new ImmutableString(s)) as JobResult;
    },

    report(result): CompleteReport | undefined {
      const r = result as Partial<PlanRequestResult>;
      if (!r.source) return undefined;
      return {
        source: r.source,
        ...(typeof r.latencyMs === "number" ? { latencyMs: r.latencyMs } : {}),
        ...(r.fallbackReason ? { fallback: r.fallbackReason } : {}),
      };
    },
  };
}

/**
 * The model's plan under our constraints: ours are the request id, day and source; clampPlan enforces the
 * library, equipment, injuries and today's pain (also pain only the model read in the note), effort, rest and
 * the session length; the result must still be a valid plan with something to do.
 */
export function acceptModelPlan(
  plan: Plan,
  requestId: string,
  req: PlanRequestInput,
  noteSignals: PlanContext | null,
): { ok: true; plan: Plan; corrections: string[] } | { ok: false; detail: string } {
  const input: PlanInput = noteSignals
    ? {
        ...req.planInput,
        context: {
          ...req.planInput.context,
          pain: [...new Set([...req.planInput.context.pain, ...noteSignals.pain])].slice(0, 8),
        },
      }
    : req.planInput;
  const own = { ...plan, requestId, date: req.date, source: "model" as const };
  let clamped: ReturnType<typeof clampPlan>;
  try {
    clamped = clampPlan(own, input, { locale: req.locale });
  } catch (error) {
    return {
      ok: false,
      detail: `clamping failed: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  const checked = PlanSchema.safeParse({ ...clamped.plan, requestId, date: req.date, source: "model" });
  if (!checked.success) return { ok: false, detail: checked.error.issues[0]?.message ?? "invalid plan" };
  if (!checked.data.phases.some((p) => p.kind === "main" || p.kind === "intervals")) {
    return { ok: false, detail: "no working phase left after clamping" };
  }
  return { ok: true, plan: checked.data, corrections: clamped.corrections.slice(0, 60) };
}
