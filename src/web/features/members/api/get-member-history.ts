import { api } from '../../../shared/api-client.js';
import type { MemberHistory } from '../../../../contract/ledger.js';

export function getMemberHistory(
  memberId: number,
  year: number,
  signal?: AbortSignal,
): Promise<MemberHistory> {
  return api.get<MemberHistory>('/ledger/member-history', { query: { memberId, year }, signal });
}
