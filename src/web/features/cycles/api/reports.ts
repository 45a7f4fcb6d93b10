import { api } from '../../../shared/api-client.js';
import type { JobStarted } from '../../../../contract/jobs.js';
import type {
  RemindReportsInput,
  RemindReportsResult,
  Report,
  ReportList,
  ReportsExportResult,
} from '../../../../contract/reports.js';

export type { ReportsExportResult };

export function listReports(cycleId: number, signal?: AbortSignal): Promise<ReportList> {
  return api.get<ReportList>('/reports', { query: { cycleId }, signal });
}

export function createReport(cycleId: number, orgId: number): Promise<Report> {
  return api.post<Report>('/reports', { cycleId, orgId });
}

/** Starts packing every report of the cycle in the reader's scope into one .zip (a job). */
export function exportReports(cycleId: number): Promise<JobStarted> {
  return api.post<JobStarted>('/reports/export', { cycleId });
}

/** Where a finished export's .zip is downloaded. */
export const exportedZipUrl = (result: ReportsExportResult) => `/api/files/${result.fileId}`;

/** 催办: reminds every reporting org in the reader's scope that has not submitted its report. */
export function remindReports(input: RemindReportsInput): Promise<RemindReportsResult> {
  return api.post<RemindReportsResult>('/reports/remind', input);
}
