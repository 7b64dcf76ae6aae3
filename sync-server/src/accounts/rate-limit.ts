/**
 * At most `limit` events per key within a sliding `windowMs` (timestamps kept per key, in memory). Used for
 * everything that sends email or starts expensive work; a restart forgives, as for the login throttle.
 */
export class WindowLimiter {
  readonly #hits = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds until `key` may act again; 0 when it may act now. Does not count an event. */
  retryAfterMs(key: string): number {
    const hits = this.#recent(key);
    if (hits.length < this.limit) return 0;
    return Math.max(1, hits[hits.length - this.limit]! + this.windowMs - this.now());
  }

  /** Counts an event when allowed; returns whether it was. */
  take(key: string): boolean {
    if (this.retryAfterMs(key) > 0) return false;
    const hits = this.#recent(key);
    hits.push(this.now());
    this.#hits.set(key, hits);
    if (this.#hits.size > 50_000) this.#sweep();
    return true;
  }

  #recent(key: string): number[] {
    const since = this.now() - this.windowMs;
    const hits = (this.#hits.get(key) ?? []).filter((t) => t > since);
    if (hits.length === 0) this.#hits.delete(key);
    else this.#hits.set(key, hits);
    return hits;
  }

  #sweep(): void {
    for (const key of [...this.#hits.keys()]) this.#recent(key);
  }
}
