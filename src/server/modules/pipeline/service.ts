// 发展党员提醒: the development pipeline's due and overdue items, read off the members' stage dates
// on a day (activists eligible to become candidates, conversions due and overdue, villages that
// developed nobody in two calendar years). A county's lists run to tens of thousands of people, so
// each list answers with its count and its first `pipelineListLimit` items.
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { admissionsIn } from '../../../db/member-in-org.js';
import { queryRows } from '../../../db/query-rows.js';
import { developmentWindow } from '../../../domain/statistics.js';
import type { Clock } from '../../clock.js';
import type { Actor } from '../../http/actor.js';
import {
  pipelineListLimit,
  type Pipeline,
  type PipelineOrgRow,
  type PipelineParams,
  type PipelinePerson,
  type VillageWithoutDevelopment,
} from '../../../contract/pipeline.js';
import { subtreeWithin } from '../orgs/lookup.js';
import type { StatisticsService } from '../statistics/service.js';

type PersonList = 'activistsEligible' | 'conversionsDue' | 'conversionsOverdue';
type Listed<T> = { total: number; items: T[] };
/** PGlite hands json columns over as text, PostgreSQL parsed. */
const parsed = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);

export function createPipelineService({
  db,
  clock,
  statistics,
}: {
  db: Db;
  clock: Clock;
  statistics: Pick<StatisticsService, 'villagesWithoutDevelopment'>;
}) {
  /**
   * The three person lists and the per-org counts in one pass over the subtree's members: each
   * person is in at most one list (an activist has no probationary date yet; a conversion is due
   * or overdue).
   */
  async function people(within: SQL, asOf: string) {
    const D = sql`${asOf}::date`;
    const activist = sql`m.activist_on + interval '1 year' <= ${D}
      and (m.candidate_on is null or m.candidate_on > ${D})
      and (m.probationary_on is null or m.probationary_on > ${D})
      and (m.full_on is null or m.full_on > ${D})`;
    const probationary = sql`m.probationary_on <= ${D}
      and ((m.full_on is null and m.stage = 'probationary') or m.full_on > ${D})`;
    const due = sql`m.probationary_on + interval '1 year'`;
    const list = (name: PersonList) => sql`(
      select json_build_object(
        'total', (select count(*) from p where p.list = ${name}),
        'items', coalesce(json_agg(json_build_object(
          'memberId', x.id, 'name', x.name, 'orgId', x.org_id, 'orgName', x.org_name,
          'since', x.since::text, 'dueOn', x.due_on::text) order by x.due_on, x.path, x.name, x.id), '[]'::json))
      from (select p.*, o.name as org_name, o.path from p join orgs o on o.id = p.org_id
            where p.list = ${name} order by p.due_on, o.path, p.name, p.id limit ${pipelineListLimit}) x)`;
    const [row] = await queryRows<Record<PersonList | 'perOrg', Listed<unknown> | string>>(
      db,
      sql`with p as materialized (
            select m.id, m.name, m.org_id,
              case when ${activist} then 'activistsEligible'
                   when ${due} <= ${D} then 'conversionsOverdue' else 'conversionsDue' end as list,
              case when ${activist} then m.activist_on else m.probationary_on end as since,
              (case when ${activist} then m.activist_on + interval '1 year' else ${due} end)::date as due_on
            from members m
            where ${within} and (m.left_on is null or m.left_on > ${D})
              and ((${activist}) or (${probationary} and ${due} <= ${D} + 30))
          ),
          per_org as (
            select p.org_id,
              count(*) filter (where p.list = 'activistsEligible')::int as activists_eligible,
              count(*) filter (where p.list = 'conversionsDue')::int as conversions_due,
              count(*) filter (where p.list = 'conversionsOverdue')::int as conversions_overdue
            from p group by p.org_id
          )
          select ${list('activistsEligible')} as "activistsEligible",
            ${list('conversionsDue')} as "conversionsDue",
            ${list('conversionsOverdue')} as "conversionsOverdue",
            (select json_build_object(
              'total', (select count(*) from per_org),
              'items', coalesce(json_agg(json_build_object(
                'orgId', r.org_id, 'orgName', r.name, 'activistsEligible', r.activists_eligible,
                'conversionsDue', r.conversions_due, 'conversionsOverdue', r.conversions_overdue)
                order by r.conversions_overdue desc, r.path), '[]'::json))
             from (select c.*, o.name, o.path from per_org c join orgs o on o.id = c.org_id
                   order by c.conversions_overdue desc, o.path limit ${pipelineListLimit}) r) as "perOrg"`,
    );
    return {
      activistsEligible: parsed(row!.activistsEligible) as Listed<PipelinePerson>,
      conversionsDue: parsed(row!.conversionsDue) as Listed<PipelinePerson>,
      conversionsOverdue: parsed(row!.conversionsOverdue) as Listed<PipelinePerson>,
      perOrg: parsed(row!.perOrg) as Listed<PipelineOrgRow>,
    };
  }

  /**
   * The villages of `villages` (a query of id, name, path) that developed nobody in the window, by
   * the statistics' own definition (admissions where they happened, `admissionsIn`), with their
   * last development, the first `pipelineListLimit` by path and how many. The admissions are grouped
   * per org in one pass: a lookup per village into them was quadratic.
   */
  async function villagesAmong(villages: SQL, asOf: string): Promise<Listed<VillageWithoutDevelopment>> {
    const window = developmentWindow(asOf);
    const rows = await queryRows<VillageWithoutDevelopment & { total: number }>(
      db,
      sql`with villages as materialized (${villages}),
          admitted as (${admissionsIn({
            orgIds: sql`select id from villages`,
            current: sql`m.org_id in (select id from villages)`,
            from: null,
            to: sql`${asOf}::date`,
          })}),
          last_admissions as (
            select a.org_id, max(a.admitted_on) as last_on,
                   bool_or(a.admitted_on between ${window.from}::date and ${window.to}::date) as in_window
            from admitted a group by a.org_id
          )
          select v.id as "orgId", v.name as "orgName", l.last_on::text as "lastDevelopedOn",
                 count(*) over ()::int as total
          from villages v left join last_admissions l on l.org_id = v.id
          where l.in_window is not true
          order by v.path limit ${pipelineListLimit}`,
    );
    return { total: rows[0]?.total ?? 0, items: rows.map(({ total: _total, ...village }) => village) };
  }

  /**
   * The villages without development: read off the statistics' cached per-org flags when the
   * request names one subtree (the same figure the dashboard counts, seconds cheaper at a county's
   * size), only the listed villages' last development looked up; else computed from the registry.
   */
  async function villagesWithoutDevelopment(actor: Actor, query: PipelineParams, asOf: string) {
    const rootId = query.orgId ?? actor.orgId;
    const flagged =
      rootId === null
        ? null
        : await statistics.villagesWithoutDevelopment(actor, { orgId: rootId, asOf }, pipelineListLimit);
    if (flagged) {
      const ids = `{${flagged.items.map((v) => v.id).join(',')}}`;
      const listed = await villagesAmong(
        sql`select o.id, o.name, o.path from orgs o where o.id = any(${ids}::int[])`,
        asOf,
      );
      return { total: flagged.total, items: listed.items };
    }
    const orgWithin = await subtreeWithin(db, actor, query.orgId, sql`o.path`);
    const window = developmentWindow(asOf);
    return villagesAmong(
      sql`select o.id, o.name, o.path from orgs o
          where ${orgWithin} and o.domain = 'village' and o.level in ('branch', 'generalBranch')
            and (o.founded_on is null or o.founded_on <= ${window.from}::date)
            and (o.dissolved_on is null or o.dissolved_on > ${asOf}::date)`,
      asOf,
    );
  }

  return {
    async reminders(actor: Actor, query: PipelineParams): Promise<Pipeline> {
      const asOf = query.asOf ?? clock.today();
      const within = await subtreeWithin(db, actor, query.orgId, sql`m.org_path`);
      const [lists, villages] = await Promise.all([
        people(within, asOf),
        villagesWithoutDevelopment(actor, query, asOf),
      ]);
      return { asOf, ...lists, villagesWithoutDevelopment: villages };
    },
  };
}

export type PipelineService = ReturnType<typeof createPipelineService>;
