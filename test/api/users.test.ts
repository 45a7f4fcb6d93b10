import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passwordWeakness } from '../../src/domain/password-policy.js';
import { createTestContext, type Session, type TestContext } from '../helpers/test-app.js';
import { testDriver } from '../helpers/test-db.js';
import {
  createOrg,
  createUser,
  expectApiError,
  expectNoChange,
  expectStatus,
  signedInUser,
  userPassword,
  type OrgRow,
} from './support/fixtures.js';

interface UserItem {
  id: number;
  username: string;
  displayName: string;
  role: string;
  orgId: number | null;
  orgName: string | null;
  mustChangePassword: boolean;
  disabled: boolean;
}

describe(`user accounts (${testDriver})`, () => {
  let t: TestContext;
  let county: OrgRow;
  let town: OrgRow;
  let branch: OrgRow;
  let otherTown: OrgRow;
  let organizer: Session;

  beforeAll(async () => {
    t = await createTestContext();
    county = await createOrg(t, null, '账户县委', 'county');
    town = await createOrg(t, county.id, '账户镇党委', 'committee');
    branch = await createOrg(t, town.id, '账户党支部', 'branch');
    otherTown = await createOrg(t, county.id, '别的镇党委', 'committee');
    organizer = await signedInUser(t, 'townorganizer', 'organizer', town.id);
  });
  afterAll(() => t?.close());

  const create = (body: object, as: Session = t.admin) => t.request(as, 'POST', '/api/users', body);
  const patch = (id: number, body: object, as: Session = t.admin) =>
    t.request(as, 'PATCH', `/api/users/${id}`, body);
  const login = (username: string, password: string) =>
    t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  const list = async (query: string, as: Session = t.admin) => {
    const res = expectStatus(await t.request(as, 'GET', `/api/users?${query}`), 200);
    return res.json() as { items: UserItem[]; total: number };
  };
  const auditOf = async (id: number, action: string) => {
    const res = await t.request(t.admin, 'GET', `/api/audit?entityType=user&action=${action}&pageSize=200`);
    return (
      expectStatus(res, 200).json().items as { entityId: string; before: unknown; after: unknown }[]
    ).filter((i) => i.entityId === String(id));
  };

  describe('create', () => {
    it('with a password: returns no password, and the user must change it at first login', async () => {
      const res = expectStatus(
        await create({
          username: 'withpass',
          displayName: ' 有密码 ',
          role: 'viewer',
          orgId: branch.id,
          password: 'Given-Pass-2026!',
        }),
        201,
      );
      expect(Object.keys(res.json())).toEqual(['user']);
      expect(res.json().user).toMatchObject({
        username: 'withpass',
        displayName: '有密码',
        role: 'viewer',
        orgId: branch.id,
        orgName: branch.name,
        mustChangePassword: true,
        disabled: false,
        lastLoginAt: null,
      });
      const signedIn = expectStatus(await login('withpass', 'Given-Pass-2026!'), 200);
      expect(signedIn.json().user.mustChangePassword).toBe(true);
    });

    it('without a password: returns a generated one, once, that passes the policy and works', async () => {
      const res = expectStatus(
        await create({ username: 'nopass', displayName: '无密码', role: 'checker', orgId: town.id }),
        201,
      );
      const initial = res.json().initialPassword as string;
      expect(passwordWeakness(initial)).toBeNull();
      expectStatus(await login('nopass', initial), 200);
      const listed = await list('q=nopass');
      expect(JSON.stringify(listed)).not.toContain(initial);
      const [entry] = await auditOf(res.json().user.id, 'create');
      expect(JSON.stringify(entry)).not.toContain(initial);
      expect(entry!.after).toEqual({
        username: 'nopass',
        displayName: '无密码',
        role: 'checker',
        orgId: town.id,
        disabled: false,
      });
    });

    it('generates a usable password whatever the username', async () => {
      // Generated passwords start with "Sp-": a username inside them must not make creation fail.
      for (const username of ['sp-', 'sp-x', 'Sp-X7']) {
        const res = await create({ username, displayName: '生成密码', role: 'viewer', orgId: town.id });
        expect(res.statusCode, res.body).toBe(201);
        expectStatus(await login(username, res.json().initialPassword), 200);
      }
    });

    it('refuses a weak password', async () => {
      await expectNoChange(t, async () => {
        for (const password of [
          'short',
          'Weakuser-2026!x',
          'x'.repeat(9),
          'Password12',
          'Qwerty12345',
          'Shuping2026',
          'P@ssw0rd2026',
          ' '.repeat(10) + 'A1',
        ]) {
          const res = await create({
            username: 'weakuser',
            displayName: '弱',
            role: 'viewer',
            orgId: town.id,
            password,
          });
          expectApiError(res, 400, 'WEAK_PASSWORD');
        }
      });
    });

    it('keeps usernames unique without regard to case', async () => {
      const res = expectStatus(
        await create({ username: 'MixedCase', displayName: '大小写', role: 'admin', orgId: null }),
        201,
      );
      expect(res.json().user.username).toBe('mixedcase');
      await expectNoChange(t, async () => {
        for (const username of ['mixedcase', 'MIXEDCASE', 'mixedCase']) {
          const error = expectApiError(
            await create({ username, displayName: '重复', role: 'admin', orgId: null }),
            409,
            'USERNAME_TAKEN',
          );
          expect(error.message).toContain('mixedcase');
        }
      });
    });

    it('lets exactly one of several simultaneous creations of a username through', async () => {
      const results = await Promise.all(
        Array.from({ length: 4 }, (_, i) =>
          create({
            username: `Racer`,
            displayName: `并发${i}`,
            role: 'viewer',
            orgId: town.id,
            password: userPassword,
          }),
        ),
      );
      expect(results.map((r) => r.statusCode).sort(), results.map((r) => r.body).join('\n')).toEqual([
        201, 409, 409, 409,
      ]);
      for (const r of results.filter((x) => x.statusCode === 409)) expectApiError(r, 409, 'USERNAME_TAKEN');
    });

    it('requires an org for every role but admin', async () => {
      await expectNoChange(t, async () => {
        for (const role of ['organizer', 'secretary', 'checker', 'viewer'])
          expectApiError(
            await create({ username: `noorg${role}`, displayName: '无组织', role, orgId: null }),
            400,
            'ORG_REQUIRED',
          );
        expectApiError(
          await create({ username: 'ghostorg', displayName: '无组织', role: 'viewer', orgId: 2_000_000 }),
          404,
          'NOT_FOUND',
        );
      });
      expectStatus(
        await create({ username: 'freeadmin', displayName: '管理员', role: 'admin', orgId: null }),
        201,
      );
    });

    it('lets an organizer create any role but admin, in their subtree only', async () => {
      for (const role of ['organizer', 'secretary', 'checker', 'viewer'])
        expectStatus(
          await create({ username: `made${role}`, displayName: '下属', role, orgId: branch.id }, organizer),
          201,
        );
      await expectNoChange(t, async () => {
        expectApiError(
          await create({ username: 'madeadmin', displayName: '越权', role: 'admin', orgId: null }, organizer),
          403,
          'FORBIDDEN',
        );
        expectApiError(
          await create(
            { username: 'madeoutside', displayName: '越权', role: 'viewer', orgId: otherTown.id },
            organizer,
          ),
          404,
          'NOT_FOUND',
        );
      });
    });
  });

  describe('update', () => {
    it('changes name, role and org, and records before and after', async () => {
      const user = await createUser(t, 'changeme', 'viewer', branch.id);
      const res = expectStatus(
        await patch(user.id, { displayName: ' 新名字 ', role: 'checker', orgId: town.id }),
        200,
      );
      expect(res.json()).toMatchObject({
        displayName: '新名字',
        role: 'checker',
        orgId: town.id,
        orgName: town.name,
      });
      const [entry] = await auditOf(user.id, 'update');
      expect(entry).toMatchObject({
        before: { displayName: '用户changeme', role: 'viewer', orgId: branch.id, disabled: false },
        after: { displayName: '新名字', role: 'checker', orgId: town.id, disabled: false },
      });
    });

    it('does not let anyone change their own role or org, or disable themselves', async () => {
      await expectNoChange(t, async () => {
        for (const [as, body] of [
          [t.admin, { role: 'viewer', orgId: town.id }],
          [t.admin, { disabled: true }],
          [t.admin, { orgId: town.id }],
          [organizer, { role: 'viewer' }],
          [organizer, { orgId: county.id }],
          [organizer, { disabled: true }],
          [organizer, { displayName: '顺便', role: 'organizer' }],
        ] as [Session, object][])
          expectApiError(await patch(as.userId, body, as), 403, 'SELF_CHANGE_FORBIDDEN');
      });
      expect(expectStatus(await patch(t.admin.userId, { displayName: '系统管理员' }), 200).json().role).toBe(
        'admin',
      );
      expectStatus(await patch(organizer.userId, { displayName: '镇组织委员' }, organizer), 200);
    });

    it('requires an org when the role stops being admin', async () => {
      const user = await createUser(t, 'demoted', 'admin', null);
      await expectNoChange(t, async () => {
        expectApiError(await patch(user.id, { role: 'viewer' }), 400, 'ORG_REQUIRED');
        expectApiError(await patch(user.id, { role: 'viewer', orgId: null }), 400, 'ORG_REQUIRED');
        expectApiError(await patch(user.id, { role: 'viewer', orgId: 2_000_000 }), 404, 'NOT_FOUND');
      });
      expectStatus(await patch(user.id, { role: 'viewer', orgId: town.id }), 200);
    });

    it('signs a user out when their reach changes, but not for a new display name', async () => {
      const s = await signedInUser(t, 'reachchange', 'viewer', branch.id);
      expectStatus(await patch(s.userId, { displayName: '改名不下线' }), 200);
      expectStatus(await t.request(s, 'GET', '/api/orgs'), 200);
      expectStatus(await patch(s.userId, { orgId: town.id }), 200);
      expectApiError(await t.request(s, 'GET', '/api/orgs'), 401, 'UNAUTHENTICATED');
      const again = await t.login('reachchange', userPassword);
      expectStatus(await patch(again.userId, { role: 'checker' }), 200);
      expectApiError(await t.request(again, 'GET', '/api/orgs'), 401, 'UNAUTHENTICATED');
    });

    it('answers 404 for a user that does not exist', async () => {
      expectApiError(await patch(2_000_000, { displayName: '谁' }), 404, 'NOT_FOUND');
    });
  });

  describe('reset password', () => {
    it('returns a new password that works, once, forces a change and ends open sessions', async () => {
      const s = await signedInUser(t, 'forgetter', 'viewer', branch.id);
      const res = expectStatus(
        await t.request(t.admin, 'POST', `/api/users/${s.userId}/reset-password`),
        200,
      );
      const password = res.json().password as string;
      expect(Object.keys(res.json())).toEqual(['password']);
      expect(passwordWeakness(password)).toBeNull();
      expectApiError(await t.request(s, 'GET', '/api/auth/me'), 401, 'UNAUTHENTICATED');
      expectApiError(await login('forgetter', userPassword), 401, 'INVALID_CREDENTIALS');
      const signedIn = expectStatus(await login('forgetter', password), 200);
      expect(signedIn.json().user.mustChangePassword).toBe(true);
      const fresh = await t.login('forgetter', password);
      expectApiError(await t.request(fresh, 'GET', '/api/orgs'), 403, 'PASSWORD_CHANGE_REQUIRED');
      const [entry] = await auditOf(s.userId, 'password.reset');
      expect(entry).toMatchObject({ before: null, after: null });
      expect(JSON.stringify(entry)).not.toContain(password);
      // A second reset gives a different password.
      const second = expectStatus(
        await t.request(organizer, 'POST', `/api/users/${s.userId}/reset-password`),
        200,
      );
      expect(second.json().password).not.toBe(password);
    });

    it('refuses one’s own account', async () => {
      await expectNoChange(t, async () => {
        for (const as of [t.admin, organizer])
          expectApiError(
            await t.request(as, 'POST', `/api/users/${as.userId}/reset-password`),
            400,
            'SELF_RESET_FORBIDDEN',
          );
      });
    });
  });

  describe('peers', () => {
    it('does not let an organizer manage another organizer of their own org, only those below', async () => {
      const peer = await signedInUser(t, 'peerorganizer', 'organizer', town.id);
      const below = await createUser(t, 'branchorganizer', 'organizer', branch.id);
      await expectNoChange(t, async () => {
        for (const [method, url, body] of [
          ['POST', `/api/users/${peer.userId}/reset-password`, undefined],
          ['POST', `/api/users/${peer.userId}/unlock-login`, undefined],
          ['PATCH', `/api/users/${peer.userId}`, { displayName: '夺权' }],
          ['PATCH', `/api/users/${peer.userId}`, { disabled: true }],
          // Nor make one: a new peer, or an account below moved up to the actor's own org.
          [
            'POST',
            '/api/users',
            { username: 'newpeer', displayName: '同级', role: 'organizer', orgId: town.id },
          ],
          ['PATCH', `/api/users/${below.id}`, { orgId: town.id }],
        ] as [string, string, object | undefined][])
          expectApiError(await t.request(organizer, method, url, body), 403, 'FORBIDDEN');
      });
      // The peer's password still works and their session lives on.
      expectStatus(await t.request(peer, 'GET', '/api/auth/me'), 200);
      expectStatus(await login('peerorganizer', userPassword), 200);
      // Below their own org, and lower roles in it, remain theirs to manage.
      expectStatus(await t.request(organizer, 'POST', `/api/users/${below.id}/reset-password`), 200);
      const viewer = await createUser(t, 'townviewer', 'viewer', town.id);
      expectStatus(await t.request(organizer, 'POST', `/api/users/${viewer.id}/reset-password`), 200);
      // An admin manages everyone.
      expectStatus(await t.request(t.admin, 'POST', `/api/users/${peer.userId}/reset-password`), 200);
    });
  });

  describe('list', () => {
    let listed: { id: number; username: string }[];

    beforeAll(async () => {
      listed = [];
      for (const [username, role, org] of [
        ['list-a1', 'viewer', town],
        ['list-a2', 'checker', branch],
        ['list-b1', 'viewer', otherTown],
        ['list_pct', 'secretary', branch],
        ['listpct', 'secretary', branch],
      ] as const)
        listed.push(await createUser(t, username, role, org.id));
      expectStatus(await patch(listed[0]!.id, { displayName: '王%小明' }), 200);
    });

    it('pages through everyone in username order, with the total on every page', async () => {
      const all = await list('pageSize=200');
      expect(all.items.map((u) => u.username)).toEqual([...all.items.map((u) => u.username)].sort());
      const pages: string[] = [];
      for (let page = 1; page <= Math.ceil(all.total / 3) + 1; page++) {
        const res = await list(`page=${page}&pageSize=3`);
        expect(res.total).toBe(all.total);
        expect(res.items.length).toBe(Math.max(0, Math.min(3, all.total - (page - 1) * 3)));
        pages.push(...res.items.map((u) => u.username));
      }
      expect(pages).toEqual(all.items.map((u) => u.username));
      expect((await list('')).items).toHaveLength(Math.min(20, all.total));
    });

    it('filters by org, including the orgs below it', async () => {
      const inTown = await list(`orgId=${town.id}&pageSize=200`);
      const ids = inTown.items.map((u) => u.id);
      expect(ids).toEqual(
        expect.arrayContaining([listed[0]!.id, listed[1]!.id, listed[3]!.id, organizer.userId]),
      );
      expect(ids).not.toContain(listed[2]!.id);
      expect(inTown.items.every((u) => u.orgId === town.id || u.orgId === branch.id)).toBe(true);
      expect(inTown.total).toBe(inTown.items.length);
      const inBranch = await list(`orgId=${branch.id}&pageSize=200`);
      expect(inBranch.items.every((u) => u.orgId === branch.id)).toBe(true);
      expect(inBranch.items.map((u) => u.id)).not.toContain(listed[0]!.id);
    });

    it('filters by text in username or display name, case-insensitively, % and _ as plain characters', async () => {
      expect((await list('q=LIST-A')).items.map((u) => u.username)).toEqual(['list-a1', 'list-a2']);
      expect((await list(`q=${encodeURIComponent('王%小')}`)).items.map((u) => u.username)).toEqual([
        'list-a1',
      ]);
      expect((await list(`q=${encodeURIComponent('%')}`)).items.map((u) => u.username)).toEqual(['list-a1']);
      expect((await list('q=list_')).items.map((u) => u.username)).toEqual(['list_pct']);
      expect((await list('q=nobody-like-this')).total).toBe(0);
    });

    it('filters by role, and combines filters', async () => {
      const secretaries = await list('role=secretary&pageSize=200');
      expect(secretaries.items.every((u) => u.role === 'secretary')).toBe(true);
      expect(secretaries.items.map((u) => u.username)).toEqual(
        expect.arrayContaining(['list_pct', 'listpct']),
      );
      const combined = await list(`role=viewer&orgId=${town.id}&q=list`);
      expect(combined.items.map((u) => u.username)).toEqual(['list-a1']);
      expect(combined.total).toBe(1);
    });

    it('shows an organizer the users of their subtree only', async () => {
      const seen = await list('pageSize=200', organizer);
      expect(seen.items.every((u) => u.orgId === town.id || u.orgId === branch.id)).toBe(true);
      expect(seen.items.map((u) => u.id)).not.toContain(t.admin.userId);
      expect(seen.items.map((u) => u.id)).not.toContain(listed[2]!.id);
    });
  });
});
