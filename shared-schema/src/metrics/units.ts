/**
 * Mass units for display. Storage and every computation stay in kilograms; pounds exist only at the edges
 * (input converted once with fromDisplayMass, output with toDisplayMass / formatMass).
 */
import type { MassUnit } from "./types.js";

/** International avoirdupois pound (1959), exact. */
export const KG_PER_LB = 0.45359237;

export function kgToLb(kg: number): number {
  return kg / KG_PER_LB;
}

export function lbToKg(lb: number): number {
  return lb * KG_PER_LB;
}

/** A stored kg figure in the user's display unit (volume load converts the same way: reps have no unit). */
export function toDisplayMass(kg: number, unit: MassUnit): number {
  return unit === "kg" ? kg : kgToLb(kg);
}

/** A figure typed in the display unit, as kg for storage. */
export function fromDisplayMass(value: number, unit: MassUnit): number {
  return unit === "kg" ? value : lbToKg(value);
}

export interface FormatOptions {
  /** Maximum fraction digits (trailing zeros dropped); default 1 for masses, 0 for volume. */
  decimals?: number;
  /** BCP 47 locale for digit grouping and the decimal mark; default "en-US" so output is stable. */
  locale?: string;
}

function formatNumber(value: number, decimals: number, locale: string): string {
  // Round first so a value like 224.99999 lb never prints as "225.0" vs "225" depending on the engine.
  const factor = 10 ** decimals;
  const rounded = Math.round(value * factor) / factor;
  return new Intl.NumberFormat(locale, { maximumFractionDigits: decimals, minimumFractionDigits: 0 }).format(
    Object.is(rounded, -0) ? 0 : rounded,
  );
}

/** A mass (bar weight, e1RM) for display: `formatMass(102.058, "lb")` → "225 lb". */
export function formatMass(kg: number, unit: MassUnit, options: FormatOptions = {}): string {
  return `${formatNumber(toDisplayMass(kg, unit), options.decimals ?? 1, options.locale ?? "en-US")} ${unit}`;
}

/** A volume load (Σ reps × kg) for display: `formatVolume(12345.6, "kg")` → "12,346 kg". */
export function formatVolume(kg: number, unit: MassUnit, options: FormatOptions = {}): string {
  return `${formatNumber(toDisplayMass(kg, unit), options.decimals ?? 0, options.locale ?? "en-US")} ${unit}`;
}
