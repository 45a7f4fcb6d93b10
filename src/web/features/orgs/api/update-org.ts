import { api } from '../../../lib/api-client.js';
import type { Org, UpdateOrgInput } from '../../../../contract/orgs.js';

export function updateOrg(id: number, input: UpdateOrgInput): Promise<Org> {
  return api.patch<Org>(`/orgs/${id}`, input);
}
