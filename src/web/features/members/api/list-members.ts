import { api } from '../../../lib/api-client.js';
import type { Page } from '../../../../contract/common.js';
import type { ListMembersParams, Member } from '../../../../contract/members.js';

export function listMembers(params: ListMembersParams, signal?: AbortSignal): Promise<Page<Member>> {
  return api.get<Page<Member>>('/members', { query: { ...params }, signal });
}
