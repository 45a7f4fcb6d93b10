import { api } from '../../../lib/api-client.js';
import type { OrgRecordSegment } from '../../../../contract/org-records.js';

export function deleteOrgRecord(orgId: number, segment: OrgRecordSegment, recordId: number): Promise<void> {
  return api.delete(`/orgs/${orgId}/${segment}/${recordId}`);
}
