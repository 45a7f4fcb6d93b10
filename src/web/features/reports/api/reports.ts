import { api } from '../../../shared/api-client.js';
import type {
  DismissFindingsInput,
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

export function dismissFindings(id: number, input: DismissFindingsInput): Promise<ReportVersion> {
  return api.put<ReportVersion>(`/reports/${id}/dismissed-findings`, input);
}
