import {
  and,
  asc,
  count,
  desc,
  eq,
  inArray,
  isNotNull,
  isNull,
  lt,
  max,
  ne,
  or,
  sql,
  type SQL,
} from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { can, type Role } from '../../../domain/access.js';
import { mustWork, reminderText } from '../../../domain/rectification/chasing.js';
import {
  applyAction,
  daysOverdue,
  editProblem,
  extensionProblem,
  mergeProblem,
  statusRefusal,
  type ProblemAction,
  type ProblemEventKind,
  type ProblemStatus,
  type WorkflowFailure,
} from '../../../domain/rectification/workflow.js';
import type { Db } from '../../../db/client.js';
import {
  ledgerRecords,
  members,
  notifications,
  orgs,
  problemEvents,
  problemMeasures,
  problems,
  users,
} from '../../../db/schema/index.js';
import type { LedgerKind } from '../../../domain/ledger.js';
import type {
  CreateProblemBatchInput,
  CreateProblemInput,
  ExtendInput,
  Measure,
  MeasureInput,
  OverduePage,
  OverdueQuery,
  Problem,
  ProblemBatchResult,
  ProblemFilters,
  ProblemListQuery,
  ProblemPage,
  ProblemSummary,
  RecheckInput,
  RemindInput,
  RemindResult,
  ResponsibilityList,
  ResponsibilityRow,
  SubmitProblemInput,
  UpdateProblemInput,
} from '../../../contract/rectification.js';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../errors.js';
import { today as dayOf, type Clock } from '../../clock.js';
import type { Actor } from '../../http/actor.js';
import { withinScope } from '../../http/scope-sql.js';
import { recordAudit } from '../audit/record.js';
import { visibleCycle } from '../cycles/service.js';
import type { FileService } from '../files/service.js';

type ProblemRow = typeof problems.$inferSelect;
type MeasureRow = typeof problemMeasures.$inferSelect;

/** 责任清单 rows at most: a town's or a village's list on paper, not a county's. */
const responsibilityLimit = 1000;

const problemNotFound = () => notFound('整改问题不存在或无权查看');
const measureNotFound = () => notFound('整改措施不存在或无权查看');
const eventFiles = (id: number) => ({ type: 'problemEvent', id });

/** The workflow's refusal as the HTTP answer: 409 for the item's state, 400 for input, 403 for who. */
function refuse(failure: WorkflowFailure): AppError {
  if (failure.kind === 'state') return conflict(failure.code, failure.message);
  if (failure.kind === 'actor') return forbidden(failure.code, failure.message);
  return badRequest(failure.code, failure.message);
}

/**
 * The organizer above the problem's org verifies it (closes, rejects, re-checks, extends), as the
 * cycle's organizer accepts reports: `rectification.manage` and the org strictly below their own
 * (an admin anywhere). An org never verifies its own rectification.
 */
export const canManage = (actor: Actor, orgPath: string) =>
  can(actor.role, 'rectification.manage') && (actor.scope.kind === 'all' || actor.orgPath !== orgPath);

/** The owning org's own users work on a problem (start it, submit evidence). */
export const canWork = (actor: Actor, orgPath: string) =>
  can(actor.role, 'rectification.work') && actor.orgPath === orgPath;

/** What an audit entry keeps of a problem. */
const snapshot = (p: ProblemRow) => ({
  cycleId: p.cycleId,
  orgId: p.orgId,
  problemSource: p.source,
  candidateKey: p.candidateKey,
  text: p.text,
  category: p.category,
  severity: p.severity,
  problemStatus: p.status,
  deadline: p.deadline,
  reopenCount: p.reopenCount,
  mergedIntoId: p.mergedIntoId,
});

const measureSnapshot = (m: MeasureRow) => ({
  text: m.text,
  ownerMemberId: m.ownerMemberId,
  ownerUserId: m.ownerUserId,
  ownerName: m.ownerName,
  responsibleOrgId: m.responsibleOrgId,
  deadline: m.deadline,
  milestones: m.milestones,
  doneOn: m.doneOn,
});

/** A batch item's refusal, saying which item (from 0 in `details.index`, from 1 in the message). */
function atItem(error: unknown, index: number): unknown {
  if (!(error instanceof AppError)) return error;
  return new AppError(error.statusCode, error.code, `第 ${index + 1} 项：${error.message}`, {
    index,
    details: error.details ?? null,
  });
}

/** An org the actor reaches, with its path; 404 otherwise. */
export async function orgInScope(dbOrTx: Db, actor: Actor, id: number) {
  const [org] = await dbOrTx
    .select({ id: orgs.id, path: orgs.path, name: orgs.name, parentId: orgs.parentId })
    .from(orgs)
    .where(and(eq(orgs.id, id), withinScope(actor.scope, orgs.path)));
  if (!org) throw notFound('组织不存在或无权查看');
  return org;
}

/** 问题清单 and 任务清单: filing, the workflow, measures, extensions, re-checks and merges. */
export function createRectificationService(deps: {
  db: Db;
  clock: Clock;
  files: Pick<FileService, 'attach' | 'attachedTo'>;
}) {
  const { db, clock, files } = deps;

  /** The problem as the reader sees it (its org in scope), locked when `lock`; 404 otherwise. */
  async function visible(dbOrTx: Db, actor: Actor, id: number, lock = false): Promise<ProblemRow> {
    const query = dbOrTx
      .select()
      .from(problems)
      .where(and(eq(problems.id, id), withinScope(actor.scope, problems.orgPath)));
    const [row] = lock ? await query.for('update') : await query;
    if (!row) throw problemNotFound();
    return row;
  }

  function summary(row: ProblemRow & { orgName: string; measures: number }, today: string): ProblemSummary {
    const days = daysOverdue({ status: row.status as ProblemStatus, deadline: row.deadline }, today);
    return {
      id: row.id,
      cycleId: row.cycleId,
      orgId: row.orgId,
      orgName: row.orgName,
      source: row.source as ProblemSummary['source'],
      candidateKey: row.candidateKey,
      text: row.text,
      category: row.category as ProblemSummary['category'],
      severity: row.severity as ProblemSummary['severity'],
      status: row.status as ProblemStatus,
      deadline: row.deadline,
      reopenCount: row.reopenCount,
      closedOn: row.closedOn,
      measures: row.measures,
      overdue: days > 0,
      daysOverdue: days,
    };
  }

  const measureCount = sql<number>`(select count(*)::int from ${problemMeasures} m where m.problem_id = ${problems.id})`;

  /** What the list's filters pick, within the reader's scope. */
  async function listWhere(actor: Actor, query: ProblemFilters, today: string): Promise<SQL | undefined> {
    const where: (SQL | undefined)[] = [
      withinScope(actor.scope, problems.orgPath),
      // A merged duplicate has left the lists: the kept item stands for it.
      isNull(problems.mergedIntoId),
    ];
    if (query.cycleId !== undefined) where.push(eq(problems.cycleId, query.cycleId));
    if (query.orgId !== undefined) {
      const org = await orgInScope(db, actor, query.orgId);
      where.push(sql`${problems.orgPath} <@ ${org.path}::ltree`);
    }
    if (query.status !== undefined) where.push(eq(problems.status, query.status));
    if (query.source !== undefined) where.push(eq(problems.source, query.source));
    if (query.overdue === true) where.push(ne(problems.status, 'closed'), lt(problems.deadline, today));
    if (query.overdue === false)
      where.push(sql`(${problems.status} = 'closed' or ${problems.deadline} >= ${today}::date)`);
    return and(...where);
  }

  async function list(actor: Actor, query: ProblemListQuery): Promise<ProblemPage> {
    const today = clock.today();
    const where = await listWhere(actor, query, today);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const [rows, [total]] = await Promise.all([
      db
        .select({ problem: problems, orgName: orgs.name, measures: measureCount })
        .from(problems)
        .innerJoin(orgs, eq(orgs.id, problems.orgId))
        .where(where)
        .orderBy(asc(problems.deadline), asc(problems.id))
        .limit(pageSize)
        .offset((page - 1) * pageSize),
      db.select({ n: count() }).from(problems).where(where),
    ]);
    return {
      items: rows.map((r) => summary({ ...r.problem, orgName: r.orgName, measures: r.measures }, today)),
      total: total!.n,
    };
  }

  /** The measures of the problems `where` picks, each with its problem, in the order they were made. */
  async function measureRows(
    dbOrTx: Db,
    where: SQL | undefined,
    limit?: number,
  ): Promise<ResponsibilityRow[]> {
    const problemOrg = alias(orgs, 'problem_org');
    const query = dbOrTx
      .select({
        measure: problemMeasures,
        orgName: orgs.name,
        problemText: problems.text,
        problemStatus: problems.status,
        problemOrgName: problemOrg.name,
      })
      .from(problemMeasures)
      .innerJoin(orgs, eq(orgs.id, problemMeasures.responsibleOrgId))
      .innerJoin(problems, eq(problems.id, problemMeasures.problemId))
      .innerJoin(problemOrg, eq(problemOrg.id, problems.orgId))
      .where(where)
      .orderBy(asc(problemMeasures.id));
    const rows = limit === undefined ? await query : await query.limit(limit);
    return rows.map(({ measure: m, orgName, problemText, problemStatus, problemOrgName }) => ({
      id: m.id,
      text: m.text,
      ownerMemberId: m.ownerMemberId,
      ownerUserId: m.ownerUserId,
      ownerName: m.ownerName,
      responsibleOrgId: m.responsibleOrgId,
      responsibleOrgName: orgName,
      deadline: m.deadline,
      milestones: m.milestones,
      done: m.done,
      doneOn: m.doneOn,
      problemId: m.problemId,
      problemText,
      problemStatus: problemStatus as ProblemStatus,
      problemOrgName,
    }));
  }

  const measuresOf = async (dbOrTx: Db, problemId: number): Promise<Measure[]> =>
    (await measureRows(dbOrTx, eq(problemMeasures.problemId, problemId))).map(
      ({ problemId: _p, problemText: _t, problemStatus: _s, problemOrgName: _o, ...measure }) => measure,
    );

  async function detail(dbOrTx: Db, actor: Actor, id: number): Promise<Problem> {
    const row = await visible(dbOrTx, actor, id);
    // One query after another: inside a transaction they share one connection.
    const [org] = await dbOrTx.select({ name: orgs.name }).from(orgs).where(eq(orgs.id, row.orgId));
    const [creator] =
      row.createdBy === null
        ? []
        : await dbOrTx.select({ name: users.displayName }).from(users).where(eq(users.id, row.createdBy));
    const measuresList = await measuresOf(dbOrTx, id);
    const events = await dbOrTx
      .select()
      .from(problemEvents)
      .where(eq(problemEvents.problemId, id))
      .orderBy(asc(problemEvents.id));
    const merged = await dbOrTx
      .select()
      .from(problems)
      .where(eq(problems.mergedIntoId, id))
      .orderBy(asc(problems.id));
    // The ledger records cited as evidence, read in one query: a deleted record simply drops out.
    const citedIds = events.flatMap((e) =>
      Array.isArray(e.detail.ledgerRecordIds) ? (e.detail.ledgerRecordIds as number[]) : [],
    );
    const cited =
      citedIds.length === 0
        ? []
        : await dbOrTx
            .select({
              id: ledgerRecords.id,
              kind: ledgerRecords.kind,
              heldOn: ledgerRecords.heldOn,
              topic: ledgerRecords.topic,
            })
            .from(ledgerRecords)
            .where(inArray(ledgerRecords.id, citedIds));
    const history: Problem['events'] = [];
    for (const e of events)
      history.push({
        id: e.id,
        kind: e.kind as ProblemEventKind,
        fromStatus: e.fromStatus as ProblemStatus | null,
        toStatus: e.toStatus as ProblemStatus,
        reason: e.reason,
        detail: e.detail,
        files: e.kind === 'submit' ? await files.attachedTo(dbOrTx, eventFiles(e.id)) : [],
        ledgerRecords: cited
          .filter((r) => (e.detail.ledgerRecordIds as number[] | undefined)?.includes(r.id))
          .map((r) => ({ ...r, kind: r.kind as LedgerKind })),
        userId: e.userId,
        userName: e.userName,
        at: e.at.toISOString(),
      });
    const today = clock.today();
    return {
      ...summary({ ...row, orgName: org!.name, measures: measuresList.length }, today),
      orgPath: row.orgPath,
      sourceRef: row.sourceRef,
      excerpt: row.excerpt,
      mergedIntoId: row.mergedIntoId,
      createdByName: creator?.name ?? null,
      measuresList,
      events: history,
      mergedSources: merged.map((m) => ({
        id: m.id,
        source: m.source as ProblemSummary['source'],
        sourceRef: m.sourceRef,
        candidateKey: m.candidateKey,
        text: m.text,
      })),
      canWork: row.mergedIntoId === null && canWork(actor, row.orgPath),
      canVerify: row.mergedIntoId === null && canManage(actor, row.orgPath),
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    };
  }

  async function addEvent(
    tx: Db,
    actor: Actor,
    problemId: number,
    event: {
      kind: ProblemEventKind;
      fromStatus: string | null;
      toStatus: string;
      reason?: string | null;
      detail?: Record<string, unknown>;
    },
  ): Promise<number> {
    const [row] = await tx
      .insert(problemEvents)
      .values({
        problemId,
        kind: event.kind,
        fromStatus: event.fromStatus,
        toStatus: event.toStatus,
        reason: event.reason ?? null,
        detail: event.detail ?? {},
        userId: actor.id || null,
        userName: actor.displayName,
        at: clock.now(),
      })
      .returning({ id: problemEvents.id });
    return row!.id;
  }

  /** A problem in the lists (not merged away), locked, that the actor may act on as `as` says. */
  async function actionable(tx: Db, actor: Actor, id: number, as: 'manage' | 'work' | 'either') {
    const row = await visible(tx, actor, id, true);
    if (row.mergedIntoId !== null)
      throw conflict('PROBLEM_MERGED', `该问题已合并到问题 ${row.mergedIntoId}，请在该问题上办理`);
    const manage = canManage(actor, row.orgPath);
    const work = canWork(actor, row.orgPath);
    if (as === 'manage' && !manage)
      throw forbidden('PROBLEM_NOT_VERIFIER', '整改问题由上级组织的工作人员核验、销号、退回、回头看和延期');
    if (as === 'work' && !work) throw forbidden('PROBLEM_NOT_OWN', '只有问题所属组织的用户可以提交整改材料');
    if (as === 'either' && !manage && !work)
      throw forbidden('PROBLEM_NOT_OWN', '只有问题所属组织的用户或上级组织的工作人员可以办理');
    return row;
  }

  /** Applies a workflow action: the new state, its history event and the audit entry, in one transaction. */
  async function act(
    actor: Actor,
    id: number,
    as: 'manage' | 'work' | 'either',
    action: ProblemAction,
    event: { kind: ProblemEventKind; reason?: string | null; detail?: Record<string, unknown> },
    afterEvent?: (tx: Db, eventId: number, row: ProblemRow) => Promise<void>,
  ): Promise<Problem> {
    return db.transaction(async (tx) => {
      const row = await actionable(tx, actor, id, as);
      const outcome = applyAction(
        { status: row.status as ProblemStatus, reopenCount: row.reopenCount, submittedBy: row.submittedBy },
        action,
      );
      if (!outcome.ok) throw refuse(outcome);
      const { state } = outcome;
      const [after] = await tx
        .update(problems)
        .set({
          status: state.status,
          reopenCount: state.reopenCount,
          submittedBy: state.submittedBy,
          closedOn: state.status === 'closed' ? (row.closedOn ?? clock.today()) : null,
          updatedAt: sql`now()`,
        })
        .where(eq(problems.id, id))
        .returning();
      const eventId = await addEvent(tx, actor, id, {
        kind: event.kind,
        fromStatus: row.status,
        toStatus: state.status,
        reason: event.reason,
        detail: event.detail,
      });
      await afterEvent?.(tx, eventId, row);
      await recordAudit(tx, actor, {
        action: 'update',
        entityType: 'problem',
        entityId: id,
        orgPath: row.orgPath,
        before: { problemStatus: row.status, reopenCount: row.reopenCount },
        after: {
          problemEvent: event.kind,
          problemStatus: after!.status,
          reopenCount: after!.reopenCount,
          ...(event.reason ? { reason: event.reason } : {}),
          ...event.detail,
        },
      });
      return detail(tx, actor, id);
    });
  }

  /** The measure's owner as named by a member or a user the actor reaches, and its responsible org. */
  async function measureValues(tx: Db, actor: Actor, input: MeasureInput) {
    const memberId = input.ownerMemberId ?? null;
    const userId = input.ownerUserId ?? null;
    if (memberId === null && userId === null)
      throw badRequest('MEASURE_OWNER_REQUIRED', '请指定责任人（党员或用户）', [
        { field: 'ownerMemberId', message: '请指定责任人（党员或用户）' },
      ]);
    let ownerName: string | null = null;
    if (memberId !== null) {
      const [member] = await tx
        .select({ name: members.name })
        .from(members)
        .where(and(eq(members.id, memberId), withinScope(actor.scope, members.orgPath)));
      if (!member)
        throw badRequest('MEASURE_OWNER_INVALID', '责任人（党员）不存在或不在管辖范围内', [
          { field: 'ownerMemberId', message: '党员不存在或不在管辖范围内' },
        ]);
      ownerName = member.name;
    }
    if (userId !== null) {
      const [user] = await tx
        .select({ name: users.displayName })
        .from(users)
        .innerJoin(orgs, eq(orgs.id, users.orgId))
        .where(and(eq(users.id, userId), withinScope(actor.scope, orgs.path)));
      if (!user)
        throw badRequest('MEASURE_OWNER_INVALID', '责任人（用户）不存在或不在管辖范围内', [
          { field: 'ownerUserId', message: '用户不存在或不在管辖范围内' },
        ]);
      ownerName ??= user.name;
    }
    const [org] = await tx
      .select({ id: orgs.id })
      .from(orgs)
      .where(and(eq(orgs.id, input.responsibleOrgId), withinScope(actor.scope, orgs.path)));
    if (!org)
      throw badRequest('MEASURE_ORG_INVALID', '责任单位不存在或不在管辖范围内', [
        { field: 'responsibleOrgId', message: '责任单位不存在或不在管辖范围内' },
      ]);
    const doneOn = input.doneOn ?? null;
    if (doneOn !== null && doneOn > clock.today())
      throw badRequest('MEASURE_DONE_INVALID', '完成日期不能晚于今天', [
        { field: 'doneOn', message: '完成日期不能晚于今天' },
      ]);
    return {
      text: input.text,
      ownerMemberId: memberId,
      ownerUserId: userId,
      ownerName: ownerName!,
      responsibleOrgId: input.responsibleOrgId,
      deadline: input.deadline,
      milestones: (input.milestones ?? []).map((m) => ({ text: m.text, due: m.due, doneOn: m.doneOn })),
      done: doneOn !== null,
      doneOn,
    };
  }

  /** Measures are kept by the owning org's users and the organizer above, while the item is not closed. */
  async function measureTarget(tx: Db, actor: Actor, id: number) {
    const row = await actionable(tx, actor, id, 'either');
    if (row.status === 'closed')
      throw conflict('PROBLEM_STATUS_INVALID', '问题当前为“已销号”，不能修改整改措施');
    return row;
  }

  async function lockedMeasure(tx: Db, problemId: number, measureId: number) {
    const [row] = await tx
      .select()
      .from(problemMeasures)
      .where(and(eq(problemMeasures.id, measureId), eq(problemMeasures.problemId, problemId)))
      .for('update');
    if (!row) throw measureNotFound();
    return row;
  }

  /** Files one problem inside `tx`: checked, stored, its first history event and audit entry. */
  async function file(tx: Db, actor: Actor, input: CreateProblemInput): Promise<number> {
    const fromCandidate = input.ref.source !== 'inspection';
    if (fromCandidate && (input.candidateKey === undefined || !input.cycleId))
      throw badRequest('PROBLEM_CANDIDATE_REQUIRED', '来自考核周期的问题须注明考核周期和候选问题编号', [
        { field: 'candidateKey', message: '请注明候选问题编号' },
      ]);
    if (!fromCandidate && input.candidateKey !== undefined)
      throw badRequest('PROBLEM_CANDIDATE_INVALID', '督导检查问题为手工录入，不能带候选问题编号', [
        { field: 'candidateKey', message: '督导检查问题不能带候选问题编号' },
      ]);
    const org = await orgInScope(tx, actor, input.orgId);
    if (!canManage(actor, org.path))
      throw forbidden('PROBLEM_NOT_VERIFIER', '问题清单由上级组织的工作人员建立');
    const cycleId = input.cycleId ?? null;
    if (cycleId !== null) {
      const cycle = await visibleCycle(tx, actor, cycleId);
      if (!`${org.path}.`.startsWith(`${cycle.orgPath}.`))
        throw badRequest(
          'PROBLEM_ORG_OUTSIDE_CYCLE',
          `${org.name}不在考核周期“${cycle.cycle.name}”的范围内`,
          [{ field: 'orgId', message: '组织不在考核周期的范围内' }],
        );
    }
    const [row] = await tx
      .insert(problems)
      .values({
        cycleId,
        orgId: org.id,
        orgPath: org.path,
        source: input.ref.source,
        sourceRef: input.ref,
        candidateKey: input.candidateKey ?? null,
        text: input.text,
        excerpt: input.excerpt ?? null,
        category: input.category,
        severity: input.severity,
        deadline: input.deadline,
        createdBy: actor.id || null,
      })
      // The one unique key besides the id: a candidate already filed in this cycle.
      .onConflictDoNothing()
      .returning();
    if (!row) throw conflict('PROBLEM_CANDIDATE_FILED', '该候选问题已列入问题清单');
    await addEvent(tx, actor, row.id, { kind: 'file', fromStatus: null, toStatus: 'open' });
    await recordAudit(tx, actor, {
      action: 'create',
      entityType: 'problem',
      entityId: row.id,
      orgPath: row.orgPath,
      after: snapshot(row),
    });
    return row.id;
  }

  return {
    list,
    get: (actor: Actor, id: number) => detail(db, actor, id),

    /** 责任清单: the measures of the problems the list's filters pick, up to a printable number. */
    async responsibilities(actor: Actor, query: ProblemFilters): Promise<ResponsibilityList> {
      const rows = await measureRows(
        db,
        await listWhere(actor, query, clock.today()),
        responsibilityLimit + 1,
      );
      return { items: rows.slice(0, responsibilityLimit), truncated: rows.length > responsibilityLimit };
    },

    /** Files a problem from a cycle's candidate (once per cycle) or by hand after an inspection. */
    async create(actor: Actor, input: CreateProblemInput): Promise<Problem> {
      return db.transaction(async (tx) => detail(tx, actor, await file(tx, actor, input)));
    },

    /**
     * Files several of a cycle's candidates at once, all or none: the first refusal rolls back the
     * lot and names its item, so the organizer fixes that one and sends the batch again.
     */
    async createBatch(actor: Actor, input: CreateProblemBatchInput): Promise<ProblemBatchResult> {
      return db.transaction(async (tx) => {
        const ids: number[] = [];
        for (const [index, item] of input.items.entries()) {
          try {
            if (item.cycleId != null && item.cycleId !== input.cycleId)
              throw badRequest('PROBLEM_BATCH_CYCLE_MISMATCH', '批量登记的问题须属于同一考核周期', [
                { field: 'cycleId', message: '与批量登记的考核周期不一致' },
              ]);
            ids.push(await file(tx, actor, { ...item, cycleId: input.cycleId }));
          } catch (error) {
            throw atItem(error, index);
          }
        }
        return { ids };
      });
    },

    /** Corrects text, category, severity or deadline while the item is still 待整改. */
    async update(actor: Actor, id: number, input: UpdateProblemInput): Promise<Problem> {
      return db.transaction(async (tx) => {
        const row = await actionable(tx, actor, id, 'manage');
        const problem = editProblem(row.status as ProblemStatus);
        if (problem) throw refuse(problem);
        const [after] = await tx
          .update(problems)
          .set({ ...input, updatedAt: sql`now()` })
          .where(eq(problems.id, id))
          .returning();
        await recordAudit(tx, actor, {
          action: 'update',
          entityType: 'problem',
          entityId: id,
          orgPath: row.orgPath,
          before: snapshot(row),
          after: snapshot(after!),
        });
        return detail(tx, actor, id);
      });
    },

    start: (actor: Actor, id: number) => act(actor, id, 'either', { kind: 'start' }, { kind: 'start' }),

    /** 提交整改材料: text, files (attached to the event) and the org's own ledger records. */
    submit: (actor: Actor, id: number, input: SubmitProblemInput) => {
      const evidence = {
        text: input.text ?? null,
        fileIds: input.fileIds ?? [],
        ledgerRecordIds: input.ledgerRecordIds ?? [],
      };
      return act(
        actor,
        id,
        'work',
        { kind: 'submit', by: actor.id, evidence },
        {
          kind: 'submit',
          detail: {
            evidence: evidence.text,
            fileIds: evidence.fileIds,
            ledgerRecordIds: evidence.ledgerRecordIds,
          },
        },
        async (tx, eventId, row) => {
          if (evidence.ledgerRecordIds.length > 0) {
            const found = await tx
              .selectDistinct({ id: ledgerRecords.id })
              .from(ledgerRecords)
              .where(
                and(inArray(ledgerRecords.id, evidence.ledgerRecordIds), eq(ledgerRecords.orgId, row.orgId)),
              );
            if (found.length !== evidence.ledgerRecordIds.length)
              throw badRequest('PROBLEM_LEDGER_RECORD_INVALID', '台账记录不存在或不属于该问题所属组织', [
                { field: 'ledgerRecordIds', message: '台账记录不存在或不属于该问题所属组织' },
              ]);
          }
          for (const fileId of evidence.fileIds) await files.attach(tx, actor, fileId, eventFiles(eventId));
        },
      );
    },

    close: (actor: Actor, id: number) =>
      act(actor, id, 'manage', { kind: 'close', by: actor.id }, { kind: 'close' }),

    reject: (actor: Actor, id: number, reason: string) =>
      act(actor, id, 'manage', { kind: 'reject', reason }, { kind: 'reject', reason }),

    /** 回头看 of a closed item: a pass is recorded; a failure reopens it with its reason. */
    recheck: (actor: Actor, id: number, input: RecheckInput) => {
      const reason = input.reason ?? null;
      return act(
        actor,
        id,
        'manage',
        { kind: 'recheck', passed: input.passed, reason },
        { kind: input.passed ? 'recheckPass' : 'recheckFail', reason, detail: { passed: input.passed } },
      );
    },

    /** 延期: a later deadline with its reason, on an item not closed; recorded and audited. */
    async extend(actor: Actor, id: number, input: ExtendInput): Promise<Problem> {
      return db.transaction(async (tx) => {
        const row = await actionable(tx, actor, id, 'manage');
        const problem = extensionProblem(
          { status: row.status as ProblemStatus, deadline: row.deadline },
          input.deadline,
          input.reason,
        );
        if (problem) throw refuse(problem);
        await tx
          .update(problems)
          .set({ deadline: input.deadline, updatedAt: sql`now()` })
          .where(eq(problems.id, id));
        await addEvent(tx, actor, id, {
          kind: 'extend',
          fromStatus: row.status,
          toStatus: row.status,
          reason: input.reason,
          detail: { from: row.deadline, to: input.deadline },
        });
        await recordAudit(tx, actor, {
          action: 'update',
          entityType: 'problem',
          entityId: id,
          orgPath: row.orgPath,
          before: { deadline: row.deadline },
          after: { problemEvent: 'extend', deadline: input.deadline, reason: input.reason },
        });
        return detail(tx, actor, id);
      });
    },

    /** Merges a duplicate into the kept item: it points there and leaves the lists. */
    async merge(actor: Actor, id: number, intoId: number): Promise<Problem> {
      return db.transaction(async (tx) => {
        // Both locked in id order, so two merges of the same pair wait for each other.
        const [first, second] = id < intoId ? [id, intoId] : [intoId, id];
        const a = await actionable(tx, actor, first, 'manage');
        const b = first === second ? a : await actionable(tx, actor, second, 'manage');
        const [item, kept] = a.id === id ? [a, b] : [b, a];
        const problem = mergeProblem(
          { ...item, status: item.status as ProblemStatus },
          { ...kept, status: kept.status as ProblemStatus },
        );
        if (problem) throw refuse(problem);
        await tx
          .update(problems)
          .set({ mergedIntoId: kept.id, updatedAt: sql`now()` })
          .where(eq(problems.id, item.id));
        await addEvent(tx, actor, item.id, {
          kind: 'merge',
          fromStatus: item.status,
          toStatus: item.status,
          detail: { intoId: kept.id },
        });
        await addEvent(tx, actor, kept.id, {
          kind: 'merge',
          fromStatus: kept.status,
          toStatus: kept.status,
          detail: { mergedId: item.id },
        });
        await recordAudit(tx, actor, {
          action: 'update',
          entityType: 'problem',
          entityId: item.id,
          orgPath: item.orgPath,
          before: { mergedIntoId: null },
          after: { problemEvent: 'merge', mergedIntoId: kept.id },
        });
        return detail(tx, actor, kept.id);
      });
    },

    /**
     * 逾期清单: the overdue items of an org's subtree, most overdue first, with their reminders. The
     * list's own overdue filter picks them; one statement along the deadline index, the total by window.
     */
    async overdue(actor: Actor, query: OverdueQuery): Promise<OverduePage> {
      const today = clock.today();
      const where = await listWhere(actor, { orgId: query.orgId, overdue: true }, today);
      const page = query.page ?? 1;
      const pageSize = query.pageSize ?? 20;
      // The page first, then its total and its items' reminders: a window total or per-row reminder
      // subqueries would run over every overdue item of the subtree, not the page's 20.
      const rows = await db
        .select({ problem: problems, orgName: orgs.name, measures: measureCount })
        .from(problems)
        .innerJoin(orgs, eq(orgs.id, problems.orgId))
        .where(where)
        .orderBy(asc(problems.deadline), asc(problems.id))
        .limit(pageSize)
        .offset((page - 1) * pageSize);
      const [counted] = await db.select({ n: count() }).from(problems).where(where);
      const ids = rows.map((r) => r.problem.id);
      const reminded =
        ids.length === 0
          ? []
          : await db
              .select({ problemId: problemEvents.problemId, last: max(problemEvents.at), n: count() })
              .from(problemEvents)
              .where(and(inArray(problemEvents.problemId, ids), eq(problemEvents.kind, 'reminder')))
              .groupBy(problemEvents.problemId);
      const remindersOf = new Map(reminded.map((r) => [r.problemId, r]));
      return {
        items: rows.map((r) => ({
          ...summary({ ...r.problem, orgName: r.orgName, measures: r.measures }, today),
          lastRemindedAt: remindersOf.get(r.problem.id)?.last?.toISOString() ?? null,
          reminders: remindersOf.get(r.problem.id)?.n ?? 0,
        })),
        total: counted!.n,
      };
    },

    /**
     * 催办: the organizer above reminds whoever works on an item not closed — the users of its org and
     * the users owning its measures — once a day each organizer. Recorded in its history and audited.
     */
    async remind(actor: Actor, id: number, input: RemindInput): Promise<RemindResult> {
      return db.transaction(async (tx) => {
        const row = await actionable(tx, actor, id, 'manage');
        if (row.status === 'closed') throw refuse(statusRefusal('closed', '催办'));
        const today = clock.today();
        // The item is locked, so two reminders of one organizer cannot both pass this check.
        const [last] = await tx
          .select({ at: problemEvents.at })
          .from(problemEvents)
          .where(
            and(
              eq(problemEvents.problemId, id),
              eq(problemEvents.kind, 'reminder'),
              eq(problemEvents.userId, actor.id),
            ),
          )
          .orderBy(desc(problemEvents.id))
          .limit(1);
        if (last && dayOf(last.at) === today)
          throw conflict('PROBLEM_REMINDED_TODAY', '今天已催办过该问题，请明天再催办');
        const owners = await tx
          .select({ id: problemMeasures.ownerUserId })
          .from(problemMeasures)
          .where(and(eq(problemMeasures.problemId, id), isNotNull(problemMeasures.ownerUserId)));
        const ownerUserIds = owners.map((o) => o.id!);
        const candidates = await tx
          .select({ id: users.id, role: users.role, orgPath: orgs.path })
          .from(users)
          .leftJoin(orgs, eq(orgs.id, users.orgId))
          .where(
            and(
              eq(users.disabled, false),
              or(
                eq(users.orgId, row.orgId),
                ownerUserIds.length ? inArray(users.id, ownerUserIds) : undefined,
              ),
            ),
          );
        const recipients = candidates.filter(
          (u) =>
            u.id !== actor.id &&
            mustWork({ ...u, role: u.role as Role }, { orgPath: row.orgPath, ownerUserIds }),
        );
        const message = input.message?.trim() ?? null;
        const now = clock.now();
        if (recipients.length > 0)
          await tx.insert(notifications).values(
            recipients.map((u) => ({
              recipientId: u.id,
              kind: 'reminder',
              problemId: id,
              text: reminderText(actor.displayName, row.text, message),
              day: today,
              createdAt: now,
            })),
          );
        await addEvent(tx, actor, id, {
          kind: 'reminder',
          fromStatus: row.status,
          toStatus: row.status,
          detail: { message, notified: recipients.length },
        });
        await recordAudit(tx, actor, {
          action: 'update',
          entityType: 'problem',
          entityId: id,
          orgPath: row.orgPath,
          after: { problemEvent: 'reminder', message, notified: recipients.map((u) => u.id) },
        });
        return { notified: recipients.length };
      });
    },

    async addMeasure(actor: Actor, id: number, input: MeasureInput): Promise<Measure> {
      return db.transaction(async (tx) => {
        const row = await measureTarget(tx, actor, id);
        const [measure] = await tx
          .insert(problemMeasures)
          .values({ problemId: id, ...(await measureValues(tx, actor, input)) })
          .returning();
        await recordAudit(tx, actor, {
          action: 'create',
          entityType: 'problemMeasure',
          entityId: measure!.id,
          orgPath: row.orgPath,
          after: { problemId: id, ...measureSnapshot(measure!) },
        });
        return (await measuresOf(tx, id)).find((m) => m.id === measure!.id)!;
      });
    },

    async updateMeasure(actor: Actor, id: number, measureId: number, input: MeasureInput): Promise<Measure> {
      return db.transaction(async (tx) => {
        const row = await measureTarget(tx, actor, id);
        const before = await lockedMeasure(tx, id, measureId);
        const [after] = await tx
          .update(problemMeasures)
          .set({ ...(await measureValues(tx, actor, input)), updatedAt: sql`now()` })
          .where(eq(problemMeasures.id, measureId))
          .returning();
        await recordAudit(tx, actor, {
          action: 'update',
          entityType: 'problemMeasure',
          entityId: measureId,
          orgPath: row.orgPath,
          before: measureSnapshot(before),
          after: measureSnapshot(after!),
        });
        return (await measuresOf(tx, id)).find((m) => m.id === measureId)!;
      });
    },

    async deleteMeasure(actor: Actor, id: number, measureId: number): Promise<void> {
      await db.transaction(async (tx) => {
        const row = await measureTarget(tx, actor, id);
        const before = await lockedMeasure(tx, id, measureId);
        await tx.delete(problemMeasures).where(eq(problemMeasures.id, measureId));
        await recordAudit(tx, actor, {
          action: 'delete',
          entityType: 'problemMeasure',
          entityId: measureId,
          orgPath: row.orgPath,
          before: { problemId: id, ...measureSnapshot(before) },
        });
      });
    },
  };
}

export type RectificationService = ReturnType<typeof createRectificationService>;
