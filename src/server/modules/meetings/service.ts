import { randomBytes } from 'node:crypto';
import { and, asc, eq, inArray, notInArray, sql } from 'drizzle-orm';
import {
  normalizeReceipt,
  receiptFor,
  receiptHash,
  submissionDigest,
} from '../../../domain/ballot-receipts.js';
import {
  ballotCodeFromBytes,
  ballotCodeLength,
  ballotProblems,
  defaultBallotItems,
  defaultMeetingRules,
  defaultPanelistCategories,
  defaultSurveyCategories,
  defaultSurveyItems,
  ballotScales,
  formatBallotCode,
  mergedCategory,
  parseBallotCode,
  perReporterRefusal,
  tallyGroups,
  turnoutProblem,
  votingChange,
  type AnyBallotChoices,
  type MeetingKind,
  type VotingState,
  type VotingStatus,
} from '../../../domain/meetings.js';
import {
  ballotGrades,
  smallestPerCategory,
  type GradeCount,
  type GradeLayout,
} from '../../../domain/ballot-grades.js';
import type { Db } from '../../../db/client.js';
import { queryRows } from '../../../db/query-rows.js';
import {
  ballotCodeUses,
  ballotCodes,
  ballots,
  cycleReporters,
  cycles,
  meetingReporters,
  orgs,
  reviewMeetings,
} from '../../../db/schema/index.js';
import type {
  BallotCodeList,
  BallotForm,
  BallotReceipt,
  CastBallotInput,
  CreateCodesInput,
  CreateMeetingInput,
  Meeting,
  MeetingList,
  SatisfactionCoverage,
  Tally,
  Turnout,
  UpdateMeetingInput,
  VotingInput,
} from '../../../contract/meetings.js';
import { AppError, badRequest, conflict, notFound } from '../../errors.js';
import type { Actor } from '../../http/actor.js';
import { withinScope } from '../../http/scope-sql.js';
import { recordAudit } from '../audit/record.js';
import { visibleCycle, writableCycle } from '../cycles/service.js';
import { pendingPaperSheets } from './paper-pending.js';
import { protocolWorkbook } from './protocol-xlsx.js';
import { castCounts, gradeCounts } from './tally-counts.js';
import { readTurnout } from './turnout.js';
import { surveyComments, surveyCounts } from './survey-counts.js';
import { satisfactionCoverage, satisfactionResult } from '../../../domain/satisfaction.js';

type MeetingRow = typeof reviewMeetings.$inferSelect;

const meetingNotFound = () => notFound('述职评议会不存在或无权查看');
const codeUnknown = () => new AppError(404, 'BALLOT_CODE_UNKNOWN', '测评码无效，请核对后重新输入');
const codeUsed = () => conflict('BALLOT_CODE_USED', '此测评码已使用');
const codeUsedFor = (name: string) => conflict('BALLOT_CODE_USED', `此测评码已对“${name}”投过票`);
const votingStarted = () =>
  conflict('MEETING_VOTING_STARTED', '测评已开始，评议会的测评项目、评议人类别和述职顺序不能再修改');

/** The choices a meeting's ballots are on, best first: its cells store their positions, 1-based. */
const scaleOf = (meeting: { kind: string }): readonly string[] =>
  ballotScales[meeting.kind as MeetingKind].choices;

/** Why a code cannot vote now, or null: formal codes while voting is open, rehearsal codes until it closes. */
function votingRefusal(voting: VotingState, rehearsal: boolean): AppError | null {
  if (voting === 'closed') return conflict('VOTING_CLOSED', '本次测评已结束，不能再投票');
  if (voting === 'notOpened' && !rehearsal)
    return conflict('VOTING_NOT_OPEN', '测评尚未开始，请等待主持人宣布开始投票');
  return null;
}

const meetingSnapshot = (row: MeetingRow) => ({
  kind: row.kind,
  name: row.name,
  heldOn: row.heldOn,
  venue: row.venue,
  items: row.items,
  categories: row.categories,
  rules: row.rules,
  voting: row.voting,
});

export interface MeetingServiceDeps {
  db: Db;
  /**
   * Told after each commit that changed a meeting's turnout or voting state, outside the transaction:
   * the live tally's events, which must never fail or slow the write.
   */
  turnoutChanged?: (meetingId: number) => void;
}

/**
 * The meeting with its cycle's running org path and status, when the actor's scope covers that org;
 * else 404. Shared with the leader reviews and the paper ballots, which belong to a meeting the same way.
 */
export async function visibleMeeting(dbOrTx: Db, actor: Actor, id: number, lock?: 'update' | 'share') {
  const query = dbOrTx
    .select({ meeting: reviewMeetings, orgPath: orgs.path, cycleStatus: cycles.status })
    .from(reviewMeetings)
    .innerJoin(cycles, eq(cycles.id, reviewMeetings.cycleId))
    .innerJoin(orgs, eq(orgs.id, cycles.orgId))
    .where(and(eq(reviewMeetings.id, id), withinScope(actor.scope, orgs.path)));
  const [row] = await (lock ? query.for(lock, { of: reviewMeetings }) : query);
  if (!row) throw meetingNotFound();
  return row;
}

/**
 * A phone ballot or paper sheet grades every reporter given on every item on the meeting's scale
 * (`ballotProblems`), else 400.
 */
export function assertCompleteBallot(
  meeting: Pick<MeetingRow, 'items' | 'rules'> & { kind: string },
  reporters: readonly { orgId: number; orgName: string }[],
  choices: AnyBallotChoices,
) {
  const problems = ballotProblems(
    {
      reporters: reporters.map((r) => ({ orgId: r.orgId, name: r.orgName })),
      items: meeting.items,
      allowAbstain: meeting.rules.allowAbstain,
      kind: meeting.kind as MeetingKind,
    },
    choices,
  );
  if (problems.length > 0)
    throw badRequest(
      'BALLOT_INCOMPLETE',
      problems[0]!,
      problems.map((message) => ({ field: 'choices', message })),
    );
}

/** A meeting's reporters in the order they report. */
export async function reportersOf(dbOrTx: Db, meetingId: number) {
  return dbOrTx
    .select({
      orgId: meetingReporters.orgId,
      orgName: orgs.name,
      position: meetingReporters.position,
      mode: meetingReporters.mode,
      voting: meetingReporters.voting,
    })
    .from(meetingReporters)
    .innerJoin(orgs, eq(orgs.id, meetingReporters.orgId))
    .where(eq(meetingReporters.meetingId, meetingId))
    .orderBy(asc(meetingReporters.position));
}

export function createMeetingService(deps: MeetingServiceDeps) {
  const { db, turnoutChanged = () => {} } = deps;

  const hasBallots = async (dbOrTx: Db, meetingId: number) =>
    (await dbOrTx.select({ id: ballots.id }).from(ballots).where(eq(ballots.meetingId, meetingId)).limit(1))
      .length > 0;

  async function toMeeting(dbOrTx: Db, row: MeetingRow): Promise<Meeting> {
    const reporters = await reportersOf(dbOrTx, row.id);
    return {
      ...summary(row, await hasBallots(dbOrTx, row.id)),
      reporters: reporters.map((r) => ({
        ...r,
        mode: r.mode as Meeting['reporters'][number]['mode'],
        voting: r.voting as VotingState,
      })),
    };
  }

  const summary = (row: MeetingRow, anyBallot: boolean): Omit<Meeting, 'reporters'> => ({
    id: row.id,
    cycleId: row.cycleId,
    kind: row.kind as MeetingKind,
    name: row.name,
    heldOn: row.heldOn,
    venue: row.venue,
    items: row.items,
    categories: row.categories,
    rules: row.rules,
    voting: row.voting as VotingState,
    hasBallots: anyBallot,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  });

  /** A write to a meeting: the organizer's, the row locked for the transaction. */
  async function writableMeeting(tx: Db, actor: Actor, id: number) {
    return visibleMeeting(tx, actor, id, 'update');
  }

  /** A survey's codes are for one of its rated orgs (required); a 述职评议会's for none. */
  async function codesOrg(tx: Db, meeting: MeetingRow, orgId: number | undefined) {
    if (meeting.kind !== 'satisfaction') {
      if (orgId === undefined) return null;
      throw badRequest('MEETING_INVALID', '述职评议会的测评码不按组织生成', [
        { field: 'orgId', message: '述职评议会的测评码不按组织生成' },
      ]);
    }
    const rated =
      orgId === undefined ? undefined : (await reportersOf(tx, meeting.id)).find((r) => r.orgId === orgId);
    if (!rated)
      throw badRequest('MEETING_INVALID', '请选择本次满意度测评的一个测评对象，为其生成测评码', [
        { field: 'orgId', message: '不是本次满意度测评的测评对象' },
      ]);
    return { id: rated.orgId, name: rated.orgName };
  }

  function assertDistinctKeys(list: { key: string }[], what: string, field: string) {
    const seen = new Set<string>();
    for (const { key } of list) {
      if (seen.has(key))
        throw badRequest('MEETING_INVALID', `${what}的编号“${key}”重复`, [
          { field, message: `${what}的编号“${key}”重复` },
        ]);
      seen.add(key);
    }
  }

  /** 逐人投票: the first reporter whose turnout voids their vote, named, or null. */
  async function perReporterProblem(meetingId: number, reporters: { orgId: number; orgName: string }[]) {
    const { issued, byOrg } = await castCounts(db, meetingId, true);
    if (issued === 0) return null;
    for (const r of reporters) {
      const problem = turnoutProblem({ issued, cast: byOrg.get(r.orgId) ?? 0 });
      if (problem) return `${r.orgName}：${problem}`;
    }
    return null;
  }

  /** Lays out again the cells of the meeting's ballots (rehearsal ones: no other exists before voting opens). */
  async function relayBallots(tx: Db, meeting: MeetingRow, layout: GradeLayout) {
    const rows = await tx
      .select({ id: ballots.id, choices: ballots.choices })
      .from(ballots)
      .where(eq(ballots.meetingId, meeting.id));
    for (const row of rows) {
      const cells = ballotGrades(layout, row.choices, scaleOf(meeting));
      await tx
        .update(ballots)
        .set({ grades: cells.grades, gradesFrom: cells.from })
        .where(eq(ballots.id, row.id));
    }
  }

  /** 已投/应发 per category, rehearsal codes apart; no choice is read. */
  async function turnout(actor: Actor, id: number): Promise<Turnout> {
    const { meeting } = await visibleMeeting(db, actor, id);
    return readTurnout(db, meeting);
  }

  /** Rehearsal codes grade every reporter on one ballot, whatever the mode: the rehearsal runs before voting opens. */
  const votesPerReporter = (meeting: Pick<MeetingRow, 'rules'>, rehearsal: boolean) =>
    meeting.rules.votingMode === 'perReporter' && !rehearsal;

  /** 逐人投票: the reporter open now, unless this code already voted for them. */
  async function openToCode<R extends { orgId: number; voting: string }>(reporters: R[], codeId: number) {
    const open = reporters.filter((r) => r.voting === 'open');
    if (open.length === 0) return [];
    const [use] = await db
      .select({ orgId: ballotCodeUses.orgId })
      .from(ballotCodeUses)
      .where(and(eq(ballotCodeUses.codeId, codeId), eq(ballotCodeUses.orgId, open[0]!.orgId)));
    return use ? [] : open;
  }

  const votingStatus = (
    meeting: Pick<MeetingRow, 'rules' | 'voting'>,
    reporters: { orgId: number; orgName: string; voting: string }[],
  ): VotingStatus => ({
    mode: meeting.rules.votingMode,
    voting: meeting.voting as VotingState,
    reporters: reporters.map((r) => ({ orgId: r.orgId, name: r.orgName, voting: r.voting as VotingState })),
  });

  /**
   * The code with its meeting and the meeting's reporters, read in one statement — the code row
   * locked for the transaction, the meeting row held shared (ballots run side by side, and closing
   * the vote, an update of that row, waits for them) — or null for an unknown code.
   */
  async function castTarget(tx: Db, code: string) {
    const [row] = await queryRows<{
      code_id: number;
      category: string;
      org_id: number | null;
      rehearsal: boolean;
      used: boolean;
      submission_digest: string | null;
      meeting_id: number;
      kind: string;
      voting: string;
      items: MeetingRow['items'];
      rules: MeetingRow['rules'];
      reporters: { orgId: number; orgName: string; position: number; voting: string }[];
    }>(
      tx,
      sql`select c.id as code_id, c.category, c.org_id, c.rehearsal, c.used, c.submission_digest,
                 m.id as meeting_id, m.kind, m.voting, m.items, m.rules,
                 (select coalesce(json_agg(json_build_object('orgId', r.org_id, 'orgName', o.name, 'position', r.position, 'voting', r.voting)
                                           order by r.position), '[]'::json)
                    from ${meetingReporters} r join ${orgs} o on o.id = r.org_id
                   where r.meeting_id = m.id) as reporters
            from ${ballotCodes} c join ${reviewMeetings} m on m.id = c.meeting_id
           where c.code = ${code}
             for update of c for share of m`,
    );
    if (!row) return null;
    return {
      codeId: row.code_id,
      category: row.category,
      orgId: row.org_id,
      rehearsal: row.rehearsal,
      used: row.used,
      submissionDigest: row.submission_digest,
      meeting: { id: row.meeting_id, kind: row.kind, voting: row.voting, items: row.items, rules: row.rules },
      reporters: row.reporters,
    };
  }

  /** The meeting whose vote has closed, as its tally and protocol need; 409 before. */
  async function closedMeeting(actor: Actor, id: number) {
    const { meeting } = await visibleMeeting(db, actor, id);
    if (meeting.voting !== 'closed') throw conflict('VOTING_NOT_CLOSED', '测评结束后才能查看计票结果');
    return meeting;
  }

  /**
   * 计票结果 of a closed meeting: per reporter and item, each grade counted per tally group. In
   * 统一投票 the validity comes from `codes` (the turnout) when the caller has read it already.
   */
  async function tallyOf(meeting: MeetingRow, codes?: Turnout): Promise<Tally> {
    if (meeting.kind === 'satisfaction') return surveyTally(meeting);
    const id = meeting.id;
    const counts = await queryRows<{ category: string; n: number }>(
      db,
      sql`select category, count(*)::int as n from ${ballots}
          where meeting_id = ${id} and not rehearsal group by category`,
    );
    const reporters = await reportersOf(db, id);
    const rows = await gradeCounts(db, meeting, { reporters });
    const groupOf = tallyGroups(smallestPerCategory(rows, meeting.items[0]!.key));
    const label = (key: string) =>
      key === mergedCategory.key
        ? mergedCategory.label
        : (meeting.categories.find((c) => c.key === key)?.label ?? key);
    const groupBallots = new Map<string, number>();
    for (const c of counts)
      groupBallots.set(groupOf[c.category]!, (groupBallots.get(groupOf[c.category]!) ?? 0) + c.n);
    // Grouped once by reporter and item: scanning all rows per cell is quadratic, seconds at 300 reporters.
    const rowsOf = new Map<string, GradeCount[]>();
    for (const row of rows) {
      const cell = `${row.orgId} ${row.item}`;
      rowsOf.set(cell, [...(rowsOf.get(cell) ?? []), row]);
    }
    const empty = () => ({ excellent: 0, good: 0, fair: 0, poor: 0, abstain: 0 });
    const problem =
      meeting.rules.votingMode === 'perReporter'
        ? await perReporterProblem(id, reporters)
        : (codes ?? (await readTurnout(db, meeting))).problem;
    return {
      groups: [...groupBallots].map(([key, ballotsIn]) => ({ key, label: label(key), ballots: ballotsIn })),
      reporters: reporters.map((r) => ({
        orgId: r.orgId,
        orgName: r.orgName,
        items: meeting.items.map((item) => {
          const byGroup: Record<string, ReturnType<typeof empty>> = {};
          for (const key of groupBallots.keys()) byGroup[key] = empty();
          for (const row of rowsOf.get(`${r.orgId} ${item.key}`) ?? []) {
            const counts = byGroup[groupOf[row.category]!]!;
            if (row.grade) counts[row.grade] += row.n;
            else counts.abstain += row.n;
          }
          return { key: item.key, label: item.label, byGroup };
        }),
      })),
      problem,
      surveyed: [],
    };
  }

  /**
   * 满意度测评's tally: per rated org the counts of each question, the shares and 满意率 of the
   * first (domain/satisfaction.ts; withheld below the meeting's minimum ballots or when the org's
   * turnout voids it) and the comments.
   */
  async function surveyTally(meeting: MeetingRow): Promise<Tally> {
    const reporters = await reportersOf(db, meeting.id);
    const counted = await surveyCounts(db, meeting);
    const comments = await surveyComments(db, meeting);
    const counts = await queryRows<{ category: string; n: number }>(
      db,
      sql`select category, count(*)::int as n from ${ballots}
          where meeting_id = ${meeting.id} and not rehearsal group by category`,
    );
    const labelOf = (key: string) => meeting.categories.find((c) => c.key === key)?.label ?? key;
    const first = meeting.items[0]!.key;
    return {
      // Ballots per category, but only as one group: a survey's result is not broken down by category.
      groups: counts.length
        ? [
            {
              key: 'all',
              label: counts.map((c) => labelOf(c.category)).join('、'),
              ballots: counts.reduce((sum, c) => sum + c.n, 0),
            },
          ]
        : [],
      reporters: [],
      problem: null,
      surveyed: reporters.map((r) => {
        const org = counted.get(r.orgId)!;
        const result = satisfactionResult(org.items[first]!, meeting.rules.minBallots);
        return {
          orgId: r.orgId,
          orgName: r.orgName,
          issued: org.issued,
          ballots: result.ballots,
          items: meeting.items.map((i) => ({ key: i.key, label: i.label, counts: org.items[i.key]! })),
          shares: result.shares,
          value: org.problem ? null : result.value,
          problem: org.problem,
          comments: comments.get(r.orgId) ?? [],
        };
      }),
    };
  }

  return {
    async list(actor: Actor, cycleId: number): Promise<MeetingList> {
      const rows = await db
        .select({
          meeting: reviewMeetings,
          anyBallot: sql<boolean>`exists (select 1 from ${ballots} where ${ballots.meetingId} = ${reviewMeetings.id})`,
        })
        .from(reviewMeetings)
        .innerJoin(cycles, eq(cycles.id, reviewMeetings.cycleId))
        .innerJoin(orgs, eq(orgs.id, cycles.orgId))
        .where(and(eq(reviewMeetings.cycleId, cycleId), withinScope(actor.scope, orgs.path)))
        .orderBy(asc(reviewMeetings.heldOn), asc(reviewMeetings.id));
      return { items: rows.map((r) => summary(r.meeting, r.anyBallot)) };
    },

    async get(actor: Actor, id: number): Promise<Meeting> {
      const { meeting } = await visibleMeeting(db, actor, id);
      return toMeeting(db, meeting);
    },

    async create(actor: Actor, input: CreateMeetingInput): Promise<Meeting> {
      return db.transaction(async (tx) => {
        const cycle = await writableCycle(tx, actor, input.cycleId);
        const survey = input.kind === 'satisfaction';
        const [row] = await tx
          .insert(reviewMeetings)
          .values({
            cycleId: cycle.id,
            kind: input.kind ?? 'appraisal',
            name: input.name,
            heldOn: input.heldOn,
            venue: input.venue ?? '',
            items: [...(survey ? defaultSurveyItems : defaultBallotItems)],
            categories: [...(survey ? defaultSurveyCategories : defaultPanelistCategories)],
            rules: defaultMeetingRules,
          })
          .returning();
        // The cycle's reporting set in tree order (as the reports list shows it), all on stage; a
        // survey rates the villages among them (all of them when none is a village).
        const inSet = await tx
          .select({ orgId: cycleReporters.orgId, domain: orgs.domain })
          .from(cycleReporters)
          .innerJoin(orgs, eq(orgs.id, cycleReporters.orgId))
          .where(eq(cycleReporters.cycleId, cycle.id))
          .orderBy(sql`nlevel(${orgs.path})`, asc(orgs.parentId), asc(orgs.sortOrder), asc(orgs.id));
        const villages = inSet.filter((r) => r.domain === 'village');
        const reporters = survey && villages.length > 0 ? villages : inSet;
        if (reporters.length > 0)
          await tx
            .insert(meetingReporters)
            .values(reporters.map((r, i) => ({ meetingId: row!.id, orgId: r.orgId, position: i + 1 })));
        await recordAudit(tx, actor, {
          action: 'create',
          entityType: 'reviewMeeting',
          entityId: row!.id,
          orgPath: cycle.orgPath,
          after: { cycleId: cycle.id, ...meetingSnapshot(row!), reporters: reporters.map((r) => r.orgId) },
        });
        return toMeeting(tx, row!);
      });
    },

    async update(actor: Actor, id: number, input: UpdateMeetingInput): Promise<Meeting> {
      return db.transaction(async (tx) => {
        const { meeting, orgPath } = await writableMeeting(tx, actor, id);
        if (meeting.voting !== 'notOpened') throw votingStarted();
        if (meeting.kind === 'satisfaction' && input.rules.votingMode === 'perReporter')
          throw badRequest('MEETING_INVALID', '满意度测评只能统一投票', [
            { field: 'rules.votingMode', message: '满意度测评只能统一投票' },
          ]);
        // Every question of a survey is answered: its 满意率 counts every ballot on the first one.
        if (meeting.kind === 'satisfaction' && input.rules.allowAbstain)
          throw badRequest('MEETING_INVALID', '满意度测评每题必选，不能允许弃权', [
            { field: 'rules.allowAbstain', message: '满意度测评每题必选，不能允许弃权' },
          ]);
        assertDistinctKeys(input.items, '测评项目', 'items');
        assertDistinctKeys(input.categories, '评议人类别', 'categories');
        const inSet = new Set(
          (
            await tx
              .select({ orgId: cycleReporters.orgId })
              .from(cycleReporters)
              .where(eq(cycleReporters.cycleId, meeting.cycleId))
          ).map((r) => r.orgId),
        );
        const seen = new Set<number>();
        for (const r of input.reporters) {
          if (!inSet.has(r.orgId) || seen.has(r.orgId))
            throw badRequest('MEETING_INVALID', '述职顺序中有重复的组织或不在本周期述职范围内的组织', [
              { field: 'reporters', message: `组织编号 ${r.orgId} 重复或不在述职范围内` },
            ]);
          seen.add(r.orgId);
        }
        const keys = new Set(input.categories.map((c) => c.key));
        const [orphan] = await tx
          .select({ category: ballotCodes.category })
          .from(ballotCodes)
          .where(and(eq(ballotCodes.meetingId, id), notInArray(ballotCodes.category, [...keys])))
          .limit(1);
        if (orphan)
          throw conflict(
            'MEETING_CATEGORY_HAS_CODES',
            `评议人类别“${orphan.category}”已生成测评码，不能删除`,
          );
        const [orphanOrg] = await tx
          .select({ name: orgs.name })
          .from(ballotCodes)
          .innerJoin(orgs, eq(orgs.id, ballotCodes.orgId))
          .where(
            and(
              eq(ballotCodes.meetingId, id),
              notInArray(
                ballotCodes.orgId,
                input.reporters.map((r) => r.orgId),
              ),
            ),
          )
          .limit(1);
        if (orphanOrg)
          throw conflict('MEETING_ORG_HAS_CODES', `“${orphanOrg.name}”已生成测评码，不能从测评对象中移除`);
        const [row] = await tx
          .update(reviewMeetings)
          .set({
            name: input.name,
            heldOn: input.heldOn,
            venue: input.venue,
            items: input.items,
            categories: input.categories,
            rules: { ...defaultMeetingRules, ...input.rules },
            updatedAt: sql`now()`,
          })
          .where(eq(reviewMeetings.id, id))
          .returning();
        const before = await reportersOf(tx, id);
        await tx.delete(meetingReporters).where(eq(meetingReporters.meetingId, id));
        await tx
          .insert(meetingReporters)
          .values(
            input.reporters.map((r, i) => ({ meetingId: id, orgId: r.orgId, position: i + 1, mode: r.mode })),
          );
        await relayBallots(tx, meeting, {
          reporters: input.reporters.map((r, i) => ({ orgId: r.orgId, position: i + 1 })),
          items: input.items,
        });
        await recordAudit(tx, actor, {
          action: 'update',
          entityType: 'reviewMeeting',
          entityId: id,
          orgPath,
          before: {
            ...meetingSnapshot(meeting),
            reporters: before.map((r) => ({ orgId: r.orgId, mode: r.mode })),
          },
          after: { ...meetingSnapshot(row!), reporters: input.reporters },
        });
        return toMeeting(tx, row!);
      });
    },

    async remove(actor: Actor, id: number): Promise<void> {
      await db.transaction(async (tx) => {
        const { meeting, orgPath } = await writableMeeting(tx, actor, id);
        if (await hasBallots(tx, id))
          throw conflict('MEETING_HAS_BALLOTS', '评议会已有测评票，不能删除（模拟测评票可先清除）');
        await tx.delete(reviewMeetings).where(eq(reviewMeetings.id, id));
        await recordAudit(tx, actor, {
          action: 'delete',
          entityType: 'reviewMeeting',
          entityId: id,
          orgPath,
          before: meetingSnapshot(meeting),
        });
      });
    },

    async createCodes(actor: Actor, id: number, input: CreateCodesInput): Promise<BallotCodeList> {
      const result = await db.transaction(async (tx) => {
        const { meeting, orgPath } = await writableMeeting(tx, actor, id);
        if (meeting.voting === 'closed') throw conflict('VOTING_CLOSED', '本次测评已结束，不能再生成测评码');
        if (!meeting.categories.some((c) => c.key === input.category))
          throw badRequest('MEETING_CATEGORY_UNKNOWN', `评议会没有评议人类别“${input.category}”`, [
            { field: 'category', message: '评议人类别不存在' },
          ]);
        const orgId = await codesOrg(tx, meeting, input.orgId);
        const [{ last }] = (await queryRows<{ last: number }>(
          tx,
          sql`select coalesce(max(serial), 0)::int as last from ${ballotCodes} where meeting_id = ${id}`,
        )) as [{ last: number }];
        const rehearsal = input.rehearsal ?? false;
        const rows = Array.from({ length: input.count }, (_, i) => ({
          meetingId: id,
          category: input.category,
          serial: last + i + 1,
          code: ballotCodeFromBytes(randomBytes(ballotCodeLength)),
          rehearsal,
          orgId: orgId?.id ?? null,
        }));
        await tx.insert(ballotCodes).values(rows);
        // The batch, never the codes: the audit log is read more widely than the print sheet.
        await recordAudit(tx, actor, {
          action: 'create',
          entityType: 'ballotCode',
          entityId: id,
          orgPath,
          after: {
            category: input.category,
            count: input.count,
            rehearsal,
            orgId: orgId?.id ?? null,
            serials: [last + 1, last + input.count],
          },
        });
        return {
          items: rows.map((r) => ({
            serial: r.serial,
            category: r.category,
            code: formatBallotCode(r.code),
            rehearsal,
            used: false,
            orgId: orgId?.id ?? null,
            orgName: orgId?.name ?? null,
          })),
        };
      });
      turnoutChanged(id);
      return result;
    },

    async listCodes(actor: Actor, id: number): Promise<BallotCodeList> {
      await visibleMeeting(db, actor, id);
      const rows = await db
        .select({
          serial: ballotCodes.serial,
          category: ballotCodes.category,
          code: ballotCodes.code,
          rehearsal: ballotCodes.rehearsal,
          used: sql<boolean>`${ballotCodes.used} or exists (select 1 from ${ballotCodeUses} u where u.code_id = ${ballotCodes.id})`,
          orgId: ballotCodes.orgId,
          orgName: orgs.name,
        })
        .from(ballotCodes)
        .leftJoin(orgs, eq(orgs.id, ballotCodes.orgId))
        .where(eq(ballotCodes.meetingId, id))
        .orderBy(asc(ballotCodes.serial));
      return {
        items: rows.map((r) => ({
          serial: r.serial,
          category: r.category,
          code: formatBallotCode(r.code),
          rehearsal: r.rehearsal,
          used: r.used,
          orgId: r.orgId,
          orgName: r.orgName,
        })),
      };
    },

    async setVoting(actor: Actor, id: number, input: VotingInput): Promise<Meeting> {
      const result = await db.transaction(async (tx) => {
        const { meeting, orgPath } = await writableMeeting(tx, actor, id);
        const reporters = await reportersOf(tx, id);
        if (input.action === 'open' && reporters.length === 0)
          throw conflict('MEETING_NO_REPORTERS', '评议会没有述职组织，不能开始测评');
        const change = votingChange(votingStatus(meeting, reporters), input);
        if (typeof change === 'string') throw conflict('VOTING_STATE', change);
        const pending = change.voting === 'closed' ? await pendingPaperSheets(tx, id) : 0;
        if (pending > 0)
          throw conflict(
            'PAPER_BALLOTS_PENDING',
            `还有 ${pending} 张纸质票的录入未计入，请先计入两次录入一致的纸质票，或放弃未计入的录入，再结束投票`,
          );
        // The row lock taken above waits for ballots in flight (they hold it shared): once closed, none follows.
        const [row] = await tx
          .update(reviewMeetings)
          .set({ voting: change.voting, updatedAt: sql`now()` })
          .where(eq(reviewMeetings.id, id))
          .returning();
        for (const r of change.reporters)
          await tx
            .update(meetingReporters)
            .set({ voting: r.voting })
            .where(and(eq(meetingReporters.meetingId, id), eq(meetingReporters.orgId, r.orgId)));
        const [{ cast }] = (await queryRows<{ cast: number }>(
          tx,
          sql`select count(*)::int as cast from ${ballots} where meeting_id = ${id} and not rehearsal`,
        )) as [{ cast: number }];
        await recordAudit(tx, actor, {
          action: 'update',
          entityType: 'reviewMeeting',
          entityId: id,
          orgPath,
          before: { voting: meeting.voting },
          after: { voting: change.voting, reporters: change.reporters, ballots: cast },
        });
        return toMeeting(tx, row!);
      });
      turnoutChanged(id);
      return result;
    },

    turnout,

    /**
     * 满意度测评覆盖: for the cycle's year, every village under the cycle's running org and in the
     * actor's scope (an org of domain 农村 whose parent is not one: the village, not its branches),
     * not dissolved before the year began, with the cycle's closed surveys rating it per half-year. A
     * survey counts for a village only if the village's meeting used at least one of its formal
     * codes: a survey lists every village of the cycle, and one held in a single village's 村民代表大会
     * must not mark the others as surveyed.
     */
    async coverage(actor: Actor, cycleId: number): Promise<SatisfactionCoverage> {
      const { cycle, orgPath } = await visibleCycle(db, actor, cycleId);
      const villages = await queryRows<{ org_id: number; org_name: string }>(
        db,
        sql`select o.id as org_id, o.name as org_name from ${orgs} o
              left join ${orgs} p on p.id = o.parent_id
             where o.domain = 'village' and p.domain is distinct from 'village'
               and o.path <@ ${orgPath}::ltree and ${withinScope(actor.scope, sql`o.path`)}
               and (o.dissolved_on is null or o.dissolved_on >= ${`${cycle.year}-01-01`}::date)
             order by o.path`,
      );
      const surveys = await queryRows<{ id: number; name: string; held_on: string; org_ids: number[] }>(
        db,
        sql`select m.id, m.name, m.held_on::text as held_on,
                   array(select distinct c.org_id from ${ballotCodes} c
                          where c.meeting_id = m.id and c.used and not c.rehearsal) as org_ids
              from ${reviewMeetings} m
             where m.cycle_id = ${cycleId} and m.kind = 'satisfaction' and m.voting = 'closed'
             order by m.held_on, m.id`,
      );
      return {
        year: cycle.year,
        ...satisfactionCoverage(
          cycle.year,
          villages.map((v) => ({ orgId: v.org_id, orgName: v.org_name })),
          surveys.map((m) => ({ id: m.id, name: m.name, heldOn: m.held_on, orgIds: m.org_ids })),
        ),
      };
    },

    tally: async (actor: Actor, id: number) => tallyOf(await closedMeeting(actor, id)),

    /** The 计票结果 protocol as an xlsx: after closing only, as the tally. */
    async protocol(actor: Actor, id: number) {
      const meeting = await closedMeeting(actor, id);
      // The protocol lays out a 述职评议会's grades per reporter; a survey's result page prints itself.
      if (meeting.kind === 'satisfaction')
        throw conflict('PROTOCOL_NOT_FOR_SURVEY', '满意度测评没有计票表文件，请在测评结果页打印');
      const codes = await readTurnout(db, meeting);
      const counted = await tallyOf(meeting, codes);
      const facts = {
        name: meeting.name,
        heldOn: meeting.heldOn,
        venue: meeting.venue,
        votingMode: meeting.rules.votingMode,
        categories: codes.categories,
        ballots: counted.groups.reduce((sum, g) => sum + g.ballots, 0),
        problem: counted.problem,
      };
      return { fileName: `${meeting.name}计票结果.xlsx`, body: await protocolWorkbook(facts, counted) };
    },

    async clearRehearsal(actor: Actor, id: number): Promise<void> {
      await db.transaction(async (tx) => {
        const { orgPath } = await writableMeeting(tx, actor, id);
        const cleared = await tx
          .delete(ballots)
          .where(and(eq(ballots.meetingId, id), eq(ballots.rehearsal, true)))
          .returning({ id: ballots.id });
        const codes = await tx
          .delete(ballotCodes)
          .where(and(eq(ballotCodes.meetingId, id), eq(ballotCodes.rehearsal, true)))
          .returning({ id: ballotCodes.id });
        await recordAudit(tx, actor, {
          action: 'delete',
          entityType: 'reviewMeeting',
          entityId: id,
          orgPath,
          before: { rehearsalBallots: cleared.length, rehearsalCodes: codes.length },
        });
      });
      turnoutChanged(id);
    },

    // ---- the public ballot page -------------------------------------------------------------------

    async ballotForm(codeText: string): Promise<BallotForm> {
      const code = parseBallotCode(codeText);
      if (!code) throw codeUnknown();
      const [row] = await db
        .select({ code: ballotCodes, meeting: reviewMeetings })
        .from(ballotCodes)
        .innerJoin(reviewMeetings, eq(reviewMeetings.id, ballotCodes.meetingId))
        .where(eq(ballotCodes.code, code));
      if (!row) throw codeUnknown();
      if (row.code.used) throw codeUsed();
      const refusal = votingRefusal(row.meeting.voting as VotingState, row.code.rehearsal);
      if (refusal) throw refusal;
      const all = await reportersOf(db, row.meeting.id);
      const perReporter = votesPerReporter(row.meeting, row.code.rehearsal);
      const reporters = perReporter
        ? await openToCode(all, row.code.id)
        : all.filter((r) => row.code.orgId === null || r.orgId === row.code.orgId);
      return {
        meetingName: row.meeting.name,
        kind: row.meeting.kind as MeetingKind,
        heldOn: row.meeting.heldOn,
        category: row.meeting.categories.find((c) => c.key === row.code.category)?.label ?? row.code.category,
        rehearsal: row.code.rehearsal,
        allowAbstain: row.meeting.rules.allowAbstain,
        votingMode: perReporter ? 'perReporter' : 'allAtOnce',
        items: row.meeting.items,
        reporters: reporters.map((r) => ({
          orgId: r.orgId,
          name: r.orgName,
          position: r.position,
          mode: r.mode as BallotForm['reporters'][number]['mode'],
        })),
      };
    },

    /**
     * Consumes the code and stores the ballot in one transaction: the code row is locked, so of
     * simultaneous submissions with one code exactly one stores a ballot; a retry of that same
     * submission (same submission id) gets its receipt again.
     */
    async cast(codeText: string, input: CastBallotInput): Promise<BallotReceipt> {
      const code = parseBallotCode(codeText);
      if (!code) throw codeUnknown();
      const receipt = receiptFor(code, input.submissionId);
      const digest = submissionDigest(code, input.submissionId);
      const { meetingId } = await db.transaction(async (tx) => {
        const target = await castTarget(tx, code);
        if (!target) throw codeUnknown();
        const { codeId, meeting, reporters: all } = target;
        if (target.used) {
          if (target.submissionDigest === digest) return { meetingId: meeting.id };
          throw codeUsed();
        }
        const perReporter = votesPerReporter(meeting, target.rehearsal);
        const orgIds = Object.keys(input.choices);
        if (perReporter) {
          const graded = all.filter((r) => orgIds.includes(String(r.orgId)));
          const [earlier] =
            graded.length === 0
              ? []
              : await tx
                  .select()
                  .from(ballotCodeUses)
                  .where(
                    and(
                      eq(ballotCodeUses.codeId, codeId),
                      inArray(
                        ballotCodeUses.orgId,
                        graded.map((r) => r.orgId),
                      ),
                    ),
                  )
                  .limit(1);
          if (earlier?.submissionDigest === digest) return { meetingId: meeting.id };
          if (earlier) throw codeUsedFor(graded.find((r) => r.orgId === earlier.orgId)!.orgName);
        }
        const refusal = votingRefusal(meeting.voting as VotingState, target.rehearsal);
        if (refusal) throw refusal;
        let reporters = all;
        if (perReporter) {
          const stale = perReporterRefusal(votingStatus(meeting, all), orgIds);
          if (stale) throw conflict(stale.code, stale.message);
          reporters = all.filter((r) => r.voting === 'open');
          // One submission id is one ballot: reused for the next reporter it would repeat the receipt.
          const [reused] = await tx
            .select({ orgId: ballotCodeUses.orgId })
            .from(ballotCodeUses)
            .where(and(eq(ballotCodeUses.codeId, codeId), eq(ballotCodeUses.submissionDigest, digest)))
            .limit(1);
          if (reused)
            throw conflict('BALLOT_SUBMISSION_REUSED', '此次提交已用于另一位述职人，请刷新页面后重新投票');
        }
        // A survey's code rates its own org and no other.
        if (target.orgId !== null) reporters = all.filter((r) => r.orgId === target.orgId);
        assertCompleteBallot(meeting, reporters, input.choices);
        const comment = input.comment?.trim() || null;
        if (comment && meeting.kind !== 'satisfaction')
          throw badRequest('BALLOT_INCOMPLETE', '述职评议会的测评票不收意见建议', [
            { field: 'comment', message: '述职评议会的测评票不收意见建议' },
          ]);
        // The ballot and the code's use in one statement: a round trip less on every ballot of a burst.
        const use = perReporter
          ? sql`insert into ${ballotCodeUses} (code_id, org_id, submission_digest)
                values (${codeId}, ${reporters[0]!.orgId}, ${digest})`
          : sql`update ${ballotCodes} set used = true, submission_digest = ${digest} where id = ${codeId}`;
        const cells = ballotGrades({ reporters: all, items: meeting.items }, input.choices, scaleOf(meeting));
        await tx.execute(sql`with used as (${use})
          insert into ${ballots} (meeting_id, category, rehearsal, choices, grades, grades_from, receipt_hash, comment)
          values (${meeting.id}, ${target.category}, ${target.rehearsal}, ${JSON.stringify(input.choices)}::jsonb,
                  ${`{${cells.grades.join(',')}}`}::smallint[], ${cells.from}, ${receiptHash(receipt)}, ${comment})`);
        return { meetingId: meeting.id };
      });
      turnoutChanged(meetingId);
      return { receipt };
    },

    async receiptCounted(receipt: string): Promise<boolean> {
      const [hit] = await db
        .select({ id: ballots.id })
        .from(ballots)
        .where(eq(ballots.receiptHash, receiptHash(normalizeReceipt(receipt))))
        .limit(1);
      return hit !== undefined;
    },
  };
}

export type MeetingService = ReturnType<typeof createMeetingService>;
