import { sql } from 'drizzle-orm';
import { expect, vi } from 'vitest';
import type { RouteAccess } from '../../src/server/http/route-config.js';
import { expectApiError } from './support/fixtures.js';
import {
  type OrgKey,
  type Who,
  allow,
  call,
  deny,
  o,
  orgRead,
  scopeMatrix,
  t,
} from './support/scope-matrix.js';

vi.mock('fastify', async (importOriginal) =>
  (await import('./support/routes.js')).collectRoutes(await importOriginal()),
);

/*
 * Letters are read by whoever sees both the cycle and the letter's org; written by the cycle's
 * organizer; signed by the letter org's own secretary. Cycles: A (county; its towns report), A1 and
 * A2 (towns; their branches report). Letters: A1b and A1x in A1's cycle, A2b in A2's, A1 in A's.
 */
const cycleWrite: RouteAccess = { permission: 'cycle.write' };
const c = {} as Record<'A' | 'A1' | 'A2', number>;
const letter = {} as Record<'A1b' | 'A2b' | 'A1', number>;
const items = [
  {
    indicatorKey: null,
    label: '支部党员大会',
    target: 4,
    unit: '次',
    progress: { kind: 'records', source: { ledgerKinds: ['congress'] } },
  },
];
const draftAgain = async () => {
  await t.database.db.execute(
    sql`update target_letters set status = 'draft', issued_on = null, acknowledged_on = null`,
  );
};
const url = (key: keyof typeof letter, tail = '') => `/api/target-letters/${letter[key]}${tail}`;

/** Writes to one letter: 404 where unseen, 403 where the cycle is run above the writer. */
const writeCases = (method: string, tail: string, body?: unknown) => ({
  'a letter outside the writer’s scope, or of a cycle run above them': async () => {
    await deny('orgB', method, url('A1b', tail), body, 404, 'NOT_FOUND');
    await deny('orgA1', method, url('A2b', tail), body, 404, 'NOT_FOUND');
    await deny('orgA1', method, url('A1', tail), body, 403, 'CYCLE_NOT_OWN');
    await allow('orgA', method, url('A2b', tail), body);
    await draftAgain();
  },
});

scopeMatrix(
  'targetLetters',
  {
    'GET /api/target-letters': {
      access: orgRead,
      sample: async () => ({ method: 'GET', url: `/api/target-letters?cycleId=${c.A1}` }),
      sampleStatus: 200,
      cases: {
        'a cycle the reader does not see; orgs outside the scope left out': async () => {
          await deny('orgB', 'GET', `/api/target-letters?cycleId=${c.A1}`, undefined, 404, 'NOT_FOUND');
          await deny('orgA1', 'GET', `/api/target-letters?cycleId=${c.A2}`, undefined, 404, 'NOT_FOUND');
          const orgsOf = async (who: Who, key: keyof typeof c) =>
            (await allow(who, 'GET', `/api/target-letters?cycleId=${c[key]}`))
              .json()
              .items.map((i: { orgId: number }) => i.orgId);
          expect(await orgsOf('secA1b', 'A1')).toEqual([o.A1b.id]);
          expect(await orgsOf('secA1', 'A1')).toEqual([]);
          expect(await orgsOf('secA1', 'A')).toEqual([o.A1.id]);
          expect(await orgsOf('orgA1', 'A')).toEqual([o.A1.id]);
          expect(await orgsOf('orgA', 'A2')).toEqual([o.A2b.id, o.tmpA2.id]);
        },
      },
    },
    'POST /api/target-letters': {
      access: cycleWrite,
      sample: async () => ({ method: 'POST', url: '/api/target-letters', body: { cycleId: c.A1 } }),
      sampleStatus: 201,
      cases: {
        'a cycle outside the scope, or run above the writer': async () => {
          await deny('orgB', 'POST', '/api/target-letters', { cycleId: c.A1 }, 404, 'NOT_FOUND');
          await deny('orgA1', 'POST', '/api/target-letters', { cycleId: c.A2 }, 404, 'NOT_FOUND');
          await deny('orgA1', 'POST', '/api/target-letters', { cycleId: c.A }, 403, 'CYCLE_NOT_OWN');
          await allow('orgA', 'POST', '/api/target-letters', { cycleId: c.A2 }, 201);
        },
      },
    },
    'GET /api/target-letters/:id': {
      access: orgRead,
      sample: async () => ({ method: 'GET', url: url('A1b') }),
      sampleStatus: 200,
      cases: {
        'a letter of an org outside the scope': async () => {
          for (const [who, key] of [
            ['orgB', 'A1b'],
            ['orgA1', 'A2b'],
            ['secA1', 'A1b'],
            ['secA1b', 'A1'],
            ['viewA1', 'A2b'],
          ] as [Who, keyof typeof letter][])
            await deny(who, 'GET', url(key), undefined, 404, 'NOT_FOUND');
          await allow('secA1b', 'GET', url('A1b'));
          // The town's secretary reads the letter the county gave the town.
          await allow('secA1', 'GET', url('A1'));
          await allow('chkA1', 'GET', url('A1b'));
        },
      },
    },
    'PUT /api/target-letters/:id/items': {
      access: cycleWrite,
      sample: async () => ({ method: 'PUT', url: url('A1b', '/items'), body: { items } }),
      sampleStatus: 200,
      cases: writeCases('PUT', '/items', { items }),
    },
    'POST /api/target-letters/:id/issue': {
      access: cycleWrite,
      sample: async () => ({ method: 'POST', url: url('A1b', '/issue') }),
      undo: draftAgain,
      sampleStatus: 200,
      cases: writeCases('POST', '/issue'),
    },
    'POST /api/target-letters/:id/acknowledge': {
      access: { permission: 'targetLetter.acknowledge' },
      reason:
        'signed only by the secretary of the letter’s own org, whom no organizer is: checked for every user',
      check: async () => {
        await t.database.db.execute(
          sql`update target_letters set status = 'issued', issued_on = '2026-01-05'`,
        );
        const ack = (who: Who, key: keyof typeof letter) => call(who, 'POST', url(key, '/acknowledge'));
        for (const who of ['orgA', 'orgA1', 'chkA1', 'viewA1', 'orgB'] as Who[])
          await deny(who, 'POST', url('A1b', '/acknowledge'), undefined, 403, 'FORBIDDEN');
        for (const [who, key] of [
          ['secA1', 'A1b'],
          ['secA1b', 'A1'],
          ['secA1b', 'A2b'],
        ] as [Who, keyof typeof letter][])
          await deny(who, 'POST', url(key, '/acknowledge'), undefined, 404, 'NOT_FOUND');
        expectApiError(await ack('admin', 'A1b'), 403, 'TARGET_LETTER_NOT_OWN');
        expect((await ack('secA1b', 'A1b')).statusCode).toBe(200);
        expect((await ack('secA1', 'A1')).statusCode).toBe(200);
        await draftAgain();
      },
    },
  },
  {
    setUp: async () => {
      const branches = { depth: 'subtree', levels: ['branch'], domains: [], include: [], exclude: [] };
      const run: Record<keyof typeof c, OrgKey> = { A: 'A', A1: 'A1', A2: 'A2' };
      for (const key of Object.keys(run) as (keyof typeof c)[]) {
        const body = { orgId: o[run[key]].id, kind: 'annual', year: 2026, schemes: { template: true } };
        c[key] = (await allow('admin', 'POST', '/api/cycles', body, 201)).json().id;
        if (key !== 'A') await allow('admin', 'PUT', `/api/cycles/${c[key]}/reporting-set`, branches);
        await allow('admin', 'POST', '/api/target-letters', { cycleId: c[key] }, 201);
      }
      const idOf = async (key: keyof typeof c, org: OrgKey) =>
        (await allow('admin', 'GET', `/api/target-letters?cycleId=${c[key]}`))
          .json()
          .items.find((i: { orgId: number }) => i.orgId === o[org].id).letter.id as number;
      letter.A1b = await idOf('A1', 'A1b');
      letter.A2b = await idOf('A2', 'A2b');
      letter.A1 = await idOf('A', 'A1');
    },
  },
);
