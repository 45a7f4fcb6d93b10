import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { idArray } from '../../../db/query-rows.js';
import { cycleReporters, problemDrafts, reports } from '../../../db/schema/index.js';
import { forbidden, notFound } from '../../errors.js';
import type { Actor } from '../../http/actor.js';
import { assessmentOf } from '../../../domain/cycles.js';
import { docxName } from '../reports/service.js';
import { feedbackDocx, noticeDocx, noticeTitle, type Problem } from './evaluation-docx.js';
import type { EvaluationService } from './service.js';

const notReporter = () => notFound('该组织不在本周期的考核结果中');

/**
 * 通报 and 反馈意见 of a cycle, once its results are published: the notice for whoever reads the
 * whole evaluation, feedback sheets for every reporter the reader may see (a secretary: their own).
 */
export function createEvaluationDocuments(deps: { db: Db; evaluations: EvaluationService }) {
  const { db, evaluations } = deps;

  async function context(actor: Actor, cycleId: number) {
    const { cycle, whole, evaluation } = await evaluations.published(actor, cycleId);
    return {
      whole,
      context: {
        evaluation,
        orgName: cycle.orgName,
        rectificationDueOn: cycle.cycle.rectificationDueOn,
      },
    };
  }

  /** The problems of each org's accepted report in the cycle, in the report's order. */
  async function problemsOf(cycleId: number, orgIds: number[]) {
    const rows = await db
      .select({ orgId: problemDrafts.orgId, text: problemDrafts.text, cause: problemDrafts.cause })
      .from(problemDrafts)
      .innerJoin(reports, eq(reports.id, problemDrafts.reportId))
      .where(
        and(
          eq(problemDrafts.cycleId, cycleId),
          sql`${problemDrafts.orgId} = any(${idArray(orgIds)})`,
          eq(reports.status, 'accepted'),
          eq(problemDrafts.version, reports.versions),
        ),
      )
      .orderBy(asc(problemDrafts.orgId), asc(problemDrafts.position));
    const byOrg = new Map<number, Problem[]>();
    for (const { orgId, ...problem } of rows) byOrg.set(orgId, [...(byOrg.get(orgId) ?? []), problem]);
    return byOrg;
  }

  return {
    async notice(actor: Actor, cycleId: number) {
      const { whole, context: ctx } = await context(actor, cycleId);
      if (!whole)
        throw forbidden(
          'EVALUATION_NOTICE_NOT_OWN',
          '考核结果通报由组织考核的单位下载，请下载本组织的反馈意见',
        );
      return {
        fileName: `${docxName(noticeTitle(ctx.evaluation.cycleName))}.docx`,
        body: await noticeDocx(ctx),
      };
    },

    /** One reporter's sheet, or every visible reporter's in one file (rank order) when `orgId` is absent. */
    async feedback(actor: Actor, cycleId: number, orgId?: number) {
      // An org that does not report in the cycle is not found, published or not.
      if (orgId !== undefined) {
        const [listed] = await db
          .select({ orgId: cycleReporters.orgId })
          .from(cycleReporters)
          .where(and(eq(cycleReporters.cycleId, cycleId), eq(cycleReporters.orgId, orgId)));
        if (!listed) throw notReporter();
      }
      const { context: ctx } = await context(actor, cycleId);
      const reporters = ctx.evaluation.reporters.filter((r) => orgId === undefined || r.orgId === orgId);
      if (!reporters.length) throw orgId === undefined ? notFound('没有可下载的反馈意见') : notReporter();
      const problems = await problemsOf(
        cycleId,
        reporters.map((r) => r.orgId),
      );
      const name =
        orgId === undefined ? assessmentOf(ctx.evaluation.cycleName) : `${reporters[0]!.name}述职评议考核`;
      return {
        fileName: `${docxName(`${name}反馈意见`)}.docx`,
        body: await feedbackDocx(
          ctx,
          reporters.map((reporter) => ({ reporter, problems: problems.get(reporter.orgId) ?? [] })),
        ),
      };
    },
  };
}

export type EvaluationDocuments = ReturnType<typeof createEvaluationDocuments>;
