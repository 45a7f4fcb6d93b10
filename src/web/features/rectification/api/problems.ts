import { api, buildUrl } from '../../../shared/api-client.js';
import type { Page } from '../../../../contract/common.js';
import type { CycleList } from '../../../../contract/cycles.js';
import type { Member } from '../../../../contract/members.js';
import type { User } from '../../../../contract/users.js';
import type {
  Board,
  BoardQuery,
  CreateProblemBatchInput,
  CreateProblemInput,
  ExtendInput,
  Measure,
  MeasureInput,
  OverduePage,
  OverdueQuery,
  Problem,
  ProblemBatchResult,
  ProblemFilters,
  ProblemListQuery,
  ProblemPage,
  ProblemStats,
  RecheckInput,
  RemindInput,
  RemindResult,
  ResponsibilityList,
  SubmitProblemInput,
} from '../../../../contract/rectification.js';
import type {
  ProblemCandidateList,
  ProblemCandidateQuery,
} from '../../../../contract/rectification-candidates.js';

export function listProblems(query: ProblemListQuery, signal?: AbortSignal): Promise<ProblemPage> {
  return api.get<ProblemPage>('/problems', { query: { ...query }, signal });
}

/** 晒单: a town's or the county's month as of its end. */
export function getBoard(query: BoardQuery, signal?: AbortSignal): Promise<Board> {
  return api.get<Board>('/problems/board', { query: { ...query }, signal });
}

export const boardXlsxUrl = (query: BoardQuery) => buildUrl('/problems/board.xlsx', { ...query });

/** 整改统计 of an org: over time, by category and source, and per org one level below. */
export function getProblemStats(orgId: number | undefined, signal?: AbortSignal): Promise<ProblemStats> {
  return api.get<ProblemStats>('/problems/stats', { query: { orgId }, signal });
}

export function getProblem(id: number, signal?: AbortSignal): Promise<Problem> {
  return api.get<Problem>(`/problems/${id}`, { signal });
}

/** 责任清单: the measures of the problems the filters pick, each with its problem. */
export function listResponsibilities(
  filters: ProblemFilters,
  signal?: AbortSignal,
): Promise<ResponsibilityList> {
  return api.get<ResponsibilityList>('/problems/measures', { query: { ...filters }, signal });
}

/** 逾期清单: the overdue items of an org's subtree, most overdue first. */
export function listOverdue(query: OverdueQuery, signal?: AbortSignal): Promise<OverduePage> {
  return api.get<OverduePage>('/problems/overdue', { query: { ...query }, signal });
}

export function remindProblem(id: number, input: RemindInput): Promise<RemindResult> {
  return api.post<RemindResult>(`/problems/${id}/remind`, input);
}

export function createProblem(input: CreateProblemInput): Promise<Problem> {
  return api.post<Problem>('/problems', input);
}

export function createProblems(input: CreateProblemBatchInput): Promise<ProblemBatchResult> {
  return api.post<ProblemBatchResult>('/problems/batch', input);
}

export function listCandidates(
  cycleId: number,
  query: ProblemCandidateQuery,
  signal?: AbortSignal,
): Promise<ProblemCandidateList> {
  return api.get<ProblemCandidateList>(`/cycles/${cycleId}/problem-candidates`, {
    query: { ...query },
    signal,
  });
}

/** The workflow's steps that take no input or the same small bodies. */
export const problemSteps = {
  start: (id: number) => api.post<Problem>(`/problems/${id}/start`),
  submit: (id: number, input: SubmitProblemInput) => api.post<Problem>(`/problems/${id}/submit`, input),
  close: (id: number) => api.post<Problem>(`/problems/${id}/close`),
  reject: (id: number, reason: string) => api.post<Problem>(`/problems/${id}/reject`, { reason }),
  recheck: (id: number, input: RecheckInput) => api.post<Problem>(`/problems/${id}/recheck`, input),
  extend: (id: number, input: ExtendInput) => api.post<Problem>(`/problems/${id}/extend`, input),
  merge: (id: number, intoId: number) => api.post<Problem>(`/problems/${id}/merge`, { intoId }),
};

export function saveMeasure(
  problemId: number,
  measureId: number | null,
  input: MeasureInput,
): Promise<Measure> {
  return measureId === null
    ? api.post<Measure>(`/problems/${problemId}/measures`, input)
    : api.put<Measure>(`/problems/${problemId}/measures/${measureId}`, input);
}

export function deleteMeasure(problemId: number, measureId: number): Promise<void> {
  return api.delete<void>(`/problems/${problemId}/measures/${measureId}`);
}

/** Party members of an org matching a name: whom a measure may name as its owner. */
export function searchMembers(orgId: number, q: string, signal?: AbortSignal): Promise<Page<Member>> {
  return api.get<Page<Member>>('/members', { query: { orgId, q: q || undefined, pageSize: 20 }, signal });
}

/** The org's accounts matching a name (for those who may read accounts): owners too. */
export function searchUsers(orgId: number, q: string, signal?: AbortSignal): Promise<Page<User>> {
  return api.get<Page<User>>('/users', { query: { orgId, q: q || undefined, pageSize: 20 }, signal });
}

/** The cycles in scope, to filter the list by one (the cycles page's own read, shared cache). */
export function listCycles(signal?: AbortSignal): Promise<CycleList> {
  return api.get<CycleList>('/cycles', { signal });
}
