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

/**
 * How the members with an outflow record are found: from each member of the orgs (`perMember`,
 * by the records' member index), or `fromRecords`, a list of every outflow member's id read by the
 * members' key. The list holds the whole registry's outflow members (81,000 of 1,000,000 in the
 * benchmark): cheaper than a pass over the members of thousands of orgs, far dearer than the few
 * hundred of one town.
 */
export type OutflowSearch = 'perMember' | 'fromRecords';

/** The org count above which `fromRecords` is the cheaper search. */
const outflowListFrom = 500;

/** `m` had an outflow record open at some time in the period. */
function outflowDuring(search: OutflowSearch, period: Period): SQL {
  const open = sql`mr.direction = 'outflow' and mr.started_on <= ${period.to}::date
    and (mr.ended_on is null or mr.ended_on >= ${period.from}::date)`;
  return search === 'fromRecords'
    ? sql`m.id = any(array(select mr.member_id from mobile_records mr where ${open}))`
    : sql`exists (select 1 from mobile_records mr where mr.member_id = m.id and ${open})`;
}

/** Party members (probationary or full) on the day. */
const partyOn = (day: string) => sql`m.probationary_on <= ${day}::date`;

/**
 * Per org, counts and sums that add up over a subtree (the rows of a source statement). A measure
 * of a reporting org is computed from its whole subtree's sums: a town's 发展党员 or 参会率 is the
 * town's (全镇), a branch's its own.
 */
type Sums = Record<string, number>;

type SumRows = ({ orgId: number } & Sums)[];
const statement =
  (query: (orgIds: readonly number[], period: Period, search: OutflowSearch) => SQL) =>
  (db: Db, orgIds: readonly number[], period: Period, search: OutflowSearch) =>
    queryRows<SumRows[number]>(db, query(orgIds, period, search));

/** The statements that read the sums, each over the orgs of every reporting subtree at once. */
const sources = {
  // The members placed in each org on the period's last day, in one pass over the registry: the
  // 两委's ages in whole years on the last day (as `ageOn`) over those with a birth date, their
  // education (one not recorded is not shown to be high school), the 入党积极分子 the org took on
  // during the period (the pipeline's activist date) still with it at the end, the party members.
  placed: statement((orgIds, period) => {
    const highSchool = sql.join(
      educationLevels.filter((e) => isSeniorHighOrAbove(e)).map((e) => sql`${e}`),
      sql`, `,
    );
    return sql`select x.day_org_id as "orgId",
        coalesce(sum(extract(year from age(${period.to}::date, x.birth_date)))
          filter (where x.two_committees and x.birth_date is not null), 0)::float8 as "ageSum",
        (count(*) filter (where x.two_committees and x.birth_date is not null))::float8 as "aged",
        (count(*) filter (where x.two_committees))::float8 as "twoCommittees",
        (count(*) filter (where x.two_committees and x.education in (${highSchool})))::float8 as "highSchool",
        (count(*) filter (where x.activist_on between ${period.from}::date and ${period.to}::date))::float8 as "activists",
        (count(*) filter (where x.party))::float8 as "partyMembers"
      from (${placedOnEnd(
        orgIds,
        period,
        sql`m.birth_date, m.education, m.activist_on, ${partyOn(period.to)} as party,
          ${groupCondition.twoCommittees} as two_committees`,
        sql`true`,
      )}) x
      group by x.day_org_id`;
  }),
  // Of the party members with an outflow record open during the period, those present at any
  // ledger record of the period (an online 主题党日 at home counts as much as one at the host org).
  mobile: statement(
    (orgIds, period, search) => sql`select day_org_id as "orgId", count(*)::float8 as "outflow",
          (count(*) filter (where exists (
             select 1 from ledger_attendance a
             where a.member_id = x.member_id and a.present
               and a.held_on between ${period.from}::date and ${period.to}::date)))::float8 as "active"
        from (${placedOnEnd(
          orgIds,
          period,
          sql`m.name`,
          sql`${partyOn(period.to)} and ${outflowDuring(search, period)}`,
        )}) x
        group by day_org_id`,
  ),
  // 发展党员 by the one definition (`admissionsIn`): admitted in the period by the org, wherever they are now.
  developed: statement(
    (orgIds, period) => sql`select a.org_id as "orgId", count(*)::float8 as "developed"
        from (${admissionsIn({
          orgIds: sql`select unnest(${idArray(orgIds)})`,
          current: sql`m.org_id = any(${idArray(orgIds)})`,
          from: sql`${period.from}::date`,
          to: sql`${period.to}::date`,
        })}) a group by a.org_id`,
  ),
  // Overdue: open at the period's end a year or more after it was flagged (整顿 takes a year: seed
  // 001). Open: at any time in the period; transformed: of those, by its end.
  rectifications: statement(
    (orgIds, period) => sql`select w.org_id as "orgId",
          (count(*) filter (where w.flagged_on <= (${period.to}::date - interval '1 year')::date
            and (w.transformed_on is null or w.transformed_on > ${period.to}::date)))::float8 as "overdue",
          (count(*) filter (where w.transformed_on is null or w.transformed_on >= ${period.from}::date))::float8 as "open",
          (count(*) filter (where w.transformed_on between ${period.from}::date and ${period.to}::date))::float8 as "transformed"
        from weak_org_rectifications w
        where w.org_id = any(${idArray(orgIds)}) and w.flagged_on <= ${period.to}::date
        group by w.org_id`,
  ),
  // 问题清单 items (merged duplicates left out; those closed before the period began are done with):
  // overdue when not closed by the period's end with the deadline before it; due when the deadline
  // falls within or before the period; closed when due and closed by its end.
  problems: statement(
    (orgIds, period) => sql`select p.org_id as "orgId",
          (count(*) filter (where p.deadline < ${period.to}::date
            and (p.closed_on is null or p.closed_on > ${period.to}::date)))::float8 as "problemsOverdue",
          (count(*) filter (where p.deadline <= ${period.to}::date))::float8 as "problemsDue",
          (count(*) filter (where p.deadline <= ${period.to}::date
            and p.closed_on <= ${period.to}::date))::float8 as "problemsClosed"
        from problems p
        where p.org_id = any(${idArray(orgIds)}) and p.merged_into_id is null
          and (p.closed_on is null or p.closed_on >= ${period.from}::date)
        group by p.org_id`,
  ),
  // Present over listed, summed over every record with a list, and the hours of 党课 and trainings
  // summed over who was present: one pass over the records and their lists.
  attendance: (db: Db, orgIds: readonly number[], period: Period): Promise<SumRows> =>
    attendanceByOrg(db, { orgIds }, period),
};
type Source = keyof typeof sources;

/** Each measure from its subtree's sums: null where there is nothing to measure, a count of nothing is 0. */
const measureFrom: Record<RuleMeasure, { from: readonly Source[]; value: (s: Sums) => number | null }> = {
  twoCommitteesAverageAge: { from: ['placed'], value: (s) => (s.aged ? s.ageSum! / s.aged : null) },
  twoCommitteesHighSchoolShare: {
    from: ['placed'],
    value: (s) => (s.twoCommittees ? (100 * (s.highSchool ?? 0)) / s.twoCommittees : null),
  },
  activistsTrained: { from: ['placed'], value: (s) => s.activists ?? 0 },
  attendanceRate: {
    from: ['attendance'],
    value: (s) => (s.listed ? (100 * (s.present ?? 0)) / s.listed : null),
  },
  // 党员人均培训学时: divided by the party members on the period's last day; null without any.
  trainingHoursPerMember: {
    from: ['attendance', 'placed'],
    value: (s) => (s.partyMembers ? (s.presentHours ?? 0) / s.partyMembers : null),
  },
  mobileActivityShare: {
    from: ['mobile'],
    value: (s) => (s.outflow ? (100 * (s.active ?? 0)) / s.outflow : null),
  },
  membersDeveloped: { from: ['developed'], value: (s) => s.developed ?? 0 },
  overdueRectifications: { from: ['rectifications'], value: (s) => s.overdue ?? 0 },
  rectificationCompletionRate: {
    from: ['rectifications'],
    value: (s) => (s.open ? (100 * (s.transformed ?? 0)) / s.open : null),
  },
  overdueProblems: { from: ['problems'], value: (s) => s.problemsOverdue ?? 0 },
  problemClosureRate: {
    from: ['problems'],
    value: (s) => (s.problemsDue ? (100 * (s.problemsClosed ?? 0)) / s.problemsDue : null),
  },
};

/** Each reporting org and the orgs of its subtree, itself included (an org may be in several). */
function subtreesOf(db: Db, orgIds: readonly number[]) {
  return queryRows<{ reporterId: number; orgId: number }>(
    db,
    sql`select r.id as "reporterId", o.id as "orgId"
        from orgs r join orgs o on o.path <@ r.path
        where r.id = any(${idArray(orgIds)})`,
  );
}

/**
 * Measures for every org of the list over its subtree, by measure: null where there is nothing to
 * measure. Each source statement runs once for the orgs of all the subtrees; the sums are then
 * added up per reporting org. The outflow members are searched as suits the number of those orgs
 * unless `outflowSearch` says how.
 */
export async function measuresByOrg(
  db: Db,
  measures: readonly RuleMeasure[],
  orgIds: readonly number[],
  period: Period,
  outflowSearch?: OutflowSearch,
): Promise<Map<RuleMeasure, Map<number, number | null>>> {
  const subtrees = orgIds.length === 0 ? [] : await subtreesOf(db, orgIds);
  const scope = [...new Set(subtrees.map((s) => s.orgId))].sort((a, b) => a - b);
  const search = outflowSearch ?? (scope.length > outflowListFrom ? 'fromRecords' : 'perMember');
  const asked = new Set(measures.flatMap((m) => measureFrom[m].from));
  const perOrg = new Map<number, Sums>();
  await Promise.all(
    [...asked].map(async (source) => {
      const rows = await sources[source](db, scope, period, search);
      for (const { orgId, ...sums } of rows)
        Object.assign(perOrg.get(orgId) ?? perOrg.set(orgId, {}).get(orgId)!, sums);
    }),
  );
  const totals = new Map<number, Sums>(orgIds.map((id) => [id, {}]));
  for (const { reporterId, orgId } of subtrees) {
    const total = totals.get(reporterId)!;
    for (const [key, n] of Object.entries(perOrg.get(orgId) ?? {})) total[key] = (total[key] ?? 0) + n;
  }
  return new Map(
    measures.map((m) => [m, new Map([...totals].map(([id, sums]) => [id, measureFrom[m].value(sums)]))]),
  );
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
