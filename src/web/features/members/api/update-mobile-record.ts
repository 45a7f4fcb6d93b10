import { api } from '../../../lib/api-client.js';
import type { MobileRecord, MobileRecordInput } from '../../../../contract/members.js';

export function updateMobileRecord(id: number, input: Partial<MobileRecordInput>): Promise<MobileRecord> {
  return api.patch<MobileRecord>(`/mobile-records/${id}`, input);
}
