import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { OrgSheet, Ranking, SheetLine } from '../../src/contract/routine-scores.js';
import { queryRows } from '../../src/db/query-rows.js';
import { routineSheetColumns, routineSheetRows } from '../../src/domain/routine-scores.js';
import { manualClock } from '../../src/server/clock.js';
import { createTestContext, uploadTestTimeout, type Session, type TestContext } from '../helpers/test-app.js';
import { testDriver } from '../helpers/test-db.js';
import { expectSucceeded, settledJob } from '../helpers/xlsx-fixtures.js';
import {
  createOrg,
  expectApiError,
  expectNoChange,
  expectStatus,
  signedInUser,
  type OrgRow,
} from './support/fixtures.js';

/*
 * Routine scores of a town's cycle: computed from the ledger when the cycle opens, pending after a
 * change and current again once the refresher has run, entered scores on top, the sheet as xlsx.
 */
describe(`routine scores (${testDriver})`, () => {
  let t: TestContext;
  let county: OrgRow;
  let town: OrgRow;
  let otherTown: OrgRow;
  let branch: OrgRow;
  let otherBranch: OrgRow;
  let farBranch: OrgRow;
  let secretary: Session;
  let otherSecretary: Session;
  let checker: Session;
  let townOrganizer: Session;
  let farOrganizer: Session;
  let viewer: Session;
  let cycleId: number;
  let countyCycleId: number;
  let host: number;
  const clock = manualClock('2026-06-15T08:00:00Z');

  const settle = () => t.app.routineScores.settled();
  const sheetOf = async (s: Session, orgId = branch.id): Promise<OrgSheet> =>
    expectStatus(await t.request(s, 'GET', `/api/routine-scores/${cycleId}/orgs/${orgId}`), 200).json();
  const lineOf = (view: OrgSheet, key: string): SheetLine =>
    view.sheet!.categories.flatMap((c) => c.lines).find((l) => l.key === key)!;
  const score = (s: Session, key: string, body: object, orgId = branch.id) =>
    t.request(s, 'PUT', `/api/routine-scores/${cycleId}/orgs/${orgId}/indicators/${key}/score`, body);
  const training = (heldOn: string) =>
    t.request(secretary, 'POST', '/api/ledger', {
      orgId: branch.id,
      kind: 'training',
      heldOn,
      topic: '农村实用技术培训',
      hostMemberId: host,
      hours: 2,
      attendance: [{ memberId: host, present: true }],
    });

  beforeAll(async () => {
    t = await createTestContext({ clock });
    county = await createOrg(t, null, '考核县委', 'county');
    town = await createOrg(t, county.id, '考核镇党委', 'committee');
    otherTown = await createOrg(t, county.id, '考核邻镇党委', 'committee');
    branch = await createOrg(t, town.id, '考核东村党支部', 'branch');
    otherBranch = await createOrg(t, town.id, '考核西村党支部', 'branch');
    farBranch = await createOrg(t, otherTown.id, '考核远村党支部', 'branch');
    for (const o of [branch, otherBranch, farBranch])
      expectStatus(await t.request(t.admin, 'PATCH', `/api/orgs/${o.id}`, { domain: 'village' }), 200);
    secretary = await signedInUser(t, 'rssec', 'secretary', branch.id);
    otherSecretary = await signedInUser(t, 'rssec2', 'secretary', otherBranch.id);
    checker = await signedInUser(t, 'rschk', 'checker', town.id);
    townOrganizer = await signedInUser(t, 'rsorg', 'organizer', town.id);
    farOrganizer = await signedInUser(t, 'rsfar', 'organizer', otherTown.id);
    viewer = await signedInUser(t, 'rsview', 'viewer', town.id);
    host = expectStatus(
      await t.request(t.admin, 'POST', '/api/members', {
        orgId: branch.id,
        name: '赵书记',
        gender: 'male',
        stage: 'full',
        probationaryOn: '2010-01-01',
        fullOn: '2011-01-01',
        branchRole: 'secretary',
      }),
      201,
    ).json().id;
    const open = async (orgId: number) => {
      const cycle = expectStatus(
        await t.request(t.admin, 'POST', '/api/cycles', {
          orgId,
          kind: 'annual',
          year: 2026,
          schemes: { template: true },
        }),
        201,
      ).json();
      expectStatus(
        await t.request(t.admin, 'POST', `/api/cycles/${cycle.id}/status`, { status: 'open' }),
        200,
      );
      return cycle.id as number;
    };
    cycleId = await open(town.id);
    countyCycleId = await open(county.id);
    await open(otherTown.id);
    await settle();
  });
  afterAll(() => t?.close());
  afterEach(() => t.idle(), uploadTestTimeout);

  it('ranks the branches of the town once computed, each current, with the drill-down from the county', async () => {
    const ranking: Ranking = expectStatus(
      await t.request(townOrganizer, 'GET', `/api/routine-scores/${cycleId}`),
      200,
    ).json();
    expect(ranking.under.id).toBe(town.id);
    expect(ranking.pending).toBe(0);
    expect(ranking.items.map((i) => i.org.name).sort()).toEqual(['考核东村党支部', '考核西村党支部']);
    for (const item of ranking.items) {
      expect(item.status).toBe('current');
      expect(item.total).toBeGreaterThan(0);
      expect(item.rank).not.toBeNull();
    }
    // The county's cycle lists the towns, each leading to the town's own cycle of the same year.
    const county: Ranking = expectStatus(
      await t.request(t.admin, 'GET', `/api/routine-scores/${countyCycleId}`),
      200,
    ).json();
    const townItem = county.items.find((i) => i.org.id === town.id)!;
    expect(townItem.childCycleId).toBe(cycleId);
    // A town organizer reading the county's cycle sees its own town only.
    const own: Ranking = expectStatus(
      await t.request(townOrganizer, 'GET', `/api/routine-scores/${countyCycleId}`),
      200,
    ).json();
    expect(own.items.map((i) => i.org.id)).toEqual([town.id]);
  });

  it('follows new ledger records: three trainings turn the training count from 扣完为止 to one missing', async () => {
    const before = lineOf(await sheetOf(secretary), 'b-trainings');
    expect(before).toMatchObject({ basis: 'rule', score: 0, maxPoints: 3 });
    expect(before.explanation).toContain('实开展0次');
    for (const day of ['2026-03-10', '2026-04-12', '2026-05-20']) expectStatus(await training(day), 201);
    await settle();
    const view = await sheetOf(secretary);
    expect(view.status).toBe('current');
    const after = lineOf(view, 'b-trainings');
    expect(after.score).toBe(2.25);
    expect(after.lost).toEqual([{ points: 0.75, reason: expect.stringContaining('实开展3次') }]);
    expect(after.explanation).toContain('扣0.75分');
    expect(view.sheet!.total).toBeGreaterThan(0);
  });

  it('marks a score pending in the transaction of a change, and stores no result older than a change', async () => {
    const [row] = await queryRows<{ stale: boolean; marks: number }>(
      t.database.db,
      sql`select stale, marks from routine_scores where cycle_id = ${cycleId} and org_id = ${branch.id}`,
    );
    expect(row!.stale).toBe(false);
    await t.database.db
      .transaction(async (tx) => {
        await tx.execute(
          sql`insert into ledger_records (held_on, org_id, kind, topic, host_name, entered_on)
            values ('2026-06-01', ${branch.id}, 'affairsDisclosure', '党务公开', '赵书记', '2026-06-01')`,
        );
        const [marked] = await queryRows<{ stale: boolean; marks: number }>(
          tx,
          sql`select stale, marks from routine_scores where cycle_id = ${cycleId} and org_id = ${branch.id}`,
        );
        expect(marked).toEqual({ stale: true, marks: row!.marks + 1 });
        // A record outside the cycle's period marks nothing more.
        await tx.execute(
          sql`insert into ledger_records (held_on, org_id, kind, topic, host_name, entered_on)
            values ('2025-06-01', ${branch.id}, 'affairsDisclosure', '党务公开', '赵书记', '2026-06-01')`,
        );
        const [again] = await queryRows<{ marks: number }>(
          tx,
          sql`select marks from routine_scores where cycle_id = ${cycleId} and org_id = ${branch.id}`,
        );
        expect(again!.marks).toBe(row!.marks + 1);
        // A problem filed against the org marks it too: the problem list's measures read it.
        await tx.execute(
          sql`insert into problems (org_id, org_path, source, source_ref, text, category, severity, deadline)
            values (${branch.id}, ${branch.path}::ltree, 'inspection', '{"source":"inspection"}', '台账不全',
              'system', 'low', '2026-09-30')`,
        );
        const [filed] = await queryRows<{ marks: number }>(
          tx,
          sql`select marks from routine_scores where cycle_id = ${cycleId} and org_id = ${branch.id}`,
        );
        expect(filed!.marks).toBe(row!.marks + 2);
        tx.rollback();
      })
      .catch((error: unknown) => {
        if (!(error instanceof Error && /rollback/i.test(error.message))) throw error;
      });
    await settle();
    expect((await sheetOf(secretary)).status).toBe('current');
  });

  it('counts a town’s measures over its whole subtree: a member admitted in a village marks the town and is its 发展党员', async () => {
    const townSheet = async (): Promise<OrgSheet> =>
      expectStatus(
        await t.request(t.admin, 'GET', `/api/routine-scores/${countyCycleId}/orgs/${town.id}`),
        200,
      ).json();
    const marksOfTown = async () =>
      (
        await queryRows<{ marks: number }>(
          t.database.db,
          sql`select marks from routine_scores where cycle_id = ${countyCycleId} and org_id = ${town.id}`,
        )
      )[0]!.marks;
    const before = lineOf(await townSheet(), 'c-develop');
    expect(before).toMatchObject({ score: 0, explanation: expect.stringContaining('发展党员人数为0') });
    const marks = await marksOfTown();
    expectStatus(
      await t.request(t.admin, 'POST', '/api/members', {
        orgId: branch.id,
        name: '钱新党员',
        gender: 'female',
        stage: 'probationary',
        birthDate: '1996-05-01',
        probationaryOn: '2026-03-01',
      }),
      201,
    );
    // The village's change marks the town's row in the county's cycle too.
    expect(await marksOfTown()).toBeGreaterThan(marks);
    await settle();
    const view = await townSheet();
    expect(view.status).toBe('current');
    const after = lineOf(view, 'c-develop');
    expect(after.score).toBe(after.maxPoints);
    expect(after.explanation).toContain('发展党员人数1名');
  });

  it('overrides an automatic score only with a reason; both values stay visible; out of range is refused', async () => {
    const refused = expectApiError(await score(checker, 'b-trainings', { points: 3 }), 400, 'SCORE_INVALID');
    expect(refused).toMatchObject({ details: [{ field: 'reason' }] });
    for (const points of [3.5, -1, 1.005])
      expect(
        expectApiError(
          await score(checker, 'b-trainings', { points, reason: '现场查看' }),
          400,
          'SCORE_INVALID',
        ),
      ).toMatchObject({ details: [{ field: 'points' }] });
    const saved: OrgSheet = expectStatus(
      await score(checker, 'b-trainings', { points: 3, reason: '另有两次培训记录在镇里' }),
      200,
    ).json();
    expect(saved.entries.find((e) => e.key === 'b-trainings')!.scores).toMatchObject([
      { by: 'checker', points: 3, reason: '另有两次培训记录在镇里' },
    ]);
    await settle();
    const line = lineOf(await sheetOf(townOrganizer), 'b-trainings');
    expect(line).toMatchObject({ basis: 'override', score: 3 });
    expect(line.explanation).toContain('自动评分2.25分');
    expect(line.explanation).toContain('考核人员核定为3分：另有两次培训记录在镇里');
    const [entry] = await queryRows<{ after: Record<string, unknown> }>(
      t.database.db,
      sql`select "after" from audit_log where entity_type = 'indicatorScore' order by id desc limit 1`,
    );
    expect(entry!.after).toMatchObject({ by: 'checker', points: 3, indicatorKey: 'b-trainings' });
    // The organizer confirms: the last hand wins, and the checker's score stays listed.
    expectStatus(await score(townOrganizer, 'b-trainings', { points: 2.5, reason: '核定' }), 200);
    await settle();
    const confirmed = await sheetOf(secretary);
    expect(lineOf(confirmed, 'b-trainings').score).toBe(2.5);
    expect(confirmed.entries.find((e) => e.key === 'b-trainings')!.scores.map((s) => s.by)).toEqual([
      'checker',
      'organizer',
    ]);
  });

  it('takes 酌情扣分 with reasons on a checked indicator only', async () => {
    const url = `/api/routine-scores/${cycleId}/orgs/${branch.id}/indicators/b-vanguard/deductions`;
    expectApiError(
      await t.request(checker, 'PUT', url.replace('b-vanguard', 'b-trainings'), {
        deductions: [{ points: 1, reason: '记录不全' }],
      }),
      400,
      'SCORE_INVALID',
    );
    expectApiError(await t.request(checker, 'PUT', url, { deductions: [{ points: 1, reason: ' ' }] }), 400);
    expectStatus(
      await t.request(checker, 'PUT', url, { deductions: [{ points: 1, reason: '先锋岗未挂牌' }] }),
      200,
    );
    await settle();
    const line = lineOf(await sheetOf(secretary), 'b-vanguard');
    expect(line.lost).toEqual([{ points: 1, reason: expect.stringContaining('先锋岗未挂牌') }]);
    expect(line.score).toBe(line.maxPoints - 1);
  });

  it('finds a veto item applying with a reason (last in the ranking), and lifts it again', async () => {
    const url = (key: string) =>
      `/api/routine-scores/${cycleId}/orgs/${otherBranch.id}/indicators/${key}/veto`;
    const reason = '村党支部书记受到党纪处分';
    await expectNoChange(t, async () => {
      expectApiError(await t.request(checker, 'PUT', url('b-vanguard'), { applies: true, reason }), 400);
      expectApiError(
        await t.request(checker, 'PUT', url('b-violation'), { applies: true, reason: ' ' }),
        400,
      );
      expectApiError(
        await t.request(otherSecretary, 'PUT', url('b-violation'), { applies: false, reason }),
        403,
        'VETO_NOT_ALLOWED',
      );
      expectApiError(
        await t.request(farOrganizer, 'PUT', url('b-violation'), { applies: true, reason }),
        404,
      );
    });
    expectStatus(await t.request(checker, 'PUT', url('b-violation'), { applies: true, reason }), 200);
    await settle();
    const vetoed = await sheetOf(townOrganizer, otherBranch.id);
    expect(vetoed.sheet!.vetoes).toEqual([{ key: 'b-violation', name: '严重违纪违法', reason }]);
    expect(lineOf(vetoed, 'b-violation').explanation).toBe(`一票否决：${reason}`);
    expect(vetoed.entries.find((e) => e.key === 'b-violation')!.veto).toMatchObject({
      applies: true,
      reason,
      by: 'checker',
    });
    const ranking: Ranking = expectStatus(
      await t.request(townOrganizer, 'GET', `/api/routine-scores/${cycleId}`),
      200,
    ).json();
    expect(ranking.items.at(-1)).toMatchObject({ org: { id: otherBranch.id }, vetoed: true });
    const audit = expectStatus(
      await t.request(t.admin, 'GET', '/api/audit?entityType=vetoDecision&page=1&pageSize=5'),
      200,
    ).json();
    expect(audit.items[0]).toMatchObject({ entityType: 'vetoDecision', action: 'create' });

    const lifted = '经复核，处分决定已撤销';
    expectStatus(
      await t.request(townOrganizer, 'PUT', url('b-violation'), { applies: false, reason: lifted }),
      200,
    );
    await settle();
    const back = await sheetOf(townOrganizer, otherBranch.id);
    expect(back.sheet!.vetoes).toEqual([]);
    expect(back.entries.find((e) => e.key === 'b-violation')!.veto).toMatchObject({
      applies: false,
      reason: lifted,
      by: 'organizer',
    });
  });

  it('lets a secretary self-score only their own org, a checker only in their subtree', async () => {
    const self: OrgSheet = expectStatus(await score(secretary, 'b-vanguard', { points: 2 }), 200).json();
    expect(self.scoreAs).toBe('self');
    await expectNoChange(t, async () => {
      expectApiError(await score(otherSecretary, 'b-vanguard', { points: 2 }), 404);
      expectApiError(await score(farOrganizer, 'b-vanguard', { points: 2 }), 404);
      expectApiError(await score(viewer, 'b-vanguard', { points: 2 }), 403, 'FORBIDDEN');
      expectApiError(
        await t.request(otherSecretary, 'GET', `/api/routine-scores/${cycleId}/orgs/${branch.id}`),
        404,
      );
    });
    // A town organizer does not score their own town in the county's cycle.
    expectApiError(
      await t.request(
        townOrganizer,
        'PUT',
        `/api/routine-scores/${countyCycleId}/orgs/${town.id}/indicators/c-brand/score`,
        {
          points: 1,
        },
      ),
      403,
      'SCORE_NOT_ALLOWED',
    );
    const ranking: Ranking = expectStatus(
      await t.request(otherSecretary, 'GET', `/api/routine-scores/${cycleId}`),
      200,
    ).json();
    expect(ranking.items.map((i) => i.org.id)).toEqual([otherBranch.id]);
  });

  it('exports the sheet as xlsx equal to the API’s sheet cell by cell', async () => {
    await settle();
    const view = await sheetOf(townOrganizer);
    const res = expectStatus(
      await t.request(townOrganizer, 'GET', `/api/routine-scores/${cycleId}/orgs/${branch.id}/export`),
      200,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getCell(1, 1).text).toBe('考核东村党支部日常考核评分表');
    const header = routineSheetColumns.map((_, i) => sheet.getCell(3, i + 1).text);
    expect(header).toEqual(['类别', '序号', '指标', '分值', '得分', '扣分说明']);
    const rows = routineSheetRows(view.sheet!);
    rows.forEach((row, r) =>
      routineSheetColumns.forEach((c, i) => {
        const cell = sheet.getCell(4 + r, i + 1);
        // A merged 类别 cell reads its master's value on every row.
        expect(cell.value === null ? '' : cell.value, `${r} ${c.key}`).toEqual(
          cell.isMerged && i === 0 ? row.category : row[c.key],
        );
      }),
    );
  });

  it('recomputes the whole cycle as a job', async () => {
    const started = expectStatus(
      await t.request(townOrganizer, 'POST', `/api/routine-scores/${cycleId}/recompute`),
      202,
    );
    const job = await settledJob(t, townOrganizer, started.json().jobId);
    expect(expectSucceeded(job)).toEqual({ computed: 2, current: 2 });
    expectApiError(
      await t.request(townOrganizer, 'POST', `/api/routine-scores/${countyCycleId}/recompute`),
      403,
    );
  });

  it('refuses every score once the cycle is closed (409)', async () => {
    for (const status of ['reviewing', 'closed'])
      expectStatus(await t.request(t.admin, 'POST', `/api/cycles/${cycleId}/status`, { status }), 200);
    await expectNoChange(t, async () => {
      expectApiError(await score(townOrganizer, 'b-vanguard', { points: 2 }), 409, 'CYCLE_CLOSED');
      expectApiError(
        await t.request(
          townOrganizer,
          'PUT',
          `/api/routine-scores/${cycleId}/orgs/${branch.id}/indicators/b-vanguard/deductions`,
          {
            deductions: [],
          },
        ),
        409,
        'CYCLE_CLOSED',
      );
    });
    expect((await sheetOf(secretary)).writable).toBe(false);
  });
});
