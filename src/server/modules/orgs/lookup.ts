import { and, eq, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { orgs } from '../../../db/schema/index.js';
import { notFound } from '../../errors.js';
import type { Actor } from '../../http/actor.js';
import { withinScope } from '../../http/scope-sql.js';

/** The few columns other modules need of an org they attach things to. */
export interface ScopedOrg {
  id: number;
  path: string;
  name: string;
  /** Members may not be placed in a dissolved org. */
  dissolvedOn: string | null;
}

/** An org in the actor's scope, read in the caller's transaction; 404 names `what` otherwise. */
export async function orgInScope(tx: Db, actor: Actor, id: number, what = '组织'): Promise<ScopedOrg> {
  const [org] = await tx
    .select({ id: orgs.id, path: orgs.path, name: orgs.name, dissolvedOn: orgs.dissolvedOn })
    .from(orgs)
    .where(and(eq(orgs.id, id), withinScope(actor.scope, orgs.path)));
  if (!org) throw notFound(`${what}不存在或不在您的管理范围内`);
  return org;
}

/**
 * The condition limiting `column` (an org path) to what a query asks for: the subtree of the named
 * org when one is given (404 when it is out of scope), else the actor's whole scope.
 */
export async function subtreeWithin(
  db: Db,
  actor: Actor,
  orgId: number | undefined,
  column: AnyColumn | SQL,
) {
  if (orgId === undefined) return withinScope(actor.scope, column);
  const org = await orgInScope(db, actor, orgId);
  return and(withinScope(actor.scope, column), sql`${column} <@ ${org.path}::ltree`)!;
}
