import { api } from '../../../shared/api-client.js';
import type { OrgTermList } from '../../../../contract/orgs.js';

/** A page of the subtree's orgs whose term ends within 90 days or is overdue (换届提醒). */
export function listOrgTerms(orgId: number | null, page: number, signal?: AbortSignal): Promise<OrgTermList> {
  return api.get<OrgTermList>('/orgs/terms', { query: { orgId, page }, signal });
}
