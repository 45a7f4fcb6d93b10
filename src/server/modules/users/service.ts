import { and, asc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { canAssignRole, canManageUser, roleNeedsOrg, type Role } from '../../../domain/access.js';
import { passwordWeakness } from '../../../domain/password-policy.js';
import type { Db } from '../../../db/client.js';
import { orgs, sessions, users } from '../../../db/schema/index.js';
import { badRequest, conflict, forbidden, notFound } from '../../errors.js';
import type { Actor } from '../../http/actor.js';
import { withinScope } from '../../http/scope-sql.js';
import { generatePassword, hashPassword } from '../../password.js';
import { recordAudit } from '../audit/record.js';
import { rememberPassword } from '../auth/password-history.js';
import { clearLoginLocks } from '../auth/throttle.js';
import type { OrgService } from '../orgs/service.js';
import type { CreateUserInput, UpdateUserInput, User } from '../../../contract/users.js';

const userColumns = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  role: users.role,
  orgId: users.orgId,
  orgName: orgs.name,
  orgPath: orgs.path,
  mustChangePassword: users.mustChangePassword,
  disabled: users.disabled,
  createdAt: users.createdAt,
  lastLoginAt: users.lastLoginAt,
};

type UserRow = Omit<User, 'role' | 'createdAt' | 'lastLoginAt'> & {
  role: string;
  orgPath: string | null;
  createdAt: Date;
  lastLoginAt: Date | null;
};

const toDto = ({ orgPath: _orgPath, ...row }: UserRow): User => ({
  ...row,
  role: row.role as Role,
  createdAt: row.createdAt.toISOString(),
  lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
});

const auditView = (u: User) => ({
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  orgId: u.orgId,
  disabled: u.disabled,
});

export interface UserListQuery {
  orgId?: number | undefined;
  q?: string | undefined;
  role?: Role | undefined;
  page: number;
  pageSize: number;
}

const outOfScope = () => notFound('用户不存在或不在您的管理范围内');
const notManaged = (what: string) =>
  forbidden('FORBIDDEN', `您无权${what}：只能管理角色低于您的用户，或下级组织的用户`);

export function createUserService(deps: { db: Db; orgs: Pick<OrgService, 'findInScope'> }) {
  const { db } = deps;

  async function findRow(dbOrTx: Db, where: SQL): Promise<UserRow | undefined> {
    const [row] = await dbOrTx
      .select(userColumns)
      .from(users)
      .leftJoin(orgs, eq(orgs.id, users.orgId))
      .where(where);
    return row;
  }

  async function findInScope(dbOrTx: Db, actor: Actor, id: number): Promise<UserRow> {
    const row = await findRow(dbOrTx, and(eq(users.id, id), withinScope(actor.scope, orgs.path))!);
    if (!row) throw outOfScope();
    return row;
  }

  /**
   * The org a user is to be bound to: required for every role but admin, inside the actor's scope,
   * and such that the actor still manages the account afterwards.
   */
  async function checkBinding(actor: Actor, role: Role, orgId: number | null): Promise<void> {
    if (!canAssignRole(actor.role, role)) throw forbidden('FORBIDDEN', '您无权授予该角色');
    if (orgId === null) {
      if (roleNeedsOrg(role)) throw badRequest('ORG_REQUIRED', '除系统管理员外，用户必须归属于一个组织');
      return;
    }
    const org = await deps.orgs.findInScope(actor.scope, orgId);
    if (!canManageUser(actor, { role, orgPath: org.path })) throw notManaged('在该组织设置该角色');
  }

  /** An existing account the actor manages, or 404 (out of scope) / 403 (a peer or above). */
  async function findManaged(actor: Actor, id: number, what: string): Promise<UserRow> {
    const row = await findInScope(db, actor, id);
    if (!canManageUser(actor, { role: row.role as Role, orgPath: row.orgPath })) throw notManaged(what);
    return row;
  }

  return {
    async getSelf(id: number): Promise<User> {
      const row = await findRow(db, eq(users.id, id));
      if (!row) throw notFound('用户不存在');
      return toDto(row);
    },

    async get(actor: Actor, id: number): Promise<User> {
      return toDto(await findInScope(db, actor, id));
    },

    async list(actor: Actor, query: UserListQuery): Promise<{ items: User[]; total: number }> {
      const filters: (SQL | undefined)[] = [withinScope(actor.scope, orgs.path)];
      if (query.orgId !== undefined) {
        const org = await deps.orgs.findInScope(actor.scope, query.orgId);
        filters.push(sql`${orgs.path} <@ ${org.path}::ltree`);
      }
      if (query.q) {
        const pattern = `%${query.q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
        filters.push(or(ilike(users.username, pattern), ilike(users.displayName, pattern)));
      }
      if (query.role) filters.push(eq(users.role, query.role));
      const where = and(...filters);
      const [rows, [count]] = await Promise.all([
        db
          .select(userColumns)
          .from(users)
          .leftJoin(orgs, eq(orgs.id, users.orgId))
          .where(where)
          .orderBy(asc(users.username))
          .limit(query.pageSize)
          .offset((query.page - 1) * query.pageSize),
        db
          .select({ n: sql<number>`count(*)::int` })
          .from(users)
          .leftJoin(orgs, eq(orgs.id, users.orgId))
          .where(where),
      ]);
      return { items: rows.map(toDto), total: count?.n ?? 0 };
    },

    async create(actor: Actor, body: CreateUserInput): Promise<{ user: User; initialPassword?: string }> {
      await checkBinding(actor, body.role, body.orgId);
      const username = body.username.toLowerCase();
      const initialPassword = body.password === undefined ? generatePassword() : undefined;
      const password = body.password ?? initialPassword!;
      // Only a chosen password is judged: a generated one is random, starts with "Sp-" whatever the
      // username (so "sp-" would always be refused), and must be changed at first login anyway.
      const weakness = body.password === undefined ? null : passwordWeakness(password, username);
      if (weakness) throw badRequest('WEAK_PASSWORD', weakness);
      const passwordHash = await hashPassword(password);
      const user = await db.transaction(async (tx) => {
        const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.username, username));
        if (taken) throw conflict('USERNAME_TAKEN', `用户名“${username}”已被使用`);
        const [inserted] = await tx
          .insert(users)
          .values({
            username,
            displayName: body.displayName.trim(),
            passwordHash,
            role: body.role,
            orgId: body.orgId,
            mustChangePassword: true,
          })
          // A simultaneous creation of the same name gets past the check above; the unique index decides.
          .onConflictDoNothing({ target: users.username })
          .returning({ id: users.id });
        if (!inserted) throw conflict('USERNAME_TAKEN', `用户名“${username}”已被使用`);
        await rememberPassword(tx, inserted.id, passwordHash);
        const created = toDto((await findRow(tx, eq(users.id, inserted!.id)))!);
        const orgPath = (await findRow(tx, eq(users.id, inserted!.id)))!.orgPath;
        await recordAudit(tx, actor, {
          action: 'create',
          entityType: 'user',
          entityId: created.id,
          orgPath,
          after: auditView(created),
        });
        return created;
      });
      return initialPassword ? { user, initialPassword } : { user };
    },

    async update(actor: Actor, id: number, body: UpdateUserInput): Promise<User> {
      const self = id === actor.id;
      if (self && (body.role !== undefined || body.disabled || body.orgId !== undefined)) {
        throw forbidden('SELF_CHANGE_FORBIDDEN', '不能修改自己的角色、所属组织或停用自己的账户');
      }
      // Both the account as it is and as it will be must be one the actor manages; one's own display
      // name is the exception.
      const beforeRow = self ? await findInScope(db, actor, id) : await findManaged(actor, id, '修改该用户');
      const before = toDto(beforeRow);
      const role = body.role ?? before.role;
      const orgId = body.orgId !== undefined ? body.orgId : before.orgId;
      if (body.role !== undefined || body.orgId !== undefined) await checkBinding(actor, role, orgId);
      return db.transaction(async (tx) => {
        await tx
          .update(users)
          .set({
            displayName: body.displayName?.trim(),
            role,
            orgId,
            disabled: body.disabled,
            updatedAt: sql`now()`,
          })
          .where(eq(users.id, id));
        // A disabled account or one whose reach changed signs in again under its new rights.
        if (body.disabled || role !== before.role || orgId !== before.orgId) {
          await tx.delete(sessions).where(eq(sessions.userId, id));
        }
        const afterRow = (await findRow(tx, eq(users.id, id)))!;
        const after = toDto(afterRow);
        await recordAudit(tx, actor, {
          action: 'update',
          entityType: 'user',
          entityId: id,
          orgPath: afterRow.orgPath,
          before: auditView(before),
          after: auditView(after),
        });
        return after;
      });
    },

    async resetPassword(actor: Actor, id: number): Promise<{ password: string }> {
      if (id === actor.id) throw badRequest('SELF_RESET_FORBIDDEN', '请通过“修改密码”修改自己的密码');
      const target = await findManaged(actor, id, '重置该用户的密码');
      const password = generatePassword();
      const passwordHash = await hashPassword(password);
      await db.transaction(async (tx) => {
        await tx
          .update(users)
          .set({ passwordHash, mustChangePassword: true, updatedAt: sql`now()` })
          .where(eq(users.id, id));
        await rememberPassword(tx, id, passwordHash);
        await tx.delete(sessions).where(eq(sessions.userId, id));
        await recordAudit(tx, actor, {
          action: 'password.reset',
          entityType: 'user',
          entityId: id,
          orgPath: target.orgPath,
        });
      });
      return { password };
    },

    /** Lifts the account's login lock-outs (see src/domain/login-throttle.ts). */
    async clearLoginLock(actor: Actor, id: number): Promise<void> {
      const target = await findManaged(actor, id, '解除该用户的登录锁定');
      await db.transaction(async (tx) => {
        const cleared = await clearLoginLocks(tx, target.username);
        await recordAudit(tx, actor, {
          action: 'login.unlock',
          entityType: 'user',
          entityId: id,
          orgPath: target.orgPath,
          after: { clearedCounters: cleared },
        });
      });
    },
  };
}

export type UserService = ReturnType<typeof createUserService>;
