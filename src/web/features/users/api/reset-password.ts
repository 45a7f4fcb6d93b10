import { api } from '../../../lib/api-client.js';
import type { ResetPasswordResult } from '../../../../contract/users.js';

export function resetPassword(id: number): Promise<ResetPasswordResult> {
  return api.post<ResetPasswordResult>(`/users/${id}/reset-password`);
}
