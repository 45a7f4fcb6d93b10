import type { Browser, BrowserContext, Page } from 'playwright-core';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startAppServer, type AppServer } from './support/app-server.js';
import { launchBrowser, watchErrors } from './support/browser.js';
import { signIn } from './support/sign-in.js';

const adminInitial = 'Live-Init-Pass-2026';
const adminPassword = 'Live-Chief-Pass!2026';
const year = new Date().getFullYear();

describe('评议会大屏与主持人模式（浏览器）', () => {
  let server: AppServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let csrf: string;
  let meeting: { id: number; reporters: { orgId: number; orgName: string }[]; items: { key: string }[] };
  let codes: string[];

  const call = async (method: 'post' | 'get', url: string, data?: object) => {
    const res = await context.request[method](url, { data, headers: { 'x-csrf-token': csrf } });
    expect(res.status(), await res.text()).toBeLessThan(300);
    return res.json() as Promise<unknown>;
  };

  beforeAll(async () => {
    server = await startAppServer(adminInitial);
    browser = await launchBrowser();
    // A 1366×768 laptop: the smallest screen the big screen must fit without scrolling.
    context = await browser.newContext({
      baseURL: server.baseUrl,
      viewport: { width: 1366, height: 768 },
      locale: 'zh-CN',
    });
    csrf = await signIn(context.request, 'admin', adminInitial, adminPassword);
    const county = (await call('post', '/api/orgs', {
      parentId: null,
      name: '大屏县委',
      level: 'county',
    })) as { id: number };
    const town = (await call('post', '/api/orgs', {
      parentId: county.id,
      name: '白沙镇党委',
      level: 'committee',
    })) as {
      id: number;
    };
    for (const name of ['白沙村党支部', '青石村党支部'])
      await call('post', '/api/orgs', { parentId: town.id, name, level: 'branch', domain: 'village' });
    const cycle = (await call('post', '/api/cycles', {
      orgId: town.id,
      kind: 'annual',
      year,
      schemes: { template: true },
    })) as {
      id: number;
    };
    meeting = (await call('post', '/api/meetings', {
      cycleId: cycle.id,
      name: '白沙镇村党组织书记述职评议会',
      heldOn: `${year}-12-20`,
    })) as typeof meeting;
    expect(meeting.reporters.length).toBeGreaterThan(0);
    codes = (
      (await call('post', `/api/meetings/${meeting.id}/codes`, { category: 'superiors', count: 4 })) as {
        items: { code: string }[];
      }
    ).items.map((c) => c.code);
    await call('post', `/api/meetings/${meeting.id}/voting`, { action: 'open' });
    page = await context.newPage();
    errors = watchErrors(page, 60_000);
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  const cast = (code: string) =>
    call('post', `/api/ballot/${code}`, {
      submissionId: randomUUID(),
      choices: Object.fromEntries(
        meeting.reporters.map((r) => [
          String(r.orgId),
          Object.fromEntries(meeting.items.map((i) => [i.key, 'excellent'])),
        ]),
      ),
    });

  test('大屏先显示 0/4，投票后不刷新即显示 1/4；结束后显示等次分布', async () => {
    await page.goto(`/meetings/${meeting.id}/live`);
    const screen = page.getByTestId('meeting-live');
    await screen.getByText('白沙镇村党组织书记述职评议会').waitFor({ timeout: 60_000 });
    await page.getByTestId('live-state').getByText('投票中').waitFor();
    await page.getByTestId('live-row-superiors').getByText('已投 0 / 应发 4').waitFor();
    await page.getByTestId('live-total').getByText('合计 已投 0 / 应发 4').waitFor();
    // A marker to tell a reload from a push.
    await page.evaluate('window.notReloaded = true');

    await cast(codes[0]!);
    await page.getByTestId('live-total').getByText('合计 已投 1 / 应发 4').waitFor({ timeout: 60_000 });
    await page.getByTestId('live-row-superiors').getByText('已投 1 / 应发 4').waitFor();
    expect(await page.evaluate('window.notReloaded')).toBe(true);
    await page.getByTestId('live-validity').getByText('未超过发出的 4 张的半数，测评无效').waitFor();

    await cast(codes[1]!);
    await cast(codes[2]!);
    await page.getByTestId('live-total').getByText('合计 已投 3 / 应发 4').waitFor({ timeout: 60_000 });
    await page.getByTestId('live-validity').getByText('测评有效').waitFor();

    await call('post', `/api/meetings/${meeting.id}/voting`, { action: 'close' });
    await page.getByTestId('live-state').getByText('已结束').waitFor({ timeout: 60_000 });
    await page.getByTestId('live-grades').getByText('总体评价结果').waitFor({ timeout: 60_000 });
    await page.getByRole('img', { name: '各述职组织总体评价的等次分布' }).locator('canvas').waitFor();
    const scrolls = await page.evaluate('document.documentElement.scrollHeight > window.innerHeight');
    expect(scrolls).toBe(false);
    expect(errors).toEqual([]);
  });

  test('主持人模式：当前与下一位述职组织，方向键切换，位置保存在地址中', async () => {
    const [first, second] = meeting.reporters;
    await page.goto(`/meetings/${meeting.id}/present`);
    await page.getByTestId('present-current').getByText(first!.orgName).waitFor({ timeout: 60_000 });
    await page.getByTestId('present-position').getByText(`1 / ${meeting.reporters.length}`).waitFor();
    await page.getByTestId('present-mode').getByText('现场述职').waitFor();
    await page.getByTestId('present-next').getByText(`下一位：${second!.orgName}（现场）`).waitFor();
    await page.getByTestId('present-figures').getByText('党员').first().waitFor({ timeout: 60_000 });

    await page.keyboard.press('ArrowRight');
    await page.getByTestId('present-current').getByText(second!.orgName).waitFor();
    expect(new URL(page.url()).searchParams.get('at')).toBe('2');
    await page.reload();
    await page.getByTestId('present-current').getByText(second!.orgName).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: /上一位/ }).click();
    await page.getByTestId('present-current').getByText(first!.orgName).waitFor();
    expect(errors).toEqual([]);
  });
});
