import { api } from '../../../shared/api-client.js';

export function deleteOrg(id: number): Promise<void> {
  return api.delete(`/orgs/${id}`);
}
