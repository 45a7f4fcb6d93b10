import { and, eq, getTableColumns, or, sql } from 'drizzle-orm';
import {
  afterSuccess,
  loginLimits,
  reserveAttempt,
  retryText,
  type Counters,
  type ThrottleCounter,
  type ThrottleKind,
} from '../../../domain/login-throttle.js';
import type { Db } from '../../../db/client.js';
import { loginThrottles } from '../../../db/schema/index.js';
import { tooManyRequests } from '../../errors.js';

interface Key {
  kind: ThrottleKind;
  username: string;
  ip: string;
}

// Sorted as the primary key sorts, so that concurrent attempts take the row locks in one order.
const keysOf = (username: string, ip: string): Key[] => [
  { kind: 'address', username: '', ip },
  { kind: 'pair', username, ip },
  { kind: 'user', username, ip: '' },
];

const matching = (keys: Key[]) =>
  or(
    ...keys.map((k) =>
      and(
        eq(loginThrottles.kind, k.kind),
        eq(loginThrottles.username, k.username),
        eq(loginThrottles.ip, k.ip),
      ),
    ),
  );

/**
 * Locks the counter rows of `keys` until the transaction ends, creating empty ones first so that
 * even the very first attempts queue behind each other, and reads them with the database's clock,
 * the one clock all instances share.
 */
async function lockCounters(tx: Db, keys: Key[]): Promise<{ counters: Counters; now: Date }> {
  await tx
    .insert(loginThrottles)
    .values(keys.map((k) => ({ ...k, failures: 0, lastFailureAt: sql`now()` })))
    .onConflictDoNothing();
  const rows = await tx
    .select({
      ...getTableColumns(loginThrottles),
      now: sql<Date>`now()`.mapWith(loginThrottles.lastFailureAt),
    })
    .from(loginThrottles)
    .where(matching(keys))
    .orderBy(loginThrottles.kind, loginThrottles.username, loginThrottles.ip)
    .for('update');
  const counters: Counters = {};
  for (const { kind, failures, lastFailureAt, lockedUntil } of rows)
    counters[kind as ThrottleKind] = { failures, lastFailureAt, lockedUntil };
  return { counters, now: rows[0]!.now };
}

async function store(tx: Db, key: Key, counter: ThrottleCounter) {
  await tx
    .update(loginThrottles)
    .set(counter)
    .where(matching([key]));
}

/**
 * Takes an attempt slot for `username` from `ip` before its password is checked, counting the
 * attempt as a failure until `succeeded` says otherwise; throws 429 (with when to retry) while
 * a lock-out runs. One transaction with the rows locked, so parallel attempts on any number of
 * instances are counted one after the other and at most the free failures reach the check.
 */
export async function reserveLoginAttempt(db: Db, username: string, ip: string, knownAddress: boolean) {
  const keys = keysOf(username, ip);
  const refusal = await db.transaction(async (tx) => {
    const { counters, now } = await lockCounters(tx, keys);
    const reservation = reserveAttempt(counters, knownAddress, now);
    if ('retryAt' in reservation) return { retryAt: reservation.retryAt, now };
    for (const key of keys) await store(tx, key, reservation.counters[key.kind]);
    return null;
  });
  if (refusal) {
    const seconds = Math.ceil((refusal.retryAt.getTime() - refusal.now.getTime()) / 1000);
    throw tooManyRequests(
      'TOO_MANY_ATTEMPTS',
      `尝试次数过多，请 ${retryText(refusal.retryAt, refusal.now)}后再试`,
      Math.max(1, seconds),
    );
  }
}

/**
 * The right password was given: the account's failures (from this address and overall) are
 * forgotten, and the address gets back the slot it took. The address keeps its other failures,
 * or one valid account would wipe the count of a guesser trying many.
 */
export async function loginSucceeded(tx: Db, username: string, ip: string) {
  const [address, ...own] = keysOf(username, ip);
  // The address row first, as reserveLoginAttempt takes them: two orders could wait on each other.
  const { counters } = await lockCounters(tx, [address!]);
  await tx.delete(loginThrottles).where(matching(own));
  await store(tx, address!, afterSuccess(counters.address!, loginLimits.address));
}

/** Lifts every lock-out of `username` (an administrator's decision); address counts stay. */
export async function clearLoginLocks(tx: Db, username: string): Promise<number> {
  const cleared = await tx
    .delete(loginThrottles)
    .where(and(eq(loginThrottles.username, username), sql`${loginThrottles.kind} in ('pair', 'user')`))
    .returning({ kind: loginThrottles.kind });
  return cleared.length;
}

/**
 * Counters nobody has failed on for longer than every window are of no use any more. A statement of
 * its own, outside any transaction holding counter rows, so it never waits while holding one.
 */
export async function forgetOldFailures(db: Db) {
  await db.delete(loginThrottles).where(
    sql`greatest(${loginThrottles.lastFailureAt}, coalesce(${loginThrottles.lockedUntil}, ${loginThrottles.lastFailureAt}))
          < now() - make_interval(secs => ${Math.max(...Object.values(loginLimits).map((l) => l.windowMs)) / 1000})`,
  );
}
