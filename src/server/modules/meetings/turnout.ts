import { sql } from 'drizzle-orm';
import { turnoutProblem, type VotingState } from '../../../domain/meetings.js';
import type { Db } from '../../../db/client.js';
import { queryRows } from '../../../db/query-rows.js';
import { ballotCodes, type reviewMeetings } from '../../../db/schema/index.js';
import type { Turnout } from '../../../contract/meetings.js';

type MeetingRow = Pick<typeof reviewMeetings.$inferSelect, 'id' | 'categories' | 'voting'>;

/** 已投/应发 per category of `meeting`, rehearsal codes apart, from its codes alone: no choice is read. */
export async function readTurnout(db: Db, meeting: MeetingRow): Promise<Turnout> {
  const rows = await queryRows<{ category: string; rehearsal: boolean; issued: number; used: number }>(
    db,
    sql`select category, rehearsal, count(*)::int as issued, count(*) filter (where used)::int as used
          from ${ballotCodes} where meeting_id = ${meeting.id} group by category, rehearsal`,
  );
  const byCategory = (rehearsal: boolean) =>
    meeting.categories.flatMap((c) => {
      const row = rows.find((r) => r.category === c.key && r.rehearsal === rehearsal);
      return row ? [{ category: c.key, label: c.label, issued: row.issued, used: row.used }] : [];
    });
  const formal = byCategory(false);
  const issued = formal.reduce((s, r) => s + r.issued, 0);
  const used = formal.reduce((s, r) => s + r.used, 0);
  return {
    voting: meeting.voting as VotingState,
    categories: formal,
    rehearsal: byCategory(true),
    issued,
    used,
    problem: issued === 0 ? null : turnoutProblem({ issued, cast: used }),
  };
}
