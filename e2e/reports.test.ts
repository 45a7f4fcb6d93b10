import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { wordFile } from '../test/helpers/file-fixtures.js';
import { readSeed } from '../test/helpers/seeds.js';
import { startAppServer, type AppServer } from './support/app-server.js';
import { launchBrowser, watchErrors } from './support/browser.js';
import { motionSettled } from './support/select.js';
import { signIn } from './support/sign-in.js';

const adminInitial = 'Report-Init-Pass-2026';
const adminPassword = 'Report-Chief-Pass!2026';
const staffInitial = 'Report-Staff-Init-2026';
const staffPassword = 'Report-Staff-Changed!2026';
const year = new Date().getFullYear();
const shots = process.env.E2E_SCREENSHOTS;

describe('述职报告：撰写、导入、审查、退回、再提交、通过、下载（浏览器）', () => {
  let server: AppServer;
  let browser: Browser;
  const ids: Record<string, number> = {};
  let reportId = 0;

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
    const county = (await post('/api/orgs', { parentId: null, name: '述评县委', level: 'county' })).id;
    ids.town = (await post('/api/orgs', { parentId: county, name: '青山镇党委', level: 'committee' })).id;
    for (const name of ['青山村党支部', '绿水村党支部'])
      ids[name] = (
        await post('/api/orgs', { parentId: ids.town, name, level: 'branch', domain: 'village' })
      ).id;
    for (const [name, stage] of [
      ['王建国', 'full'],
      ['李秀兰', 'full'],
      ['赵小军', 'probationary'],
    ] as const)
      await post('/api/members', {
        orgId: ids['青山村党支部'],
        name,
        gender: name === '李秀兰' ? 'female' : 'male',
        stage,
        probationaryOn: stage === 'full' ? '2010-07-01' : `${year}-03-01`,
        ...(stage === 'full' ? { fullOn: '2011-07-01' } : {}),
      });
    for (const [username, role, orgId] of [
      ['qingshan01', 'organizer', ids.town],
      ['qingshansj', 'secretary', ids['青山村党支部']],
    ] as const)
      await post('/api/users', {
        username,
        displayName: `${username}用户`,
        role,
        orgId,
        password: staffInitial,
      });
    ids.cycle = (await post('/api/cycles', { orgId: ids.town, kind: 'annual', year })).id;
    // 绿水村 hands in first, with a paragraph that 青山村's imported report (seed 004) also has.
    const paragraph = readSeed('004_')
      .split('\n')
      .filter((line) => line.length > 150)
      .at(-1)!;
    const report = await post('/api/reports', { cycleId: ids.cycle, orgId: ids['绿水村党支部'] });
    const current = (await (await admin.request.get(`/api/reports/${report.id}`)).json()) as {
      body: { sections: { kind: string; title: string; text: string }[] };
      updatedAt: string;
    };
    const saved = await admin.request.put(`/api/reports/${report.id}`, {
      headers: { 'x-csrf-token': csrf },
      data: {
        updatedAt: current.updatedAt,
        body: {
          title: '绿水村党支部书记述职报告',
          sections: current.body.sections.map((section) => ({
            ...section,
            text:
              section.kind === 'highlights'
                ? paragraph
                : section.kind === 'lastYearRectification'
                  ? ''
                  : section.text || '见下。',
          })),
          problems: [{ text: '村级活动场所面积小', cause: '村集体经济收入少' }],
          plans: [{ text: '争取项目资金扩建活动室', answers: [0] }],
        },
      },
    });
    expect(saved.status(), await saved.text()).toBe(200);
    const submitted = await admin.request.post(`/api/reports/${report.id}/submit`, {
      headers: { 'x-csrf-token': csrf },
    });
    expect(submitted.status(), await submitted.text()).toBe(200);
    await admin.close();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const open = async (username: string, viewport = { width: 1400, height: 900 }) => {
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

  test('书记从数据预填的模板开始，导入 Word 版报告，保存并提交', async () => {
    const { context, page, errors } = await open('qingshansj');
    await page.goto(`/cycles/${ids.cycle}?tab=reports`);
    await page.getByTestId(`report-create-${ids['青山村党支部']}`).click();
    await page.waitForURL(/\/reports\/\d+/);
    reportId = Number(new URL(page.url()).pathname.split('/').pop());
    // 基本情况 comes from the registry as of the cycle's end: three members, one probationary.
    const basics = page.getByTestId('report-section-basics');
    await expect
      .poll(() => basics.inputValue())
      .toMatch(new RegExp(`截至${year}年12月31日，本村共有党员3名`));
    // …and as a table: a value edited away from the registry shows the registry's, and goes back.
    const table = page.getByTestId('report-basics-table');
    await table.getByText(`基本情况表（截至${year}年12月31日，数据来自党员信息库）`).waitFor();
    const members = table.getByLabel('党员数据', { exact: true });
    await expect.poll(() => members.inputValue()).toBe('3名');
    await members.fill('4名');
    await table.getByTestId('report-basics-differs').getByText('信息库：3名').waitFor();
    await table.getByRole('button', { name: '党员恢复为信息库数据' }).click();
    await expect.poll(() => members.inputValue()).toBe('3名');
    await expect.poll(() => table.getByTestId('report-basics-differs').count()).toBe(0);

    await page.getByTestId('report-import').waitFor();
    await page.locator('input[type=file]').setInputFiles({
      name: '述职报告.docx',
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      buffer: await wordFile(readSeed('004_')),
    });
    await page.getByText('识别出 4 个问题、4 项举措').waitFor();
    await motionSettled(page);
    await page.getByRole('button', { name: '替换', exact: true }).click();
    await page.getByTestId('report-unplaced').waitFor();
    await expect.poll(() => page.getByText(/^问题[一二三四]$/).count()).toBe(4);
    // The import is checked at once, before anything is saved: its placeholders are listed, and the
    // paragraph 绿水村 handed in is not shown to 青山村's secretary, for whom 绿水村 is out of scope.
    const check = page.getByTestId('report-check');
    for (const text of ['“000人”中的数字未填写', '“***”是未填写的占位符', '“20XX年”中的年份未填写'])
      await check.getByText(text, { exact: false }).first().waitFor({ timeout: 60_000 });
    expect(await check.textContent()).not.toContain('绿水村');
    if (shots) await page.screenshot({ path: `${shots}/report-editor.png`, fullPage: true });
    // Changed since, the result is marked stale until it is checked again.
    await page.getByLabel('标题', { exact: true }).fill('青山村党支部书记抓基层党建工作述职报告');
    await page.getByTestId('report-check-stale').waitFor();
    await page.getByTestId('report-check-start').click();
    await page.getByTestId('report-check-stale').waitFor({ state: 'detached', timeout: 60_000 });
    await check.getByText('“000人”中的数字未填写').first().waitFor({ timeout: 60_000 });

    // A file brings only text: the table stays.
    expect(await members.inputValue()).toBe('3名');

    await page.getByTestId('report-save').click();
    await page.getByText('草稿已保存').waitFor();
    // On a phone the table keeps within the page.
    const phone = await open('qingshansj', { width: 390, height: 844 });
    await phone.page.goto(`/reports/${reportId}`);
    await phone.page.getByTestId('report-basics-table').getByLabel('党员数据', { exact: true }).waitFor();
    const widths = (await phone.page.evaluate(
      '[document.documentElement.scrollWidth, window.innerWidth]',
    )) as number[];
    expect(widths[0]).toBeLessThanOrEqual(widths[1]! + 1);
    if (shots) await phone.page.screenshot({ path: `${shots}/report-editor-phone.png`, fullPage: true });
    expect(phone.errors).toEqual([]);
    await phone.context.close();
    await page.getByTestId('report-submit').click();
    await motionSettled(page);
    await page.getByRole('button', { name: '提交', exact: true }).click();
    await page.getByText('报告已提交，等待审查').waitFor();
    await page.getByTestId('report-status').getByText('已提交').waitFor();
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);

  test('组织委员在审查页看到占位符等审查发现，引用后退回', async () => {
    const { context, page, errors } = await open('qingshan01');
    await page.goto(`/cycles/${ids.cycle}?tab=reports`);
    await page.getByTestId(`report-open-${ids['青山村党支部']}`).getByText('审查').click();
    const findings = page.getByTestId('report-findings');
    for (const text of ['“000人”中的数字未填写', '“***”是未填写的占位符', '“20XX年”中的年份未填写', '“000%”'])
      await findings.getByText(text, { exact: false }).first().waitFor();
    // The paragraph 绿水村 handed in first is marked copied; chosen, it is shown beside 绿水村's.
    const copy = findings
      .getByTestId('report-finding')
      .filter({ hasText: '与绿水村党支部的报告相同' })
      .first();
    await copy.click();
    await page.getByTestId('report-copy-compare').getByText('绿水村党支部的报告').first().waitFor();
    if (shots) await page.screenshot({ path: `${shots}/report-copy.png` });
    // A finding's span is marked in the text; choosing it selects it.
    const first = page.getByTestId('report-finding').first();
    await first.click();
    await page.locator('#finding-0').waitFor();
    await first.getByText('退回时引用').click();
    if (shots) await page.screenshot({ path: `${shots}/report-review.png`, fullPage: true });

    await page.getByTestId('report-return').click();
    await page.getByTestId('return-general').fill('请把占位符换成实际数字和名称。');
    await motionSettled(page);
    await page.getByRole('button', { name: '退回', exact: true }).click();
    await page.getByTestId('report-status').getByText('已退回').waitFor();
    await page.getByTestId('report-review-notes').getByText('请把占位符换成实际数字和名称。').waitFor();
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);

  test('书记看到退回意见，修改后再提交；组织委员对比两版后通过，并下载 Word', async () => {
    const secretary = await open('qingshansj');
    await secretary.page.goto(`/reports/${reportId}`);
    await secretary.page.getByText('报告已退回修改').waitFor();
    const basics = secretary.page.getByTestId('report-section-basics');
    await basics.fill(`截至${year}年12月31日，本村共有党员3名，其中预备党员1名。`);
    await secretary.page.getByTestId('report-submit').click();
    await motionSettled(secretary.page);
    await secretary.page.getByRole('button', { name: '提交', exact: true }).click();
    await secretary.page.getByTestId('report-status').getByText('已提交').waitFor();
    expect(secretary.errors).toEqual([]);
    await secretary.context.close();

    const { context, page, errors } = await open('qingshan01');
    await page.goto(`/reports/${reportId}?tab=versions`);
    const diff = page.getByTestId('report-diff');
    await diff.locator('del').first().waitFor();
    await diff.locator('ins').first().waitFor();
    expect(await diff.getByTestId('report-diff-newer').innerText()).toContain('其中预备党员1名。');
    expect(await diff.getByTestId('report-diff-older').innerText()).not.toContain('其中预备党员1名。');
    await page.getByRole('tab', { name: /审查/ }).click();
    await page.getByTestId('report-accept').click();
    await motionSettled(page);
    await page.getByRole('button', { name: '通过', exact: true }).click();
    await page.getByTestId('report-status').getByText('已通过').waitFor();

    const download = page.waitForEvent('download');
    await page.getByTestId('report-docx').click();
    const file = await download;
    const { body } = (await (await context.request.get(`/api/reports/${reportId}`)).json()) as {
      body: { title: string };
    };
    expect(file.suggestedFilename()).toBe(`${body.title}.docx`);
    const bytes = await context.request.get(`/api/reports/${reportId}/docx`);
    expect(bytes.status()).toBe(200);
    expect((await bytes.body()).subarray(0, 2).toString()).toBe('PK');

    // The cycle's reports, both villages', packed as one .zip by a job.
    await page.goto(`/cycles/${ids.cycle}?tab=reports`);
    await page.getByTestId('reports-export').click();
    const link = page.getByTestId('reports-export-download');
    await link.getByText('（2 份报告）').waitFor();
    const zip = await context.request.get((await link.getAttribute('href'))!);
    expect(zip.status()).toBe(200);
    expect((await zip.body()).subarray(0, 2).toString()).toBe('PK');
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);

  test('手机上审查页先列审查发现，正文不横向溢出', async () => {
    const { context, page, errors } = await open('qingshan01', { width: 390, height: 844 });
    await page.goto(`/reports/${reportId}?tab=review`);
    await page.getByTestId('report-findings').waitFor();
    const widths = (await page.evaluate(
      '[document.documentElement.scrollWidth, window.innerWidth]',
    )) as number[];
    expect(widths[0]).toBeLessThanOrEqual(widths[1]! + 1);
    const [findingsTop, textTop] = await Promise.all([
      page.getByTestId('report-findings').boundingBox(),
      page.getByTestId('report-text').boundingBox(),
    ]);
    expect(findingsTop!.y).toBeLessThan(textTop!.y);
    if (shots) await page.screenshot({ path: `${shots}/report-review-phone.png` });
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
