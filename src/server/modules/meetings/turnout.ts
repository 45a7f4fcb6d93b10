import { and, eq, sql } from 'drizzle-orm';
import { turnoutProblem, type VotingState } from '../../../domain/meetings.js';
import type { Db } from '../../../db/client.js';
import { queryRows } from '../../../db/query-rows.js';
import {
  ballotCodeUses,
  ballotCodes,
  meetingReporters,
  orgs,
  type reviewMeetings,
} from '../../../db/schema/index.js';
import type { Turnout } from '../../../contract/meetings.js';

type MeetingRow = Pick<typeof reviewMeetings.$inferSelect, 'id' | 'categories' | 'voting' | 'rules'>;

export interface CountRow {
  category: string;
  rehearsal: boolean;
  issued: number;
  used: number;
}

export const sumTurnout = (rows: { issued: number; used: number }[]) => ({
  issued: rows.reduce((s, r) => s + r.issued, 0),
  used: rows.reduce((s, r) => s + r.used, 0),
});

/** 已投/应发 of one reporter in 逐人投票, per category of formal codes. */
export const reporterTurnout = (db: Db, meetingId: number, orgId: number) =>
  queryRows<CountRow>(
    db,
    sql`select c.category, false as rehearsal, count(*)::int as issued, count(u.code_id)::int as used
          from ${ballotCodes} c
          left join ${ballotCodeUses} u on u.code_id = c.id and u.org_id = ${orgId}
         where c.meeting_id = ${meetingId} and not c.rehearsal
         group by c.category`,
  );

/**
 * 已投/应发 per category of `meeting`, rehearsal codes apart, from its codes alone: no choice is
 * read. In 逐人投票 a code that voted for any reporter counts as used, and the open reporter's own
 * turnout comes beside it.
 */
export async function readTurnout(db: Db, meeting: MeetingRow): Promise<Turnout> {
  const rows = await queryRows<CountRow>(
    db,
    sql`select category, rehearsal, count(*)::int as issued,
               count(*) filter (where used or exists (select 1 from ${ballotCodeUses} u where u.code_id = c.id))::int as used
          from ${ballotCodes} c where meeting_id = ${meeting.id} group by category, rehearsal`,
  );
  const byCategory = (counts: CountRow[], rehearsal: boolean) =>
    meeting.categories.flatMap((c) => {
      const row = counts.find((r) => r.category === c.key && r.rehearsal === rehearsal);
      return row ? [{ category: c.key, label: c.label, issued: row.issued, used: row.used }] : [];
    });
  const formal = byCategory(rows, false);
  const { issued, used } = sumTurnout(formal);
  const [open] = await db
    .select({ orgId: meetingReporters.orgId, orgName: orgs.name })
    .from(meetingReporters)
    .innerJoin(orgs, eq(orgs.id, meetingReporters.orgId))
    .where(and(eq(meetingReporters.meetingId, meeting.id), eq(meetingReporters.voting, 'open')));
  const openRows = byCategory(open ? await reporterTurnout(db, meeting.id, open.orgId) : [], false);
  return {
    voting: meeting.voting as VotingState,
    votingMode: meeting.rules.votingMode,
    reporter: open
      ? { orgId: open.orgId, orgName: open.orgName, categories: openRows, ...sumTurnout(openRows) }
      : null,
    categories: formal,
    rehearsal: byCategory(rows, true),
    issued,
    used,
    problem: issued === 0 ? null : turnoutProblem({ issued, cast: used }),
  };
}
