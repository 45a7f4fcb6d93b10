import { api } from '../../../lib/api-client.js';
import type { Items } from '../../../../contract/common.js';
import type { Org } from '../../../../contract/orgs.js';

/** Orgs of the subtree whose term ends within 90 days or is overdue (换届提醒). */
export function listOrgTerms(orgId: number | null, signal?: AbortSignal): Promise<Items<Org>> {
  return api.get<Items<Org>>('/orgs/terms', { query: { orgId }, signal });
}
