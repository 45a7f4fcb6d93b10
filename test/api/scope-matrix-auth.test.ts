import { expect, vi } from 'vitest';
import { dumpDb, expectApiError, expectStatus, userPassword } from './support/fixtures.js';
import { sql } from 'drizzle-orm';
import { type Who, allow, deny, s, t, u, scopeMatrix } from './support/scope-matrix.js';

vi.mock('fastify', async (importOriginal) =>
  (await import('./support/routes.js')).collectRoutes(await importOriginal()),
);

// The auth module's routes; the fixture and the tests are in support/scope-matrix.ts.
scopeMatrix('auth', {
  'POST /api/auth/login': {
    access: { public: true },
    reason: 'public sign-in, acts on the named account only',
    check: async () => {
      const before = await dumpDb(t);
      const res = await t.request(null, 'POST', '/api/auth/login', { username: 'orga1', password: 'nope' });
      expectApiError(res, 401, 'INVALID_CREDENTIALS');
      expect(res.cookies.find((c) => c.name === 'shuping_session')).toBeUndefined();
      // Only the failure is counted, for the login limits.
      const after = await dumpDb(t);
      expect(after.login_throttles).not.toEqual(before.login_throttles);
      expect({ ...after, login_throttles: [] }).toEqual({ ...before, login_throttles: [] });
      await t.database.db.execute(sql`delete from login_throttles`);
    },
  },
  'GET /api/auth/me': {
    access: { duringPasswordChange: true },
    reason: 'answers with the signed-in user only',
    check: async () => {
      for (const who of Object.keys(s) as Who[]) {
        const res = await allow(who, 'GET', '/api/auth/me');
        expect(res.json().user.id).toBe(s[who].userId);
        expect(res.json().csrfToken).toBe(s[who].csrfToken);
      }
    },
  },
  'POST /api/auth/logout': {
    access: { duringPasswordChange: true },
    reason: "ends the caller's own session only",
    check: async () => {
      const extra = await t.login('orgb', userPassword);
      expectStatus(await t.request(extra, 'POST', '/api/auth/logout'), 204);
      expectStatus(await t.request(extra, 'GET', '/api/auth/me'), 401);
      for (const who of Object.keys(s) as Who[]) await allow(who, 'GET', '/api/auth/me');
    },
  },
  'POST /api/auth/password': {
    access: { duringPasswordChange: true },
    reason: "changes the caller's own password; the body cannot name another account",
    check: async () => {
      for (const extra of [{ userId: u.dummyA1 }, { username: 'dummya1' }]) {
        await deny(
          'orgA1',
          'POST',
          '/api/auth/password',
          { currentPassword: userPassword, newPassword: 'Another-Pass-2026!', ...extra },
          400,
          'VALIDATION_ERROR',
        );
      }
    },
  },
});
