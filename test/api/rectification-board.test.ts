import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Board, ProblemStats } from '../../src/contract/rectification.js';
import { queryRows } from '../../src/db/query-rows.js';
import { manualClock } from '../../src/server/clock.js';
import { createTestContext, type Session, type TestContext } from '../helpers/test-app.js';
import { testDriver } from '../helpers/test-db.js';
import { createOrg, expectApiError, expectStatus, signedInUser, type OrgRow } from './support/fixtures.js';

describe(`rectification: the monthly board and the statistics (${testDriver})`, () => {
  let t: TestContext;
  let county: OrgRow;
  let town: OrgRow;
  let otherTown: OrgRow;
  let east: OrgRow;
  let west: OrgRow;
  let north: OrgRow;
  let organizer: Session;
  let secretary: Session & { username: string };
  const ids: Record<string, number> = {};
  const clock = manualClock('2026-06-15T08:00:00Z');

  /** An item as the workflow would have left it; the board reads what is stored, so SQL sets it. */
  async function item(
    key: string,
    org: OrgRow,
    row: { filed: string; deadline: string; status?: string; closedOn?: string; mergedInto?: string },
    more: { category?: string; source?: string } = {},
  ) {
    const [inserted] = await queryRows<{ id: number }>(
      t.database.db,
      sql`
        insert into problems (org_id, org_path, source, source_ref, text, category, severity, status,
                              deadline, closed_on, merged_into_id, created_at)
        values (${org.id}, ${org.path}::ltree, ${more.source ?? 'inspection'},
                ${JSON.stringify({ source: more.source ?? 'inspection' })}::jsonb, ${`问题${key}`},
                ${more.category ?? 'organizational'}, 'medium', ${row.status ?? 'open'}, ${row.deadline},
                ${row.closedOn ?? null}, ${row.mergedInto ? ids[row.mergedInto]! : null},
                ${`${row.filed}T10:00:00+08:00`}::timestamptz)
        returning id`,
    );
    ids[key] = inserted!.id;
  }

  beforeAll(async () => {
    t = await createTestContext({ clock });
    county = await createOrg(t, null, '晒单县委', 'county');
    town = await createOrg(t, county.id, '东岭镇党委', 'committee');
    otherTown = await createOrg(t, county.id, '西岭镇党委', 'committee');
    east = await createOrg(t, town.id, '东村党支部', 'branch');
    west = await createOrg(t, town.id, '西村党支部', 'branch');
    north = await createOrg(t, otherTown.id, '北村党支部', 'branch');
    organizer = await signedInUser(t, 'bdtown', 'organizer', town.id);
    secretary = await signedInUser(t, 'bdsecretary', 'secretary', east.id);
    // May's board reads as of 31 May; the notes say how each item stands then.
    await item('1', east, {
      filed: '2026-03-10',
      deadline: '2026-04-30',
      status: 'closed',
      closedOn: '2026-05-10',
    }); // closed in May
    await item('2', east, {
      filed: '2026-03-10',
      deadline: '2026-05-20',
      status: 'closed',
      closedOn: '2026-06-05',
    }); // open then, 11 days overdue
    await item('3', east, { filed: '2026-04-01', deadline: '2026-07-31', status: 'inProgress' }); // in progress
    await item('4', west, { filed: '2026-04-01', deadline: '2026-05-01' }, { source: 'critique' }); // 30 days overdue
    await item('5', west, {
      filed: '2026-04-01',
      deadline: '2026-04-15',
      status: 'closed',
      closedOn: '2026-04-20',
    }); // closed before May
    await item('6', north, { filed: '2026-04-01', deadline: '2026-06-30' }, { category: 'conduct' }); // in progress
    await item('7', north, { filed: '2026-06-02', deadline: '2026-09-30' }); // filed after May
    await item('8', east, { filed: '2026-04-01', deadline: '2026-05-02', mergedInto: '3' }); // a merged duplicate
    await item('9', town, {
      filed: '2026-04-01',
      deadline: '2026-08-01',
      status: 'closed',
      closedOn: '2026-05-31',
    }); // the town's own, closed in May
    await t.database.db.execute(sql`
      insert into problem_measures (problem_id, text, owner_user_id, owner_name, responsible_org_id, deadline)
      values (${ids['4']!}, '健全制度', ${secretary.userId}, '王责任', ${west.id}, '2026-05-01')`);
  });
  afterAll(() => t?.close());

  const board = async (s: Session, query: string) =>
    expectStatus(await t.request(s, 'GET', `/api/problems/board?${query}`), 200).json() as Board;

  it("counts a town's month as of its end: an item closed the next month is still open", async () => {
    const may = await board(organizer, `orgId=${town.id}&month=2026-05`);
    expect(may).toMatchObject({
      org: { id: town.id, name: '东岭镇党委' },
      month: '2026-05',
      asOf: '2026-05-31',
    });
    expect(may.summary).toMatchObject({ total: 6, closed: 3, inProgress: 1, overdue: 2, rate: 0.5 });
    expect(may.rows).toEqual([
      { orgId: west.id, orgName: '西村党支部', total: 2, closed: 1, inProgress: 0, overdue: 1, rate: 0.5 },
      { orgId: east.id, orgName: '东村党支部', total: 3, closed: 1, inProgress: 1, overdue: 1, rate: 0.333 },
    ]);
    expect(may.overdue).toEqual([
      {
        id: ids['4'],
        orgName: '西村党支部',
        text: '问题4',
        deadline: '2026-05-01',
        daysOverdue: 30,
        responsibleName: '王责任',
      },
      {
        id: ids['2'],
        orgName: '东村党支部',
        text: '问题2',
        deadline: '2026-05-20',
        daysOverdue: 11,
        responsibleName: null,
      },
    ]);
    expect(may.overdueTotal).toBe(2);
    expect(may.closedInMonth).toEqual([
      { id: ids['9'], orgName: '东岭镇党委', text: '问题9', closedOn: '2026-05-31' },
      { id: ids['1'], orgName: '东村党支部', text: '问题1', closedOn: '2026-05-10' },
    ]);
    expect(may.closedInMonthTotal).toBe(2);

    // The running month reads as of today: item 2 closed on 5 June.
    const june = await board(organizer, 'month=2026-06');
    expect(june).toMatchObject({ org: { id: town.id }, asOf: '2026-06-15' });
    expect(june.summary).toMatchObject({ total: 6, closed: 4, overdue: 1 });
    expect(june.closedInMonth.map((c) => c.id)).toEqual([ids['2']]);
    // No month: the clock's.
    expect((await board(organizer, '')).month).toBe('2026-06');
  });

  it("lists the towns on the county's board, without the item filed after the month", async () => {
    const may = await board(t.admin, `orgId=${county.id}&month=2026-05`);
    expect(may.summary).toMatchObject({ total: 7, closed: 3, overdue: 2 });
    expect(may.rows.map((r) => [r.orgName, r.total, r.closed, r.rate])).toEqual([
      ['东岭镇党委', 6, 3, 0.5],
      ['西岭镇党委', 1, 0, 0],
    ]);
  });

  it('shows names only: no login, phone or ID number, in the JSON or the workbook', async () => {
    const res = await t.request(organizer, 'GET', `/api/problems/board?month=2026-05`);
    expect(res.body).toContain('王责任');
    expect(res.body).not.toContain(secretary.username);
    const file = expectStatus(
      await t.request(organizer, 'GET', `/api/problems/board.xlsx?month=2026-05`),
      200,
    );
    expect(file.headers['content-type']).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['完成情况', '逾期事项', '本月销号']);
    const rows = (name: string) =>
      (book.getWorksheet(name)!.getSheetValues().filter(Boolean) as unknown[][]).map((r) => r.slice(1));
    const text = JSON.stringify(book.worksheets.map((s) => s.getSheetValues()));
    expect(text).not.toContain(secretary.username);
    expect(rows('完成情况')[0]![0]).toBe('东岭镇党委2026年05月整改晒单');
    const done = rows('完成情况');
    const header = done.findIndex((r) => r.includes('销号率'));
    expect(done.slice(header + 1)).toEqual([
      [1, '西村党支部', 2, 1, 0, 1, 0.5],
      [2, '东村党支部', 3, 1, 1, 1, 0.333],
      ['', '合计（东岭镇党委）', 6, 3, 1, 2, 0.5],
    ]);
    const late = rows('逾期事项');
    expect(late.slice(late.findIndex((r) => r.includes('逾期天数')) + 1)).toEqual([
      ['西村党支部', '问题4', '2026-05-01', 30, '王责任'],
      ['东村党支部', '问题2', '2026-05-20', 11, ''],
    ]);
    const closed = rows('本月销号');
    expect(closed.slice(closed.findIndex((r) => r.includes('销号日期')) + 1)).toHaveLength(2);
  });

  it('keeps each reader to their scope: 404 beyond it, their own org by default', async () => {
    for (const orgId of [county.id, otherTown.id, north.id])
      for (const path of ['board', 'board.xlsx', 'stats'])
        expectApiError(
          await t.request(organizer, 'GET', `/api/problems/${path}?orgId=${orgId}`),
          404,
          'NOT_FOUND',
        );
    const own = await board(secretary, 'month=2026-05');
    expect(own.org.id).toBe(east.id);
    expect(own.rows).toEqual([]);
    expect(own.summary).toMatchObject({ total: 3, closed: 1, overdue: 1 });
  });

  it('refuses a month that is not YYYY-MM and an org that does not exist', async () => {
    for (const month of ['2026-13', '2026-5', '202605'])
      expectApiError(await t.request(organizer, 'GET', `/api/problems/board?month=${month}`), 400);
    expectApiError(await t.request(t.admin, 'GET', '/api/problems/board?orgId=999999'), 404, 'NOT_FOUND');
  });

  it('refuses a month that has not started, on the page and in the workbook', async () => {
    for (const path of ['board', 'board.xlsx'])
      expectApiError(
        await t.request(organizer, 'GET', `/api/problems/${path}?month=2026-07`),
        400,
        'MONTH_NOT_STARTED',
      );
    expect((await board(organizer, 'month=2026-06')).month).toBe('2026-06');
  });

  it('counts the statistics: over time, by category and source, per org one level below', async () => {
    const stats = expectStatus(
      await t.request(t.admin, 'GET', `/api/problems/stats?orgId=${county.id}`),
      200,
    ).json() as ProblemStats;
    expect(stats).toMatchObject({ total: 8, closed: 4, overdue: 1, rate: 0.5, trail: [] });
    expect(stats.months).toEqual([
      { month: '2026-03', filed: 2, closed: 0, cumulativeRate: 0 },
      { month: '2026-04', filed: 5, closed: 1, cumulativeRate: 0.143 },
      { month: '2026-05', filed: 0, closed: 2, cumulativeRate: 0.429 },
      { month: '2026-06', filed: 1, closed: 1, cumulativeRate: 0.5 },
    ]);
    expect(stats.byCategory.sort((a, b) => a.total - b.total)).toEqual([
      { category: 'conduct', total: 1, closed: 0 },
      { category: 'organizational', total: 7, closed: 4 },
    ]);
    expect(stats.bySource.sort((a, b) => a.total - b.total)).toEqual([
      { source: 'critique', total: 1, closed: 0 },
      { source: 'inspection', total: 7, closed: 4 },
    ]);
    expect(stats.children).toEqual([
      {
        orgId: town.id,
        orgName: '东岭镇党委',
        hasChildren: true,
        total: 6,
        closed: 4,
        overdue: 1,
        rate: 0.667,
      },
      {
        orgId: otherTown.id,
        orgName: '西岭镇党委',
        hasChildren: true,
        total: 2,
        closed: 0,
        overdue: 0,
        rate: 0,
      },
    ]);
    // Drilling down from the town: the trail goes back up only as far as the reader reaches.
    const village = expectStatus(
      await t.request(organizer, 'GET', `/api/problems/stats?orgId=${east.id}`),
      200,
    ).json() as ProblemStats;
    expect(village).toMatchObject({
      total: 3,
      closed: 2,
      children: [],
      trail: [{ id: town.id, name: '东岭镇党委' }],
    });
    const fromCounty = expectStatus(
      await t.request(t.admin, 'GET', `/api/problems/stats?orgId=${east.id}`),
      200,
    ).json() as ProblemStats;
    expect(fromCounty.trail.map((o) => o.id)).toEqual([county.id, town.id]);
  });
});
