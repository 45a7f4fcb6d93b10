// Calendar arithmetic on ISO days for the generator, with the semantics of the domain's addDays and
// addYears (29 February plus a year is 28 February) but cached, because a million members need
// tens of millions of date operations and Date#toISOString dominates otherwise.

const msPerDay = 86_400_000;
const isoByDay = new Map<number, string>();
const dayByIso = new Map<string, number>();

/** Days since 1970-01-01 of an ISO day. */
export function dayNumber(iso: string): number {
  let n = dayByIso.get(iso);
  if (n === undefined) {
    n = Date.parse(`${iso}T00:00:00Z`) / msPerDay;
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

export const addDays = (iso: string, days: number) => fromDayNumber(dayNumber(iso) + days);

export function addYears(iso: string, years: number): string {
  const y = Number(iso.slice(0, 4)) + years;
  const m = Number(iso.slice(5, 7)) - 1;
  const d = Number(iso.slice(8, 10));
  const lastOfMonth = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return fromDayNumber(Date.UTC(y, m, Math.min(d, lastOfMonth)) / msPerDay);
}
