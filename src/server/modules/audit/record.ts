import type { AuditAction, AuditEntityType } from '../../../domain/audit.js';
import { redactSecrets } from '../../../domain/redact.js';
import type { Db } from '../../../db/client.js';
import { auditLog } from '../../../db/schema/index.js';
import type { Actor } from '../../http/actor.js';

export interface AuditEvent {
  action: AuditAction;
  entityType: AuditEntityType;
  entityId: string | number | null;
  /** Path of the org the change belongs to: who may read the entry. */
  orgPath: string | null;
  before?: object;
  after?: object;
}

export type AuditActor = Pick<Actor, 'id' | 'displayName' | 'ip'>;

/** Writes one audit entry; call it inside the transaction of the change so both land or neither. */
export async function recordAudit(db: Db, actor: AuditActor | null, event: AuditEvent): Promise<void> {
  await db.insert(auditLog).values({
    actorId: actor?.id || null,
    actorName: actor?.displayName ?? null,
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId === null ? null : String(event.entityId),
    orgPath: event.orgPath,
    before: event.before === undefined ? null : (redactSecrets(event.before) as Record<string, unknown>),
    after: event.after === undefined ? null : (redactSecrets(event.after) as Record<string, unknown>),
    ip: actor?.ip ?? null,
  });
}
