import { api } from '../../../lib/api-client.js';
import type { Org } from '../../../../contract/orgs.js';

export function moveOrg(id: number, parentId: number): Promise<Org> {
  return api.post<Org>(`/orgs/${id}/move`, { parentId });
}
