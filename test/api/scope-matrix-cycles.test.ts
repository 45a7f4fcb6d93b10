import { sql } from 'drizzle-orm';
import { expect, vi } from 'vitest';
import { queryRows } from '../../src/db/query-rows.js';
import { branchTemplate } from '../../src/domain/scheme-templates.js';
import type { RouteAccess } from '../../src/server/http/route-config.js';
import {
  type Entry,
  type OrgKey,
  type Who,
  allow,
  call,
  deny,
  ids,
  o,
  orgRead,
  scopeMatrix,
  t,
} from './support/scope-matrix.js';
import { expectApiError, expectNoChange } from './support/fixtures.js';

vi.mock('fastify', async (importOriginal) =>
  (await import('./support/routes.js')).collectRoutes(await importOriginal()),
);

/*
 * Who sees a cycle: users in the running org's subtree (it covers them) and users whose scope holds
 * the running org. Who changes it: an organizer (or admin) whose scope holds the running org. So an
 * organizer of A1 reads the county A's cycle but gets 403 changing it; B's users see nothing of A.
 */
type CycleKey = 'A' | 'A1' | 'A2' | 'B1';
const c = {} as Record<CycleKey, number>;
const cycleWrite: RouteAccess = { permission: 'cycle.write' };
const runBy: Record<CycleKey, OrgKey> = { A: 'A', A1: 'A1', A2: 'A2', B1: 'B1' };

/** The cycles each user sees. */
const visibleTo: Record<Who, CycleKey[]> = {
  admin: ['A', 'A1', 'A2', 'B1'],
  orgA: ['A', 'A1', 'A2'],
  orgA1: ['A', 'A1'],
  secA1: ['A', 'A1'],
  secA1b: ['A', 'A1'],
  chkA1: ['A', 'A1'],
  viewA1: ['A', 'A1'],
  orgB: ['B1'],
};

/** Reads of one cycle: refused (404) to those who do not see it, answered to those who do. */
const readCases = (path: (key: CycleKey) => string) => ({
  'a cycle the reader does not see': async () => {
    for (const [who, keys] of Object.entries(visibleTo) as [Who, CycleKey[]][])
      for (const key of Object.keys(c) as CycleKey[])
        if (keys.includes(key)) await allow(who, 'GET', path(key));
        else await deny(who, 'GET', path(key), undefined, 404, 'NOT_FOUND');
  },
});

/** Writes to one cycle: 404 where unseen, 403 where seen but run above the writer; `ok` for the control. */
const writeCases = (
  method: string,
  path: (key: CycleKey) => string,
  body: () => unknown,
  afterControl?: () => Promise<void>,
) => ({
  'a cycle run outside the writer’s scope': async () => {
    await deny('orgB', method, path('A1'), body(), 404, 'NOT_FOUND');
    await deny('orgA1', method, path('A2'), body(), 404, 'NOT_FOUND');
    await deny('orgA1', method, path('A'), body(), 403, 'CYCLE_NOT_OWN');
    // The county's organizer changes the town's cycle: it is within their scope.
    const res = await call('orgA', method, path('A1'), body());
    expect(res.statusCode, res.body).toBe(200);
    await afterControl?.();
  },
});

const rule = { depth: 'subtree', levels: ['branch'], domains: [], include: [], exclude: [] };
const scheme = (key: CycleKey) => `/api/cycles/${c[key]}/schemes/branch`;
let exported: Buffer;
const draftAgain = async () => {
  await t.database.db.execute(sql`update cycles set status = 'draft'`);
};

/** A routine sheet with one line that lost points: one deduction candidate for its org. */
const lostSheet = {
  categories: [
    {
      key: 'c-org',
      name: '组织建设',
      maxPoints: 10,
      linesScore: 8,
      overCap: 0,
      score: 8,
      explanation: '',
      lines: [
        {
          key: 'b-lessons',
          name: '三会一课',
          kind: 'regular',
          maxPoints: 10,
          score: 8,
          lost: [{ points: 2, reason: '党课少1次' }],
          basis: 'scored',
          explanation: '党课少1次',
        },
      ],
    },
  ],
  bonus: { awarded: 0, cap: null, score: 0, explanation: '' },
  vetoes: [],
  maxPoints: 10,
  total: 8,
  pending: 0,
  explanation: '',
};

const entries: Record<string, Entry> = {
  'GET /api/cycles': {
    access: orgRead,
    sample: async () => ({ method: 'GET', url: '/api/cycles' }),
    sampleStatus: 200,
    cases: {
      'cycles run above, at and below the reader, none beside': async () => {
        for (const [who, keys] of Object.entries(visibleTo) as [Who, CycleKey[]][])
          expect(ids(await allow(who, 'GET', '/api/cycles')), who).toEqual(
            keys.map((k) => c[k]).sort((a, b) => a - b),
          );
        expect(ids(await allow('orgA', 'GET', `/api/cycles?orgId=${o.A1.id}`))).toEqual([c.A1]);
        expect(ids(await allow('orgB', 'GET', `/api/cycles?orgId=${o.A1.id}`))).toEqual([]);
      },
    },
  },
  'POST /api/cycles': {
    access: cycleWrite,
    sample: async () => ({
      method: 'POST',
      url: '/api/cycles',
      body: { orgId: o.A1.id, kind: 'annual', year: 2030 },
    }),
    undo: async () => {
      await t.database.db.execute(sql`delete from cycles where year = 2030`);
    },
    sampleStatus: 201,
    cases: {
      'a cycle for an org outside the scope, or a copy of an unseen cycle': async () => {
        const body = (key: OrgKey) => ({ orgId: o[key].id, kind: 'annual', year: 2031 });
        await deny('orgA1', 'POST', '/api/cycles', body('A'), 404, 'NOT_FOUND');
        await deny('orgA1', 'POST', '/api/cycles', body('A2'), 404, 'NOT_FOUND');
        await deny('orgB', 'POST', '/api/cycles', body('A1'), 404, 'NOT_FOUND');
        const copy = { ...body('B1'), schemes: { copyFromCycleId: c.A1 } };
        await deny('orgB', 'POST', '/api/cycles', copy, 404, 'NOT_FOUND');
        // Copying the county's scheme, which the town sees, is allowed.
        await allow(
          'orgA1',
          'POST',
          '/api/cycles',
          { ...body('A1'), schemes: { copyFromCycleId: c.A } },
          201,
        );
        await t.database.db.execute(sql`delete from cycles where year = 2031`);
      },
    },
  },
  'GET /api/cycles/:id': {
    access: orgRead,
    sample: async () => ({ method: 'GET', url: `/api/cycles/${c.A1}` }),
    sampleStatus: 200,
    cases: readCases((key) => `/api/cycles/${c[key]}`),
  },
  'PATCH /api/cycles/:id': {
    access: cycleWrite,
    sample: async () => ({ method: 'PATCH', url: `/api/cycles/${c.A1}`, body: { name: '矩阵周期' } }),
    sampleStatus: 200,
    cases: writeCases(
      'PATCH',
      (key) => `/api/cycles/${c[key]}`,
      () => ({ name: '矩阵周期改名' }),
    ),
  },
  'POST /api/cycles/:id/status': {
    access: cycleWrite,
    sample: async () => ({ method: 'POST', url: `/api/cycles/${c.A1}/status`, body: { status: 'open' } }),
    undo: draftAgain,
    sampleStatus: 200,
    cases: writeCases(
      'POST',
      (key) => `/api/cycles/${c[key]}/status`,
      () => ({ status: 'open' }),
      draftAgain,
    ),
  },
  'POST /api/cycles/:id/reopen': {
    access: { permission: 'cycle.reopen' },
    reason: 'only admins reopen a closed cycle, and their scope is the whole system',
    check: async () => {
      await t.database.db.execute(sql`update cycles set status = 'closed' where id = ${c.A1}`);
      for (const who of ['orgA', 'orgA1', 'secA1', 'chkA1', 'viewA1'] as Who[])
        await deny(who, 'POST', `/api/cycles/${c.A1}/reopen`, { reason: '复核' }, 403, 'FORBIDDEN');
      await allow('admin', 'POST', `/api/cycles/${c.A1}/reopen`, { reason: '复核' });
      await draftAgain();
    },
  },
  'GET /api/cycles/:id/reporting-set': {
    access: orgRead,
    sample: async () => ({ method: 'GET', url: `/api/cycles/${c.A1}/reporting-set` }),
    sampleStatus: 200,
    cases: readCases((key) => `/api/cycles/${c[key]}/reporting-set`),
  },
  'PUT /api/cycles/:id/reporting-set': {
    access: cycleWrite,
    sample: async () => ({ method: 'PUT', url: `/api/cycles/${c.A1}/reporting-set`, body: rule }),
    sampleStatus: 200,
    cases: {
      ...writeCases(
        'PUT',
        (key) => `/api/cycles/${c[key]}/reporting-set`,
        () => rule,
      ),
      'an org outside the running org’s subtree': async () => {
        await expectNoChange(t, async () => {
          const res = await call('orgA', 'PUT', `/api/cycles/${c.A1}/reporting-set`, {
            ...rule,
            include: [o.A2b.id],
          });
          expectApiError(res, 400, 'REPORTING_ORG_INVALID');
        });
      },
    },
  },
  'GET /api/cycles/:id/schemes': {
    access: orgRead,
    sample: async () => ({ method: 'GET', url: `/api/cycles/${c.A1}/schemes` }),
    sampleStatus: 200,
    cases: readCases((key) => `/api/cycles/${c[key]}/schemes`),
  },
  'GET /api/cycles/:id/schemes/:audience': {
    access: orgRead,
    sample: async () => ({ method: 'GET', url: scheme('A1') }),
    sampleStatus: 200,
    cases: readCases(scheme),
  },
  'PUT /api/cycles/:id/schemes/:audience': {
    access: cycleWrite,
    sample: async () => ({ method: 'PUT', url: scheme('A1'), body: branchTemplate }),
    sampleStatus: 200,
    cases: writeCases('PUT', scheme, () => branchTemplate),
  },
  'GET /api/cycles/:id/schemes/:audience/export': {
    access: orgRead,
    sample: async () => ({ method: 'GET', url: `${scheme('A1')}/export` }),
    sampleStatus: 200,
    cases: readCases((key) => `${scheme(key)}/export`),
  },
  'POST /api/cycles/:id/schemes/:audience/import': {
    access: cycleWrite,
    sample: async () => ({ method: 'POST', url: `${scheme('A1')}/import`, body: exported }),
    sampleStatus: 200,
    cases: writeCases(
      'POST',
      (key) => `${scheme(key)}/import`,
      () => exported,
    ),
  },
  'GET /api/cycles/:id/problem-candidates': {
    access: orgRead,
    sample: async () => ({ method: 'GET', url: `/api/cycles/${c.A1}/problem-candidates` }),
    sampleStatus: 200,
    cases: {
      ...readCases((key) => `/api/cycles/${c[key]}/problem-candidates`),
      'a secretary below gets their own org’s candidates only': async () => {
        // Whatever the refresher computed for the cycle is put back after.
        const [kept] = await queryRows<{ rows: string }>(
          t.database.db,
          sql`select coalesce(json_agg(r), '[]')::text as rows from routine_scores r where cycle_id = ${c.A1}`,
        );
        await t.database.db.execute(sql`delete from routine_scores where cycle_id = ${c.A1}`);
        await t.database.db.execute(sql`insert into routine_scores (cycle_id, org_id, sheet, stale)
          select ${c.A1}, id, ${JSON.stringify(lostSheet)}::json, false from orgs
          where id in (${o.A1b.id}, ${o.A1x.id})`);
        try {
          const url = `/api/cycles/${c.A1}/problem-candidates`;
          const orgsOf = async (who: Who) =>
            ((await allow(who, 'GET', url)).json().items as { orgId: number }[]).map((i) => i.orgId).sort();
          expect(await orgsOf('orgA1')).toEqual([o.A1b.id, o.A1x.id].sort());
          expect(await orgsOf('secA1b')).toEqual([o.A1b.id]);
          expect(await orgsOf('orgA')).toEqual([o.A1b.id, o.A1x.id].sort());
        } finally {
          await t.database.db.execute(sql`delete from routine_scores where cycle_id = ${c.A1}`);
          await t.database.db.execute(sql`insert into routine_scores
            select * from json_populate_recordset(null::routine_scores, ${kept!.rows}::json)`);
        }
      },
    },
  },
  'PUT /api/cycles/:id/problem-threshold': {
    access: cycleWrite,
    sample: async () => ({
      method: 'PUT',
      url: `/api/cycles/${c.A1}/problem-threshold`,
      body: { appraisalPoorShare: 0.5 },
    }),
    sampleStatus: 200,
    cases: writeCases(
      'PUT',
      (key) => `/api/cycles/${c[key]}/problem-threshold`,
      () => ({ appraisalPoorShare: 0.4 }),
    ),
  },
};

scopeMatrix('cycles', entries, {
  setUp: async () => {
    for (const key of Object.keys(runBy) as CycleKey[]) {
      const body = { orgId: o[runBy[key]].id, kind: 'annual', year: 2026, schemes: { template: true } };
      c[key] = (await allow('admin', 'POST', '/api/cycles', body, 201)).json().id;
    }
    exported = (await allow('admin', 'GET', `${scheme('A1')}/export`)).rawPayload;
    const rows = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from schemes`);
    expect(rows[0]!.n).toBeGreaterThan(0);
  },
});
