import { describe, expect, it } from "vitest";
import {
  BODY_REGIONS,
  EQUIPMENT,
  EXERCISE_LIBRARY,
  exerciseById,
  findExercise,
  LOCALES,
  MOVEMENT_PATTERNS,
  MUSCLES,
  PHASE_KINDS,
} from "../../src/plan/index.js";

describe("exercise library", () => {
  it("has at least 100 exercises with unique ids", () => {
    expect(EXERCISE_LIBRARY.length).toBeGreaterThanOrEqual(100);
    const ids = EXERCISE_LIBRARY.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9_]+$/);
  });

  it("names every exercise in English, Norwegian Bokmål, Spanish and German", () => {
    for (const e of EXERCISE_LIBRARY) {
      for (const l of LOCALES) {
        expect(e.names[l].trim(), `${e.id}.${l}`).not.toBe("");
        expect(e.names[l]).toBe(e.names[l].trim());
      }
    }
    // Real translations, not copies: a few loanwords (Burpee, Dips) may stay, most may not.
    for (const l of ["nb", "es", "de"] as const) {
      const translated = EXERCISE_LIBRARY.filter((e) => e.names[l] !== e.names.en).length;
      expect(translated / EXERCISE_LIBRARY.length, l).toBeGreaterThan(0.9);
    }
  });

  it("lists substitutes that exist and are not the exercise itself", () => {
    for (const e of EXERCISE_LIBRARY) {
      expect(e.substitutes.length, e.id).toBeGreaterThan(0);
      expect(new Set(e.substitutes).size, e.id).toBe(e.substitutes.length);
      for (const s of e.substitutes) {
        expect(exerciseById(s), `${e.id} → ${s}`).toBeDefined();
        expect(s).not.toBe(e.id);
      }
    }
  });

  it("uses only known muscles, patterns, equipment, regions and phases", () => {
    for (const e of EXERCISE_LIBRARY) {
      expect(e.primary.length, e.id).toBeGreaterThan(0);
      for (const m of [...e.primary, ...e.secondary]) expect(MUSCLES).toContain(m);
      expect(MOVEMENT_PATTERNS).toContain(e.pattern);
      expect(e.equipment.length, e.id).toBeGreaterThan(0);
      for (const q of e.equipment) expect(EQUIPMENT).toContain(q);
      for (const r of e.regions) expect(BODY_REGIONS).toContain(r);
      expect(e.phases.length, e.id).toBeGreaterThan(0);
      for (const p of e.phases) expect(PHASE_KINDS).toContain(p);
      if (e.loadable)
        expect(e.equipment.some((q) => q !== "bodyweight" && q !== "bands" && q !== "cardio_machines")).toBe(
          true,
        );
    }
  });

  it("covers every phase and every kind of equipment, with a bodyweight option for the main patterns", () => {
    for (const p of PHASE_KINDS)
      expect(EXERCISE_LIBRARY.filter((e) => e.phases.includes(p)).length, p).toBeGreaterThanOrEqual(8);
    for (const q of EQUIPMENT)
      expect(
        EXERCISE_LIBRARY.some((e) => e.equipment.includes(q)),
        q,
      ).toBe(true);
    for (const pattern of [
      "squat",
      "hinge",
      "lunge",
      "horizontal_push",
      "vertical_push",
      "horizontal_pull",
    ] as const) {
      const home = EXERCISE_LIBRARY.filter(
        (e) =>
          e.pattern === pattern &&
          e.phases.includes("main") &&
          e.equipment.every((q) => q === "bodyweight" || q === "bands"),
      );
      expect(home.length, pattern).toBeGreaterThan(0);
    }
  });

  it("leaves something to do whatever single region is injured", () => {
    for (const r of BODY_REGIONS) {
      expect(
        EXERCISE_LIBRARY.filter((e) => e.phases.includes("main") && !e.regions.includes(r)).length,
        r,
      ).toBeGreaterThan(20);
    }
  });

  it("finds exercises by id or by any name, ignoring accents and case", () => {
    expect(findExercise("barbell_back_squat")?.id).toBe("barbell_back_squat");
    expect(findExercise("Knebøy med stang")?.id).toBe("barbell_back_squat");
    expect(findExercise("peso muerto rumano")?.id).toBe("romanian_deadlift");
    expect(findExercise("RUMANISCHES KREUZHEBEN")?.id).toBe("romanian_deadlift");
    expect(findExercise("barbell-back-squat")?.id).toBe("barbell_back_squat");
    expect(findExercise("quantum squat")).toBeUndefined();
  });
});
