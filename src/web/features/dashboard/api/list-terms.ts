import { api } from '../../../shared/api-client.js';
import type { Items } from '../../../shared/types.js';
import type { TermOrg } from '../types.js';

/** Orgs of the subtree whose term ends within 90 days or has ended. */
export function listTerms(orgId: number, signal?: AbortSignal): Promise<Items<TermOrg>> {
  return api.get<Items<TermOrg>>('/orgs/terms', { query: { orgId }, signal });
}
