import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { queryRows } from '../../../db/query-rows.js';
import { ballotCodes, paperBallotEntries } from '../../../db/schema/index.js';

/** How many sheets of a meeting hold entries not yet counted (closing the vote waits for them). */
export async function pendingPaperSheets(dbOrTx: Db, meetingId: number): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    dbOrTx,
    sql`select count(distinct e.code_id)::int as n from ${paperBallotEntries} e
          join ${ballotCodes} c on c.id = e.code_id where c.meeting_id = ${meetingId}`,
  );
  return row?.n ?? 0;
}
