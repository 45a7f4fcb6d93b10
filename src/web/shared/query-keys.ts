import type { QueryKey } from '@tanstack/react-query';

/**
 * Every query key of the web app: one object per feature, each key starting with its feature's
 * name so `invalidateQueries({ queryKey: xKeys.all })` reaches all of a feature's reads. They live
 * here rather than in the features because a write in one feature changes what another shows
 * (a member edit changes the statistics), and features may not import each other.
 */

type Params = object;

export const orgKeys = {
  all: ['orgs'] as const,
  /** The roots of the user's scope (parentId null) or an org's children. */
  children: (parentId: number | null) => [...orgKeys.all, 'children', parentId] as const,
  detail: (id: number) => [...orgKeys.all, 'detail', id] as const,
  search: (q: string) => [...orgKeys.all, 'search', q] as const,
  records: (orgId: number, segment: string) => [...orgKeys.all, 'records', orgId, segment] as const,
  terms: (params: Params) => [...orgKeys.all, 'terms', params] as const,
};

export const memberKeys = {
  all: ['members'] as const,
  list: (params: Params) => [...memberKeys.all, 'list', params] as const,
  detail: (id: number) => [...memberKeys.all, 'detail', id] as const,
  transfers: (id: number) => [...memberKeys.detail(id), 'transfers'] as const,
  mobileRecords: (id: number) => [...memberKeys.detail(id), 'mobile-records'] as const,
  /** A printable list (GET /members/roster) for a filter query string. */
  roster: (filters: string) => [...memberKeys.all, 'roster', filters] as const,
};

export const statisticsKeys = {
  all: ['statistics'] as const,
  one: (orgId: number, asOf: string) => [...statisticsKeys.all, 'one', orgId, asOf] as const,
  children: (orgId: number, asOf: string) => [...statisticsKeys.all, 'children', orgId, asOf] as const,
  basics: (orgId: number, asOf: string) => [...statisticsKeys.all, 'basics', orgId, asOf] as const,
  /** 基本情况填报数据 of an org and year: under statistics, so a save refreshes the 基本情况 too. */
  profile: (orgId: number, year: number) => [...statisticsKeys.all, 'profile', orgId, year] as const,
};

export const pipelineKeys = {
  all: ['pipeline'] as const,
  one: (params: Params) => [...pipelineKeys.all, params] as const,
};

export const userKeys = {
  all: ['users'] as const,
  list: (params: Params) => [...userKeys.all, 'list', params] as const,
};

export const auditKeys = {
  all: ['audit'] as const,
  list: (params: Params) => [...auditKeys.all, 'list', params] as const,
};

export const ledgerKeys = {
  all: ['ledger'] as const,
  list: (params: Params) => [...ledgerKeys.all, 'list', params] as const,
  detail: (id: number) => [...ledgerKeys.all, 'detail', id] as const,
  /** The party members of an org on a day: whom a record of that day may list. */
  members: (orgId: number, day: string) => [...ledgerKeys.all, 'members', orgId, day] as const,
  /** A member's year in the ledger (the member detail's 活动记录). */
  memberHistory: (memberId: number, year: number) =>
    [...ledgerKeys.all, 'member-history', memberId, year] as const,
};

export const healthKeys = { all: ['health'] as const };

export const jobKeys = {
  all: ['jobs'] as const,
  one: (id: string) => [...jobKeys.all, id] as const,
};

export const cycleKeys = {
  all: ['cycles'] as const,
  list: (params: Params) => [...cycleKeys.all, 'list', params] as const,
  detail: (id: number) => [...cycleKeys.all, 'detail', id] as const,
  reportingSet: (id: number) => [...cycleKeys.detail(id), 'reporting-set'] as const,
  schemes: (id: number) => [...cycleKeys.detail(id), 'schemes'] as const,
  scheme: (id: number, audience: string, version?: number) =>
    [...cycleKeys.schemes(id), audience, version ?? 'latest'] as const,
};

/** 日常考核: computed from the ledger, the registry and the scheme, so their writes stale it too. */
export const routineKeys = {
  all: ['routine'] as const,
  ranking: (cycleId: number, orgId: number | undefined) =>
    [...routineKeys.all, 'ranking', cycleId, orgId ?? 'default'] as const,
  sheet: (cycleId: number, orgId: number) => [...routineKeys.all, 'sheet', cycleId, orgId] as const,
};

/** 目标责任书 and 抽查 of a cycle: progress follows the ledger, so ledger writes make them stale too. */
export const assessmentKeys = {
  all: ['assessment'] as const,
  letters: (cycleId: number) => [...assessmentKeys.all, 'letters', cycleId] as const,
  letter: (id: number) => [...assessmentKeys.all, 'letter', id] as const,
  spotChecks: (cycleId: number) => [...assessmentKeys.all, 'spot-checks', cycleId] as const,
  spotCheck: (id: number) => [...assessmentKeys.all, 'spot-check', id] as const,
};

/** 述职报告 of a cycle, one report and its submitted versions. */
export const reportKeys = {
  all: ['reports'] as const,
  list: (cycleId: number) => [...reportKeys.all, 'list', cycleId] as const,
  detail: (id: number) => [...reportKeys.all, 'detail', id] as const,
  version: (id: number, version: number) => [...reportKeys.detail(id), 'version', version] as const,
  /** 问题清单草稿 of a cycle, or of one of its reports. */
  problemDrafts: (cycleId: number, reportId?: number) =>
    [...reportKeys.all, 'problem-drafts', cycleId, reportId ?? null] as const,
  /** 催办 addressed to the reader's own org (the dashboard's banner). */
  reminders: () => [...reportKeys.all, 'reminders'] as const,
};

/** 述职评议会 of a cycle, one meeting, its 测评码, turnout and tally. */
export const meetingKeys = {
  all: ['meetings'] as const,
  list: (cycleId: number) => [...meetingKeys.all, 'list', cycleId] as const,
  detail: (id: number) => [...meetingKeys.all, 'detail', id] as const,
  codes: (id: number) => [...meetingKeys.detail(id), 'codes'] as const,
  turnout: (id: number) => [...meetingKeys.detail(id), 'turnout'] as const,
  tally: (id: number) => [...meetingKeys.detail(id), 'tally'] as const,
  paper: (id: number) => [...meetingKeys.detail(id), 'paper'] as const,
  coverage: (cycleId: number) => [...meetingKeys.all, 'coverage', cycleId] as const,
};

/** 述职评议 of a meeting and 综合评价 of a cycle, computed from the meetings, routine sheets and reviews. */
export const evaluationKeys = {
  all: ['evaluations'] as const,
  cycle: (cycleId: number) => [...evaluationKeys.all, 'cycle', cycleId] as const,
  leaderReviews: (meetingId: number) => [...evaluationKeys.all, 'leader-reviews', meetingId] as const,
};

/** 问题清单: the list, one problem, and a cycle's candidates (which say which are filed). */
export const problemKeys = {
  all: ['problems'] as const,
  list: (params: Params) => [...problemKeys.all, 'list', params] as const,
  detail: (id: number) => [...problemKeys.all, 'detail', id] as const,
  candidates: (cycleId: number, params: Params) =>
    [...problemKeys.all, 'candidates', cycleId, params] as const,
  /** 晒单 of an org and month, and 整改统计 of an org. */
  board: (params: Params) => [...problemKeys.all, 'board', params] as const,
  stats: (orgId: number | null) => [...problemKeys.all, 'stats', orgId] as const,
  /** 责任清单: the measures of the problems a filter picks. */
  measures: (params: Params) => [...problemKeys.all, 'measures', params] as const,
  /** 逾期清单 of an org's subtree, a page of it. */
  overdue: (params: Params) => [...problemKeys.all, 'overdue', params] as const,
  /** Whom a measure may name as its owner: members or accounts of an org, by name. */
  owners: (kind: 'members' | 'users', orgId: number, q: string) =>
    [...problemKeys.all, 'owners', kind, orgId, q] as const,
};

/** The signed-in user's 待办 and 消息, and the header badge's count of them. */
export const inboxKeys = {
  all: ['inbox'] as const,
  list: () => [...inboxKeys.all, 'list'] as const,
  count: () => [...inboxKeys.all, 'count'] as const,
};

/**
 * What each kind of write makes stale. Every write is audited, so the audit log is in each; the
 * statistics and the pipeline are computed from members and orgs.
 */
export const affectedBy = {
  members: [memberKeys.all, statisticsKeys.all, pipelineKeys.all, routineKeys.all, auditKeys.all],
  /** Members and accounts show their org's name. */
  orgs: [orgKeys.all, memberKeys.all, statisticsKeys.all, pipelineKeys.all, userKeys.all, auditKeys.all],
  users: [userKeys.all, auditKeys.all],
  profileFigures: [statisticsKeys.all, auditKeys.all],
  ledger: [ledgerKeys.all, routineKeys.all, assessmentKeys.all, auditKeys.all],
  cycles: [cycleKeys.all, routineKeys.all, assessmentKeys.all, evaluationKeys.all, auditKeys.all],
  routine: [routineKeys.all, evaluationKeys.all, auditKeys.all],
  /** Issued letters and spot-check findings are facts of the routine score. */
  assessment: [assessmentKeys.all, routineKeys.all, auditKeys.all],
  reports: [reportKeys.all, auditKeys.all],
  /** A closed vote is the 民主测评 of the cycle's evaluation. */
  meetings: [meetingKeys.all, evaluationKeys.all, auditKeys.all],
  evaluations: [evaluationKeys.all, auditKeys.all],
  /** A workflow step or a reminder changes someone's 待办 and 消息. */
  problems: [problemKeys.all, inboxKeys.all, auditKeys.all],
  inbox: [inboxKeys.all, auditKeys.all],
} satisfies Record<string, QueryKey[]>;
