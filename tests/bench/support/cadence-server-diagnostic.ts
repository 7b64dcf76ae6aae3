/**
 * DIAGNOSTIC ONLY: the Cadence server as `npm start` runs it, started under a name of its own so the benchmark can
 * run it in a diagnostic configuration (e.g. DATA_DIR on tmpfs) and label its figures as such. Nothing here is
 * shipped. (The ownership cache this file used to patch in is part of the server since ADR 0005.)
 */
import { installBenchHooks } from "./child-hooks.js";

installBenchHooks();

await import("../../../sync-server/src/main.js");
