import { expect, vi } from 'vitest';
import {
  type OrgKey,
  type Who,
  allow,
  deny,
  o,
  orgIdsWithin,
  orgRead,
  scopeMatrix,
} from './support/scope-matrix.js';

vi.mock('fastify', async (importOriginal) =>
  (await import('./support/routes.js')).collectRoutes(await importOriginal()),
);

// The statistics module's routes; the fixture and the tests are in support/scope-matrix.ts.
scopeMatrix('statistics', {
  'GET /api/statistics': {
    access: orgRead,
    sample: async () => ({ method: 'GET', url: `/api/statistics?orgId=${o.A1.id}` }),
    sampleStatus: 200,
    cases: {
      'statistics of an org outside the scope': async () => {
        const attempts: [Who, OrgKey][] = [
          ['orgB', 'A1'],
          ['orgA1', 'A2'],
          ['orgA1', 'A'],
          ['orgA', 'B'],
          ['secA1', 'A1b'],
          ['secA1b', 'A1'],
          ['viewA1', 'A2b'],
        ];
        for (const [who, key] of attempts)
          await deny(who, 'GET', `/api/statistics?orgId=${o[key].id}`, undefined, 404, 'NOT_FOUND');
        // Admins see two trees, so they must say which.
        await deny('admin', 'GET', '/api/statistics', undefined, 400, 'ORG_REQUIRED');
      },
      'counts only what lies in the scope, by default from its root': async () => {
        for (const [who, key] of [
          ['orgA', 'A'],
          ['orgA1', 'A1'],
          ['chkA1', 'A1'],
          ['secA1b', 'A1b'],
          ['orgB', 'B'],
        ] as [Who, OrgKey][]) {
          const stats = (await allow(who, 'GET', '/api/statistics')).json();
          expect(stats.org.id, who).toBe(o[key].id);
          expect(stats.orgs.total, who).toBe((await orgIdsWithin(key)).length);
        }
        const admin = (await allow('admin', 'GET', `/api/statistics?orgId=${o.A1.id}`)).json();
        expect(admin.orgs.total).toBe((await orgIdsWithin('A1')).length);
        // A secretary's scope is their own org: bound to A1, they count A1 alone.
        const secretary = (await allow('secA1', 'GET', `/api/statistics?orgId=${o.A1.id}`)).json();
        expect(secretary.orgs.total).toBe(1);
      },
    },
  },

  'GET /api/statistics/batch': {
    access: orgRead,
    sample: async () => ({ method: 'GET', url: `/api/statistics/batch?orgIds=${o.A1.id}` }),
    sampleStatus: 200,
    cases: {
      'a batch holding an org outside the scope': async () => {
        const attempts: [Who, OrgKey[]][] = [
          ['orgB', ['A1']],
          ['orgA1', ['A1', 'A2']],
          ['orgA1', ['A']],
          ['orgA', ['A1', 'B']],
          ['secA1', ['A1b']],
          ['secA1b', ['A1b', 'A1']],
          ['viewA1', ['A1', 'A2b']],
        ];
        for (const [who, keys] of attempts)
          await deny(
            who,
            'GET',
            `/api/statistics/batch?orgIds=${keys.map((k) => o[k].id)}`,
            undefined,
            404,
            'NOT_FOUND',
          );
        const inside = (
          await allow('orgA', 'GET', `/api/statistics/batch?orgIds=${o.A1.id},${o.A2.id}`)
        ).json();
        expect(inside.items.map((s: { org: { id: number } }) => s.org.id)).toEqual([o.A1.id, o.A2.id]);
        expect(inside.items[0].orgs.total).toBe((await orgIdsWithin('A1')).length);
        // A secretary's scope is their own org, in a batch as alone.
        const secretary = (await allow('secA1', 'GET', `/api/statistics/batch?orgIds=${o.A1.id}`)).json();
        expect(secretary.items[0].orgs.total).toBe(1);
      },
    },
  },

  'GET /api/statistics/children': {
    access: orgRead,
    sample: async () => ({ method: 'GET', url: `/api/statistics/children?orgId=${o.A1.id}` }),
    sampleStatus: 200,
    cases: {
      'the children of an org outside the scope': async () => {
        await deny('orgB', 'GET', `/api/statistics/children?orgId=${o.A.id}`, undefined, 404, 'NOT_FOUND');
        await deny('orgA1', 'GET', `/api/statistics/children?orgId=${o.A.id}`, undefined, 404, 'NOT_FOUND');
        await deny('secA1b', 'GET', `/api/statistics/children?orgId=${o.A1.id}`, undefined, 404, 'NOT_FOUND');
        const inside = (await allow('orgA', 'GET', `/api/statistics/children?orgId=${o.A.id}`)).json();
        const ids = inside.items.map((s: { org: { id: number } }) => s.org.id);
        expect(ids).toEqual(expect.arrayContaining([o.A1.id, o.A2.id]));
        expect(ids).not.toContain(o.B.id);
      },
    },
  },

  'GET /api/statistics/basics': {
    access: orgRead,
    sample: async () => ({ method: 'GET', url: `/api/statistics/basics?orgId=${o.A1.id}` }),
    sampleStatus: 200,
    cases: {
      'the 基本情况 of an org outside the scope': async () => {
        await deny('orgB', 'GET', `/api/statistics/basics?orgId=${o.A1.id}`, undefined, 404, 'NOT_FOUND');
        await deny('orgA1', 'GET', `/api/statistics/basics?orgId=${o.A2.id}`, undefined, 404, 'NOT_FOUND');
        await deny('secA1b', 'GET', `/api/statistics/basics?orgId=${o.A1.id}`, undefined, 404, 'NOT_FOUND');
        const own = (await allow('orgA1', 'GET', '/api/statistics/basics')).json();
        expect(own.text).toContain('全镇');
        expect(own.text).not.toMatch(/XX|\*\*\*|null|NaN|undefined/);
      },
    },
  },
});
