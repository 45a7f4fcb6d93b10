import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultBallotItems } from '../../src/domain/meetings.js';
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

const allItems = (score: number) => Object.fromEntries(defaultBallotItems.map((i) => [i.key, score]));

describe(`leader reviews and the cycle's evaluation (${testDriver})`, () => {
  let t: TestContext;
  let east: OrgRow;
  let west: OrgRow;
  let organizer: Session;
  let deputy: Session;
  let outsider: Session;
  let secretary: Session;
  let cycleId: number;
  let meetingId: number;

  beforeAll(async () => {
    t = await createTestContext();
    const county = await createOrg(t, null, '评价县委', 'county');
    const town = await createOrg(t, county.id, '评价镇党委', 'committee');
    const other = await createOrg(t, county.id, '评价邻镇党委', 'committee');
    east = await villageBranch(t, town.id, '东坡村党支部');
    west = await villageBranch(t, town.id, '西坡村党支部');
    organizer = await signedInUser(t, 'etown', 'organizer', town.id);
    deputy = await signedInUser(t, 'etown2', 'organizer', town.id);
    outsider = await signedInUser(t, 'eother', 'organizer', other.id);
    secretary = await signedInUser(t, 'eeast', 'secretary', east.id);
    cycleId = await annualCycle(t, organizer, town.id);
    meetingId = await reviewMeeting(t, organizer, cycleId, {
      name: '2026年度述职评议会',
      heldOn: '2027-01-12',
    });
  });
  afterAll(() => t?.close());

  const review = (session: Session, org: OrgRow, body: unknown) =>
    t.request(session, 'PUT', `/api/leader-reviews/${meetingId}/${org.id}`, body);
  const evaluation = async (session: Session = organizer) =>
    expectStatus(await t.request(session, 'GET', `/api/evaluations/${cycleId}`), 200).json();

  it('keeps each leader’s scores and critique; the reporter’s score is the leaders’ mean', async () => {
    expectStatus(
      await review(organizer, east, { scores: allItems(90), critique: '  基层组织建设扎实。 ' }),
      200,
    );
    const second = expectStatus(
      await review(deputy, east, { scores: { ...allItems(80), plans: 70 }, critique: '' }),
      200,
    ).json();
    expect(second).toMatchObject({ reviewerName: '用户etown2', score: 78, critique: '' });
    // Saving again replaces the leader's own review.
    expectStatus(await review(deputy, east, { scores: allItems(80), critique: '整改台账不全。' }), 200);
    const list = expectStatus(
      await t.request(organizer, 'GET', `/api/leader-reviews?meetingId=${meetingId}`),
      200,
    ).json();
    expect(list.writable).toBe(true);
    const eastRow = list.reporters.find((r: { orgId: number }) => r.orgId === east.id);
    expect(eastRow.score).toBe(85);
    expect(eastRow.reviews.map((r: { critique: string }) => r.critique)).toEqual([
      '基层组织建设扎实。',
      '整改台账不全。',
    ]);
    expect(list.reporters.find((r: { orgId: number }) => r.orgId === west.id)).toMatchObject({
      score: null,
      reviews: [],
    });
  });

  it('refuses a review with an item missing or out of range, out of scope, or by a secretary', async () => {
    const { duty: _, ...missing } = allItems(80);
    const res = expectApiError(
      await review(organizer, west, { scores: missing, critique: '' }),
      400,
      'LEADER_REVIEW_INVALID',
    );
    expect(res.details).toEqual([{ field: 'scores.duty', message: '请为“履行第一责任人职责”打分' }]);
    expectApiError(
      await review(organizer, west, { scores: { ...allItems(80), extra: 50 }, critique: '' }),
      400,
      'LEADER_REVIEW_INVALID',
    );
    expectApiError(await review(organizer, west, { scores: allItems(101), critique: '' }), 400);
    expectApiError(await review(outsider, west, { scores: allItems(80), critique: '' }), 404);
    expectApiError(await review(secretary, east, { scores: allItems(80), critique: '' }), 403);
    expectApiError(await t.request(outsider, 'GET', `/api/leader-reviews?meetingId=${meetingId}`), 404);
  });

  it('weighs the leaders’ scores and the closed vote into grades and ranks, explaining each', async () => {
    const before = await evaluation();
    expect(before.status).toBe('draft');
    expect(before.warnings).toContain('有1个述职组织尚无领导评议打分（西坡村党支部），其述职评议未计入');
    expect(before.warnings).toContain('述职评议会“2026年度述职评议会”尚未结束投票，其民主测评未计入');

    const codes = expectStatus(
      await t.request(organizer, 'POST', `/api/meetings/${meetingId}/codes`, {
        category: 'superiors',
        count: 4,
      }),
      201,
    ).json().items as { code: string }[];
    expectStatus(
      await t.request(organizer, 'POST', `/api/meetings/${meetingId}/voting`, { action: 'open' }),
      200,
    );
    const grades = [
      ['excellent', 'fair'],
      ['excellent', 'poor'],
      ['good', 'poor'],
    ];
    for (const [i, [eastGrade, westGrade]] of grades.entries()) {
      const choices = Object.fromEntries(
        [
          [east, eastGrade],
          [west, westGrade],
        ].map(([org, grade]) => [
          String((org as OrgRow).id),
          Object.fromEntries(defaultBallotItems.map((item) => [item.key, grade])),
        ]),
      );
      expectStatus(
        await t.request(null, 'POST', `/api/ballot/${codes[i]!.code}`, {
          submissionId: randomUUID(),
          choices,
        }),
        200,
      );
    }
    expectStatus(
      await t.request(organizer, 'POST', `/api/meetings/${meetingId}/voting`, { action: 'close' }),
      200,
    );
    expectStatus(await review(organizer, west, { scores: allItems(70), critique: '' }), 200);

    const result = await evaluation();
    expect(result.warnings.filter((w: string) => w.includes('评议会'))).toEqual([]);
    const [first, second] = result.reporters;
    expect(first).toMatchObject({ orgId: east.id, rank: 1, group: null });
    expect(second).toMatchObject({ orgId: west.id, rank: 2 });
    const part = (r: { components: { key: string; value: number | null }[] }, key: string) =>
      r.components.find((c) => c.key === key)!.value;
    expect(part(first, 'leader')).toBe(85);
    // Points 100/85/70/50: east (好, 好, 较好) → 95; west (一般, 差, 差) → 56.67.
    expect(part(first, 'appraisal')).toBe(95);
    expect(part(second, 'appraisal')).toBeCloseTo(56.67, 2);
    expect(first.sources.join('\n')).toContain('2位领导评分的平均分85分');
    expect(first.critiques).toEqual([
      { reviewerName: '用户etown', critique: '基层组织建设扎实。' },
      { reviewerName: '用户etown2', critique: '整改台账不全。' },
    ]);
    expect(second.appraisalShares.poor).toBeCloseTo(2 / 3, 5);
    expect(first.steps[0]).toBe('综合得分90分：述职评议85/100分×50% + 民主测评95/100分×50%');
    expect(second.gradeLabel).toBe('一般');
    // A village secretary sees the town's cycle, but not its trial results.
    expectApiError(
      await t.request(secretary, 'GET', `/api/evaluations/${cycleId}`),
      409,
      'EVALUATION_NOT_PUBLISHED',
    );
  });

  it('validates and stores the settings, then publishes once; published results are read-only', async () => {
    const settings = (await evaluation()).settings;
    const bad = {
      ...settings,
      config: {
        ...settings.config,
        components: settings.config.components.map((c: object) => ({ ...c, weight: 30 })),
      },
    };
    const refused = expectApiError(
      await t.request(organizer, 'PUT', `/api/evaluations/${cycleId}/settings`, bad),
      400,
      'EVALUATION_SETTINGS_INVALID',
    );
    expect(refused.message).toBe('各项权重合计应为100%，现为90%');
    const leaderOnly = {
      ...settings,
      config: {
        ...settings.config,
        components: [{ key: 'leader', label: '述职评议', weight: 100, max: 100 }],
        quotas: [],
      },
    };
    const changed = expectStatus(
      await t.request(organizer, 'PUT', `/api/evaluations/${cycleId}/settings`, leaderOnly),
      200,
    ).json();
    expect(changed.reporters.map((r: { score: number }) => r.score)).toEqual([85, 70]);
    expect(changed.reporters.map((r: { gradeLabel: string }) => r.gradeLabel)).toEqual(['较好', '一般']);
    // West's leader score up to 82.5 (较好 by score), but 差 is 2 of 3 ballots: over a third caps it.
    expectStatus(await review(deputy, west, { scores: allItems(95), critique: '' }), 200);
    const capped = (await evaluation()).reporters.find((r: { orgId: number }) => r.orgId === west.id);
    expect(capped).toMatchObject({ score: 82.5, gradeLabel: '一般' });
    expect(capped.steps).toContain('测评中“差”占66.67%，超过33.33%，等次最高为“一般”');

    expectApiError(await t.request(organizer, 'POST', `/api/evaluations/${cycleId}/publish`, {}), 400);
    expectApiError(
      await t.request(outsider, 'POST', `/api/evaluations/${cycleId}/publish`, { confirm: true }),
      404,
    );
    const published = expectStatus(
      await t.request(organizer, 'POST', `/api/evaluations/${cycleId}/publish`, { confirm: true }),
      200,
    ).json();
    expect(published).toMatchObject({ status: 'published', publishedBy: '用户etown', writable: false });

    // Later reviews and settings are refused; what was published is what everyone reads.
    expectApiError(
      await review(deputy, west, { scores: allItems(100), critique: '' }),
      409,
      'EVALUATION_PUBLISHED',
    );
    expectApiError(
      await t.request(organizer, 'PUT', `/api/evaluations/${cycleId}/settings`, leaderOnly),
      409,
      'EVALUATION_PUBLISHED',
    );
    expectApiError(
      await t.request(organizer, 'POST', `/api/evaluations/${cycleId}/publish`, { confirm: true }),
      409,
      'EVALUATION_PUBLISHED',
    );
    const read = await evaluation(deputy);
    expect(read.reporters).toEqual(published.reporters);
    // The score sheet: the published rows in rank order, figures as numbers.
    const res = expectStatus(await t.request(deputy, 'GET', `/api/evaluations/${cycleId}/export`), 200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('综合评价结果')!;
    const values = sheet.getSheetValues().filter(Boolean) as unknown[][];
    const header = values.findIndex((row) => row.includes('排名'));
    expect(values[header]!.slice(1)).toEqual(['排名', '组织', '述职评议（100%）', '综合得分', '等次']);
    expect(values.slice(header + 1, header + 3).map((row) => row.slice(1))).toEqual([
      [1, '东坡村党支部', 85, 85, '较好'],
      [2, '西坡村党支部', 82.5, 82.5, '一般'],
    ]);
    // Once published, the village secretary reads their own village's part only.
    const own = await evaluation(secretary);
    expect(own.reporters).toEqual([published.reporters.find((r: { orgId: number }) => r.orgId === east.id)]);
    const list = expectStatus(
      await t.request(deputy, 'GET', `/api/leader-reviews?meetingId=${meetingId}`),
      200,
    ).json();
    expect(list.writable).toBe(false);

    const audit = expectStatus(
      await t.request(t.admin, 'GET', '/api/audit?entityType=evaluation'),
      200,
    ).json();
    expect(audit.items.map((e: { action: string }) => e.action)).toEqual(['update', 'create']);
  });
});
