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
  unique,
} from 'drizzle-orm/pg-core';
import type { ReportAnalysis } from '../../domain/analyzer/analyze.js';
import type { ReportBody } from '../../domain/reports.js';
import { cycles } from './cycles.js';
import { orgs } from './orgs.js';
import { createdAt, updatedAt } from './types.js';

/**
 * 述职报告: one per reporting org and cycle. `body` is the secretary's working copy (the contract's
 * ReportBody, one jsonb document edited as a whole); every submission is frozen as a
 * `report_versions` row, which is what reviewers read, compare and decide on.
 */
export const reports = pgTable(
  'reports',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    cycleId: integer('cycle_id')
      .notNull()
      .references(() => cycles.id, { onDelete: 'cascade' }),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    template: text('template').notNull(),
    status: text('status').notNull().default('draft'),
    body: jsonb('body').$type<ReportBody>().notNull(),
    // How many versions were submitted; the latest is `report_versions.version = versions`.
    versions: integer('versions').notNull().default(0),
    // The first submission's day, and whether it was after the cycle's due day.
    firstSubmittedOn: date('first_submitted_on', { mode: 'string' }),
    late: boolean('late').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('reports_cycle_org_key').on(t.cycleId, t.orgId),
    index('reports_org_idx').on(t.orgId),
    check('reports_template_check', sql`${t.template} in ('annual','quarterly')`),
    check('reports_status_check', sql`${t.status} in ('draft','submitted','returned','accepted')`),
    check(
      'reports_versions_check',
      sql`${t.versions} >= 0 and (${t.status} = 'draft') = (${t.versions} = 0)`,
    ),
  ],
);

/** What a reviewer wrote when returning a version: per part, and the findings they quote. */
/**
 * A version's analysis as stored: the analyzer's, its MinHash signature (what later reports are
 * indexed by), and whether the comparison with other reports has run (null until the job ends; its
 * copy findings are appended to `findings` then, so the numbers a reviewer quoted stay valid).
 */
export interface StoredAnalysis extends ReportAnalysis {
  signature: number[];
  compared: { reports: number } | null;
}

export interface ReportReview {
  comments: { sectionKind: string; comment: string }[];
  /** Indices into the version's `analysis.findings`. */
  quotedFindings: number[];
  general: string;
}

/**
 * One submitted version, frozen: its body, the text made from it (what the analyzer read and what
 * versions are compared by), the analysis, and the decision on it.
 */
export const reportVersions = pgTable(
  'report_versions',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    reportId: integer('report_id')
      .notNull()
      .references(() => reports.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    body: jsonb('body').$type<ReportBody>().notNull(),
    text: text('text').notNull(),
    analysis: jsonb('analysis').$type<StoredAnalysis>().notNull(),
    submittedOn: date('submitted_on', { mode: 'string' }).notNull(),
    submittedByName: text('submitted_by_name'),
    late: boolean('late').notNull(),
    decision: text('decision'),
    review: jsonb('review').$type<ReportReview>(),
    // Findings the reviewer judged not a problem (indices into analysis.findings).
    dismissedFindings: jsonb('dismissed_findings').$type<number[]>().notNull().default([]),
    reviewedByName: text('reviewed_by_name'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    unique('report_versions_report_version_key').on(t.reportId, t.version),
    check('report_versions_version_check', sql`${t.version} >= 1`),
    check(
      'report_versions_decision_check',
      sql`${t.decision} is null or ${t.decision} in ('returned','accepted')`,
    ),
  ],
);

/**
 * 问题清单草稿: each problem of an accepted version (its body, not the working copy), with its cause
 * and the measures (plan texts) that answer it — the problem list's items as data, until the
 * rectification workflow (owners, deadlines, closing) is built on them. Written once, on acceptance.
 */
export const problemDrafts = pgTable(
  'problem_drafts',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    reportId: integer('report_id')
      .notNull()
      .references(() => reports.id, { onDelete: 'cascade' }),
    cycleId: integer('cycle_id')
      .notNull()
      .references(() => cycles.id, { onDelete: 'cascade' }),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    // The accepted version the problem was taken from.
    version: integer('version').notNull(),
    // The problem's index in the version's `body.problems` (0-based).
    position: integer('position').notNull(),
    text: text('text').notNull(),
    cause: text('cause').notNull(),
    // The texts of the plans whose `answers` name this problem, in the report's order.
    measures: jsonb('measures').$type<string[]>().notNull().default([]),
    createdAt: createdAt(),
  },
  (t) => [
    unique('problem_drafts_report_position_key').on(t.reportId, t.position),
    index('problem_drafts_cycle_org_idx').on(t.cycleId, t.orgId),
    check('problem_drafts_position_check', sql`${t.position} >= 0`),
  ],
);

/**
 * 催办: the cycle's organizer reminded a reporting org that its 述职报告 is not submitted yet. One row
 * per org and reminder; the org's secretary sees the latest of a cycle until their report is submitted.
 */
export const reportReminders = pgTable(
  'report_reminders',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    cycleId: integer('cycle_id')
      .notNull()
      .references(() => cycles.id, { onDelete: 'cascade' }),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    sentByName: text('sent_by_name').notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
    message: text('message').notNull().default(''),
  },
  (t) => [
    index('report_reminders_org_cycle_idx').on(t.orgId, t.cycleId),
    index('report_reminders_cycle_idx').on(t.cycleId),
    check('report_reminders_message_check', sql`char_length(${t.message}) <= 200`),
  ],
);
