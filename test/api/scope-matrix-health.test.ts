import { expect, vi } from 'vitest';
import { expectStatus } from './support/fixtures.js';
import { t, scopeMatrix } from './support/scope-matrix.js';

vi.mock('fastify', async (importOriginal) =>
  (await import('./support/routes.js')).collectRoutes(await importOriginal()),
);

// The health module's routes; the fixture and the tests are in support/scope-matrix.ts.
scopeMatrix('health', {
  'GET /api/health': {
    access: { public: true },
    reason: 'public health check, reads no org data',
    check: async () => {
      const res = expectStatus(await t.request(null, 'GET', '/api/health'), 200);
      expect(Object.keys(res.json()).sort()).toEqual(['db', 'status', 'version']);
    },
  },
});
