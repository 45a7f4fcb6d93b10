import { expect, vi } from 'vitest';
import {
  type OrgKey,
  type Who,
  dropExtraMembers,
  dropImportedOrgs,
  imported,
  importRefused,
  memberFileFor,
  memberWrite,
  o,
  orgFileFor,
  orgIdsWithin,
  orgWrite,
  t,
  templateOrgIds,
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
    undo: async () => {
      await t.idle();
      await dropExtraMembers();
    },
    sampleStatus: 202,
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
          await importRefused(who, 'members', file);
        }
        await imported('secA1', 'members', await memberFileFor('A1'));
        await imported('orgA', 'members', await memberFileFor('A2b'));
        await dropExtraMembers();
      },
    },
  },
  'POST /api/imports/orgs': {
    access: orgWrite,
    uploads: true,
    sample: async () => ({ method: 'POST', url: '/api/imports/orgs', body: await orgFileFor('A1') }),
    undo: async () => {
      await t.idle();
      await dropImportedOrgs();
    },
    sampleStatus: 202,
    cases: {
      'a parent outside the scope': async () => {
        for (const [who, key] of [
          ['orgA1', 'A2'],
          ['orgB', 'A1'],
          ['orgA', 'B1'],
        ] as [Who, OrgKey][])
          await importRefused(who, 'orgs', await orgFileFor(key));
        await imported('orgA', 'orgs', await orgFileFor('A2'));
        await dropImportedOrgs();
      },
    },
  },
});
