import { api } from '../../../lib/api-client.js';
import type { OrgRecord, OrgRecordSegment } from '../../../../contract/org-records.js';

export function createOrgRecord<T extends OrgRecord>(
  orgId: number,
  segment: OrgRecordSegment,
  input: object,
): Promise<T> {
  return api.post<T>(`/orgs/${orgId}/${segment}`, input);
}
