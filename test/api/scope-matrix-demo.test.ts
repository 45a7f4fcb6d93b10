import { vi } from 'vitest';
import { type Who, deny, s, scopeMatrix } from './support/scope-matrix.js';

vi.mock('fastify', async (importOriginal) =>
  (await import('./support/routes.js')).collectRoutes(await importOriginal()),
);

// The demo module's routes; the fixture and the tests are in support/scope-matrix.ts.
scopeMatrix('demo', {
  'POST /api/demo': {
    access: { permission: 'demo.load' },
    reason: 'system-wide: fills an empty system with a whole county, so only admins may, and only when empty',
    check: async () => {
      for (const who of Object.keys(s) as Who[])
        if (who !== 'admin') await deny(who, 'POST', '/api/demo', undefined, 403, 'FORBIDDEN');
      await deny('admin', 'POST', '/api/demo', undefined, 409, 'DATABASE_NOT_EMPTY');
    },
  },
});
