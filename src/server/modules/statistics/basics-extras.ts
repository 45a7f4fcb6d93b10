// Figures of the 基本情况 that the records hold but the cached per-org counts do not: 换届 done this
// year, the make-up of this year's new members (women, under 35 when admitted, college), contact points and
// pairings, 支委 education. One statement over the asked subtree on the day; at a province's size it
// takes seconds (it places the subtree's members), so the service keeps its answer with the subtree's
// statistics totals and the same triggers drop it (migrations 0002 and 0017).

import { sql, type SQL } from 'drizzle-orm';
import type { Scope } from '../../../domain/access.js';
import { educationLevels } from '../../../domain/member-base.js';
import { admissionsIn, membersInOrgOn } from '../../../db/member-in-org.js';
import { withinScope } from '../../http/scope-sql.js';

const levelsFrom = (from: (typeof educationLevels)[number]) =>
  sql.raw(
    educationLevels
      .slice(educationLevels.indexOf(from))
      .map((e) => `'${e}'`)
      .join(','),
  );

export function basicsActivityQuery(scope: Scope, rootPath: string, day: string): SQL {
  const yearStart = `${day.slice(0, 4)}-01-01`;
  const inTree = (path: unknown) =>
    sql`${path} <@ ${rootPath}::ltree and ${withinScope(scope, sql`${path}`)}`;
  return sql`
    with tree as (
      select x.id, x.level, x.domain, x.term_started_on from orgs x
      where ${inTree(sql`x.path`)}
        and (x.founded_on is null or x.founded_on <= ${day})
        and (x.dissolved_on is null or x.dissolved_on > ${day})
    ),
    placed as (${membersInOrgOn(sql`${day}::date`, {
      columns: sql`m.education, m.branch_role, m.left_on`,
      current: inTree(sql`m.org_path`),
      formerOrg: (orgId) => sql`${orgId} in (select id from tree)`,
      where: sql`true`,
    })}),
    -- 发展党员 as everywhere else: by the org that admitted them, leavers and movers included.
    admitted as (
      select m.gender, m.birth_date, m.education, m.probationary_on
      from (${admissionsIn({
        orgIds: sql`select id from tree`,
        current: inTree(sql`m.org_path`),
        from: sql`${yearStart}::date`,
        to: sql`${day}::date`,
      })}) a
      join members m on m.id = a.member_id
    ),
    committee as (
      select p.* from placed p join tree t on t.id = p.day_org_id
      where p.branch_role is not null and t.domain = 'village' and t.level in ('branch', 'generalBranch')
        and (p.left_on is null or p.left_on > ${day})
    )
    select
      (select count(*)::int from tree where term_started_on between ${yearStart} and ${day}) as "termsRenewed",
      (select count(*)::int from contact_points c join tree t on t.id = c.org_id
        where (c.started_on is null or c.started_on <= ${day}) and (c.ended_on is null or c.ended_on > ${day}))
        as "contactPoints",
      (select count(*)::int from pairings c join tree t on t.id = c.org_id
        where (c.started_on is null or c.started_on <= ${day}) and (c.ended_on is null or c.ended_on > ${day}))
        as "pairings",
      (select count(*)::int from admitted) as "admitted",
      (select count(*)::int from admitted where gender = 'female') as "admittedFemale",
      (select count(*)::int from admitted where birth_date > probationary_on - interval '35 years')
        as "admittedUnder35",
      (select count(*)::int from admitted where education in (${levelsFrom('juniorCollege')}))
        as "admittedCollege",
      (select count(*)::int from committee) as "branchCommittee",
      (select count(*)::int from committee where education in (${levelsFrom('juniorCollege')}))
        as "branchCommitteeCollege",
      (select count(*)::int from committee where education in (${levelsFrom('seniorHigh')}))
        as "branchCommitteeSeniorHigh"`;
}
