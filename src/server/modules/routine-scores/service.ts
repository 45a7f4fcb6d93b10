import { and, desc, eq, sql } from 'drizzle-orm';
import { can, inScope, isScopeRoot } from '../../../domain/access.js';
import type { OrgLevel } from '../../../domain/org-tree.js';
import {
  deductionsProblem,
  entryProblem,
  rankingOrder,
  schemeIndicators,
  scorerOf,
  vetoProblem,
  type EntryProblem,
} from '../../../domain/routine-scores.js';
import { routineChannel } from '../../../db/change-notify.js';
import type { Db } from '../../../db/client.js';
import { queryRows } from '../../../db/query-rows.js';
import {
  cycles,
  discretionaryDeductions,
  indicatorScores,
  orgs,
  routineScores,
  schemes,
  vetoDecisions,
} from '../../../db/schema/index.js';
import type {
  DeductionsInput,
  EvidenceInput,
  OrgSheet,
  Ranking,
  RankingItem,
  ScoreInput,
  ScoreSheet,
  VetoInput,
} from '../../../contract/routine-scores.js';
import type { SchemeBody } from '../../../contract/schemes.js';
import { badRequest, conflict, forbidden, notFound } from '../../errors.js';
import type { Actor } from '../../http/actor.js';
import { withinScope } from '../../http/scope-sql.js';
import { recordAudit } from '../audit/record.js';
import { visibleCycle } from '../cycles/service.js';
import { computeRoutineScores, type ComputeDeps } from './compute.js';
import { evidenceOf, replaceEvidence, type EvidenceFiles } from './evidence.js';
import { routineSheetWorkbook } from './sheet-xlsx.js';

type Audience = SchemeBody['audience'];

const orgNotFound = () => notFound('该组织不在本考核周期的述职范围内，或无权查看');

const vetoView = (row: typeof vetoDecisions.$inferSelect | undefined) =>
  row
    ? {
        applies: row.applies,
        reason: row.reason,
        by: row.by as 'checker' | 'organizer',
        userName: row.userName,
        at: row.createdAt.toISOString(),
      }
    : null;

/** A 400 naming the field a domain check refused. */
const refused = (p: EntryProblem) =>
  badRequest('SCORE_INVALID', p.message, [{ field: p.field, message: p.message }]);

export function createRoutineScoreService(deps: ComputeDeps & { files: EvidenceFiles }) {
  const { db, files } = deps;

  /** A reporting org of the cycle inside the actor's scope, or 404. */
  async function reporter(dbOrTx: Db, actor: Actor, cycleId: number, orgId: number) {
    const [row] = await queryRows<{
      id: number;
      name: string;
      level: OrgLevel;
      path: string;
      audience: Audience;
    }>(
      dbOrTx,
      sql`select o.id, o.name, o.level, o.path::text as path, r.audience
          from cycle_reporters r join orgs o on o.id = r.org_id
          where r.cycle_id = ${cycleId} and r.org_id = ${orgId} and ${withinScope(actor.scope, sql`o.path`)}`,
    );
    if (!row) throw orgNotFound();
    return row;
  }

  async function latestScheme(dbOrTx: Db, cycleId: number, audience: Audience) {
    const [row] = await dbOrTx
      .select()
      .from(schemes)
      .where(and(eq(schemes.cycleId, cycleId), eq(schemes.audience, audience)))
      .orderBy(desc(schemes.version))
      .limit(1);
    return row ? (row.body as SchemeBody) : null;
  }

  /** As what the actor scores this org, or null: by role, inside their scope, never their own org but as its secretary. */
  function scoreAs(actor: Actor, path: string) {
    const as = scorerOf(actor.role);
    if (!as || !can(actor.role, 'routine.score') || !inScope(actor.scope, path)) return null;
    if (as !== 'self' && actor.role !== 'admin' && isScopeRoot(actor.scope, path)) return null;
    return as;
  }

  /**
   * The cycle locked against closing, the org, its scheme's indicator and the scorer, for a write:
   * 404 outside scope, 409 when closed, 403 when the actor may not score here, 404 for a key the
   * scheme lacks.
   */
  async function writable(tx: Db, actor: Actor, cycleId: number, orgId: number, key: string) {
    await visibleCycle(tx, actor, cycleId);
    const [cycle] = await tx.select().from(cycles).where(eq(cycles.id, cycleId)).for('share');
    const org = await reporter(tx, actor, cycleId, orgId);
    if (cycle!.status === 'closed')
      throw conflict(
        'CYCLE_CLOSED',
        `考核周期“${cycle!.name}”已结束，评分只读；如需修改，请系统管理员重新开启`,
      );
    const by = scoreAs(actor, org.path);
    if (!by)
      throw forbidden(
        'SCORE_NOT_ALLOWED',
        actor.role === 'secretary' || actor.role === 'viewer'
          ? `无权为${org.name}评分`
          : `不能为本人所在组织${org.name}评分，请由上级组织评定`,
      );
    const scheme = await latestScheme(tx, cycleId, org.audience);
    const indicator = scheme && schemeIndicators(scheme).find((i) => i.key === key);
    if (!indicator) throw notFound(`考核方案中没有编号为 ${key} 的指标`);
    return { cycle: cycle!, org, by, indicator };
  }

  /** The org's row goes pending in the writing transaction; the refresher hears of it at commit. */
  async function markStale(tx: Db, cycleId: number, orgId: number) {
    await tx
      .update(routineScores)
      .set({ stale: true, marks: sql`${routineScores.marks} + 1` })
      .where(and(eq(routineScores.cycleId, cycleId), eq(routineScores.orgId, orgId)));
    await tx.execute(sql`select pg_notify(${routineChannel}, '')`);
  }

  async function entriesOf(cycleId: number, orgId: number): Promise<OrgSheet['entries']> {
    const [scores, deductions, vetoes, evidence] = await Promise.all([
      db
        .selectDistinctOn([indicatorScores.indicatorKey, indicatorScores.by])
        .from(indicatorScores)
        .where(and(eq(indicatorScores.cycleId, cycleId), eq(indicatorScores.orgId, orgId)))
        .orderBy(indicatorScores.indicatorKey, indicatorScores.by, desc(indicatorScores.id)),
      db
        .select()
        .from(discretionaryDeductions)
        .where(and(eq(discretionaryDeductions.cycleId, cycleId), eq(discretionaryDeductions.orgId, orgId))),
      db
        .selectDistinctOn([vetoDecisions.indicatorKey])
        .from(vetoDecisions)
        .where(and(eq(vetoDecisions.cycleId, cycleId), eq(vetoDecisions.orgId, orgId)))
        .orderBy(vetoDecisions.indicatorKey, desc(vetoDecisions.id)),
      evidenceOf(db, files, cycleId, orgId),
    ]);
    const keys = [
      ...new Set([
        ...scores.map((s) => s.indicatorKey),
        ...deductions.map((d) => d.indicatorKey),
        ...vetoes.map((v) => v.indicatorKey),
        ...evidence.keys(),
      ]),
    ].sort();
    return keys.map((key) => ({
      key,
      scores: scores
        .filter((s) => s.indicatorKey === key)
        .map((s) => ({
          by: s.by as 'self' | 'checker' | 'organizer',
          points: s.points,
          reason: s.reason,
          userName: s.userName,
          at: s.createdAt.toISOString(),
        })),
      deductions: deductions.find((d) => d.indicatorKey === key)?.deductions ?? [],
      veto: vetoView(vetoes.find((v) => v.indicatorKey === key)),
      evidence: evidence.get(key) ?? null,
    }));
  }

  async function readSheet(actor: Actor, cycleId: number, orgId: number): Promise<OrgSheet> {
    const { cycle } = await visibleCycle(db, actor, cycleId);
    const org = await reporter(db, actor, cycleId, orgId);
    const [row] = await db
      .select()
      .from(routineScores)
      .where(and(eq(routineScores.cycleId, cycleId), eq(routineScores.orgId, orgId)));
    const as = scoreAs(actor, org.path);
    return {
      cycle: { id: cycle.id, name: cycle.name, startsOn: cycle.startsOn, endsOn: cycle.endsOn },
      org: { id: org.id, name: org.name, level: org.level },
      audience: org.audience,
      status: !row || row.stale ? 'pending' : 'current',
      sheet: (row?.sheet as ScoreSheet | null | undefined) ?? null,
      schemeVersion: row?.schemeVersion ?? null,
      computedAt: row?.computedAt?.toISOString() ?? null,
      entries: await entriesOf(cycleId, orgId),
      scoreAs: as,
      writable: as !== null && cycle.status !== 'closed',
    };
  }

  /**
   * One write on an indicator (a score, 酌情扣分, a veto decision, evidence): checked by `writable`
   * inside its transaction, answered with the sheet as it now reads.
   */
  async function onIndicator(
    actor: Actor,
    cycleId: number,
    orgId: number,
    key: string,
    write: (tx: Db, target: Awaited<ReturnType<typeof writable>>) => Promise<void>,
  ): Promise<OrgSheet> {
    await db.transaction(async (tx) => write(tx, await writable(tx, actor, cycleId, orgId, key)));
    return readSheet(actor, cycleId, orgId);
  }

  return {
    sheet: readSheet,

    /**
     * The reporters of the cycle inside `orgId`'s subtree (the cycle's running org by default, or
     * the reader's own org when that is out of their scope), ranked; each with the same period's
     * cycle it runs itself, whose ranking is the next level down.
     */
    async ranking(actor: Actor, cycleId: number, orgId?: number): Promise<Ranking> {
      const { cycle, orgPath } = await visibleCycle(db, actor, cycleId);
      const underId = orgId ?? (inScope(actor.scope, orgPath) ? cycle.orgId : actor.orgId);
      const [under] = await db
        .select({ id: orgs.id, name: orgs.name, level: orgs.level, path: orgs.path })
        .from(orgs)
        .where(and(eq(orgs.id, underId ?? 0), withinScope(actor.scope, orgs.path)));
      if (!under) throw notFound('党组织不存在或无权查看');
      const rows = await queryRows<{
        id: number;
        name: string;
        level: OrgLevel;
        total: number | null;
        maxPoints: number | null;
        vetoed: boolean | null;
        pendingLines: number | null;
        computedAt: string | null;
        stale: boolean | null;
        childCycleId: number | null;
      }>(
        db,
        sql`select o.id, o.name, o.level, s.total::float8 as total, s.max_points::float8 as "maxPoints",
              s.vetoed, s.pending_lines as "pendingLines", s.computed_at as "computedAt", s.stale,
              (select c.id from cycles c where c.org_id = o.id and c.kind = ${cycle.kind}
                 and c.year = ${cycle.year} and c.part is not distinct from ${cycle.part}::int) as "childCycleId"
            from cycle_reporters r
            join orgs o on o.id = r.org_id
            left join routine_scores s on s.cycle_id = r.cycle_id and s.org_id = r.org_id
            where r.cycle_id = ${cycleId} and o.path <@ ${under.path}::ltree
              and ${withinScope(actor.scope, sql`o.path`)}
            order by o.sort_order, o.id`,
      );
      const sorted = [...rows].sort(rankingOrder);
      let rank = 0;
      const items: RankingItem[] = sorted.map((r) => ({
        rank: r.total === null ? null : ++rank,
        org: { id: r.id, name: r.name, level: r.level },
        status: r.stale === false ? 'current' : 'pending',
        total: r.total,
        maxPoints: r.maxPoints,
        vetoed: r.vetoed,
        pendingLines: r.pendingLines,
        computedAt: r.computedAt === null ? null : new Date(r.computedAt).toISOString(),
        childCycleId: r.childCycleId,
      }));
      return {
        cycle: { id: cycle.id, name: cycle.name },
        under: { id: under.id, name: under.name, level: under.level as OrgLevel },
        pending: items.filter((i) => i.status === 'pending').length,
        items,
      };
    },

    /** Enters the actor's score on one indicator (自评 / 考核人员评分 / 组织部门核定), audited. */
    async score(actor: Actor, cycleId: number, orgId: number, key: string, input: ScoreInput) {
      return onIndicator(actor, cycleId, orgId, key, async (tx, { org, by, indicator }) => {
        const reason = input.reason ?? null;
        const problem = entryProblem(indicator, input.points, reason);
        if (problem) throw refused(problem);
        const [row] = await tx
          .insert(indicatorScores)
          .values({
            cycleId,
            orgId,
            indicatorKey: key,
            by,
            points: input.points,
            reason,
            userId: actor.id,
            userName: actor.displayName,
          })
          .returning({ id: indicatorScores.id });
        await recordAudit(tx, actor, {
          action: 'create',
          entityType: 'indicatorScore',
          entityId: row!.id,
          orgPath: org.path,
          after: { cycleId, orgId, indicatorKey: key, by, points: input.points, reason },
        });
        await markStale(tx, cycleId, orgId);
      });
    },

    /** Replaces the 酌情扣分 of an indicator with a `manual` rule, each with its reason, audited. */
    async setDeductions(actor: Actor, cycleId: number, orgId: number, key: string, input: DeductionsInput) {
      return onIndicator(actor, cycleId, orgId, key, async (tx, { org, indicator }) => {
        const problem = deductionsProblem(indicator, input.deductions);
        if (problem) throw refused(problem);
        const [before] = await tx
          .select()
          .from(discretionaryDeductions)
          .where(
            and(
              eq(discretionaryDeductions.cycleId, cycleId),
              eq(discretionaryDeductions.orgId, orgId),
              eq(discretionaryDeductions.indicatorKey, key),
            ),
          );
        const [row] = await tx
          .insert(discretionaryDeductions)
          .values({
            cycleId,
            orgId,
            indicatorKey: key,
            deductions: input.deductions,
            userName: actor.displayName,
          })
          .onConflictDoUpdate({
            target: [
              discretionaryDeductions.cycleId,
              discretionaryDeductions.orgId,
              discretionaryDeductions.indicatorKey,
            ],
            set: { deductions: input.deductions, userName: actor.displayName, updatedAt: sql`now()` },
          })
          .returning({ id: discretionaryDeductions.id });
        await recordAudit(tx, actor, {
          action: before ? 'update' : 'create',
          entityType: 'discretionaryDeduction',
          entityId: row!.id,
          orgPath: org.path,
          ...(before ? { before: { deductions: before.deductions } } : {}),
          after: { cycleId, orgId, indicatorKey: key, deductions: input.deductions },
        });
        await markStale(tx, cycleId, orgId);
      });
    },

    /** Records that a veto item applies to the org, or lifts it, with the reason; audited. */
    async decideVeto(actor: Actor, cycleId: number, orgId: number, key: string, input: VetoInput) {
      return onIndicator(actor, cycleId, orgId, key, async (tx, { org, by, indicator }) => {
        const problem = vetoProblem(indicator, input.reason, by);
        if (problem?.status === 403) throw forbidden('VETO_NOT_ALLOWED', problem.message);
        if (problem) throw refused(problem);
        const [row] = await tx
          .insert(vetoDecisions)
          .values({
            cycleId,
            orgId,
            indicatorKey: key,
            applies: input.applies,
            reason: input.reason,
            by,
            userId: actor.id,
            userName: actor.displayName,
          })
          .returning({ id: vetoDecisions.id });
        await recordAudit(tx, actor, {
          action: 'create',
          entityType: 'vetoDecision',
          entityId: row!.id,
          orgPath: org.path,
          after: { cycleId, orgId, indicatorKey: key, applies: input.applies, reason: input.reason },
        });
        await markStale(tx, cycleId, orgId);
      });
    },

    /**
     * Replaces the 佐证材料 of an indicator (files, ledger records, a note), with the permission and
     * checks of scoring it; evidence leaves the score as it is.
     */
    async setEvidence(actor: Actor, cycleId: number, orgId: number, key: string, input: EvidenceInput) {
      return onIndicator(actor, cycleId, orgId, key, async (tx, { cycle, org }) => {
        await replaceEvidence(tx, actor, files, { cycle, org, key }, input);
      });
    },

    /** The running org's path, if the actor may have the whole cycle recomputed (organizers of it). */
    async recomputable(actor: Actor, cycleId: number): Promise<string> {
      const { cycle, orgPath } = await visibleCycle(db, actor, cycleId);
      if (!inScope(actor.scope, orgPath))
        throw forbidden('CYCLE_NOT_OWN', `考核周期“${cycle.name}”的日常考核只能由组织该周期的组织重新计算`);
      return orgPath;
    },

    /** Every reporter of the cycle, computed afresh (the job's work). */
    recompute(cycleId: number, progress?: (done: number, total: number) => void) {
      return computeRoutineScores(deps, cycleId, undefined, progress);
    },

    /** The sheet as the .xlsx a checker signs, the same rows the screen shows. */
    async workbook(actor: Actor, cycleId: number, orgId: number) {
      const view = await readSheet(actor, cycleId, orgId);
      const { sheet } = view;
      if (!sheet)
        throw conflict('SCORE_NOT_COMPUTED', `${view.org.name}的日常考核尚未计算完成，请稍后再导出`);
      return {
        fileName: `${view.org.name}日常考核评分表（${view.cycle.name}）.xlsx`,
        body: await routineSheetWorkbook({ ...view, sheet }),
      };
    },
  };
}

export type RoutineScoreService = ReturnType<typeof createRoutineScoreService>;
