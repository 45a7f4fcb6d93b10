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
