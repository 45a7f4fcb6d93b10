import { api } from '../../../shared/api-client.js';
import type { Report, ReportList } from '../../../../contract/reports.js';

export function listReports(cycleId: number, signal?: AbortSignal): Promise<ReportList> {
  return api.get<ReportList>('/reports', { query: { cycleId }, signal });
}

export function createReport(cycleId: number, orgId: number): Promise<Report> {
  return api.post<Report>('/reports', { cycleId, orgId });
}
