// T4 "dashboard shows accurate data (±1 %)": every figure of computeDashboard on the golden dataset against an
// independent spreadsheet-style reference (golden/reference.ts).
import { computeDashboard, type Dashboard } from "@cadence/shared-schema/metrics";
import { describe, expect, it } from "vitest";
import { generateGoldenLog } from "./golden/generator.js";
import { referenceFigures, type RefFigures } from "./golden/reference.js";

const TOLERANCE = 0.01;

class Comparison {
  figures = 0;
  mismatches: string[] = [];
  near(label: string, actual: number | null | undefined, expected: number | null | undefined): void {
    this.figures += 1;
    if (expected === null || expected === undefined || actual === null || actual === undefined) {
      if ((expected ?? null) !== (actual ?? null))
        this.mismatches.push(`${label}: got ${actual}, want ${expected}`);
      return;
    }
    if (Math.abs(actual - expected) > TOLERANCE * Math.abs(expected) + 1e-9) {
      this.mismatches.push(`${label}: got ${actual}, want ${expected}`);
    }
  }
  same(label: string, actual: unknown, expected: unknown): void {
    this.figures += 1;
    if (JSON.stringify(actual) !== JSON.stringify(expected)) {
      this.mismatches.push(`${label}: got ${JSON.stringify(actual)}, want ${JSON.stringify(expected)}`);
    }
  }
}

function compare(dashboard: Dashboard, ref: RefFigures): Comparison {
  const c = new Comparison();
  c.same(
    "week labels",
    dashboard.weeks.map((w) => w.week),
    Object.keys(ref.weeks),
  );
  for (const [label, want] of Object.entries(ref.weeks)) {
    const got = dashboard.weeks.find((w) => w.week === label);
    if (!got) continue;
    c.near(`${label} sets`, got.volume.sets, want.sets);
    c.near(`${label} reps`, got.volume.reps, want.reps);
    c.near(`${label} volumeKg`, got.volume.volumeKg, want.volumeKg);
    c.near(`${label} bodyweightReps`, got.volume.bodyweightReps, want.bodyweightReps);
    c.near(`${label} bodyweightVolumeKg`, got.volume.bodyweightVolumeKg, want.bodyweightVolumeKg);
    c.near(`${label} unloadedReps`, got.volume.unloadedReps, want.unloadedReps);
    c.near(`${label} TUT`, got.volume.timeUnderTensionSec, want.tutSec);
    c.same(
      `${label} muscles`,
      got.muscleSets.map((m) => m.muscle).sort(),
      Object.keys(want.muscleSets).sort(),
    );
    for (const [muscle, sets] of Object.entries(want.muscleSets)) {
      c.near(`${label} ${muscle} sets`, got.muscleSets.find((m) => m.muscle === muscle)?.sets, sets);
    }
    c.near(`${label} load`, got.load, want.load);
    c.near(`${label} monotony`, got.monotony, want.monotony);
    c.near(`${label} strain`, got.strain, want.strain);
    c.near(`${label} plannedSets`, got.adherence.plannedSets, want.plannedSets);
    c.near(`${label} completedPlannedSets`, got.adherence.completedPlannedSets, want.completedPlannedSets);
    c.near(`${label} extraSets`, got.adherence.extraSets, want.extraSets);
    c.near(`${label} trainingDays`, got.adherence.trainingDays, want.trainingDays);
    c.near(`${label} %e1RM`, got.meanPercentE1rm, want.meanPercentE1rm);
    c.near(`${label} meanRpe`, got.meanRpe, want.meanRpe);
    c.near(`${label} readiness`, got.readinessMean, want.readinessMean);
  }
  c.same(
    "days",
    dashboard.volume.byDay.map((d) => d.date),
    Object.keys(ref.days).sort(),
  );
  for (const [date, want] of Object.entries(ref.days)) {
    const got = dashboard.volume.byDay.find((d) => d.date === date)?.totals;
    c.near(`${date} sets`, got?.sets, want.sets);
    c.near(`${date} reps`, got?.reps, want.reps);
    c.near(`${date} volumeKg`, got?.volumeKg, want.volumeKg);
    c.near(`${date} TUT`, got?.timeUnderTensionSec, want.tutSec);
  }
  c.same("lifts", dashboard.strength.lifts.map((l) => l.exerciseId).sort(), Object.keys(ref.e1rm).sort());
  for (const [lift, points] of Object.entries(ref.e1rm)) {
    const history = dashboard.strength.lifts.find((l) => l.exerciseId === lift)?.history ?? [];
    c.same(
      `${lift} sessions`,
      history.map((p) => p.workoutId),
      points.map((p) => p.workoutId),
    );
    points.forEach((p, i) => {
      c.near(`${lift} ${p.workoutId} epley`, history[i]?.e1rmKg, p.epley);
      c.near(`${lift} ${p.workoutId} brzycki`, history[i]?.brzyckiKg, p.brzycki);
    });
  }
  for (const [lift, want] of Object.entries(ref.lifts)) {
    const got = dashboard.strength.lifts.find((l) => l.exerciseId === lift);
    c.near(`${lift} best e1RM`, got?.best?.e1rmKg, want.bestE1rm);
    c.near(`${lift} heaviest`, got?.heaviestKg, want.heaviest);
  }
  const prKey = (p: { kind: string; exerciseId: string; workoutId: string; value: number }): string =>
    `${p.kind}|${p.exerciseId}|${p.workoutId}|${p.value.toFixed(6)}`;
  c.same("PRs", dashboard.strength.prs.map(prKey).sort(), ref.prs.map(prKey).sort());
  for (const s of dashboard.load.sessions)
    c.near(`load ${s.workoutId}`, s.load, ref.sessionLoads[s.workoutId]);
  c.same("scored sessions", dashboard.load.sessions.length, Object.keys(ref.sessionLoads).length);
  c.near("last7 load", dashboard.load.last7Days.load, ref.last7.load);
  c.near("last7 monotony", dashboard.load.last7Days.monotony, ref.last7.monotony);
  c.near("last7 strain", dashboard.load.last7Days.strain, ref.last7.strain);
  c.near("ACWR acute", dashboard.load.acwr.acuteDailyMean, ref.acwr.acute);
  c.near("ACWR chronic", dashboard.load.acwr.chronicDailyMean, ref.acwr.chronic);
  c.near("ACWR", dashboard.load.acwr.ratio, ref.acwr.ratio);
  c.near("current day streak", dashboard.streaks.currentDays, ref.streaks.currentDays);
  c.near("longest day streak", dashboard.streaks.longestDays, ref.streaks.longestDays);
  c.near("current week streak", dashboard.streaks.currentWeeks, ref.streaks.currentWeeks);
  c.near("longest week streak", dashboard.streaks.longestWeeks, ref.streaks.longestWeeks);
  c.same(
    "readiness days",
    dashboard.readiness.days.map((d) => d.date),
    Object.keys(ref.readiness.scores).sort(),
  );
  for (const d of dashboard.readiness.days)
    c.near(`readiness ${d.date}`, d.score, ref.readiness.scores[d.date]);
  c.near("readiness mean7", dashboard.readiness.mean7, ref.readiness.mean7);
  c.near("readiness slope7", dashboard.readiness.slope7, ref.readiness.slope7);
  c.near("total sets", dashboard.volume.total.sets, ref.totals.sets);
  c.near("total reps", dashboard.volume.total.reps, ref.totals.reps);
  c.near("total volumeKg", dashboard.volume.total.volumeKg, ref.totals.volumeKg);
  c.near("total TUT", dashboard.volume.total.timeUnderTensionSec, ref.totals.tutSec);
  c.near("total %e1RM", dashboard.intensity.total.meanPercentE1rm, ref.totals.meanPercentE1rm);
  c.near("total meanRpe", dashboard.intensity.total.meanRpe, ref.totals.meanRpe);
  return c;
}

describe("golden dataset (16 weeks across the ISO year boundary)", () => {
  const log = generateGoldenLog();
  const dashboard = computeDashboard(log, { today: log.today });
  const ref = referenceFigures(log, log.today);

  it("is the realistic log it claims to be", () => {
    const sessions = log.workouts.filter((w) => w.date <= log.today);
    const sets = sessions.flatMap((w) => w.exercises.flatMap((e) => e.sets));
    expect(sessions.length).toBeGreaterThanOrEqual(48);
    expect(sessions.length).toBeLessThanOrEqual(64);
    expect(sets.length).toBeGreaterThan(500);
    expect(dashboard.weeks).toHaveLength(16);
    expect(dashboard.weeks.map((w) => w.week)).toContain("2025-W01");
    expect(dashboard.weeks.find((w) => w.week === "2025-W01")?.weekStart).toBe("2024-12-30");
  });

  it("matches the independent reference within ±1 % on every figure", () => {
    const c = compare(dashboard, ref);
    expect(c.mismatches).toEqual([]);
    expect(c.figures).toBeGreaterThan(1000);
  });

  it("ignores the workout dated after today", () => {
    const future = log.workouts.find((w) => w.date > log.today);
    expect(future).toBeDefined();
    expect(dashboard.load.sessions.some((s) => s.workoutId === future?.id)).toBe(false);
  });

  it("sees the planted stall and suggests a deload", () => {
    expect(dashboard.deload.suggest).toBe(true);
    const codes = dashboard.deload.reasons.map((r) => r.code);
    expect(codes).toContain("stalled-lifts");
    expect(codes).toContain("loading-weeks");
    expect(dashboard.deload.mainLifts.map((l) => l.exerciseId).sort()).toEqual([
      "back-squat",
      "barbell-row",
      "bench-press",
      "deadlift",
    ]);
  });

  it("is deterministic: same input and date, same figures", () => {
    const again = computeDashboard(generateGoldenLog(), { today: log.today });
    expect(JSON.stringify(again)).toBe(JSON.stringify(dashboard));
  });
});
