import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { ltree } from './types.js';

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    // No foreign keys: the log outlives the users and orgs it mentions.
    actorId: integer('actor_id'),
    actorName: text('actor_name'),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    // Path of the org the change belongs to; scopes who may read the entry. Null: admins only.
    orgPath: ltree('org_path'),
    before: jsonb('before').$type<Record<string, unknown>>(),
    after: jsonb('after').$type<Record<string, unknown>>(),
    ip: text('ip'),
    // Recorded without its actor by design (recordUnattributedAudit): the anonymous ballots.
    unattributed: boolean('unattributed').notNull().default(false),
  },
  (t) => [
    index('audit_log_at_idx').on(t.at),
    // The ID-number probe limit counts one actor's entries of the last day.
    index('audit_log_actor_at_idx').on(t.actorId, t.at),
    index('audit_log_entity_idx').on(t.entityType, t.entityId),
    index('audit_log_org_path_gist').using('gist', t.orgPath),
    // Whoever writes it, an unattributed entry names nobody and keeps no time finer than its day
    // (UTC midnight), so neither the actor nor the moment can be read back from the log.
    check(
      'audit_log_unattributed_anonymous',
      sql`not ${t.unattributed} or (${t.actorId} is null and ${t.actorName} is null and ${t.ip} is null
        and ${t.at} = date_trunc('day', ${t.at}, 'UTC'))`,
    ),
  ],
);
