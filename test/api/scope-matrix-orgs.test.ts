import { expect, vi } from 'vitest';
import { queryRows } from '../../src/db/query-rows.js';
import { createOrg, expectApiError, expectNoChange, expectStatus, signedInUser } from './support/fixtures.js';
import { sql } from 'drizzle-orm';
import {
  type OrgKey,
  type Who,
  allow,
  call,
  deny,
  ids,
  o,
  orgIdsWithin,
  orgRead,
  orgWrite,
  orgRecordEntries,
  t,
  unique,
  scopeMatrix,
} from './support/scope-matrix.js';

vi.mock('fastify', async (importOriginal) =>
  (await import('./support/routes.js')).collectRoutes(await importOriginal()),
);

// The orgs module's routes; the fixture and the tests are in support/scope-matrix.ts.
scopeMatrix('orgs', {
  'GET /api/orgs': {
    access: orgRead,
    sample: async () => ({ method: 'GET', url: `/api/orgs?parentId=${o.A1.id}` }),
    sampleStatus: 200,
    cases: {
      'roots are the own org of every non-admin': async () => {
        const expected: Record<Who, OrgKey[]> = {
          admin: ['A', 'B'],
          orgA: ['A'],
          orgA1: ['A1'],
          secA1: ['A1'],
          secA1b: ['A1b'],
          chkA1: ['A1'],
          viewA1: ['A1'],
          orgB: ['B'],
        };
        for (const who of Object.keys(expected) as Who[]) {
          const res = await allow(who, 'GET', '/api/orgs');
          expect(ids(res), who).toEqual(expected[who].map((k) => o[k].id).sort((a, b) => a - b));
        }
      },
      'a secretary sees no children, even of an org that has some': async () => {
        const roots = await allow('secA1', 'GET', '/api/orgs');
        expect(roots.json().items).toEqual([expect.objectContaining({ id: o.A1.id, childCount: 0 })]);
        expect((await allow('secA1', 'GET', `/api/orgs?parentId=${o.A1.id}`)).json().items).toEqual([]);
        expect((await allow('secA1b', 'GET', `/api/orgs?parentId=${o.A1b.id}`)).json().items).toEqual([]);
        // The same org seen by a checker bound to it: the children are there.
        const checker = await allow('chkA1', 'GET', '/api/orgs');
        expect(checker.json().items[0].childCount).toBeGreaterThan(0);
        const children = await queryRows<{ id: number }>(
          t.database.db,
          sql`select id from orgs where parent_id = ${o.A1.id} order by id`,
        );
        expect(ids(await allow('chkA1', 'GET', `/api/orgs?parentId=${o.A1.id}`))).toEqual(
          children.map((r) => r.id),
        );
      },
      'children of a parent outside the scope': async () => {
        await deny('orgB', 'GET', `/api/orgs?parentId=${o.A1.id}`, undefined, 404, 'NOT_FOUND');
        await deny('orgA1', 'GET', `/api/orgs?parentId=${o.A2.id}`, undefined, 404, 'NOT_FOUND');
        await deny('orgA1', 'GET', `/api/orgs?parentId=${o.A.id}`, undefined, 404, 'NOT_FOUND');
        await deny('secA1b', 'GET', `/api/orgs?parentId=${o.A1.id}`, undefined, 404, 'NOT_FOUND');
        await deny('secA1', 'GET', `/api/orgs?parentId=${o.A1g.id}`, undefined, 404, 'NOT_FOUND');
        await deny('viewA1', 'GET', `/api/orgs?parentId=${o.B.id}`, undefined, 404, 'NOT_FOUND');
        expect(ids(await allow('admin', 'GET', `/api/orgs?parentId=${o.A2.id}`))).toContain(o.A2b.id);
        expect(ids(await allow('orgA', 'GET', `/api/orgs?parentId=${o.A1.id}`))).toContain(o.A1b.id);
        expect(ids(await allow('orgB', 'GET', `/api/orgs?parentId=${o.B.id}`))).toEqual([o.B1.id]);
      },
    },
  },

  'GET /api/orgs/search': {
    access: orgRead,
    sample: async () => ({ method: 'GET', url: `/api/orgs/search?q=${encodeURIComponent('党')}` }),
    sampleStatus: 200,
    cases: {
      'finds only orgs in scope, with path names cut at the scope root': async () => {
        const all = await orgIdsWithin('A');
        const expected: Record<Who, number[]> = {
          admin: [...all, ...(await orgIdsWithin('B'))],
          orgA: all,
          orgA1: await orgIdsWithin('A1'),
          secA1: [o.A1.id],
          secA1b: [o.A1b.id],
          chkA1: await orgIdsWithin('A1'),
          viewA1: await orgIdsWithin('A1'),
          orgB: await orgIdsWithin('B'),
        };
        for (const who of Object.keys(expected) as Who[]) {
          const res = await allow(who, 'GET', `/api/orgs/search?q=${encodeURIComponent('党')}`);
          expect(ids(res), who).toEqual([...expected[who]].sort((a, b) => a - b));
        }
        const own = await allow('orgA1', 'GET', `/api/orgs/search?q=${encodeURIComponent('第一党支部')}`);
        expect(own.json().items).toEqual([
          expect.objectContaining({ id: o.A1b.id, pathNames: ['城关镇党委', '城关镇第一党支部'] }),
        ]);
        const secretary = await allow('secA1b', 'GET', `/api/orgs/search?q=${encodeURIComponent('党')}`);
        expect(secretary.json().items).toEqual([
          expect.objectContaining({ id: o.A1b.id, pathNames: ['城关镇第一党支部'] }),
        ]);
      },
      'the name of an org outside the scope finds nothing': async () => {
        for (const [who, q] of [
          ['orgA1', '河口镇'],
          ['orgA1', '甲县'],
          ['orgB', '城关镇'],
          ['secA1b', '城关镇党委'],
          ['secA1', '第一党支部'],
        ] as [Who, string][]) {
          const res = await expectNoChange(t, () =>
            call(who, 'GET', `/api/orgs/search?q=${encodeURIComponent(q)}`),
          );
          expect(expectStatus(res, 200).json().items, `${who} ${q}`).toEqual([]);
        }
        expect(
          (await allow('admin', 'GET', `/api/orgs/search?q=${encodeURIComponent('河口镇')}`)).json().items,
        ).not.toEqual([]);
      },
    },
  },

  'GET /api/orgs/:id': {
    access: orgRead,
    sample: async () => ({ method: 'GET', url: `/api/orgs/${o.A1.id}` }),
    sampleStatus: 200,
    cases: {
      'an org outside the scope': async () => {
        const attempts: [Who, OrgKey][] = [
          ['orgB', 'A1'],
          ['orgB', 'A1b'],
          ['orgA1', 'A2'],
          ['orgA1', 'A2b'],
          ['orgA1', 'A'],
          ['orgA1', 'B'],
          ['secA1b', 'A1'],
          ['secA1', 'A1b'],
          ['chkA1', 'A2'],
          ['viewA1', 'A'],
        ];
        for (const [who, key] of attempts)
          await deny(who, 'GET', `/api/orgs/${o[key].id}`, undefined, 404, 'NOT_FOUND');
        await allow('admin', 'GET', `/api/orgs/${o.A2.id}`);
        await allow('orgA', 'GET', `/api/orgs/${o.A2b.id}`);
      },
      'ancestors stop at the scope root': async () => {
        const own = await allow('orgA1', 'GET', `/api/orgs/${o.A1b.id}`);
        expect(own.json().ancestors).toEqual([{ id: o.A1.id, name: o.A1.name }]);
        const secretary = await allow('secA1b', 'GET', `/api/orgs/${o.A1b.id}`);
        expect(secretary.json().ancestors).toEqual([]);
        const admin = await allow('admin', 'GET', `/api/orgs/${o.A1b.id}`);
        expect(admin.json().ancestors).toEqual([
          { id: o.A.id, name: o.A.name },
          { id: o.A1.id, name: o.A1.name },
        ]);
      },
    },
  },

  'POST /api/orgs': {
    access: orgWrite,
    sample: async () => ({
      method: 'POST',
      url: '/api/orgs',
      body: { parentId: o.A1g.id, name: unique('样例党支部'), level: 'branch' },
    }),
    sampleStatus: 201,
    cases: {
      'a child under a parent outside the scope': async () => {
        const attempts: [Who, OrgKey][] = [
          ['orgB', 'A1'],
          ['orgA1', 'A2'],
          ['orgA1', 'A'],
          ['orgA1', 'B'],
        ];
        for (const [who, parent] of attempts) {
          const body = { parentId: o[parent].id, name: unique('越权党支部'), level: 'branch' };
          await deny(who, 'POST', '/api/orgs', body, 404, 'NOT_FOUND');
          // The same call from someone whose scope holds the parent goes through.
          const made = await allow(parent.startsWith('B') ? 'orgB' : 'admin', 'POST', '/api/orgs', body, 201);
          await allow('admin', 'DELETE', `/api/orgs/${made.json().id}`, undefined, 204);
        }
      },
      'a top-level org, by anyone but an admin': async () => {
        const body = { parentId: null, name: '丙县党委', level: 'county' };
        for (const who of ['orgA', 'orgA1', 'orgB'] as Who[])
          await deny(who, 'POST', '/api/orgs', body, 403, 'FORBIDDEN');
        const made = await allow('admin', 'POST', '/api/orgs', body, 201);
        await allow('admin', 'DELETE', `/api/orgs/${made.json().id}`, undefined, 204);
      },
    },
  },

  'PATCH /api/orgs/:id': {
    access: orgWrite,
    sample: async () => ({ method: 'PATCH', url: `/api/orgs/${o.A1x.id}`, body: { sortOrder: 3 } }),
    sampleStatus: 200,
    cases: {
      'an org outside the scope': async () => {
        const attempts: [Who, OrgKey][] = [
          ['orgB', 'A1'],
          ['orgB', 'A1b'],
          ['orgA1', 'A2'],
          ['orgA1', 'A2b'],
          ['orgA1', 'A'],
          ['orgA', 'B1'],
        ];
        for (const [who, key] of attempts) {
          for (const body of [{ sortOrder: 9 }, { name: unique('改名') }, { level: 'branch' }])
            await deny(who, 'PATCH', `/api/orgs/${o[key].id}`, body, 404, 'NOT_FOUND');
        }
        await allow('admin', 'PATCH', `/api/orgs/${o.A2.id}`, { sortOrder: 9 });
        await allow('orgA', 'PATCH', `/api/orgs/${o.A2b.id}`, { sortOrder: 9 });
      },
      'the own scope root may be edited': async () => {
        await allow('orgA1', 'PATCH', `/api/orgs/${o.A1.id}`, { sortOrder: 2 });
        await allow('orgB', 'PATCH', `/api/orgs/${o.B.id}`, { sortOrder: 2 });
      },
    },
  },

  'POST /api/orgs/:id/move': {
    access: orgWrite,
    sample: async () => ({
      method: 'POST',
      url: `/api/orgs/${o.A1x.id}/move`,
      body: { parentId: o.A1g.id },
    }),
    undo: async () => {
      await allow('admin', 'POST', `/api/orgs/${o.A1x.id}/move`, { parentId: o.A1.id });
    },
    sampleStatus: 200,
    cases: {
      'an org outside the scope': async () => {
        await deny('orgB', 'POST', `/api/orgs/${o.A1b.id}/move`, { parentId: o.B1.id }, 404, 'NOT_FOUND');
        await deny('orgA1', 'POST', `/api/orgs/${o.A2b.id}/move`, { parentId: o.A1.id }, 404, 'NOT_FOUND');
        await deny('orgA1', 'POST', `/api/orgs/${o.A2.id}/move`, { parentId: o.A1.id }, 404, 'NOT_FOUND');
        await allow('orgA', 'POST', `/api/orgs/${o.A2b.id}/move`, { parentId: o.A1.id });
        await allow('orgA', 'POST', `/api/orgs/${o.A2b.id}/move`, { parentId: o.A2.id });
      },
      'an org in scope under a parent outside it': async () => {
        for (const parent of ['A2', 'A', 'B1', 'B'] as OrgKey[])
          await deny(
            'orgA1',
            'POST',
            `/api/orgs/${o.A1x.id}/move`,
            { parentId: o[parent].id },
            404,
            'NOT_FOUND',
          );
        await deny('orgB', 'POST', `/api/orgs/${o.B1.id}/move`, { parentId: o.A.id }, 404, 'NOT_FOUND');
        await allow('orgA', 'POST', `/api/orgs/${o.A1x.id}/move`, { parentId: o.A2.id });
        await allow('orgA', 'POST', `/api/orgs/${o.A1x.id}/move`, { parentId: o.A1.id });
      },
      'the own scope root': async () => {
        for (const parent of ['A2', 'A', 'A1g'] as OrgKey[])
          await deny(
            'orgA1',
            'POST',
            `/api/orgs/${o.A1.id}/move`,
            { parentId: o[parent].id },
            403,
            'ORG_SCOPE_ROOT',
          );
        await deny('orgB', 'POST', `/api/orgs/${o.B.id}/move`, { parentId: o.A.id }, 403, 'ORG_SCOPE_ROOT');
        // One level up, A1 is an ordinary org.
        await allow('orgA', 'POST', `/api/orgs/${o.A1.id}/move`, { parentId: o.A2.id });
        await allow('orgA', 'POST', `/api/orgs/${o.A1.id}/move`, { parentId: o.A.id });
      },
    },
  },

  'DELETE /api/orgs/:id': {
    access: orgWrite,
    sample: async () => {
      const leaf = await createOrg(t, o.A1g.id, unique('待删党支部'), 'branch');
      return { method: 'DELETE', url: `/api/orgs/${leaf.id}` };
    },
    sampleStatus: 204,
    cases: {
      'an org outside the scope': async () => {
        await deny('orgB', 'DELETE', `/api/orgs/${o.tmpA1.id}`, undefined, 404, 'NOT_FOUND');
        await deny('orgA', 'DELETE', `/api/orgs/${o.B1.id}`, undefined, 404, 'NOT_FOUND');
        await deny('orgA1', 'DELETE', `/api/orgs/${o.tmpA2.id}`, undefined, 404, 'NOT_FOUND');
        await allow('orgA1', 'DELETE', `/api/orgs/${o.tmpA1.id}`, undefined, 204);
        await allow('admin', 'DELETE', `/api/orgs/${o.tmpA2.id}`, undefined, 204);
      },
      'the own scope root': async () => {
        await deny('orgA1', 'DELETE', `/api/orgs/${o.A1.id}`, undefined, 403, 'ORG_SCOPE_ROOT');
        await deny('orgB', 'DELETE', `/api/orgs/${o.B.id}`, undefined, 403, 'ORG_SCOPE_ROOT');
        // An organizer bound to an empty leaf cannot delete it either.
        const leaf = await createOrg(t, o.A2.id, '河口镇空党支部', 'branch');
        const leafOrganizer = await signedInUser(t, 'orgleaf', 'organizer', leaf.id);
        await expectNoChange(t, async () => {
          const res = await t.request(leafOrganizer, 'DELETE', `/api/orgs/${leaf.id}`);
          expectApiError(res, 403, 'ORG_SCOPE_ROOT');
        });
        // From above, the root is an ordinary org: the next rule (children) answers.
        expectApiError(await call('admin', 'DELETE', `/api/orgs/${o.A1.id}`), 409, 'ORG_HAS_CHILDREN');
        expectApiError(await call('orgA', 'DELETE', `/api/orgs/${leaf.id}`), 409, 'ORG_HAS_USERS');
      },
      'an org that records outside the scope name': async () => {
        const leaf = await createOrg(t, o.A1.id, unique('被结对党支部'), 'branch');
        const pairings = `/api/orgs/${o.B1.id}/pairings`;
        const held = await allow('admin', 'POST', pairings, { partnerOrgId: leaf.id }, 201);
        await deny('orgA1', 'DELETE', `/api/orgs/${leaf.id}`, undefined, 409, 'ORG_REFERENCED');
        const res = await call('orgA1', 'DELETE', `/api/orgs/${leaf.id}`);
        expect(res.json().details).toEqual({ references: [], outOfScope: 1 });
        expect(res.json().message).not.toContain(o.B1.name);
        await allow('admin', 'DELETE', `${pairings}/${held.json().id}`, undefined, 204);
        await allow('orgA1', 'DELETE', `/api/orgs/${leaf.id}`, undefined, 204);
      },
    },
  },

  'GET /api/orgs/terms': {
    access: orgRead,
    sample: async () => ({ method: 'GET', url: `/api/orgs/terms?orgId=${o.A1.id}` }),
    sampleStatus: 200,
    cases: {
      'lists only the scope, and refuses an org outside it': async () => {
        const expected: Record<Who, OrgKey[]> = {
          admin: ['A1b', 'A2b', 'B1'],
          orgA: ['A1b', 'A2b'],
          orgA1: ['A1b'],
          secA1: [],
          secA1b: ['A1b'],
          chkA1: ['A1b'],
          viewA1: ['A1b'],
          orgB: ['B1'],
        };
        for (const who of Object.keys(expected) as Who[])
          expect(ids(await allow(who, 'GET', '/api/orgs/terms')), who).toEqual(
            expected[who].map((k) => o[k].id).sort((a, b) => a - b),
          );
        for (const [who, key] of [
          ['orgB', 'A1'],
          ['orgA1', 'A2'],
          ['secA1b', 'A1'],
        ] as [Who, OrgKey][])
          await deny(who, 'GET', `/api/orgs/terms?orgId=${o[key].id}`, undefined, 404, 'NOT_FOUND');
      },
    },
  },
  ...orgRecordEntries(
    'weak-org-rectifications',
    { flaggedOn: '2025-01-01', reasons: '组织软弱' },
    { measures: '整顿' },
  ),
  ...orgRecordEntries('contact-points', { leaderName: '王县长' }, { leaderTitle: '副县长' }),
  ...orgRecordEntries('pairings', { partnerName: '县供电公司党支部' }, { content: '共建' }),
  ...orgRecordEntries(
    'non-public-entities',
    { name: '某某公司', kind: 'privateEnterprise' },
    { employees: 5 },
  ),
});
