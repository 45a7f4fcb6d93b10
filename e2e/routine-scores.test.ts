import fs from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startAppServer, type AppServer } from './support/app-server.js';
import { launchBrowser, watchErrors } from './support/browser.js';
import { motionSettled } from './support/select.js';
import { signIn } from './support/sign-in.js';

const adminInitial = 'Routine-Init-Pass-2026';
const adminPassword = 'Routine-Chief-Pass!2026';

/*
 * The demo county's cycle: the towns ranked, a town's branches one level down, a branch's sheet
 * with every deduction explained; an override with its reason; the exported sheet equal to the
 * screen row by row; a ledger record cited as evidence on a line; the same ranking on a phone.
 */
describe('日常考核（演示县）', () => {
  let server: AppServer;
  let browser: Browser;
  let countyCycle: number;

  beforeAll(async () => {
    server = await startAppServer(adminInitial);
    browser = await launchBrowser();
    const admin = await browser.newContext({ baseURL: server.baseUrl });
    const csrf = await signIn(admin.request, 'admin', adminInitial, adminPassword);
    const demo = await admin.request.post('/api/demo', {
      data: {},
      headers: { 'x-csrf-token': csrf },
      // The whole county, its year of ledger and every score of its cycles: minutes on a busy machine.
      timeout: 280_000,
    });
    expect(demo.status(), await demo.text()).toBe(201);
    const cycles = (await (await admin.request.get('/api/cycles')).json()) as {
      items: { id: number; status: string; org: { level: string } }[];
    };
    // This year's: last year's county cycle is loaded closed.
    countyCycle = cycles.items.find((c) => c.org.level === 'county' && c.status === 'open')!.id;
    await admin.close();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function openBranchSheet(page: Page) {
    await page.goto(`/cycles/${countyCycle}`);
    await page.getByRole('tab', { name: '日常考核' }).click();
    // The tab is in the address: a reload comes back to it.
    await page.waitForURL(/[?&]tab=routine/);
    await page.reload();
    await expect
      .poll(() => page.getByRole('tab', { name: '日常考核' }).getAttribute('aria-selected'))
      .toBe('true');
    await page.getByTestId('routine-tab').getByText('已是最新').first().waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: '下级排名' }).first().click();
    const firstBranch = page.locator('[data-testid=routine-ranking] tbody tr.ant-table-row').first();
    await firstBranch.getByText('党支部').waitFor();
    await firstBranch.getByRole('button').first().click();
    await page.getByTestId('routine-sheet').waitFor();
  }

  test('组织部门查看排名与评分表，说明理由改分，导出的评分表与屏幕逐格一致', async () => {
    const context = await browser.newContext({ baseURL: server.baseUrl, locale: 'zh-CN' });
    await signIn(context.request, 'admin', adminInitial, adminPassword);
    const page = await context.newPage();
    const errors = watchErrors(page, 120_000);
    await openBranchSheet(page);

    const sheet = page.getByTestId('routine-sheet');
    await sheet.getByText('已是最新').waitFor({ timeout: 60_000 });
    const explanation = sheet.getByTestId('routine-explanation-b-trainings');
    await expect.poll(() => explanation.textContent()).toMatch(/培训应开展4次，实开展\d+次/);

    // Override the automatic training count with a reason: both values stay in the explanation.
    await sheet.getByTestId('routine-edit-b-trainings').click();
    const modal = page.getByTestId('routine-score-modal');
    // 0.5: never a result of the rule (steps of 0.75), so the screen shows the override, not a coincidence.
    await modal.getByLabel(/得分/).fill('0.5');
    await page.getByRole('button', { name: '确定' }).click();
    await modal.getByText('请写明改分理由').waitFor();
    await modal.getByLabel(/改分理由/).fill('镇党校集中培训记录另附');
    await page.getByRole('button', { name: '确定' }).click();
    await modal.waitFor({ state: 'hidden' });
    await expect
      .poll(() => sheet.getByTestId('routine-score-b-trainings').textContent(), { timeout: 60_000 })
      .toBe('0.5');
    await sheet.getByText('已是最新').waitFor({ timeout: 60_000 });
    expect(await explanation.textContent()).toMatch(
      /自动评分[\d.]+分.*组织部门核定为0.5分：镇党校集中培训记录另附/,
    );

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      sheet.getByTestId('routine-export').click(),
    ]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await fs.readFile((await download.path())!)) as unknown as ArrayBuffer);
    const xlsx = book.worksheets[0]!;
    const scores = await sheet.locator('[data-testid^=routine-score-]').allTextContents();
    const texts = await sheet.locator('[data-testid^=routine-explanation-]').allTextContents();
    expect(scores.length).toBeGreaterThan(20);
    scores.forEach((score, i) => {
      expect(xlsx.getCell(4 + i, 5).text, `row ${i}`).toBe(score);
      expect(xlsx.getCell(4 + i, 6).text, `row ${i}`).toBe(texts[i]);
    });

    // A ledger record of the branch cited as evidence shows on the line as "日期 类别 主题".
    await sheet.getByTestId('routine-evidence-edit-b-trainings').click();
    const evidence = page.getByTestId('routine-evidence-modal');
    await motionSettled(page);
    await evidence.getByTestId('routine-evidence-records').click();
    const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option').first();
    await option.waitFor({ timeout: 30_000 });
    const cited = (await option.textContent())!;
    await motionSettled(page);
    await option.click();
    // Seen chosen in the field before the modal is saved.
    await evidence.getByTitle(cited).waitFor();
    await evidence.getByLabel('说明').fill('培训签到表');
    await evidence.getByRole('button', { name: '确定' }).click();
    await evidence.waitFor({ state: 'hidden' });
    const line = sheet.getByTestId('routine-evidence-b-trainings');
    await expect.poll(() => line.textContent(), { timeout: 30_000 }).toContain(`台账：${cited}`);
    expect(cited).toMatch(/^\d{4}-\d{2}-\d{2} \S+ /);
    expect(await line.textContent()).toContain('培训签到表');
    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);

  test('手机上查看排名和评分表', async () => {
    const context = await browser.newContext({
      baseURL: server.baseUrl,
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
    });
    await signIn(context.request, 'admin', adminInitial, adminPassword);
    const page = await context.newPage();
    const errors = watchErrors(page, 120_000);
    await page.goto(`/cycles/${countyCycle}`);
    await page.getByRole('tab', { name: '日常考核' }).click();
    const tab = page.getByTestId('routine-tab');
    await tab.getByText('已是最新').first().waitFor({ timeout: 60_000 });
    await tab.locator('.ant-list-item').first().click();
    const sheet = page.getByTestId('routine-sheet');
    await sheet.getByText(/得分 [\d.]+ \/ 满分/).waitFor();
    // A card per indicator, each with its explanation, and nothing wider than the phone.
    const cards = sheet.getByTestId('routine-sheet-cards').locator('.ant-card');
    expect(await cards.count()).toBeGreaterThan(10);
    expect(await cards.first().locator('[data-testid^=routine-explanation-]').textContent()).not.toBe('');
    expect(await sheet.locator('table').count()).toBe(0);
    const noScroll = await page.evaluate<boolean>(
      'document.documentElement.scrollWidth <= window.innerWidth',
    );
    expect(noScroll).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);
});
