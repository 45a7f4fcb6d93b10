import { index, integer, jsonb, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core';
import type { CycleResultsSettings } from '../../domain/results/cycle-inputs.js';
import { cycles } from './cycles.js';
import { reviewMeetings } from './meetings.js';
import { orgs } from './orgs.js';
import { createdAt, updatedAt } from './types.js';
import { users } from './users.js';

/**
 * 述职评议: an upper leader's scores of one reporter on the meeting's items and their critique
 * (点评). Signed, unlike ballots: a leader's review is part of the record and of the feedback.
 */
export const leaderReviews = pgTable(
  'leader_reviews',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    meetingId: integer('meeting_id')
      .notNull()
      .references(() => reviewMeetings.id, { onDelete: 'cascade' }),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    reviewerId: integer('reviewer_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    scores: jsonb('scores').$type<Record<string, number>>().notNull(),
    critique: text('critique').notNull().default(''),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('leader_reviews_meeting_org_reviewer_key').on(t.meetingId, t.orgId, t.reviewerId),
    index('leader_reviews_org_idx').on(t.orgId),
  ],
);

/**
 * 综合评价 of a cycle: its settings (components and weights, grading rules, the appraisal method)
 * and, once the organizer publishes, the results as published — read-only from then on.
 */
export const evaluations = pgTable('evaluations', {
  cycleId: integer('cycle_id')
    .primaryKey()
    .references(() => cycles.id, { onDelete: 'cascade' }),
  settings: jsonb('settings').$type<CycleResultsSettings>().notNull(),
  published: jsonb('published').$type<unknown>(),
  publishedAt: timestamp('published_at', { withTimezone: true, mode: 'date' }),
  publishedBy: text('published_by'),
  updatedAt: updatedAt(),
});
