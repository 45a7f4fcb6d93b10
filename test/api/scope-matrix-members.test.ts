import { expect, vi } from 'vitest';
import { expectApiError } from './support/fixtures.js';
import {
  type OrgKey,
  type Who,
  allow,
  call,
  deny,
  dropExtraMembers,
  dropExtraMobileRecords,
  ids,
  m,
  memberAttempts,
  memberBody,
  memberRead,
  memberWrite,
  membersInScope,
  mobile,
  mobileBody,
  o,
  resetTransfers,
  scopeMatrix,
} from './support/scope-matrix.js';

vi.mock('fastify', async (importOriginal) =>
  (await import('./support/routes.js')).collectRoutes(await importOriginal()),
);

// The members module's routes; the fixture and the tests are in support/scope-matrix.ts.
scopeMatrix('members', {
  'GET /api/members': {
    access: memberRead,
    sample: async () => ({ method: 'GET', url: `/api/members?orgId=${o.A1.id}` }),
    sampleStatus: 200,
    cases: {
      'lists only members in scope': async () => {
        const expected = membersInScope;
        for (const who of Object.keys(expected) as Who[]) {
          const res = await allow(who, 'GET', '/api/members?pageSize=200&includeLeft=true');
          const seen = ids(res).filter((id) => Object.values(m).includes(id));
          expect(seen, who).toEqual(expected[who].map((k) => m[k]).sort((a, b) => a - b));
        }
      },
      'filtered by an org outside the scope': async () => {
        for (const [who, key] of [
          ['orgB', 'A1'],
          ['orgA1', 'A2'],
          ['orgA1', 'A'],
          ['secA1', 'A1b'],
          ['secA1b', 'A1'],
        ] as [Who, OrgKey][])
          await deny(who, 'GET', `/api/members?orgId=${o[key].id}`, undefined, 404, 'NOT_FOUND');
        expect(ids(await allow('orgA', 'GET', `/api/members?orgId=${o.A2.id}`))).toEqual([m.A2b]);
      },
    },
  },
  'GET /api/members/roster': {
    access: memberRead,
    sample: async () => ({ method: 'GET', url: `/api/members/roster?orgId=${o.A1.id}` }),
    sampleStatus: 200,
    cases: {
      'lists only members in scope, titled with an org in scope': async () => {
        for (const who of Object.keys(membersInScope) as Who[]) {
          const res = await allow(who, 'GET', '/api/members/roster');
          const seen = ids(res).filter((id) => Object.values(m).includes(id));
          expect(seen, who).toEqual(membersInScope[who].map((k) => m[k]).sort((a, b) => a - b));
        }
      },
      'for an org outside the scope': async () => {
        for (const [who, key] of [
          ['orgB', 'A1'],
          ['orgA1', 'A2'],
          ['secA1', 'A1b'],
          ['secA1b', 'A1'],
        ] as [Who, OrgKey][])
          await deny(who, 'GET', `/api/members/roster?orgId=${o[key].id}`, undefined, 404, 'NOT_FOUND');
        expect(ids(await allow('orgA', 'GET', `/api/members/roster?orgId=${o.A2.id}`))).toEqual([m.A2b]);
      },
    },
  },
  'GET /api/members/:id': {
    access: memberRead,
    sample: async () => ({ method: 'GET', url: `/api/members/${m.A1b}` }),
    sampleStatus: 200,
    cases: {
      'a member outside the scope': async () => {
        for (const [who, key] of memberAttempts)
          await deny(who, 'GET', `/api/members/${m[key]}`, undefined, 404, 'NOT_FOUND');
        await allow('secA1b', 'GET', `/api/members/${m.A1b}`);
        await allow('orgA', 'GET', `/api/members/${m.A2b}`);
      },
    },
  },
  'POST /api/members': {
    access: memberWrite,
    sample: async () => ({ method: 'POST', url: '/api/members', body: memberBody(o.A1b.id) }),
    sampleStatus: 201,
    undo: dropExtraMembers,
    cases: {
      'into an org outside the scope': async () => {
        for (const [who, key] of [
          ['orgB', 'A1b'],
          ['orgA1', 'A2b'],
          ['secA1', 'A1b'],
          ['secA1b', 'A1'],
        ] as [Who, OrgKey][])
          await deny(who, 'POST', '/api/members', memberBody(o[key].id), 404, 'NOT_FOUND');
        await allow('secA1b', 'POST', '/api/members', memberBody(o.A1b.id), 201);
        await dropExtraMembers();
      },
      'with an ID number a member outside the scope holds': async () => {
        const number = '11010519491231002X';
        await allow('admin', 'PATCH', `/api/members/${m.A2b}`, { idCard: number });
        const withNumber = (key: OrgKey) => ({ ...memberBody(o[key].id), idCard: number });
        const res = await call('orgA1', 'POST', '/api/members', withNumber('A1b'));
        expectApiError(res, 409, 'MEMBER_ID_CARD_TAKEN_ELSEWHERE');
        expect(res.body).not.toContain(o.A2b.name);
        expectApiError(
          await call('orgA', 'POST', '/api/members', withNumber('A1b')),
          409,
          'MEMBER_ID_CARD_TAKEN',
        );
        await allow('admin', 'PATCH', `/api/members/${m.A2b}`, { idCard: null });
        await allow('orgA1', 'POST', '/api/members', withNumber('A1b'), 201);
        await dropExtraMembers();
      },
    },
  },
  'PATCH /api/members/:id': {
    access: memberWrite,
    sample: async () => ({ method: 'PATCH', url: `/api/members/${m.A1b}`, body: { occupation: '农民' } }),
    sampleStatus: 200,
    cases: {
      'a member outside the scope; a secretary edits own org’s members only': async () => {
        for (const [who, key] of memberAttempts)
          await deny(who, 'PATCH', `/api/members/${m[key]}`, { occupation: '越权' }, 404, 'NOT_FOUND');
        await allow('secA1b', 'PATCH', `/api/members/${m.A1b}`, { occupation: '教师' });
        await allow('secA1', 'PATCH', `/api/members/${m.A1}`, { occupation: '教师' });
      },
    },
  },
  'POST /api/members/:id/transfer': {
    access: memberWrite,
    sample: async () => ({
      method: 'POST',
      url: `/api/members/${m.A1t}/transfer`,
      body: { toOrgId: o.A1g.id, transferredOn: '2025-01-01' },
    }),
    sampleStatus: 200,
    undo: resetTransfers,
    cases: {
      'a member or a target org outside the scope': async () => {
        const to = (key: OrgKey) => ({ toOrgId: o[key].id, transferredOn: '2025-01-01' });
        for (const [who, key] of memberAttempts)
          await deny(who, 'POST', `/api/members/${m[key]}/transfer`, to('A1g'), 404, 'NOT_FOUND');
        for (const [who, key] of [
          ['orgA1', 'A2b'],
          ['orgA1', 'B1'],
          ['secA1b', 'A1g'],
          ['orgA', 'B1'],
        ] as [Who, OrgKey][])
          await deny(who, 'POST', `/api/members/${m.A1t}/transfer`, to(key), 404, 'NOT_FOUND');
        await allow('orgA', 'POST', `/api/members/${m.A1t}/transfer`, to('A2b'));
        await resetTransfers();
      },
    },
  },
  'GET /api/members/:id/transfers': {
    access: memberRead,
    sample: async () => ({ method: 'GET', url: `/api/members/${m.A1b}/transfers` }),
    sampleStatus: 200,
    cases: {
      'a member outside the scope': async () => {
        for (const [who, key] of memberAttempts)
          await deny(who, 'GET', `/api/members/${m[key]}/transfers`, undefined, 404, 'NOT_FOUND');
        await allow('secA1b', 'GET', `/api/members/${m.A1b}/transfers`);
      },
    },
  },
  'GET /api/members/:id/mobile-records': {
    access: memberRead,
    sample: async () => ({ method: 'GET', url: `/api/members/${m.A1b}/mobile-records` }),
    sampleStatus: 200,
    cases: {
      'a member outside the scope': async () => {
        for (const [who, key] of memberAttempts)
          await deny(who, 'GET', `/api/members/${m[key]}/mobile-records`, undefined, 404, 'NOT_FOUND');
        const res = await allow('secA1b', 'GET', `/api/members/${m.A1b}/mobile-records`);
        expect(ids(res)).toEqual([mobile.A1b]);
      },
    },
  },
  'POST /api/members/:id/mobile-records': {
    access: memberWrite,
    sample: async () => ({ method: 'POST', url: `/api/members/${m.A1b}/mobile-records`, body: mobileBody }),
    sampleStatus: 201,
    undo: dropExtraMobileRecords,
    cases: {
      'a member outside the scope': async () => {
        for (const [who, key] of memberAttempts)
          await deny(who, 'POST', `/api/members/${m[key]}/mobile-records`, mobileBody, 404, 'NOT_FOUND');
        await allow('secA1b', 'POST', `/api/members/${m.A1b}/mobile-records`, mobileBody, 201);
        await dropExtraMobileRecords();
      },
    },
  },
  'PATCH /api/mobile-records/:id': {
    access: memberWrite,
    sample: async () => ({
      method: 'PATCH',
      url: `/api/mobile-records/${mobile.A1b}`,
      body: { place: '成都' },
    }),
    sampleStatus: 200,
    cases: {
      'a record of a member outside the scope': async () => {
        for (const [who, key] of memberAttempts)
          await deny(who, 'PATCH', `/api/mobile-records/${mobile[key]}`, { place: '越权' }, 404, 'NOT_FOUND');
        await allow('secA1b', 'PATCH', `/api/mobile-records/${mobile.A1b}`, { place: '重庆' });
      },
    },
  },
});
