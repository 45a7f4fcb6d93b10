import { Type, type Static } from 'typebox';
import { Id, Nullable, Pagination, Timestamp } from './common.js';

export type { AuditAction, AuditEntityType } from '../domain/audit.js';

const JsonObject = Nullable(Type.Record(Type.String(), Type.Unknown()));

export const AuditEntry = Type.Object({
  id: Type.Integer(),
  at: Timestamp,
  actorId: Nullable(Type.Integer()),
  actorName: Nullable(Type.String()),
  // Kept as text, not the enum, so entries of kinds added later still show.
  action: Type.String(),
  entityType: Type.String(),
  entityId: Nullable(Type.String()),
  orgId: Nullable(Type.Integer()),
  before: JsonObject,
  after: JsonObject,
  ip: Nullable(Type.String()),
  unattributed: Type.Boolean({
    description: '按设计不记录操作人（如匿名测评票）：操作人、IP 为空，时间只到日',
  }),
});
export type AuditEntry = Static<typeof AuditEntry>;

export const ListAuditParams = Type.Object(
  {
    entityType: Type.Optional(Type.String({ maxLength: 40 })),
    action: Type.Optional(Type.String({ maxLength: 40 })),
    actorId: Type.Optional(Id),
    orgId: Type.Optional(Id),
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
    ...Pagination,
  },
  { additionalProperties: false },
);
export type ListAuditParams = Static<typeof ListAuditParams>;
