import { api } from '../../../shared/api-client.js';
import type { Page } from '../../../shared/types.js';
import type { ListMembersParams, Member } from '../types.js';

export function listMembers(params: ListMembersParams, signal?: AbortSignal): Promise<Page<Member>> {
  return api.get<Page<Member>>('/members', { query: { ...params }, signal });
}
