import { sql } from 'drizzle-orm';
import { check, integer, numeric, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { orgs } from './orgs.js';
import { users } from './users.js';
import { updatedAt } from './types.js';

/** 基本情况填报数据: one figure of one org for one year (src/domain/profile-figures.ts lists the kinds). */
export const profileFigures = pgTable(
  'profile_figures',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    year: integer('year').notNull(),
    kind: text('kind').notNull(),
    // Exact decimals: money and areas are summed up the tree and must add up to the cent.
    value: numeric('value', { precision: 14, scale: 2, mode: 'number' }).notNull(),
    updatedBy: integer('updated_by').references(() => users.id, { onDelete: 'set null' }),
    updatedByName: text('updated_by_name'),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('profile_figures_org_year_kind_key').on(t.orgId, t.year, t.kind),
    check('profile_figures_value_check', sql`${t.value} >= 0`),
  ],
);
