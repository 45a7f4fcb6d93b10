import { api } from '../../../lib/api-client.js';
import type { Items } from '../../../../contract/common.js';
import type { Transfer } from '../../../../contract/members.js';

export function listTransfers(memberId: number, signal?: AbortSignal): Promise<Items<Transfer>> {
  return api.get<Items<Transfer>>(`/members/${memberId}/transfers`, { signal });
}
