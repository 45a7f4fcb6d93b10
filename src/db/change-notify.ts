/**
 * The channel on which migration 0003's statement-level triggers announce every write to `sessions`,
 * `users` and `orgs` (the tables a cached session, actor or org list is built from), whoever writes.
 */
export const changeChannel = 'shuping_changes';

/**
 * The channel on which migration 0015's triggers say that routine scores went stale (a ledger,
 * registry or scheme change); the routine-score refresher recomputes the stale rows when it hears it.
 */
export const routineChannel = 'shuping_routine';
