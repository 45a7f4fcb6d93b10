import { api } from '../../../lib/api-client.js';
import type { CreateMemberInput, Member } from '../../../../contract/members.js';

export function createMember(input: CreateMemberInput): Promise<Member> {
  return api.post<Member>('/members', input);
}
