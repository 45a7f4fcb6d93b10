import { api } from '../../../lib/api-client.js';
import type { OrgDetail } from '../../../../contract/orgs.js';

export function getOrg(id: number, signal?: AbortSignal): Promise<OrgDetail> {
  return api.get<OrgDetail>(`/orgs/${id}`, { signal });
}
