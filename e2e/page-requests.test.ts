import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startAppServer, type AppServer } from './support/app-server.js';
import { launchBrowser, watchErrors } from './support/browser.js';

const adminPassword = 'Requests-Init-Pass-2026';
/** Issue 10: no main page makes more than this many API requests to show its content. */
const maxApiRequests = 6;

async function post(baseUrl: string, cookie: string | null, csrf: string | null, url: string, body: unknown) {
  const res = await fetch(`${baseUrl}${url}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(cookie ? { cookie } : {}),
      ...(csrf ? { 'x-csrf-token': csrf } : {}),
    },
    body: JSON.stringify(body),
  });
  if (res.status >= 300) throw new Error(`POST ${url} → ${res.status} ${await res.text()}`);
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]!);
  return {
    json: (await res.json()) as Record<string, unknown>,
    cookie: cookies.find((c) => c.startsWith('shuping_session=')),
  };
}

async function signIn(baseUrl: string, username: string, password: string) {
  const { json, cookie } = await post(baseUrl, null, null, '/api/auth/login', { username, password });
  return { cookie: cookie!, csrf: json.csrfToken as string };
}

async function changePassword(baseUrl: string, username: string, from: string, to: string) {
  const s = await signIn(baseUrl, username, from);
  await post(baseUrl, s.cookie, s.csrf, '/api/auth/password', { currentPassword: from, newPassword: to });
  return signIn(baseUrl, username, to);
}

/** The API requests the page has made since it was opened (the browser's own resource timings). */
const apiRequests = (page: Page) =>
  page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((e) => new URL(e.name))
      .filter((u) => u.pathname.startsWith('/api/'))
      .map((u) => u.pathname + u.search),
  );

/*
 * A server of its own with the demo county: every main page an organizer opens shows its content
 * with at most six API requests.
 */
describe('主要页面的接口请求数（演示县，县级组织员）', () => {
  let server: AppServer;
  let browser: Browser;
  let context: BrowserContext;
  let townId = 0;

  beforeAll(async () => {
    server = await startAppServer(adminPassword);
    const admin = await changePassword(server.baseUrl, 'admin', adminPassword, 'Requests-Root-2026!');
    await post(server.baseUrl, admin.cookie, admin.csrf, '/api/demo', {});
    const roots = (await (
      await fetch(`${server.baseUrl}/api/orgs`, { headers: { cookie: admin.cookie } })
    ).json()) as { items: { id: number }[] };
    const county = roots.items[0]!.id;
    const towns = (await (
      await fetch(`${server.baseUrl}/api/orgs?parentId=${county}`, { headers: { cookie: admin.cookie } })
    ).json()) as { items: { id: number }[] };
    townId = towns.items[0]!.id;
    const created = await post(server.baseUrl, admin.cookie, admin.csrf, '/api/users', {
      username: 'requests.organizer',
      displayName: '县组织员',
      role: 'organizer',
      orgId: county,
    });
    const organizer = await changePassword(
      server.baseUrl,
      'requests.organizer',
      created.json.initialPassword as string,
      'Requests-Organizer-2026!',
    );
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const [name, value] = organizer.cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: server.baseUrl }]);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const cases: [string, () => string, string][] = [
    ['数据看板（县）', () => '/dashboard', '[data-testid="dashboard"] .ant-table-row'],
    ['数据看板（乡镇）', () => `/dashboard?orgId=${townId}`, '[data-testid="dashboard"] .ant-table-row'],
    ['基本情况', () => '/statistics/basics', '[data-testid="basics-table"] tr'],
    ['党员管理', () => '/members', '[data-testid="members-table"] .ant-table-row'],
    ['党员花名册', () => '/members/roster', '[data-testid="member-roster"] tbody tr'],
    ['发展党员', () => '/pipeline', '[data-testid="pipeline-page"] .ant-table-row'],
    ['组织架构', () => '/orgs', '[data-testid="org-detail"]'],
    ['审计日志', () => '/audit', '[data-testid="audit-table"] .ant-table-row'],
  ];

  test.each(cases)('%s：内容显示时不超过 6 个接口请求', async (_, url, content) => {
    const page = await context.newPage();
    const errors = watchErrors(page, 60_000);
    await page.goto(`${server.baseUrl}${url()}`);
    await page.locator(content).first().waitFor();
    // Late requests (a second round trip after the first answers) count too.
    await page.waitForTimeout(1_000);
    const requests = await apiRequests(page);
    expect(requests.length, requests.join('\n')).toBeLessThanOrEqual(maxApiRequests);
    // The footer's version and database come with the page, not from a request of their own.
    await expect.poll(() => page.getByTestId('app-footer').textContent()).toMatch(/版本 .+ · 数据库 PGlite/);
    expect(requests.filter((r) => r.startsWith('/api/health'))).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  test('县党员花名册：屏幕只渲染窗口附近的行，滚到底见最后一行；打印时列出全部', async () => {
    const page = await context.newPage();
    const errors = watchErrors(page, 60_000);
    await page.goto(`${server.baseUrl}/members/roster`);
    const roster = page.getByTestId('member-roster');
    const meta = roster.locator('.roster-meta');
    await meta.waitFor();
    const total = Number(/共 (\d+) 人/.exec((await meta.textContent()) ?? '')![1]);
    expect(total).toBeGreaterThan(1_000);
    const rendered = () => roster.locator('table.roster-screen tbody tr:not(.roster-spacer)').count();
    expect(await rendered()).toBeLessThan(200);
    await page.evaluate('window.scrollTo(0, document.documentElement.scrollHeight)');
    await roster.getByRole('cell', { name: String(total), exact: true }).waitFor();
    expect(await rendered()).toBeLessThan(200);

    await page.evaluate(`window.print = () => {
      window.printed = document.querySelectorAll('[data-testid="roster-print"] tbody tr').length;
    }`);
    await roster.getByRole('button', { name: /打\s*印/ }).click();
    await page.waitForFunction('"printed" in window');
    expect(await page.evaluate<number>('window.printed')).toBe(total);
    expect(errors).toEqual([]);
    await page.close();
  });

  test('看板的下级组织表一次请求取齐各下级的统计数字', async () => {
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/dashboard?orgId=${townId}`);
    await page.locator('[data-testid="dashboard"] .ant-table-row').first().waitFor();
    const requests = await apiRequests(page);
    expect(requests.filter((r) => r.startsWith('/api/statistics/children?'))).toHaveLength(1);
    expect(
      requests.filter((r) => r.startsWith('/api/orgs?parentId=') || r.startsWith('/api/statistics/batch')),
    ).toEqual([]);
    await page.close();
  });
});
