import { sql } from 'drizzle-orm';
import { expect, vi } from 'vitest';
import type { RouteAccess } from '../../src/server/http/route-config.js';
import {
  type Entry,
  type Who,
  allow,
  call,
  deny,
  o,
  orgRead,
  scopeMatrix,
  t,
} from './support/scope-matrix.js';
import { expectApiError } from './support/fixtures.js';

vi.mock('fastify', async (importOriginal) =>
  (await import('./support/routes.js')).collectRoutes(await importOriginal()),
);

/*
 * 日常考核 of the town A1's cycle (its branches A1b and A1x report) and of A2's (A2b): a sheet is
 * read by whoever reaches the org (a secretary their own only), the cycle by whoever sees it; a
 * score is entered by a secretary on their own org, a checker or organizer in their subtree.
 */
const c = {} as Record<'A' | 'A1' | 'A2', number>;
const scoreAccess: RouteAccess = { permission: 'routine.score' };
const sheet = (cycle: 'A1' | 'A2', org: 'A1b' | 'A1x' | 'A2b') =>
  `/api/routine-scores/${c[cycle]}/orgs/${o[org].id}`;
const scoreUrl = (org: 'A1b' | 'A1x' = 'A1b') => `${sheet('A1', org)}/indicators/b-vanguard/score`;
const deductionsUrl = (org: 'A1b' | 'A1x' = 'A1b') => `${sheet('A1', org)}/indicators/b-vanguard/deductions`;
const vetoUrl = (org: 'A1b' | 'A1x' = 'A1b') => `${sheet('A1', org)}/indicators/b-violation/veto`;
const veto = { applies: true, reason: '受党纪处分' };
const evidenceUrl = (org: 'A1b' | 'A1x' = 'A1b') => `${sheet('A1', org)}/indicators/b-vanguard/evidence`;
const evidence = { fileIds: [], ledgerRecordIds: [], note: '先锋岗已挂牌' };
const undoEntries = async () => {
  await t.database.db.execute(sql`delete from indicator_scores`);
  await t.database.db.execute(sql`delete from discretionary_deductions`);
  await t.database.db.execute(sql`delete from veto_decisions`);
  await t.database.db.execute(sql`delete from indicator_evidence`);
};

/** Who reads the sheets of A1b and A2b. */
const sheetReaders: Record<Who, ('A1b' | 'A2b')[]> = {
  admin: ['A1b', 'A2b'],
  orgA: ['A1b', 'A2b'],
  orgA1: ['A1b'],
  secA1: [],
  secA1b: ['A1b'],
  chkA1: ['A1b'],
  viewA1: ['A1b'],
  orgB: [],
};

const sheetCases = (suffix: string) => ({
  'an org outside the reader’s scope': async () => {
    for (const [who, orgs] of Object.entries(sheetReaders) as [Who, ('A1b' | 'A2b')[]][])
      for (const org of ['A1b', 'A2b'] as const) {
        const url = `${sheet(org === 'A1b' ? 'A1' : 'A2', org)}${suffix}`;
        if (orgs.includes(org)) await allow(who, 'GET', url);
        else await deny(who, 'GET', url, undefined, 404, 'NOT_FOUND');
      }
  },
});

const writeCases = (url: (org: 'A1b' | 'A1x') => string, body: unknown) => ({
  'an org outside the scorer’s scope': async () => {
    await deny('secA1', 'PUT', url('A1b'), body, 404, 'NOT_FOUND');
    await deny('orgB', 'PUT', url('A1b'), body, 404, 'NOT_FOUND');
    await deny('secA1b', 'PUT', url('A1x'), body, 404, 'NOT_FOUND');
    await allow('secA1b', 'PUT', url('A1b'), body);
    await allow('chkA1', 'PUT', url('A1x'), body);
    await allow('orgA', 'PUT', url('A1x'), body);
    await undoEntries();
  },
});

const entries: Record<string, Entry> = {
  'GET /api/routine-scores/:cycleId': {
    access: orgRead,
    sample: async () => ({ method: 'GET', url: `/api/routine-scores/${c.A1}` }),
    sampleStatus: 200,
    cases: {
      'a cycle the reader does not see, or an org under it outside their scope': async () => {
        await deny('orgB', 'GET', `/api/routine-scores/${c.A1}`, undefined, 404, 'NOT_FOUND');
        await deny('orgA1', 'GET', `/api/routine-scores/${c.A2}`, undefined, 404, 'NOT_FOUND');
        await deny(
          'orgA1',
          'GET',
          `/api/routine-scores/${c.A}?orgId=${o.A2.id}`,
          undefined,
          404,
          'NOT_FOUND',
        );
        const own = (await allow('secA1b', 'GET', `/api/routine-scores/${c.A1}`)).json();
        expect(own.items.map((i: { org: { id: number } }) => i.org.id)).toEqual([o.A1b.id]);
        const county = (await allow('orgA1', 'GET', `/api/routine-scores/${c.A}`)).json();
        expect(county.items.map((i: { org: { id: number } }) => i.org.id)).toEqual([o.A1.id]);
      },
    },
  },
  'POST /api/routine-scores/:cycleId/recompute': {
    access: { permission: 'cycle.write' },
    sample: async () => ({ method: 'POST', url: `/api/routine-scores/${c.A1}/recompute` }),
    sampleStatus: 202,
    cases: {
      'a cycle run outside or above the organizer': async () => {
        await deny('orgB', 'POST', `/api/routine-scores/${c.A1}/recompute`, undefined, 404, 'NOT_FOUND');
        await deny('orgA1', 'POST', `/api/routine-scores/${c.A}/recompute`, undefined, 403, 'CYCLE_NOT_OWN');
        await allow('orgA', 'POST', `/api/routine-scores/${c.A1}/recompute`, undefined, 202);
      },
    },
  },
  'GET /api/routine-scores/:cycleId/orgs/:orgId': {
    access: orgRead,
    sample: async () => ({ method: 'GET', url: sheet('A1', 'A1b') }),
    sampleStatus: 200,
    cases: sheetCases(''),
  },
  'GET /api/routine-scores/:cycleId/orgs/:orgId/export': {
    access: orgRead,
    sample: async () => ({ method: 'GET', url: `${sheet('A1', 'A1b')}/export` }),
    sampleStatus: 200,
    cases: sheetCases('/export'),
  },
  'PUT /api/routine-scores/:cycleId/orgs/:orgId/indicators/:key/score': {
    access: scoreAccess,
    sample: async () => ({ method: 'PUT', url: scoreUrl(), body: { points: 1 } }),
    undo: undoEntries,
    sampleStatus: 200,
    cases: {
      ...writeCases(scoreUrl, { points: 1 }),
      'the scorer’s own org, as a checker': async () => {
        const res = await call(
          'chkA1',
          'PUT',
          `/api/routine-scores/${c.A}/orgs/${o.A1.id}/indicators/c-brand/score`,
          {
            points: 1,
          },
        );
        expectApiError(res, 403, 'SCORE_NOT_ALLOWED');
      },
    },
  },
  'PUT /api/routine-scores/:cycleId/orgs/:orgId/indicators/:key/deductions': {
    access: scoreAccess,
    sample: async () => ({
      method: 'PUT',
      url: deductionsUrl(),
      body: { deductions: [{ points: 1, reason: '未挂牌' }] },
    }),
    undo: undoEntries,
    sampleStatus: 200,
    cases: writeCases(deductionsUrl, { deductions: [{ points: 1, reason: '未挂牌' }] }),
  },
  'PUT /api/routine-scores/:cycleId/orgs/:orgId/indicators/:key/veto': {
    access: scoreAccess,
    sample: async () => ({ method: 'PUT', url: vetoUrl(), body: veto }),
    undo: undoEntries,
    sampleStatus: 200,
    cases: {
      'an org outside the checker’s scope, or the secretary’s own org': async () => {
        await deny('secA1', 'PUT', vetoUrl('A1b'), veto, 404, 'NOT_FOUND');
        await deny('orgB', 'PUT', vetoUrl('A1b'), veto, 404, 'NOT_FOUND');
        // A secretary never decides a veto on their own org.
        await deny('secA1b', 'PUT', vetoUrl('A1b'), veto, 403, 'VETO_NOT_ALLOWED');
        await allow('chkA1', 'PUT', vetoUrl('A1x'), veto);
        await allow('orgA', 'PUT', vetoUrl('A1x'), veto);
        await undoEntries();
      },
    },
  },
  'PUT /api/routine-scores/:cycleId/orgs/:orgId/indicators/:key/evidence': {
    access: scoreAccess,
    sample: async () => ({ method: 'PUT', url: evidenceUrl(), body: evidence }),
    undo: undoEntries,
    sampleStatus: 200,
    cases: {
      ...writeCases(evidenceUrl, evidence),
      'the scorer’s own org, as a checker': async () => {
        const res = await call(
          'chkA1',
          'PUT',
          `/api/routine-scores/${c.A}/orgs/${o.A1.id}/indicators/c-brand/evidence`,
          evidence,
        );
        expectApiError(res, 403, 'SCORE_NOT_ALLOWED');
      },
    },
  },
};

scopeMatrix('routineScores', entries, {
  setUp: async () => {
    for (const org of ['A1b', 'A1x', 'A2b'] as const)
      await allow('admin', 'PATCH', `/api/orgs/${o[org].id}`, { domain: 'village' });
    for (const key of ['A', 'A1', 'A2'] as const) {
      const body = { orgId: o[key].id, kind: 'annual', year: 2026, schemes: { template: true } };
      c[key] = (await allow('admin', 'POST', '/api/cycles', body, 201)).json().id;
    }
    await t.app.routineScores.settled();
  },
});
