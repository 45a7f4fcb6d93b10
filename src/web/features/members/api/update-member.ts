import { api } from '../../../lib/api-client.js';
import type { Member, UpdateMemberInput } from '../../../../contract/members.js';

export function updateMember(id: number, input: UpdateMemberInput): Promise<Member> {
  return api.patch<Member>(`/members/${id}`, input);
}
