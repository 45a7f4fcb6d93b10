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
 * whether they have left or moved away since. Members still in those orgs come by `current`, the
 * ones who moved out by their transfers.
 *
 * Each member's first transfer after their admission (the one that left the admitting org) is found
 * once for all of them and joined by hash: asked member by member (a correlated subquery) it was an
 * index probe for each of a province's half a million village members. Only the members in question
 * are looked at: those now in the orgs and those who ever left one of them.
 */
export function admissionsIn(s: AdmissionSearch): SQL {
  const admittedIn = (m: SQL) =>
    sql`${m}.probationary_on <= ${s.to} ${s.from ? sql`and ${m}.probationary_on >= ${s.from}` : sql``}`;
  const period = admittedIn(sql`m`);
  // Only the moves of members admitted in the period are joined below: a year's handful, where
  // every member of 5,000 branches went through a hash of their ids.
  return sql`
    with first_moves as (
      select distinct on (t.member_id) t.member_id, t.from_org_id
      from member_transfers t join members tm on tm.id = t.member_id
      where t.transferred_on > tm.probationary_on and ${admittedIn(sql`tm`)}
        and t.member_id in (
          select m.id from members m where ${s.current}
          union
          select left_org.member_id from member_transfers left_org where left_org.from_org_id in (${s.orgIds}))
      order by t.member_id, t.transferred_on, t.id
    )
    select a.member_id, a.admitted_on, a.org_id from (
      select m.id as member_id, m.probationary_on as admitted_on, coalesce(f.from_org_id, m.org_id) as org_id
      from members m left join first_moves f on f.member_id = m.id
      where ${s.current} and ${period}
      union all
      select m.id, m.probationary_on, f.from_org_id
      from first_moves f join members m on m.id = f.member_id
      where f.from_org_id in (${s.orgIds}) and not (${s.current}) and ${period}
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
