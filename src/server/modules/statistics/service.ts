import { sql } from 'drizzle-orm';
import type { Scope } from '../../../domain/access.js';
import { describeBasics, type BasicsRow } from '../../../domain/basics-text.js';
import { assembleStatistics, isIsoDay, type BaseStatistics } from '../../../domain/statistics.js';
import type { Db } from '../../../db/client.js';
import { queryRows } from '../../../db/query-rows.js';
import { badRequest } from '../../errors.js';
import { today } from '../../clock.js';
import type { Actor } from '../../http/actor.js';
import type { OrgService } from '../orgs/service.js';
import { statisticsQuery, type StatisticsRow } from './queries.js';

/** Days outside this range are refused: nothing in the registry predates it, and it keeps date arithmetic sane. */
const earliestDay = '1921-07-01';
const latestDay = '2099-12-31';

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

  /** The counts for a subtree on a day, straight from SQL. */
  async function compute(scope: Scope, root: BaseStatistics['org'] & { path: string }, day: string) {
    // One statement, so one snapshot. JIT is off for it: compiling its ~60 aggregates costs more
    // (a few hundred ms on PostgreSQL) than it saves on a million rows.
    const [row] = await db.transaction(async (tx) => {
      await tx.execute(sql`set local jit = off`);
      return queryRows<StatisticsRow>(tx, statisticsQuery(root.path, day, scope));
    });
    const { villages, ...counts } = row!;
    return assembleStatistics(
      { id: root.id, name: root.name, level: root.level, domain: root.domain },
      day,
      counts,
      typeof villages === 'string' ? JSON.parse(villages) : villages,
    );
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
