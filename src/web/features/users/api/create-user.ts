import { api } from '../../../lib/api-client.js';
import type { CreateUserInput, CreateUserResult } from '../../../../contract/users.js';

export function createUser(input: CreateUserInput): Promise<CreateUserResult> {
  return api.post<CreateUserResult>('/users', input);
}
