import { api } from '../../../shared/api-client.js';
import type { ReportingRule, ReportingSet } from '../../../../contract/cycles.js';

export function getReportingSet(cycleId: number, signal?: AbortSignal): Promise<ReportingSet> {
  return api.get<ReportingSet>(`/cycles/${cycleId}/reporting-set`, { signal });
}

export function saveReportingSet(cycleId: number, rule: ReportingRule): Promise<ReportingSet> {
  return api.put<ReportingSet>(`/cycles/${cycleId}/reporting-set`, rule);
}
