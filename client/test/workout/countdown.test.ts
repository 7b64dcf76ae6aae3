// Countdowns are computed from timestamps: correct after any gap between ticks, across pause and adjustments.
import { describe, expect, it } from "vitest";
import {
  adjustCountdown,
  clockText,
  isOver,
  leftMs,
  pauseCountdown,
  resumeCountdown,
  startCountdown,
} from "../../src/workout/countdown.js";

describe("countdown", () => {
  it("counts from its end time, whatever happened between ticks", () => {
    const c = startCountdown("rest", "s1", 90, 1_000);
    expect(leftMs(c, 1_000)).toBe(90_000);
    // A tab in the background for a minute: no ticks ran, the time left is still right.
    expect(leftMs(c, 61_000)).toBe(30_000);
    expect(isOver(c, 91_000)).toBe(true);
    expect(leftMs(c, 500_000)).toBe(0);
  });

  it("freezes while paused and resumes with what was left", () => {
    let c = startCountdown("rest", "s1", 60, 0);
    c = pauseCountdown(c, 20_000);
    expect(leftMs(c, 300_000)).toBe(40_000);
    c = resumeCountdown(c, 300_000);
    expect(leftMs(c, 310_000)).toBe(30_000);
    expect(isOver(c, 340_000)).toBe(true);
  });

  it("adjusts by seconds and never below zero", () => {
    let c = startCountdown("rest", "s1", 60, 0);
    c = adjustCountdown(c, 15, 10_000);
    expect(leftMs(c, 10_000)).toBe(65_000);
    expect(c.totalMs).toBe(75_000);
    c = adjustCountdown(c, -120, 10_000);
    expect(leftMs(c, 10_000)).toBe(0);
    const paused = adjustCountdown(pauseCountdown(startCountdown("work", "s2", 30, 0), 5_000), -15, 9_000);
    expect(leftMs(paused, 99_000)).toBe(10_000);
  });

  it("shows m:ss, rounding up so 0:00 means over", () => {
    expect(clockText(90_000)).toBe("1:30");
    expect(clockText(500)).toBe("0:01");
    expect(clockText(0)).toBe("0:00");
    expect(clockText(3_725_000)).toBe("1:02:05");
  });
});
