import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { idCardProblem } from '../src/domain/member-base.js';
import { startAppServer, type AppServer } from './support/app-server.js';
import { launchBrowser, watchErrors } from './support/browser.js';
import { chooseOption } from './support/select.js';
import { signIn } from './support/sign-in.js';

const adminInitial = 'Members-Init-Pass-2026';
const adminPassword = 'Members-Chief-Pass!2026';
const staffInitial = 'Staff-Init-Pass-2026';
const staffPassword = 'Staff-Changed-Pass!2026';

/** A valid resident ID number for a birth date: the domain's own check picks the check character. */
function validIdCard(birth: string): string {
  const first17 = `510104${birth.replaceAll('-', '')}456`;
  const check = [...'0123456789X'].find((c) => idCardProblem(first17 + c) === null)!;
  return first17 + check;
}

function isoInDays(days: number): string {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Types a date into an antd DatePicker; leaving the field keeps it (Enter would submit the form). */
async function pickDate(input: Locator, iso: string) {
  await input.click();
  await input.fill(iso);
  await input.press('Tab');
}

describe('党员管理、转接与换届提醒（浏览器）', () => {
  let server: AppServer;
  let browser: Browser;
  const orgs: Record<string, number> = {};
  const idCard = validIdCard('1985-03-12');
  const masked = `${idCard.slice(0, 4)}**********${idCard.slice(-4)}`;

  beforeAll(async () => {
    server = await startAppServer(adminInitial);
    browser = await launchBrowser();
    // Setup through the API: the tree and two staff accounts; the browser does the rest.
    const admin = await browser.newContext({ baseURL: server.baseUrl });
    const csrf = await signIn(admin.request, 'admin', adminInitial, adminPassword);
    const post = async (url: string, data: object) => {
      const res = await admin.request.post(url, { data, headers: { 'x-csrf-token': csrf } });
      expect(res.status(), await res.text()).toBe(201);
      return (await res.json()) as { id: number };
    };
    orgs.county = (await post('/api/orgs', { parentId: null, name: '示范县委', level: 'county' })).id;
    orgs.town = (
      await post('/api/orgs', { parentId: orgs.county, name: '东湖镇党委', level: 'committee' })
    ).id;
    for (const [key, name] of [
      ['a', '东湖村党支部'],
      ['b', '西岭村党支部'],
    ] as const)
      orgs[key] = (
        await post('/api/orgs', { parentId: orgs.town, name, level: 'branch', domain: 'village' })
      ).id;
    // Pipeline reminders: probation over for more than a month, an activist trained for over a year.
    for (const [name, extra] of [
      ['赵预备', { stage: 'probationary', probationaryOn: isoInDays(-400) }],
      ['钱积极', { stage: 'activist', activistOn: isoInDays(-400) }],
    ] as const)
      await post('/api/members', { orgId: orgs.b, name, gender: 'male', ...extra });
    for (const [username, role] of [
      ['zuzhi01', 'organizer'],
      ['chakan01', 'viewer'],
    ])
      await post('/api/users', {
        username,
        displayName: username,
        role,
        orgId: orgs.county,
        password: staffInitial,
      });
    await admin.close();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function staffPage(username: string) {
    const context = await browser.newContext({
      baseURL: server.baseUrl,
      viewport: { width: 1400, height: 900 },
      locale: 'zh-CN',
    });
    await signIn(context.request, username, staffInitial, staffPassword);
    const page = await context.newPage();
    const errors = watchErrors(page);
    return { page, errors };
  }

  test('组织部门新增党员（完整身份证号），只读用户看到脱敏号码；转接后可见转接记录', async () => {
    const { page, errors } = await staffPage('zuzhi01');
    await page.goto('/members');
    await page.getByTestId('members-page').waitFor();
    await page.getByRole('link', { name: '党员管理' }).waitFor();

    // An org without members shows the empty state, which offers to add one there.
    await chooseOption(page, page.getByLabel('按组织筛选'), '东湖村党支部', { search: '东湖村党支部' });
    await page.getByTestId('members-empty').waitFor();
    await page.getByTestId('members-empty').getByRole('button', { name: '新增党员' }).click();

    const form = page.getByTestId('member-form-modal');
    await form.getByLabel('姓名').fill('王秀英');
    await chooseOption(page, form.getByLabel('性别'), '女', { exact: true });
    await pickDate(form.getByLabel('入党日期', { exact: true }), '2010-07-01');
    await pickDate(form.getByLabel('转正日期'), '2011-07-01');
    // The ID number is checked in the browser with the domain's rule before anything is sent.
    await form.getByLabel('身份证号码').fill(idCard.slice(0, 17) + (idCard.endsWith('1') ? '2' : '1'));
    await form.getByLabel('姓名').press('Enter');
    await form.getByText('身份证号码校验位不正确').waitFor();
    await form.getByLabel('身份证号码').fill(idCard);
    await form.getByLabel('姓名').press('Enter');
    await form.waitFor({ state: 'hidden' });

    const table = page.getByTestId('members-table');
    const row = table.locator('tr').filter({ hasText: '王秀英' });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain(idCard);
    await expect(row.textContent()).resolves.toContain('东湖村党支部');

    // The viewer, without member.idCard, sees the masked number only.
    const viewer = await staffPage('chakan01');
    await viewer.page.goto('/members');
    const viewerRow = viewer.page.getByTestId('members-table').locator('tr').filter({ hasText: '王秀英' });
    await viewerRow.waitFor();
    const viewerText = await viewerRow.textContent();
    expect(viewerText).toContain(masked);
    expect(viewerText).not.toContain(idCard);
    expect(await viewer.page.getByRole('button', { name: '新增党员' }).count()).toBe(0);
    expect(viewer.errors).toEqual([]);
    await viewer.page.context().close();

    // Transfer to the other village, after a confirmation.
    await row.getByRole('link', { name: '王秀英' }).click();
    const drawer = page.getByTestId('member-drawer');
    await drawer.getByText('没有转接记录').waitFor();
    await drawer.getByRole('button', { name: '转接组织关系' }).click();
    const transfer = page.getByTestId('transfer-modal');
    await chooseOption(page, transfer.getByLabel('转入党组织'), '西岭村党支部', { search: '西岭村党支部' });
    await transfer.getByLabel('备注').fill('婚嫁迁居');
    await transfer.getByRole('button', { name: '转接' }).click();
    const confirm = page.locator('.ant-modal-confirm');
    await confirm.getByText('从「东湖村党支部」转到「西岭村党支部」').waitFor();
    await confirm.getByRole('button', { name: '确认转接' }).click();
    await transfer.waitFor({ state: 'hidden' });

    const history = drawer.getByTestId('transfer-history');
    const moved = history.locator('tr').filter({ hasText: '婚嫁迁居' });
    await moved.waitFor();
    const movedText = await moved.textContent();
    expect(movedText).toContain('东湖村党支部');
    expect(movedText).toContain('西岭村党支部');
    await drawer.getByText('西岭村党支部', { exact: true }).first().waitFor();

    // A mobile record added from the drawer shows in its list.
    await drawer.getByRole('button', { name: '登记流动' }).click();
    const mobile = page.getByTestId('mobile-record-modal');
    await mobile.getByLabel('流动地点').fill('浙江省宁波市');
    await pickDate(mobile.getByLabel('开始日期'), '2024-03-01');
    await mobile.getByLabel('流动地点').press('Enter');
    await drawer.getByTestId('mobile-records').getByText('浙江省宁波市').waitFor();
    await page.locator('.ant-drawer-close').click();
    await drawer.waitFor({ state: 'hidden' });

    // The list now places her in the new branch.
    await chooseOption(page, page.getByLabel('按组织筛选'), '西岭村党支部', { search: '西岭村党支部' });
    await table.locator('tr').filter({ hasText: '王秀英' }).waitFor();

    // A search applies on Enter; clearing the box lists everyone again.
    const search = page.getByLabel('搜索党员');
    await search.fill('查无此人');
    await search.press('Enter');
    await table.getByText('没有符合条件的人员').waitFor();
    await search.fill('王秀英');
    await search.press('Enter');
    await table.locator('tr').filter({ hasText: '王秀英' }).waitFor();
    await search.fill('');
    await table.locator('tr').filter({ hasText: '王秀英' }).waitFor();
    expect(await search.inputValue()).toBe('');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  test('任期 90 天内届满的组织出现在换届提醒中', async () => {
    const { page, errors } = await staffPage('zuzhi01');
    await page.goto('/orgs');
    await chooseOption(page, page.getByTestId('org-search'), '东湖镇党委', { search: '东湖镇党委' });
    const detail = page.getByTestId('org-detail');
    await detail.locator('.ant-card-head-title').filter({ hasText: '东湖镇党委' }).waitFor();

    const attributes = detail.getByTestId('org-attributes-form');
    await attributes.getByLabel('书记', { exact: true }).fill('李建国');
    await pickDate(attributes.getByLabel('本届任期开始'), '2021-09-01');
    await pickDate(attributes.getByLabel(/本届任期届满/), isoInDays(40));
    await attributes.getByText('90 天内届满').waitFor();
    await attributes.getByRole('button', { name: '保存组织信息' }).click();
    await page.getByText('已保存组织信息').waitFor();

    await page.goto(`/orgs/terms?orgId=${orgs.county}`);
    const reminder = page.getByTestId('org-terms').locator('tr').filter({ hasText: '东湖镇党委' });
    await reminder.waitFor();
    const text = await reminder.textContent();
    expect(text).toContain('李建国');
    expect(text).toContain(isoInDays(40));
    expect(text).toContain('90 天内届满');
    // Orgs without a recorded term end are not listed.
    expect(await page.getByTestId('org-terms').getByText('东湖村党支部').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  test('发展党员提醒按组织列出逾期转正和可确定为发展对象的人员，并链接到党员', async () => {
    const { page, errors } = await staffPage('zuzhi01');
    await page.goto('/pipeline');
    const perOrg = page.getByTestId('pipeline-per-org').locator('tr').filter({ hasText: '西岭村党支部' });
    await perOrg.waitFor();
    await expect(perOrg.textContent()).resolves.toMatch(/1 人.*1 人/);

    await page.getByRole('tab', { name: /逾期未转正/ }).click();
    const overdue = page.getByTestId('pipeline-conversionsOverdue');
    await overdue.getByText(isoInDays(-400)).waitFor();
    expect(await overdue.getByText('钱积极').count()).toBe(0);
    await page.getByRole('tab', { name: /可确定为发展对象/ }).click();
    await page.getByTestId('pipeline-activistsEligible').getByText('钱积极').waitFor();

    // The name leads to the member's detail.
    await page.getByRole('tab', { name: /逾期未转正/ }).click();
    await overdue.getByRole('link', { name: '赵预备' }).click();
    await page.waitForURL(/\/members\?member=\d+/);
    const drawer = page.getByTestId('member-drawer');
    await drawer.getByText('党员详情：赵预备').waitFor();
    await drawer.getByText('已逾期').waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
