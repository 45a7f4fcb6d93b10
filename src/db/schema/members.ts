import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { orgs } from './orgs.js';
import { createdAt, ltree, updatedAt } from './types.js';

/**
 * Everyone in the development pipeline and every party member, one row each. The stage dates are
 * the pipeline's events (a stage is reached on its date), so the stage on any past day is derived
 * from them rather than stored per day.
 */
export const members = pgTable(
  'members',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'restrict' }),
    // Copy of the org's path, kept in step by org moves, so subtree statistics need no join.
    orgPath: ltree('org_path').notNull(),
    name: text('name').notNull(),
    gender: text('gender').notNull(),
    ethnicity: text('ethnicity'),
    birthDate: date('birth_date', { mode: 'string' }),
    education: text('education'),
    // Sensitive: masked unless the reader holds member.idCard; never written to logs.
    idCard: text('id_card'),
    phone: text('phone'),
    occupation: text('occupation'),
    stage: text('stage').notNull(),
    appliedOn: date('applied_on', { mode: 'string' }),
    activistOn: date('activist_on', { mode: 'string' }),
    candidateOn: date('candidate_on', { mode: 'string' }),
    probationaryOn: date('probationary_on', { mode: 'string' }),
    fullOn: date('full_on', { mode: 'string' }),
    branchRole: text('branch_role'),
    villageCommitteeRole: text('village_committee_role'),
    isTownLeader: boolean('is_town_leader').notNull().default(false),
    isCollegeGradOfficial: boolean('is_college_grad_official').notNull().default(false),
    isResidentCadre: boolean('is_resident_cadre').notNull().default(false),
    isFirstSecretary: boolean('is_first_secretary').notNull().default(false),
    leftOn: date('left_on', { mode: 'string' }),
    leftReason: text('left_reason'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('members_org_path_gist').using('gist', t.orgPath),
    index('members_org_idx').on(t.orgId),
    // The member list's order: a page of a county's million members is read off it instead of
    // sorting them all (the subtree is given to it as a path range, members/service.ts).
    index('members_list_order_idx').on(t.orgPath, t.name, t.id),
    check('members_gender_check', sql`${t.gender} in ('male','female')`),
    check(
      'members_stage_check',
      sql`${t.stage} in ('applicant','activist','candidate','probationary','full')`,
    ),
    check(
      'members_education_check',
      sql`${t.education} is null or ${t.education} in ('primary','juniorHigh','seniorHigh','technicalSecondary','juniorCollege','bachelor','master','doctorate')`,
    ),
    check(
      'members_branch_role_check',
      sql`${t.branchRole} is null or ${t.branchRole} in ('secretary','deputySecretary','committeeMember')`,
    ),
    check(
      'members_village_committee_role_check',
      sql`${t.villageCommitteeRole} is null or ${t.villageCommitteeRole} in ('director','deputyDirector','committeeMember')`,
    ),
  ],
);

/** Moves of a member between orgs; with the dates they give the org a member belonged to on any day. */
export const memberTransfers = pgTable(
  'member_transfers',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    fromOrgId: integer('from_org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'restrict' }),
    toOrgId: integer('to_org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'restrict' }),
    transferredOn: date('transferred_on', { mode: 'string' }).notNull(),
    note: text('note'),
    createdAt: createdAt(),
  },
  (t) => [
    index('member_transfers_member_idx').on(t.memberId, t.transferredOn),
    // Statistics for a day place the members who moved after it (the recent days: few transfers).
    index('member_transfers_transferred_on_idx').on(t.transferredOn),
  ],
);

/** 流动党员: a member working away from the home branch (outflow) or hosted here (inflow). */
export const mobileRecords = pgTable(
  'mobile_records',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    direction: text('direction').notNull(),
    place: text('place').notNull(),
    certificateNo: text('certificate_no'),
    hostOrgName: text('host_org_name'),
    contactName: text('contact_name'),
    contactPhone: text('contact_phone'),
    startedOn: date('started_on', { mode: 'string' }).notNull(),
    endedOn: date('ended_on', { mode: 'string' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('mobile_records_member_idx').on(t.memberId),
    check('mobile_records_direction_check', sql`${t.direction} in ('outflow','inflow')`),
  ],
);
