import { api } from '../../../lib/api-client.js';
import type { OrgRecord, OrgRecordSegment } from '../../../../contract/org-records.js';

export function updateOrgRecord<T extends OrgRecord>(
  orgId: number,
  segment: OrgRecordSegment,
  recordId: number,
  input: object,
): Promise<T> {
  return api.patch<T>(`/orgs/${orgId}/${segment}/${recordId}`, input);
}
