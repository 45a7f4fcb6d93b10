import { sql } from 'drizzle-orm';
import type { Database } from './client.js';

/** The channel every change that can stale a cached session, actor or org list is announced on. */
export const changeChannel = 'shuping_changes';

/**
 * Tables whose writes can change who a session acts as (sessions, users, orgs: an org move changes
 * a scope path) or what a cached org list shows. Statement-level, so a bulk import of thousands of
 * orgs sends one notification, and PostgreSQL folds identical ones within a transaction.
 */
const watchedTables = ['sessions', 'users', 'orgs'] as const;

// Arbitrary constant: instances starting together take turns replacing the trigger function.
const installLockKey = 7_420_612;

/**
 * Installs (idempotently, at every start) the triggers that NOTIFY `changeChannel` with the table
 * name on any insert, update, delete or truncate. Being in the database, they catch every writer:
 * this app, other instances, the CLI, imports.
 */
export async function installChangeNotifications(database: Database): Promise<void> {
  await database.withConnection((db) =>
    db.transaction(async (tx) => {
      if (database.driver === 'postgres')
        await tx.execute(sql`select pg_advisory_xact_lock(${installLockKey})`);
      await tx.execute(
        sql.raw(`create or replace function shuping_notify_change() returns trigger language plpgsql as $$
          begin
            perform pg_notify('${changeChannel}', tg_table_name);
            return null;
          end $$`),
      );
      for (const table of watchedTables)
        await tx.execute(
          sql.raw(`create or replace trigger ${table}_notify_change
            after insert or update or delete or truncate on ${table}
            for each statement execute function shuping_notify_change()`),
        );
    }),
  );
}
