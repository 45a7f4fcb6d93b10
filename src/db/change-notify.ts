/**
 * The channel on which migration 0003's statement-level triggers announce every write to `sessions`,
 * `users` and `orgs` (the tables a cached session, actor or org list is built from), whoever writes.
 */
export const changeChannel = 'shuping_changes';
