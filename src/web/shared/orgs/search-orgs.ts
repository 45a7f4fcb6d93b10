import { api } from '../api-client.js';
import type { Items } from '../types.js';
import type { OrgSearchHit } from './types.js';

export function searchOrgs(q: string, signal?: AbortSignal): Promise<Items<OrgSearchHit>> {
  return api.get<Items<OrgSearchHit>>('/orgs/search', { query: { q }, signal });
}
