import { sql } from 'drizzle-orm';
import { cellOfSlot } from '../../../domain/ballot-grades.js';
import type { BallotItem } from '../../../domain/meetings.js';
import { satisfactionLevels } from '../../../domain/results/grades.js';
import { noSatisfactionCounts, type SatisfactionCounts } from '../../../domain/satisfaction.js';
import { turnoutProblem } from '../../../domain/meetings.js';
import type { Db } from '../../../db/client.js';
import { queryRows } from '../../../db/query-rows.js';
import { ballotCodes, ballots } from '../../../db/schema/index.js';
import { cellCounts, gradeLayout } from './tally-counts.js';

export interface SurveyedOrg {
  orgId: number;
  /** Formal codes issued for this org and used. */
  issued: number;
  used: number;
  /** Per item key, the counts of each level. */
  items: Record<string, SatisfactionCounts>;
  /** A turnout that voids this org's survey (at or below half of its codes), or null. */
  problem: string | null;
}

/**
 * A closed 满意度测评's formal ballots counted per rated org and question, from the same compact
 * cells as a 述职评议会's; each org's validity from its own codes (codes are handed out per org,
 * so the more-than-half rule holds per org).
 */
export async function surveyCounts(
  db: Db,
  meeting: { id: number; items: BallotItem[] },
): Promise<Map<number, SurveyedOrg>> {
  const layout = await gradeLayout(db, meeting);
  const codes = await queryRows<{ org_id: number; issued: number; used: number }>(
    db,
    sql`select org_id, count(*)::int as issued, count(*) filter (where used)::int as used
          from ${ballotCodes} where meeting_id = ${meeting.id} and not rehearsal and org_id is not null
         group by org_id`,
  );
  const byOrg = new Map<number, SurveyedOrg>();
  for (const r of layout.reporters) {
    const row = codes.find((c) => c.org_id === r.orgId);
    const issued = row?.issued ?? 0;
    const used = row?.used ?? 0;
    byOrg.set(r.orgId, {
      orgId: r.orgId,
      issued,
      used,
      items: Object.fromEntries(meeting.items.map((i) => [i.key, noSatisfactionCounts()])),
      problem: issued === 0 ? '未发放正式测评码' : turnoutProblem({ issued, cast: used }),
    });
  }
  for (const row of await cellCounts(db, meeting, { reporters: layout.reporters })) {
    const level = satisfactionLevels[row.code - 1];
    const counts = byOrg.get(row.orgId)?.items[row.item];
    if (level && counts) counts[level] += row.n;
  }
  return byOrg;
}

/**
 * The comments of a closed survey's formal ballots, per rated org, each org's in alphabetical
 * order: neither the order of arrival nor the storage order shows through.
 */
export async function surveyComments(
  db: Db,
  meeting: { id: number; items: BallotItem[] },
): Promise<Map<number, string[]>> {
  const layout = await gradeLayout(db, meeting);
  const rows = await queryRows<{ grades_from: number; comment: string }>(
    db,
    sql`select grades_from, comment from ${ballots}
         where meeting_id = ${meeting.id} and not rehearsal and comment is not null
         order by comment`,
  );
  const byOrg = new Map<number, string[]>();
  for (const row of rows) {
    // A survey ballot rates one org on every question: its first cell is that org's.
    const cell = cellOfSlot(layout, row.grades_from);
    if (cell) byOrg.set(cell.orgId, [...(byOrg.get(cell.orgId) ?? []), row.comment]);
  }
  return byOrg;
}
