import { bigint, index, pgSequence, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core';

/**
 * Ids of server-sent events, drawn by the publisher in the statement that notifies, so every
 * instance sees the same id for an event and a client may reconnect to any of them with it.
 */
export const eventIds = pgSequence('event_ids', { startWith: 1 });

/**
 * One row per scheduled task and period. The unique key is what makes a run happen once across
 * instances: whoever inserts the row runs the task, every other instance's insert finds it there.
 */
export const schedulerRuns = pgTable(
  'scheduler_runs',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    task: text('task').notNull(),
    // The day (YYYY-MM-DD) of a daily task, the start of the interval (ISO) of a periodic one.
    period: text('period').notNull(),
    instance: text('instance').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date' }),
    outcome: text('outcome', { enum: ['running', 'succeeded', 'failed'] }).notNull(),
    error: text('error'),
  },
  (t) => [
    unique('scheduler_runs_task_period_key').on(t.task, t.period),
    index('scheduler_runs_started_at_idx').on(t.startedAt),
  ],
);
