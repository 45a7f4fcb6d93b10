import { api } from '../../../lib/api-client.js';
import type { Page } from '../../../../contract/common.js';
import type { ListUsersParams, User } from '../../../../contract/users.js';

export function listUsers(params: ListUsersParams, signal?: AbortSignal): Promise<Page<User>> {
  return api.get<Page<User>>('/users', { query: { ...params }, signal });
}
