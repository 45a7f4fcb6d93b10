// 晒单 (the monthly board) and 整改统计 (the dashboard's figures): read-only, set-based counts over a
// subtree's problems. Each groups the subtree's items by the org one level below the asked org
// (the label of the item's path at that depth is that org's id, so no join is needed to group),
// which is what lets a county's 50,000 items be counted in one pass.
import { isNull, sql, type SQL } from 'drizzle-orm';
import {
  boardPeriod,
  completionOverTime,
  completionRate,
  daysOverdueAsOf,
  monthLabel,
  monthOf,
  rankBoard,
  type BoardCounts,
} from '../../../domain/rectification/board.js';
import type { ProblemCategory, ProblemSource } from '../../../domain/rectification/sources.js';
import type { Db } from '../../../db/client.js';
import { queryRows } from '../../../db/query-rows.js';
import { orgs } from '../../../db/schema/index.js';
import type { Board, BoardQuery, ProblemStats, StatsQuery } from '../../../contract/rectification.js';
import type { Clock } from '../../clock.js';
import type { Actor } from '../../http/actor.js';
import { withinScope } from '../../http/scope-sql.js';
import { badRequest, notFound } from '../../errors.js';
import { boardWorkbook } from './board-xlsx.js';
import { orgInScope } from './service.js';

/** Rows of each board list at most: a printed page or a shared image, not an export of everything. */
const boardListLimit = 500;

interface CountRow {
  child: number | null;
  total: number;
  closed: number;
  overdue: number;
}

export function createProblemBoardService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  /** The asked org (in scope, else 404), or the reader's own, or the top of the tree for an admin. */
  async function boardOrg(actor: Actor, orgId: number | undefined) {
    if (orgId !== undefined) return orgInScope(db, actor, orgId);
    if (actor.orgId !== null) return orgInScope(db, actor, actor.orgId);
    const [top] = await db
      .select({ id: orgs.id })
      .from(orgs)
      .where(isNull(orgs.parentId))
      .orderBy(orgs.id)
      .limit(1);
    if (!top) throw notFound('组织不存在或无权查看');
    return orgInScope(db, actor, top.id);
  }

  /** The subtree's items still in the lists (a merged duplicate is not an item), within scope. */
  const subtree = (actor: Actor, path: string): SQL =>
    sql`p.org_path <@ ${path}::ltree and ${withinScope(actor.scope, sql`p.org_path`)} and p.merged_into_id is null`;

  /** The id of the org one level below `path` an item's org lies in, or null for the org's own. */
  const childOf = (path: string) =>
    sql`case when nlevel(p.org_path) > nlevel(${path}::ltree)
          then subpath(p.org_path, nlevel(${path}::ltree), 1)::text::int end`;

  /** Names of the orgs one level below, for the ids the counts found. */
  async function namesOf(ids: number[]): Promise<Map<number, { name: string; hasChildren: boolean }>> {
    if (ids.length === 0) return new Map();
    const rows = await queryRows<{ id: number; name: string; has_children: boolean }>(
      db,
      sql`select o.id, o.name, exists (select 1 from orgs c where c.parent_id = o.id) as has_children
          from orgs o where o.id = any(${`{${ids.join(',')}}`}::int[])`,
    );
    return new Map(rows.map((r) => [r.id, { name: r.name, hasChildren: r.has_children }]));
  }

  function sumCounts(rows: readonly CountRow[]) {
    const sum = { total: 0, closed: 0, overdue: 0 };
    for (const r of rows) {
      sum.total += r.total;
      sum.closed += r.closed;
      sum.overdue += r.overdue;
    }
    return sum;
  }

  async function board(actor: Actor, query: BoardQuery): Promise<Board> {
    const org = await boardOrg(actor, query.orgId);
    const today = clock.today();
    const month = query.month ?? monthOf(today);
    // A month yet to start has nothing of its own; read as of today it would pass this month's
    // figures off under its name.
    if (month > monthOf(today))
      throw badRequest('MONTH_NOT_STARTED', `${monthLabel(month)}尚未开始，晒单只能查看本月及以前的月份`);
    const { from, asOf } = boardPeriod(month, today);
    // As of the month's end: filed by then; closed only if closed by then.
    const base = sql`${subtree(actor, org.path)} and p.created_at::date <= ${asOf}::date`;
    const closedBy = sql`(p.status = 'closed' and p.closed_on <= ${asOf}::date)`;
    const counts = await queryRows<CountRow & { closed_in_month: number }>(
      db,
      sql`select ${childOf(org.path)} as child, count(*)::int as total,
                 count(*) filter (where ${closedBy})::int as closed,
                 count(*) filter (where not ${closedBy} and p.deadline < ${asOf}::date)::int as overdue,
                 count(*) filter (where ${closedBy} and p.closed_on >= ${from}::date)::int as closed_in_month
          from problems p where ${base} group by 1`,
    );
    const lists = await queryRows<{
      kind: 'overdue' | 'closed';
      id: number;
      org_name: string;
      text: string;
      day: string;
      responsible: string | null;
    }>(
      db,
      sql`(select 'overdue' as kind, p.id, o.name as org_name, p.text, p.deadline::text as day,
                  (select m.owner_name from problem_measures m where m.problem_id = p.id
                   order by m.id limit 1) as responsible
           from problems p join orgs o on o.id = p.org_id
           where ${base} and not ${closedBy} and p.deadline < ${asOf}::date
           order by p.deadline, p.id limit ${boardListLimit})
          union all
          (select 'closed', p.id, o.name, p.text, p.closed_on::text, null
           from problems p join orgs o on o.id = p.org_id
           where ${base} and ${closedBy} and p.closed_on >= ${from}::date
           order by p.closed_on desc, p.id limit ${boardListLimit})`,
    );
    const children = counts.flatMap((c) => (c.child === null ? [] : [{ ...c, child: c.child }]));
    const names = await namesOf(children.map((c) => c.child));
    const summary = rankBoard([{ orgId: org.id, orgName: org.name, ...sumCounts(counts) }])[0]!;
    return {
      org: { id: org.id, name: org.name },
      month,
      asOf,
      summary,
      rows: rankBoard(
        children.map((c): BoardCounts => ({
          orgId: c.child,
          orgName: names.get(c.child)?.name ?? '',
          total: c.total,
          closed: c.closed,
          overdue: c.overdue,
        })),
      ),
      overdue: lists
        .filter((r) => r.kind === 'overdue')
        .map((r) => ({
          id: r.id,
          orgName: r.org_name,
          text: r.text,
          deadline: r.day,
          daysOverdue: daysOverdueAsOf(r.day, asOf),
          responsibleName: r.responsible,
        })),
      overdueTotal: summary.overdue,
      closedInMonth: lists
        .filter((r) => r.kind === 'closed')
        .map((r) => ({ id: r.id, orgName: r.org_name, text: r.text, closedOn: r.day })),
      closedInMonthTotal: counts.reduce((n, c) => n + c.closed_in_month, 0),
    };
  }

  async function stats(actor: Actor, query: StatsQuery): Promise<ProblemStats> {
    const org = await boardOrg(actor, query.orgId);
    const today = clock.today();
    const base = subtree(actor, org.path);
    // One pass for every breakdown but the closing month: grouping sets, told apart by `grouping()`.
    const grouped = await queryRows<{
      set: number;
      child: number | null;
      category: ProblemCategory | null;
      source: ProblemSource | null;
      month: string | null;
      total: number;
      closed: number;
      overdue: number;
    }>(
      db,
      // The child and month are computed in a subquery, so the grouping sets name plain columns.
      sql`select grouping(child, category, source, month) as set, child, category, source, month,
                 count(*)::int as total, count(*) filter (where closed)::int as closed,
                 count(*) filter (where not closed and deadline < ${today}::date)::int as overdue
          from (select ${childOf(org.path)} as child, p.category, p.source, p.deadline,
                       to_char(p.created_at, 'YYYY-MM') as month, p.status = 'closed' as closed
                from problems p where ${base}) p
          group by grouping sets ((child), (category), (source), (month))`,
    );
    const closedByMonth = await queryRows<{ month: string; closed: number }>(
      db,
      sql`select to_char(p.closed_on, 'YYYY-MM') as month, count(*)::int as closed
          from problems p where ${base} and p.status = 'closed' group by 1`,
    );
    // grouping() has a bit per argument, first argument highest, set when the row leaves it out: the
    // rows grouped by the argument whose bit is `bit` alone have every other bit set.
    const inSet = (bit: number) => grouped.filter((g) => g.set === 0b1111 - bit);
    const byChild = inSet(0b1000);
    const names = await namesOf(byChild.flatMap((c) => (c.child === null ? [] : [c.child])));
    const totals = sumCounts(byChild);
    const figures = new Map<string, { month: string; filed: number; closed: number }>();
    for (const g of inSet(0b0001)) figures.set(g.month!, { month: g.month!, filed: g.total, closed: 0 });
    for (const c of closedByMonth)
      figures.set(c.month, { month: c.month, filed: figures.get(c.month)?.filed ?? 0, closed: c.closed });
    const trail = await queryRows<{ id: number; name: string }>(
      db,
      sql`select id, name from orgs where path @> ${org.path}::ltree and id <> ${org.id}
          and ${withinScope(actor.scope, sql`path`)} order by nlevel(path)`,
    );
    const tally = (g: { total: number; closed: number }) => ({ total: g.total, closed: g.closed });
    return {
      org: { id: org.id, name: org.name, parentId: org.parentId },
      trail,
      ...totals,
      rate: completionRate(totals.closed, totals.total),
      months: completionOverTime([...figures.values()]),
      byCategory: inSet(0b0100).map((g) => ({ category: g.category!, ...tally(g) })),
      bySource: inSet(0b0010).map((g) => ({ source: g.source!, ...tally(g) })),
      children: byChild
        .filter((c) => c.child !== null)
        .map((c) => ({
          orgId: c.child!,
          orgName: names.get(c.child!)?.name ?? '',
          hasChildren: names.get(c.child!)?.hasChildren ?? false,
          ...tally(c),
          overdue: c.overdue,
          rate: completionRate(c.closed, c.total),
        }))
        .sort((a, b) => (b.rate ?? -1) - (a.rate ?? -1) || a.orgName.localeCompare(b.orgName, 'zh-CN')),
    };
  }

  return {
    board,
    stats,

    /** The board as a workbook: 完成情况, 逾期事项 and 本月销号, with a title naming org and month. */
    async boardWorkbook(actor: Actor, query: BoardQuery) {
      const data = await board(actor, query);
      return { fileName: `${data.org.name}${data.month}整改晒单.xlsx`, body: await boardWorkbook(data) };
    },
  };
}

export type ProblemBoardService = ReturnType<typeof createProblemBoardService>;
