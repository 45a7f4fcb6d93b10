/**
 * Today as YYYY-MM-DD in the server's local time zone: the calendar day its users live in (a
 * county in UTC+8 starts its day eight hours before UTC does). Every "today" on the server comes
 * from here so date rules, reminders and statistics agree on which day it is.
 */
export function today(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * Where services read the time from. Deadline-driven modules take one instead of calling
 * `new Date()`, so tests (and the scheduler's tests) can set the day.
 */
export interface Clock {
  now(): Date;
  /** The calendar day of `now()`, as `today()` computes it. */
  today(): string;
}

/** Epoch milliseconds of the local midnight that ends `now`'s day. */
export function nextMidnight(now = new Date()): number {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1).getTime();
}

/** The day's text and the moment it ends: every cached read asks for the day, so it is worked out once a day. */
let day = { text: '', endsAt: 0 };

export const systemClock: Clock = {
  now: () => new Date(),
  today: () => {
    const now = Date.now();
    if (now >= day.endsAt || now < day.endsAt - 86_400_000) {
      const d = new Date(now);
      day = { text: today(d), endsAt: nextMidnight(d) };
    }
    return day.text;
  },
};

/** A clock that stands still at `start` until moved; for tests. */
export function manualClock(start: Date | string): Clock & { set(to: Date | string): void } {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    today: () => today(current),
    set: (to) => {
      current = new Date(to);
    },
  };
}
