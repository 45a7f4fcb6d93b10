import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportBody } from '../../src/domain/reports.js';
import { manualClock } from '../../src/server/clock.js';
import { createTestContext, type Session, type TestContext } from '../helpers/test-app.js';
import { testDriver } from '../helpers/test-db.js';
import {
  annualCycle,
  chinese,
  createOrg,
  expectApiError,
  expectNoChange,
  expectStatus,
  signedInUser,
  villageBranch,
} from './support/fixtures.js';

interface ReportView {
  id: number;
  body: ReportBody;
  updatedAt: string;
}

interface FindingView {
  kind: string;
  message: string;
  span: { start: number; end: number };
}

describe(`report 基本情况 table (${testDriver})`, () => {
  let t: TestContext;
  let secretary: Session;
  let organizer: Session;
  let branchId: number;
  let report: ReportView;
  const clock = manualClock('2027-01-05T08:00:00Z');

  beforeAll(async () => {
    t = await createTestContext({ clock });
    const county = await createOrg(t, null, '表格县委', 'county');
    const town = await createOrg(t, county.id, '表格镇党委', 'committee');
    const branch = await villageBranch(t, town.id, '北岭村党支部');
    branchId = branch.id;
    const members = [
      { name: '李一', gender: 'male', stage: 'full', probationaryOn: '2000-07-01', fullOn: '2001-07-01' },
      { name: '李二', gender: 'female', stage: 'full', probationaryOn: '2005-07-01', fullOn: '2006-07-01' },
      { name: '李三', gender: 'male', stage: 'probationary', probationaryOn: '2026-07-01' },
    ];
    for (const member of members)
      expectStatus(await t.request(t.admin, 'POST', '/api/members', { orgId: branch.id, ...member }), 201);
    organizer = await signedInUser(t, 'bttown', 'organizer', town.id);
    secretary = await signedInUser(t, 'btsec', 'secretary', branch.id);
    const cycleId = await annualCycle(t, organizer, town.id, 2026);
    report = expectStatus(
      await t.request(secretary, 'POST', '/api/reports', { cycleId, orgId: branch.id }),
      201,
    ).json() as ReportView;
  });
  afterAll(() => t?.close());

  it('a new report’s table is the registry’s as of the cycle’s end, label and printed value', async () => {
    const basics = expectStatus(
      await t.request(secretary, 'GET', `/api/statistics/basics?orgId=${branchId}&asOf=2026-12-31`),
      200,
    ).json() as { rows: { label: string; value: string }[] };
    expect(report.body.basicsTable).toEqual(basics.rows.map(({ label, value }) => ({ label, value })));
    expect(report.body.basicsTable).toEqual(
      expect.arrayContaining([
        { label: '党员', value: '3名' },
        { label: '其中：预备党员', value: '1名' },
        { label: '女党员', value: '1名（占33.3%）' },
      ]),
    );
  });

  it('refuses an oversize table in Chinese, saving nothing', async () => {
    const body = structuredClone(report.body);
    body.basicsTable = Array.from({ length: 121 }, (_, i) => ({ label: `项目${i + 1}`, value: '1名' }));
    await expectNoChange(t, async () => {
      const refused = expectApiError(
        await t.request(secretary, 'PUT', `/api/reports/${report.id}`, { body, updatedAt: report.updatedAt }),
        400,
      );
      expect(refused.message).toMatch(chinese);
    });
  });

  it('a value edited away from the registry is one finding naming both; a full-width one is none', async () => {
    const body = structuredClone(report.body);
    body.sections[1]!.text = '坚持每月开展主题党日活动。';
    body.problems = [{ text: '组织生活记录不全', cause: '支部书记对制度学习不深' }];
    body.plans = [{ text: '逐月检查组织生活记录', answers: [0] }];
    body.basicsTable = body.basicsTable!.map((row) =>
      row.label === '党员'
        ? { ...row, value: '4名' }
        : row.label === '其中：预备党员'
          ? { ...row, value: '１名' }
          : row,
    );
    expectStatus(
      await t.request(secretary, 'PUT', `/api/reports/${report.id}`, { body, updatedAt: report.updatedAt }),
      200,
    );
    expectStatus(await t.request(secretary, 'POST', `/api/reports/${report.id}/submit`), 200);
    const version = expectStatus(
      await t.request(organizer, 'GET', `/api/reports/${report.id}/versions/1`),
      200,
    ).json() as { text: string; analysis: { findings: FindingView[] } };
    const figureFindings = version.analysis.findings.filter((f) =>
      ['registryMismatch', 'inconsistentSum', 'inconsistentShare', 'repeatedPassage'].includes(f.kind),
    );
    expect(
      figureFindings.map((f) => [f.kind, f.message, version.text.slice(f.span.start, f.span.end)]),
    ).toEqual([
      ['registryMismatch', '所写“党员：4名”与党员信息库不符：截至2026年12月31日为3名', '党员：4名'],
    ]);
  });
});
