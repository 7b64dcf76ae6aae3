// Where the worker token comes from: the environment, or the file the server writes at start-up. The file is
// read lazily and re-read after a 401, so a worker started before the server (or across a server restart that
// rotated the token) picks the right value up without a restart.
import { readFile } from "node:fs/promises";
import type { Logger } from "./log.js";

export interface WorkerToken {
  /** The token, or null when it is not available yet (file missing or empty). */
  get(): Promise<string | null>;
  /** Forget a token the server rejected; the next get() reads the source again. */
  invalidate(): void;
  /** Where the token comes from, for log lines (never the token itself). */
  readonly source: string;
}

export function workerToken(config: string | { file: string }, log: Logger): WorkerToken {
  if (typeof config === "string") {
    log.addSecret(config);
    return { get: () => Promise.resolve(config), invalidate: () => {}, source: "WORKER_TOKEN" };
  }
  return fileToken(config.file, log);
}

function fileToken(file: string, log: Logger): WorkerToken {
  let cached: string | null = null;
  return {
    source: file,
    async get() {
      if (cached) return cached;
      try {
        const text = (await readFile(file, "utf8")).trim();
        if (!text) return null;
        log.addSecret(text);
        cached = text;
        return text;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") {
          log.warn("cannot read worker token file", { file, error });
        }
        return null;
      }
    },
    invalidate() {
      cached = null;
    },
  };
}
