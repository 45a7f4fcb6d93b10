// 发展党员提醒: the development pipeline's due and overdue items, read off the members' stage dates
// on a day (activists eligible to become candidates, conversions due and overdue, villages that
// developed nobody in two calendar years).
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { queryRows } from '../../../db/query-rows.js';
import type { Clock } from '../../clock.js';
import type { Actor } from '../../http/actor.js';
import type { Pipeline, PipelineParams, PipelinePerson } from '../../../contract/pipeline.js';
import { subtreeWithin } from '../orgs/lookup.js';

export function createPipelineService({ db, clock }: { db: Db; clock: Clock }) {
  return {
    async reminders(actor: Actor, query: PipelineParams): Promise<Pipeline> {
      const asOf = query.asOf ?? clock.today();
      const year = Number(asOf.slice(0, 4));
      const windowStart = `${String(year - 2).padStart(4, '0')}-01-01`;
      const windowEnd = `${String(year - 1).padStart(4, '0')}-12-31`;
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
        queryRows<{ orgId: number; orgName: string; lastDevelopedOn: string | null }>(
          db,
          sql`select o.id as "orgId", o.name as "orgName",
                     (select max(m.probationary_on)::text from members m
                      where m.org_id = o.id and m.probationary_on <= ${asOf}::date) as "lastDevelopedOn"
              from orgs o
              where ${orgWithin} and o.domain = 'village' and o.level in ('branch', 'generalBranch')
                and (o.founded_on is null or o.founded_on <= ${windowStart}::date)
                and (o.dissolved_on is null or o.dissolved_on > ${asOf}::date)
                and not exists (select 1 from members m where m.org_id = o.id
                                and m.probationary_on between ${windowStart}::date and ${windowEnd}::date)
              order by o.path`,
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
