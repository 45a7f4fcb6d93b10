import { api } from '../../../shared/api-client.js';
import type { OrgAttributesInput } from '../../../shared/orgs/attribute-types.js';
import type { Org } from '../types.js';

export function updateOrgAttributes(id: number, input: OrgAttributesInput): Promise<Org> {
  return api.patch<Org>(`/orgs/${id}`, input);
}
