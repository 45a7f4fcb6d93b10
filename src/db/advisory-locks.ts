/**
 * Every PostgreSQL advisory-lock key the application takes, in one place, so two features never
 * share a key by accident (sharing one makes them wait on each other). SQL in `drizzle/` writes the
 * number itself: migrations 0002 and 0004 take `statisticsCache` (7420612) in their triggers.
 */
export const advisoryLockKeys = {
  /** Session lock around migrations, so instances starting together take turns. */
  migration: 7_420_611,
  /**
   * Statistics cache: a fill takes it exclusively without waiting; the writers' triggers
   * (migrations 0002 and 0004) take it shared. Org tree structure changes take it exclusively too
   * (historically the same number), so a move also waits for running writers.
   */
  statisticsCache: 7_420_612,
  /**
   * Job runners: each live instance holds (jobRunner, its runner key) as a two-key session lock for
   * its lifetime; a running job whose runner's lock is free was left by a dead process.
   */
  jobRunner: 7_420_613,
} as const;
