import type { APIRequestContext, Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startAppServer, type AppServer } from './support/app-server.js';
import { launchBrowser, watchErrors } from './support/browser.js';
import { chooseOption, motionSettled } from './support/select.js';

const adminInitial = 'Picker-Init-Pass-2026';
const adminPassword = 'E2e-Picker-Pass!2026';
const townName = '石门镇党委';
const ownOrgName = '星辉科技有限公司党支部';
const decoyName = '星辉物流有限公司党支部';
const entityName = '星辉科技有限公司';

interface NonPublicEntity {
  id: number;
  name: string;
  ownOrgId: number | null;
  coveredByOrgId: number | null;
}

async function signIn(request: APIRequestContext): Promise<string> {
  const login = await request.post('/api/auth/login', {
    data: { username: 'admin', password: adminInitial },
  });
  expect(login.status()).toBe(200);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const changed = await request.post('/api/auth/password', {
    data: { currentPassword: adminInitial, newPassword: adminPassword },
    headers: { 'x-csrf-token': csrfToken },
  });
  expect(changed.status(), await changed.text()).toBe(200);
  return csrfToken;
}

/** Finds the town through the tree's search box and opens its 非公企业和社会组织 tab. */
async function openTownNonPublicTab(page: Page) {
  await page.goto('/orgs');
  await chooseOption(page, page.getByTestId('org-search'), townName, { search: '石门' });
  await page
    .getByTestId('org-detail')
    .locator('.ant-card-head-title')
    .filter({ hasText: townName })
    .waitFor();
  await page.getByRole('tab', { name: '非公企业和社会组织' }).click();
  return page.getByTestId('org-non-public-entities');
}

/*
 * A saved entity's org fields hold only ids; the picker must name the org itself when the edit form
 * opens on a fresh page, or the user sees a bare number where the org's name belongs.
 */
describe('非公企业和社会组织 → 选择所建党组织 → 重新打开修改时显示组织名称', () => {
  let server: AppServer;
  let browser: Browser;
  let context: BrowserContext;
  const orgs: Record<string, number> = {};

  beforeAll(async () => {
    server = await startAppServer(adminInitial);
    browser = await launchBrowser();
    context = await browser.newContext({
      baseURL: server.baseUrl,
      locale: 'zh-CN',
      viewport: { width: 1280, height: 900 },
    });
    const csrf = await signIn(context.request);
    const post = async (data: object) => {
      const res = await context.request.post('/api/orgs', { data, headers: { 'x-csrf-token': csrf } });
      expect(res.status(), await res.text()).toBe(201);
      return ((await res.json()) as { id: number }).id;
    };
    orgs.county = await post({ parentId: null, name: '临川县委', level: 'county' });
    orgs.town = await post({ parentId: orgs.county, name: townName, level: 'committee' });
    for (const name of [decoyName, ownOrgName])
      orgs[name] = await post({ parentId: orgs.town, name, level: 'branch', domain: 'privateEnterprise' });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  test('所建党组织在重新载入后的修改表单中显示名称而非编号', async () => {
    const page = await context.newPage();
    const errors = watchErrors(page);
    const serverErrors: string[] = [];
    page.on('response', (response) => {
      if (response.status() >= 500) serverErrors.push(`${response.status()} ${response.url()}`);
    });
    const ownOrgId = orgs[ownOrgName];

    // Create the entity, picking its own org by typing part of the name.
    let panel = await openTownNonPublicTab(page);
    await panel.getByRole('button', { name: '新增非公企业或社会组织' }).click();
    let modal = page.getByTestId('non-public-entities-modal');
    await modal.getByLabel('名称').fill(entityName);
    await motionSettled(page);
    await modal.getByLabel('单独建立的党组织').click();
    await page.keyboard.type('星辉科技');
    const options = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
    await options.filter({ hasText: ownOrgName }).waitFor();
    expect(await options.filter({ hasText: decoyName }).count()).toBe(0);
    await motionSettled(page);
    await options.filter({ hasText: ownOrgName }).click();
    await modal.getByRole('button', { name: '保存' }).click();
    await modal.waitFor({ state: 'hidden' });
    const row = panel.locator('tbody tr').filter({ hasText: entityName });
    await row.getByText('单独建立').waitFor();

    // The API stored the picked org's id.
    const listed = await context.request.get(`/api/orgs/${orgs.town}/non-public-entities`);
    expect(listed.status()).toBe(200);
    const { items } = (await listed.json()) as { items: NonPublicEntity[] };
    expect(items.map((e) => [e.name, e.ownOrgId, e.coveredByOrgId])).toEqual([[entityName, ownOrgId, null]]);

    // A fresh page holds no picked option: the form gets only the saved id.
    await page.reload();
    panel = await openTownNonPublicTab(page);
    await panel
      .locator('tbody tr')
      .filter({ hasText: entityName })
      .getByRole('button', { name: '修改' })
      .click();
    modal = page.getByTestId('non-public-entities-modal');
    expect(await modal.getByLabel('名称').inputValue()).toBe(entityName);
    const field = modal.locator('.ant-form-item').filter({ has: page.getByText('单独建立的党组织') });
    await field.getByText(ownOrgName, { exact: true }).waitFor({ timeout: 10_000 });
    expect(await field.getByText(String(ownOrgId), { exact: true }).count()).toBe(0);
    expect(await field.locator(`[title="${ownOrgId}"]`).count()).toBe(0);
    expect(await field.textContent()).not.toContain(String(ownOrgId));

    expect(errors).toEqual([]);
    expect(serverErrors).toEqual([]);
  });
});
