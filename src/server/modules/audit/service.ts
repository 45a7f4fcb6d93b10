import type { AuditEntry } from '../../../contract/audit.js';
import type { Page } from '../../../contract/common.js';
import { and, desc, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { auditLog } from '../../../db/schema/index.js';
import { badRequest } from '../../errors.js';
import type { Actor } from '../../http/actor.js';
import { withinScope } from '../../http/scope-sql.js';
import type { OrgService } from '../orgs/service.js';

export interface AuditQuery {
  entityType?: string | undefined;
  action?: string | undefined;
  actorId?: number | undefined;
  orgId?: number | undefined;
  from?: string | undefined;
  to?: string | undefined;
  page: number;
  pageSize: number;
}

/**
 * A time filter as a Date. The date-time format still lets through leap seconds (23:59:60) and
 * instants outside years 1–9999, which JavaScript or PostgreSQL cannot take.
 */
function timeFilter(text: string, field: string): Date {
  const at = new Date(text);
  const year = at.getUTCFullYear();
  if (Number.isNaN(at.getTime()) || year < 1 || year > 9999)
    throw badRequest('VALIDATION_ERROR', `输入不合法：${field} 不是有效的时间`, [
      { field, message: '不是有效的时间' },
    ]);
  return at;
}

const orgIdOfPath = (path: string | null) =>
  path === null ? null : Number(path.slice(path.lastIndexOf('.') + 1));

export function createAuditService(deps: { db: Db; orgs: Pick<OrgService, 'findInScope'> }) {
  const { db } = deps;
  return {
    async list(actor: Actor, query: AuditQuery): Promise<Page<AuditEntry>> {
      // Entries without an org path (system-wide) match no subtree condition: admins only.
      const filters: (SQL | undefined)[] = [withinScope(actor.scope, auditLog.orgPath)];
      if (query.entityType) filters.push(eq(auditLog.entityType, query.entityType));
      if (query.action) filters.push(eq(auditLog.action, query.action));
      if (query.actorId !== undefined) filters.push(eq(auditLog.actorId, query.actorId));
      if (query.from) filters.push(gte(auditLog.at, timeFilter(query.from, 'from')));
      if (query.to) filters.push(lte(auditLog.at, timeFilter(query.to, 'to')));
      if (query.orgId !== undefined) {
        const org = await deps.orgs.findInScope(actor.scope, query.orgId);
        filters.push(sql`${auditLog.orgPath} <@ ${org.path}::ltree`);
      }
      const where = and(...filters);
      const [rows, [count]] = await Promise.all([
        db
          .select()
          .from(auditLog)
          .where(where)
          .orderBy(desc(auditLog.id))
          .limit(query.pageSize)
          .offset((query.page - 1) * query.pageSize),
        db
          .select({ n: sql<number>`count(*)::int` })
          .from(auditLog)
          .where(where),
      ]);
      return {
        items: rows.map(({ orgPath, ...row }) => ({
          ...row,
          at: row.at.toISOString(),
          orgId: orgIdOfPath(orgPath),
        })),
        total: count?.n ?? 0,
      };
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
