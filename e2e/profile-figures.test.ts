import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startAppServer, type AppServer } from './support/app-server.js';
import { launchBrowser, watchErrors } from './support/browser.js';
import { signIn } from './support/sign-in.js';

const adminInitial = 'Profile-Init-Pass-2026';
const adminPassword = 'Profile-Chief-Pass!2026';
const staffInitial = 'Staff-Init-Pass-2026';
const staffPassword = 'Staff-Changed-Pass!2026';
const year = new Date().getFullYear();

describe('基本情况填报（浏览器）', () => {
  let server: AppServer;
  let browser: Browser;
  const orgs: Record<string, number> = {};

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
    orgs.county = (await post('/api/orgs', { parentId: null, name: '示范县委', level: 'county' })).id;
    orgs.town = (
      await post('/api/orgs', { parentId: orgs.county, name: '青石镇党委', level: 'committee' })
    ).id;
    orgs.village = (
      await post('/api/orgs', {
        parentId: orgs.town,
        name: '青石村党支部',
        level: 'branch',
        domain: 'village',
      })
    ).id;
    for (const [username, role, orgId] of [
      ['cunshuji', 'secretary', orgs.village],
      ['zuzhi01', 'organizer', orgs.town],
    ] as const)
      await post('/api/users', { username, displayName: username, role, orgId, password: staffInitial });
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
    return { page, errors: watchErrors(page, 60_000) };
  }

  test('村党组织书记用键盘填报本村数据，错误的数值得到中文提示', async () => {
    const { page, errors } = await staffPage('cunshuji');
    await page.goto('/statistics/profile');
    const card = page.getByTestId('profile-figures');
    await card.getByText(`青石村党支部 ${year}年基本情况填报`).waitFor();
    // A village is not asked for what only a town knows.
    expect(await card.getByLabel('行政村', { exact: true }).count()).toBe(0);

    const population = card.getByLabel('总人口');
    await population.fill('1200.5');
    await population.press('Tab');
    await card.getByText('总人口须为整数').waitFor();
    await population.fill('1200');
    const area = card.getByLabel('幅员面积');
    await area.fill('12.5');
    await card.getByLabel('村集体经济收入').fill('23.45');
    await area.press('Enter');
    await page.getByText(`已保存青石村党支部${year}年的填报数据`).waitFor();
    await card
      .getByText(/cunshuji 于 .* 填报/)
      .first()
      .waitFor();

    const stored = await page.request.get(`/api/profile-figures?orgId=${orgs.village}&year=${year}`);
    const own = Object.fromEntries(
      ((await stored.json()) as { items: { kind: string; own: { value: number } | null }[] }).items
        .filter((i) => i.own)
        .map((i) => [i.kind, i.own!.value]),
    );
    expect(own).toEqual({ population: 1200, areaKm2: 12.5, collectiveIncome: 23.45 });
    expect(errors).toEqual([]);
  });

  test('乡镇组织委员填报本镇数据，基本情况段落与表格标注“填报”', async () => {
    const { page, errors } = await staffPage('zuzhi01');
    await page.goto(`/statistics/profile?orgId=${orgs.town}&year=${year}`);
    const card = page.getByTestId('profile-figures');
    await card.getByText(`青石镇党委 ${year}年基本情况填报`).waitFor();
    // What the town has not entered shows its village's figure as the sum it will use.
    await card.getByText('未填报时按1个下级组织填报汇总：1200人').waitFor();
    await card.getByLabel('社区').fill('2');
    await card.getByLabel('行政村', { exact: true }).fill('9');
    await card.getByRole('button', { name: '保存' }).click();
    await page.getByText(`已保存青石镇党委${year}年的填报数据`).waitFor();

    await page.getByRole('link', { name: '查看基本情况' }).click();
    const text = page.getByTestId('basics-text');
    await text.getByText('全镇辖社区2个、行政村9个，幅员面积12.5平方公里，总人口1200人。').waitFor();
    const table = page.getByTestId('basics-table');
    await expect.poll(() => table.getByRole('row', { name: `行政村（${year}年填报） 9个` }).count()).toBe(1);
    await expect
      .poll(() => table.getByRole('row', { name: `总人口（${year}年1个下级组织填报汇总） 1200人` }).count())
      .toBe(1);
    expect(errors).toEqual([]);
  });
});
