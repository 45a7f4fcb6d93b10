import { randomInt } from 'node:crypto';
import { and, asc, eq, inArray, notInArray, sql } from 'drizzle-orm';
import { can } from '../../../domain/access.js';
import {
  drawOrgs,
  drawSizeProblem,
  findingProblems,
  spotCheckSeedRange,
  type FindingIndicator,
} from '../../../domain/spot-checks.js';
import type { Db } from '../../../db/client.js';
import {
  cycleReporters,
  orgs,
  spotCheckDraws,
  spotCheckFindings,
  spotChecks,
} from '../../../db/schema/index.js';
import type { SchemeBody } from '../../../contract/schemes.js';
import type {
  DrawSpotChecksInput,
  RecordSpotCheckInput,
  SpotCheck,
  SpotCheckDraws,
  SpotCheckSummary,
} from '../../../contract/spot-checks.js';
import { badRequest, notFound } from '../../errors.js';
import type { Clock } from '../../clock.js';
import type { Actor } from '../../http/actor.js';
import { withinScope } from '../../http/scope-sql.js';
import { recordAudit } from '../audit/record.js';
import { canWriteCycle, cycleClosed, latestSchemes, visibleCycle, writableCycle } from '../cycles/service.js';
import type { FileService } from '../files/service.js';

const checkNotFound = () => notFound('抽查记录不存在或无权查看');
const findingOwner = (id: number) => ({ type: 'spotCheckFinding', id });

/** The regular indicators of the scheme an org is assessed by, with their category. */
async function indicatorsFor(dbOrTx: Db, cycleId: number, audience: string) {
  const scheme = (await latestSchemes(dbOrTx, cycleId)).find((s) => s.audience === audience);
  const body = scheme?.body as SchemeBody | undefined;
  return (body?.categories ?? []).flatMap((c) =>
    c.indicators
      .filter((i) => i.kind === 'regular')
      .map((i) => ({ key: i.key, name: i.name, category: c.name, maxPoints: i.maxPoints })),
  );
}

/**
 * 抽查 of a cycle: the cycle's organizer draws orgs from the reporting set with a recorded seed;
 * checkers and organizers record the on-site findings of the drawn orgs in their subtree.
 */
export function createSpotCheckService(deps: {
  db: Db;
  clock: Clock;
  files: Pick<FileService, 'attach' | 'detachAll' | 'attachedTo'>;
}) {
  const { db, clock, files } = deps;

  /** The drawn orgs of a cycle within the reader's scope, in draw order, with their findings summed. */
  function summaries(dbOrTx: Db, actor: Actor, cycleId: number) {
    return dbOrTx
      .select({
        id: spotChecks.id,
        drawId: spotChecks.drawId,
        orgId: spotChecks.orgId,
        orgName: orgs.name,
        position: spotChecks.position,
        checkedOn: spotChecks.checkedOn,
        checkers: spotChecks.checkers,
        findings: sql<number>`(select count(*)::int from ${spotCheckFindings} f where f.spot_check_id = ${spotChecks.id})`,
        points: sql<number>`(select coalesce(sum(f.points), 0)::float8 from ${spotCheckFindings} f where f.spot_check_id = ${spotChecks.id})`,
      })
      .from(spotChecks)
      .innerJoin(orgs, eq(orgs.id, spotChecks.orgId))
      .where(and(eq(spotChecks.cycleId, cycleId), withinScope(actor.scope, orgs.path)))
      .orderBy(asc(spotChecks.drawId), asc(spotChecks.position));
  }

  /** Reporting orgs of the cycle not drawn yet, in id order: the pool of the next draw. */
  async function undrawn(dbOrTx: Db, cycleId: number): Promise<number[]> {
    const drawn = dbOrTx
      .select({ orgId: spotChecks.orgId })
      .from(spotChecks)
      .where(eq(spotChecks.cycleId, cycleId));
    const rows = await dbOrTx
      .select({ orgId: cycleReporters.orgId })
      .from(cycleReporters)
      .where(and(eq(cycleReporters.cycleId, cycleId), notInArray(cycleReporters.orgId, drawn)))
      .orderBy(asc(cycleReporters.orgId));
    return rows.map((r) => r.orgId);
  }

  async function list(dbOrTx: Db, actor: Actor, cycleId: number): Promise<SpotCheckDraws> {
    const cycle = await visibleCycle(dbOrTx, actor, cycleId);
    const [draws, checks, pool] = await Promise.all([
      dbOrTx
        .select()
        .from(spotCheckDraws)
        .where(eq(spotCheckDraws.cycleId, cycleId))
        .orderBy(asc(spotCheckDraws.id)),
      summaries(dbOrTx, actor, cycleId),
      undrawn(dbOrTx, cycleId),
    ]);
    return {
      writable: cycle.cycle.status !== 'closed' && canWriteCycle(actor, cycle.orgPath),
      available: pool.length,
      items: draws.map((d) => ({
        id: d.id,
        seed: d.seed,
        size: d.size,
        pool: d.pool,
        drawnOn: d.drawnOn,
        drawnByName: d.drawnByName,
        checks: checks
          .filter((c) => c.drawId === d.id)
          .map(({ drawId: _drawId, ...c }): SpotCheckSummary => c),
      })),
    };
  }

  /** A drawn org's check as the reader sees it: its org in scope and its cycle visible. */
  async function visibleCheck(dbOrTx: Db, actor: Actor, id: number) {
    const [row] = await dbOrTx
      .select({
        check: spotChecks,
        orgName: orgs.name,
        orgPath: orgs.path,
        audience: cycleReporters.audience,
      })
      .from(spotChecks)
      .innerJoin(orgs, eq(orgs.id, spotChecks.orgId))
      .innerJoin(
        cycleReporters,
        and(eq(cycleReporters.cycleId, spotChecks.cycleId), eq(cycleReporters.orgId, spotChecks.orgId)),
      )
      .where(and(eq(spotChecks.id, id), withinScope(actor.scope, orgs.path)));
    if (!row) throw checkNotFound();
    const cycle = await visibleCycle(dbOrTx, actor, row.check.cycleId).catch(() => {
      throw checkNotFound();
    });
    return { ...row, cycle };
  }

  async function detail(dbOrTx: Db, actor: Actor, id: number): Promise<SpotCheck> {
    const { check, orgName, audience, cycle } = await visibleCheck(dbOrTx, actor, id);
    const indicators = await indicatorsFor(dbOrTx, check.cycleId, audience);
    const byKey = new Map(indicators.map((i) => [i.key, i]));
    const findings = await dbOrTx
      .select()
      .from(spotCheckFindings)
      .where(eq(spotCheckFindings.spotCheckId, id))
      .orderBy(asc(spotCheckFindings.id));
    const findingsList = await Promise.all(
      findings.map(async (f) => ({
        id: f.id,
        indicatorKey: f.indicatorKey,
        indicatorName: byKey.get(f.indicatorKey)?.name ?? null,
        maxPoints: byKey.get(f.indicatorKey)?.maxPoints ?? null,
        points: f.points,
        reason: f.reason,
        files: await files.attachedTo(dbOrTx, findingOwner(f.id)),
      })),
    );
    return {
      id: check.id,
      orgId: check.orgId,
      orgName,
      position: check.position,
      checkedOn: check.checkedOn,
      checkers: check.checkers,
      findings: findings.length,
      points: findings.reduce((sum, f) => sum + f.points, 0),
      cycleId: check.cycleId,
      cycleName: cycle.cycle.name,
      drawId: check.drawId,
      findingsList,
      indicators,
      writable: cycle.cycle.status !== 'closed' && can(actor.role, 'spotCheck.write'),
      updatedAt: check.updatedAt.toISOString(),
    };
  }

  return {
    list: (actor: Actor, cycleId: number) => list(db, actor, cycleId),
    get: (actor: Actor, id: number) => detail(db, actor, id),

    /** Draws `size` of the reporting orgs not drawn yet, with the given seed or a new one, recorded. */
    async draw(actor: Actor, input: DrawSpotChecksInput): Promise<SpotCheckDraws> {
      return db.transaction(async (tx) => {
        // Locks the cycle row: two draws of one cycle take turns, so the second's pool excludes the first's.
        const cycle = await writableCycle(tx, actor, input.cycleId);
        const pool = await undrawn(tx, cycle.id);
        const problem = drawSizeProblem(input.size, pool.length);
        if (problem)
          throw badRequest('SPOT_CHECK_SIZE_INVALID', problem, [{ field: 'size', message: problem }]);
        const seed = input.seed ?? randomInt(spotCheckSeedRange.min, spotCheckSeedRange.max + 1);
        const drawn = drawOrgs(pool, input.size, seed);
        const [draw] = await tx
          .insert(spotCheckDraws)
          .values({
            cycleId: cycle.id,
            seed,
            size: input.size,
            pool,
            drawnOn: clock.today(),
            drawnByName: actor.displayName,
          })
          .returning();
        await tx
          .insert(spotChecks)
          .values(drawn.map((orgId, i) => ({ drawId: draw!.id, cycleId: cycle.id, orgId, position: i + 1 })));
        await recordAudit(tx, actor, {
          action: 'create',
          entityType: 'spotCheckDraw',
          entityId: draw!.id,
          orgPath: cycle.orgPath,
          after: { cycleId: cycle.id, seed, drawSize: input.size, pool, drawnOrgIds: drawn },
        });
        return list(tx, actor, cycle.id);
      });
    },

    /**
     * Records the visit to a drawn org: day, checkers and the findings, replacing those recorded
     * before. Each finding names a regular indicator of the org's scheme and deducts at most its
     * points; its files must be in the writer's scope.
     */
    async record(actor: Actor, id: number, input: RecordSpotCheckInput): Promise<SpotCheck> {
      if (input.checkedOn > clock.today())
        throw badRequest('SPOT_CHECK_DATE_INVALID', '检查日期不能晚于今天', [
          { field: 'checkedOn', message: '检查日期不能晚于今天' },
        ]);
      return db.transaction(async (tx) => {
        const { check, orgPath, audience, cycle } = await visibleCheck(tx, actor, id);
        const [locked] = await tx.select().from(spotChecks).where(eq(spotChecks.id, id)).for('update');
        if (cycle.cycle.status === 'closed') throw cycleClosed(cycle.cycle.name);
        const indicators = await indicatorsFor(tx, check.cycleId, audience);
        const problems = findingProblems(
          input.findings,
          new Map<string, FindingIndicator>(indicators.map((i) => [i.key, i])),
        );
        if (problems.length > 0)
          throw badRequest('SPOT_CHECK_FINDING_INVALID', problems[0]!.message, problems);
        const before = await tx
          .select()
          .from(spotCheckFindings)
          .where(eq(spotCheckFindings.spotCheckId, id))
          .orderBy(asc(spotCheckFindings.id));
        await tx
          .update(spotChecks)
          .set({ checkedOn: input.checkedOn, checkers: input.checkers, updatedAt: sql`now()` })
          .where(eq(spotChecks.id, id));
        // The new findings take their files first, so a file kept from the old ones is never dropped.
        for (const finding of input.findings) {
          const [row] = await tx
            .insert(spotCheckFindings)
            .values({
              spotCheckId: id,
              indicatorKey: finding.indicatorKey,
              points: finding.points,
              reason: finding.reason,
            })
            .returning({ id: spotCheckFindings.id });
          for (const fileId of finding.fileIds ?? [])
            await files.attach(tx, actor, fileId, findingOwner(row!.id));
        }
        for (const old of before) await files.detachAll(tx, actor, findingOwner(old.id));
        if (before.length > 0)
          await tx.delete(spotCheckFindings).where(
            inArray(
              spotCheckFindings.id,
              before.map((f) => f.id),
            ),
          );
        const findingSnapshot = (list: readonly { indicatorKey: string; points: number; reason: string }[]) =>
          list.map(({ indicatorKey, points, reason }) => ({ indicatorKey, points, reason }));
        await recordAudit(tx, actor, {
          action: 'update',
          entityType: 'spotCheck',
          entityId: id,
          orgPath,
          before: {
            checkedOn: locked!.checkedOn,
            checkers: locked!.checkers,
            findings: findingSnapshot(before),
          },
          after: {
            checkedOn: input.checkedOn,
            checkers: input.checkers,
            findings: input.findings.map((f) => ({ ...findingSnapshot([f])[0], fileIds: f.fileIds ?? [] })),
          },
        });
        return detail(tx, actor, id);
      });
    },
  };
}

export type SpotCheckService = ReturnType<typeof createSpotCheckService>;
