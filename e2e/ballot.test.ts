import type { APIRequestContext, Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { defaultBallotItems } from '../src/domain/meetings.js';
import { startAppServer, type AppServer } from './support/app-server.js';
import { launchBrowser, watchErrors } from './support/browser.js';
import { signIn } from './support/sign-in.js';

const adminInitial = 'Ballot-Init-Pass-2026';
const adminPassword = 'Ballot-Chief-Pass!2026';
const year = new Date().getFullYear();
const reporters = ['东岭村党支部', '西岭村党支部'];

interface MeetingJson {
  id: number;
  name: string;
  heldOn: string;
  venue: string;
  items: unknown;
  categories: unknown;
  rules: Record<string, unknown>;
  reporters: { orgId: number; mode: string }[];
}

describe('手机测评票：凭测评码投票、回执核验、逐人投票（浏览器）', () => {
  let server: AppServer;
  let browser: Browser;
  let admin: APIRequestContext;
  let csrf: string;
  let cycleId: number;

  const send = async (method: 'post' | 'put', url: string, data: object, status = 200) => {
    const res = await admin[method](url, { data, headers: { 'x-csrf-token': csrf } });
    expect(res.status(), await res.text()).toBe(status);
    return res.json();
  };
  const meetingWithCodes = async (name: string, count: number, votingMode: string) => {
    const created = (await send(
      'post',
      '/api/meetings',
      { cycleId, name, heldOn: `${year}-12-20` },
      201,
    )) as MeetingJson;
    if (votingMode !== 'allAtOnce')
      await send('put', `/api/meetings/${created.id}`, {
        name: created.name,
        heldOn: created.heldOn,
        venue: created.venue,
        items: created.items,
        categories: created.categories,
        rules: { ...created.rules, votingMode },
        reporters: created.reporters.map((r) => ({ orgId: r.orgId, mode: r.mode })),
      });
    const issued = await send(
      'post',
      `/api/meetings/${created.id}/codes`,
      { category: 'superiors', count },
      201,
    );
    return { meeting: created, codes: (issued.items as { code: string }[]).map((c) => c.code) };
  };

  beforeAll(async () => {
    server = await startAppServer(adminInitial);
    browser = await launchBrowser();
    admin = (await browser.newContext({ baseURL: server.baseUrl })).request;
    csrf = await signIn(admin, 'admin', adminInitial, adminPassword);
    const county = (
      await send('post', '/api/orgs', { parentId: null, name: '测评县委', level: 'county' }, 201)
    ).id;
    const town = (
      await send('post', '/api/orgs', { parentId: county, name: '岭南镇党委', level: 'committee' }, 201)
    ).id;
    for (const name of reporters)
      await send('post', '/api/orgs', { parentId: town, name, level: 'branch', domain: 'village' }, 201);
    cycleId = (await send('post', '/api/cycles', { orgId: town, kind: 'annual', year }, 201)).id;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A phone without any login; every API path it asks for is recorded. */
  const phone = async () => {
    const context = await browser.newContext({
      baseURL: server.baseUrl,
      viewport: { width: 390, height: 844 },
      locale: 'zh-CN',
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    const asked: string[] = [];
    page.on('request', (request) => {
      const path = new URL(request.url()).pathname;
      if (path.startsWith('/api/')) asked.push(path);
    });
    return { context, page, asked, errors: watchErrors(page, 60_000) };
  };

  const choose = (page: Page, reporter: string, item: string, grade: string) =>
    page
      .getByRole('group', { name: `${reporter} ${item}` })
      .getByRole('button', { name: grade, exact: true })
      .click();

  const submitAndReadReceipt = async (page: Page) => {
    await page.getByRole('button', { name: '提交测评票' }).click();
    await page.getByText('提交后不能修改，确认提交吗？', { exact: false }).waitFor();
    await page.getByRole('button', { name: '确认提交' }).click();
    const receipt = page.locator('.ballot-receipt-latest strong');
    await receipt.waitFor({ timeout: 60_000 });
    return (await receipt.textContent())!;
  };

  test('凭测评码投票：漏选被拦下，提交后显示回执号，回执可核验，再次打开显示已使用', async () => {
    const { meeting, codes } = await meetingWithCodes('统一投票评议会', 2, 'allAtOnce');
    await send('post', `/api/meetings/${meeting.id}/voting`, { action: 'open' });
    const { context, page, asked, errors } = await phone();
    // Typed as a phone keyboard might: lower case, no dashes.
    await page.goto(`/ballot/${codes[0]!.replace(/-/g, '').toLowerCase()}`);
    await page.getByRole('heading', { name: '统一投票评议会' }).waitFor();
    await page.getByText(`已评 0/${reporters.length * defaultBallotItems.length}`).waitFor();
    const last = defaultBallotItems.at(-1)!.label;
    for (const reporter of reporters)
      for (const item of defaultBallotItems)
        if (!(reporter === reporters[1] && item.label === last))
          await choose(page, reporter, item.label, '好');
    await page.getByRole('button', { name: '提交测评票' }).click();
    await page.getByText(`还有 1 项未评价，请评价“${reporters[1]}”的“${last}”`).waitFor();
    const widths = (await page.evaluate(
      '[document.documentElement.scrollWidth, window.innerWidth]',
    )) as number[];
    expect(widths[0]).toBeLessThanOrEqual(widths[1]! + 1);
    await choose(page, reporters[1]!, last, '较好');
    await page.getByText('已评 10/10').waitFor();
    const receipt = await submitAndReadReceipt(page);
    expect(receipt).toMatch(/^\d{5}-\d{5}$/);
    await page.getByText('凭此号可核验选票已计入，不显示选票内容', { exact: false }).waitFor();

    const checked = await admin.get(`/api/ballot/receipt/${receipt}`);
    expect(await checked.json()).toEqual({ counted: true });
    await page.getByRole('link', { name: '核验回执号' }).click();
    await page.getByRole('button', { name: '核验' }).click();
    await page.getByText('该回执号对应的测评票已计入。').waitFor();

    await page.goto(`/ballot/${codes[0]}`);
    await page.getByText('此测评码已使用').waitFor();
    await page.getByText(receipt).waitFor();
    // Public: never a session call, never the login page.
    expect(asked.filter((path) => !path.startsWith('/api/ballot/'))).toEqual([]);
    expect(new URL(page.url()).pathname).toBe(`/ballot/${codes[0]}`);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('手动输入测评码打开测评票；无效的测评码给出明确提示', async () => {
    const { context, page, errors } = await phone();
    await page.goto('/ballot');
    await page.getByLabel('测评码').fill('abc');
    await page.getByRole('button', { name: '打开测评票' }).click();
    await page.getByText('测评码为 12 位字母和数字', { exact: false }).waitFor();
    await page.getByLabel('测评码').fill('AAAA-AAAA-AAAA');
    await page.getByRole('button', { name: '打开测评票' }).click();
    await page.getByText('测评码无效，请核对后重新输入').waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  test('逐人投票：只显示正在投票的述职人，两位之间等待并自动刷新', async () => {
    const { meeting, codes } = await meetingWithCodes('逐人投票评议会', 2, 'perReporter');
    const voting = (action: string, orgId?: number) =>
      send('post', `/api/meetings/${meeting.id}/voting`, { action, orgId });
    const { context, page, errors } = await phone();
    await page.goto(`/ballot/${codes[0]}`);
    await page.getByText('测评尚未开始', { exact: false }).waitFor();
    await voting('open', meeting.reporters[0]!.orgId);
    // The waiting page polls: the first reporter appears without a reload.
    await page.getByRole('region', { name: reporters[0] }).waitFor({ timeout: 60_000 });
    expect(await page.getByRole('region', { name: reporters[1] }).count()).toBe(0);
    await page.getByText(`已评 0/${defaultBallotItems.length}`).waitFor();
    for (const item of defaultBallotItems) await choose(page, reporters[0]!, item.label, '较好');
    const first = await submitAndReadReceipt(page);
    await page.getByText('请等待主持人宣布开始下一位述职人的投票', { exact: false }).waitFor();

    await voting('close', meeting.reporters[0]!.orgId);
    await voting('open', meeting.reporters[1]!.orgId);
    await page.getByRole('region', { name: reporters[1] }).waitFor({ timeout: 60_000 });
    for (const item of defaultBallotItems) await choose(page, reporters[1]!, item.label, '一般');
    const second = await submitAndReadReceipt(page);
    expect(second).not.toBe(first);
    await voting('close');
    const tally = await (await admin.get(`/api/meetings/${meeting.id}/tally`)).json();
    const overall = tally.reporters.map(
      (r: { items: { byGroup: Record<string, Record<string, number>> }[] }) => r.items[0]!.byGroup,
    );
    expect(overall).toEqual([
      { other: { excellent: 0, good: 1, fair: 0, poor: 0, abstain: 0 } },
      { other: { excellent: 0, good: 0, fair: 1, poor: 0, abstain: 0 } },
    ]);
    for (const receipt of [first, second])
      expect(await (await admin.get(`/api/ballot/receipt/${receipt}`)).json()).toEqual({ counted: true });
    expect(errors).toEqual([]);
    await context.close();
  });
});
