import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/query-rows.js';
import { choicesOfGrades } from '../../src/domain/ballot-grades.js';
import type { BallotChoices, BallotItem } from '../../src/domain/meetings.js';
import { createTestContext, type Session, type TestContext } from '../helpers/test-app.js';
import { testDriver } from '../helpers/test-db.js';
import {
  annualCycle,
  createOrg,
  expectStatus,
  signedInUser,
  type OrgRow,
  villageBranch,
} from './support/fixtures.js';

interface BallotRow {
  id: string;
  meeting_id: number;
  rehearsal: boolean;
  choices: BallotChoices;
  grades: number[];
  grades_from: number;
}

const backfill = fs
  .readFileSync(new URL('../../drizzle/0029_ballot_grades.sql', import.meta.url), 'utf8')
  .split('--> statement-breakpoint')
  .map((statement) => statement.trim())
  .filter((statement) => /^(--[^\n]*\n)*(WITH|UPDATE)/.test(statement));

/** The compact cells beside a ballot's choices: written by every cast path, laid out again, backfilled alike. */
describe(`ballot grades (${testDriver})`, () => {
  let t: TestContext;
  let villages: OrgRow[];
  let organizer: Session;
  let cycleId: number;
  const meetings: { id: number; items: BallotItem[] }[] = [];

  const grade = (n: number) => (['excellent', 'good', 'fair', 'poor', null] as const)[n % 5]!;
  const choicesFor = (orgs: OrgRow[], items: BallotItem[], seed: number): BallotChoices =>
    Object.fromEntries(
      orgs.map((o, r) => [
        String(o.id),
        Object.fromEntries(items.map((item, i) => [item.key, grade(seed + r + i)])),
      ]),
    );
  const cast = async (code: string, choices: BallotChoices) =>
    expectStatus(
      await t.request(null, 'POST', `/api/ballot/${code}`, { submissionId: randomUUID(), choices }),
      200,
    );
  const call = async (method: 'POST' | 'PUT' | 'GET', url: string, body?: object, status = 200) =>
    expectStatus(await t.request(organizer, method, url, body), status).json();
  const issue = async (meetingId: number, count: number, rehearsal = false) =>
    (
      await call(
        'POST',
        `/api/meetings/${meetingId}/codes`,
        { category: 'representatives', count, rehearsal },
        201,
      )
    ).items.map((c: { code: string }) => c.code) as string[];

  async function meeting(name: string, reporters: OrgRow[], items: BallotItem[], votingMode: string) {
    const created = await call('POST', '/api/meetings', { cycleId, name, heldOn: '2027-01-12' }, 201);
    const put = (order: OrgRow[], list: BallotItem[]) =>
      call('PUT', `/api/meetings/${created.id}`, {
        name,
        heldOn: created.heldOn,
        venue: '',
        items: list,
        categories: created.categories,
        rules: { ...created.rules, votingMode, allowAbstain: true },
        reporters: order.map((o) => ({ orgId: o.id, mode: 'onStage' })),
      });
    await put(reporters, items);
    const entry = { id: created.id as number, items };
    meetings.push(entry);
    return { id: entry.id, put, entry };
  }

  const ballotRows = () =>
    queryRows<BallotRow>(
      t.database.db,
      sql`select id, meeting_id, rehearsal, choices, grades, grades_from from ballots order by id`,
    );

  async function expectCellsAgree() {
    const rows = await ballotRows();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const meetingOf = meetings.find((m) => m.id === row.meeting_id)!;
      const positions = await queryRows<{ orgId: number; position: number }>(
        t.database.db,
        sql`select org_id as "orgId", position from meeting_reporters where meeting_id = ${row.meeting_id}`,
      );
      const layout = { reporters: positions, items: meetingOf.items };
      expect(choicesOfGrades(layout, row.grades_from, row.grades)).toEqual(row.choices);
    }
    return rows;
  }

  beforeAll(async () => {
    t = await createTestContext();
    const county = await createOrg(t, null, '计票县委', 'county');
    const town = await createOrg(t, county.id, '计票镇党委', 'committee');
    villages = [];
    for (const name of ['甲村党支部', '乙村党支部', '丙村党支部'])
      villages.push(await villageBranch(t, town.id, name));
    organizer = await signedInUser(t, 'mgrades', 'organizer', town.id);
    cycleId = await annualCycle(t, organizer, town.id);
  });
  afterAll(() => t?.close());

  it('stores cells that say what the choices say, for every way a ballot is cast', async () => {
    const items: BallotItem[] = [
      { key: 'overall', label: '总体评价' },
      { key: 'style', label: '作风建设' },
      { key: 'duty', label: '履职尽责' },
    ];
    const together = await meeting('统一投票', villages, items, 'allAtOnce');
    const [rehearsal] = await issue(together.id, 1, true);
    await cast(rehearsal!, choicesFor(villages, items, 0));
    // Reordered reporters and items while a rehearsal ballot exists: its cells are laid out again.
    const reordered = [villages[2]!, villages[0]!, villages[1]!];
    const reorderedItems = [items[2]!, items[0]!, items[1]!];
    await together.put(reordered, reorderedItems);
    together.entry.items = reorderedItems;
    await expectCellsAgree();

    const formal = await issue(together.id, 4);
    await call('POST', `/api/meetings/${together.id}/voting`, { action: 'open' });
    for (const [n, code] of formal.entries()) await cast(code, choicesFor(reordered, reorderedItems, n));
    await call('POST', `/api/meetings/${together.id}/voting`, { action: 'close' });

    const one = await meeting('逐人投票', villages.slice(0, 2), items.slice(0, 2), 'perReporter');
    const codes = await issue(one.id, 3);
    for (const village of villages.slice(0, 2)) {
      await call('POST', `/api/meetings/${one.id}/voting`, { action: 'open', orgId: village.id });
      for (const [n, code] of codes.entries()) await cast(code, choicesFor([village], items.slice(0, 2), n));
      await call('POST', `/api/meetings/${one.id}/voting`, { action: 'close', orgId: village.id });
    }
    await call('POST', `/api/meetings/${one.id}/voting`, { action: 'close' });
    const rows = await expectCellsAgree();
    expect(rows.filter((r) => r.rehearsal)).toHaveLength(1);
    // A 逐人投票 ballot holds its one reporter's cells only.
    expect(rows.filter((r) => r.meeting_id === one.id).map((r) => r.grades.length)).toEqual(
      Array.from({ length: 6 }, () => 2),
    );
  });

  it('backfills existing rows (the migration) to the same cells, counted alike', async () => {
    const tallies = async () => Promise.all(meetings.map((m) => call('GET', `/api/meetings/${m.id}/tally`)));
    const before = await ballotRows();
    const tallied = await tallies();
    expect(tallied[0].reporters[0].items[0].byGroup).not.toEqual(tallied[0].reporters[1].items[0].byGroup);
    await t.database.db.execute(sql`update ballots set grades = '{9}', grades_from = 99`);
    expect(backfill).toHaveLength(2);
    for (const statement of backfill) await t.database.db.execute(sql.raw(statement));
    expect(await ballotRows()).toEqual(before);
    expect(await tallies()).toEqual(tallied);
  });
});
