// The stats benchmark's baseline: one statement written by hand straight over the registry, giving
// every count the statistics service gives for a subtree on a day (the published figures are then
// derived from the counts by the same domain code). No cache, no per-org rows: members are placed
// on the day (by their org path, or where a later transfer says they were), each derived fact
// worked out once in a materialized CTE, and everything counted in one pass.
import { sql, type SQL } from 'drizzle-orm';
import { educationLevels } from '../../src/domain/member-base.js';
import { orgDomains } from '../../src/domain/org-tree.js';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

export function baselineQuery(rootPath: string, day: string): SQL {
  const D = sql`${day}::date`;
  const year = Number(day.slice(0, 4));
  const windowFrom = `${year - 2}-01-01`;
  const windowTo = `${year - 1}-12-31`;
  const seniorHigh = list(educationLevels.slice(2));
  const college = list(educationLevels.slice(4));
  const village = sql`o.domain = 'village' and o.level in ('branch', 'generalBranch')`;
  const cadre = (name: string, who: string) =>
    sql.raw(`
      count(*) filter (where ${who}) as "${name}",
      count(*) filter (where ${who} and age is not null) as "${name}AgeKnown",
      coalesce(sum(age) filter (where ${who}), 0) as "${name}AgeSum",
      count(*) filter (where ${who} and education in (${seniorHigh})) as "${name}SeniorHigh",
      count(*) filter (where ${who} and education in (${college})) as "${name}College"`);
  const bands = [
    ['under30', 'age < 30'],
    ['from30to39', 'age between 30 and 39'],
    ['from40to49', 'age between 40 and 49'],
    ['from50to59', 'age between 50 and 59'],
    ['from60to69', 'age between 60 and 69'],
    ['from70', 'age >= 70'],
  ];
  return sql`
    with sub as (
      select * from orgs where path <@ ${rootPath}::ltree
    ),
    later_transfer as (
      select distinct on (member_id) member_id, from_org_id
      from member_transfers where transferred_on > ${D}
      order by member_id, transferred_on, id
    ),
    mobile as (
      select member_id, bool_or(direction = 'outflow') as outflow, bool_or(direction = 'inflow') as inflow
      from mobile_records where started_on <= ${D} and (ended_on is null or ended_on > ${D})
      group by member_id
    ),
    placed as (
      select m.*, m.org_id as day_org_id from members m
      where m.org_path <@ ${rootPath}::ltree and m.id not in (select member_id from later_transfer)
      union all
      select m.*, lt.from_org_id from members m join later_transfer lt on lt.member_id = m.id
      where lt.from_org_id in (select id from sub)
    ),
    person as materialized (
      select m.gender, m.education, m.applied_on, m.activist_on, m.candidate_on, m.probationary_on, m.full_on,
        m.branch_role, m.village_committee_role, m.is_town_leader, m.is_college_grad_official,
        m.is_resident_cadre, m.is_first_secretary, m.day_org_id, o.domain as org_domain,
        (${village}) as in_village,
        least(m.full_on, m.probationary_on) <= ${D} as party,
        least(150, greatest(0, extract(year from age(${D}, m.birth_date))::int)) as age,
        coalesce(mob.outflow, false) as outflow, coalesce(mob.inflow, false) as inflow
      from placed m
        join orgs o on o.id = m.day_org_id
        left join mobile mob on mob.member_id = m.id
      where (m.left_on is null or m.left_on > ${D})
        and least(m.applied_on, m.activist_on, m.candidate_on, m.probationary_on, m.full_on) <= ${D}
    ),
    people as (
      select
        count(*) filter (where party) as party,
        count(*) filter (where probationary_on <= ${D} and (full_on is null or full_on > ${D})) as probationary,
        count(*) filter (where party and gender = 'female') as female,
        count(*) filter (where activist_on <= ${D} and coalesce(least(candidate_on, probationary_on, full_on) > ${D}, true)) as activists,
        count(*) filter (where candidate_on <= ${D} and coalesce(least(probationary_on, full_on) > ${D}, true)) as candidates,
        count(*) filter (where applied_on <= ${D} and coalesce(least(activist_on, candidate_on, probationary_on, full_on) > ${D}, true)) as applicants,
        count(*) filter (where party and outflow) as outflow,
        count(*) filter (where party and outflow and gender = 'female') as "outflowFemale",
        count(*) filter (where party and inflow) as inflow,
        count(*) filter (where party and org_domain in ('privateEnterprise', 'socialOrg')) as "newEconomicSocial",
        ${sql.join(
          educationLevels.map(
            (e) => sql`count(*) filter (where party and education = ${e}) as ${sql.identifier(`edu_${e}`)}`,
          ),
          sql`, `,
        )},
        count(*) filter (where party and age is not null) as "ageKnown",
        coalesce(sum(age) filter (where party), 0) as "ageSum",
        ${sql.raw(bands.map(([b, when]) => `count(*) filter (where party and ${when}) as "age_${b}"`).join(', '))},
        ${sql.raw(bands.map(([b, when]) => `count(*) filter (where party and ${when} and gender = 'female') as "ageFemale_${b}"`).join(', '))},
        count(*) filter (where party and age < 35) as "ageUnder35",
        ${sql.join(
          [4, 3, 2, 1, 0].map(
            (back, i) =>
              sql`count(*) filter (where party and probationary_on <= ${D}
                and extract(year from probationary_on) = ${year - back}) as ${sql.identifier(`newInYear${i}`)}`,
          ),
          sql`, `,
        )},
        ${cadre('townLeaders', 'is_town_leader')},
        ${cadre('villageSecretaries', `in_village and branch_role = 'secretary'`)},
        ${cadre('twoCommittees', 'in_village and (branch_role is not null or village_committee_role is not null)')},
        count(*) filter (where in_village and branch_role is not null) as "branchCommittee",
        count(*) filter (where in_village and village_committee_role is not null) as "villageCommittee",
        count(*) filter (where in_village and branch_role is not null and village_committee_role is not null) as "crossPosts",
        count(*) filter (where is_college_grad_official) as "collegeGradOfficials",
        count(*) filter (where is_resident_cadre) as "residentCadres",
        count(*) filter (where is_first_secretary) as "firstSecretaries",
        array_agg(distinct day_org_id) filter (where party
          and probationary_on between ${windowFrom}::date and ${windowTo}::date) as developed_orgs,
        array_agg(distinct day_org_id) filter (where branch_role = 'secretary'
          and village_committee_role = 'director') as head_orgs
      from person
    ),
    existing as (
      select o.*, (${village}) as is_village,
        (${village}) and (o.founded_on is null or o.founded_on <= ${windowFrom}::date) as is_eligible,
        o.id in (select unnest(developed_orgs) from people) as developed,
        o.id in (select unnest(head_orgs) from people) as has_head
      from sub o
      where (o.founded_on is null or o.founded_on <= ${D}) and (o.dissolved_on is null or o.dissolved_on > ${D})
    ),
    org_counts as (
      select
        count(*) as "orgsTotal",
        count(*) filter (where level in ('committee', 'workCommittee')) as committees,
        count(*) filter (where level = 'generalBranch') as "generalBranches",
        count(*) filter (where level = 'branch') as branches,
        ${sql.join(
          orgDomains.map(
            (d) =>
              sql`count(*) filter (where level in ('branch', 'generalBranch') and domain = ${d}) as ${sql.identifier(`branchDomain_${d}`)}`,
          ),
          sql`, `,
        )},
        count(*) filter (where level in ('branch', 'generalBranch') and domain is null) as "branchDomain_unspecified",
        count(*) filter (where classification = 'advanced') as "classAdvanced",
        count(*) filter (where classification = 'ordinary') as "classOrdinary",
        count(*) filter (where classification = 'weak') as "classWeak",
        count(*) filter (where classification is null) as "classNone",
        count(*) filter (where id in (select org_id from weak_org_rectifications
          where flagged_on <= ${D} and (transformed_on is null or transformed_on > ${D}))) as "weakUnderRectification",
        count(*) filter (where has_service_center) as "serviceCenters",
        count(*) filter (where has_remote_education_site) as "remoteEducationSites",
        count(*) filter (where term_ends_on between ${D} and ${D} + 90) as "termsEndingSoon",
        count(*) filter (where term_ends_on < ${D}) as "termsOverdue",
        count(*) filter (where is_village) as "villageBranches",
        count(*) filter (where is_eligible) as "eligibleVillages",
        count(*) filter (where is_eligible and not developed) as "villagesWithoutDevelopment",
        count(*) filter (where is_village and has_head) as "concurrentHeadVillages",
        (select coalesce(json_agg(json_build_object('id', v.id, 'name', v.name) order by v.id), '[]'::json)
         from (select id, name from existing where is_eligible and not developed order by id limit 100) v) as villages
      from existing
    ),
    entity_counts as (
      select
        count(*) as "npEntities",
        count(*) filter (where should_establish) as "npShouldEstablish",
        count(*) filter (where should_establish and own_org_id is not null) as "npEstablished",
        count(*) filter (where own_org_id is not null or covered_by_org_id is not null) as "npCovered",
        count(*) filter (where has_instructor) as "npInstructors"
      from non_public_entities where org_id in (select id from sub)
    )
    select * from org_counts, people, entity_counts`;
}
