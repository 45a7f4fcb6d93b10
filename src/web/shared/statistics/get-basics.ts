import { api } from '../api-client.js';
import type { Basics, StatisticsParams } from '../../../contract/statistics.js';

export function getBasics(params: StatisticsParams, signal?: AbortSignal): Promise<Basics> {
  return api.get<Basics>('/statistics/basics', { query: { ...params }, signal });
}
