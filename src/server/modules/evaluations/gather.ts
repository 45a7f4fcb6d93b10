import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { turnoutProblem } from '../../../domain/meetings.js';
import type { CategoryTally } from '../../../domain/results/appraisal.js';
import { categoryWeightsOf, type GatheredReporter } from '../../../domain/results/cycle-inputs.js';
import type { Grade } from '../../../domain/results/grades.js';
import type { Db } from '../../../db/client.js';
import { idArray } from '../../../db/query-rows.js';
import {
  cycleReporters,
  leaderReviews,
  meetingReporters,
  orgs,
  reviewMeetings,
  routineScores,
  users,
  vetoDecisions,
} from '../../../db/schema/index.js';
import { castCounts, gradeCounts } from '../meetings/tally-counts.js';
import { surveyCounts } from '../meetings/survey-counts.js';
import { isWithin } from '../../../domain/org-tree.js';
import { pooledCounts, satisfactionResult, type SatisfactionCounts } from '../../../domain/satisfaction.js';

export interface GatheredCycle {
  reporters: (GatheredReporter & {
    secretaryName: string | null;
    critiques: { reviewerName: string; critique: string }[];
  })[];
  warnings: string[];
}

const noCounts = (): Record<Grade, number> => ({ excellent: 0, good: 0, fair: 0, poor: 0 });

/**
 * Everything a cycle recorded that its 综合评价 weighs, per reporting org: the routine sheet's total
 * and veto, the leaders' reviews, and the 总体评价 tallies per panelist category of the meeting whose
 * vote closed validly — with warnings for what is not (yet) there.
 */
export async function gatherCycle(db: Db, cycle: { id: number; orgPath: string }): Promise<GatheredCycle> {
  const warnings: string[] = [];
  const reporters = await db
    .select({ id: orgs.id, name: orgs.name, path: orgs.path, secretaryName: orgs.secretaryName })
    .from(cycleReporters)
    .innerJoin(orgs, eq(orgs.id, cycleReporters.orgId))
    .where(eq(cycleReporters.cycleId, cycle.id))
    .orderBy(sql`nlevel(${orgs.path})`, asc(orgs.parentId), asc(orgs.sortOrder), asc(orgs.id));
  const ids = reporters.map((r) => r.id);
  const groups = await groupsOf(db, cycle.orgPath, reporters);

  const routine = await db
    .select({
      orgId: routineScores.orgId,
      total: routineScores.total,
      maxPoints: routineScores.maxPoints,
      vetoed: routineScores.vetoed,
      stale: routineScores.stale,
    })
    .from(routineScores)
    .where(eq(routineScores.cycleId, cycle.id));
  const stale = routine.filter((r) => r.stale).length;
  if (stale) warnings.push(`有${stale}个组织的日常考核仍在计算中，结果可能变化`);
  const vetoes = await db
    .selectDistinctOn([vetoDecisions.orgId, vetoDecisions.indicatorKey], {
      orgId: vetoDecisions.orgId,
      applies: vetoDecisions.applies,
      reason: vetoDecisions.reason,
    })
    .from(vetoDecisions)
    .where(eq(vetoDecisions.cycleId, cycle.id))
    .orderBy(vetoDecisions.orgId, vetoDecisions.indicatorKey, desc(vetoDecisions.id));

  const allMeetings = await db
    .select()
    .from(reviewMeetings)
    .where(eq(reviewMeetings.cycleId, cycle.id))
    .orderBy(asc(reviewMeetings.heldOn), asc(reviewMeetings.id));
  const meetings = allMeetings.filter((m) => m.kind === 'appraisal');
  if (!meetings.length) warnings.push('本周期尚未召开述职评议会，述职评议和民主测评未计入');
  const reviews = await db
    .select({
      orgId: leaderReviews.orgId,
      scores: leaderReviews.scores,
      critique: leaderReviews.critique,
      reviewerName: users.displayName,
    })
    .from(leaderReviews)
    .innerJoin(reviewMeetings, eq(reviewMeetings.id, leaderReviews.meetingId))
    .innerJoin(users, eq(users.id, leaderReviews.reviewerId))
    .where(eq(reviewMeetings.cycleId, cycle.id))
    .orderBy(asc(leaderReviews.id));

  // A reporter's appraisal comes from the first meeting that lists them and closed a valid vote.
  const appraisalOf = new Map<number, GatheredReporter['appraisal']>();
  for (const meeting of meetings) {
    if (meeting.voting !== 'closed') {
      warnings.push(`述职评议会“${meeting.name}”尚未结束投票，其民主测评未计入`);
      continue;
    }
    const cast = await castCounts(db, meeting.id, meeting.rules.votingMode === 'perReporter');
    const issued = cast.issued;
    if (issued === 0) {
      warnings.push(`述职评议会“${meeting.name}”未发放正式测评码，其民主测评未计入`);
      continue;
    }
    const meetingProblem = cast.all === null ? null : turnoutProblem({ issued, cast: cast.all });
    if (meetingProblem) {
      warnings.push(`述职评议会“${meeting.name}”：${meetingProblem}，其民主测评未计入`);
      continue;
    }
    const item = meeting.items.some((i) => i.key === 'overall') ? 'overall' : meeting.items[0]!.key;
    const rows = await gradeCounts(db, meeting, { item });
    const listed = await db
      .select({ orgId: meetingReporters.orgId, orgName: orgs.name })
      .from(meetingReporters)
      .innerJoin(orgs, eq(orgs.id, meetingReporters.orgId))
      .where(
        and(
          eq(meetingReporters.meetingId, meeting.id),
          sql`${meetingReporters.orgId} = any(${idArray(ids)})`,
        ),
      );
    const rules = {
      categoryWeights: categoryWeightsOf(meeting.categories),
      minBallots: meeting.rules.minBallots,
    };
    for (const { orgId, orgName } of listed) {
      if (appraisalOf.has(orgId)) continue;
      if (cast.all === null) {
        const problem = turnoutProblem({ issued, cast: cast.byOrg.get(orgId) ?? 0 });
        if (problem) {
          warnings.push(`述职评议会“${meeting.name}”对${orgName}的投票：${problem}，其民主测评未计入`);
          continue;
        }
      }
      const byCategory = new Map<string, CategoryTally>();
      for (const row of rows) {
        if (row.orgId !== orgId) continue;
        const tally = byCategory.get(row.category) ?? {
          category: row.category,
          counts: noCounts(),
          abstentions: 0,
        };
        if (row.grade) tally.counts[row.grade] += row.n;
        else tally.abstentions += row.n;
        byCategory.set(row.category, tally);
      }
      appraisalOf.set(orgId, { tallies: [...byCategory.values()], rules });
    }
  }

  const satisfactionOf = await gatherSatisfaction(
    db,
    allMeetings.filter((m) => m.kind === 'satisfaction'),
    reporters,
    warnings,
  );

  const unreviewed = meetings.length ? reporters.filter((r) => !reviews.some((v) => v.orgId === r.id)) : [];
  if (unreviewed.length)
    warnings.push(
      `有${unreviewed.length}个述职组织尚无领导评议打分（${unreviewed
        .slice(0, 5)
        .map((r) => r.name)
        .join('、')}${unreviewed.length > 5 ? '等' : ''}），其述职评议未计入`,
    );

  return {
    warnings,
    reporters: reporters.map((r) => {
      const sheet = routine.find((s) => s.orgId === r.id);
      const veto = vetoes.find((v) => v.orgId === r.id && v.applies);
      const own = reviews.filter((v) => v.orgId === r.id);
      return {
        id: r.id,
        name: r.name,
        secretaryName: r.secretaryName,
        group: groups.get(r.id) ?? null,
        routine: sheet ? { total: sheet.total, maxPoints: sheet.maxPoints } : null,
        veto: sheet?.vetoed ? { reason: veto?.reason ?? '日常考核一票否决' } : null,
        leaderReviews: own,
        appraisal: appraisalOf.get(r.id) ?? null,
        satisfaction: satisfactionOf.get(r.id) ?? null,
        critiques: own
          .filter((v) => v.critique)
          .map((v) => ({ reviewerName: v.reviewerName, critique: v.critique })),
      };
    }),
  };
}

/**
 * 满意度 per reporter: the first-question counts of every closed survey of the cycle that rated an
 * org in the reporter's subtree — the reporter itself (a village) or, for a reporter above villages
 * (a town), all its villages — pooled ballot by ballot, turned into one 满意率. A survey's count for
 * an org is left out (with a warning) when that org's turnout voids it or its ballots are fewer
 * than the survey's minimum. A reporter no survey covers gets null: the results engine then
 * rescales the other components, as for any missing one.
 */
async function gatherSatisfaction(
  db: Db,
  surveys: (typeof reviewMeetings.$inferSelect)[],
  reporters: { id: number; path: string }[],
  warnings: string[],
): Promise<Map<number, number>> {
  const counted: { path: string; counts: SatisfactionCounts }[] = [];
  for (const survey of surveys) {
    if (survey.voting !== 'closed') {
      warnings.push(`满意度测评“${survey.name}”尚未结束投票，未计入`);
      continue;
    }
    const byOrg = await surveyCounts(db, survey);
    const rated = await db
      .select({ orgId: meetingReporters.orgId, name: orgs.name, path: orgs.path })
      .from(meetingReporters)
      .innerJoin(orgs, eq(orgs.id, meetingReporters.orgId))
      .where(eq(meetingReporters.meetingId, survey.id));
    for (const org of rated) {
      const result = byOrg.get(org.orgId)!;
      // A survey lists every village but is held village by village: one given no codes here was
      // not surveyed in it (as the coverage counts it), which is no fault to warn of.
      if (result.issued === 0) continue;
      const counts = result.items[survey.items[0]!.key]!;
      const problem =
        result.problem ??
        (satisfactionResult(counts, survey.rules.minBallots).value === null ? '有效票不足' : null);
      if (problem) warnings.push(`满意度测评“${survey.name}”对${org.name}：${problem}，未计入`);
      else counted.push({ path: org.path, counts });
    }
  }
  const values = new Map<number, number>();
  for (const r of reporters) {
    const covered = counted.filter((c) => isWithin(c.path, r.path));
    const value = covered.length
      ? satisfactionResult(pooledCounts(covered.map((c) => c.counts))).value
      : null;
    if (value !== null) values.set(r.id, value);
  }
  return values;
}

/**
 * The group a reporter is ranked and given quotas within: the org one level below the cycle's
 * running org that holds it (a village's town in a county cycle); none for reporters at that level.
 */
async function groupsOf(db: Db, runningPath: string, reporters: { id: number; path: string }[]) {
  const depth = runningPath.split('.').length;
  const groupIdOf = new Map<number, number>();
  for (const r of reporters) {
    const labels = r.path.split('.');
    if (labels.length >= depth + 2) groupIdOf.set(r.id, Number(labels[depth]));
  }
  const groupIds = [...new Set(groupIdOf.values())];
  if (!groupIds.length) return new Map<number, string>();
  const names = await db
    .select({ id: orgs.id, name: orgs.name })
    .from(orgs)
    .where(sql`${orgs.id} = any(${idArray(groupIds)})`);
  const nameOf = new Map(names.map((n) => [n.id, n.name]));
  return new Map(
    [...groupIdOf]
      .map(([id, groupId]) => [id, nameOf.get(groupId) ?? null] as const)
      .filter((entry): entry is [number, string] => entry[1] !== null),
  );
}
