import { api } from '../../../lib/api-client.js';

export function deleteOrg(id: number): Promise<void> {
  return api.delete(`/orgs/${id}`);
}
