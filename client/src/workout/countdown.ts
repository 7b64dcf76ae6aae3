/**
 * Rest and work countdowns computed from timestamps, never by counting ticks: what is left is always
 * `endsAt - now`, so a countdown stays right when the page was in the background, the device slept, or the
 * tab was throttled. Pausing freezes what is left; resuming sets a new end. A countdown is a plain value
 * (kept in localStorage per workout, so a reload keeps it running).
 */
export interface Countdown {
  /** "work": a timed set or interval running; "rest": the rest after a set. */
  readonly kind: "work" | "rest";
  /** The set it performs (work) or follows (rest). */
  readonly setId: string;
  /** Its length, adjustments included, ms. */
  readonly totalMs: number;
  /** When it ends (epoch ms) while running; null while paused. */
  readonly endsAt: number | null;
  /** What is left while paused, ms; null while running. */
  readonly pausedLeftMs: number | null;
}

export function startCountdown(
  kind: Countdown["kind"],
  setId: string,
  seconds: number,
  now: number,
): Countdown {
  const totalMs = Math.max(0, Math.round(seconds * 1000));
  return { kind, setId, totalMs, endsAt: now + totalMs, pausedLeftMs: null };
}

/** Milliseconds left (never negative). */
export function leftMs(c: Countdown, now: number): number {
  if (c.endsAt === null) return Math.max(0, c.pausedLeftMs ?? 0);
  return Math.max(0, c.endsAt - now);
}

export function isOver(c: Countdown, now: number): boolean {
  return leftMs(c, now) === 0;
}

/** Longer or shorter by `seconds` (what is left never goes below zero). */
export function adjustCountdown(c: Countdown, seconds: number, now: number): Countdown {
  const delta = Math.round(seconds * 1000);
  const left = leftMs(c, now);
  const applied = Math.max(-left, delta);
  const totalMs = Math.max(0, c.totalMs + applied);
  if (c.endsAt === null) return { ...c, totalMs, pausedLeftMs: left + applied };
  return { ...c, totalMs, endsAt: now + left + applied };
}

export function pauseCountdown(c: Countdown, now: number): Countdown {
  if (c.endsAt === null) return c;
  return { ...c, endsAt: null, pausedLeftMs: leftMs(c, now) };
}

export function resumeCountdown(c: Countdown, now: number): Countdown {
  if (c.endsAt !== null) return c;
  return { ...c, endsAt: now + (c.pausedLeftMs ?? 0), pausedLeftMs: null };
}

/** `m:ss` for a countdown or a clock (h:mm:ss from an hour). */
export function clockText(ms: number): string {
  const total = Math.ceil(Math.max(0, ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

const KEY = (workoutId: string) => `cadence.player.countdown.${workoutId}`;

/** The countdown this device was running for a workout (survives a reload), or null. */
export function loadCountdown(workoutId: string): Countdown | null {
  try {
    const raw = localStorage.getItem(KEY(workoutId));
    if (!raw) return null;
    const c = JSON.parse(raw) as Partial<Countdown>;
    if ((c.kind !== "work" && c.kind !== "rest") || typeof c.setId !== "string") return null;
    if (typeof c.totalMs !== "number") return null;
    return {
      kind: c.kind,
      setId: c.setId,
      totalMs: c.totalMs,
      endsAt: typeof c.endsAt === "number" ? c.endsAt : null,
      pausedLeftMs: typeof c.pausedLeftMs === "number" ? c.pausedLeftMs : null,
    };
  } catch {
    return null;
  }
}

export function saveCountdown(workoutId: string, c: Countdown | null): void {
  try {
    if (c) localStorage.setItem(KEY(workoutId), JSON.stringify(c));
    else localStorage.removeItem(KEY(workoutId));
  } catch {
    // Storage disabled: the countdown lasts until the page closes.
  }
}
