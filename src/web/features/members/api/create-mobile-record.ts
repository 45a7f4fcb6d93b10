import { api } from '../../../lib/api-client.js';
import type { MobileRecord, MobileRecordInput } from '../../../../contract/members.js';

export function createMobileRecord(memberId: number, input: MobileRecordInput): Promise<MobileRecord> {
  return api.post<MobileRecord>(`/members/${memberId}/mobile-records`, input);
}
