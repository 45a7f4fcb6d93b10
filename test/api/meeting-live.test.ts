import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/server/app.js';
import { defaultBallotItems } from '../../src/domain/meetings.js';
import type { Turnout } from '../../src/contract/meetings.js';
import { connectEvents, type ReceivedEvent, type SseClient } from '../helpers/sse-client.js';
import { createTestContext, type Session, type TestContext } from '../helpers/test-app.js';
import { testDriver } from '../helpers/test-db.js';
import {
  annualCycle,
  createOrg,
  expectStatus,
  reviewMeeting,
  signedInUser,
  villageBranch,
  type OrgRow,
} from './support/fixtures.js';

interface CodeRow {
  code: string;
}
interface TurnoutData {
  meetingId: number;
  voting: string;
  issued: number;
  used: number;
  rehearsal: { used: number }[];
}

// On PostgreSQL the second app is a second instance with its own LISTEN connection, sharing only the
// database; on PGlite it shares the process too.
describe(`live tally events across instances (${testDriver})`, () => {
  let t: TestContext;
  let second: App;
  let baseB: string;
  let town: OrgRow;
  let other: OrgRow;
  let villages: OrgRow[];
  let organizer: Session;
  let townSecretary: Session;
  let outsider: Session;
  let villageSecretary: Session;
  let meetingId: number;
  const clients: SseClient[] = [];

  const types = ['meeting.turnout', 'job.progress', 'refresh'];
  const listenOnB = async (session: Session) => {
    const client = connectEvents(`${baseB}/api/events`, session.cookie, { types });
    clients.push(client);
    await client.opened;
    return client;
  };
  const url = (tail = '') => `/api/meetings/${meetingId}${tail}`;
  const turnoutOf = (e: ReceivedEvent) =>
    e.type === 'meeting.turnout' && (e.data as TurnoutData).meetingId === meetingId
      ? (e.data as TurnoutData)
      : null;
  const codes = async (category: string, count: number, rehearsal = false) =>
    (
      expectStatus(
        await t.request(organizer, 'POST', url('/codes'), { category, count, rehearsal }),
        201,
      ).json().items as CodeRow[]
    ).map((c) => c.code);
  const ballot = () => ({
    submissionId: randomUUID(),
    choices: Object.fromEntries(
      villages.map((o) => [String(o.id), Object.fromEntries(defaultBallotItems.map((i) => [i.key, 'good']))]),
    ),
  });
  const castOnA = async (code: string) =>
    expectStatus(await t.request(null, 'POST', `/api/ballot/${code}`, ballot()), 200);
  const castOnB = async (code: string) => {
    const res = await fetch(`${baseB}/api/ballot/${code}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ballot()),
    });
    expect(res.status).toBe(200);
  };
  const getOnB = async (path: string) => {
    const res = await fetch(`${baseB}${path}`, { headers: { cookie: organizer.cookie } });
    expect(res.status).toBe(200);
    return res.json() as Promise<unknown>;
  };
  /** The turnout as GET answers it, without the mode and the names the event leaves to the meeting. */
  const countsOf = async () => {
    const {
      votingMode: _mode,
      reporter,
      ...turnout
    } = expectStatus(await t.request(organizer, 'GET', url('/turnout')), 200).json() as Turnout;
    const bare = (rows: Turnout['categories']) => rows.map(({ label: _, ...row }) => row);
    return {
      meetingId,
      ...turnout,
      categories: bare(turnout.categories),
      rehearsal: bare(turnout.rehearsal),
      reporter: reporter && {
        orgId: reporter.orgId,
        categories: bare(reporter.categories),
        issued: reporter.issued,
        used: reporter.used,
      },
    };
  };

  beforeAll(async () => {
    t = await createTestContext();
    const county = await createOrg(t, null, '直播县委', 'county');
    town = await createOrg(t, county.id, '直播镇党委', 'committee');
    other = await createOrg(t, county.id, '邻近镇党委', 'committee');
    villages = [
      await villageBranch(t, town.id, '上河村党支部'),
      await villageBranch(t, town.id, '下河村党支部'),
    ];
    organizer = await signedInUser(t, 'livetown', 'organizer', town.id);
    townSecretary = await signedInUser(t, 'livesec', 'secretary', town.id);
    outsider = await signedInUser(t, 'liveother', 'organizer', other.id);
    villageSecretary = await signedInUser(t, 'livevillage', 'secretary', villages[0]!.id);
    const cycleId = await annualCycle(t, organizer, town.id);
    meetingId = await reviewMeeting(t, organizer, cycleId, {
      name: '直播测试述职评议会',
      heldOn: '2027-01-15',
    });
    second = await buildApp({
      database: t.database,
      config: { secureCookies: false, sessionTtlHours: 12, webRoot: undefined },
    });
    baseB = await second.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await second?.close();
    await t?.close();
  });

  it('sends the meeting’s readers on another instance its counts only, and nobody else anything', async () => {
    const [reader, secretary, outside, village] = [
      await listenOnB(organizer),
      await listenOnB(townSecretary),
      await listenOnB(outsider),
      await listenOnB(villageSecretary),
    ];
    const issued = await codes('superiors', 3);
    await reader.next((e) => turnoutOf(e)?.issued === 3);

    const rehearsal = await codes('secretaries', 2, true);
    await reader.next((e) => turnoutOf(e)?.rehearsal.length === 1);
    await castOnA(rehearsal[0]!);
    await reader.next((e) => turnoutOf(e)?.rehearsal[0]?.used === 1);
    expectStatus(await t.request(organizer, 'DELETE', url('/rehearsal')), 204);
    await reader.next((e) => turnoutOf(e)?.rehearsal.length === 0 && turnoutOf(e)?.issued === 3);

    expectStatus(await t.request(organizer, 'POST', url('/voting'), { action: 'open' }), 200);
    await reader.next((e) => turnoutOf(e)?.voting === 'open');
    await castOnA(issued[0]!);
    const cast = await reader.next((e) => turnoutOf(e)?.used === 1);
    expect(cast.data).toEqual(await countsOf());
    expect(cast.data).toMatchObject({ voting: 'open', issued: 3, used: 1, problem: expect.any(String) });
    await secretary.next((e) => turnoutOf(e)?.used === 1);

    // Counts only: no field beyond these, and no code anywhere.
    for (const { data } of [...reader.received, ...secretary.received]) {
      const { categories, rehearsal: rows } = data as { categories: object[]; rehearsal: object[] };
      expect(Object.keys(data as object).sort()).toEqual(
        ['categories', 'issued', 'meetingId', 'problem', 'rehearsal', 'reporter', 'used', 'voting'].sort(),
      );
      for (const row of [...categories, ...rows])
        expect(Object.keys(row)).toEqual(['category', 'issued', 'used']);
    }
    const text = JSON.stringify([...reader.received, ...secretary.received]);
    for (const code of [...issued, ...rehearsal]) {
      expect(text).not.toContain(code);
      expect(text).not.toContain(code.replace(/-/g, ''));
    }

    // A marker each outsider may see: once it arrived, any turnout event would have too.
    for (const [client, org] of [
      [outside, other],
      [village, villages[0]!],
    ] as const) {
      await t.app.events.publish({
        type: 'job.progress',
        orgPath: org.path,
        data: { jobId: `marker-${org.id}`, state: 'running', phase: null, done: 0, total: 1 },
      });
      await client.next((e) => e.type === 'job.progress');
      expect(client.received.map((e) => e.type)).toEqual(['job.progress']);
    }
  });

  it('ends a burst cast on both instances on the final counts, and both tally alike after closing', async () => {
    const reader = await listenOnB(organizer);
    const burst = await codes('representatives', 12);
    await Promise.all(burst.map((code, i) => (i % 2 ? castOnA(code) : castOnB(code))));
    const last = await reader.next((e) => turnoutOf(e)?.used === 13);
    expect(last.data).toEqual(await countsOf());
    expectStatus(await t.request(organizer, 'POST', url('/voting'), { action: 'close' }), 200);
    await reader.next((e) => turnoutOf(e)?.voting === 'closed');

    const onA = expectStatus(await t.request(organizer, 'GET', url('/tally')), 200).json();
    expect(await getOnB(url('/tally'))).toEqual(onA);
    expect(onA.groups.reduce((sum: number, g: { ballots: number }) => sum + g.ballots, 0)).toBe(13);
  });
});
