import { startServer } from "./app.js";
import { loadConfig } from "./config.js";
import { createLogger } from "./log.js";

const config = loadConfig();
const log = createLogger(config.logLevel);

// A bad peer must never take the process down; anything that escapes is logged, not fatal.
process.on("unhandledRejection", (err) => log.error("unhandled rejection", { err: String(err) }));
process.on("uncaughtException", (err) =>
  log.error("uncaught exception", { err: String(err), stack: err.stack }),
);

const running = await startServer(config, log);
let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log.info(`received ${signal}, saving documents and stopping`);
    running
      .close()
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        log.error("shutdown failed", { err: String(err) });
        process.exit(1);
      });
  });
}
