import { eq, sql } from 'drizzle-orm';
import {
  cellOfSlot,
  gradeOfCode,
  notOnBallot,
  type GradeCount,
  type GradeLayout,
} from '../../../domain/ballot-grades.js';
import type { BallotItem } from '../../../domain/meetings.js';
import type { Db } from '../../../db/client.js';
import { queryRows } from '../../../db/query-rows.js';
import { ballotCodeUses, ballotCodes, meetingReporters } from '../../../db/schema/index.js';

/** The meeting's cell layout: its reporters' positions and its items. */
export async function gradeLayout(
  db: Db,
  meeting: { id: number; items: BallotItem[] },
): Promise<GradeLayout> {
  const reporters = await db
    .select({ orgId: meetingReporters.orgId, position: meetingReporters.position })
    .from(meetingReporters)
    .where(eq(meetingReporters.meetingId, meeting.id));
  return { reporters, items: meeting.items };
}

/**
 * The one count of a meeting's formal ballots, for its tally and for the cycle's 综合评价: one
 * GROUP BY over the ballots' compact cells, grouped per slot, named here. `reporters` (with their
 * positions) spares reading them again; `item` counts that item's cells alone. The cell codes are
 * returned as stored: a 述职评议会's read as grades (`gradeCounts`), a survey's as levels.
 */
export async function cellCounts(
  db: Db,
  meeting: { id: number; items: BallotItem[] },
  options: { reporters?: GradeLayout['reporters']; item?: string } = {},
): Promise<(Omit<GradeCount, 'grade'> & { code: number })[]> {
  const layout = options.reporters
    ? { reporters: options.reporters, items: meeting.items }
    : await gradeLayout(db, meeting);
  const itemIndex = options.item === undefined ? -1 : meeting.items.findIndex((i) => i.key === options.item);
  const onlyItem =
    itemIndex < 0 ? sql`` : sql`and (b.grades_from + g.k::int - 1) % ${meeting.items.length} = ${itemIndex}`;
  // A meeting's ballots are few rows (their cells sit in TOAST), so the planner would never split the
  // unnest between workers by its own costs; on PostgreSQL two workers take ~30 % off a 3,000,000-cell
  // count. PGlite has no workers and ignores it.
  const rows = await db.transaction(async (tx) => {
    await tx.execute(sql`set local parallel_setup_cost = 0`);
    await tx.execute(sql`set local min_parallel_table_scan_size = 0`);
    return queryRows<{ category: string; slot: number; code: number; n: number }>(
      tx,
      sql`select b.category, b.grades_from + g.k::int - 1 as slot, g.code, count(*)::int as n
            from ballots b, unnest(b.grades) with ordinality g(code, k)
           where b.meeting_id = ${meeting.id} and not b.rehearsal and g.code <> ${notOnBallot} ${onlyItem}
           group by 1, 2, 3`,
    );
  });
  return rows.flatMap((row) => {
    const cell = cellOfSlot(layout, row.slot);
    return cell ? [{ category: row.category, ...cell, code: row.code, n: row.n }] : [];
  });
}

/** A 述职评议会's counts per category, reporter, item and grade (null: 弃权). */
export async function gradeCounts(
  db: Db,
  meeting: { id: number; items: BallotItem[] },
  options: { reporters?: GradeLayout['reporters']; item?: string } = {},
): Promise<GradeCount[]> {
  return (await cellCounts(db, meeting, options)).flatMap(({ code, ...row }) => {
    const grade = gradeOfCode(code);
    return grade === undefined ? [] : [{ ...row, grade }];
  });
}

/**
 * Formal codes issued and used: for the whole meeting (统一投票), or per reporter (逐人投票, where
 * a code's use is recorded per reporter and `all` is null).
 */
export async function castCounts(db: Db, meetingId: number, perReporter: boolean) {
  const [codes] = await queryRows<{ issued: number; used: number }>(
    db,
    sql`select count(*)::int as issued, count(*) filter (where ${ballotCodes.used})::int as used
        from ${ballotCodes} where ${ballotCodes.meetingId} = ${meetingId} and not ${ballotCodes.rehearsal}`,
  );
  if (!perReporter) return { issued: codes!.issued, all: codes!.used, byOrg: new Map<number, number>() };
  const uses = await queryRows<{ org_id: number; n: number }>(
    db,
    sql`select u.org_id, count(*)::int as n from ${ballotCodeUses} u
        join ${ballotCodes} c on c.id = u.code_id
        where c.meeting_id = ${meetingId} and not c.rehearsal group by u.org_id`,
  );
  return { issued: codes!.issued, all: null, byOrg: new Map(uses.map((u) => [u.org_id, u.n])) };
}
