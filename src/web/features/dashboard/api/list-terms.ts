import { api } from '../../../lib/api-client.js';
import type { Items } from '../../../../contract/common.js';
import type { Org as Org } from '../../../../contract/orgs.js';

/** Orgs of the subtree whose term ends within 90 days or has ended. */
export function listTerms(orgId: number, signal?: AbortSignal): Promise<Items<Org>> {
  return api.get<Items<Org>>('/orgs/terms', { query: { orgId }, signal });
}
