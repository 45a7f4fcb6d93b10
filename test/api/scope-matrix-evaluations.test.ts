import { sql } from 'drizzle-orm';
import { vi } from 'vitest';
import { defaultBallotItems } from '../../src/domain/meetings.js';
import type { RouteAccess } from '../../src/server/http/route-config.js';
import { type Who, allow, deny, o, orgRead, scopeMatrix, t } from './support/scope-matrix.js';

vi.mock('fastify', async (importOriginal) =>
  (await import('./support/routes.js')).collectRoutes(await importOriginal()),
);

/*
 * 述职评议 and 综合评价 belong to a cycle: seen by whoever's scope holds its running org (town A1's
 * cycle and meeting, town A2's), changed by its organizers. Out of scope is 404. A secretary who
 * sees the cycle from below reads nothing before publication.
 */
const cycleWrite: RouteAccess = { permission: 'cycle.write' };
type Key = 'A1' | 'A2';
const meeting = {} as Record<Key, number>;
const cycle = {} as Record<Key, number>;
const outside: [Who, Key][] = [
  ['orgB', 'A1'],
  ['orgA1', 'A2'],
];
const reporterOf: Record<Key, () => number> = { A1: () => o.A1b.id, A2: () => o.A2b.id };
const reviewUrl = (key: Key) => `/api/leader-reviews/${meeting[key]}/${reporterOf[key]()}`;
const reviewBody = () => ({
  scores: Object.fromEntries(defaultBallotItems.map((i) => [i.key, 88])),
  critique: '矩阵点评',
});
const settingsOf = async (key: Key) =>
  (await allow('admin', 'GET', `/api/evaluations/${cycle[key]}`)).json().settings;
const clearReviews = async () => {
  await t.database.db.execute(sql`delete from leader_reviews`);
};
const clearEvaluations = async () => {
  await t.database.db.execute(sql`delete from evaluations`);
};

/** Out of scope is 404; the organizer above (town A's) succeeds on A2. */
const scoped = (
  method: string,
  url: (key: Key) => string,
  body?: (key: Key) => Promise<unknown>,
  undo?: () => Promise<unknown>,
) => ({
  'a cycle outside the scope': async () => {
    for (const [who, key] of outside) await deny(who, method, url(key), await body?.(key), 404, 'NOT_FOUND');
    await allow('orgA', method, url('A2'), await body?.('A2'));
    await undo?.();
  },
});

const publishUrl = (key: Key) => `/api/evaluations/${cycle[key]}/publish`;
/** The documents exist once published: each run publishes what it reads, and clears it after. */
const documentRoute = (path: (key: Key) => string) => ({
  access: orgRead,
  sample: async () => {
    await allow('orgA1', 'POST', publishUrl('A1'), { confirm: true });
    return { method: 'GET', url: `/api/evaluations/${cycle.A1}/${path('A1')}` };
  },
  sampleStatus: 200,
  undo: clearEvaluations,
  cases: {
    'a cycle outside the scope, or not yet published': async () => {
      const url = (key: Key) => `/api/evaluations/${cycle[key]}/${path(key)}`;
      await deny('orgA1', 'GET', url('A1'), undefined, 409, 'EVALUATION_NOT_PUBLISHED');
      await allow('orgA', 'POST', publishUrl('A2'), { confirm: true });
      for (const [who, key] of outside) await deny(who, 'GET', url(key), undefined, 404, 'NOT_FOUND');
      await allow('orgA', 'GET', url('A2'));
      await clearEvaluations();
    },
  },
});

scopeMatrix(
  'evaluations',
  {
    'GET /api/leader-reviews': {
      access: orgRead,
      sample: async () => ({ method: 'GET', url: `/api/leader-reviews?meetingId=${meeting.A1}` }),
      sampleStatus: 200,
      cases: scoped('GET', (key) => `/api/leader-reviews?meetingId=${meeting[key]}`),
    },
    'PUT /api/leader-reviews/:meetingId/:orgId': {
      access: cycleWrite,
      sample: async () => ({ method: 'PUT', url: reviewUrl('A1'), body: reviewBody() }),
      sampleStatus: 200,
      undo: clearReviews,
      cases: scoped('PUT', reviewUrl, async () => reviewBody(), clearReviews),
    },
    'GET /api/evaluations/:cycleId': {
      access: orgRead,
      sample: async () => ({ method: 'GET', url: `/api/evaluations/${cycle.A1}` }),
      sampleStatus: 200,
      cases: {
        ...scoped('GET', (key) => `/api/evaluations/${cycle[key]}`),
        'a secretary below the running org reads nothing before publication': async () => {
          await deny(
            'secA1b',
            'GET',
            `/api/evaluations/${cycle.A1}`,
            undefined,
            409,
            'EVALUATION_NOT_PUBLISHED',
          );
        },
      },
    },
    'GET /api/evaluations/:cycleId/export': {
      access: orgRead,
      sample: async () => ({ method: 'GET', url: `/api/evaluations/${cycle.A1}/export` }),
      sampleStatus: 200,
      cases: scoped('GET', (key) => `/api/evaluations/${cycle[key]}/export`),
    },
    'GET /api/evaluations/:cycleId/notice': documentRoute(() => 'notice'),
    'GET /api/evaluations/:cycleId/feedback': documentRoute(() => 'feedback'),
    'GET /api/evaluations/:cycleId/feedback/:orgId': {
      ...documentRoute((key) => `feedback/${reporterOf[key]()}`),
      cases: {
        ...documentRoute((key) => `feedback/${reporterOf[key]()}`).cases,
        'a secretary below reads their own org’s sheet only': async () => {
          await allow('orgA1', 'POST', publishUrl('A1'), { confirm: true });
          await allow('secA1b', 'GET', `/api/evaluations/${cycle.A1}/feedback/${o.A1b.id}`);
          await deny(
            'secA1b',
            'GET',
            `/api/evaluations/${cycle.A1}/feedback/${o.A1x.id}`,
            undefined,
            404,
            'NOT_FOUND',
          );
          await deny(
            'secA1b',
            'GET',
            `/api/evaluations/${cycle.A1}/notice`,
            undefined,
            403,
            'EVALUATION_NOTICE_NOT_OWN',
          );
          await clearEvaluations();
        },
      },
    },
    'PUT /api/evaluations/:cycleId/settings': {
      access: cycleWrite,
      sample: async () => ({
        method: 'PUT',
        url: `/api/evaluations/${cycle.A1}/settings`,
        body: await settingsOf('A1'),
      }),
      sampleStatus: 200,
      undo: clearEvaluations,
      cases: scoped('PUT', (key) => `/api/evaluations/${cycle[key]}/settings`, settingsOf, clearEvaluations),
    },
    'POST /api/evaluations/:cycleId/publish': {
      access: cycleWrite,
      sample: async () => ({
        method: 'POST',
        url: `/api/evaluations/${cycle.A1}/publish`,
        body: { confirm: true },
      }),
      sampleStatus: 200,
      undo: clearEvaluations,
      cases: scoped(
        'POST',
        (key) => `/api/evaluations/${cycle[key]}/publish`,
        async () => ({ confirm: true }),
        clearEvaluations,
      ),
    },
  },
  {
    setUp: async () => {
      const branches = { depth: 'subtree', levels: ['branch'], domains: [], include: [], exclude: [] };
      for (const key of ['A1', 'A2'] as const) {
        cycle[key] = (
          await allow('admin', 'POST', '/api/cycles', { orgId: o[key].id, kind: 'annual', year: 2026 }, 201)
        ).json().id;
        await allow('admin', 'PUT', `/api/cycles/${cycle[key]}/reporting-set`, branches);
        meeting[key] = (
          await allow(
            'admin',
            'POST',
            '/api/meetings',
            { cycleId: cycle[key], name: '矩阵评议会', heldOn: '2027-01-12' },
            201,
          )
        ).json().id;
      }
    },
  },
);
