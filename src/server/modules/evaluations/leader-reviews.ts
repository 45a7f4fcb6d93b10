import { and, asc, eq, sql } from 'drizzle-orm';
import type { LeaderReview, LeaderReviewInput, LeaderReviewList } from '../../../contract/evaluations.js';
import { leaderReviewProblems, reviewScore } from '../../../domain/results/leader.js';
import { roundPoints } from '../../../domain/rules/points.js';
import type { Db } from '../../../db/client.js';
import { evaluations, leaderReviews, meetingReporters, orgs, users } from '../../../db/schema/index.js';
import { badRequest, conflict, notFound } from '../../errors.js';
import type { Actor } from '../../http/actor.js';
import { recordAudit } from '../audit/record.js';
import { canWriteCycle, writableCycle } from '../cycles/service.js';
import { reportersOf, visibleMeeting } from '../meetings/service.js';

export const evaluationPublished = () =>
  conflict('EVALUATION_PUBLISHED', '本周期的综合评价结果已发布，不能再修改');

/** Whether the cycle's 综合评价 has been published (its records are read-only from then on). */
export async function isPublished(dbOrTx: Db, cycleId: number) {
  const [row] = await dbOrTx
    .select({ publishedAt: evaluations.publishedAt })
    .from(evaluations)
    .where(eq(evaluations.cycleId, cycleId));
  return row?.publishedAt != null;
}

/**
 * 述职评议: the cycle's organizers (上级领导) score each reporter of a meeting on its items and write
 * a critique. Reading needs the meeting in scope; writing is the cycle's organizer's (whose org
 * runs the cycle, so never a reporter of it) and stops when the results are published.
 */
export function createLeaderReviewService(deps: { db: Db }) {
  const { db } = deps;

  const toReview = (row: {
    reviewerId: number;
    reviewerName: string;
    scores: Record<string, number>;
    critique: string;
    updatedAt: Date;
  }): LeaderReview => {
    const score = reviewScore(row.scores);
    return {
      reviewerId: row.reviewerId,
      reviewerName: row.reviewerName,
      scores: row.scores,
      score: score === null ? null : roundPoints(score),
      critique: row.critique,
      updatedAt: row.updatedAt.toISOString(),
    };
  };

  const reviewColumns = {
    orgId: leaderReviews.orgId,
    reviewerId: leaderReviews.reviewerId,
    reviewerName: users.displayName,
    scores: leaderReviews.scores,
    critique: leaderReviews.critique,
    updatedAt: leaderReviews.updatedAt,
  };

  return {
    async list(actor: Actor, meetingId: number): Promise<LeaderReviewList> {
      const { meeting, orgPath, cycleStatus } = await visibleMeeting(db, actor, meetingId);
      const reporters = await reportersOf(db, meetingId);
      const reviews = await db
        .select(reviewColumns)
        .from(leaderReviews)
        .innerJoin(users, eq(users.id, leaderReviews.reviewerId))
        .where(eq(leaderReviews.meetingId, meetingId))
        .orderBy(asc(leaderReviews.id));
      const writable =
        cycleStatus !== 'closed' &&
        canWriteCycle(actor, orgPath) &&
        !(await isPublished(db, meeting.cycleId));
      return {
        meetingId,
        items: meeting.items,
        writable,
        reporters: reporters.map((r) => {
          const own = reviews.filter((v) => v.orgId === r.orgId).map(toReview);
          const scored = own.map((v) => v.score).filter((s): s is number => s !== null);
          return {
            orgId: r.orgId,
            orgName: r.orgName,
            position: r.position,
            reviews: own,
            score: scored.length ? roundPoints(scored.reduce((a, b) => a + b, 0) / scored.length) : null,
          };
        }),
      };
    },

    async save(
      actor: Actor,
      meetingId: number,
      orgId: number,
      input: LeaderReviewInput,
    ): Promise<LeaderReview> {
      return db.transaction(async (tx) => {
        const { meeting } = await visibleMeeting(tx, actor, meetingId);
        const cycle = await writableCycle(tx, actor, meeting.cycleId);
        if (await isPublished(tx, cycle.id)) throw evaluationPublished();
        const [reporter] = await tx
          .select({ path: orgs.path, name: orgs.name })
          .from(meetingReporters)
          .innerJoin(orgs, eq(orgs.id, meetingReporters.orgId))
          .where(and(eq(meetingReporters.meetingId, meetingId), eq(meetingReporters.orgId, orgId)));
        if (!reporter) throw notFound('该组织不在本次评议会的述职名单中');
        const problems = leaderReviewProblems(meeting.items, input);
        if (problems.length) throw badRequest('LEADER_REVIEW_INVALID', problems[0]!.message, problems);
        const critique = input.critique.trim();
        const [before] = await tx
          .select({ scores: leaderReviews.scores, critique: leaderReviews.critique })
          .from(leaderReviews)
          .where(
            and(
              eq(leaderReviews.meetingId, meetingId),
              eq(leaderReviews.orgId, orgId),
              eq(leaderReviews.reviewerId, actor.id),
            ),
          );
        const [row] = await tx
          .insert(leaderReviews)
          .values({ meetingId, orgId, reviewerId: actor.id, scores: input.scores, critique })
          .onConflictDoUpdate({
            target: [leaderReviews.meetingId, leaderReviews.orgId, leaderReviews.reviewerId],
            set: { scores: input.scores, critique, updatedAt: sql`now()` },
          })
          .returning();
        await recordAudit(tx, actor, {
          action: before ? 'update' : 'create',
          entityType: 'leaderReview',
          entityId: row!.id,
          orgPath: reporter.path,
          before,
          after: { meetingId, orgId, scores: input.scores, critique },
        });
        return toReview({ ...row!, reviewerName: actor.displayName });
      });
    },
  };
}

export type LeaderReviewService = ReturnType<typeof createLeaderReviewService>;
