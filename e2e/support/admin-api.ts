import type { Browser } from 'playwright-core';
import { expect } from 'vitest';
import { signIn } from './sign-in.js';

/**
 * The admin's API for a test's setup, through a browser context signed in (with the forced first
 * password change): `post` expects 201 and answers the created row's id.
 */
export async function adminApi(browser: Browser, baseUrl: string, initial: string, password: string) {
  const admin = await browser.newContext({ baseURL: baseUrl });
  const csrf = await signIn(admin.request, 'admin', initial, password);
  const post = async (url: string, data: object) => {
    const res = await admin.request.post(url, { data, headers: { 'x-csrf-token': csrf } });
    expect(res.status(), await res.text()).toBe(201);
    return (await res.json()) as { id: number };
  };
  return { post, close: () => admin.close() };
}
