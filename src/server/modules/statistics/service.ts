import { createHash } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Scope } from '../../../domain/access.js';
import { describeBasics, type BasicsActivity, type BasicsRow } from '../../../domain/basics-text.js';
import { isIsoDay } from '../../../domain/dates.js';
import { assembleStatistics, type BaseStatistics } from '../../../domain/statistics.js';
import type { Db } from '../../../db/client.js';
import { idArray, queryRows } from '../../../db/query-rows.js';
import { advisoryLockKeys } from '../../../db/advisory-locks.js';
import { badRequest } from '../../errors.js';
import type { Clock } from '../../clock.js';
import type { Actor } from '../../http/actor.js';
import type { OrgService } from '../orgs/service.js';
import { profileTotals } from '../profile-figures/service.js';
import { basicsActivityQuery } from './basics-extras.js';
import {
  cachedTotalsQuery,
  completedTotalsQuery,
  flaggedVillagesQuery,
  missingIn,
  orgCountsQuery,
  storeOrgCounts,
  type CountTargets,
  type TotalsRow,
} from './queries.js';

/** Days outside this range are refused: nothing in the registry predates it, and it keeps date arithmetic sane. */
const earliestDay = '1921-07-01';
const latestDay = '2099-12-31';

/** How many days' per-org figures the cache keeps (the most recently computed ones). */
export const cachedDays = 8;
/** Up to this many missing orgs are recomputed by id rather than by a pass over the subtree. */
const defaultFewOrgs = 500;
/** Held exclusively while a request fills the statistics cache; writers' triggers take it shared (migration 0002). */
const cacheLockKey = advisoryLockKeys.statisticsCache;
/**
 * Fingerprint of the per-org SQL, both ways of choosing the orgs, and of the 基本情况's extra figures
 * kept with the subtree totals: cached rows computed by any other version of them are not used. The
 * day and the orgs are fixed, so only a change of the code changes it.
 */
const formula = createHash('sha256')
  .update(
    JSON.stringify(
      [
        ...[{ where: sql`true` }, { rootPath: '1', scope: { kind: 'all' } } as const].map((targets) =>
          orgCountsQuery('2000-01-01', targets),
        ),
        basicsActivityQuery({ kind: 'all' }, '1', '2000-01-01'),
      ].map((query) => new PgDialect().sqlToQuery(query)),
    ),
  )
  .digest('hex')
  .slice(0, 16);

export interface StatisticsQuery {
  orgId?: number | undefined;
  asOf?: string | undefined;
}

/** Orgs one batch request may ask for: a town's or a county's children fit, a whole tree does not. */
export const maxBatchOrgs = 200;
const largestOrgId = 2_147_483_647;

export interface BatchStatisticsQuery {
  /** Comma-separated org ids, as the query string carries them. */
  orgIds: string;
  asOf?: string | undefined;
}

export function createStatisticsService(deps: {
  db: Db;
  orgs: Pick<OrgService, 'findInScope' | 'roots' | 'children'>;
  clock: Clock;
  /** Tests set it to 0 to take the subtree pass every time. */
  fewOrgs?: number;
}) {
  const { db, orgs, clock, fewOrgs = defaultFewOrgs } = deps;

  function checkDay(asOf: string | undefined): string {
    const day = asOf ?? clock.today();
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

  /** A reader bound to its own org ('self') sees less than the org's subtree: no shared totals. */
  const readsWholeSubtree = (scope: Scope) => scope.kind !== 'self';

  /** The subtrees' stored totals of the day, by org id; an org whose totals are not stored is absent. */
  async function storedTotals(
    tx: Db,
    day: string,
    orgIds: readonly number[],
  ): Promise<Map<number, TotalsRow>> {
    const rows = await queryRows<{ orgId: number; totals: TotalsRow | string }>(
      tx,
      sql`select t.org_id as "orgId", t.totals from statistics_subtree_totals t
          join statistics_days d on d.day = t.day and d.formula = ${formula}
          where t.day = ${day}::date and t.org_id = any(${idArray(orgIds)})`,
    );
    return new Map(
      rows.map((r) => [
        r.orgId,
        typeof r.totals === 'string' ? (JSON.parse(r.totals) as TotalsRow) : r.totals,
      ]),
    );
  }

  function fromTotals(root: BaseStatistics['org'], day: string, row: TotalsRow): BaseStatistics {
    const { villages, missing: _missing, ...counts } = row;
    return assembleStatistics(
      { id: root.id, name: root.name, level: root.level, domain: root.domain },
      day,
      counts,
      typeof villages === 'string' ? JSON.parse(villages) : villages,
    );
  }

  /**
   * The counts for a subtree on a day. From the cheapest source that is complete: the subtree's
   * stored totals; else the sums of the cached per-org rows, the missing ones computed and stored
   * first, and the totals stored; all of that under the cache lock (writers wait for it, so what
   * is stored matches the data read). When a writer holds the lock nothing is stored: the missing
   * rows are computed in the answering statement.
   */
  async function compute(scope: Scope, root: BaseStatistics['org'] & { path: string }, day: string) {
    const wholeSubtree = readsWholeSubtree(scope);
    const row = await db.transaction(async (tx) => {
      const first = async (query: SQL) => (await queryRows<TotalsRow>(tx, query))[0]!;
      const totals = () => first(cachedTotalsQuery(day, formula, root.path, scope));
      // JIT is off: compiling these ~100 aggregates costs more (a few hundred ms on PostgreSQL)
      // than it saves.
      await tx.execute(sql`set local jit = off`);
      if (wholeSubtree) {
        const stored = (await storedTotals(tx, day, [root.id])).get(root.id);
        if (stored) return stored;
      }
      const [{ locked }] = (await queryRows<{ locked: boolean }>(
        tx,
        sql`select pg_try_advisory_xact_lock(${cacheLockKey}) as locked`,
      )) as [{ locked: boolean }];
      const targets = await missingTargets(tx, day, root.path, scope);
      if (targets && !locked)
        return first(completedTotalsQuery(day, formula, root.path, scope, !('where' in targets)));
      if (targets) await fillCache(tx, day, targets);
      const sums = await totals();
      if (sums.missing !== 0) throw new Error(`statistics cache still misses ${sums.missing} orgs`);
      if (wholeSubtree && locked)
        await tx.execute(sql`insert into statistics_subtree_totals (day, org_id, totals)
          values (${day}::date, ${root.id}, ${JSON.stringify(sums)}::jsonb) on conflict do nothing`);
      return sums;
    });
    return fromTotals(root, day, row);
  }

  /**
   * What to compute for the subtree's orgs that have no cached row: a few by id (after edits), or
   * the whole subtree in one pass when many are missing (a new day; storing then keeps the rows
   * already cached); null when none is missing.
   */
  async function missingTargets(
    tx: Db,
    day: string,
    rootPath: string,
    scope: Scope,
  ): Promise<CountTargets | null> {
    const missing = await queryRows<{ id: number }>(
      tx,
      sql`select x.id from orgs x where ${missingIn(day, formula, rootPath, scope)} limit ${fewOrgs + 1}`,
    );
    if (missing.length === 0) return null;
    return missing.length <= fewOrgs
      ? { where: sql`x.id = any(${`{${missing.map((m) => m.id).join(',')}}`}::int[])` }
      : { rootPath, scope };
  }

  /**
   * The 基本情况's extra figures of a subtree on a day, kept in the subtree's totals row: the
   * statistics triggers delete that row whenever anything the figures are read from changes
   * (contact points and pairings too, migration 0017). Stored only under the cache lock, like the
   * totals, and only into the row the statistics just stored: a writer that deleted it meanwhile
   * leaves nothing to update. A reader bound to its own org gets them computed, as its statistics.
   */
  async function activity(scope: Scope, root: { id: number; path: string }, day: string) {
    const query = basicsActivityQuery(scope, root.path, day);
    if (!readsWholeSubtree(scope)) return (await queryRows<BasicsActivity>(db, query))[0]!;
    return db.transaction(async (tx) => {
      const [stored] = await queryRows<{ extras: BasicsActivity | string | null }>(
        tx,
        sql`select t.extras from statistics_subtree_totals t
            join statistics_days d on d.day = t.day and d.formula = ${formula}
            where t.day = ${day}::date and t.org_id = ${root.id}`,
      );
      if (stored?.extras)
        return typeof stored.extras === 'string'
          ? (JSON.parse(stored.extras) as BasicsActivity)
          : stored.extras;
      const [{ locked }] = (await queryRows<{ locked: boolean }>(
        tx,
        sql`select pg_try_advisory_xact_lock(${cacheLockKey}) as locked`,
      )) as [{ locked: boolean }];
      await tx.execute(sql`set local jit = off`);
      const [figures] = await queryRows<BasicsActivity>(tx, query);
      if (locked)
        await tx.execute(sql`update statistics_subtree_totals set extras = ${JSON.stringify(figures)}::jsonb
          where day = ${day}::date and org_id = ${root.id}`);
      return figures!;
    });
  }

  /** Computes and stores the rows of `targets`; the caller holds the cache lock. */
  async function fillCache(tx: Db, day: string, targets: CountTargets) {
    const [known] = await queryRows<{ formula: string }>(
      tx,
      sql`select formula from statistics_days where day = ${day}::date`,
    );
    if (known?.formula !== formula) {
      // A new day (or one computed by another formula, whose rows all count as missing): start it
      // afresh and drop the oldest days.
      await tx.execute(sql`delete from statistics_days where day = ${day}::date or formula <> ${formula}`);
      await tx.execute(sql`insert into statistics_days (day, formula) values (${day}::date, ${formula})`);
      await tx.execute(sql`
        delete from statistics_days where day not in (
          select day from statistics_days order by computed_at desc, day desc limit ${cachedDays})`);
    }
    if ('where' in targets) {
      await tx.execute(storeOrgCounts(day, targets));
      return;
    }
    // The hash aggregate over thousands of orgs needs more than the default work_mem to stay in memory.
    await tx.execute(sql`set local work_mem = '128MB'`);
    await tx.execute(storeOrgCounts(day, targets));
    // The planner's statistics of the table know nothing of a day stored after they were taken (nor
    // does an autovacuum ANALYZE that ran while this transaction was filling): it then expects one
    // row for the day and joins the subtree's orgs to the day's rows by a nested loop over all of
    // them, which took 24 s at 50 000 orgs. Taking them now (two columns, ~20 ms) includes this
    // transaction's rows and is seen by everyone once it commits.
    await tx.execute(sql`analyze statistics_org_counts (day, org_id)`);
  }

  async function statistics(actor: Actor, query: StatisticsQuery): Promise<BaseStatistics> {
    const day = checkDay(query.asOf);
    const root = await rootOf(actor, query.orgId);
    return compute(actor.scope, root, day);
  }

  /** Comma-separated ids to distinct numbers, refusing what no single request would accept either. */
  function parseOrgIds(list: string): number[] {
    const ids = [...new Set(list.split(',').map(Number))];
    if (ids.some((id) => !Number.isInteger(id) || id < 1 || id > largestOrgId))
      throw badRequest('INVALID_ORG_IDS', 'orgIds 须为以逗号分隔的组织编号');
    if (ids.length > maxBatchOrgs)
      throw badRequest('TOO_MANY_ORGS', `一次最多统计 ${maxBatchOrgs} 个组织，本次请求了 ${ids.length} 个`);
    return ids;
  }

  return {
    statistics,
    /**
     * Each org's figures on one day, in the order asked, through the same caches as a single request.
     * Every org is checked against the scope before any is computed, so a refused batch costs nothing.
     */
    async batch(
      actor: Actor,
      query: BatchStatisticsQuery,
    ): Promise<{ asOf: string; items: BaseStatistics[] }> {
      const day = checkDay(query.asOf);
      const ids = parseOrgIds(query.orgIds);
      const roots = [];
      for (const id of ids) roots.push(await orgs.findInScope(actor.scope, id));
      const items = [];
      for (const root of roots) items.push(await compute(actor.scope, root, day));
      return { asOf: day, items };
    },
    /**
     * The direct children of an org within scope, each with its own figures, in the org list's
     * order: the dashboard's child table in one request, without first listing the children.
     */
    async children(
      actor: Actor,
      query: { orgId: number; asOf?: string | undefined },
    ): Promise<{ asOf: string; items: BaseStatistics[] }> {
      const day = checkDay(query.asOf);
      const children = await orgs.children(actor, query.orgId);
      // The stored totals of all children in one read: a transaction per child cost a town's 40
      // villages a tenth of a second on PGlite. Only the children without them are computed.
      const stored =
        !readsWholeSubtree(actor.scope) || children.length === 0
          ? new Map<number, TotalsRow>()
          : await storedTotals(
              db,
              day,
              children.map((c) => c.id),
            );
      const items = [];
      for (const child of children) {
        const totals = stored.get(child.id);
        items.push(totals ? fromTotals(child, day, totals) : await compute(actor.scope, child, day));
      }
      return { asOf: day, items };
    },
    /**
     * The villages without development of an org's subtree on a day, read off the cached per-org
     * flags the statistics count: how many, and the first `limit` by path. Missing rows are filled
     * first under the cache lock. Null when they cannot be (another request is filling the cache,
     * and computing the counts in the statement as `compute` does would cost the statistics' whole
     * pass): the caller then computes the list from the registry.
     */
    async villagesWithoutDevelopment(
      actor: Actor,
      query: { orgId: number; asOf: string },
      limit: number,
    ): Promise<{ total: number; items: { id: number; name: string }[] } | null> {
      const root = await orgs.findInScope(actor.scope, query.orgId);
      const day = query.asOf;
      const row = await db.transaction(async (tx) => {
        const read = async () =>
          (
            await queryRows<{
              missing: number;
              total: number;
              villages: { id: number; name: string }[] | string;
            }>(tx, flaggedVillagesQuery(day, formula, root.path, actor.scope, limit))
          )[0]!;
        const first = await read();
        if (first.missing === 0) return first;
        const [{ locked }] = (await queryRows<{ locked: boolean }>(
          tx,
          sql`select pg_try_advisory_xact_lock(${cacheLockKey}) as locked`,
        )) as [{ locked: boolean }];
        if (!locked) return null;
        await tx.execute(sql`set local jit = off`);
        const targets = await missingTargets(tx, day, root.path, actor.scope);
        if (targets) await fillCache(tx, day, targets);
        return read();
      });
      if (!row || row.missing > 0) return null;
      const items = typeof row.villages === 'string' ? JSON.parse(row.villages) : row.villages;
      return { total: row.total, items };
    },
    /** The printable 基本情况 block: prose and table rows. */
    async basics(actor: Actor, query: StatisticsQuery): Promise<{ text: string; rows: BasicsRow[] }> {
      const day = checkDay(query.asOf);
      const root = await rootOf(actor, query.orgId);
      const stats = await compute(actor.scope, root, day);
      // The profile figures of the day's year: a report on 2025 quotes what was entered for 2025.
      const profile = await profileTotals(db, actor.scope, root, Number(day.slice(0, 4)));
      return describeBasics(stats, stats.org.name, stats.asOf, {
        profile,
        activity: await activity(actor.scope, root, day),
      });
    },
  };
}

export type StatisticsService = ReturnType<typeof createStatisticsService>;
