import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startAppServer, type AppServer } from './support/app-server.js';
import { launchBrowser, watchErrors } from './support/browser.js';
import { signIn } from './support/sign-in.js';

const adminInitial = 'Ledger-Init-Pass-2026';
const adminPassword = 'Ledger-Chief-Pass!2026';
const secretaryInitial = 'Ledger-Sec-Init-2026';
const secretaryPassword = 'Ledger-Sec-Changed!2026';

const shots = process.env.E2E_SCREENSHOTS;

describe('工作台账（手机）', () => {
  let server: AppServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startAppServer(adminInitial);
    browser = await launchBrowser();
    // Through the API: a branch with four members and its secretary's account.
    const admin = await browser.newContext({ baseURL: server.baseUrl });
    const csrf = await signIn(admin.request, 'admin', adminInitial, adminPassword);
    const post = async (url: string, data: object) => {
      const res = await admin.request.post(url, { data, headers: { 'x-csrf-token': csrf } });
      expect(res.status(), await res.text()).toBe(201);
      return (await res.json()) as { id: number };
    };
    const county = (await post('/api/orgs', { parentId: null, name: '台账示范县委', level: 'county' })).id;
    const town = (await post('/api/orgs', { parentId: county, name: '青石镇党委', level: 'committee' })).id;
    const branch = (
      await post('/api/orgs', { parentId: town, name: '青石村党支部', level: 'branch', domain: 'village' })
    ).id;
    for (const name of ['周建华', '吴秀兰', '郑国强', '王德明'])
      await post('/api/members', {
        orgId: branch,
        name,
        gender: 'male',
        stage: 'full',
        probationaryOn: '2012-07-01',
        fullOn: '2013-07-01',
      });
    await post('/api/users', {
      username: 'shuji01',
      displayName: '青石村书记',
      role: 'secretary',
      orgId: branch,
      password: secretaryInitial,
    });
    await admin.close();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  test('书记在手机上记录一次支部党员大会：三人出席、一人缺席，列表显示参会率 75%', async () => {
    const context = await browser.newContext({
      baseURL: server.baseUrl,
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
    });
    await signIn(context.request, 'shuji01', secretaryInitial, secretaryPassword);
    const page = await context.newPage();
    const errors = watchErrors(page, 60_000);

    await page.goto('/ledger');
    await page.getByTestId('ledger-empty').waitFor();
    if (shots) await page.screenshot({ path: `${shots}/ledger-empty.png`, fullPage: true });
    await page.getByTestId('ledger-new').click();

    const form = page.getByTestId('ledger-form');
    await form.waitFor();
    // The secretary's own org is fixed; the kind defaults to 支部党员大会 and the day to today.
    await expect(form.getByTestId('ledger-own-org').textContent()).resolves.toBe('青石村党支部');
    await form.getByLabel('主题').fill('学习贯彻党的二十大精神');
    await form.getByLabel('地点').fill('村党群服务中心');

    // Attendees come from the branch's members on the day.
    const rows = form.getByTestId('attendance-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(4);
    const absentee = rows.filter({ hasText: '王德明' });
    await absentee.getByText('缺席', { exact: true }).click();
    await absentee.locator('.attendance-reason input').fill('外出务工');
    await form.getByTestId('attendance-all').click();
    await expect(form.getByTestId('attendance-summary').textContent()).resolves.toBe(
      '应到 4 人，登记 4 人：出席 3，缺席 1',
    );
    await form.getByText('75%').first().waitFor();

    await form.getByLabel('主持人').fill('周建华');
    await form.getByLabel('主持人').press('Tab');
    // Tap targets: every attendance button is at least 40 px high.
    const box = await absentee.locator('.ant-radio-button-wrapper').first().boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(38);
    if (shots) await page.screenshot({ path: `${shots}/ledger-form.png`, fullPage: true });
    await form.getByTestId('ledger-save').click();

    // Back on the list: the record with its kind in Chinese and its attendance rate.
    const card = page.getByTestId('ledger-card').filter({ hasText: '学习贯彻党的二十大精神' });
    await card.waitFor();
    await expect(card.getByTestId('ledger-kind').textContent()).resolves.toBe('支部党员大会');
    await expect(card.getByTestId('attendance-rate').textContent()).resolves.toBe('出席 3/4 · 75%');
    // The detail opens from the list and names the absence with its reason.
    const detail = page.getByTestId('ledger-detail');
    await detail.getByText('缺席：外出务工').waitFor();
    if (shots) await page.screenshot({ path: `${shots}/ledger-detail.png`, fullPage: true });

    // No sideways scrolling on the phone.
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);
});
