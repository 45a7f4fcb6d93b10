import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { advisoryLockKeys } from '../../../db/advisory-locks.js';
import { cycles, orgs, reviewMeetings } from '../../../db/schema/index.js';
import type { MeetingTurnoutEvent } from '../../../contract/events.js';
import type { EventBus } from '../../events/bus.js';
import { coalescePerKey } from '../../events/coalesce.js';
import { readTurnout } from './turnout.js';

export interface TurnoutEvents {
  /** A commit changed meeting `id`'s turnout or voting state. */
  changed(meetingId: number): void;
  /** Drops what is waiting and waits for publishes under way. */
  close(): Promise<void>;
}

/**
 * Publishes `meeting.turnout` to the meeting's readers (its cycle's running org path, as the meeting
 * is scoped): at once after a quiet spell, then at most once every `everyMs` per meeting, so a burst
 * of ballots sends a few full turnouts rather than one each. Every event reads the counts afresh, in
 * its own transaction under a per-meeting advisory lock, so the last one after a change always shows
 * that change, whichever instance took it.
 */
export function createTurnoutEvents(
  db: Db,
  events: Pick<EventBus, 'publish'>,
  log: { warn(details: object, message: string): void },
  everyMs = 500,
): TurnoutEvents {
  async function publish(meetingId: number) {
    await db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${advisoryLockKeys.meetingTurnout}, ${meetingId})`);
      const [row] = await tx
        .select({ meeting: reviewMeetings, orgPath: orgs.path })
        .from(reviewMeetings)
        .innerJoin(cycles, eq(cycles.id, reviewMeetings.cycleId))
        .innerJoin(orgs, eq(orgs.id, cycles.orgId))
        .where(eq(reviewMeetings.id, meetingId));
      if (!row) return;
      const { voting, categories, rehearsal, issued, used, problem, reporter } = await readTurnout(
        tx,
        row.meeting,
      );
      const counts = (list: typeof categories) =>
        list.map(({ category, issued: n, used: cast }) => ({ category, issued: n, used: cast }));
      const data: MeetingTurnoutEvent = {
        meetingId,
        voting,
        categories: counts(categories),
        rehearsal: counts(rehearsal),
        issued,
        used,
        problem,
        reporter: reporter && {
          orgId: reporter.orgId,
          categories: counts(reporter.categories),
          issued: reporter.issued,
          used: reporter.used,
        },
      };
      await events.publish({ type: 'meeting.turnout', orgPath: row.orgPath, data }, tx);
    });
  }

  const coalescer = coalescePerKey<number>(everyMs, (meetingId) =>
    // A lost event leaves screens at the previous counts until the next change or reconnect.
    publish(meetingId).catch((error: unknown) =>
      log.warn({ err: error, meetingId }, 'meeting turnout event lost'),
    ),
  );

  return { changed: (meetingId) => coalescer.trigger(meetingId), close: () => coalescer.close() };
}
