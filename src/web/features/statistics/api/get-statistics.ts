import { api } from '../../../lib/api-client.js';
import type { Statistics, StatisticsParams } from '../../../../contract/statistics.js';

export function getStatistics(params: StatisticsParams, signal?: AbortSignal): Promise<Statistics> {
  return api.get<Statistics>('/statistics', { query: { ...params }, signal });
}
