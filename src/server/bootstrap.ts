import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { users } from '../db/schema/index.js';
import { recordAudit } from './modules/audit/record.js';
import { rememberPassword } from './modules/auth/password-history.js';
import { generatePassword, hashPassword } from './password.js';

export const initialAdminUsername = 'admin';

/**
 * On an empty database, creates the first admin. The password comes from SHUPING_ADMIN_PASSWORD or
 * is generated and returned so the caller prints it once; either way it must be changed at first login.
 * Safe when several instances start together: only one insert wins.
 */
export async function ensureInitialAdmin(
  db: Db,
  password: string | undefined,
): Promise<{ password: string; generated: boolean } | null> {
  const [anyAdmin] = await db.select({ id: users.id }).from(users).where(eq(users.role, 'admin')).limit(1);
  if (anyAdmin) return null;
  const chosen = password ?? generatePassword();
  const passwordHash = await hashPassword(chosen);
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(users)
      .values({
        username: initialAdminUsername,
        displayName: '系统管理员',
        passwordHash,
        role: 'admin',
        mustChangePassword: true,
      })
      .onConflictDoNothing({ target: users.username })
      .returning({ id: users.id });
    if (!inserted[0]) return null;
    await rememberPassword(tx, inserted[0].id, passwordHash);
    await recordAudit(tx, null, {
      action: 'create',
      entityType: 'user',
      entityId: inserted[0].id,
      orgPath: null,
      after: { username: initialAdminUsername, role: 'admin' },
    });
    return { password: chosen, generated: password === undefined };
  });
}
