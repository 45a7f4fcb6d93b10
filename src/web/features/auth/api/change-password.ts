import { api } from '../../../shared/api-client.js';
import type { ChangePasswordInput, ChangePasswordResult } from '../types.js';

export function changePassword(input: ChangePasswordInput): Promise<ChangePasswordResult> {
  return api.post<ChangePasswordResult>('/auth/password', input);
}
