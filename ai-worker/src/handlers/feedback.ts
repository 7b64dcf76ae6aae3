// The `feedback` job (spec flow 10): after a finished session, a short summary and one suggestion for next
// time, written into the workout document's request and its `feedback` field in one change. The facts come
// from the workout document itself (plan and logged sets); the model words them when configured, else the
// rules do (in the user's language). Notes and music never go to the model.
import {
  feedbackFacts,
  FeedbackRequestInputSchema,
  ModelFeedbackSchema,
  ruleFeedback,
  type FallbackReason,
  type FeedbackResult,
} from "@cadence/shared-schema/requests";
import type { ModelClient } from "../model.js";
import { buildFeedbackMessages } from "../prompt.js";
import { PermanentJobError, type CompleteReport, type JobHandler } from "./handler.js";

export interface FeedbackHandlerOptions {
  model: ModelClient | null;
  now?: () => Date;
}

export function feedbackHandler(options: FeedbackHandlerOptions): JobHandler {
  const now = options.now ?? (() => new Date());
  return {
    kind: "feedback",
    async run({ input, document, signal, log, job }) {
      const started = performance.now();
      const parsed = FeedbackRequestInputSchema.safeParse(input);
      if (!parsed.success) throw new PermanentJobError("feedback request input must be { v: 1, locale }");
      if (document.kind !== "workout")
        throw new PermanentJobError("feedback requests belong in a workout document");
      const facts = feedbackFacts(document);
      const rules = ruleFeedback(facts, parsed.data.locale);
      let source: "model" | "rules" = "rules";
      let text = { summary: rules.summary, suggestion: rules.suggestion };
      let fallbackReason: FallbackReason | null = null;
      if (options.model) {
        const outcome = await options.model.parse(
          ModelFeedbackSchema,
          "feedback",
          buildFeedbackMessages(facts, parsed.data.locale),
          { signal },
        );
        if (outcome.ok) {
          source = "model";
          text = { summary: outcome.value.summary.trim(), suggestion: outcome.value.suggestion.trim() };
        } else {
          fallbackReason = outcome.reason;
          log.warn(`model gave no feedback (${outcome.reason}): ${outcome.detail}`, {
            request: job.requestId,
          });
        }
      }
      const result: FeedbackResult = {
        ...text,
        code: rules.code,
        source,
        model: options.model?.model ?? null,
        latencyMs: Math.round(performance.now() - started),
        fallbackReason,
        facts,
        generatedAt: now().toISOString(),
      };
      return result;
    },

    report(result): CompleteReport | undefined {
      const r = result as Partial<FeedbackResult>;
      if (!r.source) return undefined;
      return {
        source: r.source,
        ...(typeof r.latencyMs === "number" ? { latencyMs: r.latencyMs } : {}),
        ...(r.fallbackReason ? { fallback: r.fallbackReason } : {}),
      };
    },

    applyToDocument(doc, result, { requestId, now: at }) {
      const r = result as unknown as FeedbackResult;
      doc.feedback = {
        requestId,
        source: r.source,
        text: `${r.summary}\n\n${r.suggestion}`.slice(0, 4000),
        createdAt: at.toISOString(),
      };
    },
  };
}
