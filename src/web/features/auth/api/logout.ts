import { api } from '../../../shared/api-client.js';

export function logout(): Promise<void> {
  return api.post<void>('/auth/logout', undefined, { redirectOnUnauthenticated: false });
}
