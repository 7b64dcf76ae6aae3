// Keeps a claimed job's lease alive with heartbeats, and says when it is lost (the server answered 404/409/410,
// or the lease expired while heartbeats kept failing). Losing the lease aborts the job.
import { describeApiError, isLeaseLost, type Job, type JobsClient } from "./jobs-client.js";
import type { Logger } from "./log.js";

const MIN_INTERVAL_MS = 250;
const MAX_INTERVAL_MS = 15_000;

/** Epoch ms of a lease expiry given as ISO text, epoch ms or epoch seconds; null when unreadable. */
export function leaseExpiryMs(value: string | number): number | null {
  if (typeof value === "number") return value < 1e12 ? value * 1000 : value;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

export class Lease {
  readonly #job: Job;
  readonly #client: JobsClient;
  readonly #log: Logger;
  readonly #onLost: (reason: string) => void;
  readonly #stopped = new AbortController();
  #expiresAt: number | null;
  #timer: NodeJS.Timeout | undefined;
  #lost: string | null = null;

  constructor(job: Job, client: JobsClient, log: Logger, onLost: (reason: string) => void) {
    this.#job = job;
    this.#client = client;
    this.#log = log;
    this.#onLost = onLost;
    this.#expiresAt = leaseExpiryMs(job.leaseExpiresAt);
  }

  /** Why the lease was lost, or null while we hold it. */
  get lost(): string | null {
    return this.#lost;
  }

  start(): void {
    this.#schedule(this.#interval());
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#stopped.abort();
  }

  #interval(): number {
    if (this.#expiresAt === null) return 5_000;
    const third = (this.#expiresAt - Date.now()) / 3;
    return Math.round(Math.min(MAX_INTERVAL_MS, Math.max(MIN_INTERVAL_MS, third)));
  }

  #schedule(ms: number): void {
    if (this.#stopped.signal.aborted || this.#lost) return;
    this.#timer = setTimeout(() => void this.#beat(), ms);
  }

  async #beat(): Promise<void> {
    const res = await this.#client.heartbeat(this.#job.id, this.#stopped.signal);
    if (this.#stopped.signal.aborted) return;
    if (res.ok) {
      this.#expiresAt = leaseExpiryMs(res.value.leaseExpiresAt) ?? this.#expiresAt;
      this.#schedule(this.#interval());
      return;
    }
    const why = describeApiError(res.error);
    if (isLeaseLost(res.error)) return this.#lose(`lease lost (${why})`);
    if (this.#expiresAt !== null && Date.now() >= this.#expiresAt) {
      return this.#lose(`lease expired while heartbeats failed (${why})`);
    }
    this.#log.warn("heartbeat failed; retrying", { job: this.#job.id, error: why });
    this.#schedule(Math.min(1_000, this.#interval()));
  }

  #lose(reason: string): void {
    this.#lost = reason;
    this.#log.warn(reason, { job: this.#job.id });
    this.#onLost(reason);
  }
}
