import { api } from '../../../lib/api-client.js';
import type { Items } from '../../../../contract/common.js';
import type { OrgRecord, OrgRecordSegment } from '../../../../contract/org-records.js';

export function listOrgRecords<T extends OrgRecord>(
  orgId: number,
  segment: OrgRecordSegment,
  signal?: AbortSignal,
): Promise<Items<T>> {
  return api.get<Items<T>>(`/orgs/${orgId}/${segment}`, { signal });
}
