import { api } from '../../../shared/api-client.js';
import type { OrgTermList } from '../../../../contract/orgs.js';

/** The first page of the subtree's orgs whose term ends within 90 days or has ended, with their counts. */
export function listTerms(orgId: number, signal?: AbortSignal): Promise<OrgTermList> {
  return api.get<OrgTermList>('/orgs/terms', { query: { orgId }, signal });
}
