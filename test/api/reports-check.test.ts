import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportCheckResult } from '../../src/contract/reports.js';
import type { ReportBody } from '../../src/domain/reports.js';
import { manualClock } from '../../src/server/clock.js';
import { readSeed } from '../helpers/seeds.js';
import { createTestContext, RawBody, type Session, type TestContext } from '../helpers/test-app.js';
import { testDriver } from '../helpers/test-db.js';
import {
  annualCycle,
  createOrg,
  expectApiError,
  expectNoChange,
  expectStatus,
  signedInUser,
  villageBranch,
} from './support/fixtures.js';

// Written for this test: what 北坪村 submitted, which 南坪村 copies, and what 南坪村 wrote last year.
const northHighlights =
  '我们把村里的闲置校舍改造成了党员活动室和农家书屋，每周三晚上组织党员集中学习一次。还修通了三条通组路，建起了光伏电站，带动二十户群众增收。';
const lastYear = '村里请来农技员手把手教党员种植高山蔬菜，带着群众一起闯市场，今年又扩大了种植面积';

describe(`the editor's check of a working copy (${testDriver})`, () => {
  let t: TestContext;
  let organizer: Session;
  let southSecretary: Session;
  let northSecretary: Session;
  let outsider: Session;
  let southReport: { id: number; body: ReportBody };
  let northReport: number;

  /** The template filled in: 南坪村's 基本情况 from the data, the rest given. */
  const filled = (highlights: string): ReportBody => ({
    ...southReport.body,
    sections: southReport.body.sections.map((s) =>
      s.kind === 'highlights' ? { ...s, text: highlights } : s.kind === 'basics' ? s : { ...s, text: '' },
    ),
    problems: [{ text: '党员教育形式单一', cause: '缺少年轻党员带动' }],
    plans: [{ text: '每季度请镇党校老师上一次党课', answers: [0] }],
  });

  /** Writes `body` into a report of `orgId` in `cycleId` and submits it, as the organizer. */
  async function submitted(cycleId: number, orgId: number, body: (created: ReportBody) => ReportBody) {
    const created = expectStatus(
      await t.request(organizer, 'POST', '/api/reports', { cycleId, orgId }),
      201,
    ).json();
    expectStatus(
      await t.request(organizer, 'PUT', `/api/reports/${created.id}`, {
        body: body(created.body),
        updatedAt: created.updatedAt,
      }),
      200,
    );
    expectStatus(await t.request(organizer, 'POST', `/api/reports/${created.id}/submit`), 200);
    return created.id as number;
  }

  beforeAll(async () => {
    t = await createTestContext({ clock: manualClock('2027-01-10T08:00:00Z') });
    const county = await createOrg(t, null, '检查县委', 'county');
    const town = await createOrg(t, county.id, '检查镇党委', 'committee');
    const other = await createOrg(t, county.id, '别镇党委', 'committee');
    const south = await villageBranch(t, town.id, '南坪村党支部');
    const north = await villageBranch(t, town.id, '北坪村党支部');
    organizer = await signedInUser(t, 'cktown', 'organizer', town.id);
    outsider = await signedInUser(t, 'ckother', 'organizer', other.id);
    southSecretary = await signedInUser(t, 'cksouth', 'secretary', south.id);
    northSecretary = await signedInUser(t, 'cknorth', 'secretary', north.id);
    const earlier = await annualCycle(t, organizer, town.id, 2025);
    const cycleId = await annualCycle(t, organizer, town.id, 2026);
    await submitted(earlier, south.id, (body) => ({
      ...body,
      sections: body.sections.map((s) => (s.kind === 'highlights' ? { ...s, text: `${lastYear}。` } : s)),
      problems: [{ text: '集体经济收入偏低', cause: '产业底子薄弱' }],
      plans: [{ text: '办起茶叶合作社增加收入', answers: [0] }],
    }));
    northReport = await submitted(cycleId, north.id, (body) => ({
      ...body,
      sections: body.sections.map((s) => (s.kind === 'highlights' ? { ...s, text: northHighlights } : s)),
      problems: [{ text: '党员教育形式单一', cause: '缺少年轻党员带动' }],
      plans: [{ text: '每季度请镇党校老师上一次党课', answers: [0] }],
    }));
    southReport = expectStatus(
      await t.request(southSecretary, 'POST', '/api/reports', { cycleId, orgId: south.id }),
      201,
    ).json();
    await t.idle();
  });
  afterAll(() => t?.close());

  /** Starts a check of `body` of 南坪村's report as `who`, waits for it, and answers its result. */
  async function check(who: Session, body: ReportBody): Promise<ReportCheckResult> {
    const started = await t.request(who, 'POST', `/api/reports/${southReport.id}/check`, { body });
    const { jobId } = expectStatus(started, 202).json();
    await t.idle();
    const job = expectStatus(await t.request(who, 'GET', `/api/jobs/${jobId}`), 200).json();
    expect(job, JSON.stringify(job.error)).toMatchObject({ kind: 'reports.check', state: 'succeeded' });
    return job.result;
  }
  const of = (result: ReportCheckResult, kind: string) =>
    result.analysis.findings.filter((f) => f.kind === kind);

  it('lists the placeholders of an imported report before anything is saved', async () => {
    const imported = expectStatus(
      await t.request(
        southSecretary,
        'POST',
        `/api/reports/${southReport.id}/import?fileName=${encodeURIComponent('述职报告.txt')}`,
        new RawBody(Buffer.from(readSeed('004_'), 'utf8'), 'application/octet-stream'),
      ),
      200,
    ).json();
    // Nothing is stored but the job (the secretary's statistics are cached since the report was made).
    const result = await expectNoChange(t, () => check(southSecretary, imported.body));
    const placeholders = result.analysis.placeholders.map((p) => p.text);
    expect(placeholders).toEqual(expect.arrayContaining(['000人', '000%', '20XX年']));
    expect(placeholders.some((p) => p.startsWith('***'))).toBe(true);
    for (const p of result.analysis.placeholders)
      expect(result.text.slice(p.span.start, p.span.end)).toBe(p.text);
    expect(of(result, 'placeholder').length).toBe(result.analysis.placeholders.length);
    expect(of(result, 'placeholder')[0]!.message).toMatch(/占位符|未填写/u);
  });

  it('checks the 基本情况 figures against the registry, as a submission does', async () => {
    const body = filled('坚持每月开展主题党日，组织党员集中学习。');
    const basics = body.sections.find((s) => s.kind === 'basics')!;
    expect(basics.text).toMatch(/党员0名/u);
    expect(of(await check(southSecretary, body), 'registryMismatch')).toEqual([]);
    basics.text = basics.text.replace('党员0名', '党员45名');
    const mismatches = of(await check(southSecretary, body), 'registryMismatch');
    expect(mismatches.map((f) => f.message)).toEqual([
      '所写“党员45名”与党员信息库不符：截至2026年12月31日为0名',
    ]);
  });

  it('shows the organizer a copy of another village, but never shows it to the village’s secretary', async () => {
    const body = filled(`${northHighlights}\n${lastYear}。`);
    const byOrganizer = await check(organizer, body);
    expect(byOrganizer.compared).toBe(2);
    const fromNorth = of(byOrganizer, 'copiedPassage').filter((f) => f.source?.name === '北坪村党支部');
    expect(fromNorth.map((f) => f.source!.passage)).toContainEqual(
      expect.stringContaining('闲置校舍改造成了党员活动室'),
    );
    expect(of(byOrganizer, 'similarReport').map((f) => f.message)).toEqual([
      expect.stringMatching(/^全文与北坪村党支部的报告高度相似/u),
    ]);

    const bySecretary = await check(southSecretary, body);
    // Only 南坪村's own earlier report is in the secretary's scope: it is compared and named.
    expect(bySecretary.compared).toBe(1);
    expect(of(bySecretary, 'copiedPassage').map((f) => f.source!.name)).toEqual([
      '本组织2025年度党组织书记抓基层党建工作述职评议考核',
    ]);
    expect(JSON.stringify(bySecretary.analysis.findings)).not.toContain('北坪村');
    expect(of(bySecretary, 'similarReport')).toEqual([]);
  });

  it('is refused where the report is unseen or not the writer’s, and once it is submitted', async () => {
    const body = filled('坚持每月开展主题党日。');
    await expectNoChange(t, async () => {
      expectApiError(
        await t.request(northSecretary, 'POST', `/api/reports/${southReport.id}/check`, { body }),
        404,
        'NOT_FOUND',
      );
      expectApiError(
        await t.request(outsider, 'POST', `/api/reports/${southReport.id}/check`, { body }),
        404,
        'NOT_FOUND',
      );
      const refused = expectApiError(
        await t.request(organizer, 'POST', `/api/reports/${northReport}/check`, { body }),
        409,
      );
      expect(refused).toMatchObject({ code: 'REPORT_STATUS', message: '报告已提交，等待审查，暂不能修改' });
    });
  });
});
