import fs from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startAppServer, type AppServer } from './support/app-server.js';
import { launchBrowser, watchErrors } from './support/browser.js';
import { signIn } from './support/sign-in.js';

const adminInitial = 'Cycles-Init-Pass-2026';
const adminPassword = 'Cycles-Chief-Pass!2026';
const staffInitial = 'Staff-Init-Pass-2026';
const staffPassword = 'Staff-Changed-Pass!2026';
const year = new Date().getFullYear();

describe('考核周期与考核方案（浏览器）', () => {
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
    orgs.county = (await post('/api/orgs', { parentId: null, name: '考核县委', level: 'county' })).id;
    orgs.town = (
      await post('/api/orgs', { parentId: orgs.county, name: '柳河镇党委', level: 'committee' })
    ).id;
    for (const [name, domain] of [
      ['柳河村党支部', 'village'],
      ['河东社区党支部', 'community'],
    ] as const)
      orgs[name] = (await post('/api/orgs', { parentId: orgs.town, name, level: 'branch', domain })).id;
    await post('/api/users', {
      username: 'liuhe01',
      displayName: '柳河组织委员',
      role: 'organizer',
      orgId: orgs.town,
      password: staffInitial,
    });
    await admin.close();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  test('乡镇组织委员从模板新建本年度考核周期，查看方案并导出，Excel 与屏幕一致', async () => {
    const context = await browser.newContext({
      baseURL: server.baseUrl,
      viewport: { width: 1400, height: 900 },
      locale: 'zh-CN',
      acceptDownloads: true,
    });
    await signIn(context.request, 'liuhe01', staffInitial, staffPassword);
    const page = await context.newPage();
    const errors = watchErrors(page, 60_000);

    await page.goto('/cycles');
    await page.getByText('还没有考核周期，点击“新建考核周期”从默认方案开始').waitFor();
    await page.getByTestId('create-cycle').click();
    const modal = page.getByTestId('cycle-create-modal');
    // The defaults: this year, annual, the organizer's own org, the default template.
    await modal.getByText('柳河镇党委').waitFor();
    expect(await modal.getByRole('spinbutton', { name: /年度/ }).inputValue()).toBe(String(year));
    expect(await modal.getByRole('radio', { name: '年度' }).isChecked()).toBe(true);
    expect(await modal.getByRole('radio', { name: '使用默认方案模板' }).isChecked()).toBe(true);
    await page.getByRole('button', { name: '创建' }).click();

    await page
      .getByTestId('cycle-name')
      .getByText(`${year}年度党组织书记抓基层党建工作述职评议考核`)
      .waitFor();
    await expect.poll(() => page.getByTestId('cycle-status').textContent()).toBe('草稿');

    await page.getByRole('tab', { name: '述职范围' }).click();
    await page.getByTestId('reporter-count').getByText('已选 2 个组织').waitFor();

    await page.getByRole('tab', { name: '考核方案' }).click();
    const title = page.getByTestId('scheme-title');
    await title.getByText('村（社区）党组织书记抓基层党建工作考核评分细则').waitFor();
    const table = page.getByTestId('scheme-table');
    const firstRow = table.locator('tbody tr.ant-table-row').first();
    const screenCells = await firstRow.locator('td').allTextContents();
    expect(screenCells.slice(1, 4)).toEqual(['1', '年度党建工作计划', '3']);
    expect(screenCells[6]).toBe('系统自动');
    await page.getByTestId('scheme-total').getByText('满分100分，加分项合计不超过5分').waitFor();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('scheme-export').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/考核评分细则（第1版）\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await fs.readFile((await download.path())!)) as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('考核评分细则')!;
    expect(sheet.getCell('A1').text).toBe(await title.textContent());
    // The first indicator's cells, as the screen shows them.
    expect(['B4', 'C4', 'D4', 'E4', 'F4', 'G4'].map((a) => sheet.getCell(a).text)).toEqual(
      screenCells.slice(1, 7),
    );
    expect(sheet.getCell('A4').text).toBe('责任制落实（20分）');
    expect(screenCells[0]).toContain('责任制落实');

    // Editing a draft's indicator keeps version 1 (edited in place).
    await table.getByRole('button', { name: '编辑年度党建工作计划' }).click();
    const form = page.getByTestId('indicator-modal');
    // Its rule in the rule editor, read as the sheet's words.
    await form
      .getByTestId('rule-description')
      .getByText(/年度党建工作计划/)
      .waitFor();
    await form.getByLabel('佐证材料').fill('年度计划文本、报镇考核小组的备案回执');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByText('已保存（第1版）').waitFor();
    await form.waitFor({ state: 'hidden' });

    // A new indicator starts empty, not from the one just edited, and lands in its category.
    await page.getByTestId('add-indicator').click();
    await form.getByText('新增指标').waitFor();
    expect(await form.getByLabel('指标名称').inputValue()).toBe('');
    expect(await form.getByLabel('佐证材料').inputValue()).toBe('');
    expect(await form.getByRole('spinbutton', { name: '分值' }).inputValue()).toBe('1.00');
    await form.getByLabel('指标名称').fill('党员志愿服务');
    await form.getByLabel('考核内容').fill('组织党员开展志愿服务');
    await form.getByLabel('评分标准').fill('每季度至少1次，缺1次扣0.25分');
    await page.getByRole('button', { name: '保存' }).click();
    // Saved when its row is there (the first save's message may still be showing).
    await table.getByRole('button', { name: '编辑党员志愿服务' }).waitFor();
    expect(errors).toEqual([]);
    await context.close();

    // On a phone the list is one column: the org and the period under the name, nothing past the edge.
    const phone = await browser.newContext({
      baseURL: server.baseUrl,
      viewport: { width: 390, height: 844 },
      locale: 'zh-CN',
    });
    await signIn(phone.request, 'liuhe01', staffInitial, staffPassword);
    const phonePage = await phone.newPage();
    const phoneErrors = watchErrors(phonePage, 60_000);
    await phonePage.goto('/cycles');
    const row = phonePage.getByTestId('cycle-list').locator('tbody tr').first();
    await row.getByText(`柳河镇党委 · ${year}年度`).waitFor();
    await row.getByRole('link', { name: new RegExp(`^${year}年度`) }).waitFor();
    expect(
      await phonePage.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth'),
    ).toBeLessThanOrEqual(0);
    expect(phoneErrors).toEqual([]);
    await phone.close();
  }, 240_000);
});
