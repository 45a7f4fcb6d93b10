/**
 * Login throttling, after OWASP's advice: failures are counted per (username, address), per address
 * and per username, each with a few free failures and then lock-outs that double with every further
 * failure. The per-username count has a long window and a high limit, and does not apply from an
 * address the account signed in from recently, so nobody elsewhere can lock the owner out.
 */
export const throttleKinds = ['pair', 'address', 'user'] as const;
export type ThrottleKind = (typeof throttleKinds)[number];

export interface ThrottleLimit {
  /** Failures allowed before the first lock-out. */
  freeFailures: number;
  /** Failures are forgotten after this long without a failure or a running lock-out. */
  windowMs: number;
  /** The lock-out at the last free failure; each further failure doubles it up to maxLockMs. */
  firstLockMs: number;
  maxLockMs: number;
}

const minute = 60_000;
export const loginLimits: Record<ThrottleKind, ThrottleLimit> = {
  pair: { freeFailures: 5, windowMs: 15 * minute, firstLockMs: minute, maxLockMs: 60 * minute },
  address: { freeFailures: 30, windowMs: 15 * minute, firstLockMs: minute, maxLockMs: 60 * minute },
  user: {
    freeFailures: 100,
    windowMs: 24 * 60 * minute,
    firstLockMs: 15 * minute,
    maxLockMs: 24 * 60 * minute,
  },
};

/** How long an address counts as the account's own after a successful sign-in from it. */
export const knownAddressMs = 30 * 24 * 60 * minute;

export interface ThrottleCounter {
  failures: number;
  lastFailureAt: Date;
  lockedUntil: Date | null;
}

export type Counters = Partial<Record<ThrottleKind, ThrottleCounter>>;

function failuresInWindow(counter: ThrottleCounter | undefined, limit: ThrottleLimit, now: Date): number {
  if (!counter) return 0;
  const quietSince = Math.max(counter.lastFailureAt.getTime(), counter.lockedUntil?.getTime() ?? 0);
  return now.getTime() - quietSince >= limit.windowMs ? 0 : counter.failures;
}

/** The counter after one more failure, locked once the free failures are used up. */
export function afterFailure(
  counter: ThrottleCounter | undefined,
  limit: ThrottleLimit,
  now: Date,
): ThrottleCounter {
  const failures = failuresInWindow(counter, limit, now) + 1;
  const over = failures - limit.freeFailures;
  // The exponent is capped before it can overflow; maxLockMs caps the result anyway.
  const lockMs = over < 0 ? 0 : Math.min(limit.maxLockMs, limit.firstLockMs * 2 ** Math.min(over, 30));
  return { failures, lastFailureAt: now, lockedUntil: lockMs ? new Date(now.getTime() + lockMs) : null };
}

/** The counter after an attempt counted as a failure in advance turned out right. */
export function afterSuccess(counter: ThrottleCounter, limit: ThrottleLimit): ThrottleCounter {
  const failures = Math.max(0, counter.failures - 1);
  return { ...counter, failures, lockedUntil: failures < limit.freeFailures ? null : counter.lockedUntil };
}

export type Reservation = { retryAt: Date } | { counters: Record<ThrottleKind, ThrottleCounter> };

/**
 * Whether an attempt may be checked, and if so the counters with the attempt counted as a failure:
 * the slot is taken before the (slow) password check, so parallel attempts cannot all pass a count
 * taken before any of them failed. A right password gives the slot back (afterSuccess / reset).
 * From a known address only the (username, address) count applies.
 */
export function reserveAttempt(counters: Counters, knownAddress: boolean, now: Date): Reservation {
  const enforced = throttleKinds.filter((kind) => kind === 'pair' || !knownAddress);
  const locks = enforced
    .map((kind) => counters[kind]?.lockedUntil)
    .filter((until): until is Date => !!until && until > now);
  if (locks.length) return { retryAt: new Date(Math.max(...locks.map((d) => d.getTime()))) };
  const next = Object.fromEntries(
    throttleKinds.map((kind) => [kind, afterFailure(counters[kind], loginLimits[kind], now)]),
  ) as Record<ThrottleKind, ThrottleCounter>;
  return { counters: next };
}

/** "请在 N 分钟后再试", rounded up, for a lock running until `retryAt`. */
export function retryText(retryAt: Date, now: Date): string {
  const seconds = Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 1000));
  return seconds < 60 ? `${seconds} 秒` : `${Math.ceil(seconds / 60)} 分钟`;
}
