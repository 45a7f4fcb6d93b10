import { expect, vi } from 'vitest';
import { queryRows } from '../../src/db/query-rows.js';
import { sql } from 'drizzle-orm';
import {
  type OrgKey,
  type Who,
  allow,
  deny,
  ids,
  o,
  t,
  u,
  unique,
  scopeMatrix,
} from './support/scope-matrix.js';

vi.mock('fastify', async (importOriginal) =>
  (await import('./support/routes.js')).collectRoutes(await importOriginal()),
);

// The users module's routes; the fixture and the tests are in support/scope-matrix.ts.
scopeMatrix('users', {
  'GET /api/users': {
    access: { permission: 'user.read' },
    sample: async () => ({ method: 'GET', url: `/api/users?orgId=${o.A1.id}` }),
    sampleStatus: 200,
    cases: {
      'filtered by an org outside the scope': async () => {
        const attempts: [Who, OrgKey][] = [
          ['orgB', 'A1'],
          ['orgB', 'A'],
          ['orgA1', 'A2'],
          ['orgA1', 'A'],
          ['orgA1', 'B'],
          ['orgA', 'B1'],
        ];
        for (const [who, key] of attempts)
          await deny(who, 'GET', `/api/users?orgId=${o[key].id}`, undefined, 404, 'NOT_FOUND');
        const inA2 = await allow('admin', 'GET', `/api/users?orgId=${o.A2.id}`);
        expect(ids(inA2)).toContain(u.viewA2);
        expect(ids(await allow('orgA', 'GET', `/api/users?orgId=${o.A2.id}`))).toContain(u.viewA2);
      },
      'lists hold only users inside the scope': async () => {
        const expectations: [Who, OrgKey | null][] = [
          ['orgA1', 'A1'],
          ['orgA', 'A'],
          ['orgB', 'B'],
          ['admin', null],
        ];
        for (const [who, root] of expectations) {
          const rows = await queryRows<{ id: number }>(
            t.database.db,
            root === null
              ? sql`select id from users order by id`
              : sql`select u.id from users u join orgs o on o.id = u.org_id
                    where o.path <@ (select path from orgs where id = ${o[root].id}) order by u.id`,
          );
          const res = await allow(who, 'GET', '/api/users?pageSize=200');
          expect(ids(res), who).toEqual(rows.map((r) => r.id));
          expect(res.json().total).toBe(rows.length);
        }
        const admins = await allow('orgA1', 'GET', '/api/users?q=admin&pageSize=200');
        expect(ids(admins)).not.toContain(u.admin);
      },
    },
  },

  'GET /api/users/:id': {
    access: { permission: 'user.read' },
    sample: async () => ({ method: 'GET', url: `/api/users/${u.dummyA1}` }),
    sampleStatus: 200,
    cases: {
      'a user outside the scope': async () => {
        const attempts: [Who, 'viewA2' | 'dummyA1' | 'admin'][] = [
          ['orgB', 'viewA2'],
          ['orgB', 'dummyA1'],
          ['orgA1', 'viewA2'],
          ['orgA1', 'admin'],
        ];
        for (const [who, target] of attempts)
          await deny(who, 'GET', `/api/users/${u[target]}`, undefined, 404, 'NOT_FOUND');
        expect((await allow('orgA', 'GET', `/api/users/${u.viewA2}`)).json()).toMatchObject({
          id: u.viewA2,
          username: 'viewa2',
          orgId: o.A2.id,
        });
        expect((await allow('admin', 'GET', `/api/users/${u.admin}`)).json().id).toBe(u.admin);
      },
    },
  },

  'POST /api/users': {
    access: { permission: 'user.write' },
    sample: async () => ({
      method: 'POST',
      url: '/api/users',
      body: { username: unique('sample'), displayName: '样例', role: 'viewer', orgId: o.A1b.id },
    }),
    sampleStatus: 201,
    cases: {
      'a user in an org outside the scope': async () => {
        const attempts: [Who, OrgKey, Who][] = [
          ['orgB', 'A1', 'orgA1'],
          ['orgA1', 'A2', 'orgA'],
          ['orgA1', 'A', 'orgA'],
          ['orgA1', 'B1', 'orgB'],
        ];
        for (const [who, key, control] of attempts) {
          const body = {
            username: unique('intruder'),
            displayName: '越权',
            role: 'viewer',
            orgId: o[key].id,
          };
          await deny(who, 'POST', '/api/users', body, 404, 'NOT_FOUND');
          await allow(control, 'POST', '/api/users', body, 201);
        }
      },
      'an organizer granting admin': async () => {
        for (const orgId of [null, o.A1.id]) {
          const body = { username: unique('newadmin'), displayName: '管理员', role: 'admin', orgId };
          await deny('orgA1', 'POST', '/api/users', body, 403, 'FORBIDDEN');
          await deny('orgA', 'POST', '/api/users', body, 403, 'FORBIDDEN');
          await allow('admin', 'POST', '/api/users', body, 201);
        }
      },
    },
  },

  'PATCH /api/users/:id': {
    access: { permission: 'user.write' },
    sample: async () => ({
      method: 'PATCH',
      url: `/api/users/${u.dummyA1}`,
      body: { displayName: '样例用户' },
    }),
    sampleStatus: 200,
    cases: {
      'a user outside the scope': async () => {
        const attempts: [Who, 'viewA2' | 'dummyA1' | 'admin' | 'orgA' | 'secA1b', Who][] = [
          ['orgB', 'secA1b', 'orgA1'],
          ['orgB', 'dummyA1', 'orgA1'],
          ['orgA1', 'viewA2', 'orgA'],
          ['orgA1', 'orgA', 'admin'],
          ['orgA1', 'admin', 'admin'],
          ['orgA', 'admin', 'admin'],
        ];
        for (const [who, target, control] of attempts) {
          const url = `/api/users/${u[target]}`;
          for (const body of [{ displayName: '越权' }, { disabled: true }, { role: 'viewer' }])
            await deny(who, 'PATCH', url, body, 404, 'NOT_FOUND');
          if (control !== 'admin' || target !== 'admin')
            await allow(control, 'PATCH', url, { displayName: `用户${target}` });
        }
      },
      'moving a user to an org outside the scope': async () => {
        for (const key of ['A2', 'A', 'B'] as OrgKey[])
          await deny('orgA1', 'PATCH', `/api/users/${u.dummyA1}`, { orgId: o[key].id }, 404, 'NOT_FOUND');
        await allow('orgA', 'PATCH', `/api/users/${u.dummyA1}`, { orgId: o.A2.id });
        await allow('orgA', 'PATCH', `/api/users/${u.dummyA1}`, { orgId: o.A1.id });
      },
      'an organizer granting admin': async () => {
        await deny('orgA1', 'PATCH', `/api/users/${u.dummyA1}`, { role: 'admin' }, 403, 'FORBIDDEN');
        await deny(
          'orgA1',
          'PATCH',
          `/api/users/${u.dummyA1}`,
          { role: 'admin', orgId: null },
          403,
          'FORBIDDEN',
        );
        await allow('admin', 'PATCH', `/api/users/${u.dummyA1}`, { role: 'admin' });
        await allow('admin', 'PATCH', `/api/users/${u.dummyA1}`, { role: 'viewer' });
      },
      'an organizer changing an admin account bound to their org': async () => {
        for (const body of [
          { role: 'viewer' },
          { role: 'organizer' },
          { disabled: true },
          { displayName: '改名' },
          { orgId: o.A1b.id },
        ])
          await deny('orgA1', 'PATCH', `/api/users/${u.adminA1}`, body, 403, 'FORBIDDEN');
        await allow('admin', 'PATCH', `/api/users/${u.adminA1}`, { displayName: '县管理员' });
      },
      'changing one’s own role, org or status': async () => {
        for (const body of [
          { role: 'viewer' },
          { role: 'admin' },
          { orgId: o.A.id },
          { orgId: o.A1b.id },
          { disabled: true },
        ])
          await deny('orgA1', 'PATCH', `/api/users/${u.orgA1}`, body, 403, 'SELF_CHANGE_FORBIDDEN');
        await allow('orgA1', 'PATCH', `/api/users/${u.orgA1}`, { displayName: '城关镇组织委员' });
      },
    },
  },

  'POST /api/users/:id/reset-password': {
    access: { permission: 'user.write' },
    sample: async () => ({ method: 'POST', url: `/api/users/${u.dummyA1}/reset-password` }),
    sampleStatus: 200,
    cases: {
      'a user outside the scope': async () => {
        const attempts: [Who, 'viewA2' | 'dummyA1' | 'admin' | 'orgA' | 'secA1b'][] = [
          ['orgB', 'dummyA1'],
          ['orgB', 'secA1b'],
          ['orgA1', 'viewA2'],
          ['orgA1', 'orgA'],
          ['orgA1', 'admin'],
          ['orgA', 'admin'],
        ];
        for (const [who, target] of attempts)
          await deny(who, 'POST', `/api/users/${u[target]}/reset-password`, undefined, 404, 'NOT_FOUND');
        await allow('admin', 'POST', `/api/users/${u.viewA2}/reset-password`);
        await allow('orgA1', 'POST', `/api/users/${u.dummyA1}/reset-password`);
      },
      'an admin account bound to the org, and oneself': async () => {
        await deny('orgA1', 'POST', `/api/users/${u.adminA1}/reset-password`, undefined, 403, 'FORBIDDEN');
        await deny(
          'orgA1',
          'POST',
          `/api/users/${u.orgA1}/reset-password`,
          undefined,
          400,
          'SELF_RESET_FORBIDDEN',
        );
        await allow('admin', 'POST', `/api/users/${u.adminA1}/reset-password`);
      },
    },
  },

  'POST /api/users/:id/unlock-login': {
    access: { permission: 'user.write' },
    sample: async () => ({ method: 'POST', url: `/api/users/${u.dummyA1}/unlock-login` }),
    sampleStatus: 204,
    cases: {
      'a user outside the scope': async () => {
        const attempts: [Who, 'viewA2' | 'dummyA1' | 'admin' | 'orgA' | 'secA1b'][] = [
          ['orgB', 'dummyA1'],
          ['orgA1', 'viewA2'],
          ['orgA1', 'orgA'],
          ['orgA1', 'admin'],
        ];
        for (const [who, target] of attempts)
          await deny(who, 'POST', `/api/users/${u[target]}/unlock-login`, undefined, 404, 'NOT_FOUND');
        await allow('orgA', 'POST', `/api/users/${u.viewA2}/unlock-login`, undefined, 204);
      },
      'an admin account bound to the org': async () => {
        await deny('orgA1', 'POST', `/api/users/${u.adminA1}/unlock-login`, undefined, 403, 'FORBIDDEN');
        await allow('admin', 'POST', `/api/users/${u.adminA1}/unlock-login`, undefined, 204);
      },
    },
  },
});
