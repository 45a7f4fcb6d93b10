import { expect, vi } from 'vitest';
import {
  type Who,
  allow,
  deny,
  dropExtraMembers,
  importAs,
  memberFileFor,
  scopeMatrix,
} from './support/scope-matrix.js';

vi.mock('fastify', async (importOriginal) =>
  (await import('./support/routes.js')).collectRoutes(await importOriginal()),
);

// The jobs module's routes; the fixture and the tests are in support/scope-matrix.ts.
scopeMatrix('jobs', {
  'GET /api/jobs/:id': {
    access: {},
    uploads: true,
    reason:
      'a job belongs to its owner and to users whose scope covers the owner’s scope root (for an import)',
    check: async () => {
      const job = await importAs('orgA1', 'members', await memberFileFor('A1'));
      await dropExtraMembers();
      expect(job.state).toBe('succeeded');
      for (const who of ['orgA1', 'orgA', 'admin', 'secA1'] as Who[])
        await allow(who, 'GET', `/api/jobs/${job.id}`);
      for (const who of ['orgB', 'secA1b'] as Who[])
        await deny(who, 'GET', `/api/jobs/${job.id}`, undefined, 404, 'NOT_FOUND');
    },
  },
  'GET /api/jobs': {
    access: {},
    uploads: true,
    reason: 'lists the caller’s own jobs only',
    check: async () => {
      const job = await importAs('orgA1', 'members', await memberFileFor('A1'));
      await dropExtraMembers();
      expect((await allow('orgA1', 'GET', '/api/jobs')).json().items[0].id).toBe(job.id);
      for (const who of ['orgA', 'admin'] as Who[])
        expect(
          (await allow(who, 'GET', '/api/jobs')).json().items.map((j: { id: string }) => j.id),
        ).not.toContain(job.id);
    },
  },
});
