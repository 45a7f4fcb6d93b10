// 发展党员提醒: the development pipeline's due and overdue items, read off the members' stage dates
// on a day (activists eligible to become candidates, conversions due and overdue, villages that
// developed nobody in two calendar years).
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { admissionsIn } from '../../../db/member-in-org.js';
import { queryRows } from '../../../db/query-rows.js';
import { developmentWindow } from '../../../domain/statistics.js';
import type { Clock } from '../../clock.js';
import type { Actor } from '../../http/actor.js';
import type { Pipeline, PipelineParams, PipelinePerson } from '../../../contract/pipeline.js';
import { subtreeWithin } from '../orgs/lookup.js';

export function createPipelineService({ db, clock }: { db: Db; clock: Clock }) {
  return {
    async reminders(actor: Actor, query: PipelineParams): Promise<Pipeline> {
      const asOf = query.asOf ?? clock.today();
      const window = developmentWindow(asOf);
      const within = await subtreeWithin(db, actor, query.orgId, sql`m.org_path`);
      const orgWithin = await subtreeWithin(db, actor, query.orgId, sql`o.path`);
      const people = (condition: SQL, since: SQL, due: SQL) =>
        queryRows<PipelinePerson>(
          db,
          sql`select m.id as "memberId", m.name, o.id as "orgId", o.name as "orgName",
                     (${since})::text as since, (${due})::date::text as "dueOn"
              from members m join orgs o on o.id = m.org_id
              where ${within} and (m.left_on is null or m.left_on > ${asOf}::date) and ${condition}
              order by "dueOn", o.path, m.name, m.id`,
        );
      const probationary = sql`m.probationary_on <= ${asOf}::date
        and ((m.full_on is null and m.stage = 'probationary') or m.full_on > ${asOf}::date)`;
      const due = sql`m.probationary_on + interval '1 year'`;
      const [activistsEligible, conversionsDue, conversionsOverdue, villages] = await Promise.all([
        people(
          sql`m.activist_on + interval '1 year' <= ${asOf}::date
            and (m.candidate_on is null or m.candidate_on > ${asOf}::date)
            and (m.probationary_on is null or m.probationary_on > ${asOf}::date)
            and (m.full_on is null or m.full_on > ${asOf}::date)`,
          sql`m.activist_on`,
          sql`m.activist_on + interval '1 year'`,
        ),
        people(
          sql`${probationary} and ${due} > ${asOf}::date and ${due} <= ${asOf}::date + 30`,
          sql`m.probationary_on`,
          due,
        ),
        people(sql`${probationary} and ${due} <= ${asOf}::date`, sql`m.probationary_on`, due),
        // The statistics' own definition (admissions where they happened, `admissionsIn`), so this
        // list is the dashboard's and the 基本情况's, and a listed village's last development
        // necessarily predates the window. The admissions are grouped per org in one pass: a lookup
        // per village into them was quadratic (minutes for a province's 20,000 villages).
        queryRows<{ orgId: number; orgName: string; lastDevelopedOn: string | null }>(
          db,
          sql`with villages as materialized (
                select o.id, o.name, o.path from orgs o
                where ${orgWithin} and o.domain = 'village' and o.level in ('branch', 'generalBranch')
                  and (o.founded_on is null or o.founded_on <= ${window.from}::date)
                  and (o.dissolved_on is null or o.dissolved_on > ${asOf}::date)
              ),
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
              select v.id as "orgId", v.name as "orgName", l.last_on::text as "lastDevelopedOn"
              from villages v left join last_admissions l on l.org_id = v.id
              where l.in_window is not true
              order by v.path`,
        ),
      ]);
      return {
        asOf,
        activistsEligible,
        conversionsDue,
        conversionsOverdue,
        villagesWithoutDevelopment: villages,
      };
    },
  };
}

export type PipelineService = ReturnType<typeof createPipelineService>;
