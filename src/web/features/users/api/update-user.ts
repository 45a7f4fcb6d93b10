import { api } from '../../../lib/api-client.js';
import type { UpdateUserInput, User } from '../../../../contract/users.js';

export function updateUser(id: number, input: UpdateUserInput): Promise<User> {
  return api.patch<User>(`/users/${id}`, input);
}
