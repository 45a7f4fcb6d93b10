import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startAppServer, type AppServer } from './support/app-server.js';
import { launchBrowser, watchErrors } from './support/browser.js';
import { chooseOption } from './support/select.js';
import { signIn } from './support/sign-in.js';

const adminInitial = 'Roster-Init-Pass-2026';
const adminPassword = 'Roster-Chief-Pass!2026';
const staffInitial = 'Staff-Init-Pass-2026';
const staffPassword = 'Staff-Changed-Pass!2026';
const rowNames = (table: Locator) =>
  table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.children[1]?.textContent ?? ''));

describe('党员花名册、名册筛选与手机端党员列表（浏览器）', () => {
  let server: AppServer;
  let browser: Browser;
  const orgs: Record<string, number> = {};

  beforeAll(async () => {
    server = await startAppServer(adminInitial);
    browser = await launchBrowser();
    const admin = await browser.newContext({ baseURL: server.baseUrl });
    const csrf = await signIn(admin.request, 'admin', adminInitial, adminPassword);
    const send = async (method: 'post' | 'patch', url: string, data: object) => {
      const res = await admin.request[method](url, { data, headers: { 'x-csrf-token': csrf } });
      expect(res.status(), await res.text()).toBeLessThan(300);
      return (await res.json()) as { id: number };
    };
    const org = async (key: string, parent: string | null, name: string, level: string) => {
      orgs[key] = (
        await send('post', '/api/orgs', {
          parentId: parent ? orgs[parent] : null,
          name,
          level,
          ...(level === 'branch' ? { domain: 'village' } : {}),
        })
      ).id;
    };
    await org('county', null, '花名册县委', 'county');
    await org('town', 'county', '东湖镇党委', 'committee');
    await org('a', 'town', '东湖村党支部', 'branch');
    await org('b', 'town', '西岭村党支部', 'branch');
    await org('other', 'county', '南山镇党委', 'committee');
    await org('c', 'other', '南山村党支部', 'branch');
    const full = (year: number) => ({
      stage: 'full',
      probationaryOn: `${year}-07-01`,
      fullOn: `${year + 1}-07-01`,
    });
    // Created out of roster order, so the order on paper is the roster's own.
    for (const [org, name, birthDate, extra] of [
      ['b', '乙党员', '1975-05-01', full(1999)],
      ['a', '甲后入党', '1980-02-01', full(2005)],
      ['a', '甲老党员', '1950-03-01', full(1975)],
      ['a', '甲预备', '1998-04-01', { stage: 'probationary', probationaryOn: '2026-01-10' }],
      [
        'a',
        '甲积极分子',
        '2000-01-01',
        { stage: 'activist', appliedOn: '2024-03-01', activistOn: '2024-09-01' },
      ],
      ['b', '乙申请人', '2001-01-01', { stage: 'applicant', appliedOn: '2025-05-01' }],
      ['c', '丙党员', '1970-01-01', full(1995)],
    ] as const)
      await send('post', '/api/members', { orgId: orgs[org], name, gender: 'male', birthDate, ...extra });
    // The town's second village is past its term: the dashboard's 换届 reminder names it.
    await send('patch', `/api/orgs/${orgs.b}`, { termStartedOn: '2020-01-01', termEndsOn: '2025-01-01' });
    for (const [username, role, orgKey] of [
      ['zuzhi01', 'organizer', 'town'],
      ['shuji01', 'secretary', 'a'],
    ] as const)
      await send('post', '/api/users', {
        username,
        displayName: username,
        role,
        orgId: orgs[orgKey],
        password: staffInitial,
      });
    await admin.close();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function staffPage(username: string, viewport = { width: 1400, height: 900 }) {
    const context = await browser.newContext({ baseURL: server.baseUrl, viewport, locale: 'zh-CN' });
    await signIn(context.request, username, staffInitial, staffPassword);
    const page = await context.newPage();
    return { page, errors: watchErrors(page, 60_000) };
  }

  test('花名册只列党员，以组织命名，按支部和入党日期排序；积极分子、申请人另有名册', async () => {
    const { page, errors } = await staffPage('zuzhi01');
    await page.goto(`/members?orgId=${orgs.town}`);
    const print = page.getByRole('link', { name: '打印花名册' });
    await print.waitFor();
    await page.goto((await print.getAttribute('href'))!);
    const roster = page.getByTestId('member-roster');
    await roster.getByRole('heading', { name: '党员花名册' }).waitFor();
    await roster.getByText(/东湖镇党委 · 共 4 人/).waitFor();
    const table = roster.locator('table.roster-table');
    expect(await rowNames(table)).toEqual(['甲老党员', '甲后入党', '甲预备', '乙党员']);

    await roster.getByText('入党积极分子、发展对象名册').click();
    await roster.getByRole('heading', { name: '入党积极分子、发展对象名册' }).waitFor();
    await roster.getByText(/东湖镇党委 · 共 1 人/).waitFor();
    expect(await rowNames(table)).toEqual(['甲积极分子']);
    await roster.getByRole('columnheader', { name: '确定为积极分子日期' }).waitFor();

    await roster.getByText('入党申请人名册').click();
    await roster.getByRole('heading', { name: '入党申请人名册' }).waitFor();
    await roster.getByText(/共 1 人/).waitFor();
    expect(await rowNames(table)).toEqual(['乙申请人']);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  test('打印时另建完整名册（屏幕只渲染窗口内的行），打印后撤下', async () => {
    const { page, errors } = await staffPage('zuzhi01');
    await page.goto(`/members/roster?orgId=${orgs.town}&list=members`);
    const roster = page.getByTestId('member-roster');
    await roster.getByText(/东湖镇党委 · 共 4 人/).waitFor();
    expect(await roster.getByTestId('roster-print').count()).toBe(0);
    // What the page holds when the dialog would open: every row of the list, in the roster's order.
    await page.evaluate(`window.print = () => {
      window.printed = [...document.querySelectorAll('[data-testid="roster-print"] tbody tr')].map(
        (r) => r.children[1]?.textContent ?? '',
      );
    }`);
    await roster.getByRole('button', { name: /打\s*印/ }).click();
    await page.waitForFunction('"printed" in window');
    expect(await page.evaluate<string[]>('window.printed')).toEqual([
      '甲老党员',
      '甲后入党',
      '甲预备',
      '乙党员',
    ]);
    await page.emulateMedia({ media: 'print' });
    expect(await roster.locator('table.roster-screen').isVisible()).toBe(false);
    expect(await roster.getByTestId('roster-print').isVisible()).toBe(true);
    await page.evaluate("window.dispatchEvent(new Event('afterprint'))");
    await roster.getByTestId('roster-print').waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  test('预警链接打开对应筛选：60岁及以上党员，超期换届的组织', async () => {
    const { page, errors } = await staffPage('zuzhi01');
    await page.goto('/dashboard');
    const aged = page.getByRole('link', { name: '查看60岁及以上党员' });
    if (!(await aged.isVisible())) await page.getByText('党员老龄化').click();
    await aged.click();
    await page.waitForURL(/minAge=60/);
    const table = page.getByTestId('members-table');
    await table.locator('tr').filter({ hasText: '甲老党员' }).waitFor();
    await page.getByText('共 1 人').waitFor();
    await page.getByLabel('按年龄筛选').locator('..').getByText('60岁及以上').waitFor();

    await page.goto('/dashboard');
    await page.getByTestId('warning-terms').click();
    await page.getByRole('link', { name: '到组织架构中维护任期' }).click();
    await page.waitForURL(/\/orgs\?orgId=/);
    await page
      .getByTestId('org-detail')
      .locator('.ant-card-head-title')
      .filter({ hasText: '西岭村党支部' })
      .waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
  });

  test('新增党员和导出预先填入筛选的组织或书记的组织', async () => {
    const { page, errors } = await staffPage('zuzhi01');
    await page.goto(`/members?orgId=${orgs.b}`);
    await page.getByTestId('members-table').locator('tr').filter({ hasText: '乙党员' }).waitFor();
    await page.getByTestId('export-roster').waitFor();
    await page.getByRole('button', { name: '新增党员' }).click();
    const form = page.getByTestId('member-form-modal');
    await form.locator('.ant-select').filter({ hasText: '西岭村党支部' }).waitFor();
    await page.context().close();

    const secretary = await staffPage('shuji01');
    await secretary.page.goto('/members');
    await secretary.page.getByTestId('members-table').locator('tr').filter({ hasText: '甲老党员' }).waitFor();
    await secretary.page.getByRole('button', { name: '新增党员' }).click();
    await secretary.page
      .getByTestId('member-form-modal')
      .locator('.ant-select')
      .filter({ hasText: '东湖村党支部' })
      .waitFor();
    await secretary.page.goto('/data');
    const picker = secretary.page
      .getByLabel('导出组织')
      .locator('xpath=ancestor::div[contains(@class,"ant-select")][1]');
    await picker.getByText('东湖村党支部').waitFor();
    await secretary.page.getByTestId('export-roster').waitFor();
    expect([...errors, ...secretary.errors]).toEqual([]);
    await secretary.page.context().close();
  });

  test('转接时确认提交的是确认那一刻表单中的内容', async () => {
    const { page, errors } = await staffPage('zuzhi01');
    await page.goto(`/members?orgId=${orgs.a}`);
    await page.getByTestId('members-table').getByRole('link', { name: '甲后入党' }).click();
    const drawer = page.getByTestId('member-drawer');
    await drawer.getByRole('button', { name: '转接组织关系' }).click();
    const transfer = page.getByTestId('transfer-modal');
    await chooseOption(page, transfer.getByLabel('转入党组织'), '西岭村党支部', { search: '西岭村党支部' });
    const note = transfer.getByLabel('备注');
    await note.fill('工作调');
    await note.press('Enter');
    const confirm = page.locator('.ant-modal-confirm');
    await confirm.getByText('从「东湖村党支部」转到「西岭村党支部」').waitFor();
    // Typing goes on behind the confirmation: the remark as it stands then is what is stored.
    await note.fill('工作调动到西岭村');
    await confirm.getByRole('button', { name: '确认转接' }).click();
    await transfer.waitFor({ state: 'hidden' });
    await drawer
      .getByTestId('transfer-history')
      .locator('tr')
      .filter({ hasText: '工作调动到西岭村' })
      .waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
  });

  test('手机上党员列表为卡片，筛选收进抽屉', async () => {
    const { page, errors } = await staffPage('zuzhi01', { width: 390, height: 844 });
    await page.goto(`/members?orgId=${orgs.town}`);
    const card = page.getByTestId('member-card').filter({ hasText: '甲老党员' });
    await card.waitFor();
    expect(await card.textContent()).toContain('东湖村党支部');
    expect(await page.getByRole('columnheader', { name: '身份证号码' }).count()).toBe(0);
    // The filters are folded away until asked for.
    expect(await page.getByLabel('按人员类别筛选').isVisible()).toBe(false);
    const noScroll = await page.evaluate<boolean>(
      'document.documentElement.scrollWidth <= window.innerWidth',
    );
    expect(noScroll).toBe(true);
    await page.getByRole('button', { name: /筛选/ }).click();
    const drawer = page.locator('.ant-drawer').filter({ hasText: '筛选' });
    // Chosen once the drawer has slid in, and seen chosen before the drawer closes.
    await chooseOption(page, drawer.getByLabel('按人员类别筛选'), '预备党员', { exact: true });
    await drawer.getByTitle('预备党员', { exact: true }).waitFor();
    await drawer.getByRole('button', { name: '完成' }).click();
    await page.getByTestId('member-card').filter({ hasText: '甲预备' }).waitFor();
    await page.getByTestId('member-card').filter({ hasText: '甲老党员' }).waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  test('地址中越权的组织只显示一条明确提示；组织选择器不显示裸 id', async () => {
    const { page, errors } = await staffPage('zuzhi01');
    await page.goto(`/members?orgId=${orgs.c}`);
    await page.getByText('无权查看该组织或组织不存在').waitFor();
    expect(await page.getByRole('button', { name: '新增党员' }).count()).toBe(0);
    expect(await page.getByText('该组织暂无党员').count()).toBe(0);
    expect(await page.locator('.ant-alert-error').count()).toBe(0);

    await page.goto(`/data?orgId=${orgs.c}`);
    const picker = page
      .getByLabel('导出组织')
      .locator('xpath=ancestor::div[contains(@class,"ant-select")][1]');
    await picker.getByText('（无法显示的组织）').waitFor();
    expect(await picker.textContent()).not.toContain(String(orgs.c));
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
