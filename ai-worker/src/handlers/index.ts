// The handlers this worker runs, keyed by job kind. Add a kind here and the worker claims it.
import { echoHandler } from "./echo.js";
import { handlerRegistry, type HandlerRegistry } from "./handler.js";

export * from "./handler.js";
export { echoHandler } from "./echo.js";

export function defaultHandlers(): HandlerRegistry {
  return handlerRegistry([echoHandler()]);
}
