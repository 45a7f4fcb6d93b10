import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { defaultBallotItems } from '../src/domain/meetings.js';
import { startAppServer, type AppServer } from './support/app-server.js';
import { launchBrowser, watchErrors } from './support/browser.js';
import { signIn } from './support/sign-in.js';

const adminInitial = 'Meeting-Init-Pass-2026';
const adminPassword = 'Meeting-Chief-Pass!2026';
const staffInitial = 'Meeting-Staff-Init-2026';
const staffPassword = 'Meeting-Staff-Changed!2026';
const year = new Date().getFullYear();
const shots = process.env.E2E_SCREENSHOTS;

describe('述职评议会：新建、排序、测评码打印、投票、计票（浏览器）', () => {
  let server: AppServer;
  let browser: Browser;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    server = await startAppServer(adminInitial);
    browser = await launchBrowser();
    const admin = await browser.newContext({ baseURL: server.baseUrl });
    const csrf = await signIn(admin.request, 'admin', adminInitial, adminPassword);
    const post = async (url: string, data: object) => {
      const res = await admin.request.post(url, { data, headers: { 'x-csrf-token': csrf } });
      expect(res.status(), await res.text()).toBe(201);
      return (await res.json()) as { id: number };
    };
    ids.county = (await post('/api/orgs', { parentId: null, name: '评议县委', level: 'county' })).id;
    for (const name of ['东湖镇党委', '西山镇党委'])
      ids[name] = (await post('/api/orgs', { parentId: ids.county, name, level: 'committee' })).id;
    await post('/api/users', {
      username: 'county01',
      displayName: '县委组织部干部',
      role: 'organizer',
      orgId: ids.county,
      password: staffInitial,
    });
    ids.cycle = (await post('/api/cycles', { orgId: ids.county, kind: 'annual', year })).id;
    await admin.close();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const open = async (viewport = { width: 1400, height: 900 }) => {
    const context: BrowserContext = await browser.newContext({
      baseURL: server.baseUrl,
      viewport,
      locale: 'zh-CN',
      ...(viewport.width < 500 ? { isMobile: true, hasTouch: true } : {}),
    });
    const csrf = await signIn(context.request, 'county01', staffInitial, staffPassword);
    const page = await context.newPage();
    return { context, page, csrf, errors: watchErrors(page, 60_000) };
  };
  const confirm = (page: Page, button: string) =>
    page.locator('.ant-modal-confirm').getByRole('button', { name: button }).click();
  const fitsWidth = async (page: Page) =>
    (await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth')) <= 0;

  test('县委组织部新建评议会，调整述职顺序，生成并打印测评码，开始投票、收票、结束后看计票结果', async () => {
    const { context, page, errors } = await open();
    await page.goto(`/cycles/${ids.cycle}?tab=meetings`);
    await page.getByText('本周期还没有述职评议会。').waitFor();
    await page.getByTestId('meeting-create').click();
    const modal = page.getByTestId('meeting-create-modal');
    // Named after the cycle by default.
    await expect
      .poll(() => modal.getByLabel('名称').inputValue())
      .toBe(`${year}年度党组织书记抓基层党建工作述职评议会`);
    await modal.getByLabel('地点').fill('县委常委会议室');
    await page.getByRole('button', { name: '创建' }).click();
    await page.waitForURL(/\/meetings\/\d+$/);
    const meetingId = Number(new URL(page.url()).pathname.split('/').pop());
    await page.getByTestId('voting-state').getByText('未开始').waitFor();

    // The cycle's reporters in tree order; 西山镇 moves up and the order is saved.
    const rows = page.getByTestId('reporter-row');
    await expect
      .poll(() => rows.allTextContents())
      .toEqual([expect.stringContaining('东湖镇党委'), expect.stringContaining('西山镇党委')]);
    await page.getByRole('button', { name: '上移西山镇党委' }).click();
    await page.getByTestId('meeting-save').click();
    await page.getByRole('button', { name: '上移东湖镇党委' }).waitFor();
    await expect.poll(() => rows.first().textContent()).toContain('西山镇党委');
    const saved = (await (await context.request.get(`/api/meetings/${meetingId}`)).json()) as {
      reporters: { orgName: string }[];
    };
    expect(saved.reporters.map((r) => r.orgName)).toEqual(['西山镇党委', '东湖镇党委']);
    // Weights that do not make 100 % are pointed out before saving.
    await page.getByLabel('权重').first().fill('30');
    await page.getByTestId('weight-warning').getByText('各类评议人权重合计 30%，应为 100%').waitFor();
    await page.getByLabel('权重').first().fill('');
    if (shots) await page.screenshot({ path: `${shots}/meeting-settings.png`, fullPage: true });

    // 5 codes for 上级班子成员.
    await page.getByRole('tab', { name: '测评码' }).click();
    await page.getByLabel('数量').fill('5');
    await page.getByTestId('codes-generate').click();
    await page.getByText('已生成 5 个测评码').waitFor();
    const counts = page.getByTestId('code-counts').locator('tbody tr');
    await expect
      .poll(() => counts.first().locator('td').allTextContents())
      .toEqual(['上级班子成员', '5', '0']);
    const { items: codes } = (await (
      await context.request.get(`/api/meetings/${meetingId}/codes`)
    ).json()) as {
      items: { code: string }[];
    };
    expect(codes).toHaveLength(5);
    if (shots) await page.screenshot({ path: `${shots}/meeting-codes.png`, fullPage: true });

    // The print sheet: one card per code, each with its QR image and the code as printed.
    await page.getByTestId('codes-print').click();
    await page.waitForURL(/\/codes\/print$/);
    const cards = page.getByTestId('code-card');
    await expect.poll(() => cards.count()).toBe(5);
    for (const [i, { code }] of codes.entries()) {
      const card = cards.nth(i);
      await card.getByAltText(`测评码 ${code}`).waitFor();
      expect(await card.textContent()).toContain(code);
      expect(await card.textContent()).toContain('扫码或输入测评码参加民主测评');
    }
    const qr = await cards.first().locator('img').getAttribute('src');
    expect(qr).toMatch(/^data:image\/svg\+xml/);
    if (shots) await page.screenshot({ path: `${shots}/meeting-codes-print.png`, fullPage: true });

    // Voting: open, one ballot through the ballot API, turnout 1/5, close.
    await page.goto(`/meetings/${meetingId}?tab=voting`);
    await page.getByTestId('voting-open').click();
    await confirm(page, '开始投票');
    await page.getByTestId('voting-state').getByText('投票中').waitFor();
    const choices = Object.fromEntries(
      [ids['西山镇党委'], ids['东湖镇党委']].map((orgId) => [
        String(orgId),
        Object.fromEntries(defaultBallotItems.map((item) => [item.key, 'excellent'])),
      ]),
    );
    const cast = await fetch(`${server.baseUrl}/api/ballot/${codes[0]!.code}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ submissionId: randomUUID(), choices }),
    });
    expect(cast.status, await cast.text()).toBe(200);
    await page.getByTestId('turnout-total').getByText('合计 1/5').waitFor();
    await page
      .getByTestId('turnout-problem')
      .getByText(/未超过.*半数/)
      .waitFor();
    if (shots) await page.screenshot({ path: `${shots}/meeting-voting.png`, fullPage: true });
    await page.getByTestId('voting-close').click();
    await confirm(page, '结束投票');
    await page.getByTestId('voting-state').getByText('已结束').waitFor();

    // The tally: one 好 on every item of both reporters, in the order of the meeting.
    await page.getByRole('tab', { name: '计票结果' }).click();
    const reporters = page.getByTestId('tally-reporter');
    await expect.poll(() => reporters.count()).toBe(2);
    expect(await reporters.first().locator('h5').textContent()).toBe('1. 西山镇党委');
    const overall = reporters.first().locator('tbody tr', { hasText: '总体评价' });
    expect(await overall.locator('td').allTextContents()).toEqual(['总体评价', '1', '0', '0', '0', '0']);
    if (shots) await page.screenshot({ path: `${shots}/meeting-tally.png`, fullPage: true });

    // The protocol: the xlsx link, and the printable page saved as a PDF as 另存为 PDF would.
    expect(await page.getByTestId('protocol-xlsx').getAttribute('href')).toBe(
      `/api/meetings/${meetingId}/protocol.xlsx`,
    );
    await page.getByRole('button', { name: '打印计票表' }).click();
    await page.waitForURL(/\/protocol\/print$/);
    const sheet = page.getByTestId('protocol-sheet');
    await sheet.getByTestId('tally-reporter').first().waitFor();
    const text = (await sheet.textContent()) ?? '';
    for (const expected of ['西山镇党委', '东湖镇党委', '投票方式', '统一投票', '计票人', '监票人'])
      expect(text).toContain(expected);
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('button', { name: '打印' }).isVisible()).toBe(false);
    // Paper shows no scrollbar: every tally table lies within the sheet.
    const overhang = await sheet.evaluate((el) => {
      const right = el.getBoundingClientRect().right;
      return Math.max(
        ...[...el.querySelectorAll('table')].map((t) => t.getBoundingClientRect().right - right),
      );
    });
    expect(overhang).toBeLessThanOrEqual(1);
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await page.emulateMedia({ media: 'screen' });
    if (shots) await page.screenshot({ path: `${shots}/meeting-protocol.png`, fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  }, 240_000);

  test('逐人投票：主持人逐一开始、结束对每位书记的投票，最后结束本次测评', async () => {
    const { context, page, csrf, errors } = await open();
    const post = async (url: string, data: object, status = 201) => {
      const res = await context.request.post(url, { data, headers: { 'x-csrf-token': csrf } });
      expect(res.status(), await res.text()).toBe(status);
      return res.json();
    };
    const meeting = await post('/api/meetings', {
      cycleId: ids.cycle,
      name: '逐人投票评议会',
      heldOn: `${year}-12-20`,
    });
    await page.goto(`/meetings/${meeting.id}`);
    await page.getByTestId('meeting-settings').getByText('逐人投票', { exact: true }).click();
    await page.getByTestId('meeting-save').click();
    await expect
      .poll(
        async () =>
          (await (await context.request.get(`/api/meetings/${meeting.id}`)).json()).rules.votingMode,
      )
      .toBe('perReporter');
    const { items: codes } = await post(`/api/meetings/${meeting.id}/codes`, {
      category: 'superiors',
      count: 3,
    });
    const vote = async (code: string, orgId: number) => {
      const res = await fetch(`${server.baseUrl}/api/ballot/${code}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          submissionId: randomUUID(),
          choices: { [orgId]: Object.fromEntries(defaultBallotItems.map((item) => [item.key, 'good'])) },
        }),
      });
      expect(res.status, await res.text()).toBe(200);
    };

    await page.goto(`/meetings/${meeting.id}?tab=voting`);
    const row = (name: string) => page.getByTestId(`reporter-voting-${ids[name]}`);
    await page.getByTestId('per-reporter-voting').getByText('请在“东湖镇党委”述职后开始对其投票').waitFor();
    await row('东湖镇党委').getByRole('button', { name: '开始投票' }).click();
    await row('东湖镇党委').getByText('投票中').waitFor();
    // The next one waits until this one closes.
    expect(await row('西山镇党委').getByRole('button', { name: '开始投票' }).isDisabled()).toBe(true);
    for (const { code } of codes.slice(0, 2)) await vote(code, ids['东湖镇党委']!);
    await page.getByText('东湖镇党委：已投 2/3').waitFor();
    // The big screen names the reporter being voted on, with their own turnout.
    const live = await context.newPage();
    await live.goto(`/meetings/${meeting.id}/live`);
    await live.getByTestId('live-reporter').getByText('正在投票：东湖镇党委 已投 2 / 应发 3').waitFor();
    await live.close();
    if (shots) await page.screenshot({ path: `${shots}/meeting-per-reporter.png` });
    await row('东湖镇党委').getByRole('button', { name: '结束投票' }).click();
    await row('东湖镇党委').getByText('已结束').waitFor();
    await row('西山镇党委').getByRole('button', { name: '开始投票' }).click();
    await row('西山镇党委').getByText('投票中').waitFor();
    for (const { code } of codes) await vote(code, ids['西山镇党委']!);
    await page.getByText('西山镇党委：已投 3/3').waitFor();
    await page.getByTestId('voting-close').click();
    await confirm(page, '结束投票');
    await page.getByTestId('voting-state').getByText('已结束').waitFor();
    const tally = await (await context.request.get(`/api/meetings/${meeting.id}/tally`)).json();
    const overall = (name: string) =>
      tally.reporters
        .find((r: { orgName: string }) => r.orgName === name)
        .items.find((i: { key: string }) => i.key === 'overall').byGroup;
    expect(Object.values(overall('东湖镇党委')).map((c) => (c as { good: number }).good)).toEqual([2]);
    expect(Object.values(overall('西山镇党委')).map((c) => (c as { good: number }).good)).toEqual([3]);
    expect(errors).toEqual([]);
    await context.close();
  }, 240_000);

  test('手机宽度下评议会页面和测评码打印页不横向溢出', async () => {
    const { context, page, errors } = await open({ width: 390, height: 844 });
    await page.goto(`/cycles/${ids.cycle}?tab=meetings`);
    const link = page.getByRole('link', { name: /述职评议会$/ }).first();
    await link.click();
    await page.waitForURL(/\/meetings\/\d+$/);
    await page.getByTestId('meeting-settings').waitFor();
    expect(await fitsWidth(page)).toBe(true);
    if (shots) await page.screenshot({ path: `${shots}/meeting-phone.png`, fullPage: true });
    await page.goto(`${new URL(page.url()).pathname}/codes/print`);
    // Every code was used or not: the filter shows all 5 when unused-only is off.
    await page.getByRole('checkbox', { name: '只打未用的' }).uncheck();
    await expect.poll(() => page.getByTestId('code-card').count()).toBe(5);
    expect(await fitsWidth(page)).toBe(true);
    if (shots) await page.screenshot({ path: `${shots}/meeting-codes-print-phone.png`, fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);
});
