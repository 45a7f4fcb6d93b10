import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq, gt, lt, ne, sql } from 'drizzle-orm';
import { scopeOf, type Role } from '../../../domain/access.js';
import { knownAddressMs } from '../../../domain/login-throttle.js';
import { passwordWeakness } from '../../../domain/password-policy.js';
import { passwordHistoryDepth } from '../../../domain/password-rule.js';
import type { Database, Db } from '../../../db/client.js';
import { loginAddresses, orgs, sessions, users } from '../../../db/schema/index.js';
import { AppError, badRequest } from '../../errors.js';
import type { Changes } from '../../cache/changes.js';
import type { Actor } from '../../http/actor.js';
import { hashPassword, verifyPassword } from '../../password.js';
import { recordAudit } from '../audit/record.js';
import { rememberPassword, wasUsedRecently } from './password-history.js';
import { forgetOldFailures, loginSucceeded, reserveLoginAttempt } from './throttle.js';

const invalidCredentials = () => new AppError(401, 'INVALID_CREDENTIALS', '用户名或密码错误');

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export interface SessionTicket {
  token: string;
  csrfToken: string;
  expiresAt: Date;
  userId: number;
}

/**
 * Methods that only read. Any other request is checked against the database itself, never the
 * cache: on another instance the cache may lag a logout, disable or reset by the notification's
 * delay, and a revoked session must not change anything anywhere (docs/operations.md).
 */
const readOnlyMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Sessions kept in memory at most; beyond it the oldest are read again from the database. */
const cachedSessionLimit = 20_000;

export function createAuthService(deps: {
  db: Db;
  /** Session lookups go aside, so a poll gets through while an import holds PGlite's connection. */
  readAside: Database['readAside'];
  sessionTtlHours: number;
  changes: Changes;
}) {
  const { db } = deps;
  // Keyed by the cookie token itself: hashing it costs more than the rest of a cache hit.
  const sessionCache = deps.changes.cache<Actor>(cachedSessionLimit);
  // Verifying against a throwaway hash when the user is unknown keeps both answers equally slow.
  // Made on the first unknown-user login rather than at start-up, where it would cost every start.
  let decoyHash: Promise<string> | null = null;
  const decoy = () => (decoyHash ??= hashPassword(randomBytes(16).toString('hex')));

  async function login(usernameInput: string, password: string, ip: string): Promise<SessionTicket> {
    const username = usernameInput.trim().toLowerCase();
    const [user] = await db
      .select({
        id: users.id,
        passwordHash: users.passwordHash,
        disabled: users.disabled,
        displayName: users.displayName,
        orgPath: orgs.path,
        knownAddress: sql<boolean>`exists (select 1 from ${loginAddresses}
          where ${loginAddresses.userId} = ${users.id} and ${loginAddresses.ip} = ${ip}
            and ${loginAddresses.lastSuccessAt} > now() - make_interval(secs => ${knownAddressMs / 1000}))`,
      })
      .from(users)
      .leftJoin(orgs, eq(orgs.id, users.orgId))
      .where(eq(users.username, username));
    await reserveLoginAttempt(db, username, ip, user?.knownAddress ?? false);
    const valid = await verifyPassword(user?.passwordHash ?? (await decoy()), password);
    // A disabled account answers as a wrong password does, so the answer tells nothing about it;
    // the attempt stays counted as a failure like any other.
    if (!user || !valid || user.disabled) throw invalidCredentials();

    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    const expiresAt = new Date(Date.now() + deps.sessionTtlHours * 3_600_000);
    await db.transaction(async (tx) => {
      await tx.delete(sessions).where(lt(sessions.expiresAt, sql`now()`));
      await loginSucceeded(tx, username, ip);
      await tx
        .insert(loginAddresses)
        .values({ userId: user.id, ip })
        .onConflictDoUpdate({
          target: [loginAddresses.userId, loginAddresses.ip],
          set: { lastSuccessAt: sql`now()` },
        });
      await tx.insert(sessions).values({ id: sha256(token), userId: user.id, csrfToken, expiresAt });
      await tx
        .update(users)
        .set({ lastLoginAt: sql`now()` })
        .where(eq(users.id, user.id));
      await recordAudit(
        tx,
        { id: user.id, displayName: user.displayName, ip },
        {
          action: 'login',
          entityType: 'session',
          entityId: user.id,
          orgPath: user.orgPath,
        },
      );
    });
    await forgetOldFailures(db);
    return { token, csrfToken, expiresAt, userId: user.id };
  }

  /**
   * The actor behind a session cookie, or null when the session is unknown, expired or disabled.
   * Reads are served from memory after the first request (see cachedSession); the database is read
   * on a miss, and always for a request that may change something.
   */
  async function resolveSession(token: string, ip: string, method: string): Promise<Actor | null> {
    if (!readOnlyMethods.has(method)) {
      const read = await readSession(token);
      return read && { ...read.value, ip };
    }
    const cached = cachedSession(token, ip, method);
    if (cached) return cached;
    const actor = await sessionCache.load(token, async () => {
      const read = await readSession(token);
      return read && { value: { ...read.value, ip }, until: read.until };
    });
    return actor && (actor.ip === ip ? actor : { ...actor, ip });
  }

  /**
   * The cached actor of a session, without waiting: any write to sessions, users or orgs (logout,
   * password change or reset, role, org or disabled changes, org moves) clears the cache through
   * the database triggers, and no entry is served past its session's expiry. Actors are shared
   * between requests and never modified; one from another address is a copy carrying that address.
   */
  function cachedSession(token: string, ip: string, method: string): Actor | undefined {
    if (!readOnlyMethods.has(method)) return undefined;
    const actor = sessionCache.get(token);
    return actor && (actor.ip === ip ? actor : { ...actor, ip });
  }

  async function readSession(token: string) {
    const sessionId = sha256(token);
    const [row] = await deps.readAside((on) =>
      on
        .select({
          id: users.id,
          username: users.username,
          displayName: users.displayName,
          role: users.role,
          orgId: users.orgId,
          orgPath: orgs.path,
          mustChangePassword: users.mustChangePassword,
          disabled: users.disabled,
          csrfToken: sessions.csrfToken,
          expiresAt: sessions.expiresAt,
        })
        .from(sessions)
        .innerJoin(users, eq(users.id, sessions.userId))
        .leftJoin(orgs, eq(orgs.id, users.orgId))
        // Not now(): read aside inside a long transaction, that is the transaction's start.
        .where(and(eq(sessions.id, sessionId), gt(sessions.expiresAt, sql`statement_timestamp()`))),
    );
    if (!row || row.disabled) return null;
    const role = row.role as Role;
    const value = {
      id: row.id,
      username: row.username,
      displayName: row.displayName,
      role,
      orgId: row.orgId,
      orgPath: row.orgPath,
      scope: scopeOf({ role, orgPath: row.orgPath }),
      mustChangePassword: row.mustChangePassword,
      sessionId,
      csrfToken: row.csrfToken,
    };
    return { value, until: row.expiresAt.getTime() };
  }

  async function logout(actor: Actor): Promise<void> {
    await db.transaction(async (tx) => {
      await tx.delete(sessions).where(eq(sessions.id, actor.sessionId));
      await recordAudit(tx, actor, {
        action: 'logout',
        entityType: 'session',
        entityId: actor.id,
        orgPath: actor.orgPath,
      });
    });
  }

  /**
   * Throttled as a login from a known address: a stolen session cannot be used to guess the
   * password it would need to keep the account.
   */
  async function changePassword(actor: Actor, currentPassword: string, newPassword: string): Promise<void> {
    const [user] = await db
      .select({ passwordHash: users.passwordHash })
      .from(users)
      .where(eq(users.id, actor.id));
    // Judged before the current password, which is then only checked for a change that could be made.
    const weakness = passwordWeakness(newPassword, actor.username);
    if (weakness) throw badRequest('WEAK_PASSWORD', weakness);
    if (currentPassword === newPassword) throw badRequest('WEAK_PASSWORD', '新密码不能与当前密码相同');
    await reserveLoginAttempt(db, actor.username, actor.ip, true);
    if (!user || !(await verifyPassword(user.passwordHash, currentPassword))) {
      throw badRequest('WRONG_PASSWORD', '当前密码不正确');
    }
    await db.transaction((tx) => loginSucceeded(tx, actor.username, actor.ip));
    if (await wasUsedRecently(db, actor.id, newPassword)) {
      throw badRequest('PASSWORD_REUSED', `新密码不能与最近 ${passwordHistoryDepth} 次用过的密码相同`);
    }
    const passwordHash = await hashPassword(newPassword);
    await db.transaction(async (tx) => {
      await tx
        .update(users)
        .set({ passwordHash, mustChangePassword: false, updatedAt: sql`now()` })
        .where(eq(users.id, actor.id));
      await rememberPassword(tx, actor.id, passwordHash);
      // Other sessions may belong to whoever knew the old password.
      await tx.delete(sessions).where(and(eq(sessions.userId, actor.id), ne(sessions.id, actor.sessionId)));
      await recordAudit(tx, actor, {
        action: 'password.change',
        entityType: 'user',
        entityId: actor.id,
        orgPath: actor.orgPath,
        before: { mustChangePassword: actor.mustChangePassword },
        after: { mustChangePassword: false },
      });
    });
  }

  return { login, resolveSession, cachedSession, logout, changePassword };
}

export type AuthService = ReturnType<typeof createAuthService>;
