import { api } from '../../../shared/api-client.js';
import type {
  DrawSpotChecksInput,
  RecordSpotCheckInput,
  SpotCheck,
  SpotCheckDraws,
} from '../../../../contract/spot-checks.js';

export function listSpotChecks(cycleId: number, signal?: AbortSignal): Promise<SpotCheckDraws> {
  return api.get<SpotCheckDraws>('/spot-checks', { query: { cycleId }, signal });
}

export function drawSpotChecks(input: DrawSpotChecksInput): Promise<SpotCheckDraws> {
  return api.post<SpotCheckDraws>('/spot-checks', input);
}

export function getSpotCheck(id: number, signal?: AbortSignal): Promise<SpotCheck> {
  return api.get<SpotCheck>(`/spot-checks/${id}`, { signal });
}

export function recordSpotCheck(id: number, input: RecordSpotCheckInput): Promise<SpotCheck> {
  return api.put<SpotCheck>(`/spot-checks/${id}`, input);
}
