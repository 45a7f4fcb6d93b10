import { api } from '../../../lib/api-client.js';
import type { OrgAttributesInput } from '../../../../contract/orgs.js';
import type { Org } from '../../../../contract/orgs.js';

export function updateOrgAttributes(id: number, input: OrgAttributesInput): Promise<Org> {
  return api.patch<Org>(`/orgs/${id}`, input);
}
