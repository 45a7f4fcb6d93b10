import { and, desc, eq, notInArray } from 'drizzle-orm';
import { passwordHistoryDepth } from '../../../domain/password-rule.js';
import type { Db } from '../../../db/client.js';
import { passwordHistory } from '../../../db/schema/index.js';
import { verifyPassword } from '../../password.js';

/** Adds a newly set password hash to the account's history and forgets all but the latest few. */
export async function rememberPassword(tx: Db, userId: number, passwordHash: string): Promise<void> {
  await tx.insert(passwordHistory).values({ userId, passwordHash });
  const kept = tx
    .select({ id: passwordHistory.id })
    .from(passwordHistory)
    .where(eq(passwordHistory.userId, userId))
    .orderBy(desc(passwordHistory.id))
    .limit(passwordHistoryDepth);
  await tx
    .delete(passwordHistory)
    .where(and(eq(passwordHistory.userId, userId), notInArray(passwordHistory.id, kept)));
}

/** Whether `password` is one of the account's latest passwords. */
export async function wasUsedRecently(db: Db, userId: number, password: string): Promise<boolean> {
  const rows = await db
    .select({ passwordHash: passwordHistory.passwordHash })
    .from(passwordHistory)
    .where(eq(passwordHistory.userId, userId))
    .orderBy(desc(passwordHistory.id))
    .limit(passwordHistoryDepth);
  const matches = await Promise.all(rows.map((row) => verifyPassword(row.passwordHash, password)));
  return matches.includes(true);
}
