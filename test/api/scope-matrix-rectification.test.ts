import { sql } from 'drizzle-orm';
import { expect, vi } from 'vitest';
import type { RouteAccess } from '../../src/server/http/route-config.js';
import {
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
  u,
} from './support/scope-matrix.js';

vi.mock('fastify', async (importOriginal) =>
  (await import('./support/routes.js')).collectRoutes(await importOriginal()),
);

/*
 * 问题清单: readers see the problems of the orgs in their scope (a secretary their own org's only);
 * the organizer above an org files and verifies its problems (never its own org's); the org's own
 * users start them and submit evidence; both keep the measures. Problems: one inspection in each of
 * A1, A1b, A2b and B1, filed by the admin; a measure on the A1b and A2b ones.
 */
type ProblemKey = 'A1' | 'A1b' | 'A2b' | 'B1';
const p = {} as Record<ProblemKey, number>;
const measure = {} as Record<'A1b' | 'A2b', number>;
/** The county's (A's) cycle, which the batch files its items into. */
let countyCycle: number;
const manage: RouteAccess = { permission: 'rectification.manage' };
const work: RouteAccess = { permission: 'rectification.work' };

const inspection = (org: OrgKey) => ({
  orgId: o[org].id,
  ref: { source: 'inspection' },
  text: '矩阵督导问题',
  category: 'other',
  severity: 'low',
  deadline: '2026-09-30',
});
const measureBody = (org: OrgKey, owner: Who) => ({
  text: '矩阵整改措施',
  ownerUserId: u[owner],
  responsibleOrgId: o[org].id,
  deadline: '2026-08-31',
});
const url = (key: ProblemKey, tail = '') => `/api/problems/${p[key]}${tail}`;
const measureUrl = (key: 'A1b' | 'A2b', of: 'A1b' | 'A2b' = key) => url(key, `/measures/${measure[of]}`);

/** Puts a fixture problem in a status, as if its workflow had got there (submitted by secA1b or orgA1). */
async function setStatus(key: ProblemKey, status: string) {
  const submitter = key === 'A1' ? u.orgA1 : u.secA1b;
  await t.database.db.execute(sql`
    update problems set status = ${status}, deadline = '2026-09-30', merged_into_id = null,
      submitted_by = ${status === 'submitted' || status === 'closed' ? submitter : null},
      closed_on = ${status === 'closed' ? '2026-06-01' : null}
    where id = ${p[key]}`);
}
const fixtureIds = () =>
  sql.join(
    Object.values(p).map((id) => sql`${id}`),
    sql`, `,
  );
const dropExtraProblems = async () => {
  await t.database.db.execute(sql`delete from problems where id not in (${fixtureIds()})`);
};
const dropExtraMeasures = async () => {
  await t.database.db.execute(
    sql`delete from problem_measures where id not in (${measure.A1b}, ${measure.A2b})`,
  );
};
const freshMeasure = async () =>
  (await allow('admin', 'POST', url('A1b', '/measures'), measureBody('A1b', 'secA1b'), 201)).json()
    .id as number;
const freshPair = async () => {
  const a = (await allow('admin', 'POST', '/api/problems', inspection('A1b'), 201)).json().id as number;
  const b = (await allow('admin', 'POST', '/api/problems', inspection('A1b'), 201)).json().id as number;
  return [a, b] as const;
};
/** Puts every fixture problem past its deadline (or back), whatever day the matrix runs on. */
const setDeadlines = async (deadline: string) => {
  await t.database.db.execute(sql`update problems set deadline = ${deadline} where id in (${fixtureIds()})`);
};
/** A reminder without a message. */
const none = { message: null };
const dropReminders = async () => {
  await t.database.db.execute(sql`delete from problem_events where kind = 'reminder'`);
  await t.database.db.execute(sql`delete from notifications`);
};
/**
 * Runs `check` with every fixture problem overdue and A1b reminded by its organizer (so secA1b has
 * one notification), then puts things back.
 */
const whileChased = async (check: () => Promise<void>) => {
  await setDeadlines('2025-01-01');
  await allow('orgA1', 'POST', url('A1b', '/remind'), none);
  await check();
  await dropReminders();
  await setDeadlines('2026-09-30');
};
const listed = async (who: Who, query = '') =>
  ids(await allow(who, 'GET', `/api/problems?pageSize=200${query}`));

/** A workflow step's entry: refused outside the scope (404) and to the wrong party (403). */
function stepEntry(
  step: string,
  access: RouteAccess,
  status: string,
  target: ProblemKey,
  body: object,
  cases: Record<string, () => Promise<void>>,
) {
  return {
    access,
    sample: async () => {
      await setStatus(target, status);
      return { method: 'POST', url: url(target, `/${step}`), body };
    },
    undo: () => setStatus(target, status),
    sampleStatus: 200,
    cases,
  };
}

/** Out-of-scope attempts at a step; secretaries only where the step is theirs too. */
const outside = async (step: string, body: object, secretaries: boolean) => {
  const attempts: [Who, ProblemKey][] = [
    ['orgB', 'A1b'],
    ['orgA1', 'A2b'],
    ['orgA', 'B1'],
  ];
  if (secretaries) attempts.push(['secA1', 'A1b'], ['secA1b', 'A2b']);
  for (const [who, key] of attempts) await deny(who, 'POST', url(key, `/${step}`), body, 404, 'NOT_FOUND');
};

/** Verification steps: the organizer above only; an organizer on their own org's problem gets 403. */
const verifyEntry = (step: string, status: string, body: object) =>
  stepEntry(step, manage, status, 'A1b', body, {
    'a problem outside the scope, or of the verifier’s own org': async () => {
      await outside(step, body, false);
      await setStatus('A1', status);
      await deny('orgA1', 'POST', url('A1', `/${step}`), body, 403, 'PROBLEM_NOT_VERIFIER');
      await setStatus('A2b', status);
      await allow('orgA', 'POST', url('A2b', `/${step}`), body);
      await setStatus('A2b', 'open');
    },
  });

scopeMatrix(
  'rectification',
  {
    'GET /api/problems': {
      access: orgRead,
      sample: async () => ({ method: 'GET', url: '/api/problems' }),
      sampleStatus: 200,
      cases: {
        'a secretary sees their own org’s items, an organizer the subtree': async () => {
          expect(await listed('secA1b')).toEqual([p.A1b]);
          expect(await listed('secA1')).toEqual([p.A1]);
          expect(await listed('orgA1')).toEqual([p.A1, p.A1b]);
          expect(await listed('orgA')).toEqual([p.A1, p.A1b, p.A2b]);
          expect(await listed('orgB')).toEqual([p.B1]);
          expect(await listed('orgA', `&orgId=${o.A2.id}`)).toEqual([p.A2b]);
          await deny('orgA1', 'GET', `/api/problems?orgId=${o.A2.id}`, undefined, 404, 'NOT_FOUND');
          await deny('secA1b', 'GET', `/api/problems?orgId=${o.A1.id}`, undefined, 404, 'NOT_FOUND');
        },
      },
    },
    'GET /api/problems/overdue': {
      access: orgRead,
      sample: async () => ({ method: 'GET', url: `/api/problems/overdue?orgId=${o.A1.id}` }),
      sampleStatus: 200,
      cases: {
        'the overdue items of an org in the reader’s scope; an org outside it is 404': async () => {
          await setDeadlines('2025-01-01');
          const overdue = async (who: Who, org: OrgKey) =>
            ids(await allow(who, 'GET', `/api/problems/overdue?orgId=${o[org].id}`)).sort((a, b) => a - b);
          expect(await overdue('orgA1', 'A1')).toEqual([p.A1, p.A1b]);
          expect(await overdue('orgA', 'A')).toEqual([p.A1, p.A1b, p.A2b]);
          // Without an org: the reader's whole scope.
          expect(ids(await allow('orgA', 'GET', '/api/problems/overdue')).sort((a, b) => a - b)).toEqual([
            p.A1,
            p.A1b,
            p.A2b,
          ]);
          expect(await overdue('secA1b', 'A1b')).toEqual([p.A1b]);
          for (const [who, org] of [
            ['orgB', 'A1'],
            ['orgA1', 'A2'],
            ['secA1b', 'A1'],
          ] as [Who, OrgKey][])
            await deny(who, 'GET', `/api/problems/overdue?orgId=${o[org].id}`, undefined, 404, 'NOT_FOUND');
          await setDeadlines('2026-09-30');
        },
      },
    },
    'POST /api/problems': {
      access: manage,
      sample: async () => ({ method: 'POST', url: '/api/problems', body: inspection('A1b') }),
      undo: dropExtraProblems,
      sampleStatus: 201,
      cases: {
        'an org outside the scope, or the filer’s own org': async () => {
          await deny('orgB', 'POST', '/api/problems', inspection('A1b'), 404, 'NOT_FOUND');
          await deny('orgA1', 'POST', '/api/problems', inspection('A2b'), 404, 'NOT_FOUND');
          await deny('orgA1', 'POST', '/api/problems', inspection('A1'), 403, 'PROBLEM_NOT_VERIFIER');
          await allow('orgA', 'POST', '/api/problems', inspection('A2b'), 201);
          await dropExtraProblems();
        },
      },
    },
    'GET /api/problems/measures': {
      access: orgRead,
      sample: async () => ({ method: 'GET', url: '/api/problems/measures' }),
      sampleStatus: 200,
      cases: {
        'the measures of the problems the reader sees, with their problems, filtered as the list':
          async () => {
            const rows = async (who: Who, query = '') =>
              (
                (await allow(who, 'GET', `/api/problems/measures${query}`)).json().items as {
                  problemId: number;
                }[]
              )
                .map((r) => r.problemId)
                .sort((a, b) => a - b);
            expect(await rows('secA1b')).toEqual([p.A1b]);
            expect(await rows('secA1')).toEqual([]);
            expect(await rows('orgA1')).toEqual([p.A1b]);
            expect(await rows('orgA')).toEqual([p.A1b, p.A2b]);
            expect(await rows('orgB')).toEqual([]);
            expect(await rows('orgA', `?orgId=${o.A2.id}`)).toEqual([p.A2b]);
            const [row] = (await allow('orgA1', 'GET', '/api/problems/measures')).json().items;
            expect(row).toMatchObject({
              id: measure.A1b,
              problemId: p.A1b,
              problemText: '矩阵督导问题',
              problemOrgName: o.A1b.name,
              responsibleOrgName: o.A1b.name,
            });
            await deny(
              'orgA1',
              'GET',
              `/api/problems/measures?orgId=${o.A2.id}`,
              undefined,
              404,
              'NOT_FOUND',
            );
          },
      },
    },
    'POST /api/problems/batch': {
      access: manage,
      sample: async () => ({
        method: 'POST',
        url: '/api/problems/batch',
        body: { cycleId: countyCycle, items: [inspection('A1b')] },
      }),
      undo: dropExtraProblems,
      sampleStatus: 201,
      cases: {
        'any item outside the scope, or of the filer’s own org, refuses the whole batch': async () => {
          const batch = (...orgs: OrgKey[]) => ({ cycleId: countyCycle, items: orgs.map(inspection) });
          await deny('orgB', 'POST', '/api/problems/batch', batch('A1b'), 404, 'NOT_FOUND');
          await deny('orgA1', 'POST', '/api/problems/batch', batch('A1b', 'A2b'), 404, 'NOT_FOUND');
          await deny('orgA1', 'POST', '/api/problems/batch', batch('A1b', 'A1'), 403, 'PROBLEM_NOT_VERIFIER');
          const refused = await call('orgA1', 'POST', '/api/problems/batch', batch('A1b', 'A2b'));
          expect(refused.json().details).toMatchObject({ index: 1 });
          const filed = (await allow('orgA', 'POST', '/api/problems/batch', batch('A1b', 'A2b'), 201)).json();
          expect(filed.ids).toHaveLength(2);
          expect(await listed('orgA', `&cycleId=${countyCycle}`)).toEqual(filed.ids);
          await dropExtraProblems();
        },
      },
    },
    ...Object.fromEntries(
      (['board', 'board.xlsx', 'stats'] as const).map((path) => [
        `GET /api/problems/${path}`,
        {
          access: orgRead,
          sample: async () => ({ method: 'GET', url: `/api/problems/${path}` }),
          sampleStatus: 200,
          cases: {
            'a reader’s own org by default; any org in the scope; 404 beyond it': async () => {
              const at = (query: string) => `/api/problems/${path}${query}`;
              for (const [who, org] of [
                ['orgA', 'A'],
                ['orgA1', 'A1'],
                ['secA1b', 'A1b'],
                ['orgB', 'B'],
              ] as const) {
                if (path === 'board.xlsx') await allow(who, 'GET', at(''));
                else expect((await allow(who, 'GET', at(''))).json().org.id).toBe(o[org].id);
              }
              await allow('orgA', 'GET', at(`?orgId=${o.A2b.id}`));
              for (const [who, org] of [
                ['orgA1', 'A'],
                ['orgA1', 'A2'],
                ['orgB', 'A1b'],
                ['secA1b', 'A1'],
                ['orgA', 'B1'],
              ] as const)
                await deny(who, 'GET', at(`?orgId=${o[org].id}`), undefined, 404, 'NOT_FOUND');
            },
            ...(path === 'stats'
              ? {
                  'counts only the items in the scope, per org one level below': async () => {
                    const stats = async (who: Who) =>
                      (await allow(who, 'GET', at(''))).json() as {
                        total: number;
                        children: { orgId: number; total: number }[];
                      };
                    const at = (query: string) => `/api/problems/stats${query}`;
                    expect(await stats('orgA')).toMatchObject({
                      total: 3,
                      children: expect.arrayContaining([
                        expect.objectContaining({ orgId: o.A1.id, total: 2 }),
                        expect.objectContaining({ orgId: o.A2.id, total: 1 }),
                      ]),
                    });
                    expect((await stats('orgA1')).children).toEqual([
                      expect.objectContaining({ orgId: o.A1b.id, total: 1 }),
                    ]);
                    expect(await stats('secA1b')).toMatchObject({ total: 1, children: [] });
                    expect(await stats('orgB')).toMatchObject({ total: 1 });
                  },
                }
              : {}),
          },
        },
      ]),
    ),
    'GET /api/problems/:id': {
      access: orgRead,
      sample: async () => ({ method: 'GET', url: url('A1b') }),
      sampleStatus: 200,
      cases: {
        'a problem outside the scope': async () => {
          for (const [who, key] of [
            ['orgB', 'A1b'],
            ['orgA1', 'A2b'],
            ['secA1', 'A1b'],
            ['secA1b', 'A1'],
            ['chkA1', 'A2b'],
          ] as [Who, ProblemKey][])
            await deny(who, 'GET', url(key), undefined, 404, 'NOT_FOUND');
          expect((await allow('secA1b', 'GET', url('A1b'))).json()).toMatchObject({
            canWork: true,
            canVerify: false,
          });
          expect((await allow('orgA1', 'GET', url('A1b'))).json()).toMatchObject({
            canWork: false,
            canVerify: true,
          });
          await allow('chkA1', 'GET', url('A1b'));
        },
      },
    },
    'PATCH /api/problems/:id': {
      access: manage,
      sample: async () => {
        await setStatus('A1b', 'open');
        return { method: 'PATCH', url: url('A1b'), body: { severity: 'high' } };
      },
      sampleStatus: 200,
      cases: {
        'a problem outside the scope, or of the editor’s own org': async () => {
          const body = { severity: 'medium' };
          await deny('orgB', 'PATCH', url('A1b'), body, 404, 'NOT_FOUND');
          await deny('orgA1', 'PATCH', url('A2b'), body, 404, 'NOT_FOUND');
          await deny('orgA1', 'PATCH', url('A1'), body, 403, 'PROBLEM_NOT_VERIFIER');
          await allow('orgA', 'PATCH', url('A2b'), body);
        },
      },
    },
    'POST /api/problems/:id/measures': {
      access: work,
      sample: async () => ({
        method: 'POST',
        url: url('A1b', '/measures'),
        body: measureBody('A1b', 'secA1b'),
      }),
      undo: dropExtraMeasures,
      sampleStatus: 201,
      cases: {
        'a problem outside the scope': async () => {
          const body = measureBody('A1b', 'secA1b');
          await deny('orgB', 'POST', url('A1b', '/measures'), body, 404, 'NOT_FOUND');
          await deny('secA1', 'POST', url('A1b', '/measures'), body, 404, 'NOT_FOUND');
          await deny('secA1b', 'POST', url('A2b', '/measures'), body, 404, 'NOT_FOUND');
          await allow('secA1b', 'POST', url('A1b', '/measures'), body, 201);
          await dropExtraMeasures();
        },
      },
    },
    'PUT /api/problems/:id/measures/:measureId': {
      access: work,
      sample: async () => ({ method: 'PUT', url: measureUrl('A1b'), body: measureBody('A1b', 'secA1b') }),
      sampleStatus: 200,
      cases: {
        'a problem outside the scope, or a measure of another problem': async () => {
          const body = measureBody('A1b', 'secA1b');
          await deny('orgB', 'PUT', measureUrl('A1b'), body, 404, 'NOT_FOUND');
          await deny('orgA1', 'PUT', measureUrl('A2b'), body, 404, 'NOT_FOUND');
          await deny('orgA1', 'PUT', measureUrl('A1b', 'A2b'), body, 404, 'NOT_FOUND');
          await allow('secA1b', 'PUT', measureUrl('A1b'), body);
        },
      },
    },
    'DELETE /api/problems/:id/measures/:measureId': {
      access: work,
      sample: async () => ({ method: 'DELETE', url: url('A1b', `/measures/${await freshMeasure()}`) }),
      undo: dropExtraMeasures,
      sampleStatus: 204,
      cases: {
        'a problem outside the scope, or a measure of another problem': async () => {
          await deny('orgB', 'DELETE', measureUrl('A1b'), undefined, 404, 'NOT_FOUND');
          await deny('orgA1', 'DELETE', measureUrl('A2b'), undefined, 404, 'NOT_FOUND');
          await deny('orgA1', 'DELETE', measureUrl('A1b', 'A2b'), undefined, 404, 'NOT_FOUND');
          await allow('secA1b', 'DELETE', url('A1b', `/measures/${await freshMeasure()}`), undefined, 204);
        },
      },
    },
    'POST /api/problems/:id/start': stepEntry(
      'start',
      work,
      'open',
      'A1b',
      {},
      {
        'a problem outside the scope': async () => {
          await setStatus('A1b', 'open');
          await outside('start', {}, true);
          await allow('secA1b', 'POST', url('A1b', '/start'));
          await setStatus('A1b', 'open');
        },
      },
    ),
    'POST /api/problems/:id/submit': stepEntry(
      'submit',
      work,
      'inProgress',
      'A1',
      { text: '矩阵整改材料' },
      {
        'a problem outside the scope, or not of the submitter’s own org': async () => {
          const body = { text: '矩阵整改材料' };
          await setStatus('A1', 'inProgress');
          await setStatus('A1b', 'inProgress');
          await outside('submit', body, true);
          await deny('orgA1', 'POST', url('A1b', '/submit'), body, 403, 'PROBLEM_NOT_OWN');
          await deny('orgA', 'POST', url('A1', '/submit'), body, 403, 'PROBLEM_NOT_OWN');
          await allow('secA1', 'POST', url('A1', '/submit'), body);
          await setStatus('A1', 'open');
          await setStatus('A1b', 'open');
        },
      },
    ),
    'POST /api/problems/:id/close': verifyEntry('close', 'submitted', {}),
    'POST /api/problems/:id/reject': verifyEntry('reject', 'submitted', { reason: '矩阵退回' }),
    'POST /api/problems/:id/recheck': verifyEntry('recheck', 'closed', { passed: true }),
    'POST /api/problems/:id/extend': verifyEntry('extend', 'inProgress', {
      deadline: '2027-06-30',
      reason: '矩阵延期',
    }),
    'POST /api/problems/:id/remind': {
      access: manage,
      sample: async () => ({ method: 'POST', url: url('A1b', '/remind'), body: none }),
      undo: dropReminders,
      sampleStatus: 200,
      cases: {
        'a problem outside the scope, or of the organizer’s own org': async () => {
          await outside('remind', none, false);
          await deny('orgA1', 'POST', url('A1', '/remind'), none, 403, 'PROBLEM_NOT_VERIFIER');
          expect((await allow('orgA', 'POST', url('A2b', '/remind'), none)).json()).toEqual({ notified: 0 });
          await dropReminders();
        },
      },
    },
    'GET /api/inbox': {
      access: {},
      reason:
        'the caller’s own inbox: the items in their scope they must act on, and their own notifications',
      check: () =>
        whileChased(async () => {
          const tasks = async (who: Who) =>
            ((await allow(who, 'GET', '/api/inbox')).json().tasks as { problemId: number }[]).map(
              (task) => task.problemId,
            );
          expect(await tasks('secA1b')).toEqual([p.A1b]);
          expect(await tasks('secA1')).toEqual([p.A1]);
          // The organizer of A works on the A2b measure they own; nothing is submitted for them to verify.
          expect(await tasks('orgA')).toEqual([p.A2b]);
          expect(await tasks('orgB')).toEqual([]);
          expect((await allow('secA1b', 'GET', '/api/inbox')).json().notifications).toHaveLength(1);
          expect((await allow('secA1', 'GET', '/api/inbox')).json().notifications).toEqual([]);
          // An organizer works on their own org's items (A1) like its secretary.
          expect(await tasks('orgA1')).toEqual([p.A1]);
          await setStatus('A2b', 'submitted');
          expect(await tasks('orgA')).toEqual([p.A2b]);
          expect((await allow('orgA', 'GET', '/api/inbox')).json().tasks[0].action).toBe('verify');
          await setStatus('A2b', 'open');
        }),
    },
    'GET /api/inbox/count': {
      access: {},
      reason: 'counts the caller’s own inbox',
      check: () =>
        whileChased(async () => {
          const count = async (who: Who) => (await allow(who, 'GET', '/api/inbox/count')).json().count;
          expect(await count('secA1b')).toBe(2);
          expect(await count('secA1')).toBe(1);
          expect(await count('orgB')).toBe(0);
        }),
    },
    'POST /api/inbox/read': {
      access: {},
      reason: 'marks the caller’s own notifications only',
      check: () =>
        whileChased(async () => {
          const [n] = (await allow('secA1b', 'GET', '/api/inbox')).json().notifications;
          expect((await allow('secA1', 'POST', '/api/inbox/read', { ids: [n.id] })).json()).toEqual({
            marked: 0,
          });
          expect((await allow('orgA', 'POST', '/api/inbox/read', { all: true })).json()).toEqual({
            marked: 0,
          });
          expect((await allow('secA1b', 'POST', '/api/inbox/read', { ids: [n.id] })).json()).toEqual({
            marked: 1,
          });
        }),
    },
    'POST /api/problems/:id/merge': {
      access: manage,
      sample: async () => {
        const [a, b] = await freshPair();
        return { method: 'POST', url: `/api/problems/${a}/merge`, body: { intoId: b } };
      },
      undo: dropExtraProblems,
      sampleStatus: 200,
      cases: {
        'either problem outside the scope': async () => {
          await deny('orgB', 'POST', url('A1b', '/merge'), { intoId: p.B1 }, 404, 'NOT_FOUND');
          await deny('orgA1', 'POST', url('A2b', '/merge'), { intoId: p.A1b }, 404, 'NOT_FOUND');
          await deny('orgA1', 'POST', url('A1b', '/merge'), { intoId: p.A2b }, 404, 'NOT_FOUND');
          const [a, b] = await freshPair();
          await allow('orgA', 'POST', `/api/problems/${a}/merge`, { intoId: b });
          await dropExtraProblems();
        },
      },
    },
  },
  {
    setUp: async () => {
      const cycle = { orgId: o.A.id, kind: 'annual', year: 2026 };
      countyCycle = (await allow('admin', 'POST', '/api/cycles', cycle, 201)).json().id;
      for (const key of ['A1', 'A1b', 'A2b', 'B1'] as ProblemKey[])
        p[key] = (await allow('admin', 'POST', '/api/problems', inspection(key), 201)).json().id;
      measure.A1b = (
        await allow('admin', 'POST', url('A1b', '/measures'), measureBody('A1b', 'secA1b'), 201)
      ).json().id;
      measure.A2b = (
        await allow('admin', 'POST', url('A2b', '/measures'), measureBody('A2b', 'orgA'), 201)
      ).json().id;
      expect((await call('secA1b', 'GET', url('A1b'))).statusCode).toBe(200);
    },
  },
);
