import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startAppServer, type AppServer } from './support/app-server.js';
import { launchBrowser, watchErrors } from './support/browser.js';
import { motionSettled } from './support/select.js';
import { signIn } from './support/sign-in.js';

const adminInitial = 'Assess-Init-Pass-2026';
const adminPassword = 'Assess-Chief-Pass!2026';
const staffInitial = 'Assess-Staff-Init-2026';
const staffPassword = 'Assess-Staff-Changed!2026';
const year = new Date().getFullYear();
const today = new Date().toISOString().slice(0, 10);

async function closeDrawer(page: Page) {
  await page.locator('.ant-drawer-open .ant-drawer-close').click();
  await page.locator('.ant-drawer-open').waitFor({ state: 'detached' });
}

describe('目标责任书、抽查与党员活动记录（浏览器）', () => {
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
    const county = (await post('/api/orgs', { parentId: null, name: '责任县委', level: 'county' })).id;
    ids.town = (await post('/api/orgs', { parentId: county, name: '桃源镇党委', level: 'committee' })).id;
    for (const name of ['桃源村党支部', '杏林村党支部', '梨园村党支部'])
      ids[name] = (
        await post('/api/orgs', { parentId: ids.town, name, level: 'branch', domain: 'village' })
      ).id;
    const member = (name: string) =>
      post('/api/members', {
        orgId: ids['桃源村党支部'],
        name,
        gender: 'female',
        stage: 'full',
        probationaryOn: '2012-07-01',
        fullOn: '2013-07-01',
      });
    ids.present = (await member('陈春梅')).id;
    ids.absent = (await member('刘秋生')).id;
    await post('/api/ledger', {
      orgId: ids['桃源村党支部'],
      kind: 'congress',
      heldOn: today,
      topic: '学习党章党规',
      hostName: '陈春梅',
      attendance: [
        { memberId: ids.present, present: true },
        { memberId: ids.absent, present: false, absenceReason: '外出务工' },
      ],
    });
    for (const [username, role, orgId] of [
      ['taoyuan01', 'organizer', ids.town],
      ['taoyuansj', 'secretary', ids['桃源村党支部']],
    ] as const)
      await post('/api/users', {
        username,
        displayName: `${username}用户`,
        role,
        orgId,
        password: staffInitial,
      });
    ids.cycle = (
      await post('/api/cycles', { orgId: ids.town, kind: 'annual', year, schemes: { template: true } })
    ).id;
    await admin.close();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const open = async (username: string, viewport: { width: number; height: number }) => {
    const context: BrowserContext = await browser.newContext({
      baseURL: server.baseUrl,
      viewport,
      locale: 'zh-CN',
      ...(viewport.width < 500 ? { isMobile: true, hasTouch: true } : {}),
    });
    await signIn(context.request, username, staffInitial, staffPassword);
    const page = await context.newPage();
    return { context, page, errors: watchErrors(page, 60_000) };
  };

  test('组织委员生成并下达目标责任书，抽取两个村并记录一条问题', async () => {
    const { context, page, errors } = await open('taoyuan01', { width: 1400, height: 900 });
    await page.goto(`/cycles/${ids.cycle}`);
    await page.getByRole('tab', { name: '目标责任书' }).click();
    await page.getByTestId('letters-generate').click();
    await page.getByTestId(`letter-open-${ids['桃源村党支部']}`).click();
    const drawer = page.getByTestId('letter-drawer');
    // The scheme's count rules broke down into items with progress from the ledger.
    await drawer.getByText('支部党员大会').first().waitFor();
    await drawer.getByText(/目标4个季度，完成1个季度/).waitFor();
    await drawer.getByTestId('letter-issue').click();
    await page.getByRole('button', { name: '下达', exact: true }).last().click();
    await drawer.getByText('已下达').first().waitFor();
    await drawer.getByText(`${today}（taoyuan01用户）`).waitFor();
    await closeDrawer(page);

    await page.getByRole('tab', { name: '抽查' }).click();
    const form = page.getByTestId('spot-draw-form');
    await form.getByLabel('抽查数量').fill('2');
    await form.getByLabel('随机种子').fill('20260515');
    await form.getByRole('button', { name: '抽签' }).click();
    const draw = page.getByTestId('spot-draw');
    await draw.getByTestId('spot-seed').getByText('随机种子 20260515').waitFor();
    await draw.getByText('从3个组织中抽取2个').waitFor();
    const buttons = draw.getByRole('button', { name: '检查记录' });
    await expect.poll(() => buttons.count()).toBe(2);
    await buttons.first().click();
    const visit = page.getByTestId('spot-visit-form');
    await visit.getByLabel('检查人员').fill('王检查');
    await visit.getByLabel('检查人员').press('Enter');
    await visit.getByTestId('spot-add-finding').click();
    await visit.getByLabel('考核指标').click();
    // By its title: the checkers' dropdown may still be closing, with options of its own.
    const indicator = page.locator('.ant-select-item-option[title^="责任制落实 · 年度党建工作计划"]');
    await indicator.waitFor();
    await motionSettled(page);
    await indicator.click();
    await visit.getByLabel('问题及扣分原因').fill('会议记录缺少签到表');
    await visit.getByRole('button', { name: '保存检查记录' }).click();
    await draw.getByText(`${today} 检查，1个问题，扣0.5分`).waitFor();
    await closeDrawer(page);
    expect(errors).toEqual([]);
    await context.close();
  }, 240_000);

  test('书记在手机上签收目标责任书，并查看党员的活动记录', async () => {
    const { context, page, errors } = await open('taoyuansj', { width: 390, height: 844 });
    await page.goto(`/cycles/${ids.cycle}`);
    // On a phone the tab lies past the edge of the tab bar; focusing it scrolls it in, as a swipe would.
    const lettersTab = page.getByRole('tab', { name: '目标责任书' });
    await lettersTab.focus();
    await lettersTab.click();
    await page.getByTestId(`letter-open-${ids['桃源村党支部']}`).click();
    const drawer = page.getByTestId('letter-drawer');
    await drawer.getByTestId('letter-acknowledge').click();
    await page.getByRole('button', { name: '签收', exact: true }).last().click();
    await drawer.getByText('已签收').first().waitFor();
    await drawer.getByText(`${today}（taoyuansj用户）`).waitFor();
    let overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);

    await page.goto(`/members?member=${ids.absent}`);
    const member = page.getByTestId('member-drawer');
    await member.getByRole('tab', { name: '活动记录' }).click();
    const activity = member.getByTestId('member-activity');
    await activity.getByText('学习党章党规').waitFor();
    await activity.getByText('缺席：外出务工').waitFor();
    // Another year holds nothing: the empty state says so.
    await activity.getByRole('combobox', { name: '年度' }).click();
    await page.getByTitle(`${year - 1}年`).click();
    await activity.getByText(`${year - 1}年没有活动记录`).waitFor();
    overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    expect(errors).toEqual([]);
    await context.close();
  }, 240_000);
});
