// The answers a routine score reads, for every org of a cycle at once: each fact request of the
// scheme (collected by `ruleFacts`, deduplicated by `factKey`) is answered for all the orgs by one
// set-based statement, so a cycle of 5,000 orgs costs as many statements as its scheme has distinct
// requests, and one org after a new record costs the same statements over one id.
// test/api/routine-facts.test.ts compares the measures with a count over the same rows in plain code.
import { sql, type SQL } from 'drizzle-orm';
import type { RuleGroup } from '../domain/rule-format.js';
import type { RuleMeasure } from '../domain/rule-measures.js';
import { isSeniorHighOrAbove, educationLevels } from '../domain/member-base.js';
import { factKey, type FactAnswer, type FactRequest } from '../domain/rules/index.js';
import type { ManualDeduction, TargetItem } from '../domain/rules/index.js';
import type { MeasureRequest } from '../domain/rules/facts.js';
import type { Db } from './client.js';
import { attendanceByOrg, recordCountsEach, recordCountsPerHost, type Period } from './ledger-facts.js';
import { admissionsIn, membersInOrgOn } from './member-in-org.js';
import { idArray, queryRows } from './query-rows.js';

/** One org's answers by fact key, as `evaluateRule` reads them. */
export type OrgFacts = Map<string, FactAnswer>;

/** What other parts of scoring supply: the per-org answers that are entered, not counted. */
export interface EnteredFacts {
  /** 酌情扣分 per org and indicator key. */
  manualDeductions: ReadonlyMap<number, ReadonlyMap<string, ManualDeduction[]>>;
  /** Target-letter items per org. */
  targetItems: ReadonlyMap<number, TargetItem[]>;
}

/** 两委成员 and 支委: the registry's roles, as the member list's flag reads them. */
const groupCondition: Record<RuleGroup, SQL> = {
  committeeMembers: sql`m.branch_role is not null`,
  twoCommittees: sql`(m.branch_role is not null or m.village_committee_role is not null)`,
};

/**
 * The members of the orgs on the period's last day (placed by the transfer rule, not left by then)
 * passing `where`: rows of `member_id`, `org_id` and the columns asked.
 */
function placedOnEnd(orgIds: readonly number[], period: Period, columns: SQL, where: SQL): SQL {
  const ids = idArray(orgIds);
  return sql`select p.* from (${membersInOrgOn(sql`${period.to}::date`, {
    columns: sql`m.id as member_id, ${columns}`,
    current: sql`m.org_id = any(${ids})`,
    formerOrg: (id) => sql`${id} = any(${ids})`,
    where: sql`(m.left_on is null or m.left_on > ${period.to}::date) and ${where}`,
  })}) p`;
}

/** Party members (probationary or full) on the day. */
const partyOn = (day: string) => sql`m.probationary_on <= ${day}::date`;

type MeasureRows = { orgId: number; value: number | null }[];

/** Measures read from the members placed in each org on the period's last day. */
const placedMeasures = [
  'twoCommitteesAverageAge',
  'twoCommitteesHighSchoolShare',
  'activistsTrained',
] as const satisfies readonly RuleMeasure[];
type PlacedMeasure = (typeof placedMeasures)[number];
const isPlaced = (measure: RuleMeasure): measure is PlacedMeasure =>
  (placedMeasures as readonly RuleMeasure[]).includes(measure);

/**
 * Over the placed members `x`, each placed measure as an aggregate with its own filter, and the party members `trainingHoursPerMember` divides by.
 * Shares are percentages (0–100); a share or an average over nobody is null ("无可计算的数据"), a
 * count of nothing is 0.
 */
function placedAggregates(period: Period): Record<PlacedMeasure | 'partyMembers', SQL> {
  const highSchool = sql.join(
    educationLevels.filter((e) => isSeniorHighOrAbove(e)).map((e) => sql`${e}`),
    sql`, `,
  );
  return {
    // Age in whole years on the period's last day (as `ageOn`), over the 两委 with a birth date.
    twoCommitteesAverageAge: sql`(avg(extract(year from age(${period.to}::date, x.birth_date)))
      filter (where x.two_committees and x.birth_date is not null))::float8`,
    // Over all the 两委: an education not recorded is not shown to be high school.
    twoCommitteesHighSchoolShare: sql`(100.0 * count(*) filter (where x.two_committees and x.education in (${highSchool}))
      / nullif(count(*) filter (where x.two_committees), 0))::float8`,
    // 入党积极分子 the org took on during the period (the pipeline's activist date), still with it at the end.
    activistsTrained: sql`(count(*) filter (where x.activist_on between ${period.from}::date and ${period.to}::date))::float8`,
    partyMembers: sql`(count(*) filter (where x.party))::float8`,
  };
}

/**
 * The placed measures asked (and the party members, when `partyMembers`) per org in one pass over
 * the members placed on the period's last day, where a statement per measure read the registry
 * (a million members) once each.
 */
function placedMeasureRows(
  db: Db,
  measures: readonly (PlacedMeasure | 'partyMembers')[],
  orgIds: readonly number[],
  period: Period,
) {
  const aggregates = placedAggregates(period);
  return queryRows<{ orgId: number } & Partial<Record<PlacedMeasure | 'partyMembers', number | null>>>(
    db,
    sql`select x.day_org_id as "orgId", ${sql.join(
      measures.map((m) => sql`${aggregates[m]} as ${sql.identifier(m)}`),
      sql`, `,
    )}
        from (${placedOnEnd(
          orgIds,
          period,
          sql`m.birth_date, m.education, m.activist_on, ${partyOn(period.to)} as party,
            ${groupCondition.twoCommittees} as two_committees`,
          sql`true`,
        )}) x
        group by x.day_org_id`,
  );
}

/** The measures of a statement of their own (`attendanceRate` and `trainingHoursPerMember` are read below). */
type StatementMeasure = Exclude<RuleMeasure, PlacedMeasure | 'attendanceRate' | 'trainingHoursPerMember'>;
const measureSql: Record<StatementMeasure, (orgIds: readonly number[], period: Period) => SQL> = {
  // Of the party members with an outflow record open during the period, the share present at any
  // ledger record of the period (an online 主题党日 at home counts as much as one at the host org).
  // Its own statement: the outflow records are found through the members, by index for one org.
  mobileActivityShare: (orgIds, period) =>
    sql`select day_org_id as "orgId",
          (100.0 * count(*) filter (where exists (
             select 1 from ledger_attendance a
             where a.member_id = x.member_id and a.present
               and a.held_on between ${period.from}::date and ${period.to}::date)) / count(*))::float8 as value
        from (${placedOnEnd(
          orgIds,
          period,
          sql`m.name`,
          sql`${partyOn(period.to)} and exists (
            select 1 from mobile_records mr where mr.member_id = m.id and mr.direction = 'outflow'
              and mr.started_on <= ${period.to}::date
              and (mr.ended_on is null or mr.ended_on >= ${period.from}::date))`,
        )}) x
        group by day_org_id`,
  // 发展党员 by the one definition (`admissionsIn`): admitted in the period by the org, wherever they are now.
  membersDeveloped: (orgIds, period) =>
    sql`select a.org_id as "orgId", count(*)::float8 as value
        from (${admissionsIn({
          orgIds: sql`select unnest(${idArray(orgIds)})`,
          current: sql`m.org_id = any(${idArray(orgIds)})`,
          from: sql`${period.from}::date`,
          to: sql`${period.to}::date`,
        })}) a group by a.org_id`,
  // Open at the period's end a year or more after it was flagged (整顿 takes a year: seed 001).
  overdueRectifications: (orgIds, period) =>
    sql`select w.org_id as "orgId", count(*)::float8 as value
        from weak_org_rectifications w
        where w.org_id = any(${idArray(orgIds)})
          and w.flagged_on <= (${period.to}::date - interval '1 year')::date
          and (w.transformed_on is null or w.transformed_on > ${period.to}::date)
        group by w.org_id`,
  // Of the rectifications open at any time in the period, the share transformed by its end.
  rectificationCompletionRate: (orgIds, period) =>
    sql`select w.org_id as "orgId",
          (100.0 * count(*) filter (where w.transformed_on <= ${period.to}::date) / count(*))::float8 as value
        from weak_org_rectifications w
        where w.org_id = any(${idArray(orgIds)})
          and w.flagged_on <= ${period.to}::date
          and (w.transformed_on is null or w.transformed_on >= ${period.from}::date)
        group by w.org_id`,
};

/** Measures that count something: an org without rows has 0, not "nothing to measure". */
const countMeasures: ReadonlySet<RuleMeasure> = new Set([
  'membersDeveloped',
  'activistsTrained',
  'overdueRectifications',
]);

/** Measures for every org of the list, by measure: null where there is nothing to measure. */
export async function measuresByOrg(
  db: Db,
  measures: readonly RuleMeasure[],
  orgIds: readonly number[],
  period: Period,
): Promise<Map<RuleMeasure, Map<number, number | null>>> {
  const values = new Map(
    measures.map((m) => [
      m,
      new Map<number, number | null>(orgIds.map((id) => [id, countMeasures.has(m) ? 0 : null])),
    ]),
  );
  if (orgIds.length === 0) return values;
  const fill = (measure: RuleMeasure, rows: MeasureRows) => {
    for (const row of rows) values.get(measure)!.set(row.orgId, row.value);
  };
  const placed = measures.filter(isPlaced);
  const hoursAsked = measures.includes('trainingHoursPerMember');
  const placedRows =
    placed.length > 0 || hoursAsked
      ? placedMeasureRows(db, hoursAsked ? [...placed, 'partyMembers'] : placed, orgIds, period)
      : Promise.resolve([]);
  // The attendance rate and the training hours read the same records and lists: one pass for both.
  const attendance =
    hoursAsked || measures.includes('attendanceRate')
      ? attendanceByOrg(db, { orgIds }, period)
      : Promise.resolve([]);
  await Promise.all([
    placedRows.then((rows) => {
      for (const measure of placed)
        fill(
          measure,
          rows.map((r) => ({ orgId: r.orgId, value: r[measure] ?? null })),
        );
    }),
    ...measures
      .filter((m): m is Exclude<RuleMeasure, PlacedMeasure> => !isPlaced(m))
      .map(async (measure) => {
        // Present over listed, summed over every record with a list.
        if (measure === 'attendanceRate')
          fill(
            measure,
            (await attendance).map((r) => ({
              orgId: r.orgId,
              value: r.listed === 0 ? null : (100 * r.present) / r.listed,
            })),
          );
        else if (measure === 'trainingHoursPerMember') {
          // 党员人均培训学时: the hours of the org's 党课 and trainings summed over who was present,
          // divided by the org's party members on the period's last day; null without any.
          const [hours, members] = await Promise.all([attendance, placedRows]);
          const total = new Map(hours.map((h) => [h.orgId, h.presentHours]));
          fill(
            measure,
            members.map((m) => ({
              orgId: m.orgId,
              value: m.partyMembers ? (total.get(m.orgId) ?? 0) / m.partyMembers : null,
            })),
          );
        } else fill(measure, await queryRows<MeasureRows[number]>(db, measureSql[measure](orgIds, period)));
      }),
  ]);
  return values;
}

export interface GroupMember {
  orgId: number;
  memberId: number;
  name: string;
}

/** The people of a group (支委 or 两委) of each org on the period's last day. */
export function groupMembers(db: Db, group: RuleGroup, orgIds: readonly number[], period: Period) {
  if (orgIds.length === 0) return Promise.resolve([]);
  return queryRows<GroupMember>(
    db,
    sql`select day_org_id as "orgId", member_id as "memberId", name
        from (${placedOnEnd(orgIds, period, sql`m.name`, groupCondition[group])}) x
        order by 1, 2`,
  );
}

/** Answers every request for every org: one statement per request (the entered facts from `entered`). */
export async function answerFacts(
  db: Db,
  orgIds: readonly number[],
  requests: readonly FactRequest[],
  entered: EnteredFacts,
): Promise<Map<number, OrgFacts>> {
  const facts = new Map<number, OrgFacts>(orgIds.map((id) => [id, new Map()]));
  const set = (orgId: number, key: string, answer: FactAnswer) => facts.get(orgId)?.set(key, answer);
  const unique = [...new Map(requests.map((r) => [factKey(r), r])).values()];
  const counts = unique.filter((r) => r.type === 'ledgerCount');
  await Promise.all([
    countAll(),
    ...measuresOfPeriods(),
    ...unique.map(async (request) => {
      const key = factKey(request);
      switch (request.type) {
        case 'personCounts': {
          const period = { from: request.start, to: request.end };
          const filter = { kinds: request.ledgerKinds, topicWord: request.topicIncludes ?? undefined };
          const [people, hosted] = await Promise.all([
            groupMembers(db, request.people, orgIds, period),
            recordCountsPerHost(db, { orgIds }, period, filter),
          ]);
          // A record counts for the member who hosted it (the committee member who made the visit).
          const byHost = new Map(hosted.map((h) => [`${h.orgId}:${h.hostMemberId}`, h.count]));
          for (const id of orgIds) set(id, key, []);
          for (const p of people)
            (facts.get(p.orgId)?.get(key) as { name: string; count: number }[]).push({
              name: p.name,
              count: byHost.get(`${p.orgId}:${p.memberId}`) ?? 0,
            });
          return;
        }
        // Read together above.
        case 'ledgerCount':
        case 'measure':
          return;
        case 'targetLetter':
          for (const id of orgIds) set(id, key, entered.targetItems.get(id) ?? []);
          return;
        case 'manualDeductions':
          for (const id of orgIds)
            set(id, key, entered.manualDeductions.get(id)?.get(request.indicatorKey) ?? []);
          return;
      }
    }),
  ]);
  return facts;

  /** The measures of each period together, so the placed ones share one pass over the members. */
  function measuresOfPeriods() {
    const byPeriod = new Map<string, MeasureRequest[]>();
    for (const r of unique)
      if (r.type === 'measure')
        byPeriod.set(`${r.start}|${r.end}`, [...(byPeriod.get(`${r.start}|${r.end}`) ?? []), r]);
    return [...byPeriod.values()].map(async (asked) => {
      const period = { from: asked[0]!.start, to: asked[0]!.end };
      const values = await measuresByOrg(
        db,
        asked.map((r) => r.measure),
        orgIds,
        period,
      );
      for (const r of asked) for (const [id, value] of values.get(r.measure)!) set(id, factKey(r), value);
    });
  }

  /** Every count in one statement: a scheme asks for dozens (each month's 主题党日 …). */
  async function countAll() {
    const keys = counts.map(factKey);
    for (const id of orgIds) for (const key of keys) set(id, key, 0);
    const rows = await recordCountsEach(
      db,
      { orgIds },
      counts.map((r) => ({
        period: { from: r.start, to: r.end },
        kinds: r.ledgerKinds,
        topicWord: r.topicIncludes ?? undefined,
      })),
    );
    for (const row of rows) keys.forEach((key, i) => set(row.orgId, key, row.counts[i]!));
  }
}
