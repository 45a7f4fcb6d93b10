import { api } from '../api-client.js';
import type { BatchStatistics } from '../../../contract/statistics.js';

/** The figures of each direct child of an org on one day, in the org list's order, in one request. */
export function getChildStatistics(
  params: { orgId: number; asOf: string },
  signal?: AbortSignal,
): Promise<BatchStatistics> {
  return api.get('/statistics/children', { query: params, signal });
}
