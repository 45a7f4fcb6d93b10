import { api } from '../../../shared/api-client.js';
import type {
  CreateCycleInput,
  Cycle,
  CycleList,
  CycleListParams,
  CycleStatusInput,
  ReopenCycleInput,
  UpdateCycleInput,
} from '../../../../contract/cycles.js';

export function listCycles(params: CycleListParams, signal?: AbortSignal): Promise<CycleList> {
  return api.get<CycleList>('/cycles', { query: { ...params }, signal });
}

export function getCycle(id: number, signal?: AbortSignal): Promise<Cycle> {
  return api.get<Cycle>(`/cycles/${id}`, { signal });
}

export function createCycle(input: CreateCycleInput): Promise<Cycle> {
  return api.post<Cycle>('/cycles', input);
}

export function updateCycle(id: number, input: UpdateCycleInput): Promise<Cycle> {
  return api.patch<Cycle>(`/cycles/${id}`, input);
}

export function setCycleStatus(id: number, input: CycleStatusInput): Promise<Cycle> {
  return api.post<Cycle>(`/cycles/${id}/status`, input);
}

export function reopenCycle(id: number, input: ReopenCycleInput): Promise<Cycle> {
  return api.post<Cycle>(`/cycles/${id}/reopen`, input);
}
