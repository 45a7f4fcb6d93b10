import { expect, vi } from 'vitest';
import {
  type OrgKey,
  type Who,
  allow,
  deny,
  m,
  memberRead,
  membersInScope,
  o,
  scopeMatrix,
} from './support/scope-matrix.js';

vi.mock('fastify', async (importOriginal) =>
  (await import('./support/routes.js')).collectRoutes(await importOriginal()),
);

// The pipeline module's routes; the fixture and the tests are in support/scope-matrix.ts.
scopeMatrix('pipeline', {
  'GET /api/pipeline': {
    access: memberRead,
    sample: async () => ({ method: 'GET', url: `/api/pipeline?orgId=${o.A1.id}` }),
    sampleStatus: 200,
    cases: {
      'lists only the scope, and refuses an org outside it': async () => {
        const expected = membersInScope;
        for (const who of Object.keys(expected) as Who[]) {
          const res = await allow(who, 'GET', '/api/pipeline');
          const overdue = (res.json().conversionsOverdue.items as { memberId: number }[])
            .map((p) => p.memberId)
            .filter((id) => Object.values(m).includes(id))
            .sort((a, b) => a - b);
          expect(overdue, who).toEqual(expected[who].map((k) => m[k]).sort((a, b) => a - b));
        }
        for (const [who, key] of [
          ['orgB', 'A1'],
          ['orgA1', 'A2'],
          ['secA1', 'A1b'],
          ['secA1b', 'A1'],
        ] as [Who, OrgKey][])
          await deny(who, 'GET', `/api/pipeline?orgId=${o[key].id}`, undefined, 404, 'NOT_FOUND');
      },
    },
  },
});
