/**
 * Numbers, weights, distances, dates and times for people: `Intl` in the current language, in the units and
 * clock the user chose. Documents always hold kilograms and kilometres; conversion happens only here, on the
 * way to the screen (and back, for input, through `toKg`).
 */
import type { Settings } from "@cadence/shared-schema";
import { currentLocale } from "./i18n/index.js";

/** The slice of the settings that formatting needs. */
export type Units = Pick<Settings, "weightUnit" | "distanceUnit" | "clock">;

export const DEFAULT_UNITS: Units = { weightUnit: "kg", distanceUnit: "metric", clock: 24 };

export const KG_PER_LB = 0.45359237;
export const KM_PER_MILE = 1.609344;

/** A weight stored in kilograms, in the user's unit: one decimal at most (2.5 kg plates, 0.1 lb scales). */
export function formatWeight(kg: number, units: Pick<Units, "weightUnit">, locale = currentLocale()): string {
  const pounds = units.weightUnit === "lb";
  const value = pounds ? kg / KG_PER_LB : kg;
  return new Intl.NumberFormat(locale, {
    style: "unit",
    unit: pounds ? "pound" : "kilogram",
    unitDisplay: "short",
    maximumFractionDigits: 1,
  }).format(round(value, 1));
}

/** A weight the user typed in their unit, as kilograms for the document. */
export function toKg(value: number, units: Pick<Units, "weightUnit">): number {
  return units.weightUnit === "lb" ? round(value * KG_PER_LB, 3) : value;
}

/** A distance stored in kilometres, in kilometres or miles. */
export function formatDistance(
  km: number,
  units: Pick<Units, "distanceUnit">,
  locale = currentLocale(),
): string {
  const imperial = units.distanceUnit === "imperial";
  return new Intl.NumberFormat(locale, {
    style: "unit",
    unit: imperial ? "mile" : "kilometer",
    unitDisplay: "short",
    maximumFractionDigits: 1,
  }).format(round(imperial ? km / KM_PER_MILE : km, 1));
}

export function formatNumber(
  value: number,
  options?: Intl.NumberFormatOptions,
  locale = currentLocale(),
): string {
  return new Intl.NumberFormat(locale, options).format(value);
}

/** A duration in minutes, e.g. "45 min". */
export function formatMinutes(minutes: number, locale = currentLocale()): string {
  return new Intl.NumberFormat(locale, {
    style: "unit",
    unit: "minute",
    unitDisplay: "short",
  }).format(minutes);
}

/** A calendar date (a `Date`, an ISO timestamp, or a `YYYY-MM-DD` day taken as local). */
export function formatDate(
  value: Date | string,
  style: "long" | "medium" | "short" = "medium",
  locale = currentLocale(),
): string {
  const date = toDate(value);
  if (!date) return String(value);
  const options: Intl.DateTimeFormatOptions =
    style === "long" ? { weekday: "long", day: "numeric", month: "long" } : { dateStyle: style };
  return new Intl.DateTimeFormat(locale, options).format(date);
}

/** A time of day on the user's 12- or 24-hour clock. */
export function formatTime(
  value: Date | string,
  units: Pick<Units, "clock">,
  locale = currentLocale(),
): string {
  const date = toDate(value);
  if (!date) return String(value);
  return new Intl.DateTimeFormat(locale, {
    hour: "numeric",
    minute: "2-digit",
    hourCycle: units.clock === 12 ? "h12" : "h23",
  }).format(date);
}

export function formatDateTime(
  value: Date | string,
  units: Pick<Units, "clock">,
  locale = currentLocale(),
): string {
  const date = toDate(value);
  if (!date) return String(value);
  return new Intl.DateTimeFormat(locale, {
    dateStyle: "medium",
    timeStyle: "short",
    hourCycle: units.clock === 12 ? "h12" : "h23",
  }).format(date);
}

/** A list of words joined the way the language does ("a, b and c"). */
export function formatList(items: readonly string[], locale = currentLocale()): string {
  return new Intl.ListFormat(locale, { style: "long", type: "conjunction" }).format(items);
}

function toDate(value: Date | string): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = day ? new Date(Number(day[1]), Number(day[2]) - 1, Number(day[3])) : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
