// Calendar arithmetic on ISO days (YYYY-MM-DD), the one place the domain, the server and the demo
// generator add days and years. ISO days compare correctly as strings, so only arithmetic lives here.
// Day numbers are cached both ways: the demo generator does tens of millions of these for a million
// members and Date#toISOString dominates otherwise; the caches stay small (one entry per calendar day).

const msPerDay = 86_400_000;
const isoByDay = new Map<number, string>();
const dayByIso = new Map<string, number>();

/** Days since 1970-01-01 of an ISO day. */
export function dayNumber(iso: string): number {
  let n = dayByIso.get(iso);
  if (n === undefined) {
    const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
    n = Date.UTC(y, m - 1, d) / msPerDay;
    dayByIso.set(iso, n);
  }
  return n;
}

/** The ISO day of a day number. */
export function fromDayNumber(n: number): string {
  let iso = isoByDay.get(n);
  if (iso === undefined) {
    iso = new Date(n * msPerDay).toISOString().slice(0, 10);
    isoByDay.set(n, iso);
    dayByIso.set(iso, n);
  }
  return iso;
}

/** The ISO day `days` days after `iso` (negative: before). */
export const addDays = (iso: string, days: number) => fromDayNumber(dayNumber(iso) + days);

/** The same day `years` years later (negative: earlier); 29 February plus a year is 28 February. */
export function addYears(iso: string, years: number): string {
  const y = Number(iso.slice(0, 4)) + years;
  const m = Number(iso.slice(5, 7)) - 1;
  const d = Number(iso.slice(8, 10));
  const lastOfMonth = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return fromDayNumber(Date.UTC(y, m, Math.min(d, lastOfMonth)) / msPerDay);
}

/** True for a real calendar day written YYYY-MM-DD (years 1000–9999). */
export function isIsoDay(value: string): boolean {
  if (!/^[1-9]\d{3}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}
