import { api } from '../../../lib/api-client.js';
import type { Member } from '../../../../contract/members.js';

export function getMember(id: number, signal?: AbortSignal): Promise<Member> {
  return api.get<Member>(`/members/${id}`, { signal });
}
