import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/query-rows.js';
import { defaultBallotItems } from '../../src/domain/meetings.js';
import { createTestContext, type Session, type TestContext } from '../helpers/test-app.js';
import { testDriver } from '../helpers/test-db.js';
import {
  annualCycle,
  createOrg,
  expectApiError,
  expectStatus,
  reviewMeeting,
  signedInUser,
  type OrgRow,
  villageBranch,
} from './support/fixtures.js';

type Grade = 'excellent' | 'good' | 'fair' | 'poor';

describe(`paper ballots entered twice and reconciled (${testDriver})`, () => {
  let t: TestContext;
  let east: OrgRow;
  let west: OrgRow;
  let first: Session;
  let second: Session;
  let cycleId: number;
  let meetingId: number;
  let codes: { serial: number; code: string }[];

  const url = (tail = '') => `/api/meetings/${meetingId}${tail}`;
  const choices = (grade: Grade, westOverall: Grade = grade) => ({
    [east.id]: Object.fromEntries(defaultBallotItems.map((i) => [i.key, grade])),
    [west.id]: Object.fromEntries(
      defaultBallotItems.map((i) => [i.key, i.key === 'overall' ? westOverall : grade]),
    ),
  });
  const enter = (who: Session, serial: number, c = choices('good')) =>
    t.request(who, 'POST', url('/paper-ballots'), { serial, choices: c });
  const sheets = async (who: Session) =>
    expectStatus(await t.request(who, 'GET', url('/paper-ballots')), 200).json().items as {
      serial: number;
      status: string;
      first: { userName: string; mine: boolean } | null;
      second: { userName: string; mine: boolean } | null;
      differences: unknown[];
      myChoices: unknown;
    }[];

  beforeAll(async () => {
    t = await createTestContext();
    const county = await createOrg(t, null, '纸票县委', 'county');
    const town = await createOrg(t, county.id, '纸票镇党委', 'committee');
    east = await villageBranch(t, town.id, '东山村党支部');
    west = await villageBranch(t, town.id, '西山村党支部');
    first = await signedInUser(t, 'paper1', 'organizer', town.id);
    second = await signedInUser(t, 'paper2', 'organizer', town.id);
    cycleId = await annualCycle(t, first, town.id);
    meetingId = await reviewMeeting(t, first, cycleId, { name: '纸质票评议会', heldOn: '2027-01-12' });
    codes = expectStatus(
      await t.request(first, 'POST', url('/codes'), { category: 'superiors', count: 5 }),
      201,
    ).json().items;
  });
  afterAll(() => t?.close());

  it('takes entries only while voting is open', async () => {
    expectApiError(await enter(first, 1), 409, 'VOTING_NOT_OPEN');
    expectStatus(await t.request(first, 'POST', url('/voting'), { action: 'open' }), 200);
  });

  it('takes the first entry from anyone and refuses the same user twice, in Chinese', async () => {
    const sheet = expectStatus(await enter(first, 1), 201).json();
    expect(sheet).toMatchObject({ serial: 1, status: 'awaitingSecond', first: { mine: true }, second: null });
    const again = expectApiError(await enter(first, 1), 409, 'PAPER_ENTRY_REFUSED');
    expect(again.message).toContain('第二次录入须由另一位同志完成');
    expectApiError(await enter(first, 99), 404, 'NOT_FOUND');
    const incomplete = expectApiError(
      await enter(second, 1, { [east.id]: { overall: 'good' } } as never),
      400,
      'BALLOT_INCOMPLETE',
    );
    expect(incomplete.message).toMatch(/请评价/);
  });

  it('agrees when both entries match, and lists a mismatch cell by cell', async () => {
    expect(expectStatus(await enter(second, 1), 201).json()).toMatchObject({
      status: 'agreed',
      differences: [],
    });
    expectStatus(await enter(first, 2, choices('fair')), 201);
    expectStatus(await enter(second, 2, choices('fair', 'poor')), 201);
    const list = await sheets(second);
    expect(list.map((s) => [s.serial, s.status])).toEqual([
      [1, 'agreed'],
      [2, 'differs'],
    ]);
    expect(list[1]!.differences).toEqual([
      {
        orgId: west.id,
        orgName: '西山村党支部',
        item: 'overall',
        itemLabel: '总体评价',
        first: 'fair',
        second: 'poor',
      },
    ]);
    // Each user sees their own entry to correct it, never the other's.
    expect(list[1]!.second).toMatchObject({ mine: true });
    expect(list[1]!.myChoices).toEqual(choices('fair', 'poor'));
    expect((await sheets(first))[1]!.myChoices).toEqual(choices('fair'));
    expectApiError(
      await t.request(second, 'PUT', url('/paper-ballots/3'), { choices: choices('good') }),
      404,
    );
    const corrected = await t.request(second, 'PUT', url('/paper-ballots/2'), { choices: choices('fair') });
    expect(expectStatus(corrected, 200).json()).toMatchObject({ status: 'agreed', differences: [] });
  });

  it('marks a sheet whose code was used on a phone as a conflict and never counts it', async () => {
    expectStatus(await enter(first, 3), 201);
    const cast = await t.request(null, 'POST', `/api/ballot/${codes[2]!.code}`, {
      submissionId: randomUUID(),
      choices: choices('excellent'),
    });
    expectStatus(cast, 200);
    expect((await sheets(first)).find((s) => s.serial === 3)!.status).toBe('conflict');
    expectApiError(await enter(second, 3), 409, 'BALLOT_CODE_USED');
  });

  it('refuses to close the vote while entries are not counted, naming how many', async () => {
    const refused = expectApiError(
      await t.request(first, 'POST', url('/voting'), { action: 'close' }),
      409,
      'PAPER_BALLOTS_PENDING',
    );
    expect(refused.message).toContain('还有 3 张纸质票');
  });

  it('counts the agreed sheets as anonymous ballots in one step, with the code marked used', async () => {
    const counted = expectStatus(await t.request(first, 'POST', url('/paper-ballots/count')), 200).json();
    expect(counted).toEqual({ counted: 2 });
    expect((await sheets(first)).map((s) => [s.serial, s.status])).toEqual([[3, 'conflict']]);
    const turnout = expectStatus(await t.request(first, 'GET', url('/turnout')), 200).json();
    expect(turnout).toMatchObject({ issued: 5, used: 3 });
    // A counted serial cannot be entered again.
    expectApiError(await enter(first, 1), 409, 'BALLOT_CODE_USED');
    expectApiError(
      await t.request(first, 'POST', url('/paper-ballots/count')),
      409,
      'PAPER_NOTHING_TO_COUNT',
    );
  });

  it('leaves no table joining a serial to the choices of a counted ballot; the audit names serials, never choices', async () => {
    const entries = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from paper_ballot_entries e join ballot_codes c on c.id = e.code_id
           where c.serial in (1, 2)`,
    );
    expect(entries[0]!.n).toBe(0);
    const columns = await queryRows<{ column_name: string }>(
      t.database.db,
      sql`select column_name from information_schema.columns where table_name = 'ballots' order by 1`,
    );
    expect(columns.map((c) => c.column_name)).toEqual([
      'category',
      'choices',
      // A survey's optional comment, written by the voter: no link to a code.
      'comment',
      'grades',
      'grades_from',
      'id',
      'meeting_id',
      'receipt_hash',
      'rehearsal',
    ]);
    // Paper ballots look like phone ballots: a receipt hash of the same shape, matching no receipt.
    const hashes = await queryRows<{ receipt_hash: string }>(
      t.database.db,
      sql`select receipt_hash from ballots where meeting_id = ${meetingId}`,
    );
    expect(hashes).toHaveLength(3);
    for (const h of hashes) expect(h.receipt_hash).toMatch(/^[0-9a-f]{64}$/);
    const audit = await queryRows<{ action: string; before: unknown; after: unknown }>(
      t.database.db,
      sql`select action, before, after from audit_log where entity_type = 'paperBallot' order by id`,
    );
    expect(audit.map((a) => a.action)).toContain('paperBallot.count');
    expect(audit.find((a) => a.action === 'paperBallot.count')!.after).toEqual({
      sheets: 2,
      serials: [1, 2],
    });
    expect(JSON.stringify(audit)).not.toMatch(/excellent|good|fair|poor|choices/);
  });

  it('closes once the rest is discarded, and the tally holds the paper ballots', async () => {
    expectStatus(await t.request(first, 'DELETE', url('/paper-ballots')), 204);
    expect(await sheets(first)).toEqual([]);
    expectStatus(await t.request(first, 'POST', url('/voting'), { action: 'close' }), 200);
    const tally = expectStatus(await t.request(first, 'GET', url('/tally')), 200).json();
    expect(tally.groups).toEqual([{ key: 'superiors', label: '上级班子成员', ballots: 3 }]);
    const westOverall = tally.reporters
      .find((r: { orgId: number }) => r.orgId === west.id)
      .items.find((i: { key: string }) => i.key === 'overall').byGroup.superiors;
    expect(westOverall).toEqual({ excellent: 1, good: 1, fair: 1, poor: 0, abstain: 0 });
    expectApiError(await enter(first, 4), 409, 'VOTING_CLOSED');
  });

  it('refuses paper ballots in 逐人投票', async () => {
    const res = await t.request(first, 'POST', '/api/meetings', {
      cycleId,
      name: '逐人评议会',
      heldOn: '2027-01-13',
    });
    const other = expectStatus(res, 201).json();
    const body = {
      name: other.name,
      heldOn: other.heldOn,
      venue: other.venue,
      items: other.items,
      categories: other.categories,
      rules: { ...other.rules, votingMode: 'perReporter' },
      reporters: other.reporters.map((r: { orgId: number; mode: string }) => ({
        orgId: r.orgId,
        mode: r.mode,
      })),
    };
    expectStatus(await t.request(first, 'PUT', `/api/meetings/${other.id}`, body), 200);
    await t.request(first, 'POST', `/api/meetings/${other.id}/codes`, { category: 'superiors', count: 1 });
    const refused = expectApiError(
      await t.request(first, 'POST', `/api/meetings/${other.id}/paper-ballots`, { serial: 1, choices: {} }),
      409,
      'PAPER_BALLOTS_PER_REPORTER',
    );
    expect(refused.message).toContain('逐人投票');
  });
});
