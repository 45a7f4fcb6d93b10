import { api } from '../../../shared/api-client.js';
import type { Items } from '../../../shared/types.js';
import type { MobileRecord } from '../types.js';

export function listMobileRecords(memberId: number, signal?: AbortSignal): Promise<Items<MobileRecord>> {
  return api.get<Items<MobileRecord>>(`/members/${memberId}/mobile-records`, { signal });
}
