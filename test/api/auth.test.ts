import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/query-rows.js';
import { sessions } from '../../src/db/schema/index.js';
import { buildApp } from '../../src/server/app.js';
import { adminPassword, createTestContext, type Session, type TestContext } from '../helpers/test-app.js';
import { testDriver } from '../helpers/test-db.js';
import {
  createOrg,
  createUser,
  expectApiError,
  expectNoChange,
  expectStatus,
  userPassword,
} from './support/fixtures.js';

describe(`authentication and sessions (${testDriver})`, () => {
  let t: TestContext;
  let town: number;
  /** Every response body this file saw: none may carry a password hash. */
  const bodies: string[] = [];

  beforeAll(async () => {
    t = await createTestContext();
    const request = t.request;
    t.request = async (...args) => {
      const res = await request(...args);
      bodies.push(res.body);
      return res;
    };
    town = (
      await createOrg(t, (await createOrg(t, null, '认证县委', 'county')).id, '认证镇党委', 'committee')
    ).id;
  });
  afterAll(() => t?.close());

  async function login(username: string, password: string, remoteAddress?: string) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password },
      ...(remoteAddress ? { remoteAddress } : {}),
    });
    bodies.push(res.body);
    return res;
  }

  function sessionOf(res: LightMyRequestResponse): Session {
    expectStatus(res, 200);
    const cookie = res.cookies.find((c) => c.name === 'shuping_session')!;
    return {
      cookie: `shuping_session=${cookie.value}`,
      csrfToken: res.json().csrfToken,
      userId: res.json().user.id,
    };
  }

  /** A signed-in user who has already made the forced first password change. */
  async function readyUser(username: string): Promise<Session> {
    await createUser(t, username, 'organizer', town);
    const first = sessionOf(await login(username, userPassword));
    expectStatus(
      await t.request(first, 'POST', '/api/auth/password', {
        currentPassword: userPassword,
        newPassword: 'Ready-Pass-2026!',
      }),
      200,
    );
    return first;
  }

  describe('login', () => {
    it('signs in with the right password, whatever the case and spacing of the username', async () => {
      for (const name of ['admin', 'ADMIN', '  Admin ']) {
        const res = expectStatus(await login(name, adminPassword), 200);
        expect(res.json().user).toMatchObject({
          username: 'admin',
          role: 'admin',
          mustChangePassword: false,
        });
        expect(res.json().csrfToken).toMatch(/^[\w-]{20,}$/);
        expect(Object.keys(res.json().user)).not.toContain('passwordHash');
        const me = await t.request(sessionOf(res), 'GET', '/api/auth/me');
        expect(expectStatus(me, 200).json().user.id).toBe(t.admin.userId);
      }
    });

    it('gives the same answer for an unknown user and a wrong password', async () => {
      const unknown = await login('nobody-here', 'Whatever-2026!');
      const wrong = await login('admin', 'Wrong-Pass-2026!');
      const a = expectApiError(unknown, 401, 'INVALID_CREDENTIALS');
      const b = expectApiError(wrong, 401, 'INVALID_CREDENTIALS');
      expect(a).toEqual(b);
      expect(a.message).toBe('用户名或密码错误');
      for (const res of [unknown, wrong]) {
        expect(res.cookies.find((c) => c.name === 'shuping_session')).toBeUndefined();
        expect(res.headers['set-cookie']).toBeUndefined();
      }
    });

    it('refuses requests without a session, or with an unknown or expired one', async () => {
      expectApiError(await t.request(null, 'GET', '/api/orgs'), 401, 'UNAUTHENTICATED');
      const garbage = { cookie: 'shuping_session=not-a-real-token', csrfToken: 'x', userId: 0 };
      expectApiError(await t.request(garbage, 'GET', '/api/orgs'), 401, 'UNAUTHENTICATED');
      const session = sessionOf(await login('admin', adminPassword));
      expectStatus(await t.request(session, 'GET', '/api/orgs'), 200);
      const token = session.cookie.slice('shuping_session='.length);
      const id = createHash('sha256').update(token).digest('hex');
      await t.database.db.execute(
        sql`update sessions set expires_at = now() - interval '1 second' where id = ${id}`,
      );
      // Sessions are cached: wait until the change notification has reached the app (PostgreSQL).
      await t.app.changes.settled();
      const rows = await queryRows<{ n: number }>(
        t.database.db,
        sql`select count(*)::int as n from sessions where expires_at < now()`,
      );
      expect(rows[0]!.n).toBe(1);
      expectApiError(await t.request(session, 'GET', '/api/orgs'), 401, 'UNAUTHENTICATED');
      // The next login clears expired sessions away.
      expectStatus(await login('admin', adminPassword), 200);
      const left = await queryRows<{ n: number }>(
        t.database.db,
        sql`select count(*)::int as n from sessions where expires_at < now()`,
      );
      expect(left[0]!.n).toBe(0);
    });
  });

  describe('login limits', () => {
    /** Ends the running lock-out of `username`'s counters as if its time had passed. */
    async function expireLocks(username: string) {
      await t.database.db.execute(
        sql`update login_throttles set locked_until = now() - interval '1 second' where username = ${username}`,
      );
    }

    it('checks at most five of 40 parallel wrong passwords for one account', async () => {
      await createUser(t, 'parallel', 'viewer', town);
      const answers = await Promise.all(
        Array.from({ length: 40 }, (_, i) => login('parallel', `Wrong-${i}-Pass!`, '10.1.0.1')),
      );
      // A 401 is an answer after the password check; a 429 was refused before it.
      expect(answers.filter((r) => r.statusCode === 401)).toHaveLength(5);
      expect(answers.filter((r) => r.statusCode === 429)).toHaveLength(35);
    });

    it('checks at most five of 30 parallel tries, so a right password late among them gets no further', async () => {
      await createUser(t, 'parallel.right', 'viewer', town);
      const answers = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          login('parallel.right', i === 24 ? userPassword : `Wrong-${i}-Pass!`, '10.1.0.2'),
        ),
      );
      const checked = answers.filter((r) => r.statusCode === 401 || r.statusCode === 200);
      expect(checked).toHaveLength(5);
      expect(answers.filter((r) => r.statusCode === 429)).toHaveLength(25);
    });

    it('counts parallel successes and failures of many accounts from one address exactly', async () => {
      const ip = '10.1.0.3';
      const names = Array.from({ length: 8 }, (_, i) => `crowd${i}`);
      for (const name of names) await createUser(t, name, 'viewer', town);
      const answers = await Promise.all(
        names.flatMap((name) => [
          login(name, userPassword, ip),
          login(name, 'Wrong-Pass-2026!', ip),
          login(name, 'Wrong-Pass-2026!', ip),
        ]),
      );
      expect(answers.map((r) => r.statusCode)).toEqual(names.flatMap(() => [200, 401, 401]));
      // Every success gave its slot back; every failure stayed counted.
      const [address] = await queryRows<{ failures: number }>(
        t.database.db,
        sql`select failures from login_throttles where kind = 'address' and ip = ${ip}`,
      );
      expect(address!.failures).toBe(16);
    });

    it('locks one account from one address after five failures, and says when to retry', async () => {
      await createUser(t, 'locked', 'viewer', town);
      for (let i = 0; i < 5; i++)
        expectApiError(await login('locked', `Wrong-${i}-Pass!`, '10.1.1.1'), 401, 'INVALID_CREDENTIALS');
      const sixth = await login('LOCKED', userPassword, '10.1.1.1');
      const error = expectApiError(sixth, 429, 'TOO_MANY_ATTEMPTS');
      const { retryAfterSeconds } = error.details as { retryAfterSeconds: number };
      expect(retryAfterSeconds).toBeGreaterThan(50);
      expect(retryAfterSeconds).toBeLessThanOrEqual(60);
      expect(sixth.headers['retry-after']).toBe(String(retryAfterSeconds));
      expect(error.message).toBe('尝试次数过多，请 1 分钟后再试');
      // Others from that address, and the account from elsewhere, are unaffected.
      expectStatus(await login('admin', adminPassword, '10.1.1.1'), 200);
      expectStatus(await login('locked', userPassword, '10.1.1.2'), 200);
    });

    it('forgets earlier failures after a successful login', async () => {
      await createUser(t, 'forgetful', 'viewer', town);
      for (let round = 0; round < 2; round++) {
        for (let i = 0; i < 4; i++)
          expectApiError(await login('forgetful', 'Wrong-Pass-2026!', '10.1.3.1'), 401);
        expectStatus(await login('forgetful', userPassword, '10.1.3.1'), 200);
      }
    });

    it('counts by the address the trusted proxy saw, whatever a client puts in X-Forwarded-For', async () => {
      const proxied = await buildApp({
        database: t.database,
        config: { secureCookies: false, sessionTtlHours: 12, webRoot: undefined, trustProxy: '127.0.0.1' },
      });
      try {
        await createUser(t, 'proxied', 'viewer', town);
        const via = (forwardedFor: string, password: string) =>
          proxied.inject({
            method: 'POST',
            url: '/api/auth/login',
            remoteAddress: '127.0.0.1',
            headers: { 'x-forwarded-for': forwardedFor },
            payload: { username: 'proxied', password },
          });
        // A new made-up address per try does not escape the count of the client's real one …
        for (let i = 0; i < 5; i++)
          expectApiError(await via(`192.0.2.${i}, 10.6.0.1`, 'Wrong-Pass-2026!'), 401);
        expectApiError(await via('192.0.2.99, 10.6.0.1', userPassword), 429, 'TOO_MANY_ATTEMPTS');
        // … and another client behind the same proxy is not the locked one.
        expectStatus(await via('10.6.0.2', userPassword), 200);
      } finally {
        await proxied.close();
      }
    });

    it('doubles the lock-out with every failure past the free ones, until a right password', async () => {
      await createUser(t, 'grower', 'viewer', town);
      const ip = '10.1.2.1';
      for (let i = 0; i < 5; i++) expectApiError(await login('grower', 'Wrong-Pass-2026!', ip), 401);
      const retryAfter = async () =>
        (
          expectApiError(await login('grower', userPassword, ip), 429).details as {
            retryAfterSeconds: number;
          }
        ).retryAfterSeconds;
      expect(await retryAfter()).toBeGreaterThan(50);
      for (const minutes of [2, 4, 8]) {
        await expireLocks('grower');
        // Once the lock-out ran out, one more try is checked; failing, it locks for twice as long.
        expectApiError(await login('grower', 'Wrong-Pass-2026!', ip), 401);
        const seconds = await retryAfter();
        expect(seconds).toBeGreaterThan(minutes * 60 - 10);
        expect(seconds).toBeLessThanOrEqual(minutes * 60);
      }
      await expireLocks('grower');
      expectStatus(await login('grower', userPassword, ip), 200);
      // The right password started the count afresh.
      for (let i = 0; i < 5; i++) expectApiError(await login('grower', 'Wrong-Pass-2026!', ip), 401);
      expect(await retryAfter()).toBeLessThanOrEqual(60);
    });

    it('never locks the owner out of an address they signed in from, whatever others try', async () => {
      await createUser(t, 'owner', 'viewer', town);
      const home = '10.2.0.1';
      expectStatus(await login('owner', userPassword, home), 200);
      // Five failures from each of twenty addresses use up the account's 100 failures a day.
      await Promise.all(
        Array.from({ length: 20 }, async (_, a) => {
          for (let i = 0; i < 5; i++)
            expectApiError(await login('owner', 'Wrong-Pass-2026!', `10.2.1.${a}`), 401);
        }),
      );
      expectApiError(await login('owner', userPassword, '10.2.1.0'), 429, 'TOO_MANY_ATTEMPTS');
      // A new address is refused now even with the right password: the account itself is locked …
      expectApiError(await login('owner', userPassword, '10.2.2.1'), 429, 'TOO_MANY_ATTEMPTS');
      // … but not for its owner at home.
      expectStatus(await login('owner', userPassword, home), 200);
    });

    it('keeps an address whose failures ran out open to the accounts that signed in from it', async () => {
      const nat = '10.3.0.1';
      await createUser(t, 'townsfolk', 'viewer', town);
      await createUser(t, 'stranger', 'viewer', town);
      expectStatus(await login('townsfolk', userPassword, nat), 200);
      for (let i = 0; i < 30; i++) expectApiError(await login(`ghost${i}`, 'Wrong-Pass-2026!', nat), 401);
      expectApiError(await login('ghost30', 'Wrong-Pass-2026!', nat), 429, 'TOO_MANY_ATTEMPTS');
      // An account new to the address waits; one at home there signs in.
      expectApiError(await login('stranger', userPassword, nat), 429, 'TOO_MANY_ATTEMPTS');
      expectStatus(await login('townsfolk', userPassword, nat), 200);
      expectStatus(await login('stranger', userPassword, '10.3.0.2'), 200);
    });

    it('lets an administrator lift a lock-out, and records it', async () => {
      const user = await createUser(t, 'unlockme', 'viewer', town);
      const ip = '10.4.0.1';
      for (let i = 0; i < 5; i++) expectApiError(await login('unlockme', 'Wrong-Pass-2026!', ip), 401);
      expectApiError(await login('unlockme', userPassword, ip), 429, 'TOO_MANY_ATTEMPTS');
      expectStatus(await t.request(t.admin, 'POST', `/api/users/${user.id}/unlock-login`), 204);
      expectStatus(await login('unlockme', userPassword, ip), 200);
      const audit = await t.request(t.admin, 'GET', '/api/audit?action=login.unlock&pageSize=200');
      const items = expectStatus(audit, 200).json().items as { entityId: string; actorId: number }[];
      expect(items).toEqual([
        expect.objectContaining({ entityId: String(user.id), actorId: t.admin.userId }),
      ]);
    });

    it('limits wrong current passwords on a password change as it limits logins', async () => {
      const s = await readyUser('pwguesser');
      const change = (currentPassword: string) =>
        t.request(s, 'POST', '/api/auth/password', { currentPassword, newPassword: 'Fresh-Lamp-2026!' });
      for (let i = 0; i < 5; i++) expectApiError(await change(`Wrong-${i}-Pass!`), 400, 'WRONG_PASSWORD');
      expectApiError(await change('Ready-Pass-2026!'), 429, 'TOO_MANY_ATTEMPTS');
      // The same lock holds for signing in from that address.
      expectApiError(await login('pwguesser', 'Ready-Pass-2026!'), 429, 'TOO_MANY_ATTEMPTS');
    });
  });

  describe('password rules', () => {
    it('refuses guessable passwords whatever their character classes', async () => {
      const s = await readyUser('picky');
      await expectNoChange(t, async () => {
        for (const newPassword of [
          'Password12',
          'Qwerty12345',
          'Shuping2026',
          'P@ssw0rd2026',
          ' '.repeat(10) + 'A1',
        ])
          expectApiError(
            await t.request(s, 'POST', '/api/auth/password', {
              currentPassword: 'Ready-Pass-2026!',
              newPassword,
            }),
            400,
            'WEAK_PASSWORD',
          );
      });
    });

    it('refuses any of the last five passwords, and accepts the sixth back', async () => {
      const s = await readyUser('historian');
      let current = 'Ready-Pass-2026!';
      const change = (newPassword: string) =>
        t.request(s, 'POST', '/api/auth/password', { currentPassword: current, newPassword });
      for (const next of ['Orchard-Lamp-2026!', 'Velvet-Quarry-2026!', 'Copper-Willow-2026!']) {
        expectStatus(await change(next), 200);
        current = next;
      }
      // The five latest: the fixture's, Ready-Pass and the three above.
      for (const old of [userPassword, 'Ready-Pass-2026!', 'Orchard-Lamp-2026!', 'Velvet-Quarry-2026!'])
        expect(expectApiError(await change(old), 400, 'PASSWORD_REUSED').message).toBe(
          '新密码不能与最近 5 次用过的密码相同',
        );
      expectStatus(await change('Silver-Harbor-2026!'), 200);
      current = 'Silver-Harbor-2026!';
      expectStatus(await change(userPassword), 200);
    });
  });

  describe('cookies and headers', () => {
    /** An instance that also serves a web build (a one-page stand-in), for headers of documents. */
    async function withWebApp(
      secureCookies: boolean,
      check: (app: Awaited<ReturnType<typeof buildApp>>) => Promise<void>,
    ) {
      const webRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'shuping-web-'));
      fs.writeFileSync(path.join(webRoot, 'index.html'), '<html><head></head><body></body></html>');
      const app = await buildApp({
        database: t.database,
        config: { secureCookies, sessionTtlHours: 12, webRoot },
      });
      try {
        await check(app);
      } finally {
        await app.close();
        fs.rmSync(webRoot, { recursive: true, force: true });
      }
    }

    it('sets an HttpOnly, SameSite=Strict session cookie for the whole site', async () => {
      const res = expectStatus(await login('admin', adminPassword), 200);
      const cookie = res.cookies.find((c) => c.name === 'shuping_session')!;
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
      expect(cookie.secure).toBeFalsy();
      expect(cookie.value.length).toBeGreaterThanOrEqual(40);
      const header = String(res.headers['set-cookie']);
      expect(header).toMatch(/HttpOnly/);
      expect(header).toMatch(/SameSite=Strict/);
      expect(cookie.expires!.getTime()).toBeGreaterThan(Date.now() + 11 * 3_600_000);
      expect(cookie.expires!.getTime()).toBeLessThanOrEqual(Date.now() + 12 * 3_600_000 + 5_000);
      // Only a hash of the token is stored.
      const stored = await t.database.db.select({ id: sessions.id }).from(sessions);
      expect(stored.map((s) => s.id)).not.toContain(cookie.value);
    });

    it('marks the cookie Secure and asks for HTTPS when secure cookies are configured', async () => {
      const secure = await buildApp({
        database: t.database,
        config: { secureCookies: true, sessionTtlHours: 12, webRoot: undefined },
      });
      try {
        const res = await secure.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: 'admin', password: adminPassword },
        });
        expectStatus(res, 200);
        expect(res.cookies.find((c) => c.name === 'shuping_session')).toMatchObject({
          secure: true,
          httpOnly: true,
        });
        expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
        // An API answer loads nothing; documents are asked to upgrade their own requests.
        expect(res.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
        await withWebApp(true, async (app) => {
          const page = expectStatus(await app.inject({ method: 'GET', url: '/' }), 200);
          expect(page.headers['strict-transport-security']).toMatch(/max-age=\d+/);
          expect(page.headers['content-security-policy']).toContain('upgrade-insecure-requests');
        });
      } finally {
        await secure.close();
      }
    });

    it('sends the API security headers on answers and errors alike', async () => {
      const answers = [
        await t.request(null, 'GET', '/api/health'),
        await t.request(t.admin, 'GET', '/api/orgs'),
        await t.request(null, 'GET', '/api/orgs'),
        await t.request(t.admin, 'GET', '/api/nothing-here'),
        await t.request(t.admin, 'POST', '/api/orgs', { bad: true }),
      ];
      for (const res of answers) {
        // An API answer is data: nothing in it may load, run or be framed, and only this origin reads it.
        expect(res.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['cross-origin-resource-policy']).toBe('same-origin');
        expect(res.headers['x-powered-by']).toBeUndefined();
      }
      // A document (the web app's page) gets helmet's document policy instead.
      await withWebApp(false, async (app) => {
        const page = expectStatus(await app.inject({ method: 'GET', url: '/orgs' }), 200);
        const csp = String(page.headers['content-security-policy']);
        expect(csp).toContain("default-src 'self'");
        expect(csp).toContain("script-src 'self'");
        expect(csp).toContain("object-src 'none'");
        expect(csp).toContain("frame-ancestors 'self'");
        expect(csp).not.toContain('upgrade-insecure-requests');
        expect(page.headers['x-frame-options']).toBe('SAMEORIGIN');
        expect(page.headers['referrer-policy']).toBe('no-referrer');
        expect(page.headers['cross-origin-opener-policy']).toBe('same-origin');
        expect(page.headers['strict-transport-security']).toBeUndefined();
        const api = expectStatus(await app.inject({ method: 'GET', url: '/api/health' }), 200);
        expect(api.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
      });
    });
  });

  describe('CSRF', () => {
    it('refuses state changes without the session’s token, and changes nothing', async () => {
      const other = sessionOf(await login('admin', adminPassword));
      const attempts: [string, string, unknown][] = [
        ['POST', '/api/orgs', { parentId: null, name: '跨站县委', level: 'county' }],
        ['PATCH', `/api/orgs/${town}`, { name: '跨站改名' }],
        ['POST', `/api/orgs/${town}/move`, { parentId: town }],
        ['DELETE', `/api/orgs/${town}`, undefined],
        ['POST', '/api/users', { username: 'csrfuser', displayName: '跨站', role: 'admin', orgId: null }],
        ['POST', `/api/users/${other.userId}/reset-password`, undefined],
        ['POST', '/api/auth/password', { currentPassword: adminPassword, newPassword: 'Csrf-Pass-2026!' }],
        ['POST', '/api/auth/logout', undefined],
      ];
      const tokens: (string | undefined)[] = [
        undefined,
        '',
        'wrong',
        t.admin.csrfToken.slice(1),
        other.csrfToken,
      ];
      await expectNoChange(t, async () => {
        for (const [method, url, payload] of attempts)
          for (const token of tokens) {
            const headers: Record<string, string> = { cookie: t.admin.cookie };
            if (token !== undefined) headers['x-csrf-token'] = token;
            const res = await t.app.inject({
              method: method as 'POST',
              url,
              headers,
              ...(payload === undefined ? {} : { payload: payload as object }),
            });
            bodies.push(res.body);
            expectApiError(res, 403, 'CSRF_TOKEN_INVALID');
          }
      });
      // Reading needs no token; the session is still alive.
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/auth/me',
        headers: { cookie: t.admin.cookie },
      });
      expectStatus(res, 200);
    });
  });

  describe('forced password change', () => {
    it('holds a new user at the password change until they make it', async () => {
      const created = expectStatus(
        await t.request(t.admin, 'POST', '/api/users', {
          username: 'newcomer',
          displayName: '新人',
          role: 'organizer',
          orgId: town,
        }),
        201,
      );
      const initial = created.json().initialPassword as string;
      expect(initial).toEqual(expect.any(String));
      const res = expectStatus(await login('newcomer', initial), 200);
      expect(res.json().user.mustChangePassword).toBe(true);
      const s = sessionOf(res);

      for (const [method, url, body] of [
        ['GET', '/api/orgs', undefined],
        ['GET', `/api/orgs/${town}`, undefined],
        ['GET', '/api/users', undefined],
        ['GET', '/api/audit', undefined],
        ['POST', '/api/orgs', { parentId: town, name: '抢先党支部', level: 'branch' }],
      ] as [string, string, unknown][])
        expectApiError(await t.request(s, method, url, body), 403, 'PASSWORD_CHANGE_REQUIRED');
      expectStatus(await t.request(s, 'GET', '/api/auth/me'), 200);

      const weak: [string, string, string][] = [
        [initial, 'short1!A', 'WEAK_PASSWORD'],
        [initial, 'Password12', 'WEAK_PASSWORD'],
        [initial, 'Newcomer-2026!', 'WEAK_PASSWORD'],
        [initial, initial, 'WEAK_PASSWORD'],
      ];
      await expectNoChange(t, async () => {
        for (const [currentPassword, newPassword, code] of weak)
          expectApiError(
            await t.request(s, 'POST', '/api/auth/password', { currentPassword, newPassword }),
            400,
            code,
          );
      });

      // A wrong current password is counted for the login limits, so it changes the database.
      expectApiError(
        await t.request(s, 'POST', '/api/auth/password', {
          currentPassword: 'Not-The-Password-1',
          newPassword: 'Strong-Pass-2026!',
        }),
        400,
        'WRONG_PASSWORD',
      );
      const changed = await t.request(s, 'POST', '/api/auth/password', {
        currentPassword: initial,
        newPassword: 'Strong-Pass-2026!',
      });
      expect(expectStatus(changed, 200).json().user.mustChangePassword).toBe(false);
      expectStatus(await t.request(s, 'GET', '/api/orgs'), 200);
      expectApiError(await login('newcomer', initial), 401, 'INVALID_CREDENTIALS');
      expectStatus(await login('newcomer', 'Strong-Pass-2026!'), 200);
    });

    it('revokes every other session of the user on a password change', async () => {
      const first = await readyUser('twosessions');
      const second = sessionOf(await login('twosessions', 'Ready-Pass-2026!'));
      const third = sessionOf(await login('twosessions', 'Ready-Pass-2026!'));
      const bystander = sessionOf(await login('admin', adminPassword));
      expectStatus(
        await t.request(second, 'POST', '/api/auth/password', {
          currentPassword: 'Ready-Pass-2026!',
          newPassword: 'Changed-Pass-2026!',
        }),
        200,
      );
      expectStatus(await t.request(second, 'GET', '/api/orgs'), 200);
      for (const s of [first, third])
        expectApiError(await t.request(s, 'GET', '/api/auth/me'), 401, 'UNAUTHENTICATED');
      expectStatus(await t.request(bystander, 'GET', '/api/auth/me'), 200);
    });
  });

  describe('logout', () => {
    it('ends the session and clears the cookie', async () => {
      const s = sessionOf(await login('admin', adminPassword));
      const res = expectStatus(await t.request(s, 'POST', '/api/auth/logout'), 204);
      const cleared = res.cookies.find((c) => c.name === 'shuping_session')!;
      expect(cleared.value).toBe('');
      expect(cleared.expires!.getTime()).toBeLessThanOrEqual(Date.now());
      expectApiError(await t.request(s, 'GET', '/api/auth/me'), 401, 'UNAUTHENTICATED');
      expectApiError(await t.request(s, 'POST', '/api/auth/logout'), 401, 'UNAUTHENTICATED');
      // Other sessions of the same user live on.
      expectStatus(await t.request(t.admin, 'GET', '/api/auth/me'), 200);
    });
  });

  describe('disabled accounts', () => {
    it('cannot sign in, answered as a wrong password is, and their open sessions end at once', async () => {
      const s = await readyUser('soondisabled');
      expectStatus(await t.request(s, 'GET', '/api/orgs'), 200);
      expectStatus(await t.request(t.admin, 'PATCH', `/api/users/${s.userId}`, { disabled: true }), 200);
      expectApiError(await t.request(s, 'GET', '/api/orgs'), 401, 'UNAUTHENTICATED');
      const right = await login('soondisabled', 'Ready-Pass-2026!', '10.5.0.1');
      const wrong = await login('soondisabled', 'Wrong-Pass-2026!', '10.5.0.2');
      const unknown = await login('nobody-at-all', 'Ready-Pass-2026!', '10.5.0.3');
      for (const res of [right, wrong, unknown]) {
        expect(res.statusCode).toBe(401);
        expect(res.json()).toEqual({ code: 'INVALID_CREDENTIALS', message: '用户名或密码错误' });
        expect(res.headers['set-cookie']).toBeUndefined();
      }
      // The same session token stays dead even after the account is enabled again.
      expectStatus(await t.request(t.admin, 'PATCH', `/api/users/${s.userId}`, { disabled: false }), 200);
      expectApiError(await t.request(s, 'GET', '/api/orgs'), 401, 'UNAUTHENTICATED');
      expectStatus(await login('soondisabled', 'Ready-Pass-2026!'), 200);
    });

    it('refuses a disabled account even when a session row is left over', async () => {
      const s = await readyUser('leftover');
      // Disable in the database only, so the session row survives: the check must still hold.
      await t.database.db.execute(sql`update users set disabled = true where id = ${s.userId}`);
      await t.app.changes.settled();
      expect(
        await t.database.db.select().from(sessions).where(eq(sessions.userId, s.userId)),
      ).not.toHaveLength(0);
      expectApiError(await t.request(s, 'GET', '/api/auth/me'), 401, 'UNAUTHENTICATED');
    });
  });

  describe('secrets', () => {
    it('never shows a password hash in any answer or audit entry', async () => {
      const audit = expectStatus(await t.request(t.admin, 'GET', '/api/audit?pageSize=200'), 200);
      const users = expectStatus(await t.request(t.admin, 'GET', '/api/users?pageSize=200'), 200);
      expect(users.json().total).toBeGreaterThan(3);
      for (const body of [...bodies, audit.body, users.body]) {
        expect(body).not.toMatch(/\$argon2/);
        expect(body).not.toMatch(/password_?hash/i);
      }
      const rows = await queryRows<{ j: string }>(
        t.database.db,
        sql`select to_jsonb(a)::text as j from audit_log a order by id`,
      );
      expect(rows.length).toBeGreaterThan(10);
      const actions = new Set<string>();
      for (const { j } of rows) {
        expect(j).not.toMatch(/\$argon2/);
        expect(j).not.toMatch(/password_?hash/i);
        for (const secret of [adminPassword, userPassword, 'Strong-Pass-2026!', 'Changed-Pass-2026!'])
          expect(j).not.toContain(secret);
        actions.add((JSON.parse(j) as { action: string }).action);
      }
      expect([...actions]).toEqual(
        expect.arrayContaining(['login', 'logout', 'password.change', 'create', 'update']),
      );
    });

    it('records a password change without the password', async () => {
      const res = await t.request(t.admin, 'GET', '/api/audit?action=password.change&pageSize=200');
      const items = expectStatus(res, 200).json().items as { before: unknown; after: unknown }[];
      expect(items.length).toBeGreaterThan(0);
      for (const item of items) {
        expect(item.after).toEqual({ mustChangePassword: false });
        expect(Object.keys(item.before as object)).toEqual(['mustChangePassword']);
      }
    });
  });
});
