import { sql } from 'drizzle-orm';
import { check, date, index, integer, jsonb, numeric, pgTable, text, unique } from 'drizzle-orm/pg-core';
import type { TargetLetterItem } from '../../domain/target-letters.js';
import { cycles } from './cycles.js';
import { orgs } from './orgs.js';
import { createdAt, updatedAt } from './types.js';

/**
 * 目标责任书: one per org and cycle. The items are a document the organizer edits as a whole while
 * it is a draft, so they are one jsonb value (validated by the contract and `targetItemProblems`).
 * Who issued and who acknowledged are kept by name as well, as the printed letter shows them.
 */
export const targetLetters = pgTable(
  'target_letters',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    cycleId: integer('cycle_id')
      .notNull()
      .references(() => cycles.id, { onDelete: 'cascade' }),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    status: text('status').notNull().default('draft'),
    items: jsonb('items').$type<TargetLetterItem[]>().notNull(),
    issuedOn: date('issued_on', { mode: 'string' }),
    issuedByName: text('issued_by_name'),
    acknowledgedOn: date('acknowledged_on', { mode: 'string' }),
    acknowledgedByName: text('acknowledged_by_name'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('target_letters_cycle_org_key').on(t.cycleId, t.orgId),
    index('target_letters_org_idx').on(t.orgId),
    check('target_letters_status_check', sql`${t.status} in ('draft','issued','acknowledged')`),
    check(
      'target_letters_dates_check',
      sql`(${t.status} = 'draft' or ${t.issuedOn} is not null) and (${t.status} <> 'acknowledged' or ${t.acknowledgedOn} is not null)`,
    ),
  ],
);

/**
 * 抽查: one draw of a cycle. The pool it drew from (the reporting set less the orgs drawn before, in
 * id order) and the seed are stored, so `drawOrgs(pool, size, seed)` shows the same orgs again.
 */
export const spotCheckDraws = pgTable(
  'spot_check_draws',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    cycleId: integer('cycle_id')
      .notNull()
      .references(() => cycles.id, { onDelete: 'cascade' }),
    seed: integer('seed').notNull(),
    size: integer('size').notNull(),
    pool: jsonb('pool').$type<number[]>().notNull(),
    drawnOn: date('drawn_on', { mode: 'string' }).notNull(),
    drawnByName: text('drawn_by_name'),
    createdAt: createdAt(),
  },
  (t) => [
    index('spot_check_draws_cycle_idx').on(t.cycleId),
    check('spot_check_draws_size_check', sql`${t.size} >= 1`),
  ],
);

/** One drawn org's on-site check: when, by whom; its findings are `spot_check_findings`. */
export const spotChecks = pgTable(
  'spot_checks',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    drawId: integer('draw_id')
      .notNull()
      .references(() => spotCheckDraws.id, { onDelete: 'cascade' }),
    cycleId: integer('cycle_id')
      .notNull()
      .references(() => cycles.id, { onDelete: 'cascade' }),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    // The place in the draw's order, so the list reads as drawn.
    position: integer('position').notNull(),
    checkedOn: date('checked_on', { mode: 'string' }),
    checkers: jsonb('checkers').$type<string[]>().notNull().default([]),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // An org is drawn at most once per cycle: later draws take from those not drawn yet.
    unique('spot_checks_cycle_org_key').on(t.cycleId, t.orgId),
    index('spot_checks_org_idx').on(t.orgId),
  ],
);

/** What a spot check found on one indicator, and the points it deducts from that indicator. */
export const spotCheckFindings = pgTable(
  'spot_check_findings',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    spotCheckId: integer('spot_check_id')
      .notNull()
      .references(() => spotChecks.id, { onDelete: 'cascade' }),
    indicatorKey: text('indicator_key').notNull(),
    points: numeric('points', { precision: 6, scale: 2, mode: 'number' }).notNull(),
    reason: text('reason').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('spot_check_findings_check_idx').on(t.spotCheckId),
    check('spot_check_findings_points_check', sql`${t.points} >= 0`),
  ],
);
