import { sql } from 'drizzle-orm';
import { expect, vi } from 'vitest';
import { queryRows } from '../../src/db/query-rows.js';
import {
  type OrgKey,
  type Who,
  allow,
  deny,
  o,
  orgRead,
  profileWrite,
  scopeMatrix,
  t,
} from './support/scope-matrix.js';

vi.mock('fastify', async (importOriginal) =>
  (await import('./support/routes.js')).collectRoutes(await importOriginal()),
);

const body = (key: OrgKey, population: number | null) => ({
  orgId: o[key].id,
  year: 2025,
  values: { population },
});
const stored = async (key: OrgKey) =>
  (
    await queryRows<{ value: string }>(
      t.database.db,
      sql`select value::text from profile_figures where org_id = ${o[key].id} and kind = 'population'`,
    )
  ).map((r) => Number(r.value));

/** Who reaches for which org outside their scope: beside, above, below a secretary's own org. */
const outside: [Who, OrgKey][] = [
  ['orgB', 'A1'],
  ['orgA1', 'A2'],
  ['orgA1', 'A'],
  ['secA1', 'A1b'],
  ['secA1b', 'A1'],
];

// The profile-figure routes; the fixture and the tests are in support/scope-matrix.ts.
scopeMatrix('profileFigures', {
  'GET /api/profile-figures': {
    access: orgRead,
    sample: async () => ({ method: 'GET', url: `/api/profile-figures?orgId=${o.A1.id}&year=2025` }),
    sampleStatus: 200,
    cases: {
      'figures of an org outside the scope': async () => {
        const attempts: [Who, OrgKey][] = [...outside, ['viewA1', 'A2b']];
        for (const [who, key] of attempts)
          await deny(who, 'GET', `/api/profile-figures?orgId=${o[key].id}`, undefined, 404, 'NOT_FOUND');
        await deny('admin', 'GET', '/api/profile-figures', undefined, 400, 'ORG_REQUIRED');
        // Without orgId: the reader's own org.
        expect((await allow('secA1b', 'GET', '/api/profile-figures')).json().org.id).toBe(o.A1b.id);
      },
      'a sum holds only entries inside the reader’s scope': async () => {
        await allow('admin', 'PUT', '/api/profile-figures', body('A1b', 700));
        await allow('admin', 'PUT', '/api/profile-figures', body('A2b', 900));
        const total = async (who: Who, key: OrgKey) =>
          (await allow(who, 'GET', `/api/profile-figures?orgId=${o[key].id}&year=2025`))
            .json()
            .items.find((i: { kind: string }) => i.kind === 'population').total;
        expect(await total('orgA', 'A')).toEqual({ value: 1600, source: 'children', orgs: 2 });
        expect(await total('orgA1', 'A1')).toEqual({ value: 700, source: 'children', orgs: 1 });
        // A secretary bound to A1 reaches A1 alone: nothing below it is summed.
        expect(await total('secA1', 'A1')).toBeNull();
        await allow('admin', 'PUT', '/api/profile-figures', body('A1b', null));
        await allow('admin', 'PUT', '/api/profile-figures', body('A2b', null));
      },
    },
  },

  'PUT /api/profile-figures': {
    access: profileWrite,
    sample: async () => ({ method: 'PUT', url: '/api/profile-figures', body: body('A1', 5000) }),
    undo: async () => {
      await allow('orgA1', 'PUT', '/api/profile-figures', body('A1', null));
    },
    sampleStatus: 200,
    cases: {
      'entering figures of an org outside the scope': async () => {
        const attempts = outside;
        for (const [who, key] of attempts) {
          await deny(who, 'PUT', '/api/profile-figures', body(key, 1), 404, 'NOT_FOUND');
          expect(await stored(key), `${who} → ${key}`).toEqual([]);
        }
        // The secretary enters their own org's figures; the organizer those of any org below.
        await allow('secA1b', 'PUT', '/api/profile-figures', body('A1b', 321));
        expect(await stored('A1b')).toEqual([321]);
        await allow('orgA1', 'PUT', '/api/profile-figures', body('A1b', null));
        expect(await stored('A1b')).toEqual([]);
      },
    },
  },
});
