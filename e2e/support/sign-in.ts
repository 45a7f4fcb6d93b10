import type { APIRequestContext } from 'playwright-core';
import { expect } from 'vitest';

const changedPasswords = new Set<string>();

/**
 * Signs in through the API, doing the forced first password change the first time; the browser
 * context keeps the session cookie. Answers the session's CSRF token.
 */
export async function signIn(request: APIRequestContext, username: string, initial: string, next: string) {
  const password = changedPasswords.has(username) ? next : initial;
  const login = await request.post('/api/auth/login', { data: { username, password } });
  expect(login.status()).toBe(200);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  if (password === next) return csrfToken;
  changedPasswords.add(username);
  const changed = await request.post('/api/auth/password', {
    data: { currentPassword: initial, newPassword: next },
    headers: { 'x-csrf-token': csrfToken },
  });
  expect(changed.status(), await changed.text()).toBe(200);
  return csrfToken;
}
