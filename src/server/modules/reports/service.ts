import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import { analyzeReport, type ReportAnalysis } from '../../../domain/analyzer/analyze.js';
import type { BasicsRow } from '../../../domain/basics-text.js';
import { findingsAgainst, reportSignature } from '../../../domain/analyzer/compare.js';
import { basicsTableFindings, registryFindings } from '../../../domain/analyzer/registry.js';
import { can, type Scope } from '../../../domain/access.js';
import {
  emptyReport,
  nextReportStatus,
  reportBodyProblems,
  reportEditable,
  reportTableRows,
  reportText,
  submittedLate,
  type BasicsTableRow,
  type ReportAction,
  type ReportBody,
  type ReportStatus,
  type ReportTemplate,
} from '../../../domain/reports.js';
import { importReportText } from '../../../domain/report-import.js';
import { carryOverText } from '../../../domain/rectification/carry-over.js';
import type { Db } from '../../../db/client.js';
import { queryRows } from '../../../db/query-rows.js';
import {
  cycleReporters,
  cycles,
  orgs,
  problemDrafts,
  reportReminders,
  reports,
  reportVersions,
  type ReportReview,
  type StoredAnalysis,
} from '../../../db/schema/index.js';
import type {
  CreateReportInput,
  ImportReportResult,
  ProblemDraftList,
  RemindReportsInput,
  RemindReportsResult,
  Report,
  ReportCheckResult,
  ReportList,
  ReportReminderList,
  ReportVersion,
  ReturnReportInput,
  SaveReportInput,
} from '../../../contract/reports.js';
import { badRequest, conflict, forbidden, notFound } from '../../errors.js';
import type { Clock } from '../../clock.js';
import type { Actor } from '../../http/actor.js';
import { withinScope } from '../../http/scope-sql.js';
import type { JobContext, JobRunner } from '../../jobs/service.js';
import { recordAudit } from '../audit/record.js';
import { canWriteCycle, cycleClosed, visibleCycle } from '../cycles/service.js';
import { carriedProblems } from '../rectification/carry-over.js';
import { reportDocx } from './report-docx.js';
import { readReportText, ReportFileError } from './report-file.js';
import type { StatisticsService } from '../statistics/service.js';

/** The job a submission starts: its comparison with the other reports (copied passages). */
export const reportAnalysisJobKind = 'reports.compare';
/** The job the editor starts: the working copy analyzed as a submission would be, nothing stored. */
export const reportCheckJobKind = 'reports.check';

const reportNotFound = () => notFound('述职报告不存在或无权查看');

/** A file name from a report's title: no path separators or control characters; 述职报告 when untitled. */
export const docxName = (title: string) => title.replace(/[\\/:*?"<>|\p{Cc}]/gu, '_').trim() || '述职报告';

type ReportRow = typeof reports.$inferSelect;

/** What an audit entry keeps of a report: its state, not its text (every version is kept anyway). */
const snapshot = (row: ReportRow) => ({
  cycleId: row.cycleId,
  orgId: row.orgId,
  template: row.template,
  reportStatus: row.status,
  versions: row.versions,
  late: row.late,
});

/**
 * The template with its 基本情况 part (if it has one) filled in, as prose and as a table, and its
 * 上年度问题整改情况 (if it has one) written from the problem list.
 */
const prefilled = (
  body: ReportBody,
  basics: { text: string; rows: BasicsTableRow[] },
  lastYearRectification: string,
): ReportBody => ({
  ...body,
  sections: body.sections.map((s) =>
    s.kind === 'basics'
      ? { ...s, text: basics.text }
      : s.kind === 'lastYearRectification'
        ? { ...s, text: lastYearRectification }
        : s,
  ),
  ...(body.sections.some((s) => s.kind === 'basics')
    ? { basicsTable: basics.rows.map(({ label, value }) => ({ label, value })) }
    : {}),
});

/**
 * The 问题清单草稿 rows of an accepted version's body: each problem (by its index) with its cause and
 * the texts of the plans that answer it, in the report's order.
 */
export function problemDraftRows(body: ReportBody) {
  return body.problems.map((problem, position) => ({
    position,
    text: problem.text,
    cause: problem.cause,
    measures: body.plans.filter((plan) => plan.answers.includes(position)).map((plan) => plan.text),
  }));
}

/** A report its check may run on: what the check's job reads. */
export interface CheckedReport {
  id: number;
  cycleId: number;
  orgId: number;
  /** The cycle's end: the day the registry is read as of. */
  asOf: string;
}

/**
 * A report's text analyzed as a submission is: on its own, its 基本情况's prose figures against the
 * registry's counts as of `asOf`, and its table row by row against the registry's printed values (the
 * table's lines are the table check's alone, so one edited figure gives one finding). The submission
 * and the editor's check both call this, so they cannot differ.
 */
function analyzeBody(
  body: ReportBody,
  registry: readonly BasicsRow[],
  asOf: string,
): { text: string; analysis: ReportAnalysis } {
  const text = reportText(body);
  const table = reportTableRows(body);
  const tableSpans = table.map((row) => row.span);
  const own = analyzeReport(text, tableSpans);
  // A rate's amount is a fraction (0.188), not the 18.8% prose writes: prose is checked by counts.
  const counts = registry.filter((r) => r.unit !== '%');
  return {
    text,
    analysis: {
      ...own,
      findings: [
        ...own.findings,
        ...registryFindings(own.sections, own.figures, counts, asOf, text, tableSpans),
        ...basicsTableFindings(table, registry, asOf),
      ].sort((a, b) => a.span.start - b.span.start),
    },
  };
}

/** The org's own secretary writes its report; organizers (and admins) may write it for them in their subtree. */
const mayWrite = (actor: Actor, orgPath: string) =>
  actor.role === 'secretary' ? actor.orgPath === orgPath : can(actor.role, 'report.write');

/** Why `actor` may not change the report now, as save and import refuse it. */
function refuseChange(actor: Actor, orgPath: string, status: string) {
  if (!mayWrite(actor, orgPath))
    throw forbidden('REPORT_NOT_OWN', '只有本组织书记或上级组织工作人员可以修改述职报告');
  if (!reportEditable(status as ReportStatus))
    throw conflict(
      'REPORT_STATUS',
      status === 'accepted' ? '报告已通过审查，不能再修改' : '报告已提交，等待审查，暂不能修改',
    );
}

function titleFor(template: ReportTemplate, orgName: string, cycle: { year: number; part: number | null }) {
  return template === 'quarterly'
    ? `${orgName}书记${cycle.year}年第${cycle.part ?? 1}季度抓基层党建工作述职报告`
    : `${orgName}书记${cycle.year}年度抓基层党建工作述职报告`;
}

/**
 * 述职报告 of a cycle's reporting orgs: the secretary writes and submits, the cycle's organizer
 * returns with comments or accepts. Every submission is frozen as a version with its analysis.
 */
export function createReportService(deps: {
  db: Db;
  clock: Clock;
  /** The printable 基本情况 of an org on a day, which a new report's first part starts from. */
  basics: StatisticsService['basics'];
  /** Runs each submission's comparison with the other reports after it commits. */
  jobs: Pick<JobRunner, 'start'>;
}) {
  const { db, clock, basics, jobs } = deps;
  // A change always moves updatedAt forward, even within one millisecond or under a clock set back:
  // it is the token that stops two editors overwriting each other.
  const later = (previous: Date) => new Date(Math.max(clock.now().getTime(), previous.getTime() + 1));

  async function visibleReport(dbOrTx: Db, actor: Actor, id: number) {
    const [row] = await dbOrTx
      .select({ report: reports, orgName: orgs.name, orgPath: orgs.path })
      .from(reports)
      .innerJoin(orgs, eq(orgs.id, reports.orgId))
      .where(and(eq(reports.id, id), withinScope(actor.scope, orgs.path)));
    if (!row) throw reportNotFound();
    const cycle = await visibleCycle(dbOrTx, actor, row.report.cycleId).catch(() => {
      throw reportNotFound();
    });
    return { ...row, cycle };
  }

  async function detail(dbOrTx: Db, actor: Actor, id: number): Promise<Report> {
    const { report, orgName, orgPath, cycle } = await visibleReport(dbOrTx, actor, id);
    const versions = await dbOrTx
      .select()
      .from(reportVersions)
      .where(eq(reportVersions.reportId, id))
      .orderBy(asc(reportVersions.version));
    const open = cycle.cycle.status !== 'closed';
    return {
      id: report.id,
      cycle: {
        id: cycle.cycle.id,
        name: cycle.cycle.name,
        endsOn: cycle.cycle.endsOn,
        reportsDueOn: cycle.cycle.reportsDueOn,
      },
      org: { id: report.orgId, name: orgName },
      template: report.template as ReportTemplate,
      status: report.status as ReportStatus,
      body: report.body,
      versions: versions.map((v) => ({
        version: v.version,
        submittedOn: v.submittedOn,
        submittedByName: v.submittedByName,
        late: v.late,
        decision: v.decision as 'returned' | 'accepted' | null,
      })),
      editable: open && reportEditable(report.status as ReportStatus) && mayWrite(actor, orgPath),
      reviewable: open && report.status === 'submitted' && canWriteCycle(actor, cycle.orgPath),
      updatedAt: report.updatedAt.toISOString(),
    };
  }

  /** The report locked for a change, its cycle open to changes. */
  async function lockedReport(tx: Db, actor: Actor, id: number) {
    const found = await visibleReport(tx, actor, id);
    if (found.cycle.cycle.status === 'closed') throw cycleClosed(found.cycle.cycle.name);
    const [locked] = await tx.select().from(reports).where(eq(reports.id, id)).for('update');
    return { ...found, report: locked! };
  }

  /** The registry figures a report's 基本情况 is checked against: the org's 基本情况 table on `asOf`. */
  const registryOf = async (actor: Actor, orgId: number, asOf: string) =>
    (await basics(actor, { orgId, asOf })).rows;

  /**
   * `text` of report `report` against the latest submitted version of every other report of its
   * cycle and of its org's reports of earlier cycles — only those of orgs in `scope`, so a finding
   * never quotes a report its reader may not see.
   */
  async function compareWithOthers(
    text: string,
    report: { id: number; cycleId: number; orgId: number },
    scope: Scope,
  ) {
    const others = await queryRows<{
      org_name: string;
      cycle_name: string;
      same_cycle: boolean;
      text: string;
      signature: number[] | null;
    }>(
      db,
      sql`select distinct on (v.report_id) o.name as org_name, c.name as cycle_name,
            r.cycle_id = ${report.cycleId} as same_cycle, v.text, v.analysis -> 'signature' as signature
          from ${reportVersions} v
          join ${reports} r on r.id = v.report_id
          join ${orgs} o on o.id = r.org_id
          join ${cycles} c on c.id = r.cycle_id
          where r.id <> ${report.id} and (r.cycle_id = ${report.cycleId} or r.org_id = ${report.orgId})
            and ${withinScope(scope, sql`o.path`)}
          order by v.report_id, v.version desc`,
    );
    const findings = findingsAgainst(
      text,
      others.map((o) => ({
        name: o.same_cycle ? o.org_name : `本组织${o.cycle_name}`,
        text: o.text,
        signature: o.signature ? Int32Array.from(o.signature) : undefined,
      })),
    );
    return { compared: others.length, findings };
  }

  function transition(status: string, action: ReportAction) {
    const next = nextReportStatus(status as ReportStatus, action);
    if (!next.ok) throw conflict('REPORT_STATUS', next.message);
    return next.status;
  }

  /** The report locked for its reviewer (the cycle's organizer) with its submitted version's analysis. */
  async function underReview(tx: Db, actor: Actor, id: number) {
    const found = await lockedReport(tx, actor, id);
    if (!canWriteCycle(actor, found.cycle.orgPath))
      throw forbidden('REPORT_NOT_REVIEWER', `述职报告由考核周期的组织单位（${found.cycle.orgName}）审查`);
    const [version] = await tx
      .select({
        analysis: reportVersions.analysis,
        dismissedFindings: reportVersions.dismissedFindings,
        body: reportVersions.body,
      })
      .from(reportVersions)
      .where(and(eq(reportVersions.reportId, id), eq(reportVersions.version, found.report.versions)));
    return { ...found, version };
  }

  /** Finding numbers a reviewer named must exist in the version's analysis. */
  function checkFindings(field: string, named: number[], analysis: { findings: unknown[] } | undefined) {
    const stray = named.filter((i) => i >= (analysis?.findings.length ?? 0));
    if (stray.length)
      throw badRequest('REPORT_FINDING_UNKNOWN', '引用的审查发现不存在', [
        { field, message: `第 ${stray.map((i) => i + 1).join('、')} 条审查发现不存在` },
      ]);
  }

  /** Returns or accepts the submitted version: the cycle's organizer only. */
  async function decide(actor: Actor, id: number, action: 'return' | 'accept', review: ReportReview | null) {
    return db.transaction(async (tx) => {
      const { report, orgPath, version } = await underReview(tx, actor, id);
      const status = transition(report.status, action);
      if (review) checkFindings('quotedFindings', review.quotedFindings, version?.analysis);
      await tx
        .update(reportVersions)
        .set({
          decision: action === 'accept' ? 'accepted' : 'returned',
          review,
          reviewedByName: actor.displayName,
          reviewedAt: clock.now(),
        })
        .where(and(eq(reportVersions.reportId, id), eq(reportVersions.version, report.versions)));
      const [after] = await tx
        .update(reports)
        .set({ status, updatedAt: later(report.updatedAt) })
        .where(eq(reports.id, id))
        .returning();
      if (action === 'accept' && version) {
        const drafts = problemDraftRows(version.body);
        if (drafts.length)
          await tx
            .insert(problemDrafts)
            .values(
              drafts.map((d) => ({
                ...d,
                reportId: id,
                cycleId: report.cycleId,
                orgId: report.orgId,
                version: report.versions,
              })),
            )
            .onConflictDoNothing();
      }
      await recordAudit(tx, actor, {
        action: 'update',
        entityType: 'report',
        entityId: id,
        orgPath,
        before: snapshot(report),
        after: {
          ...snapshot(after!),
          decision: action === 'accept' ? 'accepted' : 'returned',
          version: report.versions,
        },
      });
      return detail(tx, actor, id);
    });
  }

  /**
   * The comparison a submission's job runs, with every other report (the reviewer reads the findings,
   * each with only the copied passage of the other). The copy findings are appended (numbers already
   * quoted keep their meaning) and `compared` records that it ran.
   */
  async function compareVersion(id: number, version: number, progress: JobContext['progress']) {
    progress({ phase: 'comparing', done: 0, total: 1 });
    const [row] = await db
      .select({
        text: reportVersions.text,
        analysis: reportVersions.analysis,
        cycleId: reports.cycleId,
        orgId: reports.orgId,
      })
      .from(reportVersions)
      .innerJoin(reports, eq(reports.id, reportVersions.reportId))
      .where(and(eq(reportVersions.reportId, id), eq(reportVersions.version, version)));
    if (!row) return { compared: 0, findings: 0 };
    const { compared, findings } = await compareWithOthers(row.text, { id, ...row }, { kind: 'all' });
    await db
      .update(reportVersions)
      .set({
        analysis: {
          ...row.analysis,
          findings: [...row.analysis.findings, ...findings],
          compared: { reports: compared },
        },
      })
      .where(and(eq(reportVersions.reportId, id), eq(reportVersions.version, version)));
    progress({ done: 1, total: 1 });
    return { compared, findings: findings.length };
  }

  /**
   * The cycle's reporting orgs in the reader's scope, in the tree's order, each with its report (or
   * null) and the number of findings of its latest version: the list and the reminders both start here.
   */
  function reporters(dbOrTx: Db, actor: Actor, cycleId: number) {
    return dbOrTx
      .select({
        orgId: orgs.id,
        orgName: orgs.name,
        orgPath: orgs.path,
        secretaryName: orgs.secretaryName,
        report: reports,
        findings: sql<number | null>`(
          select jsonb_array_length(${reportVersions.analysis} -> 'findings') from ${reportVersions}
          where ${reportVersions.reportId} = ${reports.id} and ${reportVersions.version} = ${reports.versions})`,
      })
      .from(cycleReporters)
      .innerJoin(orgs, eq(orgs.id, cycleReporters.orgId))
      .leftJoin(reports, and(eq(reports.cycleId, cycleReporters.cycleId), eq(reports.orgId, orgs.id)))
      .where(and(eq(cycleReporters.cycleId, cycleId), withinScope(actor.scope, orgs.path)))
      .orderBy(sql`nlevel(${orgs.path})`, asc(orgs.parentId), asc(orgs.sortOrder), asc(orgs.id));
  }

  /** One submitted version with its text and analysis. */
  async function readVersion(actor: Actor, id: number, version: number): Promise<ReportVersion> {
    await visibleReport(db, actor, id);
    const [row] = await db
      .select()
      .from(reportVersions)
      .where(and(eq(reportVersions.reportId, id), eq(reportVersions.version, version)));
    if (!row) throw notFound(`述职报告没有第 ${version} 版`);
    return {
      version: row.version,
      submittedOn: row.submittedOn,
      submittedByName: row.submittedByName,
      late: row.late,
      decision: row.decision as 'returned' | 'accepted' | null,
      body: row.body,
      text: row.text,
      analysis: row.analysis,
      review: row.review,
      dismissedFindings: row.dismissedFindings,
      reviewedByName: row.reviewedByName,
    };
  }

  return {
    /** The cycle's reporting orgs in the reader's scope, each with its report (or none yet). */
    async list(actor: Actor, cycleId: number): Promise<ReportList> {
      const cycle = await visibleCycle(db, actor, cycleId);
      const rows = await reporters(db, actor, cycleId);
      return {
        dueOn: cycle.cycle.reportsDueOn,
        reviewer: canWriteCycle(actor, cycle.orgPath),
        items: rows.map(({ orgId, orgName, secretaryName, report, findings }) => ({
          orgId,
          orgName,
          secretaryName,
          report: report && {
            id: report.id,
            status: report.status as ReportStatus,
            versions: report.versions,
            firstSubmittedOn: report.firstSubmittedOn,
            late: report.late,
            findings: Number(findings ?? 0),
          },
        })),
      };
    },

    get: (actor: Actor, id: number) => detail(db, actor, id),

    /**
     * 催办: the cycle's organizer reminds every reporting org in their scope that has not submitted
     * (no report, or never submitted) — one reminder row and one audit entry per org.
     */
    async remind(actor: Actor, input: RemindReportsInput): Promise<RemindReportsResult> {
      return db.transaction(async (tx) => {
        const cycle = await visibleCycle(tx, actor, input.cycleId);
        if (cycle.cycle.status === 'closed') throw cycleClosed(cycle.cycle.name);
        if (!canWriteCycle(actor, cycle.orgPath))
          throw forbidden('REPORT_NOT_REVIEWER', `述职报告由考核周期的组织单位（${cycle.orgName}）催办`);
        const missing = (await reporters(tx, actor, input.cycleId)).filter(
          (r) => !r.report?.firstSubmittedOn,
        );
        if (!missing.length) throw conflict('REPORTS_ALL_SUBMITTED', '述职范围内的组织都已提交报告');
        const message = input.message?.trim() ?? '';
        const rows = await tx
          .insert(reportReminders)
          .values(
            missing.map((m) => ({
              cycleId: input.cycleId,
              orgId: m.orgId,
              sentByName: actor.displayName,
              sentAt: clock.now(),
              message,
            })),
          )
          .returning();
        for (const [i, row] of rows.entries())
          await recordAudit(tx, actor, {
            action: 'create',
            entityType: 'reportReminder',
            entityId: row.id,
            orgPath: missing[i]!.orgPath,
            after: { cycleId: row.cycleId, orgId: row.orgId, message: row.message },
          });
        return { reminded: rows.length, orgNames: missing.map((m) => m.orgName) };
      });
    },

    /**
     * The reminders addressed to the reader's own org, the latest per cycle, for the cycles whose
     * report it has not submitted yet; none for a reader without an org.
     */
    async reminders(actor: Actor): Promise<ReportReminderList> {
      if (actor.orgId === null) return { items: [] };
      const rows = await db
        .selectDistinctOn([reportReminders.cycleId], {
          cycleId: reportReminders.cycleId,
          cycleName: cycles.name,
          dueOn: cycles.reportsDueOn,
          sentAt: reportReminders.sentAt,
          sentByName: reportReminders.sentByName,
          message: reportReminders.message,
        })
        .from(reportReminders)
        .innerJoin(cycles, eq(cycles.id, reportReminders.cycleId))
        .leftJoin(
          reports,
          and(eq(reports.cycleId, reportReminders.cycleId), eq(reports.orgId, reportReminders.orgId)),
        )
        .where(
          and(
            eq(reportReminders.orgId, actor.orgId),
            isNull(reports.firstSubmittedOn),
            sql`${cycles.status} <> 'closed'`,
          ),
        )
        .orderBy(asc(reportReminders.cycleId), desc(reportReminders.sentAt), desc(reportReminders.id));
      return {
        items: rows
          .map((r) => ({ ...r, sentAt: r.sentAt.toISOString() }))
          .sort((a, b) => b.sentAt.localeCompare(a.sentAt)),
      };
    },

    /**
     * 问题清单草稿 of a cycle: the problems of its accepted reports in the reader's scope (optionally
     * one report's), by org (the tree's order) and position in the report.
     */
    async problemDrafts(actor: Actor, cycleId: number, reportId?: number): Promise<ProblemDraftList> {
      await visibleCycle(db, actor, cycleId);
      const rows = await db
        .select({
          id: problemDrafts.id,
          orgId: problemDrafts.orgId,
          orgName: orgs.name,
          reportId: problemDrafts.reportId,
          version: problemDrafts.version,
          position: problemDrafts.position,
          text: problemDrafts.text,
          cause: problemDrafts.cause,
          measures: problemDrafts.measures,
        })
        .from(problemDrafts)
        .innerJoin(orgs, eq(orgs.id, problemDrafts.orgId))
        .where(
          and(
            eq(problemDrafts.cycleId, cycleId),
            reportId === undefined ? undefined : eq(problemDrafts.reportId, reportId),
            withinScope(actor.scope, orgs.path),
          ),
        )
        .orderBy(asc(orgs.path), asc(problemDrafts.position), asc(problemDrafts.id));
      return { items: rows };
    },

    /**
     * Starts the report of a reporting org from its cycle's template, its 基本情况 written from the
     * statistics and profile figures as of the cycle's end and its 上年度问题整改情况 from the org's
     * problem list as of today (both read before the transaction: PGlite has one connection, which
     * the transaction holds).
     */
    async create(actor: Actor, input: CreateReportInput): Promise<Report> {
      const seen = (await visibleCycle(db, actor, input.cycleId)).cycle;
      const filled = await basics(actor, { orgId: input.orgId, asOf: seen.endsOn });
      const carried =
        seen.kind === 'annual'
          ? carryOverText(
              await carriedProblems(db, actor, { orgId: input.orgId, year: seen.year }),
              clock.today(),
            )
          : '';
      return db.transaction(async (tx) => {
        const cycle = await visibleCycle(tx, actor, input.cycleId);
        if (cycle.cycle.status === 'closed') throw cycleClosed(cycle.cycle.name);
        const [reporter] = await tx
          .select({ orgName: orgs.name, orgPath: orgs.path })
          .from(cycleReporters)
          .innerJoin(orgs, eq(orgs.id, cycleReporters.orgId))
          .where(
            and(
              eq(cycleReporters.cycleId, input.cycleId),
              eq(cycleReporters.orgId, input.orgId),
              withinScope(actor.scope, orgs.path),
            ),
          );
        if (!reporter) {
          // A reporting org outside the writer's scope is one they cannot see, like any other.
          const [unseen] = await tx
            .select({ orgId: cycleReporters.orgId })
            .from(cycleReporters)
            .where(and(eq(cycleReporters.cycleId, input.cycleId), eq(cycleReporters.orgId, input.orgId)));
          if (unseen) throw notFound('组织不存在或无权查看');
          throw badRequest('REPORT_ORG_INVALID', '该组织不在本考核周期的述职范围内', [
            { field: 'orgId', message: '组织不在述职范围内' },
          ]);
        }
        if (!mayWrite(actor, reporter.orgPath))
          throw forbidden('REPORT_NOT_OWN', '只有本组织书记或上级组织工作人员可以撰写述职报告');
        const template: ReportTemplate = cycle.cycle.kind === 'quarterly' ? 'quarterly' : 'annual';
        const [row] = await tx
          .insert(reports)
          .values({
            cycleId: input.cycleId,
            orgId: input.orgId,
            template,
            body: prefilled(
              emptyReport(template, titleFor(template, reporter.orgName, cycle.cycle)),
              filled,
              carried,
            ),
          })
          .onConflictDoNothing()
          .returning();
        if (!row) throw conflict('REPORT_EXISTS', `${reporter.orgName}的述职报告已经建立`);
        await recordAudit(tx, actor, {
          action: 'create',
          entityType: 'report',
          entityId: row.id,
          orgPath: reporter.orgPath,
          after: snapshot(row),
        });
        return detail(tx, actor, row.id);
      });
    },

    /** Saves the working copy; `updatedAt` must be the one read, so two editors never overwrite each other. */
    async save(actor: Actor, id: number, input: SaveReportInput): Promise<Report> {
      return db.transaction(async (tx) => {
        const { report, orgPath } = await lockedReport(tx, actor, id);
        refuseChange(actor, orgPath, report.status);
        if (report.updatedAt.toISOString() !== input.updatedAt)
          throw conflict('REPORT_CHANGED', '报告已被他人修改，请刷新后再编辑');
        const [after] = await tx
          .update(reports)
          .set({ body: input.body, updatedAt: later(report.updatedAt) })
          .where(eq(reports.id, id))
          .returning();
        await recordAudit(tx, actor, {
          action: 'update',
          entityType: 'report',
          entityId: id,
          orgPath,
          before: snapshot(report),
          after: snapshot(after!),
        });
        return detail(tx, actor, id);
      });
    },

    /**
     * A report file (.docx or .txt) read into the report's template for the editor, which shows it
     * with what could not be placed; nothing is saved (the user saves), so nothing is audited. Refused
     * as a save would be.
     */
    async importFile(actor: Actor, id: number, fileName: string, file: unknown): Promise<ImportReportResult> {
      const { report, orgPath, cycle } = await visibleReport(db, actor, id);
      if (cycle.cycle.status === 'closed') throw cycleClosed(cycle.cycle.name);
      refuseChange(actor, orgPath, report.status);
      if (!Buffer.isBuffer(file) || file.length === 0)
        throw badRequest('IMPORT_FILE_MISSING', '请上传述职报告文件（.docx 或 .txt）');
      let text: string;
      try {
        text = await readReportText(file, fileName);
      } catch (error) {
        if (error instanceof ReportFileError) throw badRequest('REPORT_FILE_INVALID', error.message);
        throw error;
      }
      if (!text.trim()) throw badRequest('REPORT_FILE_INVALID', `文件“${fileName}”中没有文字`);
      return importReportText(text, report.template as ReportTemplate);
    },

    /**
     * Whether `actor` may check the report's working copy now (refused as a save would be); answers
     * what the check's job needs, so the job starts only once this has passed.
     */
    async checkable(actor: Actor, id: number): Promise<CheckedReport> {
      const { report, orgPath, cycle } = await visibleReport(db, actor, id);
      if (cycle.cycle.status === 'closed') throw cycleClosed(cycle.cycle.name);
      refuseChange(actor, orgPath, report.status);
      return { id, cycleId: report.cycleId, orgId: report.orgId, asOf: cycle.cycle.endsOn };
    },

    /**
     * The check a `reports.check` job runs on an unsaved working copy: the analysis a submission gets,
     * and the comparison with the other reports the actor may see (a village secretary is never shown
     * another village's text). Nothing is stored.
     */
    async check(
      actor: Actor,
      report: CheckedReport,
      body: ReportBody,
      progress: JobContext['progress'],
    ): Promise<ReportCheckResult> {
      progress({ phase: 'analyzing', done: 0, total: 2 });
      const {
        text,
        analysis: { sections, figures, placeholders, findings },
      } = analyzeBody(body, await registryOf(actor, report.orgId, report.asOf), report.asOf);
      progress({ phase: 'comparing', done: 1, total: 2 });
      const copies = await compareWithOthers(text, report, actor.scope);
      progress({ done: 2, total: 2 });
      return {
        text,
        analysis: {
          sections,
          figures,
          placeholders,
          findings: [...findings, ...copies.findings].sort((a, b) => a.span.start - b.span.start),
        },
        compared: copies.compared,
      };
    },

    /**
     * Freezes the working copy as the next version, analyzed — its 基本情况 figures checked against the
     * registry as of the cycle's end, read before the transaction — and hands it to the reviewer.
     */
    async submit(actor: Actor, id: number): Promise<Report> {
      const seen = await visibleReport(db, actor, id);
      const asOf = seen.cycle.cycle.endsOn;
      const registry = await registryOf(actor, seen.report.orgId, asOf);
      const submitted = await db.transaction(async (tx) => {
        const { report, orgPath, cycle } = await lockedReport(tx, actor, id);
        if (!mayWrite(actor, orgPath))
          throw forbidden('REPORT_NOT_OWN', '只有本组织书记或上级组织工作人员可以提交述职报告');
        const status = transition(report.status, 'submit');
        const problems = reportBodyProblems(report.body);
        if (problems.length)
          throw badRequest(
            'REPORT_INCOMPLETE',
            `报告尚不完整：${problems[0]!.message}`,
            problems.map((p) => ({ field: `body.${p.path}`, message: p.message })),
          );
        const { text, analysis: own } = analyzeBody(report.body, registry, asOf);
        const today = clock.today();
        const version = report.versions + 1;
        const late = submittedLate(today, cycle.cycle.reportsDueOn);
        const analysis: StoredAnalysis = {
          ...own,
          signature: Array.from(reportSignature(text)),
          compared: null,
        };
        await tx.insert(reportVersions).values({
          reportId: id,
          version,
          body: report.body,
          text,
          analysis,
          submittedOn: today,
          submittedByName: actor.displayName,
          late,
        });
        const [after] = await tx
          .update(reports)
          .set({
            status,
            versions: version,
            firstSubmittedOn: report.firstSubmittedOn ?? today,
            // Late is the first submission's: a report returned and resubmitted was handed in on time.
            late: report.firstSubmittedOn ? report.late : late,
            updatedAt: later(report.updatedAt),
          })
          .where(eq(reports.id, id))
          .returning();
        await recordAudit(tx, actor, {
          action: 'update',
          entityType: 'report',
          entityId: id,
          orgPath,
          before: snapshot(report),
          after: { ...snapshot(after!), version },
        });
        return { detail: await detail(tx, actor, id), orgPath, version };
      });
      // After the commit: the job reads the version it compares, and the other reports as they are.
      await jobs.start(actor, reportAnalysisJobKind, submitted.orgPath, ({ progress }) =>
        compareVersion(id, submitted.version, progress),
      );
      return submitted.detail;
    },

    return: (actor: Actor, id: number, input: ReturnReportInput) => decide(actor, id, 'return', input),
    accept: (actor: Actor, id: number) => decide(actor, id, 'accept', null),

    /**
     * The reviewer marks findings of the submitted version as not a problem (the whole set, by number),
     * while it awaits review; the findings stay in the analysis, marked.
     */
    async dismissFindings(actor: Actor, id: number, findings: number[]): Promise<ReportVersion> {
      const versionNo = await db.transaction(async (tx) => {
        const { report, orgPath, version } = await underReview(tx, actor, id);
        if (report.status !== 'submitted')
          throw conflict('REPORT_STATUS', '只有待审查的报告可以标记审查发现');
        checkFindings('findings', findings, version?.analysis);
        const dismissed = [...findings].sort((a, b) => a - b);
        await tx
          .update(reportVersions)
          .set({ dismissedFindings: dismissed })
          .where(and(eq(reportVersions.reportId, id), eq(reportVersions.version, report.versions)));
        await recordAudit(tx, actor, {
          action: 'update',
          entityType: 'report',
          entityId: id,
          orgPath,
          before: { version: report.versions, dismissedFindings: version!.dismissedFindings },
          after: { version: report.versions, dismissedFindings: dismissed },
        });
        return report.versions;
      });
      return readVersion(actor, id, versionNo);
    },

    /**
     * The report as a Word file in the official layout: submitted version `version` when given, else
     * the working copy. Whoever may read the report may download it.
     */
    async docx(actor: Actor, id: number, version?: number): Promise<{ fileName: string; body: Buffer }> {
      const body =
        version === undefined
          ? (await visibleReport(db, actor, id)).report.body
          : (await readVersion(actor, id, version)).body;
      return { fileName: `${docxName(body.title)}.docx`, body: await reportDocx(body) };
    },

    version: readVersion,
  };
}

export type ReportService = ReturnType<typeof createReportService>;
