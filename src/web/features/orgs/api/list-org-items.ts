import { api } from '../../../shared/api-client.js';
import type { Items } from '../../../shared/types.js';
import type { OrgItem, OrgItemSegment } from '../../../shared/orgs/attribute-types.js';

export function listOrgItems<T extends OrgItem>(
  orgId: number,
  segment: OrgItemSegment,
  signal?: AbortSignal,
): Promise<Items<T>> {
  return api.get<Items<T>>(`/orgs/${orgId}/${segment}`, { signal });
}
