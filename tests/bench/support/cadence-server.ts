/**
 * The Cadence sync server exactly as `npm start` runs it (sync-server/src/main.ts, configured by the environment),
 * plus the benchmark's child hooks (exit with the benchmark; SIGUSR2 memory report). The startup benchmark spawns
 * main.ts directly instead, so its figure includes nothing of ours.
 */
import { installBenchHooks } from "./child-hooks.js";

installBenchHooks();
await import("../../../sync-server/src/main.js");
