// The handlers this worker runs, keyed by job kind. Add a kind here and the worker claims it.
import type { ModelClient } from "../model.js";
import { echoHandler } from "./echo.js";
import { feedbackHandler } from "./feedback.js";
import { handlerRegistry, type HandlerRegistry } from "./handler.js";
import { planHandler } from "./plan.js";

export * from "./handler.js";
export { echoHandler } from "./echo.js";
export { planHandler, acceptModelPlan } from "./plan.js";
export { feedbackHandler } from "./feedback.js";

/** echo, plan and feedback; plan and feedback use `model` when one is configured, else the rules. */
export function defaultHandlers(options: { model?: ModelClient | null } = {}): HandlerRegistry {
  const model = options.model ?? null;
  return handlerRegistry([echoHandler(), planHandler({ model }), feedbackHandler({ model })]);
}
