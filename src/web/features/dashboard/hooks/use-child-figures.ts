import { listOrgs } from '../../../shared/orgs/list-orgs.js';
import type { Org } from '../../../../contract/orgs.js';
import type { Statistics } from '../../../../contract/statistics.js';
import { keepPreviousData, skipToken, useQuery } from '@tanstack/react-query';
import { statisticsKeys } from '../../../shared/query-keys.js';
import { getStatisticsBatch, maxBatchOrgs } from '../../../shared/statistics/get-statistics-batch.js';

export interface ChildFigures {
  org: Org;
  stats: Statistics;
}

/**
 * The children of an org with each one's statistics on the day: one batch request (more only for
 * an org with more children than the server takes at once).
 */
export function useChildFigures(orgId: number | null, asOf: string) {
  return useQuery({
    queryKey: statisticsKeys.children(orgId ?? 0, asOf),
    queryFn:
      orgId === null
        ? skipToken
        : async ({ signal }): Promise<ChildFigures[]> => {
            const { items } = await listOrgs(orgId, signal);
            const result: ChildFigures[] = [];
            for (let i = 0; i < items.length; i += maxBatchOrgs) {
              const orgs = items.slice(i, i + maxBatchOrgs);
              const batch = await getStatisticsBatch({ orgIds: orgs.map((o) => o.id), asOf }, signal);
              orgs.forEach((org, j) => result.push({ org, stats: batch.items[j]! }));
            }
            return result;
          },
    placeholderData: keepPreviousData,
  });
}
