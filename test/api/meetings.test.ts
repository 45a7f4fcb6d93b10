import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/query-rows.js';
import { receiptFor, receiptHash } from '../../src/domain/ballot-receipts.js';
import { defaultBallotItems, defaultPanelistCategories } from '../../src/domain/meetings.js';
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

interface CodeRow {
  serial: number;
  category: string;
  code: string;
  used: boolean;
}

describe(`review meetings and ballots (${testDriver})`, () => {
  let t: TestContext;
  let east: OrgRow;
  let west: OrgRow;
  let organizer: Session;
  let outsider: Session;
  let meetingId: number;

  beforeAll(async () => {
    t = await createTestContext();
    const county = await createOrg(t, null, '评议县委', 'county');
    const town = await createOrg(t, county.id, '评议镇党委', 'committee');
    const other = await createOrg(t, county.id, '邻镇党委', 'committee');
    east = await villageBranch(t, town.id, '东岭村党支部');
    west = await villageBranch(t, town.id, '西岭村党支部');
    organizer = await signedInUser(t, 'mtown', 'organizer', town.id);
    outsider = await signedInUser(t, 'mother', 'organizer', other.id);
    const cycleId = await annualCycle(t, organizer, town.id);
    meetingId = await reviewMeeting(t, organizer, cycleId, {
      name: '2026年度村党组织书记述职评议会',
      heldOn: '2027-01-12',
      venue: '镇党委会议室',
    });
  });
  afterAll(() => t?.close());

  const url = (tail = '') => `/api/meetings/${meetingId}${tail}`;
  const codes = async (category: string, count: number, rehearsal?: boolean) =>
    expectStatus(
      await t.request(organizer, 'POST', url('/codes'), { category, count, rehearsal }),
      201,
    ).json().items as CodeRow[];
  const fullChoices = (grade: string | null = 'excellent') =>
    Object.fromEntries(
      [east, west].map((o) => [
        String(o.id),
        Object.fromEntries(defaultBallotItems.map((i) => [i.key, grade])),
      ]),
    );
  const cast = (code: string, submissionId = randomUUID(), choices: unknown = fullChoices()) =>
    t.request(null, 'POST', `/api/ballot/${encodeURIComponent(code)}`, { submissionId, choices });
  const voting = async (action: 'open' | 'close') =>
    expectStatus(await t.request(organizer, 'POST', url('/voting'), { action }), 200);

  it('creates a meeting with the cycle’s reporters, the default items and categories; out of scope is 404', async () => {
    const meeting = expectStatus(await t.request(organizer, 'GET', url()), 200).json();
    expect(meeting).toMatchObject({
      name: '2026年度村党组织书记述职评议会',
      heldOn: '2027-01-12',
      venue: '镇党委会议室',
      voting: 'notOpened',
      items: defaultBallotItems,
      categories: defaultPanelistCategories,
      rules: { allowAbstain: false },
      hasBallots: false,
    });
    expect(meeting.reporters.map((r: { orgName: string; mode: string }) => [r.orgName, r.mode])).toEqual([
      ['东岭村党支部', 'onStage'],
      ['西岭村党支部', 'onStage'],
    ]);
    expectApiError(await t.request(outsider, 'GET', url()), 404, 'NOT_FOUND');
    const list = expectStatus(
      await t.request(organizer, 'GET', `/api/meetings?cycleId=${meeting.cycleId}`),
      200,
    ).json();
    expect(list.items.map((m: { id: number }) => m.id)).toEqual([meetingId]);
  });

  it('generates codes with continuing serials, printed as XXXX-XXXX-XXXX without 0/O/1/I', async () => {
    const first = await codes('superiors', 3);
    const second = await codes('representatives', 2);
    expect([...first, ...second].map((c) => c.serial)).toEqual([1, 2, 3, 4, 5]);
    for (const c of [...first, ...second])
      expect(c.code).toMatch(/^[A-HJ-NP-Z2-9]{4}(-[A-HJ-NP-Z2-9]{4}){2}$/);
    expectApiError(
      await t.request(organizer, 'POST', url('/codes'), { category: 'nobody', count: 1 }),
      400,
      'MEETING_CATEGORY_UNKNOWN',
    );
    const listed = expectStatus(await t.request(organizer, 'GET', url('/codes')), 200).json().items;
    expect(listed).toHaveLength(5);
  });

  it('refuses a vote before voting opens, then takes one code once, idempotently', async () => {
    const [code] = (await codes('superiors', 1)) as [CodeRow];
    expectApiError(await t.request(null, 'GET', `/api/ballot/${code.code}`), 409, 'VOTING_NOT_OPEN');
    expectApiError(await cast(code.code), 409, 'VOTING_NOT_OPEN');
    await voting('open');
    // Typed in lower case with spaces: the same code.
    const typed = code.code.toLowerCase().replace(/-/g, ' ');
    const form = expectStatus(
      await t.request(null, 'GET', `/api/ballot/${encodeURIComponent(typed)}`),
      200,
    ).json();
    expect(form).toMatchObject({ category: '上级班子成员', rehearsal: false, allowAbstain: false });
    expect(form.reporters.map((r: { name: string }) => r.name)).toEqual(['东岭村党支部', '西岭村党支部']);

    const submissionId = randomUUID();
    const { receipt } = expectStatus(await cast(code.code, submissionId), 200).json();
    expect(receipt).toMatch(/^\d{5}-\d{5}$/);
    expect(receipt).toBe(receiptFor(code.code.replace(/-/g, ''), submissionId));
    expect(expectStatus(await cast(code.code, submissionId), 200).json().receipt).toBe(receipt);
    expect(expectApiError(await cast(code.code), 409, 'BALLOT_CODE_USED').message).toBe('此测评码已使用');
    expectApiError(await t.request(null, 'GET', `/api/ballot/${code.code}`), 409, 'BALLOT_CODE_USED');
    expect(expectStatus(await t.request(null, 'GET', `/api/ballot/receipt/${receipt}`), 200).json()).toEqual({
      counted: true,
    });
    expect(expectStatus(await t.request(null, 'GET', '/api/ballot/receipt/00000-00000'), 200).json()).toEqual(
      {
        counted: false,
      },
    );
    const unknown = expectApiError(
      await t.request(null, 'GET', '/api/ballot/AAAA-AAAA-AAAA'),
      404,
      'BALLOT_CODE_UNKNOWN',
    );
    expect(unknown.message).toBe('测评码无效，请核对后重新输入');
    // The meeting no longer changes once voting opened.
    const meeting = expectStatus(await t.request(organizer, 'GET', url()), 200).json();
    expectApiError(
      await t.request(organizer, 'PUT', url(), {
        name: meeting.name,
        heldOn: meeting.heldOn,
        venue: meeting.venue,
        items: meeting.items,
        categories: meeting.categories,
        rules: meeting.rules,
        reporters: meeting.reporters.map((r: { orgId: number; mode: string }) => ({
          orgId: r.orgId,
          mode: r.mode,
        })),
      }),
      409,
      'MEETING_VOTING_STARTED',
    );
    expectApiError(await t.request(organizer, 'DELETE', url()), 409, 'MEETING_HAS_BALLOTS');
  });

  it('refuses an incomplete ballot naming the reporter and the item, and keeps the code unused', async () => {
    const [code] = (await codes('secretaries', 1)) as [CodeRow];
    const choices = fullChoices();
    delete (choices[String(west.id)] as Record<string, unknown>).tasks;
    const error = expectApiError(await cast(code.code, randomUUID(), choices), 400, 'BALLOT_INCOMPLETE');
    expect(error.message).toBe('西岭村党支部：请评价“推动重点任务落实及成效”');
    expectApiError(await cast(code.code, randomUUID(), fullChoices(null)), 400, 'BALLOT_INCOMPLETE');
    expectStatus(await cast(code.code), 200);
  });

  it('counts exactly one ballot per code under 100 parallel submissions of 20 codes', async () => {
    const burst = await codes('representatives', 20);
    const answers = await Promise.all(burst.flatMap((c) => Array.from({ length: 5 }, () => cast(c.code))));
    const statuses = answers.map((a) => a.statusCode);
    expect(statuses.filter((s) => s === 200)).toHaveLength(20);
    expect(statuses.filter((s) => s === 409)).toHaveLength(80);
    const [stored] = await queryRows<{ ballots: number; used: number }>(
      t.database.db,
      sql`select (select count(*)::int from ballots where category = 'representatives') as ballots,
                 (select count(*)::int from ballot_codes where category = 'representatives' and used) as used`,
    );
    // Two earlier codes of the category are unused: the 20 burst ballots, each with its code used.
    expect(stored).toEqual({ ballots: 20, used: 20 });
  });

  it('reports turnout per category without any choice, rehearsal apart', async () => {
    const [rehearsal] = (await codes('superiors', 2, true)) as [CodeRow];
    expectStatus(await cast(rehearsal.code), 200);
    const turnout = expectStatus(await t.request(organizer, 'GET', url('/turnout')), 200).json();
    expect(turnout.categories).toEqual([
      { category: 'superiors', label: '上级班子成员', issued: 4, used: 1 },
      { category: 'secretaries', label: '下级书记', issued: 1, used: 1 },
      { category: 'representatives', label: '党员群众代表', issued: 22, used: 20 },
    ]);
    expect(turnout.rehearsal).toEqual([{ category: 'superiors', label: '上级班子成员', issued: 2, used: 1 }]);
    expect(turnout).toMatchObject({ issued: 27, used: 22, problem: null });
  });

  it('keeps no link from a ballot to its code: no code, id, serial or time in a ballot row', async () => {
    const ballotRows = await queryRows<Record<string, unknown>>(t.database.db, sql`select * from ballots`);
    const codeRows = await queryRows<{
      id: number;
      serial: number;
      code: string;
      submission_digest: string | null;
    }>(t.database.db, sql`select * from ballot_codes`);
    expect(Object.keys(ballotRows[0]!).sort()).toEqual(
      [
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
      ].sort(),
    );
    const columns = await queryRows<{ table_name: string; column_name: string; data_type: string }>(
      t.database.db,
      sql`select table_name, column_name, data_type from information_schema.columns
          where table_name in ('ballots', 'ballot_codes')`,
    );
    expect(columns.filter((c) => /time|date/.test(c.data_type))).toEqual([]);
    for (const ballot of ballotRows) {
      const { id, receipt_hash: hash, choices, category, rehearsal } = ballot;
      const text = JSON.stringify({ id, hash, choices, category, rehearsal });
      for (const code of codeRows) {
        expect(text).not.toContain(code.code);
        expect(text).not.toContain(code.code.toLowerCase());
        if (code.submission_digest) expect(text).not.toContain(code.submission_digest);
      }
      expect(typeof ballot.id).toBe('string');
      // Only the submission id, kept by the panelist's page, turns a code into this hash.
      const guesses = codeRows.flatMap((c) => [
        receiptHash(receiptFor(c.code, '')),
        receiptHash(receiptFor(c.code, String(c.id))),
        receiptHash(receiptFor(c.code, String(c.serial))),
        receiptHash(receiptFor(c.code, c.submission_digest ?? '')),
      ]);
      expect(guesses).not.toContain(hash);
    }
    // Nothing in the audit log says which code voted or when.
    const audit = await queryRows<{ after: unknown }>(
      t.database.db,
      sql`select "after" from audit_log where entity_type in ('reviewMeeting', 'ballotCode')`,
    );
    const auditText = JSON.stringify(audit);
    for (const code of codeRows) expect(auditText).not.toContain(code.code);
  });

  it('refuses votes after closing, then tallies with small categories merged into 其他', async () => {
    const [late] = (await codes('deputies', 1)) as [CodeRow];
    expectApiError(await t.request(organizer, 'GET', url('/tally')), 409, 'VOTING_NOT_CLOSED');
    await voting('close');
    expectApiError(await cast(late.code), 409, 'VOTING_CLOSED');
    expectApiError(await t.request(null, 'GET', `/api/ballot/${late.code}`), 409, 'VOTING_CLOSED');
    const tally = expectStatus(await t.request(organizer, 'GET', url('/tally')), 200).json();
    // 上级班子成员 1 and 下级书记 1: merged with the smallest shown group, 党员群众代表 (20).
    expect(tally.groups).toEqual([{ key: 'other', label: '其他', ballots: 22 }]);
    expect(tally.reporters[0].items[0]).toEqual({
      key: 'overall',
      label: '总体评价',
      byGroup: { other: { excellent: 22, good: 0, fair: 0, poor: 0, abstain: 0 } },
    });
  });

  it('clears rehearsal ballots and codes in one step', async () => {
    expectStatus(await t.request(organizer, 'DELETE', url('/rehearsal')), 204);
    const [{ ballots, codes: left }] = (await queryRows<{ ballots: number; codes: number }>(
      t.database.db,
      sql`select (select count(*)::int from ballots where rehearsal) as ballots,
                 (select count(*)::int from ballot_codes where rehearsal) as codes`,
    )) as [{ ballots: number; codes: number }];
    expect([ballots, left]).toEqual([0, 0]);
  });
});
