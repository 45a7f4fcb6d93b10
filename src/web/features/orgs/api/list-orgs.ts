import { api } from '../../../lib/api-client.js';
import type { Items } from '../../../../contract/common.js';
import type { Org } from '../../../../contract/orgs.js';

/** Without a parent: the roots of the user's scope. With one: that org's children. */
export function listOrgs(parentId: number | null, signal?: AbortSignal): Promise<Items<Org>> {
  return api.get<Items<Org>>('/orgs', { query: { parentId }, signal });
}
