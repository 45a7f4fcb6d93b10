import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startAppServer, type AppServer } from './support/app-server.js';
import { launchBrowser, watchErrors } from './support/browser.js';

const adminPassword = 'Dashboard-Init-Pass-2026';
const newPassword = 'E2e-Dashboard-Pass!2026';

interface Stats {
  asOf: string;
  org: { id: number; name: string };
  orgs: { total: number };
  members: {
    total: number;
    female: { count: number };
    probationary: number;
    activists: number;
    mobile: { outflow: { count: number } };
  };
}

/** Calls the API inside the page, with the page's session. */
function apiGet<T>(page: Page, path: string): Promise<T> {
  return page.evaluate<T>(`fetch(${JSON.stringify(path)}).then((r) => r.json())`);
}

async function figure(page: Page, key: string): Promise<number> {
  const text = await page.getByTestId(`figure-${key}`).locator('.ant-statistic-content-value').textContent();
  return Number(text);
}

/** The headline cards show exactly what /api/statistics answers for the org on the day. */
async function expectFiguresOf(page: Page, orgId: number, asOf: string): Promise<Stats> {
  const stats = await apiGet<Stats>(page, `/api/statistics?orgId=${orgId}&asOf=${asOf}`);
  await page.getByTestId('dashboard-title').filter({ hasText: stats.org.name }).waitFor();
  expect(await figure(page, 'orgs')).toBe(stats.orgs.total);
  expect(await figure(page, 'members')).toBe(stats.members.total);
  expect(await figure(page, 'female')).toBe(stats.members.female.count);
  expect(await figure(page, 'probationary')).toBe(stats.members.probationary);
  expect(await figure(page, 'activists')).toBe(stats.members.activists);
  expect(await figure(page, 'mobile')).toBe(stats.members.mobile.outflow.count);
  return stats;
}

const query = (page: Page) => new URL(page.url()).searchParams;

/*
 * A server of its own (the shared one of global-setup already holds the other test's orgs): this
 * test needs the empty system a new user starts from.
 */
describe('空系统载入演示县 → 数据看板 → 下钻 → 打印基本情况', () => {
  let server: AppServer;
  let baseUrl = '';
  let browser: Browser;
  let desktop: BrowserContext;

  beforeAll(async () => {
    server = await startAppServer(adminPassword);
    baseUrl = server.baseUrl;
    browser = await launchBrowser();
    desktop = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  test('演示县的看板数字与统计接口一致，可下钻到乡镇并打印基本情况', async () => {
    const page = await desktop.newPage();
    const errors = watchErrors(page);

    await page.goto(`${baseUrl}/login`);
    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码').fill(adminPassword);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL('**/change-password');
    await page.getByLabel('当前密码').fill(adminPassword);
    await page.getByLabel('新密码', { exact: true }).fill(newPassword);
    await page.getByLabel('确认新密码').fill(newPassword);
    await page.getByLabel('确认新密码').press('Enter');

    // The first-run screen offers the demo county; cancelling the confirmation loads nothing.
    await page.waitForURL('**/orgs');
    await page.getByTestId('org-empty').waitFor();
    await page.getByTestId('load-demo').click();
    const confirm = page.locator('.ant-modal-confirm');
    await confirm.locator('.ant-modal-confirm-title').getByText('载入演示县？').waitFor();
    await confirm.getByRole('button', { name: '取消' }).click();
    await confirm.waitFor({ state: 'hidden' });
    expect((await apiGet<{ items: unknown[] }>(page, '/api/orgs')).items).toEqual([]);

    await page.getByTestId('load-demo').click();
    await confirm.getByRole('button', { name: '载入' }).click();
    await page.waitForURL('**/dashboard?orgId=*', { timeout: 120_000 });
    const countyId = Number(query(page).get('orgId'));
    const today = await page.evaluate<string>(
      `(() => { const d = new Date(); return d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0'); })()`,
    );
    const county = await expectFiguresOf(page, countyId, today);
    expect(county.members.total).toBeGreaterThan(1000);

    // Six charts drawn on canvases, and the warnings with the overdue conversions of /api/pipeline.
    for (const chart of ['structure', 'age', 'education', 'gender', 'development', 'mobile'])
      await page.getByTestId(`chart-${chart}`).locator('canvas').waitFor();
    const pipeline = await apiGet<{ conversionsOverdue: { total: number } }>(
      page,
      `/api/pipeline?orgId=${countyId}&asOf=${today}`,
    );
    const overdueLabel =
      pipeline.conversionsOverdue.total > 0 ? `${pipeline.conversionsOverdue.total} 名` : '无';
    await page.getByTestId('warning-conversions').getByText(overdueLabel).waitFor();

    // The aging threshold is remembered by the browser.
    await page.getByTestId('warnings').getByText('党员老龄化').click();
    await page.getByLabel('预警阈值').fill('5');
    await page.getByLabel('预警阈值').press('Tab');
    await page.getByTestId('warning-aging').getByText('超过 5%').waitFor();
    const statisticsRequests: URL[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname.startsWith('/api/statistics')) statisticsRequests.push(url);
    });
    await page.reload();
    await page.getByTestId('warning-aging').getByText('超过 5%').waitFor();

    // The child table asks for all the children's figures in one request, not one per child.
    const towns = (await apiGet<{ items: { id: number }[] }>(page, `/api/orgs?parentId=${countyId}`)).items;
    expect(towns.length).toBeGreaterThan(1);
    await page
      .getByTestId('child-orgs')
      .locator('tbody tr.ant-table-row')
      .nth(towns.length - 1)
      .waitFor();
    const children = statisticsRequests.filter((url) => url.pathname === '/api/statistics/children');
    expect(children).toHaveLength(1);
    expect(children[0]!.searchParams.get('orgId')).toBe(String(countyId));
    // Besides it, single requests are only for the county's own headline figures, none for a child.
    const singles = statisticsRequests.filter((url) => url.pathname === '/api/statistics');
    expect(singles.length).toBeGreaterThan(0);
    expect(singles.map((url) => Number(url.searchParams.get('orgId')))).toEqual(singles.map(() => countyId));

    // Drill down to the first town; the breadcrumb leads back up, and so does the browser.
    const childTable = page.getByTestId('child-orgs');
    const firstTown = childTable.locator('tbody tr').first().getByRole('link');
    await firstTown.waitFor();
    const townName = (await firstTown.textContent())!;
    await firstTown.click();
    await page.getByTestId('dashboard-title').filter({ hasText: townName }).waitFor();
    const townId = Number(query(page).get('orgId'));
    expect(townId).not.toBe(countyId);
    const town = await expectFiguresOf(page, townId, today);
    expect(town.members.total).toBeLessThan(county.members.total);
    await page.getByTestId('dashboard-breadcrumb').getByRole('link', { name: county.org.name }).waitFor();
    await page.goBack();
    await expectFiguresOf(page, countyId, today);
    await page.goForward();
    await expectFiguresOf(page, townId, today);

    // The printable 基本情况 of the town says what /api/statistics/basics says.
    await page.getByTestId('open-basics').click();
    await page.waitForURL('**/statistics/basics?*');
    expect(Number(query(page).get('orgId'))).toBe(townId);
    const basics = await apiGet<{ text: string; rows: { label: string; value: string }[] }>(
      page,
      `/api/statistics/basics?orgId=${townId}&asOf=${today}`,
    );
    await page.getByTestId('basics-text').waitFor();
    expect(await page.getByTestId('basics-text').textContent()).toBe(basics.text);
    expect(basics.text).toContain(String(town.members.total));
    const cells = await page.getByTestId('basics-table').locator('tr').allTextContents();
    expect(cells).toEqual(basics.rows.map((r) => `${r.label}${r.value}`));
    await expect(page.getByTestId('basics-title').textContent()).resolves.toBe(`${townName}基本情况`);
    await expect(page.getByTestId('basics-meta').textContent()).resolves.toContain(today);

    // On paper: no menu, header or toolbar; the title and text remain, on A4.
    await page.emulateMedia({ media: 'print' });
    for (const chrome of ['.app-header', '.app-sider', '.page-toolbar'])
      expect(await page.locator(chrome).first().isVisible(), chrome).toBe(false);
    expect(await page.getByTestId('basics-title').isVisible()).toBe(true);
    const pdf = await page.pdf({ preferCSSPageSize: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await page.emulateMedia({ media: 'screen' });

    expect(errors).toEqual([]);
    await page.close();
  });

  test('手机宽度（390px）下看板不横向滚动，图表随窗口缩放', async () => {
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
      storageState: await desktop.storageState(),
    });
    const page = await phone.newPage();
    page.setDefaultTimeout(30_000);
    await page.goto(`${baseUrl}/dashboard`);
    await page.getByTestId('figure-members').waitFor();
    await page.getByTestId('chart-age').locator('canvas').waitFor();
    const widths = await page.evaluate<{ scroll: number; inner: number; chart: number }>(
      `({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth,
          chart: document.querySelector('[data-testid="chart-age"] canvas').getBoundingClientRect().width })`,
    );
    expect(widths.scroll).toBeLessThanOrEqual(widths.inner);
    expect(widths.chart).toBeGreaterThan(200);
    expect(widths.chart).toBeLessThanOrEqual(widths.inner);

    // Wider window, wider chart.
    await page.setViewportSize({ width: 700, height: 844 });
    await page.waitForFunction(
      `document.querySelector('[data-testid="chart-age"] canvas').getBoundingClientRect().width > ${widths.chart + 100}`,
    );
    await phone.close();
  });
});
