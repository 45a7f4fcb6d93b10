import { api } from '../../../shared/api-client.js';
import type { OrgItem, OrgItemSegment } from '../../../shared/orgs/attribute-types.js';

export function updateOrgItem<T extends OrgItem>(
  orgId: number,
  segment: OrgItemSegment,
  itemId: number,
  input: object,
): Promise<T> {
  return api.patch<T>(`/orgs/${orgId}/${segment}/${itemId}`, input);
}
