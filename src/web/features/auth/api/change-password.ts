import { api } from '../../../lib/api-client.js';
import type { ChangePasswordInput, ChangePasswordResult } from '../../../../contract/auth.js';

export function changePassword(input: ChangePasswordInput): Promise<ChangePasswordResult> {
  return api.post<ChangePasswordResult>('/auth/password', input);
}
