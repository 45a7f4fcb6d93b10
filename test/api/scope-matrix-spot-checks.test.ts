import { sql } from 'drizzle-orm';
import { expect, vi } from 'vitest';
import type { RouteAccess } from '../../src/server/http/route-config.js';
import { type OrgKey, type Who, allow, deny, o, orgRead, scopeMatrix, t } from './support/scope-matrix.js';

vi.mock('fastify', async (importOriginal) =>
  (await import('./support/routes.js')).collectRoutes(await importOriginal()),
);

/*
 * Draws: by the cycle's organizer. Findings: by checkers and organizers whose subtree holds the
 * drawn org. Cycles: A (county; towns report), A1 and A2 (towns; every branch reports, all drawn),
 * and A1q (A1's first quarter, nothing drawn: where the draw samples draw).
 */
const c = {} as Record<'A' | 'A1' | 'A2' | 'A1q', number>;
const check = {} as Record<'A1b' | 'A2b', number>;
const visit = { checkedOn: '2026-01-10', checkers: ['矩阵检查'], findings: [] };
const undraw = async () => {
  await t.database.db.execute(sql`delete from spot_check_draws where cycle_id = ${c.A1q}`);
};
const checkUrl = (key: keyof typeof check) => `/api/spot-checks/${check[key]}`;

scopeMatrix(
  'spotChecks',
  {
    'GET /api/spot-checks': {
      access: orgRead,
      sample: async () => ({ method: 'GET', url: `/api/spot-checks?cycleId=${c.A1}` }),
      sampleStatus: 200,
      cases: {
        'a cycle the reader does not see; drawn orgs outside the scope left out': async () => {
          await deny('orgB', 'GET', `/api/spot-checks?cycleId=${c.A1}`, undefined, 404, 'NOT_FOUND');
          await deny('orgA1', 'GET', `/api/spot-checks?cycleId=${c.A2}`, undefined, 404, 'NOT_FOUND');
          const drawn = async (who: Who, key: keyof typeof c) =>
            (await allow(who, 'GET', `/api/spot-checks?cycleId=${c[key]}`))
              .json()
              .items.flatMap((d: { checks: { orgId: number }[] }) => d.checks.map((x) => x.orgId))
              .sort((a: number, b: number) => a - b);
          expect(await drawn('secA1b', 'A1')).toEqual([o.A1b.id]);
          expect(await drawn('secA1', 'A1')).toEqual([]);
          expect(await drawn('orgA', 'A2')).toEqual([o.A2b.id, o.tmpA2.id]);
        },
      },
    },
    'POST /api/spot-checks': {
      access: { permission: 'cycle.write' } satisfies RouteAccess,
      sample: async () => ({ method: 'POST', url: '/api/spot-checks', body: { cycleId: c.A1q, size: 1 } }),
      undo: undraw,
      sampleStatus: 201,
      cases: {
        'a cycle outside the scope, or run above the drawer': async () => {
          await deny('orgB', 'POST', '/api/spot-checks', { cycleId: c.A1q, size: 1 }, 404, 'NOT_FOUND');
          await deny('orgA1', 'POST', '/api/spot-checks', { cycleId: c.A2, size: 1 }, 404, 'NOT_FOUND');
          await deny('orgA1', 'POST', '/api/spot-checks', { cycleId: c.A, size: 1 }, 403, 'CYCLE_NOT_OWN');
          await allow('orgA', 'POST', '/api/spot-checks', { cycleId: c.A1q, size: 1 }, 201);
          await undraw();
        },
      },
    },
    'GET /api/spot-checks/:id': {
      access: orgRead,
      sample: async () => ({ method: 'GET', url: checkUrl('A1b') }),
      sampleStatus: 200,
      cases: {
        'a drawn org outside the scope': async () => {
          for (const [who, key] of [
            ['orgB', 'A1b'],
            ['orgA1', 'A2b'],
            ['secA1', 'A1b'],
            ['chkA1', 'A2b'],
          ] as [Who, keyof typeof check][])
            await deny(who, 'GET', checkUrl(key), undefined, 404, 'NOT_FOUND');
          await allow('secA1b', 'GET', checkUrl('A1b'));
          await allow('chkA1', 'GET', checkUrl('A1b'));
        },
      },
    },
    'PUT /api/spot-checks/:id': {
      access: { permission: 'spotCheck.write' },
      sample: async () => ({ method: 'PUT', url: checkUrl('A1b'), body: visit }),
      sampleStatus: 200,
      cases: {
        'a drawn org outside the writer’s subtree': async () => {
          await deny('orgB', 'PUT', checkUrl('A1b'), visit, 404, 'NOT_FOUND');
          await deny('orgA1', 'PUT', checkUrl('A2b'), visit, 404, 'NOT_FOUND');
          await deny('chkA1', 'PUT', checkUrl('A2b'), visit, 404, 'NOT_FOUND');
          await allow('chkA1', 'PUT', checkUrl('A1b'), visit);
          await allow('orgA', 'PUT', checkUrl('A2b'), visit);
        },
      },
    },
  },
  {
    setUp: async () => {
      const branches = { depth: 'subtree', levels: ['branch'], domains: [], include: [], exclude: [] };
      const run: Record<keyof typeof c, [OrgKey, object]> = {
        A: ['A', { kind: 'annual' }],
        A1: ['A1', { kind: 'annual' }],
        A2: ['A2', { kind: 'annual' }],
        A1q: ['A1', { kind: 'quarterly', part: 1 }],
      };
      for (const [key, [org, kind]] of Object.entries(run) as [keyof typeof c, [OrgKey, object]][]) {
        const body = { orgId: o[org].id, year: 2026, schemes: { template: true }, ...kind };
        c[key] = (await allow('admin', 'POST', '/api/cycles', body, 201)).json().id;
        if (key === 'A') continue;
        const set = await allow('admin', 'PUT', `/api/cycles/${c[key]}/reporting-set`, branches);
        if (key === 'A1q') continue;
        const draws = await allow(
          'admin',
          'POST',
          '/api/spot-checks',
          { cycleId: c[key], size: set.json().count },
          201,
        );
        const checks = draws.json().items[0].checks as { id: number; orgId: number }[];
        const at = key === 'A1' ? 'A1b' : 'A2b';
        check[at] = checks.find((x) => x.orgId === o[at].id)!.id;
      }
    },
  },
);
