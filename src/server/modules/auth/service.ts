import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq, gt, lt, ne, sql } from 'drizzle-orm';
import { scopeOf, type Role } from '../../../domain/access.js';
import { passwordWeakness } from '../../../domain/password-policy.js';
import type { Db } from '../../../db/client.js';
import { loginFailures, orgs, sessions, users } from '../../../db/schema/index.js';
import { AppError, badRequest, forbidden, tooManyRequests } from '../../errors.js';
import type { Changes } from '../../cache/changes.js';
import type { Actor } from '../../http/actor.js';
import { hashPassword, verifyPassword } from '../../password.js';
import { recordAudit } from '../audit/record.js';

const failureWindowMinutes = 15;
const maxFailuresPerUsername = 5;
const maxFailuresPerIp = 30;

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

/** Sessions kept in memory at most; beyond it the oldest are read again from the database. */
const cachedSessionLimit = 20_000;

export function createAuthService(deps: { db: Db; sessionTtlHours: number; changes: Changes }) {
  const { db } = deps;
  // Keyed by the cookie token itself: hashing it costs more than the rest of a cache hit.
  const sessionCache = deps.changes.cache<Actor>(cachedSessionLimit);
  // Verifying against a throwaway hash when the user is unknown keeps both answers equally slow.
  // Made on the first unknown-user login rather than at start-up, where it would cost every start.
  let decoyHash: Promise<string> | null = null;
  const decoy = () => (decoyHash ??= hashPassword(randomBytes(16).toString('hex')));

  async function countRecentFailures(
    column: typeof loginFailures.username | typeof loginFailures.ip,
    value: string,
  ) {
    const [row] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(loginFailures)
      .where(
        and(
          eq(column, value),
          gt(loginFailures.at, sql`now() - make_interval(mins => ${failureWindowMinutes})`),
        ),
      );
    return row?.n ?? 0;
  }

  async function login(usernameInput: string, password: string, ip: string): Promise<SessionTicket> {
    const username = usernameInput.trim().toLowerCase();
    if (
      (await countRecentFailures(loginFailures.username, username)) >= maxFailuresPerUsername ||
      (await countRecentFailures(loginFailures.ip, ip)) >= maxFailuresPerIp
    ) {
      throw tooManyRequests(
        'TOO_MANY_ATTEMPTS',
        `登录失败次数过多，请 ${failureWindowMinutes} 分钟后再试`,
        failureWindowMinutes * 60,
      );
    }
    const [user] = await db
      .select({
        id: users.id,
        passwordHash: users.passwordHash,
        disabled: users.disabled,
        displayName: users.displayName,
        orgPath: orgs.path,
      })
      .from(users)
      .leftJoin(orgs, eq(orgs.id, users.orgId))
      .where(eq(users.username, username));
    const valid = await verifyPassword(user?.passwordHash ?? (await decoy()), password);
    if (!user || !valid) {
      await db.insert(loginFailures).values({ username, ip });
      throw new AppError(401, 'INVALID_CREDENTIALS', '用户名或密码错误');
    }
    if (user.disabled) throw forbidden('ACCOUNT_DISABLED', '该账户已停用，请联系管理员');

    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    const expiresAt = new Date(Date.now() + deps.sessionTtlHours * 3_600_000);
    await db.transaction(async (tx) => {
      await tx.delete(sessions).where(lt(sessions.expiresAt, sql`now()`));
      await tx.delete(loginFailures).where(eq(loginFailures.username, username));
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
    return { token, csrfToken, expiresAt, userId: user.id };
  }

  /**
   * The actor behind a session cookie, or null when the session is unknown, expired or disabled.
   * Served from memory after the first request (see cachedSession); the database is read on a miss.
   */
  async function resolveSession(token: string, ip: string): Promise<Actor | null> {
    const cached = cachedSession(token, ip);
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
  function cachedSession(token: string, ip: string): Actor | undefined {
    const actor = sessionCache.get(token);
    return actor && (actor.ip === ip ? actor : { ...actor, ip });
  }

  async function readSession(token: string) {
    const sessionId = sha256(token);
    const [row] = await db
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
      .where(and(eq(sessions.id, sessionId), gt(sessions.expiresAt, sql`now()`)));
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

  async function changePassword(actor: Actor, currentPassword: string, newPassword: string): Promise<void> {
    const [user] = await db
      .select({ passwordHash: users.passwordHash })
      .from(users)
      .where(eq(users.id, actor.id));
    if (!user || !(await verifyPassword(user.passwordHash, currentPassword))) {
      throw badRequest('WRONG_PASSWORD', '当前密码不正确');
    }
    const weakness = passwordWeakness(newPassword, actor.username);
    if (weakness) throw badRequest('WEAK_PASSWORD', weakness);
    if (currentPassword === newPassword) throw badRequest('WEAK_PASSWORD', '新密码不能与当前密码相同');
    const passwordHash = await hashPassword(newPassword);
    await db.transaction(async (tx) => {
      await tx
        .update(users)
        .set({ passwordHash, mustChangePassword: false, updatedAt: sql`now()` })
        .where(eq(users.id, actor.id));
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
