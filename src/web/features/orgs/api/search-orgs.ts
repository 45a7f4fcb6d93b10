import { api } from '../../../lib/api-client.js';
import type { Items } from '../../../../contract/common.js';
import type { OrgSearchHit } from '../../../../contract/orgs.js';

export function searchOrgs(q: string, signal?: AbortSignal): Promise<Items<OrgSearchHit>> {
  return api.get<Items<OrgSearchHit>>('/orgs/search', { query: { q }, signal });
}
