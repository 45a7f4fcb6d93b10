import { expect, vi } from 'vitest';
import { expectStatus } from './support/fixtures.js';
import {
  type OrgKey,
  type Who,
  allow,
  deny,
  dropExtraMembers,
  dropImportedOrgs,
  memberFileFor,
  memberWrite,
  o,
  orgFileFor,
  orgIdsWithin,
  orgWrite,
  s,
  t,
  templateOrgIds,
  unique,
  scopeMatrix,
} from './support/scope-matrix.js';

vi.mock('fastify', async (importOriginal) =>
  (await import('./support/routes.js')).collectRoutes(await importOriginal()),
);

// The imports module's routes; the fixture and the tests are in support/scope-matrix.ts.
scopeMatrix('imports', {
  'GET /api/imports/templates/members': {
    access: memberWrite,
    sample: async () => ({ method: 'GET', url: '/api/imports/templates/members' }),
    sampleStatus: 200,
    cases: {
      'lists only the orgs in the scope': async () => {
        expect(await templateOrgIds('orgA1', 'members')).toEqual(await orgIdsWithin('A1'));
        expect(await templateOrgIds('secA1b', 'members')).toEqual([o.A1b.id]);
        expect(await templateOrgIds('orgB', 'members')).toEqual(await orgIdsWithin('B'));
      },
    },
  },
  'GET /api/imports/templates/orgs': {
    access: orgWrite,
    sample: async () => ({ method: 'GET', url: '/api/imports/templates/orgs' }),
    sampleStatus: 200,
    cases: {
      'lists only the orgs in the scope': async () => {
        expect(await templateOrgIds('orgA1', 'orgs')).toEqual(await orgIdsWithin('A1'));
        expect(await templateOrgIds('orgA', 'orgs')).toEqual(await orgIdsWithin('A'));
      },
    },
  },
  'POST /api/imports/members': {
    access: memberWrite,
    uploads: true,
    sample: async () => ({ method: 'POST', url: '/api/imports/members', body: await memberFileFor('A1') }),
    undo: dropExtraMembers,
    sampleStatus: 200,
    cases: {
      'a row naming an org outside the scope': async () => {
        for (const [who, key] of [
          ['orgA1', 'A2b'],
          ['orgB', 'A1'],
          ['orgA', 'B1'],
          ['secA1b', 'A1'],
          ['secA1', 'A1b'],
        ] as [Who, OrgKey][]) {
          const file = await memberFileFor(key);
          await deny(who, 'POST', '/api/imports/members', file, 422, 'IMPORT_ROWS_INVALID');
        }
        await allow('secA1', 'POST', '/api/imports/members', await memberFileFor('A1'));
        await allow('orgA', 'POST', '/api/imports/members', await memberFileFor('A2b'));
        await dropExtraMembers();
      },
    },
  },
  'POST /api/imports/orgs': {
    access: orgWrite,
    uploads: true,
    sample: async () => ({ method: 'POST', url: '/api/imports/orgs', body: await orgFileFor('A1') }),
    undo: dropImportedOrgs,
    sampleStatus: 200,
    cases: {
      'a parent outside the scope': async () => {
        for (const [who, key] of [
          ['orgA1', 'A2'],
          ['orgB', 'A1'],
          ['orgA', 'B1'],
        ] as [Who, OrgKey][])
          await deny(who, 'POST', '/api/imports/orgs', await orgFileFor(key), 422, 'IMPORT_ROWS_INVALID');
        await allow('orgA', 'POST', '/api/imports/orgs', await orgFileFor('A2'));
        await dropImportedOrgs();
      },
    },
  },
  'GET /api/imports/:id/progress': {
    access: {},
    uploads: true,
    reason: 'an import’s progress belongs to the user who uploaded it, not to an org',
    check: async () => {
      const id = `matrix-${unique('import')}`;
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/imports/members',
        headers: { cookie: s.orgA1.cookie, 'x-csrf-token': s.orgA1.csrfToken, 'x-import-id': id },
        payload: await memberFileFor('A1'),
      });
      expectStatus(res, 200);
      await dropExtraMembers();
      expect((await allow('orgA1', 'GET', `/api/imports/${id}/progress`)).json().phase).toBe('done');
      for (const who of ['admin', 'orgA', 'secA1', 'orgB'] as Who[])
        await deny(who, 'GET', `/api/imports/${id}/progress`, undefined, 404, 'NOT_FOUND');
    },
  },
});
