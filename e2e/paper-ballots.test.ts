import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startAppServer, type AppServer } from './support/app-server.js';
import { launchBrowser, watchErrors } from './support/browser.js';
import { signIn } from './support/sign-in.js';

const adminInitial = 'Paper-Init-Pass-2026';
const adminPassword = 'Paper-Chief-Pass!2026';
const clerkInitial = 'Paper-Clerk-Init-2026';
const clerkPassword = 'Paper-Clerk-Pass!2026';
const year = new Date().getFullYear();
const slow = { timeout: 60_000 };

describe('纸质票两人录入、核对、计入（浏览器）', () => {
  let server: AppServer;
  let browser: Browser;
  let first: BrowserContext;
  let second: BrowserContext;
  let pageA: Page;
  let pageB: Page;
  let errors: string[];
  let csrf: string;
  let meeting: { id: number; reporters: { orgId: number; orgName: string }[]; items: { key: string }[] };

  const call = async (method: 'post' | 'get', url: string, data?: object) => {
    const res = await first.request[method](url, { data, headers: { 'x-csrf-token': csrf } });
    expect(res.status(), await res.text()).toBeLessThan(300);
    return res.json() as Promise<unknown>;
  };

  beforeAll(async () => {
    server = await startAppServer(adminInitial);
    browser = await launchBrowser();
    const options = { baseURL: server.baseUrl, viewport: { width: 1366, height: 900 }, locale: 'zh-CN' };
    first = await browser.newContext(options);
    second = await browser.newContext(options);
    csrf = await signIn(first.request, 'admin', adminInitial, adminPassword);
    const county = (await call('post', '/api/orgs', {
      parentId: null,
      name: '纸票县委',
      level: 'county',
    })) as {
      id: number;
    };
    const town = (await call('post', '/api/orgs', {
      parentId: county.id,
      name: '红岩镇党委',
      level: 'committee',
    })) as { id: number };
    for (const name of ['红岩村党支部', '绿水村党支部'])
      await call('post', '/api/orgs', { parentId: town.id, name, level: 'branch', domain: 'village' });
    await call('post', '/api/users', {
      username: 'entrant2',
      displayName: '录入员乙',
      role: 'organizer',
      orgId: town.id,
      password: clerkInitial,
    });
    await signIn(second.request, 'entrant2', clerkInitial, clerkPassword);
    const cycle = (await call('post', '/api/cycles', {
      orgId: town.id,
      kind: 'annual',
      year,
      schemes: { template: true },
    })) as { id: number };
    meeting = (await call('post', '/api/meetings', {
      cycleId: cycle.id,
      name: '红岩镇述职评议会',
      heldOn: `${year}-12-20`,
    })) as typeof meeting;
    await call('post', `/api/meetings/${meeting.id}/codes`, { category: 'superiors', count: 3 });
    await call('post', `/api/meetings/${meeting.id}/voting`, { action: 'open' });
    pageA = await first.newPage();
    pageB = await second.newPage();
    errors = watchErrors(pageA, 60_000);
  }, 180_000);

  afterAll(async () => {
    await first?.close();
    await second?.close();
    await browser?.close();
    await server?.close();
  });

  const cells = () => meeting.reporters.length * meeting.items.length;

  /** Types one sheet: its serial, then a number key per cell (1 好 … 4 差), and saves it. */
  async function enter(page: Page, serial: number, keys: string[], pass: string) {
    await page.getByPlaceholder('纸质票上的编号').fill(String(serial));
    await page.getByTestId('paper-pass').getByText(pass).waitFor(slow);
    await page.getByTestId('paper-grid').focus();
    for (const key of keys) await page.keyboard.press(key);
    await page.getByTestId('paper-save').click();
    await page.getByText(`编号 ${serial} 已保存`).first().waitFor(slow);
  }

  test('两人各录入两张，一处不一致，改正后计入，计票结果含纸质票', async () => {
    for (const page of [pageA, pageB]) {
      await page.goto(`/meetings/${meeting.id}?tab=paper`);
      await page.getByTestId('paper-panel').getByText('没有待核对的纸质票录入').waitFor(slow);
    }
    await enter(pageA, 1, Array(cells()).fill('1'), '第一次录入');
    await enter(pageA, 2, Array(cells()).fill('2'), '第一次录入');

    await pageB.reload();
    await enter(pageB, 1, Array(cells()).fill('1'), '第二次录入');
    // The last cell (the last reporter's last item) read as 一般 instead of 较好.
    await enter(pageB, 2, [...Array(cells() - 1).fill('2'), '3'], '第二次录入');
    const sheets = pageB.getByTestId('paper-sheets');
    const last = meeting.reporters.at(-1)!;
    await sheets
      .getByText(`${last.orgName} · 下一步思路措施是否可行：第一次 较好，第二次 一般`)
      .waitFor(slow);
    await sheets.getByText('不一致', { exact: true }).waitFor();

    // The second clerk corrects their own entry: the grid comes back filled in.
    await pageB.getByPlaceholder('纸质票上的编号').fill('2');
    await pageB.getByTestId('paper-pass').getByText('修改我的录入').waitFor(slow);
    await pageB.getByTestId(`paper-cell-${last.orgId}-plans`).getByText('较好').click();
    await pageB.getByTestId('paper-save').click();
    await pageB.getByText('编号 2 已保存：一致').waitFor(slow);

    await pageA.reload();
    await pageA
      .getByTestId('paper-sheets')
      .getByText('不一致', { exact: true })
      .waitFor({ state: 'detached', ...slow });
    await pageA.getByTestId('paper-count').getByText('计入一致的纸质票（2 张）').click();
    await pageA.locator('.ant-modal-confirm-title', { hasText: '计入 2 张纸质票？' }).waitFor(slow);
    await pageA.getByRole('button', { name: '计入', exact: true }).click();
    await pageA.getByTestId('paper-panel').getByText('没有待核对的纸质票录入').waitFor(slow);

    await call('post', `/api/meetings/${meeting.id}/voting`, { action: 'close' });
    await pageA.goto(`/meetings/${meeting.id}?tab=tally`);
    await pageA.getByTestId('tally').getByText('收回有效测评票 2 张').waitFor(slow);
    expect(errors).toEqual([]);
  }, 300_000);
});
