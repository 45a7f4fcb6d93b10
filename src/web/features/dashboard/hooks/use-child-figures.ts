import type { Statistics } from '../../../../contract/statistics.js';
import { keepPreviousData, skipToken, useQuery } from '@tanstack/react-query';
import { statisticsKeys } from '../../../shared/query-keys.js';
import { getChildStatistics } from '../../../shared/statistics/get-child-statistics.js';

export interface ChildFigures {
  org: Statistics['org'];
  stats: Statistics;
}

/**
 * The children of an org with each one's statistics on the day, in one request that starts with the
 * page's others: listing the children first would put a round trip in front of it.
 */
export function useChildFigures(orgId: number | null, asOf: string) {
  return useQuery({
    queryKey: statisticsKeys.children(orgId ?? 0, asOf),
    queryFn:
      orgId === null
        ? skipToken
        : async ({ signal }): Promise<ChildFigures[]> => {
            const { items } = await getChildStatistics({ orgId, asOf }, signal);
            return items.map((stats) => ({ org: stats.org, stats }));
          },
    placeholderData: keepPreviousData,
  });
}
