import { sql, type SQL } from 'drizzle-orm';

/** Which members to place, and where to look for them. */
export interface MemberPlacement {
  /** The member columns to return, of alias `m` (members). */
  columns: SQL;
  /** Members still in the org they belonged to on the day: a condition on their current row `m`, e.g. its org path. */
  current: SQL;
  /** Members who have moved since: a condition on `orgId`, the org they belonged to on the day. */
  formerOrg: (orgId: SQL) => SQL;
  /** Further conditions on the member `m` (present on the day, a stage…), applied to both. */
  where: SQL;
}

/**
 * "Member in an org on a day", the transfer rule every dated figure uses (statistics now; the
 * ledger and scoring rules next): a member belonged on `day` to their current org unless a
 * transfer is dated after the day, and then to the org the earliest such transfer left. A query
 * (for a CTE or a subquery) of the placed members: `columns` plus `day_org_id`.
 *
 * The two halves keep each side on its index: members still in place are found by their current
 * row (their org path), the few moved since by the transfers.
 */
export function membersInOrgOn(day: SQL, p: MemberPlacement): SQL {
  return sql`
    with moved as materialized (
      select distinct on (t.member_id) t.member_id, t.from_org_id
      from member_transfers t
      where t.transferred_on > ${day}
      order by t.member_id, t.transferred_on, t.id
    )
    select ${p.columns}, m.org_id as day_org_id
    from members m
    where ${p.current} and m.id not in (select member_id from moved) and ${p.where}
    union all
    select ${p.columns}, moved.from_org_id as day_org_id
    from moved join members m on m.id = moved.member_id
    where ${p.formerOrg(sql`moved.from_org_id`)} and ${p.where}`;
}

/** Where to look for admissions, and in which period. */
export interface AdmissionSearch {
  /** A subquery of the ids of the orgs whose admissions are wanted. */
  orgIds: SQL;
  /** Members now in those orgs: a condition on `m` (its org path, its org id). */
  current: SQL;
  /** The first day of the period, or null for all time. */
  from: SQL | null;
  /** The last day of the period. */
  to: SQL;
}

/**
 * 发展党员 (`admissionOf` in src/domain/statistics.ts): one row (`member_id`, `admitted_on`,
 * `org_id`) per member admitted in the period by one of the orgs, placed on the admission day,
 * whether they have left or moved away since. `current` must hold exactly for the members whose
 * org is one of `orgIds`.
 *
 * The members in question are read once: those admitted in the period now in the orgs, and those
 * who ever left one of the orgs (found through the transfers, a small table). Each one's first
 * transfer after their admission (the one that left the admitting org) is then looked up by the
 * member's index, where a filter on "in the orgs or left one" over every member id hashed and
 * sorted a million ids, and a correlated subquery per member probed half a million times.
 */
export function admissionsIn(s: AdmissionSearch): SQL {
  const period = sql`m.probationary_on <= ${s.to} ${s.from ? sql`and m.probationary_on >= ${s.from}` : sql``}`;
  return sql`
    with admitted as materialized (
      select m.id, m.probationary_on, m.org_id from members m where ${s.current} and ${period}
      union all
      select m.id, m.probationary_on, m.org_id from members m
      where m.id in (select t.member_id from member_transfers t where t.from_org_id in (${s.orgIds}))
        and not (${s.current}) and ${period}
    ),
    first_moves as (
      select distinct on (t.member_id) t.member_id, t.from_org_id
      from admitted c join member_transfers t on t.member_id = c.id and t.transferred_on > c.probationary_on
      order by t.member_id, t.transferred_on, t.id
    )
    select a.member_id, a.admitted_on, a.org_id from (
      select c.id as member_id, c.probationary_on as admitted_on, coalesce(f.from_org_id, c.org_id) as org_id
      from admitted c left join first_moves f on f.member_id = c.id
    ) a
    where a.org_id in (${s.orgIds})`;
}

/**
 * The party members (probationary or full, not left) of one org on a day, placed by the transfer
 * rule: whom a ledger record of that day may list as attending. A query of `id` and `name`.
 */
export function partyMembersOfOrgOn(orgId: number, day: string): SQL {
  return membersInOrgOn(sql`${day}::date`, {
    columns: sql`m.id, m.name`,
    current: sql`m.org_id = ${orgId}`,
    formerOrg: (id) => sql`${id} = ${orgId}`,
    where: sql`m.probationary_on <= ${day}::date and (m.left_on is null or m.left_on > ${day}::date)`,
  });
}
