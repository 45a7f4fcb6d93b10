import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportBody } from '../../src/domain/reports.js';
import { manualClock } from '../../src/server/clock.js';
import { createTestContext, type Session, type TestContext } from '../helpers/test-app.js';
import { testDriver } from '../helpers/test-db.js';
import { createOrg, expectStatus, signedInUser, villageBranch, annualCycle } from './support/fixtures.js';

interface Finding {
  kind: string;
  message: string;
  span: { start: number; end: number };
  source?: { name: string; before: string; passage: string; after: string };
}
interface Version {
  text: string;
  analysis: { findings: Finding[]; compared: { reports: number } | null };
}

// Written for this test: a sentence one village copies from another, and the rest of each report.
const copied = '我们把村里的闲置校舍改造成了党员活动室和农家书屋，每周三晚上组织党员集中学习一次';
/** Each village's own problem, cause and measure: nothing in them is shared. */
const ownWords: Record<string, [string, string, string]> = {
  上坝村党支部: ['党员教育形式单一', '缺少年轻党员带动', '每季度请镇党校老师上一次党课'],
  下坝村党支部: ['集体经济收入偏低', '产业底子薄弱', '办起茶叶合作社增加收入'],
};
const body = (title: string, highlights: string, own: string): ReportBody => ({
  title,
  sections: [
    { kind: 'basics', title: '基本情况', text: `${own}现有党员若干名。` },
    { kind: 'highlights', title: '履职工作特色和亮点', text: highlights },
    { kind: 'lastYearRectification', title: '上年度问题整改情况', text: '' },
    { kind: 'problems', title: '存在的主要问题及原因', text: '' },
    { kind: 'plans', title: '下一步工作思路和举措', text: '' },
  ],
  problems: [{ text: ownWords[own]![0], cause: ownWords[own]![1] }],
  plans: [{ text: ownWords[own]![2], answers: [0] }],
});

describe(`reports compared with the cycle's others and the org's earlier ones (${testDriver})`, () => {
  let t: TestContext;
  let organizer: Session;
  const clock = manualClock('2026-12-20T08:00:00Z');
  const cycles: Record<number, number> = {};
  const orgIds: Record<string, number> = {};

  beforeAll(async () => {
    t = await createTestContext({ clock });
    const county = await createOrg(t, null, '比对县委', 'county');
    const town = await createOrg(t, county.id, '比对镇党委', 'committee');
    for (const name of ['上坝村党支部', '下坝村党支部']) {
      const org = await villageBranch(t, town.id, name);
      orgIds[name] = org.id;
    }
    organizer = await signedInUser(t, 'bdtown', 'organizer', town.id);
    for (const year of [2025, 2026]) cycles[year] = await annualCycle(t, organizer, town.id, year);
  });
  afterAll(() => t?.close());

  /** Writes and submits a report, waits for its comparison, and answers its first version. */
  async function submit(year: number, org: string, highlights: string, own = org): Promise<Version> {
    const created = expectStatus(
      await t.request(organizer, 'POST', '/api/reports', { cycleId: cycles[year], orgId: orgIds[org] }),
      201,
    ).json();
    expectStatus(
      await t.request(organizer, 'PUT', `/api/reports/${created.id}`, {
        body: body(`${org}书记${year}年度述职报告`, highlights, own),
        updatedAt: created.updatedAt,
      }),
      200,
    );
    expectStatus(await t.request(organizer, 'POST', `/api/reports/${created.id}/submit`), 200);
    await t.idle();
    return expectStatus(
      await t.request(organizer, 'GET', `/api/reports/${created.id}/versions/1`),
      200,
    ).json();
  }
  const of = (version: Version, kind: string) => version.analysis.findings.filter((f) => f.kind === kind);

  it('the first report has nothing to be compared with', async () => {
    const first = await submit(2026, '上坝村党支部', `${copied}。还修通了通组路。`);
    expect(first.analysis.compared).toEqual({ reports: 0 });
    expect(of(first, 'copiedPassage')).toEqual([]);
  });

  it('a passage copied from another village of the cycle is marked, with the other’s passage beside it', async () => {
    const second = await submit(2026, '下坝村党支部', `今年以来，${copied}。此外新建了村史馆。`);
    expect(second.analysis.compared).toEqual({ reports: 1 });
    const [finding, ...rest] = of(second, 'copiedPassage');
    expect(rest).toEqual([]);
    expect(second.text.slice(finding!.span.start, finding!.span.end)).toContain('闲置校舍改造成了党员活动室');
    expect(finding!.message).toMatch(/与上坝村党支部的报告相同$/u);
    expect(finding!.source).toMatchObject({ name: '上坝村党支部' });
    expect(finding!.source!.passage).toContain('闲置校舍改造成了党员活动室');
    expect(of(second, 'similarReport')).toEqual([]);
  });

  it('a report that repeats the org’s last year’s is marked as similar as a whole', async () => {
    const lastYear = await submit(2025, '上坝村党支部', `${copied}。还修通了通组路，建起了光伏电站。`);
    expect(lastYear.analysis.compared).toEqual({ reports: 1 });
    const same = await submit(
      2025,
      '下坝村党支部',
      `${copied}。还修通了通组路，建起了光伏电站。`,
      '上坝村党支部',
    );
    // Word for word but its title: the whole of 上坝村's 2025 report.
    expect(of(same, 'similarReport').map((f) => f.message)).toEqual([
      expect.stringMatching(/^全文与上坝村党支部的报告高度相似（相似度约 \d+%）$/u),
    ]);
    // 上坝村's 2026 report was compared before its 2025 one existed; 下坝村's 2026 one is compared
    // with its own 2025 report, named as the org's earlier one, now.
    const names = of(same, 'copiedPassage').map((f) => f.source!.name);
    expect(names).toContain('上坝村党支部');
    expect(names).toContain('本组织2026年度党组织书记抓基层党建工作述职评议考核');
  });
});
