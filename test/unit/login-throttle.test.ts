import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  afterFailure,
  afterSuccess,
  loginLimits,
  reserveAttempt,
  retryText,
  type Counters,
  type ThrottleCounter,
} from '../../src/domain/login-throttle.js';

const minute = 60_000;
const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms);

/** Failures one after another at `now`, as reservations that all turned out wrong. */
function fail(counters: Counters, times: number, now: Date, known = false): Counters {
  for (let i = 0; i < times; i++) {
    const reservation = reserveAttempt(counters, known, now);
    if ('retryAt' in reservation) throw new Error(`refused at failure ${i + 1}`);
    counters = reservation.counters;
  }
  return counters;
}

describe('afterFailure()', () => {
  const limit = loginLimits.pair;

  it('allows the free failures, then locks for a minute, doubling with each further one up to the cap', () => {
    let counter: ThrottleCounter | undefined;
    let now = at(0);
    const locks: number[] = [];
    for (let i = 0; i < 12; i++) {
      counter = afterFailure(counter, limit, now);
      locks.push(counter.lockedUntil ? (counter.lockedUntil.getTime() - now.getTime()) / minute : 0);
      // The next failure comes as soon as the lock-out ran out, or a minute later.
      now = counter.lockedUntil ?? at(now.getTime() - at(0).getTime() + minute);
    }
    expect(locks).toEqual([0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 60, 60]);
  });

  it('forgets failures after a quiet window counted from the end of the last lock-out', () => {
    const counter = { failures: 7, lastFailureAt: at(0), lockedUntil: at(4 * minute) };
    expect(afterFailure(counter, limit, at(18 * minute)).failures).toBe(8);
    expect(afterFailure(counter, limit, at(19 * minute)).failures).toBe(1);
  });
});

describe('reserveAttempt()', () => {
  it('takes a slot before the check, so the sixth of six simultaneous attempts is refused', () => {
    const now = at(0);
    const counters = fail({}, 5, now);
    expect(counters.pair).toMatchObject({ failures: 5, lockedUntil: at(minute) });
    expect(reserveAttempt(counters, false, now)).toEqual({ retryAt: at(minute) });
  });

  it('refuses while any enforced count is locked, naming the latest end', () => {
    const now = at(0);
    const counters: Counters = {
      pair: { failures: 1, lastFailureAt: now, lockedUntil: null },
      address: { failures: 31, lastFailureAt: now, lockedUntil: at(2 * minute) },
      user: { failures: 101, lastFailureAt: now, lockedUntil: at(30 * minute) },
    };
    expect(reserveAttempt(counters, false, now)).toEqual({ retryAt: at(30 * minute) });
  });

  it('from a known address enforces the (username, address) count only, but still counts the rest', () => {
    const now = at(0);
    const counters: Counters = {
      address: { failures: 31, lastFailureAt: now, lockedUntil: at(2 * minute) },
      user: { failures: 101, lastFailureAt: now, lockedUntil: at(30 * minute) },
    };
    const reservation = reserveAttempt(counters, true, now);
    if ('retryAt' in reservation) throw new Error('refused');
    expect(reservation.counters.user.failures).toBe(102);
    expect(reservation.counters.pair.failures).toBe(1);
    expect('retryAt' in reserveAttempt(fail({}, 5, now, true), true, now)).toBe(true);
  });

  it('never lets more than the free failures through within a window, however attempts are spread', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20_000 }), { minLength: 1, maxLength: 60 }), (gaps) => {
        let counters: Counters = {};
        let t = 0;
        let checked = 0;
        for (const gap of gaps) {
          t += gap;
          const reservation = reserveAttempt(counters, false, at(t));
          if ('retryAt' in reservation) continue;
          counters = reservation.counters;
          checked++;
        }
        // All within 20 minutes at most: the five free ones, then one per lock-out that ran out.
        expect(checked).toBeLessThanOrEqual(loginLimits.pair.freeFailures + Math.ceil(t / minute));
        if (t < minute) expect(checked).toBeLessThanOrEqual(loginLimits.pair.freeFailures);
      }),
    );
  });
});

describe('afterSuccess()', () => {
  it('gives the address back its slot, and its lock once under the free failures', () => {
    const limit = loginLimits.address;
    const locked = { failures: 30, lastFailureAt: at(0), lockedUntil: at(minute) };
    expect(afterSuccess(locked, limit)).toEqual({ failures: 29, lastFailureAt: at(0), lockedUntil: null });
    const deeper = { failures: 32, lastFailureAt: at(0), lockedUntil: at(4 * minute) };
    expect(afterSuccess(deeper, limit)).toEqual({ ...deeper, failures: 31 });
  });
});

describe('retryText()', () => {
  it.each([
    [500, '1 秒'],
    [45_000, '45 秒'],
    [60_000, '1 分钟'],
    [61_000, '2 分钟'],
    [15 * minute, '15 分钟'],
  ])('%i ms → %s', (ms, text) => expect(retryText(at(ms), at(0))).toBe(text));
});
