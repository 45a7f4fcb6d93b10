import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  unique,
} from 'drizzle-orm/pg-core';
import type { ReportingRule } from '../../domain/cycles.js';
import { orgs } from './orgs.js';
import { createdAt, updatedAt } from './types.js';

/**
 * 考核周期: one run of report–review–assessment by an org (a county or a town). Its org's path is
 * read through the join, never copied, so an org move needs nothing here.
 */
export const cycles = pgTable(
  'cycles',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    // A cycle belongs to its running org: deleting the org (only possible once it is empty) drops it.
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    year: integer('year').notNull(),
    // The half (1–2) or quarter (1–4); null for an annual cycle.
    part: integer('part'),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }).notNull(),
    status: text('status').notNull().default('draft'),
    schemeIssuedOn: date('scheme_issued_on', { mode: 'string' }),
    reportsDueOn: date('reports_due_on', { mode: 'string' }),
    reviewMeetingOn: date('review_meeting_on', { mode: 'string' }),
    resultsPublishedOn: date('results_published_on', { mode: 'string' }),
    rectificationDueOn: date('rectification_due_on', { mode: 'string' }),
    // The rule the reporting set was made by; the set itself is `cycle_reporters`.
    reportingRule: jsonb('reporting_rule').$type<ReportingRule>().notNull(),
    // 问题清单: the share of 一般+差 grades on a ballot item above which it is a problem; null is the
    // default third. Set after the results, closed cycle or not, so it is not part of the scheme.
    appraisalPoorShare: doublePrecision('appraisal_poor_share'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // One cycle per org and period: two "2026年度" cycles of one town would split its scores.
    unique('cycles_org_period_key').on(t.orgId, t.kind, t.year, t.part).nullsNotDistinct(),
    index('cycles_period_idx').on(t.startsOn, t.endsOn),
    check('cycles_kind_check', sql`${t.kind} in ('annual','halfYear','quarterly')`),
    check('cycles_status_check', sql`${t.status} in ('draft','open','reviewing','closed')`),
    check('cycles_period_check', sql`${t.startsOn} <= ${t.endsOn}`),
    check(
      'cycles_appraisal_poor_share_check',
      sql`${t.appraisalPoorShare} > 0 and ${t.appraisalPoorShare} < 1`,
    ),
  ],
);

/** 述职范围: the orgs whose secretaries report in a cycle, materialized from the cycle's rule. */
export const cycleReporters = pgTable(
  'cycle_reporters',
  {
    cycleId: integer('cycle_id')
      .notNull()
      .references(() => cycles.id, { onDelete: 'cascade' }),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    // Which scheme assesses it, fixed when the set was made (a later change of level does not move it).
    audience: text('audience').notNull(),
    // Added by hand rather than by the rule's levels and domains.
    added: boolean('added').notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.cycleId, t.orgId] }),
    index('cycle_reporters_org_idx').on(t.orgId),
    check('cycle_reporters_audience_check', sql`${t.audience} in ('committee','branch')`),
  ],
);

/**
 * 考核方案: one document per cycle, audience and version. While the cycle is a draft the latest
 * version is edited in place; once it is open a save adds a version, so scores keep the one they
 * were computed with.
 */
export const schemes = pgTable(
  'schemes',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    cycleId: integer('cycle_id')
      .notNull()
      .references(() => cycles.id, { onDelete: 'cascade' }),
    audience: text('audience').notNull(),
    version: integer('version').notNull(),
    // The contract's SchemeBody, validated on every save.
    body: jsonb('body').$type<Record<string, unknown>>().notNull(),
    savedByName: text('saved_by_name'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('schemes_cycle_audience_version_key').on(t.cycleId, t.audience, t.version),
    check('schemes_audience_check', sql`${t.audience} in ('committee','branch')`),
    check('schemes_version_check', sql`${t.version} >= 1`),
  ],
);
