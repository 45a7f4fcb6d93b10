// The statistics of a subtree on a day, in one SQL statement (so every figure comes from one
// snapshot). The shape, designed for 50,000 orgs and 1,000,000 members:
//
// - `main`: one pass over the subtree's members by their current placement (`org_path <@ root`,
//   the denormalized path, so no join finds the subtree), every per-person figure a FILTERed
//   aggregate, grouped by education and gender (18 groups at most; figures by education or
//   gender are read off the groups instead of costing a FILTER each). It references no CTE, so
//   PostgreSQL runs it as a parallel scan with partial aggregation; the org (for domain-dependent
//   figures) and the active mobile records come in by hash join.
// - `moved`: the members whose org on the day differs from the current one (a transfer dated after
//   the day; the earliest such transfer names the org they left). `shifted` lists them twice,
//   weight -1 where they are now and +1 where they were, and `corr` adds the weighted figures to
//   `main`'s, so the big pass needs no anti-join and the correction costs only those few rows.
// - `village_rows`: per org, members developed in the two-year window and one-shoulder heads
//   (a second pass with a cheap filter, plus the same weighted correction), for the village facts.
// - orgs, rectifications and non-public entities: small scans of their own tables.
//
// Ages are compared as dates: someone is at least k years old on D exactly when born on or before
// addYears(D, -k); the exact age (for averages) is a binary search (width_bucket) over those
// cut-off dates. Everything returned is an integer count or sum; percentages and averages are
// derived in src/domain/statistics.ts by the code the reference implementation uses too.

import { sql, type SQL } from 'drizzle-orm';
import type { Scope } from '../../../domain/access.js';
import { educationLevels, addYears } from '../../../domain/member-base.js';
import {
  addDays,
  ageBandFrom,
  ageBands,
  bornOnOrBefore,
  countKeys,
  developmentWindow,
  maxAge,
  newInYearKey,
  newMemberYearList,
  termWarningDays,
  villageListLimit,
  type CountKey,
  type StatisticsCounts,
} from '../../../domain/statistics.js';
import { withinScope } from '../../http/scope-sql.js';

const seniorHighOrAbove = educationLevels.slice(educationLevels.indexOf('seniorHigh'));
const collegeOrAbove = educationLevels.slice(educationLevels.indexOf('juniorCollege'));
const textList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(','));

/** A per-person figure: rows where `when` holds are counted, or `value` is summed over them. */
interface Figure {
  key: CountKey;
  when: SQL;
  value?: SQL;
}

/** A figure read off another one's (education, gender) groups: `of` summed over the groups where `where` holds. */
interface GroupFigure {
  key: CountKey;
  of: CountKey;
  where: SQL;
}

/** The SQL of one statistics request: the subtree's root path, the day, and the actor's scope. */
export function statisticsQuery(rootPath: string, day: string, scope: Scope): SQL {
  const D = sql`${day}::date`;
  const R = sql`${rootPath}::ltree`;
  const window = developmentWindow(day);
  const years = newMemberYearList(day);
  // Ascending cut-offs addYears(D, -k) + 1 day for k = maxAge … 1: the number of them on or before
  // a birth date is maxAge minus the age (clamped to [0, maxAge]).
  const ageCutoffs = `{${Array.from({ length: maxAge }, (_, i) => addDays(addYears(day, -(maxAge - i)), 1)).join(',')}}`;
  const age = sql`(${maxAge} - width_bucket(m.birth_date, ${ageCutoffs}::date[]))`;
  const bornBy = (years: number) => sql`${bornOnOrBefore(day, years)}::date`;

  // Predicates over a row `m` (a member), `o` (the org the member belonged to on the day) and
  // `mob` (the member's mobile records active on the day).
  const party = sql`least(m.full_on, m.probationary_on) <= ${D}`;
  const present = sql`(m.left_on is null or m.left_on > ${D})
    and least(m.applied_on, m.activist_on, m.candidate_on, m.probationary_on, m.full_on) <= ${D}`;
  const village = sql`(o.domain = 'village' and o.level in ('branch', 'generalBranch'))`;
  const ageKnown = sql`m.birth_date is not null`;

  const cadreFigures = (
    prefix: 'townLeaders' | 'villageSecretaries' | 'twoCommittees',
    who: SQL,
  ): Figure[] => [
    { key: prefix, when: who },
    { key: `${prefix}AgeKnown`, when: sql`${who} and ${ageKnown}` },
    { key: `${prefix}AgeSum`, when: sql`${who} and ${ageKnown}`, value: age },
  ];

  // The per-person figures; `outflow`/`inflow` say how a row's active mobile records are looked up.
  const memberFigures = (mobile: { outflow: SQL; inflow: SQL }): Figure[] => [
    { key: 'party', when: party },
    { key: 'probationary', when: sql`m.probationary_on <= ${D} and (m.full_on is null or m.full_on > ${D})` },
    {
      key: 'activists',
      when: sql`m.activist_on <= ${D} and coalesce(least(m.candidate_on, m.probationary_on, m.full_on) > ${D}, true)`,
    },
    {
      key: 'candidates',
      when: sql`m.candidate_on <= ${D} and coalesce(least(m.probationary_on, m.full_on) > ${D}, true)`,
    },
    {
      key: 'applicants',
      when: sql`m.applied_on <= ${D} and coalesce(least(m.activist_on, m.candidate_on, m.probationary_on, m.full_on) > ${D}, true)`,
    },
    { key: 'outflow', when: sql`${mobile.outflow} and ${party}` },
    { key: 'inflow', when: sql`${mobile.inflow} and ${party}` },
    { key: 'newEconomicSocial', when: sql`o.domain in ('privateEnterprise', 'socialOrg') and ${party}` },
    { key: 'ageKnown', when: sql`${ageKnown} and ${party}` },
    { key: 'ageSum', when: sql`${ageKnown} and ${party}`, value: age },
    ...ageBands.map((band, i) => {
      const next = ageBands[i + 1];
      const from = ageBandFrom[band];
      const conditions = [
        from > 0 ? sql`m.birth_date <= ${bornBy(from)}` : ageKnown,
        next ? sql`m.birth_date > ${bornBy(ageBandFrom[next])}` : undefined,
      ].filter((c): c is SQL => c !== undefined);
      return { key: `age_${band}` as const, when: sql`${sql.join(conditions, sql` and `)} and ${party}` };
    }),
    { key: 'ageUnder35', when: sql`m.birth_date > ${bornBy(35)} and ${party}` },
    ...years.map((year, i) => {
      const last = `${year}-12-31` < day ? `${year}-12-31` : day;
      return {
        key: newInYearKey(i),
        when: sql`m.probationary_on between ${`${year}-01-01`}::date and ${last}::date and ${party}`,
      };
    }),
    // Leaders and cadres: anyone in the registry on the day. The cheap null tests come first.
    ...cadreFigures('townLeaders', sql`m.is_town_leader`),
    ...cadreFigures('villageSecretaries', sql`m.branch_role = 'secretary' and ${village}`),
    ...cadreFigures(
      'twoCommittees',
      sql`(m.branch_role is not null or m.village_committee_role is not null) and ${village}`,
    ),
    { key: 'branchCommittee', when: sql`m.branch_role is not null and ${village}` },
    { key: 'villageCommittee', when: sql`m.village_committee_role is not null and ${village}` },
    {
      key: 'crossPosts',
      when: sql`m.branch_role is not null and m.village_committee_role is not null and ${village}`,
    },
    { key: 'collegeGradOfficials', when: sql`m.is_college_grad_official` },
    { key: 'residentCadres', when: sql`m.is_resident_cadre` },
    { key: 'firstSecretaries', when: sql`m.is_first_secretary` },
  ];
  // Gender and education come from the groups `main` forms, which saves a FILTER per value per row.
  const female = sql`g.gender = 'female'`;
  const groupFigures: GroupFigure[] = [
    { key: 'female', of: 'party', where: female },
    { key: 'outflowFemale', of: 'outflow', where: female },
    ...ageBands.map((b) => ({ key: `ageFemale_${b}` as const, of: `age_${b}` as const, where: female })),
    ...educationLevels.map((e) => ({
      key: `edu_${e}` as const,
      of: 'party' as const,
      where: sql`g.education = ${e}`,
    })),
    ...(['townLeaders', 'villageSecretaries', 'twoCommittees'] as const).flatMap((prefix) => [
      {
        key: `${prefix}SeniorHigh` as const,
        of: prefix,
        where: sql`g.education in (${textList(seniorHighOrAbove)})`,
      },
      {
        key: `${prefix}College` as const,
        of: prefix,
        where: sql`g.education in (${textList(collegeOrAbove)})`,
      },
    ]),
  ];

  const activeRecord = sql`r.started_on <= ${D} and (r.ended_on is null or r.ended_on > ${D})`;
  const mainFigures = memberFigures({ outflow: sql`mob.outflow`, inflow: sql`mob.inflow` });
  // The few shifted rows look their records up one by one (mobile_records_member_idx).
  const hasRecord = (direction: 'outflow' | 'inflow') =>
    sql`exists (select 1 from mobile_records r where r.member_id = m.id and r.direction = ${direction} and ${activeRecord})`;
  const corrFigures = memberFigures({ outflow: hasRecord('outflow'), inflow: hasRecord('inflow') });

  const developed = sql`m.probationary_on between ${window.from}::date and ${window.to}::date and ${party}`;
  const concurrentHead = sql`m.branch_role = 'secretary' and m.village_committee_role = 'director'`;

  const counted = (figures: Figure[]) =>
    sql.join(
      figures.map((f) =>
        f.value
          ? sql`coalesce(sum(${f.value}) filter (where ${f.when}), 0)::int as ${sql.identifier(f.key)}`
          : sql`count(*) filter (where ${f.when})::int as ${sql.identifier(f.key)}`,
      ),
      sql`, `,
    );
  const weighted = (figures: Figure[]) =>
    sql.join(
      figures.map(
        (f) =>
          sql`coalesce(sum(m.w${f.value ? sql` * ${f.value}` : sql``}) filter (where ${f.when}), 0)::int as ${sql.identifier(f.key)}`,
      ),
      sql`, `,
    );
  const totals = sql.join(
    [
      ...mainFigures.map(
        (f) => sql`coalesce(sum(g.${sql.identifier(f.key)}), 0)::int as ${sql.identifier(f.key)}`,
      ),
      ...groupFigures.map(
        (f) =>
          sql`coalesce(sum(g.${sql.identifier(f.of)}) filter (where ${f.where}), 0)::int as ${sql.identifier(f.key)}`,
      ),
    ],
    sql`, `,
  );

  const soon = addDays(day, termWarningDays);
  const exists = sql`(x.founded_on is null or x.founded_on <= ${D}) and (x.dissolved_on is null or x.dissolved_on > ${D})`;
  const xVillage = sql`(x.domain = 'village' and x.level in ('branch', 'generalBranch'))`;

  return sql`
    with moved as materialized (
      select distinct on (t.member_id) t.member_id, t.from_org_id
      from member_transfers t
      where t.transferred_on > ${D}
      order by t.member_id, t.transferred_on, t.id
    ),
    -- Moved members, taken out where they are now (w = -1) and put where they were on the day (w = +1).
    shifted as materialized (
      select m.*, -1 as w, m.org_id as day_org_id
      from moved join members m on m.id = moved.member_id
      where m.org_path <@ ${R} and ${withinScope(scope, sql`m.org_path`)} and ${present}
      union all
      select m.*, 1 as w, moved.from_org_id as day_org_id
      from moved join members m on m.id = moved.member_id join orgs f on f.id = moved.from_org_id
      where f.path <@ ${R} and ${withinScope(scope, sql`f.path`)} and ${present}
    ),
    -- The big pass: references no CTE, so it can run as a parallel scan.
    main as (
      select m.education, m.gender, ${counted(mainFigures)}
      from members m
        left join orgs o on o.id = m.org_id and o.domain in ('village', 'privateEnterprise', 'socialOrg')
        left join (
          select r.member_id, bool_or(r.direction = 'outflow') as outflow, bool_or(r.direction = 'inflow') as inflow
          from mobile_records r
          where ${activeRecord}
          group by r.member_id
        ) mob on mob.member_id = m.id
      where m.org_path <@ ${R} and ${withinScope(scope, sql`m.org_path`)} and ${present}
      group by m.education, m.gender
    ),
    corr as (
      select m.education, m.gender, ${weighted(corrFigures)}
      from shifted m join orgs o on o.id = m.day_org_id
      group by m.education, m.gender
    ),
    member_counts as (
      select ${totals}
      from (select * from main union all select * from corr) g
    ),
    -- Per org: members developed in the two-year window, and one-shoulder heads (few rows).
    village_rows as (
      select m.org_id, count(*) filter (where ${developed}) as developed, count(*) filter (where ${concurrentHead}) as heads
      from members m
      where m.org_path <@ ${R} and ${withinScope(scope, sql`m.org_path`)} and ${present}
        and ((${developed}) or (${concurrentHead}))
      group by m.org_id
      union all
      select m.day_org_id, sum(m.w) filter (where ${developed}), sum(m.w) filter (where ${concurrentHead})
      from shifted m
      group by m.day_org_id
    ),
    village_facts as (
      select org_id, coalesce(sum(developed), 0) > 0 as developed, coalesce(sum(heads), 0) > 0 as head
      from village_rows
      group by org_id
    ),
    existing as (
      select x.*, vf.developed, vf.head,
        ${xVillage} as is_village,
        ${xVillage} and (x.founded_on is null or x.founded_on <= ${window.from}::date) as is_eligible
      from orgs x left join village_facts vf on vf.org_id = x.id
      where x.path <@ ${R} and ${withinScope(scope, sql`x.path`)} and ${exists}
    ),
    org_counts as (
      select
        count(*)::int as "orgsTotal",
        count(*) filter (where x.level in ('committee', 'workCommittee'))::int as "committees",
        count(*) filter (where x.level = 'generalBranch')::int as "generalBranches",
        count(*) filter (where x.level = 'branch')::int as "branches",
        ${sql.join(
          [
            ...countKeys
              .filter((k) => k.startsWith('branchDomain_') && k !== 'branchDomain_unspecified')
              .map(
                (k) =>
                  sql`count(*) filter (where x.level in ('branch', 'generalBranch') and x.domain = ${k.slice('branchDomain_'.length)})::int as ${sql.identifier(k)}`,
              ),
            sql`count(*) filter (where x.level in ('branch', 'generalBranch') and x.domain is null)::int as "branchDomain_unspecified"`,
          ],
          sql`, `,
        )},
        count(*) filter (where x.classification = 'advanced')::int as "classAdvanced",
        count(*) filter (where x.classification = 'ordinary')::int as "classOrdinary",
        count(*) filter (where x.classification = 'weak')::int as "classWeak",
        count(*) filter (where x.classification is null)::int as "classNone",
        count(*) filter (where x.id in (
          select r.org_id from weak_org_rectifications r
          where r.flagged_on <= ${D} and (r.transformed_on is null or r.transformed_on > ${D})
        ))::int as "weakUnderRectification",
        count(*) filter (where x.has_service_center)::int as "serviceCenters",
        count(*) filter (where x.has_remote_education_site)::int as "remoteEducationSites",
        count(*) filter (where x.term_ends_on between ${D} and ${soon}::date)::int as "termsEndingSoon",
        count(*) filter (where x.term_ends_on < ${D})::int as "termsOverdue",
        count(*) filter (where x.is_village)::int as "villageBranches",
        count(*) filter (where x.is_eligible)::int as "eligibleVillages",
        count(*) filter (where x.is_eligible and x.developed is not true)::int as "villagesWithoutDevelopment",
        count(*) filter (where x.is_village and x.head)::int as "concurrentHeadVillages",
        (select coalesce(json_agg(json_build_object('id', v.id, 'name', v.name) order by v.id), '[]'::json)
         from (select e.id, e.name from existing e where e.is_eligible and e.developed is not true
               order by e.id limit ${villageListLimit}) v) as "villages"
      from existing x
    ),
    entity_counts as (
      select
        count(*)::int as "npEntities",
        count(*) filter (where e.should_establish)::int as "npShouldEstablish",
        count(*) filter (where e.should_establish and e.own_org_id is not null)::int as "npEstablished",
        count(*) filter (where e.own_org_id is not null or e.covered_by_org_id is not null)::int as "npCovered",
        count(*) filter (where e.has_instructor)::int as "npInstructors"
      from non_public_entities e join orgs a on a.id = e.org_id
      where a.path <@ ${R} and ${withinScope(scope, sql`a.path`)}
    )
    select member_counts.*, org_counts.*, entity_counts.*
    from member_counts, org_counts, entity_counts`;
}

export type StatisticsRow = StatisticsCounts & { villages: { id: number; name: string }[] | string };
