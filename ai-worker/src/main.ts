// Entry point: `tsx ai-worker/src/main.ts`. Configuration comes from the environment (see config.ts).
import { ConfigError, loadConfig } from "./config.js";
import { createWorker } from "./index.js";
import { createLogger, errorMessage } from "./log.js";

function main(): void {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    process.stderr.write(`ERROR ${error instanceof ConfigError ? error.message : errorMessage(error)}\n`);
    process.exit(1);
  }
  const log = createLogger({ level: config.logLevel });

  // automerge-repo chains many promises with `void`; one rejecting must not take the worker down.
  process.on("unhandledRejection", (reason) => {
    log.error("unhandled rejection (worker keeps running)", { error: errorMessage(reason) });
  });
  process.on("uncaughtException", (error) => {
    log.error("uncaught exception; exiting", { error: errorMessage(error) });
    process.exit(1);
  });

  const worker = createWorker(config, { log });
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (stopping) {
      log.warn(`${signal} again: exiting without waiting`);
      process.exit(1);
    }
    stopping = true;
    log.info(`${signal} received: shutting down`);
    worker.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error("shutdown failed", { error: errorMessage(error) });
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);

  worker.start().catch((error: unknown) => {
    log.error("worker failed to start", { error: errorMessage(error) });
    process.exit(1);
  });
}

main();
