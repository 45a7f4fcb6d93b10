import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startAppServer, type AppServer } from './support/app-server.js';
import { launchBrowser, watchErrors } from './support/browser.js';
import { signIn } from './support/sign-in.js';

const adminInitial = 'Survey-Init-Pass-2026';
const adminPassword = 'Survey-Chief-Pass!2026';
const staffInitial = 'Survey-Staff-Init-2026';
const staffPassword = 'Survey-Staff-Changed!2026';
const year = new Date().getFullYear();

describe('满意度测评：按村生成测评码，手机投票，结束后看满意率和意见（浏览器）', () => {
  let server: AppServer;
  let browser: Browser;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    server = await startAppServer(adminInitial);
    browser = await launchBrowser();
    const admin = await browser.newContext({ baseURL: server.baseUrl });
    const csrf = await signIn(admin.request, 'admin', adminInitial, adminPassword);
    const send = async (method: 'post' | 'patch', url: string, data: object, status: number) => {
      const res = await admin.request[method](url, { data, headers: { 'x-csrf-token': csrf } });
      expect(res.status(), await res.text()).toBe(status);
      return (await res.json()) as { id: number };
    };
    ids.county = (
      await send('post', '/api/orgs', { parentId: null, name: '测评县委', level: 'county' }, 201)
    ).id;
    ids.town = (
      await send('post', '/api/orgs', { parentId: ids.county, name: '青山镇党委', level: 'committee' }, 201)
    ).id;
    for (const name of ['青山村党支部', '绿水村党支部']) {
      ids[name] = (await send('post', '/api/orgs', { parentId: ids.town, name, level: 'branch' }, 201)).id;
      await send('patch', `/api/orgs/${ids[name]}`, { domain: 'village' }, 200);
    }
    await send(
      'post',
      '/api/users',
      {
        username: 'town01',
        displayName: '镇组织委员',
        role: 'organizer',
        orgId: ids.town,
        password: staffInitial,
      },
      201,
    );
    ids.cycle = (await send('post', '/api/cycles', { orgId: ids.town, kind: 'annual', year }, 201)).id;
    await admin.close();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  test('镇里新建满意度测评、为青山村生成测评码，村民代表用手机投票，结束后看结果和覆盖情况', async () => {
    const context = await browser.newContext({ baseURL: server.baseUrl, locale: 'zh-CN' });
    const csrf = await signIn(context.request, 'town01', staffInitial, staffPassword);
    const page = await context.newPage();
    const errors = watchErrors(page, 60_000);

    await page.goto(`/cycles/${ids.cycle}?tab=meetings`);
    await page.getByTestId('meeting-create').click();
    const modal = page.getByTestId('meeting-create-modal');
    await modal.getByText('满意度测评', { exact: true }).click();
    await expect.poll(() => modal.getByLabel('名称').inputValue()).toBe(`${year}年村民代表大会满意度测评`);
    await page.getByRole('button', { name: '创建' }).click();
    await page.waitForURL(/\/meetings\/\d+$/);
    const meetingId = Number(new URL(page.url()).pathname.split('/').pop());

    await page.goto(`/meetings/${meetingId}?tab=codes`);
    await page.getByTestId('codes-org').getByText('青山村党支部').waitFor();
    await page.getByLabel('数量').fill('3');
    await page.getByTestId('codes-generate').click();
    await page.getByText('已生成 3 个测评码').waitFor();
    const codes = (await (await context.request.get(`/api/meetings/${meetingId}/codes`)).json()).items as {
      code: string;
      orgName: string;
    }[];
    expect(codes.map((c) => c.orgName)).toEqual(['青山村党支部', '青山村党支部', '青山村党支部']);
    await page.goto(`/meetings/${meetingId}/codes/print`);
    await expect
      .poll(() => page.getByTestId('code-card').first().innerText())
      .toContain('测评对象：青山村党支部');
    const voting = async (action: string) =>
      expect(
        (
          await context.request.post(`/api/meetings/${meetingId}/voting`, {
            data: { action },
            headers: { 'x-csrf-token': csrf },
          })
        ).status(),
      ).toBe(200);
    await voting('open');

    // Two villagers' phones, 390 px wide, no login.
    for (const [k, choice] of [
      [0, '满意'],
      [1, '基本满意'],
    ] as const) {
      const phone = await browser.newContext({
        baseURL: server.baseUrl,
        viewport: { width: 390, height: 844 },
        isMobile: true,
        hasTouch: true,
        locale: 'zh-CN',
      });
      const ballot = await phone.newPage();
      await ballot.goto(`/ballot/${codes[k]!.code}`);
      await ballot.getByRole('heading', { name: /青山村党支部/ }).waitFor();
      expect(await ballot.getByRole('heading', { name: /绿水村党支部/ }).count()).toBe(0);
      for (const group of await ballot.getByRole('group').all())
        await group.getByRole('button', { name: choice, exact: true }).click();
      await ballot.getByText('已评 3/3').waitFor();
      if (k === 0) await ballot.getByPlaceholder(/意见建议/).fill('希望村务公开更及时');
      expect(
        await ballot.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth'),
      ).toBeLessThanOrEqual(0);
      await ballot.getByRole('button', { name: '提交测评票' }).click();
      await ballot.getByRole('button', { name: '确认提交' }).click();
      await ballot.getByText('投票成功').waitFor();
      await phone.close();
    }

    await voting('close');
    await page.goto(`/meetings/${meetingId}?tab=tally`);
    const tally = page.getByTestId('survey-tally');
    await expect
      .poll(() => tally.getByTestId(`survey-value-${ids['青山村党支部']}`).innerText())
      .toBe('100%');
    await tally.getByText('希望村务公开更及时').waitFor();

    await page.goto(`/cycles/${ids.cycle}?tab=meetings`);
    const coverage = page.getByTestId('satisfaction-coverage');
    await coverage.getByText(/共 2 个村/).waitFor();
    expect(await coverage.getByText('未测评').count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await context.close();
  }, 240_000);
});
