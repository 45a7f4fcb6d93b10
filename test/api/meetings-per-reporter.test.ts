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
  signedInUser,
  type OrgRow,
  villageBranch,
} from './support/fixtures.js';

/** 逐人投票: voting opens for one reporter after another; a code votes once per reporter. */
describe(`review meetings voting one reporter at a time (${testDriver})`, () => {
  let t: TestContext;
  let east: OrgRow;
  let west: OrgRow;
  let organizer: Session;
  let meetingId: number;
  let codes: string[];
  let rehearsalCode: string;
  let eastSubmission = randomUUID();

  const url = (tail = '') => `/api/meetings/${meetingId}${tail}`;
  const grades = (grade = 'excellent') => Object.fromEntries(defaultBallotItems.map((i) => [i.key, grade]));
  const cast = (code: string, orgs: OrgRow[], submissionId = randomUUID()) =>
    t.request(null, 'POST', `/api/ballot/${code}`, {
      submissionId,
      choices: Object.fromEntries(orgs.map((o) => [String(o.id), grades()])),
    });
  const voting = (action: 'open' | 'close', orgId?: number) =>
    t.request(organizer, 'POST', url('/voting'), { action, orgId });
  const form = async (code: string) =>
    expectStatus(await t.request(null, 'GET', `/api/ballot/${code}`), 200).json();

  beforeAll(async () => {
    t = await createTestContext();
    const county = await createOrg(t, null, '逐人县委', 'county');
    const town = await createOrg(t, county.id, '逐人镇党委', 'committee');
    east = await villageBranch(t, town.id, '东山村党支部');
    west = await villageBranch(t, town.id, '西山村党支部');
    organizer = await signedInUser(t, 'mper', 'organizer', town.id);
    const cycleId = await annualCycle(t, organizer, town.id);
    const created = expectStatus(
      await t.request(organizer, 'POST', '/api/meetings', {
        cycleId,
        name: '逐人投票评议会',
        heldOn: '2027-01-13',
      }),
      201,
    ).json();
    meetingId = created.id;
    expect(created.rules.votingMode).toBe('allAtOnce');
    const meeting = expectStatus(
      await t.request(organizer, 'PUT', url(), {
        name: created.name,
        heldOn: created.heldOn,
        venue: created.venue,
        items: created.items,
        categories: created.categories,
        rules: { ...created.rules, votingMode: 'perReporter' },
        reporters: created.reporters.map((r: { orgId: number; mode: string }) => ({
          orgId: r.orgId,
          mode: r.mode,
        })),
      }),
      200,
    ).json();
    expect(meeting.rules.votingMode).toBe('perReporter');
    const issue = async (category: string, count: number, rehearsal = false) =>
      expectStatus(await t.request(organizer, 'POST', url('/codes'), { category, count, rehearsal }), 201)
        .json()
        .items.map((c: { code: string }) => c.code) as string[];
    codes = [...(await issue('superiors', 4)), ...(await issue('representatives', 2))];
    [rehearsalCode] = (await issue('superiors', 1, true)) as [string];
  });
  afterAll(() => t?.close());

  it('keeps 统一投票 for a client that leaves the mode out', async () => {
    const meeting = expectStatus(await t.request(organizer, 'GET', url()), 200).json();
    expect(meeting.reporters.map((r: { voting: string }) => r.voting)).toEqual(['notOpened', 'notOpened']);
    expectApiError(await voting('open'), 409, 'VOTING_STATE');
  });

  it('lets a rehearsal code grade every reporter on one ballot before voting opens', async () => {
    expect((await form(rehearsalCode)).votingMode).toBe('allAtOnce');
    expectStatus(await cast(rehearsalCode, [east, west]), 200);
    expectApiError(await t.request(null, 'GET', `/api/ballot/${codes[0]}`), 409, 'VOTING_NOT_OPEN');
  });

  it('opens one reporter: the ballot shows only them, once per code, idempotently', async () => {
    const opened = expectStatus(await voting('open', east.id), 200).json();
    expect(opened.voting).toBe('open');
    expect(opened.reporters.map((r: { voting: string }) => r.voting)).toEqual(['open', 'notOpened']);
    const shown = await form(codes[0]!.toLowerCase().replace(/-/g, ''));
    expect(shown.votingMode).toBe('perReporter');
    expect(shown.reporters.map((r: { name: string }) => r.name)).toEqual(['东山村党支部']);

    const submissionId = randomUUID();
    eastSubmission = submissionId;
    const { receipt } = expectStatus(await cast(codes[0]!, [east], submissionId), 200).json();
    expect(expectStatus(await cast(codes[0]!, [east], submissionId), 200).json().receipt).toBe(receipt);
    expect(expectApiError(await cast(codes[0]!, [east]), 409, 'BALLOT_CODE_USED').message).toBe(
      '此测评码已对“东山村党支部”投过票',
    );
    // Voted for the open reporter: the page waits for the next.
    expect((await form(codes[0]!)).reporters).toEqual([]);
    expect(expectApiError(await cast(codes[1]!, [west]), 409, 'REPORTER_VOTING_NOT_OPEN').message).toBe(
      '对“西山村党支部”的投票未开始或已结束，请刷新页面',
    );
    expectApiError(await cast(codes[1]!, [east, west]), 409, 'REPORTER_VOTING_NOT_OPEN');
    expect(expectApiError(await cast(codes[1]!, []), 400, 'BALLOT_INCOMPLETE').message).toBe(
      '东山村党支部：请评价“总体评价”',
    );
    expect(expectStatus(await t.request(null, 'GET', `/api/ballot/receipt/${receipt}`), 200).json()).toEqual({
      counted: true,
    });
  });

  it('counts one ballot per code under parallel submissions for the open reporter', async () => {
    const answers = await Promise.all(
      codes.slice(1, 3).flatMap((code) => Array.from({ length: 4 }, () => cast(code, [east]))),
    );
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 200, 409, 409, 409, 409, 409, 409]);
    const turnout = expectStatus(await t.request(organizer, 'GET', url('/turnout')), 200).json();
    expect(turnout).toMatchObject({
      votingMode: 'perReporter',
      reporter: {
        orgId: east.id,
        orgName: '东山村党支部',
        issued: 6,
        used: 3,
        categories: [
          { category: 'superiors', label: '上级班子成员', issued: 4, used: 3 },
          { category: 'representatives', label: '党员群众代表', issued: 2, used: 0 },
        ],
      },
      issued: 6,
      used: 3,
    });
  });

  it('closes a reporter, refuses old tabs and a second opening, then opens the next', async () => {
    expectApiError(await voting('open', west.id), 409, 'VOTING_STATE');
    expectStatus(await voting('close', east.id), 200);
    expect(expectApiError(await cast(codes[3]!, [east]), 409, 'VOTING_NOT_OPEN').message).toBe(
      '当前没有正在进行的投票，请等待主持人宣布开始下一位述职人的投票',
    );
    expect((await form(codes[3]!)).reporters).toEqual([]);
    expect(expectApiError(await voting('open', east.id), 409, 'VOTING_STATE').message).toBe(
      '对“东山村党支部”的投票已结束，不能再次开始',
    );
    expectStatus(await voting('open', west.id), 200);
    expectApiError(await cast(codes[3]!, [east]), 409, 'REPORTER_VOTING_NOT_OPEN');
    const turnout = expectStatus(await t.request(organizer, 'GET', url('/turnout')), 200).json();
    expect(turnout.reporter).toMatchObject({ orgId: west.id, issued: 6, used: 0 });
  });

  it('takes each code again for the next reporter, with a new submission', async () => {
    // The same submission id for another reporter would repeat the receipt.
    expectApiError(await cast(codes[0]!, [west], eastSubmission), 409, 'BALLOT_SUBMISSION_REUSED');
    for (const code of codes.slice(0, 2)) expectStatus(await cast(code, [west]), 200);
    expectApiError(await t.request(organizer, 'GET', url('/tally')), 409, 'VOTING_NOT_CLOSED');
    for (const code of codes.slice(2, 4)) expectStatus(await cast(code, [west]), 200);
    const listed = expectStatus(await t.request(organizer, 'GET', url('/codes')), 200).json().items;
    expect(listed.map((c: { used: boolean }) => c.used)).toEqual([
      true,
      true,
      true,
      true,
      false,
      false,
      true,
    ]);
  });

  it('ends with the final close; a retry of an acknowledged ballot still gets its receipt', async () => {
    const submissionId = randomUUID();
    const { receipt } = expectStatus(await cast(codes[4]!, [west], submissionId), 200).json();
    const closed = expectStatus(await voting('close'), 200).json();
    expect(closed.voting).toBe('closed');
    expect(closed.reporters.map((r: { voting: string }) => r.voting)).toEqual(['closed', 'closed']);
    expect(expectStatus(await cast(codes[4]!, [west], submissionId), 200).json().receipt).toBe(receipt);
    expectApiError(await cast(codes[5]!, [west]), 409, 'VOTING_CLOSED');
    expectApiError(await voting('open', west.id), 409, 'VOTING_STATE');
  });

  it('tallies each reporter’s ballots and names a reporter whose turnout voids the vote', async () => {
    const tally = expectStatus(await t.request(organizer, 'GET', url('/tally')), 200).json();
    // 党员群众代表 voted once (for 西山村): merged into 其他, which takes 上级班子成员 too.
    expect(tally.groups).toEqual([{ key: 'other', label: '其他', ballots: 8 }]);
    const overall = (orgId: number) =>
      tally.reporters.find((r: { orgId: number }) => r.orgId === orgId).items[0].byGroup.other.excellent;
    expect([overall(east.id), overall(west.id)]).toEqual([3, 5]);
    expect(tally.problem).toBe('东山村党支部：收回测评票 3 张，未超过发出的 6 张的半数，测评无效');
  });

  it('stores one reporter per ballot and a code’s uses without time', async () => {
    const rows = await queryRows<{ choices: Record<string, unknown>; rehearsal: boolean }>(
      t.database.db,
      sql`select choices, rehearsal from ballots`,
    );
    expect(rows.filter((r) => !r.rehearsal).map((r) => Object.keys(r.choices).length)).toEqual(
      Array(8).fill(1),
    );
    const columns = await queryRows<{ column_name: string }>(
      t.database.db,
      sql`select column_name from information_schema.columns where table_name = 'ballot_code_uses'`,
    );
    expect(columns.map((c) => c.column_name).sort()).toEqual(['code_id', 'org_id', 'submission_digest']);
  });
});
