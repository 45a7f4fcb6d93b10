import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import type { ProblemSourceRef } from '../../domain/rectification/sources.js';
import { cycles } from './cycles.js';
import { members } from './members.js';
import { orgs } from './orgs.js';
import { createdAt, ltree, updatedAt } from './types.js';
import { users } from './users.js';

/**
 * 问题清单: one problem of one org. A cycle's candidates are filed with their cycle; an inspection
 * (督导检查) may be filed outside any cycle, as inspections happen all year, so `cycle_id` is
 * nullable. `candidate_key` is unique per cycle, so a candidate is filed once. A duplicate merged
 * into another points at it (`merged_into_id`) and leaves the lists; the kept one lists its sources.
 */
export const problems = pgTable(
  'problems',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    cycleId: integer('cycle_id').references(() => cycles.id, { onDelete: 'restrict' }),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'restrict' }),
    // Copy of the org's path, kept in step by org moves (as members'), so scope needs no join.
    orgPath: ltree('org_path').notNull(),
    source: text('source').notNull(),
    sourceRef: jsonb('source_ref').$type<ProblemSourceRef>().notNull(),
    candidateKey: text('candidate_key'),
    text: text('text').notNull(),
    excerpt: text('excerpt'),
    category: text('category').notNull(),
    severity: text('severity').notNull(),
    status: text('status').notNull().default('open'),
    deadline: date('deadline', { mode: 'string' }).notNull(),
    reopenCount: integer('reopen_count').notNull().default(0),
    // Who submitted the evidence awaiting (or closed by) verification: never its closer.
    submittedBy: integer('submitted_by').references(() => users.id, { onDelete: 'set null' }),
    closedOn: date('closed_on', { mode: 'string' }),
    mergedIntoId: integer('merged_into_id').references((): AnyPgColumn => problems.id, {
      onDelete: 'restrict',
    }),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('problems_org_path_gist').using('gist', t.orgPath),
    index('problems_cycle_idx').on(t.cycleId),
    // The lists' order, and the overdue list's range (deadline before today).
    index('problems_deadline_idx').on(t.deadline, t.id),
    index('problems_merged_into_idx').on(t.mergedIntoId),
    uniqueIndex('problems_cycle_candidate_key')
      .on(t.cycleId, t.candidateKey)
      .where(sql`${t.candidateKey} is not null`),
    check(
      'problems_source_check',
      sql`${t.source} in ('report','critique','appraisal','deduction','inspection')`,
    ),
    check(
      'problems_category_check',
      sql`${t.category} in ('political','ideological','organizational','conduct','discipline','system','other')`,
    ),
    check('problems_severity_check', sql`${t.severity} in ('high','medium','low')`),
    check('problems_status_check', sql`${t.status} in ('open','inProgress','submitted','closed','rejected')`),
    check('problems_reopen_count_check', sql`${t.reopenCount} >= 0`),
    check('problems_merged_check', sql`${t.mergedIntoId} is null or ${t.mergedIntoId} <> ${t.id}`),
  ],
);

export interface MeasureMilestone {
  text: string;
  due: string;
  doneOn: string | null;
}

/** 任务清单: a problem's measures, each with its owner (a member or a user), org and deadline. */
export const problemMeasures = pgTable(
  'problem_measures',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    problemId: integer('problem_id')
      .notNull()
      .references(() => problems.id, { onDelete: 'cascade' }),
    text: text('text').notNull(),
    ownerMemberId: integer('owner_member_id').references(() => members.id, { onDelete: 'set null' }),
    ownerUserId: integer('owner_user_id').references(() => users.id, { onDelete: 'set null' }),
    // The owner's name as assigned: the 责任清单 still reads it when the member or user is gone.
    ownerName: text('owner_name').notNull(),
    responsibleOrgId: integer('responsible_org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'restrict' }),
    deadline: date('deadline', { mode: 'string' }).notNull(),
    milestones: jsonb('milestones').$type<MeasureMilestone[]>().notNull().default([]),
    done: boolean('done').notNull().default(false),
    doneOn: date('done_on', { mode: 'string' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('problem_measures_problem_idx').on(t.problemId),
    index('problem_measures_owner_member_idx').on(t.ownerMemberId),
    index('problem_measures_owner_user_idx').on(t.ownerUserId),
    check('problem_measures_done_check', sql`${t.done} = (${t.doneOn} is not null)`),
  ],
);

/**
 * A problem's history: every transition and every change that keeps the status (extension, passed
 * re-check, merge), with who and when. `detail` holds what the kind carries: evidence (text, file
 * ids, ledger record ids), a reason, the old and new deadline, the merged item.
 */
export const problemEvents = pgTable(
  'problem_events',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    problemId: integer('problem_id')
      .notNull()
      .references(() => problems.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    reason: text('reason'),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
    userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
    userName: text('user_name').notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    index('problem_events_problem_idx').on(t.problemId, t.id),
    check(
      'problem_events_kind_check',
      sql`${t.kind} in ('file','start','submit','close','reject','recheckPass','recheckFail','extend','merge','reminder')`,
    ),
  ],
);

/**
 * What a user was told: an organizer's reminder (催办) of one problem, or the day's digest of what is
 * due and overdue. `day` is the local day it was made for; one digest per recipient and day, so a
 * re-run of the day's task adds nothing.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    recipientId: integer('recipient_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    problemId: integer('problem_id').references(() => problems.id, { onDelete: 'cascade' }),
    text: text('text').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    createdAt: createdAt(),
    readAt: timestamp('read_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    // The inbox reads a user's newest first; the badge counts the unread.
    index('notifications_recipient_idx').on(t.recipientId, t.id),
    index('notifications_unread_idx')
      .on(t.recipientId)
      .where(sql`${t.readAt} is null`),
    index('notifications_problem_idx').on(t.problemId),
    uniqueIndex('notifications_digest_day_key')
      .on(t.recipientId, t.day)
      .where(sql`${t.kind} = 'digest'`),
    check('notifications_kind_check', sql`${t.kind} in ('reminder','digest')`),
  ],
);
