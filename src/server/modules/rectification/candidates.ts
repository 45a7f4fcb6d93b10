import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type {
  ProblemCandidate as LabelledCandidate,
  ProblemCandidateList,
  ProblemCandidateQuery,
  ProblemThreshold,
} from '../../../contract/rectification-candidates.js';
import type { Db } from '../../../db/client.js';
import { idArray } from '../../../db/query-rows.js';
import {
  cycles,
  leaderReviews,
  meetingReporters,
  orgs,
  problemDrafts,
  problems,
  reviewMeetings,
  routineScores,
} from '../../../db/schema/index.js';
import {
  appraisalCandidates,
  candidateSources,
  critiqueCandidates,
  deductionCandidates,
  defaultAppraisalPoorShare,
  reportCandidates,
  type AppraisalItemInput,
  type CandidateSource,
} from '../../../domain/rectification/candidates.js';
import {
  problemCategoryLabels,
  problemSeverityLabels,
  problemSourceLabels,
  type ProblemCandidate,
} from '../../../domain/rectification/sources.js';
import type { ScoreSheet } from '../../../domain/rules/sheet.js';
import type { Actor } from '../../http/actor.js';
import { withinScope } from '../../http/scope-sql.js';
import { recordAudit } from '../audit/record.js';
import { canWriteCycle, notOwnCycle, visibleCycle } from '../cycles/service.js';
import { isPublished } from '../evaluations/leader-reviews.js';
import { inScope as scopeHolds } from '../../../domain/access.js';
import { gradeCounts } from '../meetings/tally-counts.js';

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

interface ScopedOrg {
  id: number;
  name: string;
  path: string;
}

/**
 * 问题清单的来源: what a cycle's records suggest as problems, read for the orgs in the reader's
 * scope only (a village secretary sees their own org's, never another's critique or text), and the
 * cycle's 民主测评 threshold, which the cycle's organizer sets.
 */
export function createProblemCandidateService(deps: { db: Db }) {
  const { db } = deps;

  /** The cycle's records of each source, for the orgs `inScope` admits. */
  const loaders: Record<
    CandidateSource,
    (cycleId: number, threshold: number, inScope: SQL) => Promise<ProblemCandidate[]>
  > = {
    async report(cycleId, _threshold, inScope) {
      const drafts = await db
        .select({
          id: problemDrafts.id,
          reportId: problemDrafts.reportId,
          orgId: problemDrafts.orgId,
          position: problemDrafts.position,
          text: problemDrafts.text,
          cause: problemDrafts.cause,
        })
        .from(problemDrafts)
        .innerJoin(orgs, eq(orgs.id, problemDrafts.orgId))
        .where(and(eq(problemDrafts.cycleId, cycleId), inScope))
        .orderBy(asc(problemDrafts.position), asc(problemDrafts.id));
      return reportCandidates(cycleId, drafts);
    },

    async critique(cycleId, _threshold, inScope) {
      const reviews = await db
        .select({ id: leaderReviews.id, orgId: leaderReviews.orgId, critique: leaderReviews.critique })
        .from(leaderReviews)
        .innerJoin(reviewMeetings, eq(reviewMeetings.id, leaderReviews.meetingId))
        .innerJoin(orgs, eq(orgs.id, leaderReviews.orgId))
        .where(and(eq(reviewMeetings.cycleId, cycleId), sql`${leaderReviews.critique} <> ''`, inScope))
        .orderBy(asc(leaderReviews.id));
      return critiqueCandidates(cycleId, reviews);
    },

    /** Every item of every closed meeting, each reporter's grades pooled over the panel's categories. */
    async appraisal(cycleId, threshold, inScope) {
      const meetings = await db
        .select({ id: reviewMeetings.id, items: reviewMeetings.items })
        .from(reviewMeetings)
        .where(and(eq(reviewMeetings.cycleId, cycleId), eq(reviewMeetings.voting, 'closed')))
        .orderBy(asc(reviewMeetings.heldOn), asc(reviewMeetings.id));
      const cells: AppraisalItemInput[] = [];
      for (const meeting of meetings) {
        const reporters = await db
          .select({
            orgId: meetingReporters.orgId,
            position: meetingReporters.position,
            visible: sql<boolean>`${inScope}`,
          })
          .from(meetingReporters)
          .innerJoin(orgs, eq(orgs.id, meetingReporters.orgId))
          .where(eq(meetingReporters.meetingId, meeting.id));
        const seen = new Set(reporters.filter((r) => r.visible).map((r) => r.orgId));
        if (!seen.size) continue;
        // One count of all the meeting's cells (every item), rather than one per item.
        const counts = await gradeCounts(db, meeting, { reporters });
        const byCell = new Map<string, AppraisalItemInput>();
        for (const c of counts) {
          if (!seen.has(c.orgId) || !c.grade) continue;
          const key = `${c.orgId}:${c.item}`;
          let cell = byCell.get(key);
          if (!cell) {
            const label = meeting.items.find((i) => i.key === c.item)?.label ?? c.item;
            cell = {
              meetingId: meeting.id,
              orgId: c.orgId,
              itemKey: c.item,
              itemLabel: label,
              counts: { excellent: 0, good: 0, fair: 0, poor: 0 },
            };
            byCell.set(key, cell);
          }
          cell.counts[c.grade] += c.n;
        }
        // The ballot's item order, whatever order the count returned the cells in.
        const itemOrder = new Map(meeting.items.map((i, n) => [i.key, n]));
        cells.push(
          ...[...byCell.values()].sort(
            (a, b) => a.orgId - b.orgId || itemOrder.get(a.itemKey)! - itemOrder.get(b.itemKey)!,
          ),
        );
      }
      return appraisalCandidates(cycleId, threshold, cells);
    },

    async deduction(cycleId, _threshold, inScope) {
      const rows = await db
        .select({ orgId: routineScores.orgId, sheet: routineScores.sheet })
        .from(routineScores)
        .innerJoin(orgs, eq(orgs.id, routineScores.orgId))
        .where(and(eq(routineScores.cycleId, cycleId), sql`${routineScores.sheet} is not null`, inScope));
      return deductionCandidates(
        cycleId,
        rows.map((r) => ({ orgId: r.orgId, sheet: r.sheet as unknown as ScoreSheet })),
      );
    },
  };

  async function orgsOf(ids: number[]): Promise<Map<number, ScopedOrg>> {
    if (!ids.length) return new Map();
    const rows = await db
      .select({ id: orgs.id, name: orgs.name, path: orgs.path })
      .from(orgs)
      .where(sql`${orgs.id} = any(${idArray(ids)})`);
    return new Map(rows.map((r) => [r.id, r]));
  }

  /**
   * Which candidates the cycle's list already holds: the problem filed from each (the kept one when
   * it was merged into another), so the organizer files only what is still missing.
   */
  async function withFiled(
    cycleId: number,
    items: Omit<LabelledCandidate, 'filedProblemId'>[],
  ): Promise<LabelledCandidate[]> {
    const filed = items.length
      ? await db
          .select({
            key: problems.candidateKey,
            id: sql<number>`coalesce(${problems.mergedIntoId}, ${problems.id})`,
          })
          .from(problems)
          .where(
            and(
              eq(problems.cycleId, cycleId),
              inArray(
                problems.candidateKey,
                items.map((c) => c.key),
              ),
            ),
          )
      : [];
    const byKey = new Map(filed.map((f) => [f.key, f.id]));
    return items.map((c) => ({ ...c, filedProblemId: byKey.get(c.key) ?? null }));
  }

  return {
    async list(actor: Actor, cycleId: number, query: ProblemCandidateQuery): Promise<ProblemCandidateList> {
      const { cycle, orgPath } = await visibleCycle(db, actor, cycleId);
      const threshold = cycle.appraisalPoorShare ?? defaultAppraisalPoorShare;
      // Leaders' critiques and the panel's shares reach a reporter through the published results
      // (反馈意见), so one who sees the cycle from below gets them here only after publication too.
      const withheld: CandidateSource[] =
        scopeHolds(actor.scope, orgPath) || (await isPublished(db, cycleId)) ? [] : ['critique', 'appraisal'];
      const inScope = and(
        withinScope(actor.scope, orgs.path),
        query.orgId === undefined ? undefined : eq(orgs.id, query.orgId),
      )!;
      const sources = (query.source ? [query.source] : candidateSources).filter((x) => !withheld.includes(x));
      const found: ProblemCandidate[] = [];
      for (const source of sources) found.push(...(await loaders[source](cycleId, threshold, inScope)));
      const orgOf = await orgsOf([...new Set(found.map((c) => c.orgId))]);
      const sourceOrder = (c: ProblemCandidate) => candidateSources.indexOf(c.ref.source as CandidateSource);
      // By org in the tree's order (a stable sort keeps each source's own order within an org).
      const items = found
        .map((c, n) => ({ c, n, org: orgOf.get(c.orgId)! }))
        .sort((a, b) => byText(a.org.path, b.org.path) || sourceOrder(a.c) - sourceOrder(b.c) || a.n - b.n)
        .map(({ c, org }): Omit<LabelledCandidate, 'filedProblemId'> => ({
          ...c,
          ref: c.ref as LabelledCandidate['ref'],
          orgName: org.name,
          source: c.ref.source as CandidateSource,
          sourceLabel: problemSourceLabels[c.ref.source],
          categoryLabel: problemCategoryLabels[c.category],
          severityLabel: problemSeverityLabels[c.severity],
        }));
      return { items: await withFiled(cycleId, items), threshold };
    },

    /** Sets the cycle's threshold: its organizer's, closed cycle or not (the list is made after the results). */
    async setThreshold(actor: Actor, cycleId: number, input: ProblemThreshold): Promise<ProblemThreshold> {
      return db.transaction(async (tx) => {
        const row = await visibleCycle(tx, actor, cycleId);
        if (!canWriteCycle(actor, row.orgPath)) throw notOwnCycle(row);
        const [before] = await tx
          .select({ share: cycles.appraisalPoorShare })
          .from(cycles)
          .where(eq(cycles.id, cycleId))
          .for('update');
        await tx
          .update(cycles)
          // Not the cycle's updatedAt: that guards its editing form, which this does not touch.
          .set({ appraisalPoorShare: input.appraisalPoorShare })
          .where(eq(cycles.id, cycleId));
        await recordAudit(tx, actor, {
          action: 'update',
          entityType: 'cycle',
          entityId: cycleId,
          orgPath: row.orgPath,
          before: { appraisalPoorShare: before!.share ?? defaultAppraisalPoorShare },
          after: { appraisalPoorShare: input.appraisalPoorShare },
        });
        return { appraisalPoorShare: input.appraisalPoorShare };
      });
    },
  };
}

export type ProblemCandidateService = ReturnType<typeof createProblemCandidateService>;
