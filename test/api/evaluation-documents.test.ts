import { strFromU8, unzipSync } from 'fflate';
import { sql } from 'drizzle-orm';
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultBallotItems } from '../../src/domain/meetings.js';
import { manualClock } from '../../src/server/clock.js';
import { createTestContext, type Session, type TestContext } from '../helpers/test-app.js';
import { testDriver } from '../helpers/test-db.js';
import {
  annualCycle,
  createOrg,
  expectApiError,
  expectStatus,
  signedInUser,
  type OrgRow,
  villageBranch,
} from './support/fixtures.js';

const allItems = (score: number) => Object.fromEntries(defaultBallotItems.map((i) => [i.key, score]));

/** The text of a downloaded Word file, one paragraph (or table cell) a line, as mammoth reads it. */
async function paragraphs(file: Buffer): Promise<string[]> {
  const { value } = await mammoth.extractRawText({ buffer: file });
  return value.split('\n').filter((l) => l.trim() !== '');
}

interface Reporter {
  orgId: number;
  name: string;
  rank: number;
  gradeLabel: string;
  comparison: { previousRank: number; previousGradeLabel: string; label: string } | null;
}

describe(`the notice and feedback sheets of published results (${testDriver})`, () => {
  let t: TestContext;
  let east: OrgRow;
  let west: OrgRow;
  let organizer: Session;
  let eastSecretary: Session;
  const cycles: Record<number, number> = {};
  const clock = manualClock('2027-01-10T08:00:00Z');

  beforeAll(async () => {
    t = await createTestContext({ clock });
    const county = await createOrg(t, null, '通报县委', 'county');
    const town = await createOrg(t, county.id, '通报镇党委', 'committee');
    east = await villageBranch(t, town.id, '东岭村党支部');
    west = await villageBranch(t, town.id, '西岭村党支部');
    expectStatus(await t.request(t.admin, 'PATCH', `/api/orgs/${east.id}`, { secretaryName: '李东岭' }), 200);
    organizer = await signedInUser(t, 'ntown', 'organizer', town.id);
    eastSecretary = await signedInUser(t, 'neast', 'secretary', east.id);
    for (const year of [2025, 2026])
      cycles[year] = await annualCycle(t, organizer, town.id, year, { reportsDueOn: `${year + 1}-01-15` });
  });
  afterAll(() => t?.close());

  const url = (year: number, path: string) => `/api/evaluations/${cycles[year]}/${path}`;

  /** Leader reviews only (east and west scored as given), weighted 100 %, then published. */
  async function publish(year: number, scores: [OrgRow, number, string][]) {
    const meetingId = expectStatus(
      await t.request(organizer, 'POST', '/api/meetings', {
        cycleId: cycles[year],
        name: `${year}年度述职评议会`,
        heldOn: `${year + 1}-01-12`,
      }),
      201,
    ).json().id;
    for (const [org, score, critique] of scores)
      expectStatus(
        await t.request(organizer, 'PUT', `/api/leader-reviews/${meetingId}/${org.id}`, {
          scores: allItems(score),
          critique,
        }),
        200,
      );
    const { settings } = expectStatus(
      await t.request(organizer, 'GET', `/api/evaluations/${cycles[year]}`),
      200,
    ).json();
    const leaderOnly = {
      ...settings,
      config: {
        ...settings.config,
        components: [{ key: 'leader', label: '述职评议', weight: 100, max: 100 }],
        quotas: [],
      },
    };
    expectStatus(await t.request(organizer, 'PUT', url(year, 'settings'), leaderOnly), 200);
    return expectStatus(
      await t.request(organizer, 'POST', url(year, 'publish'), { confirm: true }),
      200,
    ).json().reporters as Reporter[];
  }

  it('refuses the documents before publication', async () => {
    for (const path of ['notice', 'feedback', `feedback/${east.id}`])
      expectApiError(await t.request(organizer, 'GET', url(2025, path)), 409, 'EVALUATION_NOT_PUBLISHED');
    expectApiError(
      await t.request(eastSecretary, 'GET', url(2025, 'feedback')),
      409,
      'EVALUATION_NOT_PUBLISHED',
    );
  });

  it('compares the published results with the previous cycle’s, fixed at publication', async () => {
    const first = await publish(2025, [
      [east, 92, '组织生活规范。'],
      [west, 80, ''],
    ]);
    expect(first.map((r) => [r.name, r.rank, r.comparison])).toEqual([
      ['东岭村党支部', 1, null],
      ['西岭村党支部', 2, null],
    ]);

    const reportId = expectStatus(
      await t.request(eastSecretary, 'POST', '/api/reports', { cycleId: cycles[2026], orgId: east.id }),
      201,
    ).json().id;
    const report = expectStatus(
      await t.request(eastSecretary, 'GET', `/api/reports/${reportId}`),
      200,
    ).json();
    const body = structuredClone(report.body);
    for (const s of body.sections) s.text ||= `${s.title}的内容。`;
    body.problems = [{ text: '党员发展后继乏人', cause: '培养措施不实' }];
    body.plans = [{ text: '建立入党积极分子台账', answers: [0] }];
    expectStatus(
      await t.request(eastSecretary, 'PUT', `/api/reports/${reportId}`, {
        body,
        updatedAt: report.updatedAt,
      }),
      200,
    );
    expectStatus(await t.request(eastSecretary, 'POST', `/api/reports/${reportId}/submit`), 200);
    expectStatus(await t.request(organizer, 'POST', `/api/reports/${reportId}/accept`), 200);

    const second = await publish(2026, [
      [east, 70, '整改台账不全，问题查摆不深。'],
      [west, 95, ''],
    ]);
    expect(second.map((r) => [r.name, r.rank, r.comparison?.label, r.comparison?.previousRank])).toEqual([
      ['西岭村党支部', 1, '↑1', 2],
      ['东岭村党支部', 2, '↓1', 1],
    ]);
    expect(second[1]!.comparison!.previousGradeLabel).toBe(first[0]!.gradeLabel);
    const read = expectStatus(
      await t.request(organizer, 'GET', `/api/evaluations/${cycles[2026]}`),
      200,
    ).json();
    expect(read.previousCycle).toEqual({ cycleId: cycles[2025], cycleName: expect.any(String) });
  });

  it('writes the notice: title, how the reporters were assessed, grades by rank, the table', async () => {
    const evaluation = expectStatus(
      await t.request(organizer, 'GET', `/api/evaluations/${cycles[2026]}`),
      200,
    ).json();
    const res = expectStatus(await t.request(organizer, 'GET', url(2026, 'notice')), 200);
    expect(res.headers['content-type']).toContain('wordprocessingml');
    expect(res.headers['content-disposition']).toContain('attachment');
    const lines = await paragraphs(res.rawPayload);
    expect(lines[0]).toBe(`关于${evaluation.cycleName}结果的通报`);
    expect(evaluation.cycleName).toMatch(/^2026年度.*述职评议考核$/);
    const text = lines.join('\n');
    expect(text).toContain('对2个党组织书记抓基层党建工作情况进行了述职评议考核');
    expect(text).toContain('述职评议（占100%）');
    const [best, next] = evaluation.reporters as Reporter[];
    // Grades best first, each listing its reporters in rank order.
    expect(best!.gradeLabel).not.toBe(next!.gradeLabel);
    expect(lines.filter((l) => l.startsWith('评为'))).toEqual([
      `评为“${best!.gradeLabel}”等次的（1个）：西岭村党支部。`,
      `评为“${next!.gradeLabel}”等次的（1个）：东岭村党支部。`,
    ]);
    // The table: header, then each reporter's rank, name, secretary, score, grade and change.
    const header = lines.indexOf('排名');
    expect(lines.slice(header, header + 6)).toEqual(['排名', '组织', '书记', '综合得分', '等次', '较上期']);
    expect(lines.slice(header + 6, header + 11)).toEqual(['1', '西岭村党支部', '95', best!.gradeLabel, '↑1']);
    expect(lines.slice(header + 11, header + 17)).toEqual([
      '2',
      '东岭村党支部',
      '李东岭',
      '70',
      next!.gradeLabel,
      '↓1',
    ]);
    expect(text).toContain('三、整改要求');
  });

  it('writes a feedback sheet with the critique, the problems and the previous grade; a page per reporter', async () => {
    const res = expectStatus(await t.request(eastSecretary, 'GET', url(2026, `feedback/${east.id}`)), 200);
    const text = (await paragraphs(res.rawPayload)).join('\n');
    expect(text).toContain('东岭村党支部党组织书记抓基层党建工作述职评议考核反馈意见');
    expect(text).toContain('李东岭同志');
    expect(text).toContain('整改台账不全，问题查摆不深。');
    expect(text).toContain('1. 党员发展后继乏人（原因：培养措施不实）');
    expect(text).toMatch(/上期排名\n第1名\n名次变化\n↓1/);
    expect(text).toMatch(/上期等次\n\S+/);
    expect(text).toContain('综合得分70分：述职评议70/100分×100%');

    const all = expectStatus(await t.request(organizer, 'GET', url(2026, 'feedback')), 200);
    // Named after the assessment once, as the notice is.
    expect(decodeURIComponent(String(all.headers['content-disposition']).split("''")[1]!)).toBe(
      '2026年度党组织书记抓基层党建工作述职评议考核反馈意见.docx',
    );
    const allText = (await paragraphs(all.rawPayload)).join('\n');
    expect(allText.indexOf('西岭村党支部党组织书记')).toBeGreaterThanOrEqual(0);
    expect(allText.indexOf('西岭村党支部党组织书记')).toBeLessThan(allText.indexOf('东岭村党支部党组织书记'));
    const xml = strFromU8(unzipSync(new Uint8Array(all.rawPayload))['word/document.xml']!);
    expect(xml.match(/<w:br w:type="page"\/>/g)).toHaveLength(1);
  });

  it('gives a secretary their own sheet only, and no notice', async () => {
    expectApiError(await t.request(eastSecretary, 'GET', url(2026, `feedback/${west.id}`)), 404);
    const own = expectStatus(await t.request(eastSecretary, 'GET', url(2026, 'feedback')), 200);
    const text = (await paragraphs(own.rawPayload)).join('\n');
    expect(text).toContain('东岭村党支部');
    expect(text).not.toContain('西岭村党支部');
    expectApiError(
      await t.request(eastSecretary, 'GET', url(2026, 'notice')),
      403,
      'EVALUATION_NOTICE_NOT_OWN',
    );
  });

  it('reads results published before secretaries and comparisons were recorded as having none', async () => {
    await t.database.db.execute(
      sql`update evaluations set published = jsonb_set(published - 'previousCycle', '{reporters}',
            (select jsonb_agg(r - 'secretaryName' - 'comparison') from jsonb_array_elements(published -> 'reporters') r))
          where cycle_id = ${cycles[2025]!}`,
    );
    const read = expectStatus(
      await t.request(organizer, 'GET', `/api/evaluations/${cycles[2025]}`),
      200,
    ).json<{ previousCycle: unknown; reporters: Reporter[] }>();
    expect(read.previousCycle).toBeNull();
    expect(read.reporters.map((r) => r.comparison)).toEqual([null, null]);
    expectStatus(await t.request(organizer, 'GET', url(2025, 'notice')), 200);
  });
});
