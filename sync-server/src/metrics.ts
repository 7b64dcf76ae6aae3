/**
 * A small Prometheus text-format registry: counters, gauges (optionally computed at scrape time) and histograms.
 * Enough for /metrics without another dependency.
 */
type Labels = Record<string, string>;

const labelKey = (labels: Labels = {}) =>
  Object.entries(labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}="${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`)
    .join(",");

abstract class Metric {
  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: "counter" | "gauge" | "histogram",
  ) {}
  abstract lines(): string[];
  header(): string[] {
    return [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} ${this.type}`];
  }
}

export class Counter extends Metric {
  readonly #values = new Map<string, number>();
  constructor(name: string, help: string) {
    super(name, help, "counter");
  }
  inc(labels?: Labels, by = 1): void {
    const k = labelKey(labels);
    this.#values.set(k, (this.#values.get(k) ?? 0) + by);
  }
  get(labels?: Labels): number {
    return this.#values.get(labelKey(labels)) ?? 0;
  }
  lines(): string[] {
    if (this.#values.size === 0) return [`${this.name} 0`];
    return [...this.#values].map(([k, v]) => `${this.name}${k ? `{${k}}` : ""} ${v}`);
  }
}

export class Gauge extends Metric {
  readonly #values = new Map<string, number>();
  constructor(
    name: string,
    help: string,
    private readonly collect?: () => Array<[Labels, number]> | number,
  ) {
    super(name, help, "gauge");
  }
  set(value: number, labels?: Labels): void {
    this.#values.set(labelKey(labels), value);
  }
  lines(): string[] {
    if (this.collect) {
      const v = this.collect();
      if (typeof v === "number") return [`${this.name} ${v}`];
      return v.map(([l, n]) => `${this.name}{${labelKey(l)}} ${n}`);
    }
    return [...this.#values].map(([k, v]) => `${this.name}${k ? `{${k}}` : ""} ${v}`);
  }
}

export class Histogram extends Metric {
  readonly #series = new Map<string, { counts: number[]; sum: number; count: number }>();
  constructor(
    name: string,
    help: string,
    readonly buckets: number[],
  ) {
    super(name, help, "histogram");
  }
  observe(value: number, labels?: Labels): void {
    const k = labelKey(labels);
    let s = this.#series.get(k);
    if (!s) this.#series.set(k, (s = { counts: this.buckets.map(() => 0), sum: 0, count: 0 }));
    this.buckets.forEach((b, i) => {
      if (value <= b) s.counts[i]!++;
    });
    s.sum += value;
    s.count++;
  }
  lines(): string[] {
    const out: string[] = [];
    for (const [k, s] of this.#series) {
      const pre = k ? `${k},` : "";
      this.buckets.forEach((b, i) => out.push(`${this.name}_bucket{${pre}le="${b}"} ${s.counts[i]}`));
      out.push(`${this.name}_bucket{${pre}le="+Inf"} ${s.count}`);
      out.push(`${this.name}_sum${k ? `{${k}}` : ""} ${s.sum}`);
      out.push(`${this.name}_count${k ? `{${k}}` : ""} ${s.count}`);
    }
    return out;
  }
}

export class Registry {
  readonly #metrics: Metric[] = [];
  register<M extends Metric>(m: M): M {
    this.#metrics.push(m);
    return m;
  }
  render(): string {
    return this.#metrics.flatMap((m) => [...m.header(), ...m.lines()]).join("\n") + "\n";
  }
}
