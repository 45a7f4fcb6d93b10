import { api } from '../../../shared/api-client.js';
import type { OrgItem, OrgItemSegment } from '../../../shared/orgs/attribute-types.js';

export function createOrgItem<T extends OrgItem>(
  orgId: number,
  segment: OrgItemSegment,
  input: object,
): Promise<T> {
  return api.post<T>(`/orgs/${orgId}/${segment}`, input);
}
