import { isIsoDay } from '../../../domain/dates.js';
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
  // An anonymous kind recorded with its actor would undo the anonymity: refused for callers that cast.
  if (Object.hasOwn(unattributedAuditEvents, event.action))
    throw new Error(`audit event "${event.action}" is recorded only without its actor`);
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

/**
 * The only events a module may record without their actor, each with why it must be anonymous.
 * Anonymity is a decision made here, in review, not by a caller passing a null actor: adding a kind
 * means adding it to this list.
 */
export const unattributedAuditEvents = {
  /** 民主测评: "a ballot was cast in meeting X" must be auditable without who cast it or when. */
  'ballot.cast': { entityType: 'reviewMeeting' },
} as const satisfies Record<string, { entityType: string }>;

export type UnattributedAuditAction = keyof typeof unattributedAuditEvents;

export interface UnattributedAuditEvent<A extends UnattributedAuditAction = UnattributedAuditAction> {
  action: A;
  entityId: string | number;
  /** Path of the org the event belongs to: who may read the entry. */
  orgPath: string | null;
  /** The day it happened (YYYY-MM-DD), e.g. the meeting day; the entry keeps nothing finer. */
  day: string;
  /** What may be said of the event without identifying anyone (never the ballot's content). */
  after?: object;
}

/**
 * Writes an audit entry that by design names no actor, no IP and no time finer than the day, for
 * the events of `unattributedAuditEvents` only (a kind outside it is a type error, and refused at
 * run time for callers that cast). The table's check constraint holds the same line in SQL.
 */
export async function recordUnattributedAudit<A extends UnattributedAuditAction>(
  db: Db,
  event: UnattributedAuditEvent<A>,
): Promise<void> {
  const allowed = Object.hasOwn(unattributedAuditEvents, event.action)
    ? unattributedAuditEvents[event.action]
    : undefined;
  if (!allowed)
    throw new Error(`audit event "${String(event.action)}" may not be recorded without its actor`);
  if (!isIsoDay(event.day)) throw new Error(`unattributed audit day "${event.day}" is not YYYY-MM-DD`);
  await db.insert(auditLog).values({
    at: new Date(`${event.day}T00:00:00Z`),
    actorId: null,
    actorName: null,
    action: event.action,
    entityType: allowed.entityType,
    entityId: String(event.entityId),
    orgPath: event.orgPath,
    before: null,
    after: event.after === undefined ? null : (redactSecrets(event.after) as Record<string, unknown>),
    ip: null,
    unattributed: true,
  });
}
