import { api } from '../../../lib/api-client.js';
import type { CreateOrgInput, Org } from '../../../../contract/orgs.js';

export function createOrg(input: CreateOrgInput): Promise<Org> {
  return api.post<Org>('/orgs', input);
}
