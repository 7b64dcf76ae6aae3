// Weights are stored in kilograms and shown in the user's unit, written the way each language writes them.
import { describe, expect, it } from "vitest";
import { formatDistance, formatTime, formatWeight, toKg } from "../src/format.js";

const nbsp = (text: string) => text.replace(/[\u00a0\u202f]/g, " ");

describe("weights", () => {
  it("show kilograms as stored, and pounds converted, in each language", () => {
    expect(nbsp(formatWeight(100, { weightUnit: "kg" }, "en"))).toBe("100 kg");
    expect(nbsp(formatWeight(100, { weightUnit: "lb" }, "en"))).toBe("220.5 lb");
    expect(nbsp(formatWeight(2.5, { weightUnit: "kg" }, "de"))).toBe("2,5 kg");
    expect(nbsp(formatWeight(20, { weightUnit: "lb" }, "es"))).toMatch(/^44,1 lb$/);
  });

  it("typed in pounds are stored as kilograms, and survive the round trip", () => {
    expect(toKg(220.5, { weightUnit: "lb" })).toBeCloseTo(100.017, 3);
    expect(toKg(100, { weightUnit: "kg" })).toBe(100);
    expect(nbsp(formatWeight(toKg(135, { weightUnit: "lb" }), { weightUnit: "lb" }, "en"))).toBe("135 lb");
  });
});

describe("distances and times", () => {
  it("use kilometres or miles", () => {
    expect(nbsp(formatDistance(5, { distanceUnit: "metric" }, "en"))).toBe("5 km");
    expect(nbsp(formatDistance(5, { distanceUnit: "imperial" }, "en"))).toBe("3.1 mi");
  });

  it("follow the 12- or 24-hour clock whatever the language's habit", () => {
    const evening = new Date(2025, 0, 6, 18, 30);
    expect(nbsp(formatTime(evening, { clock: 24 }, "en"))).toBe("18:30");
    expect(nbsp(formatTime(evening, { clock: 12 }, "en"))).toBe("6:30 PM");
    expect(nbsp(formatTime(evening, { clock: 24 }, "nb"))).toBe("18:30");
    expect(nbsp(formatTime(evening, { clock: 12 }, "de"))).toMatch(/^6:30 PM$/);
  });
});
