import type { TermStatus } from '../../../domain/member-base.js';

export interface PipelinePerson {
  memberId: number;
  name: string;
  orgId: number;
  orgName: string;
  since: string;
  dueOn: string;
}

/** What /api/pipeline answers: due and overdue steps of the development pipeline. */
export interface Pipeline {
  asOf: string;
  activistsEligible: PipelinePerson[];
  conversionsDue: PipelinePerson[];
  conversionsOverdue: PipelinePerson[];
  villagesWithoutDevelopment: { orgId: number; orgName: string; lastDevelopedOn: string | null }[];
}

/** An org from /api/orgs/terms: its term ends within 90 days or is overdue. */
export interface TermOrg {
  id: number;
  name: string;
  termEndsOn: string | null;
  termStatus: TermStatus | null;
}
