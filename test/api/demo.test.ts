import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCounty } from '../../src/db/demo/generate.js';
import { queryRows } from '../../src/db/query-rows.js';
import { computeStatistics } from '../../src/domain/statistics.js';
import { today } from '../../src/server/clock.js';
import { demoSeed } from '../../src/server/modules/demo/service.js';
import { createTestContext, type TestContext } from '../helpers/test-app.js';
import { testDriver } from '../helpers/test-db.js';
import { expectApiError, expectNoChange, expectStatus, signedInUser } from './support/fixtures.js';

describe(`POST /api/demo (${testDriver})`, () => {
  let t: TestContext;
  const day = today();
  const county = generateCounty({ seed: demoSeed, today: day });
  const root = county.orgs.find((o) => o.parentId === null)!;

  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(() => t?.close());

  const count = async (table: string) =>
    (await queryRows<{ n: number }>(t.database.db, sql.raw(`select count(*)::int as n from "${table}"`)))[0]!
      .n;

  it('loads the same county as `shuping demo` into an empty system, audited as one entry', async () => {
    const auditBefore = await count('audit_log');
    const res = expectStatus(await t.request(t.admin, 'POST', '/api/demo'), 201);
    expect(res.json()).toEqual({
      rootId: root.id,
      rootName: root.name,
      orgs: county.orgs.length,
      members: county.members.length,
    });
    expect(await count('orgs')).toBe(county.orgs.length);
    expect(await count('members')).toBe(county.members.length);
    expect(await count('mobile_records')).toBe(county.mobileRecords.length);

    const entries = await queryRows<{
      entity_type: string;
      entity_id: string;
      after: Record<string, unknown>;
    }>(
      t.database.db,
      sql`select entity_type, entity_id, after from audit_log order by id offset ${auditBefore}`,
    );
    // One entry for the county; the rest are last year's cycle, written through the services — and no ballot.
    expect(entries[0]).toMatchObject({
      entity_type: 'org',
      entity_id: String(root.id),
      after: { name: root.name, source: 'demo', orgs: county.orgs.length, members: county.members.length },
    });
    expect([...new Set(entries.slice(1).map((e) => e.entity_type))].sort()).toEqual([
      'ballotCode',
      'cycle',
      'evaluation',
      'leaderReview',
      'problem',
      'problemMeasure',
      'reportingSet',
      'reviewMeeting',
      'scheme',
      'user',
    ]);

    // This year's cycles, open: the county hears its towns, each town its village and community branches.
    const alive = county.orgs.filter((o) => o.dissolvedOn === null || o.dissolvedOn > day);
    const towns = alive.filter((o) => o.level === 'committee');
    const cycles: { id: number; org: { id: number }; status: string }[] = expectStatus(
      await t.request(t.admin, 'GET', `/api/cycles?year=${day.slice(0, 4)}`),
      200,
    ).json().items;
    expect(cycles.map((c) => [c.org.id, c.status]).sort()).toEqual(
      [root, ...towns].map((o) => [o.id, 'open']).sort(),
    );
    const reporters = async (orgId: number) => {
      const cycle = cycles.find((c) => c.org.id === orgId)!;
      const set = expectStatus(
        await t.request(t.admin, 'GET', `/api/cycles/${cycle.id}/reporting-set`),
        200,
      ).json();
      return (set.candidates as { id: number; selected: boolean }[])
        .filter((c) => c.selected)
        .map((c) => c.id);
    };
    expect(await reporters(root.id)).toEqual(expect.arrayContaining(towns.map((o) => o.id)));
    const town = towns[0]!;
    expect((await reporters(town.id)).sort()).toEqual(
      alive
        .filter(
          (o) =>
            o.path.startsWith(`${town.path}.`) &&
            (o.level === 'branch' || o.level === 'generalBranch') &&
            (o.domain === 'village' || o.domain === 'community'),
        )
        .map((o) => o.id)
        .sort(),
    );
    // A year of ledger records, with the gaps (the second branch filed no plan), every attendee
    // a member of the record's own org.
    expect(await count('ledger_records')).toBeGreaterThan(0);
    const noPlan = alive.filter((o) => o.level === 'branch')[1]!;
    const [gaps] = await queryRows<{ plans: number; strangers: number }>(
      t.database.db,
      sql`select
            (select count(*)::int from ledger_records where org_id = ${noPlan.id} and kind = 'annualPlan') as plans,
            (select count(*)::int from ledger_attendance a
               join ledger_records r on r.id = a.record_id and r.held_on = a.held_on
               join members m on m.id = a.member_id
             where m.org_id <> r.org_id) as strangers`,
    );
    expect(gaps).toEqual({ plans: 0, strangers: 0 });

    // The figures served afterwards are the generated county's.
    const stats = expectStatus(
      await t.request(t.admin, 'GET', `/api/statistics?orgId=${root.id}&asOf=${day}`),
      200,
    ).json();
    expect(stats).toEqual(computeStatistics(county, root.path, day));

    // New rows get fresh ids after the loaded ones.
    const created = expectStatus(
      await t.request(t.admin, 'POST', '/api/orgs', {
        parentId: root.id,
        name: '演示后新建镇党委',
        level: 'committee',
      }),
      201,
    ).json();
    expect(created.id).toBeGreaterThan(Math.max(...county.orgs.map((o) => o.id)));

    // Its cycles answer scored: every reporter current, and the branches' ledger gaps tell them apart.
    const [scores] = await queryRows<{ stale: number; rows: number; totals: number }>(
      t.database.db,
      sql`select count(*) filter (where stale)::int as stale, count(*)::int as rows,
                 count(distinct total)::int as totals
          from routine_scores where computed_at is not null or stale`,
    );
    expect(scores).toMatchObject({ stale: 0 });
    expect(scores!.rows).toBeGreaterThan(10);
    expect(scores!.totals).toBeGreaterThan(3);
    // The whole county, its year of ledger and the scores of its cycles.
  }, 180_000);

  it('has last year’s county cycle closed: a meeting with votes, leader reviews and published results', async () => {
    const lastYear = Number(day.slice(0, 4)) - 1;
    const [cycle] = expectStatus(await t.request(t.admin, 'GET', `/api/cycles?year=${lastYear}`), 200).json()
      .items as { id: number; org: { id: number }; status: string }[];
    expect(cycle).toMatchObject({ org: { id: root.id }, status: 'closed' });
    const evaluation = expectStatus(
      await t.request(t.admin, 'GET', `/api/evaluations/${cycle!.id}`),
      200,
    ).json();
    expect(evaluation.status).toBe('published');
    const towns = county.orgs.filter(
      (o) => o.level === 'committee' && (o.dissolvedOn === null || o.dissolvedOn > day),
    );
    const evaluated = evaluation.reporters as { orgId: number; grade: string | null; critiques: unknown[] }[];
    expect(evaluated.map((r) => r.orgId)).toEqual(expect.arrayContaining(towns.map((o) => o.id)));
    for (const r of evaluated) {
      expect(r.grade).not.toBeNull();
      expect(r.critiques).toHaveLength(1);
    }
    // Grades differ: the panel and the leaders do not see every town alike.
    expect(new Set(evaluated.map((r) => r.grade)).size).toBeGreaterThan(1);

    const [meeting] = expectStatus(
      await t.request(t.admin, 'GET', `/api/meetings?cycleId=${cycle!.id}`),
      200,
    ).json().items as { id: number }[];
    const turnout = expectStatus(
      await t.request(t.admin, 'GET', `/api/meetings/${meeting!.id}/turnout`),
      200,
    ).json();
    expect(turnout).toMatchObject({ voting: 'closed', issued: 63, used: 57, problem: null });
    const tally = expectStatus(
      await t.request(t.admin, 'GET', `/api/meetings/${meeting!.id}/tally`),
      200,
    ).json();
    expect(
      tally.groups.map((g: { ballots: number }) => g.ballots).reduce((a: number, b: number) => a + b),
    ).toBe(57);
    const overall = (
      tally.reporters as {
        items: { byGroup: Record<string, Record<'excellent' | 'good' | 'fair' | 'poor', number>> }[];
      }[]
    ).map((r) => Object.values(r.items[0]!.byGroup));
    for (const groups of overall)
      expect(groups.reduce((sum, c) => sum + c.excellent + c.good + c.fair + c.poor, 0)).toBe(57);
  });

  it('has last year’s problem list part closed, part overdue, and this year’s reports say so', async () => {
    const lastYear = Number(day.slice(0, 4)) - 1;
    const [cycle] = expectStatus(await t.request(t.admin, 'GET', `/api/cycles?year=${lastYear}`), 200).json()
      .items as { id: number }[];
    type Page = { total: number; items: { id: number; orgId: number; reopenCount: number }[] };
    const list = async (filter = '') =>
      expectStatus(
        await t.request(t.admin, 'GET', `/api/problems?cycleId=${cycle!.id}&pageSize=100${filter}`),
        200,
      ).json() as Page;
    // Last year the county heard its four towns: their critiques and their ballot items over the
    // cycle's threshold, at most 4 + 4 × 5.
    const all = await list();
    expect(all.total).toBeGreaterThanOrEqual(8);
    expect(all.total).toBeLessThanOrEqual(24);
    const closed = await list('&status=closed');
    expect(closed.total / all.total).toBeGreaterThan(0.3);
    expect(closed.total / all.total).toBeLessThan(0.7);
    expect((await list('&overdue=true')).total).toBeGreaterThan(0);
    expect(all.items.filter((p) => p.reopenCount > 0).length).toBeGreaterThan(0);
    // The closer was never the submitter: the towns' secretaries submitted, and cannot sign in.
    const detail = expectStatus(
      await t.request(t.admin, 'GET', `/api/problems/${closed.items[0]!.id}`),
      200,
    ).json();
    expect(detail.measuresList).toMatchObject([{ done: true }]);
    const history = detail.events as { kind: string; userName: string }[];
    const submit = history.find((e) => e.kind === 'submit')!;
    expect(submit.userName).not.toBe(history.find((e) => e.kind === 'close')!.userName);
    const [accounts] = await queryRows<{ enabled: number; disabled: number }>(
      t.database.db,
      sql`select count(*) filter (where not disabled)::int as enabled, count(*) filter (where disabled)::int as disabled
          from users where username like 'demo-sec-%'`,
    );
    expect(accounts).toMatchObject({ enabled: 0 });
    expect(accounts!.disabled).toBeGreaterThan(0);

    // This year's county cycle: a town that closed an item of last year finds it in its new report.
    const thisYear = expectStatus(await t.request(t.admin, 'GET', `/api/cycles?year=${day.slice(0, 4)}`), 200)
      .json()
      .items.find((c: { org: { id: number } }) => c.org.id === root.id) as { id: number };
    const report = expectStatus(
      await t.request(t.admin, 'POST', '/api/reports', {
        cycleId: thisYear.id,
        orgId: closed.items[0]!.orgId,
      }),
      201,
    ).json();
    const section = (report.body.sections as { kind: string; text: string }[]).find(
      (s) => s.kind === 'lastYearRectification',
    )!;
    expect(section.text).toMatch(/^上年度以来列入问题清单的问题共 \d+ 个，已整改销号 [1-9]\d* 个/u);
    expect(section.text).toContain('整改销号。');
  });

  it('refuses a system that already holds data with 409, changing nothing', async () => {
    await expectNoChange(t, async () => {
      const body = expectApiError(await t.request(t.admin, 'POST', '/api/demo'), 409, 'DATABASE_NOT_EMPTY');
      expect(body.message).toContain('空系统');
    });
  });

  it('is for admins only', async () => {
    const organizer = await signedInUser(t, 'demoorganizer', 'organizer', root.id);
    await expectNoChange(t, async () => {
      expectApiError(await t.request(organizer, 'POST', '/api/demo'), 403, 'FORBIDDEN');
      expectApiError(await t.request(null, 'POST', '/api/demo'), 401);
    });
  });
});

describe(`POST /api/demo twice at once (${testDriver})`, () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(() => t?.close());

  it('loads once: the other request waits for the first and is refused', async () => {
    const answers = await Promise.all([
      t.request(t.admin, 'POST', '/api/demo'),
      t.request(t.admin, 'POST', '/api/demo'),
    ]);
    expect(answers.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const [row] = await queryRows<{ roots: number }>(
      t.database.db,
      sql`select count(*)::int as roots from orgs where parent_id is null`,
    );
    expect(row!.roots).toBe(1);
  });
});
