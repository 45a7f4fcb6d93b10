import { useQuery } from '../../../lib/use-query.js';
import { listOrgs } from '../../orgs/api/list-orgs.js';
import type { Org } from '../../../../contract/orgs.js';
import { getStatistics } from '../../statistics/api/get-statistics.js';
import type { Statistics } from '../../../../contract/statistics.js';

export interface ChildFigures {
  org: Org;
  stats: Statistics;
}

/** Requests at a time: enough to overlap round trips without queueing the whole town on the server. */
const parallel = 4;

/** The children of an org with each one's statistics on the day. */
export function useChildFigures(orgId: number | null, asOf: string) {
  return useQuery<ChildFigures[]>(
    orgId === null ? null : `dashboard-children:${orgId}:${asOf}`,
    async (signal) => {
      const { items } = await listOrgs(orgId, signal);
      const result: ChildFigures[] = [];
      for (let i = 0; i < items.length; i += parallel) {
        const batch = items.slice(i, i + parallel);
        const stats = await Promise.all(batch.map((org) => getStatistics({ orgId: org.id, asOf }, signal)));
        batch.forEach((org, j) => result.push({ org, stats: stats[j]! }));
      }
      return result;
    },
  );
}
