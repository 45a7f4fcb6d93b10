import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, uniqueIndex, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { createdAt, ltree, updatedAt } from './types.js';

export const orgs = pgTable(
  'orgs',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    parentId: integer('parent_id').references((): AnyPgColumn => orgs.id, { onDelete: 'restrict' }),
    // Materialized path of ids, root first; kept consistent on move so subtree queries use the GiST index.
    path: ltree('path').notNull(),
    name: text('name').notNull(),
    level: text('level').notNull(),
    domain: text('domain'),
    sortOrder: integer('sort_order').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('orgs_path_key').on(t.path),
    index('orgs_path_gist').using('gist', t.path),
    index('orgs_parent_idx').on(t.parentId, t.sortOrder),
    check(
      'orgs_level_check',
      sql`${t.level} in ('county','committee','workCommittee','generalBranch','branch')`,
    ),
    check(
      'orgs_domain_check',
      sql`${t.domain} is null or ${t.domain} in ('village','community','government','institution','stateEnterprise','privateEnterprise','socialOrg','industry','mobile')`,
    ),
  ],
);
