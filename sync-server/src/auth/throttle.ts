/**
 * Failed-login throttling, per account and per IP. After `freeFailures` failures inside `windowMs` each further
 * attempt must wait an exponentially growing delay (1 s, 2 s, 4 s … capped at `maxDelayMs`); a success clears
 * the account's record. Kept in memory: a restart forgives, which we accept for a single-process server.
 */
export interface ThrottleRule {
  freeFailures: number;
  windowMs: number;
  maxDelayMs: number;
}

interface Entry {
  failures: number;
  first: number;
  last: number;
}

export class FailureThrottle {
  readonly #entries = new Map<string, Entry>();

  constructor(
    private readonly rule: ThrottleRule,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds until `key` may try again; 0 when allowed now. */
  retryAfterMs(key: string): number {
    const e = this.#current(key);
    if (!e || e.failures < this.rule.freeFailures) return 0;
    const delay = Math.min(this.rule.maxDelayMs, 1000 * 2 ** (e.failures - this.rule.freeFailures));
    return Math.max(0, e.last + delay - this.now());
  }

  fail(key: string): void {
    const t = this.now();
    const e = this.#current(key);
    if (e) {
      e.failures++;
      e.last = t;
    } else this.#entries.set(key, { failures: 1, first: t, last: t });
    if (this.#entries.size > 100_000) this.#sweep();
  }

  clear(key: string): void {
    this.#entries.delete(key);
  }

  #current(key: string): Entry | undefined {
    const e = this.#entries.get(key);
    if (e && this.now() - e.last > this.rule.windowMs) {
      this.#entries.delete(key);
      return undefined;
    }
    return e;
  }

  #sweep(): void {
    for (const [k, e] of this.#entries) if (this.now() - e.last > this.rule.windowMs) this.#entries.delete(k);
  }
}

/** A token bucket: `rate` tokens a second, holding at most `burst`. */
export class TokenBucket {
  #tokens: number;
  #at: number;

  constructor(
    private readonly rate: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {
    this.#tokens = burst;
    this.#at = now();
  }

  take(n = 1): boolean {
    const t = this.now();
    this.#tokens = Math.min(this.burst, this.#tokens + ((t - this.#at) / 1000) * this.rate);
    this.#at = t;
    if (this.#tokens < n) return false;
    this.#tokens -= n;
    return true;
  }
}
