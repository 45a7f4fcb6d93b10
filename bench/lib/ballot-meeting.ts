// The meetings the ballots benchmark votes in and tallies, set up in this process through the app's
// own API (inject) before the measured server, a separate process, opens the same database.
import { sql } from 'drizzle-orm';
import type { Database } from '../../src/db/client.js';
import { migrateDatabase } from '../../src/db/migrate.js';
import { defaultBallotItems } from '../../src/domain/meetings.js';
import { buildApp } from '../../src/server/app.js';
import { ensureInitialAdmin } from '../../src/server/bootstrap.js';

const password = 'Bench-Ballots-2026!';
const config = { secureCookies: false, sessionTtlHours: 12, webRoot: undefined };

/** The burst ballot has six items: the five defaults and one more. */
export const burstItems = [...defaultBallotItems, { key: 'style', label: '作风建设' }];

export interface BurstMeeting {
  meetingId: number;
  /** The measured codes, then the warm-up ones (another category, so the checks can tell them apart). */
  codes: string[];
  warmUpCodes: string[];
  orgIds: number[];
  /** A second meeting with every village as reporter and the default items, for the tally (or null). */
  tallyMeetingId: number | null;
}

/**
 * A county with `villages` village branches, an annual cycle, and a meeting of the first
 * `reporters` of them with `burstItems`, `codeCount` codes of 党员群众代表 plus `warmUp` of 上级班子成员,
 * voting open; with `tallyMeeting`, a second meeting of all the villages (its ballots come from
 * insertTallyBallots).
 */
export async function setUpMeetings(
  database: Database,
  options: { villages: number; reporters: number; codeCount: number; warmUp: number; tallyMeeting: boolean },
): Promise<BurstMeeting> {
  await migrateDatabase(database);
  await ensureInitialAdmin(database.db, password);
  await database.db.execute(sql`update users set must_change_password = false`);
  const app = await buildApp({ database, config });
  try {
    const signedIn = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin', password },
    });
    const headers = {
      cookie: `shuping_session=${signedIn.cookies.find((c) => c.name === 'shuping_session')!.value}`,
      'x-csrf-token': signedIn.json().csrfToken as string,
    };
    const call = async (method: 'POST' | 'PUT' | 'PATCH', url: string, payload: unknown) => {
      const res = await app.inject({ method, url, headers, payload: payload as object });
      if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
      return res.json();
    };
    const county = await call('POST', '/api/orgs', { parentId: null, name: '测评县委', level: 'county' });
    const town = await call('POST', '/api/orgs', {
      parentId: county.id,
      name: '测评镇党委',
      level: 'committee',
    });
    const orgIds: number[] = [];
    for (let i = 1; i <= options.villages; i++) {
      const branch = await call('POST', '/api/orgs', {
        parentId: town.id,
        name: `第${i}村党支部`,
        level: 'branch',
      });
      await call('PATCH', `/api/orgs/${branch.id}`, { domain: 'village' });
      orgIds.push(branch.id);
    }
    const cycle = await call('POST', '/api/cycles', { orgId: town.id, kind: 'annual', year: 2026 });
    const meeting = await call('POST', '/api/meetings', {
      cycleId: cycle.id,
      name: '民主测评（压力测试）',
      heldOn: '2027-01-12',
    });
    const reporters = orgIds.slice(0, options.reporters);
    await call('PUT', `/api/meetings/${meeting.id}`, {
      name: meeting.name,
      heldOn: meeting.heldOn,
      venue: '',
      items: burstItems,
      categories: meeting.categories,
      rules: meeting.rules,
      reporters: reporters.map((orgId) => ({ orgId, mode: 'onStage' })),
    });
    const codesOf = async (category: string, count: number) => {
      const codes: string[] = [];
      for (let left = count; left > 0; left -= 500) {
        const { items } = await call('POST', `/api/meetings/${meeting.id}/codes`, {
          category,
          count: Math.min(500, left),
        });
        codes.push(...items.map((c: { code: string }) => c.code));
      }
      return codes;
    };
    const codes = await codesOf('representatives', options.codeCount);
    const warmUpCodes = await codesOf('superiors', options.warmUp);
    await call('POST', `/api/meetings/${meeting.id}/voting`, { action: 'open' });
    const tally = options.tallyMeeting
      ? await call('POST', '/api/meetings', { cycleId: cycle.id, name: '计票测试', heldOn: '2027-01-13' })
      : null;
    return {
      meetingId: meeting.id,
      codes,
      warmUpCodes,
      orgIds: reporters,
      tallyMeetingId: tally?.id ?? null,
    };
  } finally {
    await app.close();
  }
}

/**
 * `ballots` closed ballots for the tally meeting, each grading every reporter on every item (grades
 * spread by ballot and reporter, categories in turn), with as many used codes, in one statement each:
 * what a finished meeting leaves behind, without casting them one by one.
 */
export async function insertTallyBallots(database: Database, meetingId: number, ballots: number) {
  await database.db.execute(sql`
    insert into ballot_codes (meeting_id, category, serial, code, used, submission_digest)
    select ${meetingId}, (array['superiors','secretaries','representatives'])[1 + g % 3], g,
           'T' || ${meetingId} || '-' || g, true, md5('used' || g)
      from generate_series(1, ${ballots}) g`);
  // The cells in the meeting's layout (src/domain/ballot-grades.ts): by position, then item; positions run from 1.
  await database.db.execute(sql`
    with grid as (
      select r.org_id, r.position, i.value ->> 'key' as item, i.ord
        from meeting_reporters r, review_meetings m, jsonb_array_elements(m.items) with ordinality i(value, ord)
       where r.meeting_id = ${meetingId} and m.id = ${meetingId})
    insert into ballots (meeting_id, category, rehearsal, choices, grades, grades_from, receipt_hash)
    select ${meetingId}, (array['superiors','secretaries','representatives'])[1 + g % 3], false,
           (select jsonb_object_agg(org_id::text, grades)
              from (select org_id, jsonb_object_agg(item,
                             (array['excellent','good','fair','poor'])[1 + (g + org_id + length(item)) % 4]) as grades
                      from grid group by org_id) per_org),
           (select array_agg((1 + (g + org_id + length(item)) % 4)::smallint order by position, ord) from grid),
           0, md5('receipt' || g)
      from generate_series(1, ${ballots}) g`);
  await database.db.execute(sql`update review_meetings set voting = 'closed' where id = ${meetingId}`);
}
