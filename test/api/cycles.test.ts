import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/query-rows.js';
import { branchTemplate, committeeTemplate } from '../../src/domain/scheme-templates.js';
import { manualClock } from '../../src/server/clock.js';
import { closedPeriodCovering } from '../../src/server/modules/cycles/service.js';
import { createTestContext, uploadTestTimeout, type Session, type TestContext } from '../helpers/test-app.js';
import { testDriver } from '../helpers/test-db.js';
import {
  createOrg,
  expectApiError,
  expectNoChange,
  expectStatus,
  signedInUser,
  type OrgRow,
} from './support/fixtures.js';

type CycleJson = {
  id: number;
  status: string;
  startsOn: string;
  endsOn: string;
  name: string;
  reporters: number;
};
type Candidate = {
  id: number;
  name: string;
  selected: boolean;
  added: boolean;
  removed: boolean;
  audience: string;
};

describe(`cycles and schemes (${testDriver})`, () => {
  let t: TestContext;
  let county: OrgRow;
  let town: OrgRow;
  let village: OrgRow;
  let community: OrgRow;
  let office: OrgRow;
  let dissolved: OrgRow;
  let townOrganizer: Session;
  let countyOrganizer: Session;
  const clock = manualClock('2026-06-15T08:00:00Z');

  beforeAll(async () => {
    t = await createTestContext({ clock });
    county = await createOrg(t, null, '周期县委', 'county');
    town = await createOrg(t, county.id, '周期镇党委', 'committee');
    village = await createOrg(t, town.id, '东村党支部', 'branch');
    community = await createOrg(t, town.id, '新街社区党支部', 'branch');
    office = await createOrg(t, town.id, '镇机关党支部', 'branch');
    dissolved = await createOrg(t, town.id, '老村党支部', 'branch');
    const patch = (o: OrgRow, body: object) => t.request(t.admin, 'PATCH', `/api/orgs/${o.id}`, body);
    expectStatus(await patch(village, { domain: 'village' }), 200);
    expectStatus(await patch(community, { domain: 'community' }), 200);
    expectStatus(await patch(office, { domain: 'government' }), 200);
    expectStatus(await patch(dissolved, { domain: 'village', dissolvedOn: '2026-01-01' }), 200);
    townOrganizer = await signedInUser(t, 'cyctown', 'organizer', town.id);
    countyOrganizer = await signedInUser(t, 'cyccounty', 'organizer', county.id);
  });
  afterAll(() => t?.close());
  afterEach(() => t.idle(), uploadTestTimeout);

  const create = (s: Session, body: object) => t.request(s, 'POST', '/api/cycles', body);
  const cycleOf = async (s: Session, body: object): Promise<CycleJson> =>
    expectStatus(await create(s, body), 201).json();
  const audit = (type: string) =>
    queryRows<{ action: string; entity_id: string; before: unknown; after: Record<string, unknown> | null }>(
      t.database.db,
      sql`select action, entity_id, "before", "after" from audit_log where entity_type = ${type} order by id`,
    );

  it('creates a town’s annual cycle from the template, with its village and community branches reporting', async () => {
    const cycle = await cycleOf(townOrganizer, {
      orgId: town.id,
      kind: 'annual',
      year: 2026,
      schemes: { template: true },
    });
    expect(cycle).toMatchObject({
      status: 'draft',
      startsOn: '2026-01-01',
      endsOn: '2026-12-31',
      name: '2026年度党组织书记抓基层党建工作述职评议考核',
      reporters: 2,
    });
    const set = expectStatus(
      await t.request(townOrganizer, 'GET', `/api/cycles/${cycle.id}/reporting-set`),
      200,
    ).json();
    // The dissolved branch is never offered; the office branch is offered but not picked by the rule.
    expect((set.candidates as Candidate[]).map((c) => [c.name, c.selected])).toEqual([
      ['东村党支部', true],
      ['新街社区党支部', true],
      ['镇机关党支部', false],
    ]);
    // A town's cycle assesses branches: only the branch scheme is made.
    const schemes = expectStatus(
      await t.request(townOrganizer, 'GET', `/api/cycles/${cycle.id}/schemes`),
      200,
    ).json();
    expect(schemes.items).toEqual([
      expect.objectContaining({ audience: 'branch', name: branchTemplate.name, version: 1, total: 100 }),
    ]);
    const scheme = expectStatus(
      await t.request(townOrganizer, 'GET', `/api/cycles/${cycle.id}/schemes/branch`),
      200,
    ).json();
    expect(scheme.body).toEqual(branchTemplate);
    expect((await audit('cycle')).map((a) => a.action)).toEqual(['create']);
    expect((await audit('reportingSet'))[0]!.after).toMatchObject({ orgIds: [village.id, community.id] });
  });

  it('creates a county’s quarterly cycle with both schemes, and refuses a second one for the same period', async () => {
    const body = { orgId: county.id, kind: 'quarterly', year: 2026, part: 2, schemes: { template: true } };
    const cycle = await cycleOf(countyOrganizer, body);
    expect(cycle).toMatchObject({ startsOn: '2026-04-01', endsOn: '2026-06-30', reporters: 1 });
    const schemes = expectStatus(
      await t.request(countyOrganizer, 'GET', `/api/cycles/${cycle.id}/schemes`),
      200,
    ).json();
    expect(schemes.items.map((s: { audience: string }) => s.audience)).toEqual(['branch', 'committee']);
    const again = expectApiError(await create(countyOrganizer, body), 409, 'CYCLE_EXISTS');
    expect(again.message).toBe('周期县委已有2026年第二季度的考核周期，不能重复创建');
    // The town organizer sees the county's cycle (it covers the town) but may not change it.
    const seen = expectStatus(await t.request(townOrganizer, 'GET', `/api/cycles/${cycle.id}`), 200).json();
    expect(seen.writable).toBe(false);
    expectApiError(
      await t.request(townOrganizer, 'PATCH', `/api/cycles/${cycle.id}`, { name: '改名' }),
      403,
      'CYCLE_NOT_OWN',
    );
    const committee = expectStatus(
      await t.request(townOrganizer, 'GET', `/api/cycles/${cycle.id}/schemes/committee`),
      200,
    ).json();
    expect(committee.body).toEqual(committeeTemplate);
  });

  it('refuses bad input with a Chinese message naming the field', async () => {
    await expectNoChange(t, async () => {
      const cases: [object, number, string, string][] = [
        [
          { orgId: town.id, kind: 'quarterly', year: 2027 },
          400,
          'CYCLE_PART_INVALID',
          '季度考核周期须指明第几季度（1–4）',
        ],
        [
          { orgId: town.id, kind: 'annual', year: 2027, part: 1 },
          400,
          'CYCLE_PART_INVALID',
          '年度考核周期不分季度或半年',
        ],
        [
          {
            orgId: town.id,
            kind: 'annual',
            year: 2027,
            stages: { schemeIssuedOn: '2027-03-01', reportsDueOn: '2027-02-01' },
          },
          400,
          'CYCLE_STAGES_INVALID',
          '报告截止日期不能早于方案下发日期（2027-03-01）',
        ],
        [
          { orgId: village.id, kind: 'annual', year: 2027 },
          400,
          'CYCLE_ORG_INVALID',
          '东村党支部是党支部，没有下级组织向其述职，不能组织考核周期',
        ],
        [{ orgId: county.id, kind: 'annual', year: 2027 }, 404, 'NOT_FOUND', '党组织不存在或无权查看'],
      ];
      for (const [body, status, code, message] of cases)
        expect(expectApiError(await create(townOrganizer, body), status, code).message).toBe(message);
      expectApiError(await create(townOrganizer, { orgId: town.id, kind: 'yearly', year: 2027 }), 400);
      expectApiError(await create(townOrganizer, { orgId: town.id, kind: 'annual', year: 1990 }), 400);
      const stray = await create(townOrganizer, { orgId: town.id, kind: 'annual', year: 2027, extra: 1 });
      expectApiError(stray, 400);
      expectApiError(
        await create(townOrganizer, {
          orgId: town.id,
          kind: 'annual',
          year: 2027,
          schemes: { copyFromCycleId: 999999 },
        }),
        404,
      );
    });
  });

  it('edits the reporting set by rule and by single orgs, dissolved ones refused, every change audited', async () => {
    const cycle = await cycleOf(townOrganizer, { orgId: town.id, kind: 'halfYear', year: 2026, part: 1 });
    const url = `/api/cycles/${cycle.id}/reporting-set`;
    const rule = {
      depth: 'subtree',
      levels: ['branch'],
      domains: ['village', 'community'],
      include: [office.id],
      exclude: [community.id],
    };
    const set = expectStatus(await t.request(townOrganizer, 'PUT', url, rule), 200).json();
    const byName = Object.fromEntries((set.candidates as Candidate[]).map((c) => [c.name, c]));
    expect(set.count).toBe(2);
    expect(byName['镇机关党支部']).toMatchObject({ selected: true, added: true, audience: 'branch' });
    expect(byName['新街社区党支部']).toMatchObject({ selected: false, removed: true });
    const refused = expectApiError(
      await t.request(townOrganizer, 'PUT', url, { ...rule, include: [dissolved.id] }),
      400,
      'REPORTING_ORG_INVALID',
    );
    expect(refused.message).toBe(`加入的组织（编号 ${dissolved.id}）不在周期镇党委的下级组织中，或已撤销`);
    const entries = (await audit('reportingSet')).filter((a) => a.entity_id === String(cycle.id));
    expect(entries.at(-1)).toMatchObject({
      action: 'update',
      after: { count: 2, addedOrgIds: [office.id], removedOrgIds: [community.id] },
    });
  });

  it('edits a draft’s scheme in place, versions it once open, keeps old versions readable', async () => {
    const cycle = await cycleOf(townOrganizer, {
      orgId: town.id,
      kind: 'halfYear',
      year: 2026,
      part: 2,
      schemes: { template: true },
    });
    const url = `/api/cycles/${cycle.id}/schemes/branch`;
    const edited = structuredClone(branchTemplate);
    edited.categories[0]!.indicators[3]!.standard = '书记履职情况由镇党委集体评定，酌情扣分，须写明理由。';
    let saved = expectStatus(await t.request(townOrganizer, 'PUT', url, edited), 200).json();
    expect(saved).toMatchObject({ version: 1, latest: true });
    expect(saved.versions).toHaveLength(1);

    expectStatus(
      await t.request(townOrganizer, 'POST', `/api/cycles/${cycle.id}/status`, { status: 'open' }),
      200,
    );
    edited.categories[1]!.indicators[0]!.maxPoints = 3;
    edited.categories[1]!.indicators[1]!.maxPoints = 4;
    saved = expectStatus(await t.request(townOrganizer, 'PUT', url, edited), 200).json();
    expect(saved).toMatchObject({ version: 2, latest: true });
    // Saving the same body again adds nothing.
    saved = expectStatus(await t.request(townOrganizer, 'PUT', url, edited), 200).json();
    expect(saved.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const first = expectStatus(await t.request(townOrganizer, 'GET', `${url}?version=1`), 200).json();
    expect(first).toMatchObject({ version: 1, latest: false });
    expect(first.body.categories[1].indicators[0].maxPoints).toBe(4);
    expect(first.body.categories[0].indicators[3].standard).toBe(
      edited.categories[0]!.indicators[3]!.standard,
    );

    // The scheme's own checks and its rules', with the item named and the field in details.
    const bad = structuredClone(edited);
    bad.categories[0]!.maxPoints = 30;
    const targets = bad.categories[0]!.indicators.findIndex((i) => i.rule?.kind === 'targets');
    bad.categories[0]!.indicators[targets]!.rule = { kind: 'targets', deductEach: 99 };
    const refused = expectApiError(await t.request(townOrganizer, 'PUT', url, bad), 400, 'SCHEME_INVALID');
    expect(refused.message).toBe(
      '第1类“责任制落实”：满分（30分）高于本类常规指标分值之和（20分），无法得满分',
    );
    expect(refused.details).toEqual([
      { field: 'categories.0.maxPoints', message: refused.message },
      {
        field: `categories.0.indicators.${targets}.rule.deductEach`,
        message: expect.stringContaining('每项未完成扣分（99分）不能超过本指标分值'),
      },
    ]);
    const wrongAudience = expectApiError(
      await t.request(townOrganizer, 'PUT', url, { ...edited, audience: 'committee' }),
      400,
      'SCHEME_AUDIENCE_MISMATCH',
    );
    expect(wrongAudience.message).toMatch(/适用对象/);
    expectApiError(await t.request(townOrganizer, 'PUT', url, { ...edited, categories: [] }), 400);

    // Copying: a new cycle starts from this one's latest versions.
    const copy = await cycleOf(townOrganizer, {
      orgId: town.id,
      kind: 'annual',
      year: 2027,
      schemes: { copyFromCycleId: cycle.id },
    });
    const copied = expectStatus(
      await t.request(townOrganizer, 'GET', `/api/cycles/${copy.id}/schemes/branch`),
      200,
    ).json();
    expect(copied.body).toEqual(edited);
    expect(copied.version).toBe(1);
  });

  it('moves the status one step at a time; a closed cycle refuses every write until an admin reopens it with a reason', async () => {
    const cycle = await cycleOf(townOrganizer, {
      orgId: town.id,
      kind: 'quarterly',
      year: 2026,
      part: 1,
      schemes: { template: true },
    });
    const base = `/api/cycles/${cycle.id}`;
    const step = (status: string) => t.request(townOrganizer, 'POST', `${base}/status`, { status });
    const skipped = expectApiError(await step('closed'), 409, 'CYCLE_STATUS_INVALID');
    expect(skipped.message).toBe('考核周期当前为“草稿”，不能直接改为“已结束”，下一步应为“进行中”');
    for (const status of ['open', 'reviewing', 'closed']) expectStatus(await step(status), 200);
    expect(await closedPeriodCovering(t.database.db, village.path, '2026-02-10')).toBe(true);
    expect(await closedPeriodCovering(t.database.db, village.path, '2026-04-01')).toBe(false);
    expect(await closedPeriodCovering(t.database.db, county.path, '2026-02-10')).toBe(false);

    await expectNoChange(t, async () => {
      const writes: [string, string, unknown][] = [
        ['PATCH', base, { name: '改名' }],
        ['POST', `${base}/status`, { status: 'open' }],
        [
          'PUT',
          `${base}/reporting-set`,
          { depth: 'subtree', levels: ['branch'], domains: [], include: [], exclude: [] },
        ],
        ['PUT', `${base}/schemes/branch`, branchTemplate],
      ];
      for (const [method, url, body] of writes) {
        const refused = expectApiError(
          await t.request(townOrganizer, method, url, body),
          409,
          'CYCLE_CLOSED',
        );
        expect(refused.message).toContain('已结束，内容只读');
      }
      const res = await t.request(
        townOrganizer,
        'POST',
        `${base}/schemes/branch/import`,
        await exported(base),
      );
      expectApiError(res, 409, 'CYCLE_CLOSED');
      // Reopening: admins only, with a reason.
      expectApiError(
        await t.request(townOrganizer, 'POST', `${base}/reopen`, { reason: '结果有误' }),
        403,
        'FORBIDDEN',
      );
      expectApiError(await t.request(t.admin, 'POST', `${base}/reopen`, {}), 400);
      expectApiError(await t.request(t.admin, 'POST', `${base}/reopen`, { reason: '  ' }), 400);
    });
    const reopened = expectStatus(
      await t.request(t.admin, 'POST', `${base}/reopen`, { reason: '东村得分计算有误，需复核' }),
      200,
    );
    expect(reopened.json().status).toBe('reviewing');
    const entry = (await audit('cycle')).filter((a) => a.entity_id === String(cycle.id)).at(-1)!;
    expect(entry).toMatchObject({
      action: 'cycle.reopen',
      before: { status: 'closed' },
      after: { status: 'reviewing', reason: '东村得分计算有误，需复核' },
    });
    expect(await closedPeriodCovering(t.database.db, village.path, '2026-02-10')).toBe(false);
    expectApiError(
      await t.request(t.admin, 'POST', `${base}/reopen`, { reason: '再开一次' }),
      409,
      'CYCLE_NOT_CLOSED',
    );
  });

  async function exported(base: string) {
    const res = expectStatus(await t.request(townOrganizer, 'GET', `${base}/schemes/branch/export`), 200);
    expect(res.headers['content-type']).toMatch(/spreadsheetml/);
    return res.rawPayload;
  }

  it('exports a printable sheet in Chinese and imports it back unchanged; a bad file changes nothing and names rows', async () => {
    const cycle = await cycleOf(townOrganizer, {
      orgId: town.id,
      kind: 'annual',
      year: 2028,
      schemes: { template: true },
    });
    const base = `/api/cycles/${cycle.id}`;
    const file = await exported(base);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('考核评分细则')!;
    expect(sheet.getCell('A1').text).toBe(branchTemplate.name);
    expect(sheet.getCell('A2').text).toContain('满分100分，加分项合计不超过5分');
    expect([1, 2, 3, 4, 5, 6].map((c) => sheet.getCell(3, c).text)).toEqual([
      '类别',
      '序号',
      '指标',
      '分值',
      '考核内容',
      '评分标准',
    ]);
    expect(sheet.getCell('A4').text).toBe('责任制落实（20分）');
    expect(sheet.getCell('C4').text).toBe('年度党建工作计划');
    expect(sheet.getCell('G4').text).toBe('系统自动');
    expect(sheet.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9, fitToWidth: 1 });
    expect(sheet.getCell('A7').isMerged).toBe(true);
    expect(sheet.getCell('A7').master.address).toBe('A4');
    expect(sheet.getCell('A8').master.address).toBe('A8');
    expect(sheet.getCell('E4').border.left?.style).toBe('thin');

    const imported = expectStatus(
      await t.request(townOrganizer, 'POST', `${base}/schemes/branch/import`, file),
      200,
    ).json();
    expect(imported.body).toEqual(branchTemplate);
    expect(imported.version).toBe(1);

    sheet.getCell('D5').value = '四分';
    sheet.getCell('G6').value = '电话询问';
    sheet.getCell('K4').value = '{"kind":"count"}';
    const broken = Buffer.from(await book.xlsx.writeBuffer());
    await expectNoChange(t, async () => {
      const res = expectApiError(
        await t.request(townOrganizer, 'POST', `${base}/schemes/branch/import`, broken),
        422,
        'SCHEME_ROWS_INVALID',
      );
      expect((res.details as { errors: unknown[] }).errors).toEqual([
        { row: 5, column: '分值', message: '分值“四分”不是有效的非负数' },
        {
          row: 6,
          column: '考核方式',
          message: '考核方式“电话询问”无效，可填：台账查看、实地抽查、走访、系统自动',
        },
      ]);
      sheet.getCell('D5').value = 4;
      sheet.getCell('G6').value = '系统自动';
      const ruleOnly = Buffer.from(await book.xlsx.writeBuffer());
      const rule = expectApiError(
        await t.request(townOrganizer, 'POST', `${base}/schemes/branch/import`, ruleOnly),
        422,
        'SCHEME_ROWS_INVALID',
      );
      expect((rule.details as { errors: { row: number; column: string }[] }).errors[0]).toMatchObject({
        row: 4,
        column: '自动评分规则',
      });
      // A rule of the right shape whose numbers do not fit its item: the same column and row.
      sheet.getCell('K4').value = JSON.stringify({
        kind: 'required',
        of: { source: { ledgerKinds: ['annualPlan'] } },
        deduct: 99,
      });
      const numbers = expectApiError(
        await t.request(
          townOrganizer,
          'POST',
          `${base}/schemes/branch/import`,
          Buffer.from(await book.xlsx.writeBuffer()),
        ),
        422,
        'SCHEME_ROWS_INVALID',
      );
      expect((numbers.details as { errors: unknown[] }).errors).toEqual([
        {
          row: 4,
          column: '自动评分规则',
          message: expect.stringContaining('扣分（99分）不能超过本指标分值'),
        },
      ]);
      expectApiError(
        await t.request(
          townOrganizer,
          'POST',
          `${base}/schemes/branch/import`,
          Buffer.from('not a workbook'),
        ),
        400,
        'IMPORT_NOT_XLSX',
      );
    });
  });
});
