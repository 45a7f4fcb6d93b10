// The ledger facts that automatic indicators read, one set-based statement per shape: for a set of
// orgs and a period, counts of records (per org, per org and sub-period, per org and host),
// attendance per org and training hours per member. Every rule and the routine-score job read the
// ledger through these, never a copy of them; test/api/ledger-facts.test.ts compares each with a
// count over the same records in plain code.
import { sql, type SQL } from 'drizzle-orm';
import { addDays } from '../domain/dates.js';
import { ledgerKinds, type LedgerKind } from '../domain/ledger.js';
import type { SubPeriod } from '../domain/ledger-record.js';
import type { Db } from './client.js';
import { idArray, queryRows } from './query-rows.js';

/** Which orgs: a subtree (by its root's path), or a list of ids. Each org counts its own records only. */
export type OrgSet = { subtree: string } | { orgIds: readonly number[] };

/** Both days included. */
export interface Period {
  from: string;
  to: string;
}

export interface RecordFilter {
  /** The kinds that count; empty or absent: every kind. */
  kinds?: readonly LedgerKind[];
  /** Only records whose topic contains this text (“专题研究党建工作”). */
  topicWord?: string;
}

/** A record `r` in the period passing the filter. */
function recordMatches(period: Period, filter: RecordFilter = {}): SQL {
  const kinds = filter.kinds?.length
    ? sql`and r.kind in (${sql.join(
        filter.kinds.map((k) => sql`${k}`),
        sql`, `,
      )})`
    : sql``;
  const topic = filter.topicWord ? sql`and strpos(r.topic, ${filter.topicWord}) > 0` : sql``;
  // held_on first: the range prunes year partitions, should the table be partitioned.
  return sql`r.held_on between ${period.from}::date and ${period.to}::date ${kinds} ${topic}`;
}

/** The records `r` of the set, in the period, passing the filter (read from `recordsOf`). */
function recordsWhere(orgs: OrgSet, period: Period, filter: RecordFilter = {}): SQL {
  const set =
    'subtree' in orgs ? sql`o.path <@ ${orgs.subtree}::ltree` : sql`r.org_id = any(${idArray(orgs.orgIds)})`;
  return sql`${recordMatches(period, filter)} and ${set}`;
}

/** The records `r`, joined to their org `o` only where a subtree's path needs it. */
const recordsOf = (orgs: OrgSet): SQL =>
  'subtree' in orgs ? sql`ledger_records r join orgs o on o.id = r.org_id` : sql`ledger_records r`;

export interface OrgCount {
  orgId: number;
  count: number;
}

/** Records per org (orgs without any are absent). */
export function recordCounts(db: Db, orgs: OrgSet, period: Period, filter?: RecordFilter) {
  return queryRows<OrgCount>(
    db,
    sql`select r.org_id as "orgId", count(*)::int as count
        from ${recordsOf(orgs)} where ${recordsWhere(orgs, period, filter)}
        group by r.org_id order by r.org_id`,
  );
}

/** One count of `recordCountsEach`: the records of the period passing the filter. */
export interface CountRequest extends RecordFilter {
  period: Period;
}

export interface OrgCounts {
  orgId: number;
  /** `counts[i]` answers `requests[i]`. */
  counts: number[];
}

/** How many of the sorted `bounds` are on or before `day`: SQL's `width_bucket(day, bounds)`. */
const bucketOf = (day: string, bounds: readonly string[]) => bounds.filter((b) => b <= day).length;

/**
 * Records per org for many requests at once (every count a scheme reads): one pass over the set's
 * records of the requests' whole span, where a statement per request read the same records once
 * for each. Orgs without any record of the span are absent.
 *
 * Each record is first given one number, its cell: each kind's days are cut at the first day and
 * the day after the last of every request counting that kind, and the kinds' stretches numbered one
 * after another, so a request is a range of cells (per kind it counts). The database counts the
 * records of each org, cell and set of the requests' topic words the topic holds (one hash lookup a
 * record), and each request adds up its cells here: four dozen requests (each month's 主题党日 …)
 * each filtering a million records cost a second more.
 */
export async function recordCountsEach(
  db: Db,
  orgs: OrgSet,
  requests: readonly CountRequest[],
): Promise<OrgCounts[]> {
  if (requests.length === 0) return [];
  const span = {
    from: requests.reduce((day, r) => (r.period.from < day ? r.period.from : day), requests[0]!.period.from),
    to: requests.reduce((day, r) => (r.period.to > day ? r.period.to : day), requests[0]!.period.to),
  };
  // The kinds of all requests narrow the scan, unless one of them counts every kind.
  const kinds = requests.every((r) => r.kinds?.length)
    ? [...new Set(requests.flatMap((r) => r.kinds!))]
    : undefined;
  const kindsOf = (r: CountRequest) => (r.kinds?.length ? r.kinds : (kinds ?? ledgerKinds));
  const cuts = new Map<LedgerKind, Set<string>>();
  for (const r of requests)
    for (const kind of kindsOf(r)) {
      const days = cuts.get(kind) ?? new Set<string>();
      days.add(r.period.from).add(addDays(r.period.to, 1));
      cuts.set(kind, days);
    }
  // Each record's cell: its kind's first cell plus its stretch of days (`width_bucket` counts the
  // cuts on or before the day), so a request of one kind is one range of cells.
  const firstCell = new Map<LedgerKind, { at: number; bounds: string[] }>();
  let cells = 0;
  for (const [kind, days] of cuts) {
    const bounds = [...days].sort();
    firstCell.set(kind, { at: cells, bounds });
    cells += bounds.length + 1;
  }
  const words = [...new Set(requests.flatMap((r) => (r.topicWord ? [r.topicWord] : [])))];
  const list = (values: readonly string[]) =>
    sql.join(
      values.map((v) => sql`${v}`),
      sql`, `,
    );
  const cell = sql`case ${sql.join(
    [...firstCell].map(
      ([kind, { at, bounds }]) =>
        sql`when r.kind = ${kind} then ${at}::int + width_bucket(r.held_on, array[${list(bounds)}]::date[])`,
    ),
    sql` `,
  )} end`;
  // Which of the words the topic holds, one character each ('1' or '0'): any number of words.
  const flags = words.length
    ? sql`concat(${sql.join(
        words.map((w) => sql`(strpos(r.topic, ${w}) > 0)::int`),
        sql`, `,
      )})`
    : sql`''`;
  const rows = await queryRows<{ orgId: number; cells: number[]; flags: string[]; counts: number[] }>(
    db,
    sql`select t.org_id as "orgId", array_agg(t.cell) as cells, array_agg(t.flags) as flags,
               array_agg(t.n) as counts
        from (
          select r.org_id, ${cell} as cell, ${flags} as flags, count(*)::int as n
          from ${recordsOf(orgs)} where ${recordsWhere(orgs, span, { kinds })}
          group by 1, 2, 3
        ) t
        group by t.org_id order by t.org_id`,
  );
  // Per request, the cells it counts (a range per kind) and the word it needs (-1: none).
  const asks = requests.map((r) => {
    const counted = new Uint8Array(cells);
    for (const kind of kindsOf(r)) {
      const { at, bounds } = firstCell.get(kind)!;
      counted.fill(1, at + bucketOf(r.period.from, bounds), at + bucketOf(r.period.to, bounds) + 1);
    }
    return { counted, word: r.topicWord ? words.indexOf(r.topicWord) : -1 };
  });
  return rows.map(({ orgId, cells: orgCells, flags: orgFlags, counts }) => ({
    orgId,
    counts: asks.map(({ counted, word }) => {
      let sum = 0;
      orgCells.forEach((c, i) => {
        if (counted[c] && (word < 0 || orgFlags[i]![word] === '1')) sum += counts[i]!;
      });
      return sum;
    }),
  }));
}

export interface SubPeriodCount extends OrgCount {
  /** The sub-period's first day: "2026-04-01" for the second quarter. */
  start: string;
}

const truncate: Record<SubPeriod, SQL> = {
  month: sql`date_trunc('month', r.held_on)`,
  quarter: sql`date_trunc('quarter', r.held_on)`,
  // No 'half' field: the year's start plus six months for July to December.
  halfYear: sql`(date_trunc('year', r.held_on) + case when extract(month from r.held_on) > 6 then interval '6 months' else interval '0' end)`,
};

/** Records per org and sub-period (month, quarter, half-year); empty sub-periods are absent. */
export function recordCountsPerSubPeriod(
  db: Db,
  orgs: OrgSet,
  period: Period,
  subPeriod: SubPeriod,
  filter?: RecordFilter,
) {
  const start = truncate[subPeriod];
  return queryRows<SubPeriodCount>(
    db,
    sql`select r.org_id as "orgId", to_char(${start}, 'YYYY-MM-DD') as start, count(*)::int as count
        from ${recordsOf(orgs)} where ${recordsWhere(orgs, period, filter)}
        group by 1, 2 order by 1, 2`,
  );
}

export interface HostCount extends OrgCount {
  /** The member who hosted, or null for someone named only. */
  hostMemberId: number | null;
  hostName: string;
}

/**
 * Records per org and host person (each committee member's visits to their contact point): a member
 * by id whatever their name, anyone else by the name written.
 */
export function recordCountsPerHost(db: Db, orgs: OrgSet, period: Period, filter?: RecordFilter) {
  return queryRows<HostCount>(
    db,
    sql`select r.org_id as "orgId", r.host_member_id as "hostMemberId",
               coalesce(min(hm.name), min(r.host_name)) as "hostName", count(*)::int as count
        from ${recordsOf(orgs)} left join members hm on hm.id = r.host_member_id
        where ${recordsWhere(orgs, period, filter)}
        group by r.org_id, r.host_member_id, case when r.host_member_id is null then r.host_name end
        order by 1, 2, 3`,
  );
}

/** A type, not an interface: its rows are also read as `Sums` (every field a number). */
export type OrgAttendance = {
  orgId: number;
  present: number;
  listed: number;
  /** The hours of the records with hours (党课, training), summed over the members present. */
  presentHours: number;
};

/**
 * Attendance per org over its records with an attendance list: the members present and listed,
 * summed over the records, so the rate (present / listed) weighs each meeting by its size; and in
 * the same pass the training hours of those present (`trainingHoursByMember` summed per org). Read
 * from the counts each record carries (migration 0022), not from the attendance rows.
 */
export function attendanceByOrg(db: Db, orgs: OrgSet, period: Period, filter?: RecordFilter) {
  return queryRows<OrgAttendance>(
    db,
    sql`select r.org_id as "orgId", sum(r.present_count)::int as present, sum(r.listed_count)::int as listed,
               coalesce(sum(r.hours * r.present_count), 0)::float8 as "presentHours"
        from ${recordsOf(orgs)}
        where ${recordsWhere(orgs, period, filter)} and r.listed_count > 0
        group by r.org_id order by r.org_id`,
  );
}

export interface MemberHours {
  orgId: number;
  memberId: number;
  hours: number;
  sessions: number;
}

/**
 * Training hours per member and org: the hours of every record with hours (党课, training) the
 * member was present at, under the org that held it. Members without any are absent.
 */
export function trainingHoursByMember(db: Db, orgs: OrgSet, period: Period) {
  return queryRows<MemberHours>(
    db,
    sql`select r.org_id as "orgId", a.member_id as "memberId",
               sum(r.hours)::float8 as hours, count(*)::int as sessions
        from ${recordsOf(orgs)}
        join ledger_attendance a on a.record_id = r.id and a.held_on = r.held_on and a.present
        where ${recordsWhere(orgs, period)} and r.hours is not null
        group by r.org_id, a.member_id order by 1, 2`,
  );
}
