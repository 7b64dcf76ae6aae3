/**
 * Calendar arithmetic on local dates. A date becomes a day number (days since 1970-01-01) by integer arithmetic
 * so the host's time zone never enters: the caller already decided which local day each record belongs to.
 */
import type { IsoDate, IsoWeek } from "./types.js";

const MS_PER_DAY = 86_400_000;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

// Every metric keys on dates, so the same few hundred strings are parsed again and again; the caches are
// bounded and invisible (same answers with or without them).
const CACHE_LIMIT = 50_000;
const dayCache = new Map<string, number>();
const dateCache = new Map<number, IsoDate>();

function remember<K, V>(cache: Map<K, V>, key: K, value: V): V {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
  return value;
}

/** Days since 1970-01-01 for a `YYYY-MM-DD` date; throws a RangeError for anything else. */
export function dayNumber(date: IsoDate): number {
  return dayCache.get(date) ?? remember(dayCache, date, parseDate(date));
}

function parseDate(date: IsoDate): number {
  const match = DATE_PATTERN.exec(date);
  if (!match) throw new RangeError(`not a YYYY-MM-DD date: ${JSON.stringify(date)}`);
  const y = Number(match[1]);
  const m = Number(match[2]);
  const d = Number(match[3]);
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m))
    throw new RangeError(`no such calendar date: ${date}`);
  return daysFromCivil(y, m, d);
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Proleptic Gregorian date → day number, integer arithmetic only (H. Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function dateOfDay(day: number): IsoDate {
  return (
    dateCache.get(day) ?? remember(dateCache, day, new Date(day * MS_PER_DAY).toISOString().slice(0, 10))
  );
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return dateOfDay(dayNumber(date) + days);
}

/** Monday = 0 … Sunday = 6. Day 0 (1970-01-01) was a Thursday. */
export function weekdayOfDay(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

/** Day number of the Monday that starts the ISO week containing `day`. */
export function weekStartOfDay(day: number): number {
  return day - weekdayOfDay(day);
}

/** ISO week label of the week starting on the Monday `weekStart` (its Thursday decides the year). */
export function isoWeekOfWeekStart(weekStart: number): IsoWeek {
  const thursday = weekStart + 3;
  const year = new Date(thursday * MS_PER_DAY).getUTCFullYear();
  const jan1 = Date.UTC(year, 0, 1) / MS_PER_DAY;
  const week = Math.floor((thursday - jan1) / 7) + 1;
  return `${year}-W${String(week).padStart(2, "0")}`;
}

export function isoWeekOf(date: IsoDate): IsoWeek {
  return isoWeekOfWeekStart(weekStartOfDay(dayNumber(date)));
}

/** A week as the dashboard reports it: ISO label plus the Monday it starts on. */
export interface WeekRef {
  week: IsoWeek;
  weekStart: IsoDate;
}

export function weekRef(weekStart: number): WeekRef {
  return { week: isoWeekOfWeekStart(weekStart), weekStart: dateOfDay(weekStart) };
}
