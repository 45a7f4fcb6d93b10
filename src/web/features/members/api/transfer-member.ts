import { api } from '../../../lib/api-client.js';
import type { Member, TransferInput } from '../../../../contract/members.js';

export function transferMember(id: number, input: TransferInput): Promise<Member> {
  return api.post<Member>(`/members/${id}/transfer`, input);
}
