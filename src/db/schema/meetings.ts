import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import type {
  AnyBallotChoices,
  BallotChoices,
  BallotItem,
  MeetingRules,
  PanelistCategory,
} from '../../domain/meetings.js';
import { cycles } from './cycles.js';
import { orgs } from './orgs.js';
import { users } from './users.js';
import { createdAt, updatedAt } from './types.js';

/*
 * 述职评议会 and 民主测评. Anonymity is built into these tables, not left to the code that reads
 * them:
 * - a ballot row holds its meeting, its panelist category, whether it is a rehearsal, its choices
 *   and the SHA-256 of its receipt — no code, no code id, no user, no time, and a random uuid as
 *   its id, so nothing stored orders ballots by arrival;
 * - the receipt is `receiptFor(code, submissionId)`, where the submission id is a random id the
 *   ballot page makes and keeps; the server keeps it only inside the used code's
 *   `submission_digest = sha256(code + submissionId + 'used')`, which recognizes a retried
 *   submission but, without the submission id, cannot be turned into any ballot's receipt hash;
 * - a used code records that it was used, not when; in 逐人投票 a code votes once per reporter, and
 *   `ballot_code_uses` records for which reporters it did (with the retry digest), again not when.
 * So from the database alone a ballot cannot be joined to a code, hence to whoever was handed it.
 *
 * A 满意度测评 (kind 'satisfaction') uses the same tables: each of its codes is bound to the one org
 * it rates (`ballot_codes.org_id`), so its ballot's cells name that org — which every code of that
 * org shares, so the ballot still leads to no one code. Its optional comment sits in the ballot row
 * and inherits the ballot's anonymity.
 */

/** 述职评议会: one meeting of a cycle; its ballot items, panelist categories and rules. */
export const reviewMeetings = pgTable(
  'review_meetings',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    cycleId: integer('cycle_id')
      .notNull()
      .references(() => cycles.id, { onDelete: 'cascade' }),
    // 'appraisal' (述职评议会) or 'satisfaction' (满意度测评); see domain/meetings.ts.
    kind: text('kind').notNull().default('appraisal'),
    name: text('name').notNull(),
    heldOn: date('held_on', { mode: 'string' }).notNull(),
    venue: text('venue').notNull().default(''),
    items: jsonb('items').$type<BallotItem[]>().notNull(),
    categories: jsonb('categories').$type<PanelistCategory[]>().notNull(),
    rules: jsonb('rules').$type<MeetingRules>().notNull(),
    voting: text('voting').notNull().default('notOpened'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('review_meetings_cycle_idx').on(t.cycleId),
    check('review_meetings_voting_check', sql`${t.voting} in ('notOpened','open','closed')`),
    check('review_meetings_kind_check', sql`${t.kind} in ('appraisal','satisfaction')`),
  ],
);

/** The reporting orgs of a meeting, in the order they report, each on stage (现场) or in writing (书面). */
export const meetingReporters = pgTable(
  'meeting_reporters',
  {
    meetingId: integer('meeting_id')
      .notNull()
      .references(() => reviewMeetings.id, { onDelete: 'cascade' }),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    mode: text('mode').notNull().default('onStage'),
    // 逐人投票: this reporter's own voting state (unused in 统一投票).
    voting: text('voting').notNull().default('notOpened'),
  },
  (t) => [
    unique('meeting_reporters_meeting_org_key').on(t.meetingId, t.orgId),
    index('meeting_reporters_org_idx').on(t.orgId),
    check('meeting_reporters_mode_check', sql`${t.mode} in ('onStage','written')`),
    check('meeting_reporters_voting_check', sql`${t.voting} in ('notOpened','open','closed')`),
  ],
);

/**
 * 测评码: one-time codes handed out per panelist category. The code text is kept so a sheet can be
 * printed again; `used` and the submission digest say it was used, never when (see above).
 */
export const ballotCodes = pgTable(
  'ballot_codes',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    meetingId: integer('meeting_id')
      .notNull()
      .references(() => reviewMeetings.id, { onDelete: 'cascade' }),
    category: text('category').notNull(),
    // 满意度测评: the org this code rates, and only it; null for a 述职评议会's code.
    orgId: integer('org_id').references(() => orgs.id, { onDelete: 'cascade' }),
    // The short number printed beside the QR code, counted per meeting.
    serial: integer('serial').notNull(),
    code: text('code').notNull().unique(),
    rehearsal: boolean('rehearsal').notNull().default(false),
    used: boolean('used').notNull().default(false),
    submissionDigest: text('submission_digest'),
  },
  (t) => [
    unique('ballot_codes_meeting_serial_key').on(t.meetingId, t.serial),
    check('ballot_codes_used_check', sql`${t.used} = (${t.submissionDigest} is not null)`),
    index('ballot_codes_org_idx').on(t.orgId),
  ],
);

/**
 * 逐人投票: that a code voted for a reporter (one row per code and reporter), with the digest that
 * recognizes a retry of the same submission. No time, and nothing that leads to the ballot.
 */
export const ballotCodeUses = pgTable(
  'ballot_code_uses',
  {
    codeId: integer('code_id')
      .notNull()
      .references(() => ballotCodes.id, { onDelete: 'cascade' }),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    submissionDigest: text('submission_digest').notNull(),
  },
  (t) => [primaryKey({ columns: [t.codeId, t.orgId] }), index('ballot_code_uses_org_idx').on(t.orgId)],
);

/** 测评票: one per used code (in 逐人投票, per code and reporter), joined to nothing but its meeting (see above). */
export const ballots = pgTable(
  'ballots',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    meetingId: integer('meeting_id')
      .notNull()
      .references(() => reviewMeetings.id, { onDelete: 'cascade' }),
    category: text('category').notNull(),
    rehearsal: boolean('rehearsal').notNull(),
    choices: jsonb('choices').$type<AnyBallotChoices>().notNull(),
    // The same choices as cells of the meeting's layout, for counting (src/domain/ballot-grades.ts).
    grades: smallint('grades').array().notNull(),
    gradesFrom: integer('grades_from').notNull(),
    // Ten-digit receipts may repeat across the province's meetings, never within one.
    receiptHash: text('receipt_hash').notNull(),
    // 满意度测评: the voter's optional comment on the org rated (length-limited by the contract).
    comment: text('comment'),
  },
  (t) => [
    unique('ballots_meeting_receipt_key').on(t.meetingId, t.receiptHash),
    index('ballots_receipt_idx').on(t.receiptHash),
  ],
);

/**
 * 纸质票录入: one entry of a paper ballot (the code card filled in by hand), by the code's serial;
 * each sheet is entered twice, by two different users, and counted only when both entries agree.
 * Counting turns an agreed sheet into an ordinary `ballots` row and deletes its entries, so no row
 * joins a code to the choices of a counted ballot; until then the entry holds what the card shows.
 */
export const paperBallotEntries = pgTable(
  'paper_ballot_entries',
  {
    codeId: integer('code_id')
      .notNull()
      .references(() => ballotCodes.id, { onDelete: 'cascade' }),
    pass: integer('pass').notNull(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    choices: jsonb('choices').$type<BallotChoices>().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.codeId, t.pass] }),
    // The rule of two different users, kept by the database as well.
    unique('paper_ballot_entries_code_user_key').on(t.codeId, t.userId),
    index('paper_ballot_entries_user_idx').on(t.userId),
    check('paper_ballot_entries_pass_check', sql`${t.pass} in (1, 2)`),
  ],
);
