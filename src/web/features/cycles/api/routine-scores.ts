import { api, buildUrl } from '../../../shared/api-client.js';
import type { JobStarted } from '../../../../contract/jobs.js';
import type {
  DeductionsInput,
  EvidenceInput,
  OrgSheet,
  Ranking,
  ScoreInput,
  VetoInput,
} from '../../../../contract/routine-scores.js';

export function getRanking(
  cycleId: number,
  orgId: number | undefined,
  signal?: AbortSignal,
): Promise<Ranking> {
  return api.get<Ranking>(`/routine-scores/${cycleId}`, { query: { orgId }, signal });
}

export function getOrgSheet(cycleId: number, orgId: number, signal?: AbortSignal): Promise<OrgSheet> {
  return api.get<OrgSheet>(`/routine-scores/${cycleId}/orgs/${orgId}`, { signal });
}

export function saveScore(cycleId: number, orgId: number, key: string, body: ScoreInput): Promise<OrgSheet> {
  return api.put<OrgSheet>(`/routine-scores/${cycleId}/orgs/${orgId}/indicators/${key}/score`, body);
}

export function saveDeductions(
  cycleId: number,
  orgId: number,
  key: string,
  body: DeductionsInput,
): Promise<OrgSheet> {
  return api.put<OrgSheet>(`/routine-scores/${cycleId}/orgs/${orgId}/indicators/${key}/deductions`, body);
}

export function saveVeto(cycleId: number, orgId: number, key: string, body: VetoInput): Promise<OrgSheet> {
  return api.put<OrgSheet>(`/routine-scores/${cycleId}/orgs/${orgId}/indicators/${key}/veto`, body);
}

export function recomputeRoutine(cycleId: number): Promise<JobStarted> {
  return api.post<JobStarted>(`/routine-scores/${cycleId}/recompute`);
}

// A plain link: the browser keeps the session cookie and names the file from Content-Disposition.
export const routineExportUrl = (cycleId: number, orgId: number) =>
  buildUrl(`/routine-scores/${cycleId}/orgs/${orgId}/export`);

export function saveEvidence(
  cycleId: number,
  orgId: number,
  key: string,
  body: EvidenceInput,
): Promise<OrgSheet> {
  return api.put<OrgSheet>(`/routine-scores/${cycleId}/orgs/${orgId}/indicators/${key}/evidence`, body);
}
