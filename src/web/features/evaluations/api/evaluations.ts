import { api } from '../../../shared/api-client.js';
import type { Evaluation, EvaluationSettings } from '../../../../contract/evaluations.js';

export function getEvaluation(cycleId: number, signal?: AbortSignal): Promise<Evaluation> {
  return api.get<Evaluation>(`/evaluations/${cycleId}`, { signal });
}

export function saveEvaluationSettings(cycleId: number, settings: EvaluationSettings): Promise<Evaluation> {
  return api.put<Evaluation>(`/evaluations/${cycleId}/settings`, settings);
}

export function publishEvaluation(cycleId: number): Promise<Evaluation> {
  return api.post<Evaluation>(`/evaluations/${cycleId}/publish`, { confirm: true });
}
