import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { ltree } from './types.js';

// The same states as the contract's `Job` (src/contract/jobs.ts), which this layer may not import.
export const jobStates = ['queued', 'running', 'succeeded', 'failed'] as const;
export type JobState = (typeof jobStates)[number];

/** What a failed job answers, as a 4xx error body would. */
export interface JobError {
  code: string;
  message: string;
  details?: unknown;
}

/** Background work started by a user (imports today; scoring, analysis and exports next). */
export const jobs = pgTable(
  'jobs',
  {
    // Random, not a sequence: knowing one job's id says nothing about anyone else's.
    id: uuid('id').primaryKey(),
    kind: text('kind').notNull(),
    state: text('state', { enum: jobStates }).notNull().default('queued'),
    phase: text('phase'),
    done: integer('done').notNull().default(0),
    total: integer('total'),
    result: jsonb('result'),
    error: jsonb('error').$type<JobError>(),
    // No foreign key: 0 is work started from the command line (systemActor), as in the audit log.
    ownerId: integer('owner_id').notNull(),
    // Who besides the owner may read the job: users whose scope covers it. Null: whole-system scope only.
    orgPath: ltree('org_path'),
    // The instance running it, by the key of the session advisory lock that instance holds while it
    // lives: a running job whose runner's lock is free was left by a dead process.
    runner: integer('runner'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }),
    finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    index('jobs_owner_created_idx').on(t.ownerId, t.createdAt),
    index('jobs_running_idx')
      .on(t.runner)
      .where(sql`state in ('queued', 'running')`),
    check('jobs_state_check', sql`${t.state} in ('queued', 'running', 'succeeded', 'failed')`),
  ],
);
