import type { Stage } from './member-base.js';

/**
 * The printable lists of people of an org: the 党员花名册 holds party members only; those on the way
 * to membership get their own lists, as an organization department files them.
 */
export const rosterLists = ['members', 'activists', 'applicants'] as const;
export type RosterList = (typeof rosterLists)[number];

export const rosterListStages: Record<RosterList, readonly Stage[]> = {
  members: ['probationary', 'full'],
  activists: ['activist', 'candidate'],
  applicants: ['applicant'],
};

export const rosterListTitles: Record<RosterList, string> = {
  members: '党员花名册',
  activists: '入党积极分子、发展对象名册',
  applicants: '入党申请人名册',
};

/** The date each list is ordered by within a branch: when the person entered the list's first stage. */
export const rosterListOrderDate = {
  members: 'probationaryOn',
  activists: 'activistOn',
  applicants: 'appliedOn',
} as const satisfies Record<RosterList, string>;
