import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { launchBrowser, watchErrors } from './support/browser.js';

const baseUrl = inject('baseUrl');
const initialPassword = inject('adminPassword');

const newPassword = 'E2e-Changed-Pass!2026';
const countyName = '测试县委';
const townName = '城关镇党委';

async function fillLogin(page: Page, password: string) {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('用户名').fill('admin');
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}

/** No sideways scrolling: everything fits the viewport width. */
async function expectNoHorizontalOverflow(page: Page) {
  // A string, as the e2e tsconfig has no DOM types; it runs in the page.
  const { scrollWidth, innerWidth } = await page.evaluate<{ scrollWidth: number; innerWidth: number }>(
    '({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth })',
  );
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
}

describe('登录 → 修改初始密码 → 建组织 → 审计日志', () => {
  let browser: Browser;
  let desktop: BrowserContext;

  beforeAll(async () => {
    browser = await launchBrowser();
    desktop = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  });

  afterAll(async () => {
    await browser?.close();
  });

  test('首次登录须改密，建县委和镇党委，审计日志可见', async () => {
    const page = await desktop.newPage();
    const errors = watchErrors(page);

    // A wrong password is refused inline.
    await fillLogin(page, 'not-the-password');
    await page.getByTestId('login-card').getByRole('alert').waitFor();
    expect(page.url()).toContain('/login');

    // First login with the initial password goes straight to the forced change-password screen.
    await fillLogin(page, initialPassword);
    await page.getByTestId('change-password').getByText('请先修改密码').waitFor();
    await page.waitForURL('**/change-password');
    expect(await page.getByTestId('main-menu').count()).toBe(0);

    // Client-side policy check before anything is sent.
    await page.getByLabel('当前密码').fill(initialPassword);
    await page.getByLabel('新密码', { exact: true }).fill('short');
    await page.getByLabel('确认新密码').fill('short');
    await page.getByLabel('确认新密码').press('Enter');
    await page.getByText('密码至少需要 10 个字符').waitFor();
    // Long enough and of three character kinds, yet guessed at once: the estimator, loaded on demand, says so.
    await page.getByLabel('新密码', { exact: true }).fill('Password12');
    await page.getByLabel('确认新密码').fill('Password12');
    await page.getByLabel('确认新密码').press('Enter');
    await page.getByText('密码太容易被猜到（是常见密码）').waitFor();

    await page.getByLabel('新密码', { exact: true }).fill(newPassword);
    await page.getByLabel('确认新密码').fill(newPassword);
    await page.getByLabel('确认新密码').press('Enter');

    // Fresh system: no orgs yet, so the empty state offers a top-level org.
    await page.waitForURL('**/orgs');
    await page.getByTestId('org-empty').waitFor();
    await page.getByRole('button', { name: '新建顶级组织' }).click();
    const orgForm = page.getByTestId('org-form-modal');
    await orgForm.getByLabel('组织名称').fill(countyName);
    await orgForm.getByLabel('组织名称').press('Enter');
    const tree = page.getByTestId('org-tree');
    await tree.getByText(countyName, { exact: true }).waitFor();
    const detail = page.getByTestId('org-detail');
    await detail.locator('.ant-card-head-title').filter({ hasText: countyName }).waitFor();

    // A child under the county appears in the tree without reloading the page.
    await detail.getByRole('button', { name: '新增下级组织' }).click();
    await orgForm.getByLabel('组织名称').fill(townName);
    await orgForm.getByRole('button', { name: '创建' }).click();
    await orgForm.waitFor({ state: 'hidden' });
    await tree.getByText(townName, { exact: true }).waitFor();
    await detail.locator('.ant-card-head-title').filter({ hasText: townName }).waitFor();
    await expect(detail.textContent()).resolves.toContain(`${countyName} / ${townName}`);

    // The audit log shows the creation of the child and the password change.
    await page.getByRole('link', { name: '审计日志' }).click();
    await page.waitForURL('**/audit');
    const audit = page.getByTestId('audit-table');
    const createRow = audit.locator('tr').filter({ hasText: '新建' }).filter({ hasText: townName });
    await createRow.first().waitFor();
    await audit.locator('tr').filter({ hasText: '修改密码' }).first().waitFor();

    // Expanding the entry shows the recorded fields.
    await createRow.first().click();
    const diff = page.getByTestId('audit-diff');
    await diff.waitFor();
    await expect(diff.textContent()).resolves.toContain(townName);

    expect(errors).toEqual([]);
    await page.close();
  });

  test('手机宽度（390px）下菜单可用', async () => {
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
    });
    const page = await phone.newPage();
    const errors = watchErrors(page);

    await fillLogin(page, newPassword);
    await page.waitForURL('**/orgs');
    await page.getByTestId('org-tree').getByText(countyName, { exact: true }).waitFor();
    await expectNoHorizontalOverflow(page);

    // No side menu on a phone; the hamburger opens it in a drawer.
    expect(await page.locator('.app-sider').count()).toBe(0);
    const toggle = page.getByTestId('menu-toggle');
    await toggle.waitFor();
    await toggle.click();
    const drawerMenu = page.locator('.app-drawer').getByTestId('main-menu');
    await drawerMenu.getByRole('link', { name: '组织架构' }).waitFor();
    await drawerMenu.getByRole('link', { name: '用户管理' }).waitFor();
    await drawerMenu.getByRole('link', { name: '审计日志' }).click();

    await page.waitForURL('**/audit');
    await page.getByTestId('audit-table').getByText(townName).first().waitFor();
    await page.locator('.app-drawer .ant-drawer-content').waitFor({ state: 'hidden' });
    await expectNoHorizontalOverflow(page);

    // The user menu (change password, log out) is reachable too.
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: '退出登录' }).click();
    await page.locator('.ant-modal-confirm').getByRole('button', { name: '退出' }).click();
    await page.waitForURL('**/login');

    expect(errors).toEqual([]);
    await phone.close();
  });
});
