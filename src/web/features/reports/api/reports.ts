import { api, buildUrl } from '../../../shared/api-client.js';
import type { JobStarted } from '../../../../contract/jobs.js';
import type {
  DismissFindingsInput,
  ImportReportResult,
  ProblemDraftList,
  Report,
  ReportBody,
  ReportVersion,
  ReturnReportInput,
} from '../../../../contract/reports.js';

export function getReport(id: number, signal?: AbortSignal): Promise<Report> {
  return api.get<Report>(`/reports/${id}`, { signal });
}

export function saveReport(id: number, body: ReportBody, updatedAt: string): Promise<Report> {
  return api.put<Report>(`/reports/${id}`, { body, updatedAt });
}

export function submitReport(id: number): Promise<Report> {
  return api.post<Report>(`/reports/${id}/submit`);
}

export function returnReport(id: number, input: ReturnReportInput): Promise<Report> {
  return api.post<Report>(`/reports/${id}/return`, input);
}

export function acceptReport(id: number): Promise<Report> {
  return api.post<Report>(`/reports/${id}/accept`);
}

export function getReportVersion(id: number, version: number, signal?: AbortSignal): Promise<ReportVersion> {
  return api.get<ReportVersion>(`/reports/${id}/versions/${version}`, { signal });
}

/** 问题清单草稿 of a cycle's accepted reports in the reader's scope, or of one report. */
export function listProblemDrafts(
  cycleId: number,
  reportId?: number,
  signal?: AbortSignal,
): Promise<ProblemDraftList> {
  return api.get<ProblemDraftList>('/reports/problem-drafts', { query: { cycleId, reportId }, signal });
}

export function dismissFindings(id: number, input: DismissFindingsInput): Promise<ReportVersion> {
  return api.put<ReportVersion>(`/reports/${id}/dismissed-findings`, input);
}

/** A .docx or .txt report read into the template; nothing is saved until the editor saves it. */
export function importReportFile(id: number, file: File): Promise<ImportReportResult> {
  return api.post<ImportReportResult>(`/reports/${id}/import`, file, { query: { fileName: file.name } });
}

/** Starts the check of a working copy, saved or not: a job whose result is a `ReportCheckResult`. */
export function checkReport(id: number, body: ReportBody): Promise<JobStarted> {
  return api.post<JobStarted>(`/reports/${id}/check`, { body });
}

// A plain link: the browser keeps the session cookie and names the file from Content-Disposition.
export const reportDocxUrl = (id: number, version?: number) => buildUrl(`/reports/${id}/docx`, { version });
