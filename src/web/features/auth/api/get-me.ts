import { api } from '../../../lib/api-client.js';
import type { Session } from '../../../../contract/auth.js';

export function getMe(signal?: AbortSignal): Promise<Session> {
  return api.get<Session>('/auth/me', { signal, redirectOnUnauthenticated: false });
}
