import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultBallotItems } from '../../src/domain/meetings.js';
import { tallyCountColumns } from '../../src/domain/meeting-protocol.js';
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

const grades = ['excellent', 'good', 'fair', 'poor'] as const;

describe(`the 计票结果 protocol as xlsx (${testDriver})`, () => {
  let t: TestContext;
  let reporters: OrgRow[];
  let organizer: Session;
  let meetingId: number;

  beforeAll(async () => {
    t = await createTestContext();
    const county = await createOrg(t, null, '计票县委', 'county');
    const town = await createOrg(t, county.id, '计票镇党委', 'committee');
    reporters = [
      await villageBranch(t, town.id, '南坪村党支部'),
      await villageBranch(t, town.id, '北坪村党支部'),
    ];
    organizer = await signedInUser(t, 'ptown', 'organizer', town.id);
    const cycleId = await annualCycle(t, organizer, town.id);
    meetingId = await reviewMeeting(t, organizer, cycleId, {
      name: '2026年度计票评议会',
      heldOn: '2027-01-15',
      venue: '镇党群服务中心',
    });
  });
  afterAll(() => t?.close());

  const url = (tail = '') => `/api/meetings/${meetingId}${tail}`;
  const codes = async (category: string, count: number) =>
    expectStatus(await t.request(organizer, 'POST', url('/codes'), { category, count }), 201).json()
      .items as { code: string }[];
  /** Ballot n grades reporter r's item i by a rotation, so every cell of the tally differs. */
  const choices = (n: number) =>
    Object.fromEntries(
      reporters.map((o, r) => [
        String(o.id),
        Object.fromEntries(defaultBallotItems.map((item, i) => [item.key, grades[(n + r + i) % 4]])),
      ]),
    );

  it('answers 409 before the vote closes, then the xlsx holds the facts and exactly the tally', async () => {
    const superiors = await codes('superiors', 5);
    const deputies = await codes('deputies', 3);
    const masses = await codes('representatives', 2);
    expectStatus(await t.request(organizer, 'POST', url('/voting'), { action: 'open' }), 200);
    const all = [...superiors.slice(0, 4), ...deputies, ...masses.slice(0, 1)];
    for (const [n, c] of all.entries())
      expectStatus(
        await t.request(null, 'POST', `/api/ballot/${c.code}`, {
          submissionId: randomUUID(),
          choices: choices(n),
        }),
        200,
      );
    expectApiError(await t.request(organizer, 'GET', url('/protocol.xlsx')), 409, 'VOTING_NOT_CLOSED');
    expectStatus(await t.request(organizer, 'POST', url('/voting'), { action: 'close' }), 200);

    const tally = expectStatus(await t.request(organizer, 'GET', url('/tally')), 200).json();
    // 党员群众代表's one ballot is merged with the smallest shown group (人大代表/政协委员, 3).
    expect(tally.groups.map((g: { label: string; ballots: number }) => [g.label, g.ballots])).toEqual([
      ['其他', 4],
      ['上级班子成员', 4],
    ]);
    const res = expectStatus(await t.request(organizer, 'GET', url('/protocol.xlsx')), 200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);

    const facts = workbook.getWorksheet('评议会情况')!;
    const factRows = (facts.getSheetValues().filter(Boolean) as unknown[][]).map((r) => r.slice(1));
    expect(factRows).toEqual(
      expect.arrayContaining([
        ['评议会', '2026年度计票评议会'],
        ['日期', '2027-01-15'],
        ['地点', '镇党群服务中心'],
        ['投票方式', '统一投票'],
        ['上级班子成员：发出测评码', 5],
        ['上级班子成员：已使用', 4],
        ['党员群众代表：发出测评码', 2],
        ['党员群众代表：已使用', 1],
        ['合计发出测评码', 10],
        ['合计已使用', 8],
        ['计入的测评票', 8],
        ['测评是否有效', '有效（收回测评票超过发出测评码的半数）'],
      ]),
    );

    const sheet = workbook.getWorksheet('计票结果')!;
    const values = sheet.getSheetValues().filter(Boolean) as unknown[][];
    const header = values.findIndex((row) => row.includes('述职组织'));
    const expectedHeader = [
      '序号',
      '述职组织',
      '测评项目',
      ...tally.groups.flatMap((g: { label: string; ballots: number }) =>
        tallyCountColumns.map((c) => `${g.label}（${g.ballots} 票）${c.label}`),
      ),
    ];
    expect(values[header]!.slice(1)).toEqual(expectedHeader);
    type Item = { label: string; byGroup: Record<string, Record<string, number>> };
    const expectedRows = tally.reporters.flatMap((r: { orgName: string; items: Item[] }, i: number) =>
      r.items.map((item) => [
        i + 1,
        r.orgName,
        item.label,
        ...tally.groups.flatMap((g: { key: string }) =>
          tallyCountColumns.map((c) => item.byGroup[g.key]![c.key]),
        ),
      ]),
    );
    const rows = values.slice(header + 1, header + 1 + expectedRows.length).map((row) => row.slice(1));
    expect(rows).toEqual(expectedRows);
    // Every ballot is in each reporter's item row, once.
    for (const row of rows) expect((row.slice(3) as number[]).reduce((a, b) => a + b, 0)).toBe(8);
  });
});
