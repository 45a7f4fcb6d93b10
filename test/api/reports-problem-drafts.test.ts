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

interface Draft {
  id: number;
  orgId: number;
  orgName: string;
  reportId: number;
  version: number;
  position: number;
  text: string;
  cause: string;
  measures: string[];
}

describe(`problem list drafts from accepted reports (${testDriver})`, () => {
  let t: TestContext;
  let east: OrgRow;
  let west: OrgRow;
  let organizer: Session;
  let countyOrganizer: Session;
  let otherOrganizer: Session;
  let eastSecretary: Session;
  let westSecretary: Session;
  let cycleId: number;
  let otherCycleId: number;
  const reportOf: Record<string, number> = {};
  const clock = manualClock('2027-01-10T08:00:00Z');

  beforeAll(async () => {
    t = await createTestContext({ clock });
    const county = await createOrg(t, null, '草稿县委', 'county');
    const town = await createOrg(t, county.id, '草稿镇党委', 'committee');
    const other = await createOrg(t, county.id, '邻镇党委', 'committee');
    east = await villageBranch(t, town.id, '东湾村党支部');
    west = await villageBranch(t, town.id, '西湾村党支部');
    await villageBranch(t, other.id, '北岭村党支部');
    countyOrganizer = await signedInUser(t, 'pdcounty', 'organizer', county.id);
    organizer = await signedInUser(t, 'pdtown', 'organizer', town.id);
    otherOrganizer = await signedInUser(t, 'pdother', 'organizer', other.id);
    eastSecretary = await signedInUser(t, 'pdeast', 'secretary', east.id);
    westSecretary = await signedInUser(t, 'pdwest', 'secretary', west.id);
    const stages = { reportsDueOn: '2027-01-15' };
    cycleId = await annualCycle(t, organizer, town.id, 2026, stages);
    otherCycleId = await annualCycle(t, otherOrganizer, other.id, 2026, stages);
  });
  afterAll(() => t?.close());

  const drafts = async (s: Session, query = `cycleId=${cycleId}`) =>
    (
      expectStatus(await t.request(s, 'GET', `/api/reports/problem-drafts?${query}`), 200).json() as {
        items: Draft[];
      }
    ).items;
  const rowCount = async () =>
    Number(
      (await queryRows<{ n: string }>(t.database.db, sql`select count(*) as n from problem_drafts`))[0]!.n,
    );

  /** Starts (once) and saves `org`'s report with `problems` and `plans`, then submits it. */
  async function submit(
    secretary: Session,
    org: OrgRow,
    inCycle: number,
    problems: ReportBody['problems'],
    plans: ReportBody['plans'],
  ) {
    const key = `${inCycle}:${org.id}`;
    reportOf[key] ??= expectStatus(
      await t.request(secretary, 'POST', '/api/reports', { cycleId: inCycle, orgId: org.id }),
      201,
    ).json().id as number;
    const id = reportOf[key];
    const report = expectStatus(await t.request(secretary, 'GET', `/api/reports/${id}`), 200).json() as {
      body: ReportBody;
      updatedAt: string;
    };
    const body = structuredClone(report.body);
    for (const s of body.sections) s.text ||= `${s.title}的内容。`;
    body.problems = problems;
    body.plans = plans;
    expectStatus(
      await t.request(secretary, 'PUT', `/api/reports/${id}`, { body, updatedAt: report.updatedAt }),
      200,
    );
    expectStatus(await t.request(secretary, 'POST', `/api/reports/${id}/submit`), 200);
    return id;
  }

  it('a returned version leaves no draft', async () => {
    const id = await submit(
      eastSecretary,
      east,
      cycleId,
      [{ text: '初稿问题', cause: '初稿原因' }],
      [{ text: '初稿举措', answers: [0] }],
    );
    expectStatus(
      await t.request(organizer, 'POST', `/api/reports/${id}/return`, {
        comments: [],
        quotedFindings: [],
        general: '问题查摆不深，请重写',
      }),
      200,
    );
    expect(await drafts(organizer)).toEqual([]);
    expect(await rowCount()).toBe(0);
  });

  it('accepting makes each problem of the accepted version a draft, with its cause and the measures answering it', async () => {
    const id = await submit(
      eastSecretary,
      east,
      cycleId,
      [
        { text: '组织生活记录不全', cause: '制度学习不深' },
        { text: '集体经济收入单一', cause: '缺少带头人' },
        { text: '党员教育形式单一', cause: '创新不够' },
      ],
      [
        { text: '逐月检查组织生活记录', answers: [0] },
        { text: '成立合作社', answers: [1] },
        { text: '书记带头讲党课', answers: [0, 2] },
      ],
    );
    // The working copy changed behind the API's back: the drafts come from the version, not from it.
    await t.database.db.execute(
      sql`update reports set body = jsonb_set(body, '{problems}', '[{"text":"工作稿","cause":"工作稿"}]')
          where id = ${id}`,
    );
    expectStatus(await t.request(organizer, 'POST', `/api/reports/${id}/accept`), 200);
    const items = await drafts(organizer);
    expect(items.map(({ id: _id, ...d }) => d)).toEqual([
      {
        orgId: east.id,
        orgName: '东湾村党支部',
        reportId: id,
        version: 2,
        position: 0,
        text: '组织生活记录不全',
        cause: '制度学习不深',
        measures: ['逐月检查组织生活记录', '书记带头讲党课'],
      },
      {
        orgId: east.id,
        orgName: '东湾村党支部',
        reportId: id,
        version: 2,
        position: 1,
        text: '集体经济收入单一',
        cause: '缺少带头人',
        measures: ['成立合作社'],
      },
      {
        orgId: east.id,
        orgName: '东湾村党支部',
        reportId: id,
        version: 2,
        position: 2,
        text: '党员教育形式单一',
        cause: '创新不够',
        measures: ['书记带头讲党课'],
      },
    ]);
    // Accepted once only: a second acceptance is refused and writes nothing.
    await expectNoChange(t, async () => {
      expectApiError(await t.request(organizer, 'POST', `/api/reports/${id}/accept`), 409, 'REPORT_STATUS');
    });
    expect(await rowCount()).toBe(3);
  });

  it('lists by org, then position; each reader sees their own subtree’s drafts only', async () => {
    const westId = await submit(
      westSecretary,
      west,
      cycleId,
      [{ text: '阵地建设滞后', cause: '资金不足' }],
      [
        { text: '争取专项资金', answers: [0] },
        { text: '加强班子学习', answers: [] },
      ],
    );
    expectStatus(await t.request(organizer, 'POST', `/api/reports/${westId}/accept`), 200);
    const eastId = reportOf[`${cycleId}:${east.id}`]!;

    const all = await drafts(organizer);
    expect(all.map((d) => [d.orgName, d.position])).toEqual([
      ['东湾村党支部', 0],
      ['东湾村党支部', 1],
      ['东湾村党支部', 2],
      ['西湾村党支部', 0],
    ]);
    // A plan answering no problem is no problem's measure.
    expect(all[3]!.measures).toEqual(['争取专项资金']);
    expect(await drafts(countyOrganizer)).toEqual(all);
    expect((await drafts(westSecretary)).map((d) => d.reportId)).toEqual([westId]);
    expect((await drafts(eastSecretary)).map((d) => d.position)).toEqual([0, 1, 2]);
    // One report's drafts; another's (even one the reader cannot see) gives none.
    expect((await drafts(organizer, `cycleId=${cycleId}&reportId=${westId}`)).map((d) => d.text)).toEqual([
      '阵地建设滞后',
    ]);
    expect(await drafts(westSecretary, `cycleId=${cycleId}&reportId=${eastId}`)).toEqual([]);
    // Another town's organizer cannot see this cycle at all, nor its drafts through their own cycle.
    expectApiError(
      await t.request(otherOrganizer, 'GET', `/api/reports/problem-drafts?cycleId=${cycleId}`),
      404,
      'NOT_FOUND',
    );
    expect(await drafts(otherOrganizer, `cycleId=${otherCycleId}`)).toEqual([]);
    // The route is not taken for a report id.
    expectApiError(await t.request(organizer, 'GET', '/api/reports/problem-drafts'), 400);
  });
});
