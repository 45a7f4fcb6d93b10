import { api } from '../../../lib/api-client.js';
import type { OrgItem, OrgItemSegment } from '../attribute-types.js';

export function updateOrgItem<T extends OrgItem>(
  orgId: number,
  segment: OrgItemSegment,
  itemId: number,
  input: object,
): Promise<T> {
  return api.patch<T>(`/orgs/${orgId}/${segment}/${itemId}`, input);
}
