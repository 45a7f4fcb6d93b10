import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  text,
  uniqueIndex,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
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
    secretaryName: text('secretary_name'),
    deputySecretaryName: text('deputy_secretary_name'),
    foundedOn: date('founded_on', { mode: 'string' }),
    // Dissolved orgs stay for history; figures as of a later day leave them out.
    dissolvedOn: date('dissolved_on', { mode: 'string' }),
    termStartedOn: date('term_started_on', { mode: 'string' }),
    termEndsOn: date('term_ends_on', { mode: 'string' }),
    classification: text('classification'),
    hasServiceCenter: boolean('has_service_center').notNull().default(false),
    hasRemoteEducationSite: boolean('has_remote_education_site').notNull().default(false),
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
      'orgs_classification_check',
      sql`${t.classification} is null or ${t.classification} in ('advanced','ordinary','weak')`,
    ),
    check(
      'orgs_domain_check',
      sql`${t.domain} is null or ${t.domain} in ('village','community','government','institution','stateEnterprise','privateEnterprise','socialOrg','industry','mobile')`,
    ),
  ],
);

/** 软弱涣散 rectification: when an org was flagged weak, what was done, and when it was turned around. */
export const weakOrgRectifications = pgTable(
  'weak_org_rectifications',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    flaggedOn: date('flagged_on', { mode: 'string' }).notNull(),
    reasons: text('reasons').notNull(),
    measures: text('measures'),
    transformedOn: date('transformed_on', { mode: 'string' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('weak_org_rectifications_org_idx').on(t.orgId)],
);

/** 联系点: a leader linked to an org they follow (seed 002). */
export const contactPoints = pgTable(
  'contact_points',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    leaderName: text('leader_name').notNull(),
    leaderTitle: text('leader_title'),
    startedOn: date('started_on', { mode: 'string' }),
    endedOn: date('ended_on', { mode: 'string' }),
    createdAt: createdAt(),
  },
  (t) => [index('contact_points_org_idx').on(t.orgId)],
);

/** 结对共建: two orgs paired for joint building (seed 001); the partner may be outside the system. */
export const pairings = pgTable(
  'pairings',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    partnerOrgId: integer('partner_org_id').references(() => orgs.id, { onDelete: 'cascade' }),
    partnerName: text('partner_name').notNull(),
    content: text('content'),
    startedOn: date('started_on', { mode: 'string' }),
    endedOn: date('ended_on', { mode: 'string' }),
    createdAt: createdAt(),
  },
  (t) => [index('pairings_org_idx').on(t.orgId)],
);

/**
 * Non-public enterprises and social organizations in an org's area, for the coverage figures
 * (应建已建率, 覆盖率, 党建指导员选派率): whether one should have its own party org, whether it has
 * one, whether it is covered by a joint org, and whether a party-building instructor was sent.
 */
export const nonPublicEntities = pgTable(
  'non_public_entities',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    // The org whose area the entity lies in (a town committee, usually).
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    employees: integer('employees').notNull().default(0),
    partyMembers: integer('party_members').notNull().default(0),
    shouldEstablish: boolean('should_establish').notNull().default(false),
    ownOrgId: integer('own_org_id').references(() => orgs.id, { onDelete: 'set null' }),
    coveredByOrgId: integer('covered_by_org_id').references(() => orgs.id, { onDelete: 'set null' }),
    hasInstructor: boolean('has_instructor').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('non_public_entities_org_idx').on(t.orgId),
    check('non_public_entities_kind_check', sql`${t.kind} in ('privateEnterprise','socialOrg')`),
  ],
);
