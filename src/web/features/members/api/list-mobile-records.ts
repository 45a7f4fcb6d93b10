import { api } from '../../../lib/api-client.js';
import type { Items } from '../../../../contract/common.js';
import type { MobileRecord } from '../../../../contract/members.js';

export function listMobileRecords(memberId: number, signal?: AbortSignal): Promise<Items<MobileRecord>> {
  return api.get<Items<MobileRecord>>(`/members/${memberId}/mobile-records`, { signal });
}
