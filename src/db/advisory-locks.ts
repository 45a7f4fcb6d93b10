/**
 * Every PostgreSQL advisory-lock key the application takes, in one place, so two features never
 * share a key by accident (sharing one makes them wait on each other). SQL in `drizzle/` writes the
 * number itself: migrations 0002 and 0004 take `statisticsCache` (7420612) in their triggers.
 */
export const advisoryLockKeys = {
  /** Session lock around migrations, so instances starting together take turns. */
  migration: 7_420_611,
  /**
   * Statistics cache: a fill takes it exclusively without waiting; every write to the tables the
   * figures come from takes it shared in its trigger (migrations 0002 and 0004), so a row computed
   * from data older than a write is never stored after that write's invalidation ran.
   */
  statisticsCache: 7_420_612,
  /**
   * Job runners: each live instance holds (jobRunner, its runner key) as a two-key session lock for
   * its lifetime; a running job whose runner's lock is free was left by a dead process.
   */
  jobRunner: 7_420_614,
  /**
   * Org tree structure changes (create, move, rename, delete, org import), so two concurrent moves
   * never build a cycle or leave stale paths. Deliberately not `statisticsCache`, which it used to
   * share: a move's writes fire the same triggers as any other write and so take the cache lock
   * shared from its first write until it commits; a fill racing a move therefore either stores
   * before the move's invalidation runs (which then deletes it) or cannot store at all. Sharing the
   * key added nothing but made a move wait for every running member write (a long import) and
   * every such write wait for a move.
   */
  orgTree: 7_420_613,
  /**
   * A meeting's turnout event, as (meetingTurnout, meeting id) held while its counts are read and
   * NOTIFYed: publishers of one meeting on every instance take turns, so events arrive in the order
   * of the counts they carry and the last one shows the final state.
   */
  meetingTurnout: 7_420_615,
} as const;
