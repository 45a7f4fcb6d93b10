import { api } from '../../../shared/api-client.js';

export function unlockLogin(id: number): Promise<void> {
  return api.post<void>(`/users/${id}/unlock-login`);
}
