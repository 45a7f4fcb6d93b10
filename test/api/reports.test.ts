import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/query-rows.js';
import type { ReportBody } from '../../src/domain/reports.js';
import { manualClock } from '../../src/server/clock.js';
import { createTestContext, type Session, type TestContext } from '../helpers/test-app.js';
import { testDriver } from '../helpers/test-db.js';
import {
  createOrg,
  expectApiError,
  expectNoChange,
  expectStatus,
  signedInUser,
  type OrgRow,
  villageBranch,
  annualCycle,
} from './support/fixtures.js';

interface ReportView {
  id: number;
  status: string;
  body: ReportBody;
  versions: { version: number; late: boolean; decision: string | null }[];
  editable: boolean;
  reviewable: boolean;
  updatedAt: string;
}

describe(`reports (${testDriver})`, () => {
  let t: TestContext;
  let east: OrgRow;
  let west: OrgRow;
  let organizer: Session;
  let eastSecretary: Session;
  let westSecretary: Session;
  let otherOrganizer: Session;
  let cycleId: number;
  let reportId: number;
  const clock = manualClock('2027-01-10T08:00:00Z');

  beforeAll(async () => {
    t = await createTestContext({ clock });
    const county = await createOrg(t, null, '述职县委', 'county');
    const town = await createOrg(t, county.id, '述职镇党委', 'committee');
    const other = await createOrg(t, county.id, '别镇党委', 'committee');
    east = await villageBranch(t, town.id, '东坪村党支部');
    west = await villageBranch(t, town.id, '西坪村党支部');
    organizer = await signedInUser(t, 'rptown', 'organizer', town.id);
    otherOrganizer = await signedInUser(t, 'rpother', 'organizer', other.id);
    eastSecretary = await signedInUser(t, 'rpeast', 'secretary', east.id);
    westSecretary = await signedInUser(t, 'rpwest', 'secretary', west.id);
    cycleId = await annualCycle(t, organizer, town.id, 2026, { reportsDueOn: '2027-01-15' });
  });
  afterAll(() => t?.close());

  const get = async (s: Session) =>
    expectStatus(await t.request(s, 'GET', `/api/reports/${reportId}`), 200).json() as ReportView;
  const audit = () =>
    queryRows<{ action: string; after: Record<string, unknown> }>(
      t.database.db,
      sql`select action, "after" from audit_log where entity_type = 'report' order by id`,
    );

  it('lists the reporting orgs in scope, none written yet', async () => {
    const list = expectStatus(
      await t.request(organizer, 'GET', `/api/reports?cycleId=${cycleId}`),
      200,
    ).json();
    expect(list).toMatchObject({ dueOn: '2027-01-15', reviewer: true });
    expect(list.items.map((i: { orgName: string; report: unknown }) => [i.orgName, i.report])).toEqual([
      ['东坪村党支部', null],
      ['西坪村党支部', null],
    ]);
    const own = expectStatus(
      await t.request(eastSecretary, 'GET', `/api/reports?cycleId=${cycleId}`),
      200,
    ).json();
    expect(own).toMatchObject({ reviewer: false, items: [{ orgName: '东坪村党支部' }] });
  });

  it('the secretary starts their report from the annual template, once; not another org’s', async () => {
    const created = expectStatus(
      await t.request(eastSecretary, 'POST', '/api/reports', { cycleId, orgId: east.id }),
      201,
    ).json() as ReportView;
    reportId = created.id;
    expect(created).toMatchObject({ status: 'draft', editable: true, reviewable: false, versions: [] });
    expect(created.body.title).toBe('东坪村党支部书记2026年度抓基层党建工作述职报告');
    // 基本情况 starts from the statistics as of the cycle's end.
    expect(created.body.sections[0]!.text).toMatch(/^截至2026年12月31日，本村共有党员0名/u);
    expect(created.body.sections.map((s) => s.kind)).toEqual([
      'basics',
      'highlights',
      'lastYearRectification',
      'problems',
      'plans',
    ]);
    await expectNoChange(t, async () => {
      expectApiError(
        await t.request(eastSecretary, 'POST', '/api/reports', { cycleId, orgId: east.id }),
        409,
        'REPORT_EXISTS',
      );
      expectApiError(
        await t.request(westSecretary, 'POST', '/api/reports', { cycleId, orgId: east.id }),
        404,
        'NOT_FOUND',
      );
      expectApiError(await t.request(westSecretary, 'GET', `/api/reports/${reportId}`), 404);
      expectApiError(await t.request(otherOrganizer, 'GET', `/api/reports/${reportId}`), 404);
    });
  });

  const filled = (): ReportBody => {
    const body = structuredClone(createdBody);
    body.sections[0]!.text = '东坪村党支部现有党员000人，***镇下辖。';
    body.sections[1]!.text = '坚持每月开展主题党日活动。';
    body.problems = [
      { text: '组织生活记录不全', cause: '支部书记对制度学习不深' },
      { text: '集体经济收入单一', cause: '缺少带头人' },
    ];
    body.plans = [
      { text: '逐月检查组织生活记录', answers: [0] },
      { text: '成立合作社，拓宽集体经济收入渠道', answers: [1] },
    ];
    return body;
  };
  let createdBody: ReportBody;

  it('saves only over the version read, and refuses an incomplete submission naming each field', async () => {
    const report = await get(eastSecretary);
    createdBody = report.body;
    const incomplete = structuredClone(report.body);
    incomplete.problems = [{ text: '记录不全', cause: '' }];
    const saved = expectStatus(
      await t.request(eastSecretary, 'PUT', `/api/reports/${reportId}`, {
        body: incomplete,
        updatedAt: report.updatedAt,
      }),
      200,
    ).json() as ReportView;
    await expectNoChange(t, async () => {
      expectApiError(
        await t.request(eastSecretary, 'PUT', `/api/reports/${reportId}`, {
          body: filled(),
          updatedAt: report.updatedAt,
        }),
        409,
        'REPORT_CHANGED',
      );
      const refused = expectApiError(
        await t.request(eastSecretary, 'POST', `/api/reports/${reportId}/submit`),
        400,
        'REPORT_INCOMPLETE',
      );
      expect((refused.details as { field: string }[]).map((d) => d.field)).toEqual([
        'body.sections.1.text',
        'body.sections.4.text',
        'body.problems.0.cause',
      ]);
    });
    expectStatus(
      await t.request(eastSecretary, 'PUT', `/api/reports/${reportId}`, {
        body: filled(),
        updatedAt: saved.updatedAt,
      }),
      200,
    );
  });

  it('a submission is frozen as a version with its analysis; the secretary cannot review it', async () => {
    const submitted = expectStatus(
      await t.request(eastSecretary, 'POST', `/api/reports/${reportId}/submit`),
      200,
    ).json();
    expect(submitted).toMatchObject({
      status: 'submitted',
      editable: false,
      versions: [{ version: 1, late: false, decision: null }],
    });
    const version = expectStatus(
      await t.request(organizer, 'GET', `/api/reports/${reportId}/versions/1`),
      200,
    ).json();
    expect(version.text.split('\n').slice(0, 2)).toEqual([
      '东坪村党支部书记2026年度抓基层党建工作述职报告',
      '一、基本情况',
    ]);
    expect(version.analysis.placeholders.map((p: { text: string }) => p.text)).toEqual(['000人', '***']);
    expect(version.analysis.items.problems).toHaveLength(2);
    expect((await get(organizer)).reviewable).toBe(true);
    await expectNoChange(t, async () => {
      expectApiError(await t.request(eastSecretary, 'POST', `/api/reports/${reportId}/accept`), 403);
      expectApiError(
        await t.request(eastSecretary, 'PUT', `/api/reports/${reportId}`, {
          body: filled(),
          updatedAt: submitted.updatedAt,
        }),
        409,
        'REPORT_STATUS',
      );
      expectApiError(
        await t.request(eastSecretary, 'POST', `/api/reports/${reportId}/submit`),
        409,
        'REPORT_STATUS',
      );
      expectApiError(
        await t.request(organizer, 'POST', `/api/reports/${reportId}/return`, {
          comments: [],
          quotedFindings: [99],
          general: '',
        }),
        400,
        'REPORT_FINDING_UNKNOWN',
      );
    });
  });

  it('returned with comments, resubmitted late as version 2, accepted; then closed to changes', async () => {
    expectStatus(
      await t.request(organizer, 'POST', `/api/reports/${reportId}/return`, {
        comments: [{ sectionKind: 'basics', comment: '请填写党员人数和镇名' }],
        quotedFindings: [0, 1],
        general: '占位符未填写',
      }),
      200,
    );
    const returned = await get(eastSecretary);
    expect(returned).toMatchObject({
      status: 'returned',
      editable: true,
      versions: [{ version: 1, decision: 'returned' }],
    });
    const v1 = expectStatus(
      await t.request(eastSecretary, 'GET', `/api/reports/${reportId}/versions/1`),
      200,
    ).json();
    expect(v1.review).toEqual({
      comments: [{ sectionKind: 'basics', comment: '请填写党员人数和镇名' }],
      quotedFindings: [0, 1],
      general: '占位符未填写',
    });

    const fixed = filled();
    fixed.sections[0]!.text = '东坪村党支部现有党员45名，隶属述职镇党委。';
    expectStatus(
      await t.request(eastSecretary, 'PUT', `/api/reports/${reportId}`, {
        body: fixed,
        updatedAt: returned.updatedAt,
      }),
      200,
    );
    clock.set('2027-01-20T08:00:00Z');
    expectStatus(await t.request(eastSecretary, 'POST', `/api/reports/${reportId}/submit`), 200);
    const v2 = expectStatus(
      await t.request(organizer, 'GET', `/api/reports/${reportId}/versions/2`),
      200,
    ).json();
    expect(v2).toMatchObject({ version: 2, late: true, submittedOn: '2027-01-20' });
    expect(v2.analysis.placeholders).toEqual([]);
    // The registry holds no member of 东坪村: the count now stated is checked against it.
    expect(
      v2.analysis.findings
        .filter((f: { kind: string }) => f.kind === 'registryMismatch')
        .map((f: { message: string }) => f.message),
    ).toEqual(['所写“党员45名”与党员信息库不符：截至2026年12月31日为0名']);
    const list = expectStatus(
      await t.request(organizer, 'GET', `/api/reports?cycleId=${cycleId}`),
      200,
    ).json();
    // Late is the first submission's: this one was handed in on time and returned.
    expect(list.items[0].report).toMatchObject({
      status: 'submitted',
      versions: 2,
      firstSubmittedOn: '2027-01-10',
      late: false,
    });

    // The reviewer marks the registry finding as not a problem; only they, only findings that exist.
    const mismatch = v2.analysis.findings.findIndex((f: { kind: string }) => f.kind === 'registryMismatch');
    const dismissed = expectStatus(
      await t.request(organizer, 'PUT', `/api/reports/${reportId}/dismissed-findings`, {
        findings: [mismatch],
      }),
      200,
    ).json();
    expect(dismissed).toMatchObject({ version: 2, dismissedFindings: [mismatch] });
    await expectNoChange(t, async () => {
      expectApiError(
        await t.request(eastSecretary, 'PUT', `/api/reports/${reportId}/dismissed-findings`, {
          findings: [],
        }),
        403,
        'FORBIDDEN',
      );
      expectApiError(
        await t.request(organizer, 'PUT', `/api/reports/${reportId}/dismissed-findings`, { findings: [99] }),
        400,
        'REPORT_FINDING_UNKNOWN',
      );
    });

    const accepted = expectStatus(
      await t.request(organizer, 'POST', `/api/reports/${reportId}/accept`),
      200,
    ).json();
    expect(accepted).toMatchObject({ status: 'accepted', editable: false, reviewable: false });
    await expectNoChange(t, async () => {
      expectApiError(
        await t.request(eastSecretary, 'POST', `/api/reports/${reportId}/submit`),
        409,
        'REPORT_STATUS',
      );
      expectApiError(
        await t.request(organizer, 'POST', `/api/reports/${reportId}/return`, {
          comments: [],
          quotedFindings: [],
          general: '',
        }),
        409,
        'REPORT_STATUS',
      );
      expectApiError(
        await t.request(organizer, 'PUT', `/api/reports/${reportId}/dismissed-findings`, { findings: [] }),
        409,
        'REPORT_STATUS',
      );
    });
    expect((await audit()).map((e) => [e.action, e.after.reportStatus])).toEqual([
      ['create', 'draft'],
      ['update', 'draft'],
      ['update', 'draft'],
      ['update', 'submitted'],
      ['update', 'returned'],
      ['update', 'returned'],
      ['update', 'submitted'],
      ['update', undefined],
      ['update', 'accepted'],
    ]);
    expect((await audit())[7]!.after).toEqual({ version: 2, dismissedFindings: [mismatch] });
  });
});
