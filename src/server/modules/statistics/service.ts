import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Scope } from '../../../domain/access.js';
import { describeBasics, type BasicsRow } from '../../../domain/basics-text.js';
import { assembleStatistics, isIsoDay, type BaseStatistics } from '../../../domain/statistics.js';
import type { Db } from '../../../db/client.js';
import { queryRows } from '../../../db/query-rows.js';
import { badRequest } from '../../errors.js';
import { today } from '../../clock.js';
import type { Actor } from '../../http/actor.js';
import type { OrgService } from '../orgs/service.js';
import {
  cachedTotalsQuery,
  completedTotalsQuery,
  missingIn,
  orgCountsQuery,
  storeOrgCounts,
  type TotalsRow,
} from './queries.js';

/** Days outside this range are refused: nothing in the registry predates it, and it keeps date arithmetic sane. */
const earliestDay = '1921-07-01';
const latestDay = '2099-12-31';

/** How many days' per-org figures the cache keeps (the most recently computed ones). */
export const cachedDays = 8;
/** Held exclusively while a request fills the statistics cache; writers' triggers take it shared (migration 0002). */
const cacheLockKey = 7_420_612;
/**
 * Fingerprint of the per-org SQL: cached rows computed by any other version of it are not used.
 * The day is fixed, so only a change of the code changes it.
 */
const formula = createHash('sha256')
  .update(JSON.stringify(new PgDialect().sqlToQuery(orgCountsQuery('2000-01-01', sql`true`))))
  .digest('hex')
  .slice(0, 16);

export interface StatisticsQuery {
  orgId?: number | undefined;
  asOf?: string | undefined;
}

export function createStatisticsService(deps: { db: Db; orgs: Pick<OrgService, 'findInScope' | 'roots'> }) {
  const { db, orgs } = deps;

  function checkDay(asOf: string | undefined): string {
    const day = asOf ?? today();
    if (!isIsoDay(day))
      throw badRequest('INVALID_DATE', `日期“${day}”无效，请使用 YYYY-MM-DD 格式的实际日期`);
    if (day < earliestDay || day > latestDay)
      throw badRequest('DATE_OUT_OF_RANGE', `日期须在 ${earliestDay} 至 ${latestDay} 之间`);
    return day;
  }

  /** The org asked for, or the top of what the actor can see when none was given. */
  async function rootOf(actor: Actor, orgId: number | undefined) {
    if (orgId !== undefined) return orgs.findInScope(actor.scope, orgId);
    if (actor.orgId !== null) return orgs.findInScope(actor.scope, actor.orgId);
    const roots = await orgs.roots(actor);
    if (roots.length !== 1)
      throw badRequest(
        'ORG_REQUIRED',
        roots.length === 0 ? '系统中还没有组织，无法统计' : '请用 orgId 指定要统计的组织',
      );
    return roots[0]!;
  }

  /**
   * The counts for a subtree on a day: the sums of the cached per-org rows when all are there;
   * otherwise the missing rows are computed and stored under the cache lock, or, when a writer
   * holds it, computed in the answering statement without being stored.
   */
  async function compute(scope: Scope, root: BaseStatistics['org'] & { path: string }, day: string) {
    // JIT is off: compiling these ~100 aggregates costs more (a few hundred ms on PostgreSQL)
    // than it saves.
    const row = await db.transaction(async (tx) => {
      await tx.execute(sql`set local jit = off`);
      const [cached] = await queryRows<TotalsRow>(tx, cachedTotalsQuery(day, formula, root.path, scope));
      if (cached!.missing === 0) return cached!;
      const [{ locked }] = (await queryRows<{ locked: boolean }>(
        tx,
        sql`select pg_try_advisory_xact_lock(${cacheLockKey}) as locked`,
      )) as [{ locked: boolean }];
      if (!locked) {
        const [completed] = await queryRows<TotalsRow>(
          tx,
          completedTotalsQuery(day, formula, root.path, scope),
        );
        return completed!;
      }
      // Writers wait for the lock from here on, so the statements below see one state of the data.
      await fillCache(tx, day, root.path, scope);
      const [filled] = await queryRows<TotalsRow>(tx, cachedTotalsQuery(day, formula, root.path, scope));
      if (filled!.missing !== 0) throw new Error(`statistics cache still misses ${filled!.missing} orgs`);
      return filled!;
    });
    const { villages, missing: _missing, ...counts } = row;
    return assembleStatistics(
      { id: root.id, name: root.name, level: root.level, domain: root.domain },
      day,
      counts,
      typeof villages === 'string' ? JSON.parse(villages) : villages,
    );
  }

  /** Computes and stores the subtree's missing rows; the caller holds the cache lock. */
  async function fillCache(tx: Db, day: string, rootPath: string, scope: Scope) {
    const [known] = await queryRows<{ formula: string }>(
      tx,
      sql`select formula from statistics_days where day = ${day}::date`,
    );
    if (known?.formula !== formula) {
      // A new day (or one computed by another formula): start it afresh and drop the oldest days.
      await tx.execute(sql`delete from statistics_days where day = ${day}::date or formula <> ${formula}`);
      await tx.execute(sql`insert into statistics_days (day, formula) values (${day}::date, ${formula})`);
      await tx.execute(sql`
        delete from statistics_days where day not in (
          select day from statistics_days order by computed_at desc, day desc limit ${cachedDays})`);
    }
    await tx.execute(storeOrgCounts(day, missingIn(day, formula, rootPath, scope)));
  }

  async function statistics(actor: Actor, query: StatisticsQuery): Promise<BaseStatistics> {
    const day = checkDay(query.asOf);
    const root = await rootOf(actor, query.orgId);
    return compute(actor.scope, root, day);
  }

  return {
    statistics,
    /** The printable 基本情况 block: prose and table rows. */
    async basics(actor: Actor, query: StatisticsQuery): Promise<{ text: string; rows: BasicsRow[] }> {
      const stats = await statistics(actor, query);
      return describeBasics(stats, stats.org.name, stats.asOf);
    },
  };
}

export type StatisticsService = ReturnType<typeof createStatisticsService>;
