import { api } from '../../../shared/api-client.js';
import type { Page } from '../../../shared/types.js';
import type { ListUsersParams, User } from '../types.js';

export function listUsers(params: ListUsersParams, signal?: AbortSignal): Promise<Page<User>> {
  return api.get<Page<User>>('/users', { query: { ...params }, signal });
}
