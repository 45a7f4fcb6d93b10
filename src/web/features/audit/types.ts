export const auditEntityTypes = ['org', 'user', 'session'] as const;
export type AuditEntityType = (typeof auditEntityTypes)[number];

export const auditActions = [
  'create',
  'update',
  'delete',
  'move',
  'transfer.out',
  'idCard.probe',
  'login',
  'logout',
  'password.change',
  'password.reset',
  'login.unlock',
] as const;
export type AuditAction = (typeof auditActions)[number];

export interface AuditEntry {
  id: number;
  at: string;
  actorId: number | null;
  actorName: string | null;
  /** One of auditActions; kept as string so entries of newer kinds still show. */
  action: string;
  entityType: string;
  entityId: string | null;
  orgId: number | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  ip: string | null;
  /** Recorded without its actor by design (anonymous ballots): no actor, no IP, the day only. */
  unattributed: boolean;
}

export interface ListAuditParams {
  entityType?: string | null;
  action?: string | null;
  actorId?: number | null;
  orgId?: number | null;
  /** ISO datetimes. */
  from?: string | null;
  to?: string | null;
  page: number;
  pageSize: number;
}
