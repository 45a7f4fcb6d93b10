// The SQL behind the statistics. Every count is additive over orgs: a member counts in the org
// they belonged to on the day, an org's facts in that org, a non-public entity in its area org. So
// the figures of any subtree are the sums of per-org rows, and those rows are cached per day in
// statistics_org_counts (src/db/schema/statistics.ts; triggers of migration 0002 delete an org's
// rows whenever anything they are computed from changes). A request is then:
//
// - `cachedTotalsQuery`: one pass over the subtree's orgs joined to their cached rows for the day,
//   summing every count, counting the orgs that have no row, and listing the first villages without
//   development (from the per-org flag, names read now). With every row cached this is the answer.
// - `orgCountsQuery`: the per-org rows of orgs that lack one, computed from the registry: a few
//   orgs by id, or a whole subtree (`CountTargets`). The members are placed on the day by the
//   transfer rule (`membersInOrgOn`, src/db/member-in-org.ts). Each member's facts (party member on the day, age, education rank,
//   roles, mobile records…) are worked out once, as booleans and small integers; one grouped pass
//   then gives every per-person figure as a FILTERed count or sum. Development (发展党员) is
//   counted apart, over admissions placed where they happened (`admissionsIn`), so members who
//   left or moved away since still count where they were developed. What depends on the org (a
//   village branch's cadres, new economic and social organizations) is gated per org after the
//   grouping. Org facts, rectifications and non-public entities are small scans.
// - `completedTotalsQuery`: the sums with the missing rows computed in the same statement, storing
//   nothing (when a writer holds the cache lock; see the service, which also keeps each answered
//   subtree's finished sums).
//
// Ages are compared as dates: someone is at least k years old on D exactly when born on or before
// addYears(D, -k); the exact age (for averages) and the age band are binary searches (width_bucket)
// over such cut-off dates. Everything returned is an integer count or sum; percentages and averages
// are derived in src/domain/statistics.ts by the code the reference implementation uses too.

import { sql, type SQL } from 'drizzle-orm';
import { admissionsIn, membersInOrgOn } from '../../../db/member-in-org.js';
import { countColumn } from '../../../db/schema/statistics.js';
import type { Scope } from '../../../domain/access.js';
import { addDays, addYears } from '../../../domain/dates.js';
import { educationLevels, termReminderDays } from '../../../domain/member-base.js';
import {
  ageBandFrom,
  ageBands,
  countKeys,
  developmentWindow,
  maxAge,
  newEconomicSocialDomains,
  newInYearKey,
  newMemberYearList,
  villageListLimit,
  type CountKey,
  type StatisticsCounts,
} from '../../../domain/statistics.js';
import { withinScope } from '../../http/scope-sql.js';

const textList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(','));
const key = (k: CountKey) => sql.identifier(k);

/**
 * A per-person figure: rows where `when` holds are counted, or `value` is summed over them. With a
 * `gate` (a condition on the org `x`), only orgs where it holds keep the count: the org's facts are
 * the same for all its members, so they are tested once per org rather than once per member.
 */
interface Figure {
  key: CountKey;
  when: SQL;
  value?: SQL;
  gate?: SQL;
}

/**
 * The per-member facts every figure is built from, each worked out once per member, as booleans
 * and small integers, so the figures only test them: `m` is a member, `mob` their active mobile
 * records.
 */
function memberFacts(day: string): SQL {
  const D = sql`${day}::date`;
  // Ascending cut-offs addYears(D, -k) + 1 day for k = maxAge … 1: the number of them on or before
  // a birth date is maxAge minus the age (clamped to [0, maxAge]).
  const ageCutoffs = `{${Array.from({ length: maxAge }, (_, i) => addDays(addYears(day, -(maxAge - i)), 1)).join(',')}}`;
  // The same for the bands: the number of the later bands' cut-offs (oldest first) on or before a
  // birth date counts down from the last band.
  const bandCutoffs = `{${ageBands
    .slice(1)
    .reverse()
    .map((b) => addDays(addYears(day, -ageBandFrom[b]), 1))
    .join(',')}}`;
  const party = sql`coalesce(least(m.full_on, m.probationary_on) <= ${D}, false)`;
  return sql`
    ${party} as party,
    m.probationary_on <= ${D} and (m.full_on is null or m.full_on > ${D}) as probationary,
    m.activist_on <= ${D} and coalesce(least(m.candidate_on, m.probationary_on, m.full_on) > ${D}, true) as activist,
    m.candidate_on <= ${D} and coalesce(least(m.probationary_on, m.full_on) > ${D}, true) as candidate,
    m.applied_on <= ${D}
      and coalesce(least(m.activist_on, m.candidate_on, m.probationary_on, m.full_on) > ${D}, true) as applicant,
    m.gender = 'female' as female,
    ${maxAge} - width_bucket(m.birth_date, ${ageCutoffs}::date[]) as age,
    ${ageBands.length - 1} - width_bucket(m.birth_date, ${bandCutoffs}::date[]) as band,
    array_position(array[${textList(educationLevels)}], m.education) as edu,
    m.branch_role = 'secretary' as secretary,
    m.branch_role is not null as branch_committee,
    m.village_committee_role is not null as village_committee,
    m.branch_role = 'secretary' and m.village_committee_role = 'director' as concurrent_head,
    m.is_town_leader as town_leader,
    m.is_college_grad_official as college_grad_official,
    m.is_resident_cadre as resident_cadre,
    m.is_first_secretary as first_secretary,
    coalesce(mob.outflow, false) as outflow,
    coalesce(mob.inflow, false) as inflow`;
}

/** Education from this level up, as an `edu` fact (a 1-based position in `educationLevels`). */
const eduFrom = (level: (typeof educationLevels)[number]) => educationLevels.indexOf(level) + 1;

/** The per-person figures of a row `m` of the member facts (`memberFacts`). */
function memberFigures(): Figure[] {
  const party = sql`m.party`;
  const ageKnown = sql`m.age is not null`;
  const female = sql`m.female`;
  const village = sql`x.is_village`;

  const cadreFigures = (
    prefix: 'townLeaders' | 'villageSecretaries' | 'twoCommittees',
    who: SQL,
    gate?: SQL,
  ): Figure[] => [
    { key: prefix, when: who, gate },
    { key: `${prefix}AgeKnown`, when: sql`${who} and ${ageKnown}`, gate },
    { key: `${prefix}AgeSum`, when: sql`${who} and ${ageKnown}`, value: sql`m.age`, gate },
    { key: `${prefix}SeniorHigh`, when: sql`${who} and m.edu >= ${eduFrom('seniorHigh')}`, gate },
    { key: `${prefix}College`, when: sql`${who} and m.edu >= ${eduFrom('juniorCollege')}`, gate },
  ];
  // `band` is the position of the age among the bands' starts, 0 for the first band.
  const bandOf = (i: number) => sql`${party} and m.band = ${i}`;

  return [
    { key: 'party', when: party },
    { key: 'probationary', when: sql`m.probationary` },
    { key: 'female', when: sql`${party} and ${female}` },
    { key: 'activists', when: sql`m.activist` },
    { key: 'candidates', when: sql`m.candidate` },
    { key: 'applicants', when: sql`m.applicant` },
    { key: 'outflow', when: sql`${party} and m.outflow` },
    { key: 'outflowFemale', when: sql`${party} and m.outflow and ${female}` },
    { key: 'inflow', when: sql`${party} and m.inflow` },
    {
      key: 'newEconomicSocial',
      when: party,
      gate: sql`coalesce(x.domain in (${textList(newEconomicSocialDomains)}), false)`,
    },
    ...educationLevels.map((e) => ({
      key: `edu_${e}` as const,
      when: sql`${party} and m.edu = ${eduFrom(e)}`,
    })),
    { key: 'ageKnown', when: sql`${party} and ${ageKnown}` },
    { key: 'ageSum', when: sql`${party} and ${ageKnown}`, value: sql`m.age` },
    ...ageBands.map((band, i) => ({ key: `age_${band}` as const, when: bandOf(i) })),
    ...ageBands.map((band, i) => ({
      key: `ageFemale_${band}` as const,
      when: sql`${bandOf(i)} and ${female}`,
    })),
    { key: 'ageUnder35', when: sql`${party} and m.age < 35` },
    // Leaders and cadres: anyone in the registry on the day.
    ...cadreFigures('townLeaders', sql`m.town_leader`),
    ...cadreFigures('villageSecretaries', sql`m.secretary`, village),
    ...cadreFigures('twoCommittees', sql`(m.branch_committee or m.village_committee)`, village),
    { key: 'branchCommittee', when: sql`m.branch_committee`, gate: village },
    { key: 'villageCommittee', when: sql`m.village_committee`, gate: village },
    { key: 'crossPosts', when: sql`m.branch_committee and m.village_committee`, gate: village },
    { key: 'collegeGradOfficials', when: sql`m.college_grad_official` },
    { key: 'residentCadres', when: sql`m.resident_cadre` },
    { key: 'firstSecretaries', when: sql`m.first_secretary` },
  ];
}

/**
 * 发展党员 per year, counted over the admissions (`admissionsIn`, rows `a`) up to the day: the
 * current year is cut at the day.
 */
function admissionFigures(day: string): { key: CountKey; when: SQL }[] {
  return newMemberYearList(day).map((year, i) => ({
    key: newInYearKey(i),
    when: sql`extract(year from a.admitted_on) = ${year}`,
  }));
}

/** The org-level counts of a row `x` (an org) that exists on the day (`x.present`). */
function orgFigures(day: string): { key: CountKey; when: SQL }[] {
  const D = sql`${day}::date`;
  const soon = addDays(day, termReminderDays);
  const branch = sql`x.level in ('branch', 'generalBranch')`;
  return [
    { key: 'orgsTotal', when: sql`true` },
    { key: 'committees', when: sql`x.level in ('committee', 'workCommittee')` },
    { key: 'generalBranches', when: sql`x.level = 'generalBranch'` },
    { key: 'branches', when: sql`x.level = 'branch'` },
    ...countKeys
      .filter((k) => k.startsWith('branchDomain_') && k !== 'branchDomain_unspecified')
      .map((k) => ({ key: k, when: sql`${branch} and x.domain = ${k.slice('branchDomain_'.length)}` })),
    { key: 'branchDomain_unspecified', when: sql`${branch} and x.domain is null` },
    { key: 'classAdvanced', when: sql`x.classification = 'advanced'` },
    { key: 'classOrdinary', when: sql`x.classification = 'ordinary'` },
    { key: 'classWeak', when: sql`x.classification = 'weak'` },
    { key: 'classNone', when: sql`x.classification is null` },
    { key: 'weakUnderRectification', when: sql`x.id in (select org_id from rectified)` },
    { key: 'serviceCenters', when: sql`x.has_service_center` },
    { key: 'remoteEducationSites', when: sql`x.has_remote_education_site` },
    { key: 'termsEndingSoon', when: sql`x.term_ends_on between ${D} and ${soon}::date` },
    { key: 'termsOverdue', when: sql`x.term_ends_on < ${D}` },
    { key: 'villageBranches', when: sql`x.is_village` },
    { key: 'eligibleVillages', when: sql`x.is_eligible` },
    { key: 'villagesWithoutDevelopment', when: sql`x.is_eligible and coalesce(ac.developed, 0) = 0` },
    { key: 'concurrentHeadVillages', when: sql`x.is_village and coalesce(mc.heads, 0) > 0` },
  ];
}

const entityFigures: { key: CountKey; when: SQL }[] = [
  { key: 'npEntities', when: sql`true` },
  { key: 'npShouldEstablish', when: sql`e.should_establish` },
  { key: 'npEstablished', when: sql`e.should_establish and e.own_org_id is not null` },
  { key: 'npCovered', when: sql`e.own_org_id is not null or e.covered_by_org_id is not null` },
  { key: 'npInstructors', when: sql`e.has_instructor` },
];

/**
 * The orgs whose per-org rows to compute: a few, those `orgs x` where `where` holds (after edits;
 * their members come by index), or a whole subtree as the scope lets the reader see it (a new
 * day; its members come by one pass over their org paths, and their active mobile records by one
 * pass over all of them).
 */
export type CountTargets = { where: SQL } | { rootPath: string; scope: Scope };

/** The orgs (`x`), or the members (`m`), that `targets` names. */
function targeted(targets: CountTargets, alias: 'x' | 'm'): SQL {
  if ('where' in targets) return alias === 'x' ? targets.where : sql`m.org_id in (select id from targets)`;
  return inSubtree(targets.rootPath, targets.scope, alias);
}

/**
 * Per org of `targets`: `org_id` and every count, as computed from the registry for the day. Orgs
 * with nothing to count still get a row (of zeros).
 */
export function orgCountsQuery(day: string, targets: CountTargets): SQL {
  const D = sql`${day}::date`;
  const window = developmentWindow(day);
  const present = sql`(m.left_on is null or m.left_on > ${D})
    and least(m.applied_on, m.activist_on, m.candidate_on, m.probationary_on, m.full_on) <= ${D}`;
  const activeRecord = sql`r.started_on <= ${D} and (r.ended_on is null or r.ended_on > ${D})`;
  const columns = sql.raw(
    `m.id, m.gender, m.birth_date, m.education, m.applied_on, m.activist_on, m.candidate_on,
     m.probationary_on, m.full_on, m.branch_role, m.village_committee_role, m.is_town_leader,
     m.is_college_grad_official, m.is_resident_cadre, m.is_first_secretary`,
  );
  const figures = memberFigures();
  const admissions = admissionFigures(day);
  const counted = sql.join(
    figures.map((f) =>
      f.value
        ? sql`coalesce(sum(${f.value}) filter (where ${f.when}), 0)::int as ${key(f.key)}`
        : sql`count(*) filter (where ${f.when})::int as ${key(f.key)}`,
    ),
    sql`, `,
  );
  const flag = (when: SQL) => sql`(x.present and coalesce(${when}, false))::int`;
  const memberCount = (f: Figure) =>
    f.gate
      ? sql`case when ${f.gate} then coalesce(mc.${key(f.key)}, 0) else 0 end`
      : sql`coalesce(mc.${key(f.key)}, 0)`;

  return sql`
    with targets as materialized (
      select x.* from orgs x where ${targeted(targets, 'x')}
    ),
    -- Members where they belonged on the day.
    placed as (${membersInOrgOn(D, {
      columns,
      current: targeted(targets, 'm'),
      formerOrg: (orgId) => sql`${orgId} in (select id from targets)`,
      where: present,
    })}),
    mob as (
      select r.member_id, bool_or(r.direction = 'outflow') as outflow, bool_or(r.direction = 'inflow') as inflow
      from mobile_records r
      where ${activeRecord} ${'where' in targets ? sql`and r.member_id in (select p.id from placed p)` : sql``}
      group by r.member_id
    ),
    member_counts as (
      select m.day_org_id as org_id, ${counted},
        count(*) filter (where m.concurrent_head) as heads
      from (
        -- OFFSET 0 keeps this a subquery of its own, so each fact is worked out once per member
        -- rather than in every figure that tests it.
        select m.day_org_id, ${memberFacts(day)}
        from placed m left join mob on mob.member_id = m.id
        offset 0
      ) m
      group by m.day_org_id
    ),
    admission_counts as (
      select a.org_id, ${sql.join(
        admissions.map((f) => sql`count(*) filter (where ${f.when})::int as ${key(f.key)}`),
        sql`, `,
      )},
        count(*) filter (where a.admitted_on >= ${window.from}::date and a.admitted_on <= ${window.to}::date) as developed
      from (${admissionsIn({
        orgIds: sql`select id from targets`,
        current: targeted(targets, 'm'),
        from: sql`${`${newMemberYearList(day)[0]}-01-01`}::date`,
        to: D,
      })}) a
      group by a.org_id
    ),
    rectified as (
      select r.org_id from weak_org_rectifications r
      where r.flagged_on <= ${D} and (r.transformed_on is null or r.transformed_on > ${D})
    ),
    entity_counts as (
      select e.org_id, ${sql.join(
        entityFigures.map((f) => sql`count(*) filter (where ${f.when})::int as ${key(f.key)}`),
        sql`, `,
      )}
      from non_public_entities e
      where e.org_id in (select id from targets)
      group by e.org_id
    ),
    shaped as (
      select x.id, x.level, x.domain, x.classification, x.has_service_center, x.has_remote_education_site,
        x.term_ends_on,
        (x.founded_on is null or x.founded_on <= ${D}) and (x.dissolved_on is null or x.dissolved_on > ${D}) as present,
        (x.domain = 'village' and x.level in ('branch', 'generalBranch')) as is_village,
        (x.domain = 'village' and x.level in ('branch', 'generalBranch'))
          and (x.founded_on is null or x.founded_on <= ${window.from}::date) as is_eligible
      from targets x
    )
    select x.id as org_id,
      ${sql.join(
        [
          ...orgFigures(day).map((f) => sql`${flag(f.when)} as ${key(f.key)}`),
          ...figures.map((f) => sql`${memberCount(f)} as ${key(f.key)}`),
          ...admissions.map((f) => sql`coalesce(ac.${key(f.key)}, 0) as ${key(f.key)}`),
          ...entityFigures.map((f) => sql`coalesce(ec.${key(f.key)}, 0) as ${key(f.key)}`),
        ],
        sql`, `,
      )}
    from shaped x
      left join member_counts mc on mc.org_id = x.id
      left join admission_counts ac on ac.org_id = x.id
      left join entity_counts ec on ec.org_id = x.id`;
}

/** The orgs (`x`) or members (`m`, by their org's path) of the subtree of `rootPath` that the scope lets the reader see. */
export const inSubtree = (rootPath: string, scope: Scope, alias: 'x' | 'o' | 'm') => {
  const path = sql`${sql.identifier(alias)}.${sql.identifier(alias === 'm' ? 'org_path' : 'path')}`;
  return sql`${path} <@ ${rootPath}::ltree and ${withinScope(scope, path)}`;
};

/** Org `${org}`'s cached row `${alias}` for the day, computed by the current formula. */
const cachedRow = (day: string, formula: string, alias: string, org: string) => sql`
  ${sql.identifier(alias)}.day = ${day}::date and ${sql.identifier(alias)}.org_id = ${sql.identifier(org)}.id
  and exists (select 1 from statistics_days d where d.day = ${day}::date and d.formula = ${formula})`;

/** The orgs `x` of the subtree with no cached row for the day. */
export const missingIn = (day: string, formula: string, rootPath: string, scope: Scope) =>
  sql`${inSubtree(rootPath, scope, 'x')}
    and not exists (select 1 from statistics_org_counts c where ${cachedRow(day, formula, 'c', 'x')})`;

/**
 * Stores the per-org rows of `targets` (the day's `statistics_days` row must exist); rows already
 * stored stay as they are.
 */
export function storeOrgCounts(day: string, targets: CountTargets): SQL {
  return sql`
    insert into statistics_org_counts (day, org_id, ${sql.join(
      countKeys.map((k) => sql.identifier(countColumn(k))),
      sql`, `,
    )})
    select ${day}::date, q.org_id, ${sql.join(
      countKeys.map((k) => sql`q.${key(k)}`),
      sql`, `,
    )}
    from (${orgCountsQuery(day, targets)}) q
    on conflict do nothing`;
}

const sums = (alias: string, column: (k: CountKey) => string) =>
  sql.join(
    countKeys.map(
      (k) => sql`coalesce(sum(${sql.identifier(alias)}.${sql.identifier(column(k))}), 0)::int as ${key(k)}`,
    ),
    sql`, `,
  );

const villageList = (from: SQL) => sql`
  (select coalesce(json_agg(json_build_object('id', v.id, 'name', v.name) order by v.id), '[]'::json)
   from (${from} order by o.id limit ${villageListLimit}) v)`;

/**
 * The sums over the subtree's orgs of their cached rows for the day, and how many orgs have none
 * (their counts are then missing from the sums).
 */
export function cachedTotalsQuery(day: string, formula: string, rootPath: string, scope: Scope): SQL {
  const cached = cachedRow(day, formula, 'c', 'o');
  const subtree = inSubtree(rootPath, scope, 'o');
  return sql`
    select count(*) filter (where c.org_id is null)::int as missing, ${sums('c', countColumn)},
      ${villageList(sql`select o.id, o.name from orgs o join statistics_org_counts c on ${cached}
                        where ${subtree} and c.villages_without_development > 0`)} as villages
    from orgs o left join statistics_org_counts c on ${cached}
    where ${subtree}`;
}

/**
 * The subtree's villages without development on the day from their cached flags: how many, the
 * first `limit` by path (the org tree's order), and how many orgs have no cached row (the list is
 * then incomplete).
 */
export function flaggedVillagesQuery(
  day: string,
  formula: string,
  rootPath: string,
  scope: Scope,
  limit: number,
): SQL {
  const cached = cachedRow(day, formula, 'c', 'o');
  const subtree = inSubtree(rootPath, scope, 'o');
  return sql`
    select count(*) filter (where c.org_id is null)::int as missing,
      count(*) filter (where c.villages_without_development > 0)::int as total,
      (select coalesce(json_agg(json_build_object('id', v.id, 'name', v.name) order by v.path), '[]'::json)
       from (select o.id, o.name, o.path from orgs o join statistics_org_counts c on ${cached}
             where ${subtree} and c.villages_without_development > 0 order by o.path limit ${limit}) v) as villages
    from orgs o left join statistics_org_counts c on ${cached}
    where ${subtree}`;
}

/**
 * The same sums, complete, storing nothing, in one statement (one snapshot): the answer when the
 * cache cannot be filled safely (see the service). With a few orgs missing, the cached rows of the
 * others and those computed; with many, every row computed.
 */
export function completedTotalsQuery(
  day: string,
  formula: string,
  rootPath: string,
  scope: Scope,
  many: boolean,
): SQL {
  const keys = sql.join(
    countKeys.map((k) => key(k)),
    sql`, `,
  );
  const computed = (targets: CountTargets) =>
    sql`select q.org_id, ${keys} from (${orgCountsQuery(day, targets)}) q`;
  return sql`
    with r as materialized (
      ${
        many
          ? computed({ rootPath, scope })
          : sql`select c.org_id, ${sql.join(
              countKeys.map((k) => sql`c.${sql.identifier(countColumn(k))} as ${key(k)}`),
              sql`, `,
            )}
            from orgs o join statistics_org_counts c on ${cachedRow(day, formula, 'c', 'o')}
            where ${inSubtree(rootPath, scope, 'o')}
            union all
            ${computed({ where: missingIn(day, formula, rootPath, scope) })}`
      }
    )
    select 0 as missing, ${sums('r', (k) => k)},
      ${villageList(sql`select o.id, o.name from r join orgs o on o.id = r.org_id
                        where r."villagesWithoutDevelopment" > 0`)} as villages
    from r`;
}

export type TotalsRow = StatisticsCounts & {
  missing: number;
  villages: { id: number; name: string }[] | string;
};
