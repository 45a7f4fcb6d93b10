import { expect, vi } from 'vitest';
import {
  allow,
  deny,
  dropExtraMembers,
  exportOutside,
  exportRows,
  memberRead,
  o,
  orgIdsWithin,
  orgRead,
  resetTransfers,
  scopeMatrix,
} from './support/scope-matrix.js';

vi.mock('fastify', async (importOriginal) =>
  (await import('./support/routes.js')).collectRoutes(await importOriginal()),
);

// The exports module's routes; the fixture and the tests are in support/scope-matrix.ts.
scopeMatrix('exports', {
  'GET /api/exports/members': {
    access: memberRead,
    sample: async () => ({ method: 'GET', url: `/api/exports/members?orgId=${o.A1.id}` }),
    sampleStatus: 200,
    cases: {
      'an org outside the scope, and only members inside it': async () => {
        for (const [who, key] of exportOutside)
          await deny(who, 'GET', `/api/exports/members?orgId=${o[key].id}`, undefined, 404, 'NOT_FOUND');
        await resetTransfers();
        await dropExtraMembers();
        expect(await exportRows('secA1', 'members', 'A1', '党员信息')).toHaveLength(1);
        expect(await exportRows('orgA1', 'members', 'A1', '党员信息')).toHaveLength(3);
        expect(await exportRows('orgB', 'members', 'B', '党员信息')).toHaveLength(1);
      },
    },
  },
  'GET /api/exports/orgs': {
    access: orgRead,
    sample: async () => ({ method: 'GET', url: `/api/exports/orgs?orgId=${o.A1.id}` }),
    sampleStatus: 200,
    cases: {
      'an org outside the scope, and only orgs inside it': async () => {
        for (const [who, key] of exportOutside)
          await deny(who, 'GET', `/api/exports/orgs?orgId=${o[key].id}`, undefined, 404, 'NOT_FOUND');
        const below = (await orgIdsWithin('A1')).length - 1;
        expect(await exportRows('orgA1', 'orgs', 'A1', '组织信息')).toHaveLength(below);
        expect(await exportRows('secA1', 'orgs', 'A1', '组织信息')).toHaveLength(0);
      },
    },
  },
  'GET /api/exports/statistics': {
    access: orgRead,
    sample: async () => ({ method: 'GET', url: `/api/exports/statistics?orgId=${o.A1.id}` }),
    sampleStatus: 200,
    cases: {
      'an org outside the scope': async () => {
        for (const [who, key] of exportOutside)
          await deny(who, 'GET', `/api/exports/statistics?orgId=${o[key].id}`, undefined, 404, 'NOT_FOUND');
        await allow('secA1', 'GET', `/api/exports/statistics?orgId=${o.A1.id}`);
      },
    },
  },
});
