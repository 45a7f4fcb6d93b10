import { api } from '../../../shared/api-client.js';
import type { OrgItemSegment } from '../../../shared/orgs/attribute-types.js';

export function deleteOrgItem(orgId: number, segment: OrgItemSegment, itemId: number): Promise<void> {
  return api.delete(`/orgs/${orgId}/${segment}/${itemId}`);
}
