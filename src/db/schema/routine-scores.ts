import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  json,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
} from 'drizzle-orm/pg-core';
import { cycles } from './cycles.js';
import { ledgerRecords } from './ledger.js';
import { orgs } from './orgs.js';
import { users } from './users.js';
import { createdAt } from './types.js';

/**
 * 日常考核: the computed sheet of one reporting org in a cycle. Derived from the ledger, the
 * registry, the scheme and the scores people entered; `stale` is set by migration 0015's triggers
 * (and by the scoring service) in the transaction of any change it depends on, so a reader can say
 * "计算中" instead of showing an old total as current. A reporter without a row is pending too.
 */
export const routineScores = pgTable(
  'routine_scores',
  {
    cycleId: integer('cycle_id')
      .notNull()
      .references(() => cycles.id, { onDelete: 'cascade' }),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    // Null until first computed: the refresher creates the row first (committed), so every change
    // from then on marks it and no computation can store a result older than a change it missed.
    total: numeric('total', { precision: 8, scale: 2, mode: 'number' }),
    maxPoints: numeric('max_points', { precision: 8, scale: 2, mode: 'number' }),
    vetoed: boolean('vetoed'),
    /** Regular lines nobody has scored yet. */
    pendingLines: integer('pending_lines'),
    /**
     * The domain's ScoreSheet as computed. `json`, stored uncompressed (migration 0018): it is
     * rewritten whole by every recompute and read whole, never queried inside, and jsonb's parse
     * and compression made storing a cycle's 5,000 sheets cost more than computing them.
     */
    sheet: json('sheet').$type<Record<string, unknown>>(),
    schemeVersion: integer('scheme_version'),
    computedAt: timestamp('computed_at', { withTimezone: true, mode: 'date' }),
    stale: boolean('stale').notNull().default(true),
    // Bumped by every change that stales the row: a computation stores its result as current only
    // if the count is still the one it read before reading the data.
    marks: integer('marks').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.cycleId, t.orgId] }),
    index('routine_scores_org_idx').on(t.orgId),
    // The refresher looks for these only: a few among thousands.
    index('routine_scores_stale_idx')
      .on(t.cycleId)
      .where(sql`${t.stale}`),
  ],
);

/**
 * A score entered for one indicator of one org (自评, 考核人员评分, 组织部门核定), kept as a history:
 * the latest entry of each scorer is shown, and the latest of all is the line's score.
 */
export const indicatorScores = pgTable(
  'indicator_scores',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    cycleId: integer('cycle_id')
      .notNull()
      .references(() => cycles.id, { onDelete: 'cascade' }),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    indicatorKey: text('indicator_key').notNull(),
    by: text('by').notNull(),
    points: numeric('points', { precision: 8, scale: 2, mode: 'number' }).notNull(),
    reason: text('reason'),
    userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
    userName: text('user_name').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('indicator_scores_cycle_org_idx').on(t.cycleId, t.orgId, t.indicatorKey, t.id),
    check('indicator_scores_by_check', sql`${t.by} in ('self','checker','organizer')`),
    check('indicator_scores_points_check', sql`${t.points} >= 0`),
  ],
);

/** 酌情扣分 on an indicator with a `manual` rule: the current list of deductions, each with its reason. */
export const discretionaryDeductions = pgTable(
  'discretionary_deductions',
  {
    // A plain key for the backup's chunked reads; the row's identity is the unique triple.
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    cycleId: integer('cycle_id')
      .notNull()
      .references(() => cycles.id, { onDelete: 'cascade' }),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    indicatorKey: text('indicator_key').notNull(),
    deductions: jsonb('deductions').$type<{ points: number; reason: string }[]>().notNull(),
    userName: text('user_name').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [unique('discretionary_deductions_key').on(t.cycleId, t.orgId, t.indicatorKey)],
);

/**
 * 一票否决 decided for a veto item of one org, kept as a history like the scores: the latest decision
 * of any checker or organizer is the line's (applies, or was lifted), each with its reason.
 */
export const vetoDecisions = pgTable(
  'veto_decisions',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    cycleId: integer('cycle_id')
      .notNull()
      .references(() => cycles.id, { onDelete: 'cascade' }),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    indicatorKey: text('indicator_key').notNull(),
    applies: boolean('applies').notNull(),
    reason: text('reason').notNull(),
    by: text('by').notNull(),
    userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
    userName: text('user_name').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('veto_decisions_cycle_org_idx').on(t.cycleId, t.orgId, t.indicatorKey, t.id),
    check('veto_decisions_by_check', sql`${t.by} in ('checker','organizer')`),
  ],
);

/**
 * 佐证材料 of one indicator of one org: a note, files from the file store (owner `indicatorEvidence`,
 * in `file_references`) and links to ledger records. Replaced as a whole; it never changes the score.
 */
export const indicatorEvidence = pgTable(
  'indicator_evidence',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    cycleId: integer('cycle_id')
      .notNull()
      .references(() => cycles.id, { onDelete: 'cascade' }),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    indicatorKey: text('indicator_key').notNull(),
    note: text('note'),
    userName: text('user_name').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [unique('indicator_evidence_key').on(t.cycleId, t.orgId, t.indicatorKey)],
);

/**
 * A ledger record cited as evidence. It carries the record's day because the ledger's key does (the
 * ledger may be partitioned by year): a record whose day changes keeps its link, a deleted record
 * (or a pruned year) drops it.
 */
export const indicatorEvidenceRecords = pgTable(
  'indicator_evidence_records',
  {
    evidenceId: integer('evidence_id')
      .notNull()
      .references(() => indicatorEvidence.id, { onDelete: 'cascade' }),
    ledgerRecordId: integer('ledger_record_id').notNull(),
    heldOn: date('held_on', { mode: 'string' }).notNull(),
  },
  (t) => [
    primaryKey({ name: 'indicator_evidence_records_pkey', columns: [t.evidenceId, t.ledgerRecordId] }),
    foreignKey({
      name: 'indicator_evidence_records_record_fk',
      columns: [t.ledgerRecordId, t.heldOn],
      foreignColumns: [ledgerRecords.id, ledgerRecords.heldOn],
    })
      .onUpdate('cascade')
      .onDelete('cascade'),
    // Deleting a ledger record looks its links up by record.
    index('indicator_evidence_records_record_idx').on(t.ledgerRecordId, t.heldOn),
  ],
);
