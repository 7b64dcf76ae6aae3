// Calendar days as integers (days since 1970-01-01, via Date.UTC), so no time zone or clock enters.
const MS_PER_DAY = 86_400_000;
const DAY = /^(\d{4})-(\d{2})-(\d{2})/;

/** Day number of a `YYYY-MM-DD` date (a longer ISO string is cut to its day); NaN when unparsable. */
export function dayNumber(date: string): number {
  const m = DAY.exec(date);
  if (!m) return Number.NaN;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / MS_PER_DAY;
}

export function dateOfDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}
