import {
  formatMass,
  formatVolume,
  fromDisplayMass,
  kgToLb,
  KG_PER_LB,
  lbToKg,
  toDisplayMass,
} from "@cadence/shared-schema/metrics";
import { describe, expect, it } from "vitest";

describe("mass units (display only, kg stored)", () => {
  it("converts with the exact international pound", () => {
    expect(KG_PER_LB).toBe(0.45359237);
    expect(kgToLb(100)).toBeCloseTo(220.462, 3); // 100 / 0.45359237
    expect(lbToKg(225)).toBeCloseTo(102.0583, 4); // 225 × 0.45359237
    expect(toDisplayMass(100, "kg")).toBe(100);
  });

  it("round-trips: typed in lb, stored in kg, shown again in lb", () => {
    for (const typed of [45, 135, 225, 315, 405, 2.5, 1234.5]) {
      const stored = fromDisplayMass(typed, "lb");
      expect(toDisplayMass(stored, "lb")).toBeCloseTo(typed, 9);
      expect(formatMass(stored, "lb")).toBe(
        `${typed.toLocaleString("en-US", { maximumFractionDigits: 1 })} lb`,
      );
    }
    for (const kg of [20, 60, 102.5, 142.5])
      expect(fromDisplayMass(toDisplayMass(kg, "lb"), "lb")).toBeCloseTo(kg, 9);
  });

  it("switches the display unit back and forth without drift", () => {
    const stored = fromDisplayMass(225, "lb");
    expect(formatMass(stored, "kg")).toBe("102.1 kg");
    expect(formatMass(stored, "lb")).toBe("225 lb");
    expect(formatMass(stored, "kg", { decimals: 2 })).toBe("102.06 kg");
  });

  it("formats masses and volumes", () => {
    expect(formatMass(100, "kg")).toBe("100 kg");
    expect(formatMass(102.5, "kg")).toBe("102.5 kg");
    expect(formatMass(100, "lb")).toBe("220.5 lb");
    expect(formatVolume(12345.6, "kg")).toBe("12,346 kg");
    expect(formatVolume(1000, "lb")).toBe("2,205 lb"); // 2204.6
    expect(formatMass(1234.5, "kg", { locale: "de-DE" })).toBe("1.234,5 kg");
    expect(formatMass(-0.01, "kg")).toBe("0 kg");
  });
});
