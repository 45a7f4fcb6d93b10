import { date, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { countKeys, type CountKey } from '../../domain/statistics.js';

/** The cache column of a statistics count: `branchDomain_village` → `branch_domain_village`. */
export const countColumn = (key: CountKey) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * The days whose per-org figures are cached, with the fingerprint of the SQL that computed them
 * (a deploy that changes any figure's definition makes the old rows unusable rather than wrong).
 * Only the most recently computed days are kept; deleting a day drops its rows.
 */
export const statisticsDays = pgTable('statistics_days', {
  day: date('day', { mode: 'string' }).primaryKey(),
  formula: text('formula').notNull(),
  computedAt: timestamp('computed_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

/**
 * Per org and day, the statistics counts of that org alone (its members as placed on the day by
 * the transfer rule, its own facts, the non-public entities of its area). Every count is additive,
 * so a subtree's figures are the sums of its orgs' rows. Rows are deleted by triggers on every
 * table they are computed from (migration 0002), in the writing transaction, and recomputed when
 * next asked for. No foreign key to orgs: its row locks would let a recompute and an org deletion
 * deadlock; the orgs trigger removes a deleted org's rows instead.
 */
export const statisticsOrgCounts = pgTable(
  'statistics_org_counts',
  {
    day: date('day', { mode: 'string' })
      .notNull()
      .references(() => statisticsDays.day, { onDelete: 'cascade' }),
    orgId: integer('org_id').notNull(),
    ...(Object.fromEntries(countKeys.map((k) => [k, integer(countColumn(k)).notNull()])) as Record<
      CountKey,
      ReturnType<typeof integer>
    >),
  },
  (t) => [primaryKey({ columns: [t.day, t.orgId] }), index('statistics_org_counts_org_idx').on(t.orgId)],
);

/**
 * Per day and org, the finished sums over the org's whole subtree (what a request for that org
 * answers), so a repeated request reads one row, and the 基本情况's extra figures of that subtree
 * once asked for (`extras`, statistics/basics-extras.ts). The same triggers delete the rows of every
 * ancestor of a changed org, before and after a move; changes to contact points and pairings, which
 * only the extras read, delete them too (migration 0017).
 */
export const statisticsSubtreeTotals = pgTable(
  'statistics_subtree_totals',
  {
    day: date('day', { mode: 'string' })
      .notNull()
      .references(() => statisticsDays.day, { onDelete: 'cascade' }),
    orgId: integer('org_id').notNull(),
    totals: jsonb('totals').notNull(),
    extras: jsonb('extras'),
  },
  (t) => [primaryKey({ columns: [t.day, t.orgId] })],
);
