import { api } from '../../../lib/api-client.js';
import type { LoginInput, Session } from '../../../../contract/auth.js';

export function login(input: LoginInput): Promise<Session> {
  return api.post<Session>('/auth/login', input, { redirectOnUnauthenticated: false });
}
