export { startServer, JOB_KINDS } from "./app.js";
export type { RunningServer } from "./app.js";
export { loadConfig } from "./config.js";
export type { ServerConfig } from "./config.js";
export { SqliteStorageAdapter } from "./storage/sqlite-storage-adapter.js";
export { openDatabase } from "./db/database.js";
