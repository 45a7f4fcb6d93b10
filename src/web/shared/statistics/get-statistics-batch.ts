import { api } from '../api-client.js';
import type { Statistics } from '../../../contract/statistics.js';

/** The server's limit on org ids per batch request. */
export const maxBatchOrgs = 200;

/** Several orgs' figures on one day in one request, in the order of `orgIds`. */
export function getStatisticsBatch(
  params: { orgIds: number[]; asOf: string },
  signal?: AbortSignal,
): Promise<{ asOf: string; items: Statistics[] }> {
  return api.get('/statistics/batch', {
    query: { orgIds: params.orgIds.join(','), asOf: params.asOf },
    signal,
  });
}
