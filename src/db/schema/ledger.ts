import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { ledgerKinds } from '../../domain/ledger.js';
import { members } from './members.js';
import { orgs } from './orgs.js';
import { createdAt, updatedAt } from './types.js';

const kindList = sql.raw(ledgerKinds.map((k) => `'${k}'`).join(','));

/**
 * 台账: one piece of work an org recorded (a meeting, a lesson, a visit, the filed plan). It grows
 * every year, so the day it was held is part of the key: the table (and the attendance, which
 * carries the same day) can be partitioned by year range on `held_on` and a year dropped or
 * detached as a whole, with every query unchanged, since each reads by `held_on` ranges
 * (docs/architecture.md, "The work ledger").
 */
export const ledgerRecords = pgTable(
  'ledger_records',
  {
    id: integer('id').generatedByDefaultAsIdentity().notNull(),
    heldOn: date('held_on', { mode: 'string' }).notNull(),
    // An org with a ledger is not deleted (409 ORG_HAS_LEDGER): its work is the record scores rest on.
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'restrict' }),
    kind: text('kind').notNull(),
    topic: text('topic').notNull(),
    // A member of the org on the day, or the name of someone from outside (a town leader, a lecturer).
    hostMemberId: integer('host_member_id').references(() => members.id, { onDelete: 'set null' }),
    hostName: text('host_name'),
    place: text('place'),
    minutes: text('minutes'),
    // Only kinds that carry hours (党课, training) have them; they count towards members' yearly hours.
    hours: numeric('hours', { precision: 5, scale: 1, mode: 'number' }),
    // Its attendance counted, kept by a trigger on ledger_attendance (migration 0022), so that
    // attendance rates over a year of records read the records alone.
    presentCount: integer('present_count').notNull().default(0),
    listedCount: integer('listed_count').notNull().default(0),
    // Late entry is allowed but shown with its day; set once, never by an update.
    enteredOn: date('entered_on', { mode: 'string' }).notNull(),
    enteredAt: timestamp('entered_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    // No foreign key, as in the audit log: who entered it outlives the account.
    enteredBy: integer('entered_by'),
    enteredByName: text('entered_by_name'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ name: 'ledger_records_pkey', columns: [t.id, t.heldOn] }),
    // Rules ask per org and period (and kind); the list asks per org subtree, newest first.
    index('ledger_records_org_day_idx').on(t.orgId, t.heldOn, t.kind),
    index('ledger_records_host_idx').on(t.hostMemberId),
    check('ledger_records_kind_check', sql`${t.kind} in (${kindList})`),
    check('ledger_records_hours_check', sql`${t.hours} is null or ${t.hours} > 0`),
  ],
);

/** Who was listed for a record: present, or absent with a reason. Carries the record's day (see above). */
export const ledgerAttendance = pgTable(
  'ledger_attendance',
  {
    // For backups, which read every table in chunks by an id; never a key of its own (see above).
    id: integer('id').generatedByDefaultAsIdentity().notNull(),
    recordId: integer('record_id').notNull(),
    heldOn: date('held_on', { mode: 'string' }).notNull(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    present: boolean('present').notNull(),
    absenceReason: text('absence_reason'),
  },
  (t) => [
    primaryKey({ name: 'ledger_attendance_pkey', columns: [t.recordId, t.heldOn, t.memberId] }),
    // A record whose day changes takes its attendance along; deleting it deletes them.
    foreignKey({
      name: 'ledger_attendance_record_fk',
      columns: [t.recordId, t.heldOn],
      foreignColumns: [ledgerRecords.id, ledgerRecords.heldOn],
    })
      .onUpdate('cascade')
      .onDelete('cascade'),
    // A member's history and yearly training hours.
    index('ledger_attendance_member_idx').on(t.memberId, t.heldOn),
    index('ledger_attendance_id_idx').on(t.id),
    check(
      'ledger_attendance_absence_check',
      sql`(${t.present} and ${t.absenceReason} is null) or (not ${t.present} and ${t.absenceReason} is not null)`,
    ),
  ],
);
