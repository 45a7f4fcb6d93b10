import { randomUUID } from 'node:crypto';
import mammoth from 'mammoth';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { defaultBallotItems } from '../src/domain/meetings.js';
import { adminApi } from './support/admin-api.js';
import { startAppServer, type AppServer } from './support/app-server.js';
import { launchBrowser, watchErrors } from './support/browser.js';
import { signIn } from './support/sign-in.js';

const adminInitial = 'Eval-Init-Pass-2026';
const adminPassword = 'Eval-Chief-Pass!2026';
const staffInitial = 'Eval-Staff-Init-2026';
const staffPassword = 'Eval-Staff-Changed!2026';
const year = new Date().getFullYear();
const shots = process.env.E2E_SCREENSHOTS;
const desktop = { width: 1400, height: 900 };
const phone = { width: 390, height: 844 };

/** Clicks the download link and reads the Word file it saves. */
async function downloadedText(page: Page, link: Locator) {
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const { value } = await mammoth.extractRawText({ path: await download.path() });
  return { name: download.suggestedFilename(), text: value };
}

describe('领导评议和综合评价：录入评议、试算、调整权重、发布（浏览器）', () => {
  let server: AppServer;
  let browser: Browser;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    server = await startAppServer(adminInitial);
    browser = await launchBrowser();
    const { post, close } = await adminApi(browser, server.baseUrl, adminInitial, adminPassword);
    ids.county = (await post('/api/orgs', { parentId: null, name: '评价县委', level: 'county' })).id;
    for (const name of ['南湖镇党委', '北岭镇党委'])
      ids[name] = (await post('/api/orgs', { parentId: ids.county, name, level: 'committee' })).id;
    for (const [username, displayName, role, orgId] of [
      ['evcounty', '县委组织部干部', 'organizer', ids.county],
      ['evnanhu', '南湖镇党委书记', 'secretary', ids['南湖镇党委']],
    ] as const)
      await post('/api/users', { username, displayName, role, orgId, password: staffInitial });
    ids.cycle = (await post('/api/cycles', { orgId: ids.county, kind: 'annual', year })).id;
    await close();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const open = async (username: string, viewport = desktop) => {
    const context: BrowserContext = await browser.newContext({
      baseURL: server.baseUrl,
      viewport,
      locale: 'zh-CN',
      ...(viewport.width < 500 ? { isMobile: true, hasTouch: true } : {}),
    });
    const csrf = await signIn(context.request, username, staffInitial, staffPassword);
    const page = await context.newPage();
    return { context, page, csrf, errors: watchErrors(page, 60_000) };
  };
  const confirm = (page: Page, button: string) =>
    page.locator('.ant-modal-confirm').getByRole('button', { name: button }).click();
  const fitsWidth = async (page: Page) =>
    (await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth')) <= 0;
  /** Drawers and dialogs slide in and fade out: screenshots wait until antd's motion classes are gone. */
  const settled = (page: Page) =>
    expect
      .poll(() =>
        page.evaluate<number>(
          'document.querySelectorAll(\':is([class*="-enter-active"], [class*="-appear-active"], [class*="-leave-active"]):not(.ant-wave)\').length',
        ),
      )
      .toBe(0);
  const fillScores = async (page: Page, score: string, skip?: string) => {
    for (const item of defaultBallotItems)
      if (item.label !== skip) await page.getByLabel(item.label).fill(score);
  };

  test('组织部录入两位书记的领导评议，结束投票后查看综合评价和计算过程，调整权重并发布', async () => {
    const { context, page, csrf, errors } = await open('evcounty');
    const call = async (method: 'post' | 'put', url: string, data: object, status = 200) => {
      const res = await context.request[method](url, { data, headers: { 'x-csrf-token': csrf } });
      expect(res.status(), await res.text()).toBe(status);
      return (await res.json()) as { id: number; items: { code: string }[] };
    };
    const meetingId = (
      await call(
        'post',
        '/api/meetings',
        { cycleId: ids.cycle, name: '年度述职评议会', heldOn: `${year}-12-20` },
        201,
      )
    ).id;
    const { items: codes } = await call(
      'post',
      `/api/meetings/${meetingId}/codes`,
      { category: 'superiors', count: 4 },
      201,
    );
    await call('post', `/api/meetings/${meetingId}/voting`, { action: 'open' });

    // 领导评议: the first reporter, one item left empty — the server's message shows under it.
    await page.goto(`/meetings/${meetingId}?tab=reviews`);
    await page.getByTestId('leader-review-reporter').getByText('1/2 南湖镇党委').waitFor();
    await fillScores(page, '92.5', '查摆问题是否深刻具体');
    await page.getByLabel('点评').fill('基层组织建设扎实，问题查摆具体。');
    await page.getByTestId('leader-review-save').click();
    await page
      .getByTestId('leader-review-form')
      .locator('.ant-form-item', { hasText: '查摆问题是否深刻具体' })
      .getByText('请为“查摆问题是否深刻具体”打分')
      .waitFor();
    if (shots) await page.screenshot({ path: `${shots}/leader-review-error.png`, fullPage: true });
    await page.getByLabel('查摆问题是否深刻具体').fill('88');
    await page.getByTestId('leader-review-save-next').click();
    // Saved, and on to the second reporter with an empty form.
    await page.getByTestId('leader-review-reporter').getByText('2/2 北岭镇党委').waitFor();
    expect(await page.getByLabel('总体评价').inputValue()).toBe('');
    await fillScores(page, '75');
    await page.getByLabel('点评').fill('整改台账不全。');
    await page.getByTestId('leader-review-save').click();
    await page.getByTestId('leader-review-mean').getByText('75 分').waitFor();
    await page.getByTestId('leader-reviews').getByText('整改台账不全。').waitFor();
    // Back to the first: their mean, and the form prefilled with the leader's own review.
    await page.getByTestId('leader-review-previous').click();
    await page.getByTestId('leader-review-mean').getByText('91.6 分').waitFor();
    expect(await page.getByLabel('查摆问题是否深刻具体').inputValue()).toBe('88.0');
    if (shots) await page.screenshot({ path: `${shots}/leader-review.png`, fullPage: true });

    // Three of four codes vote; the vote closes.
    const ballot = (south: string, north: string) =>
      Object.fromEntries(
        [
          [ids['南湖镇党委'], south],
          [ids['北岭镇党委'], north],
        ].map(([orgId, grade]) => [
          String(orgId),
          Object.fromEntries(defaultBallotItems.map((item) => [item.key, grade])),
        ]),
      );
    for (const [i, [south, north]] of [
      ['excellent', 'fair'],
      ['excellent', 'poor'],
      ['good', 'poor'],
    ].entries()) {
      const cast = await fetch(`${server.baseUrl}/api/ballot/${codes[i]!.code}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ submissionId: randomUUID(), choices: ballot(south!, north!) }),
      });
      expect(cast.status, await cast.text()).toBe(200);
    }
    await call('post', `/api/meetings/${meetingId}/voting`, { action: 'close' });

    // 综合评价: ranked, graded, each with its 计算过程.
    await page.goto(`/cycles/${ids.cycle}?tab=evaluation`);
    await page.getByTestId('evaluation-status').getByText('试算').waitFor();
    const rows = page.getByTestId('results').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(2);
    const cells = async (row: number) => (await rows.nth(row).locator('td').allTextContents()).slice(0, 2);
    expect(await cells(0)).toEqual(['1', '南湖镇党委']);
    expect(await cells(1)).toEqual(['2', '北岭镇党委']);
    // 差 is 2 of 3 ballots for 北岭镇: more than a third caps it at 一般 at best.
    expect(await rows.nth(1).getByTestId('grade-tag').textContent()).toMatch(/一般|差/);
    if (shots) await page.screenshot({ path: `${shots}/evaluation.png`, fullPage: true });
    await page.getByRole('button', { name: '南湖镇党委的计算过程' }).click();
    const drawer = page.getByTestId('calculation');
    await drawer
      .getByTestId('calculation-steps')
      .getByText(/^综合得分/)
      .waitFor();
    await drawer
      .getByTestId('calculation-sources')
      .getByText(/述职评议：.*1位领导评分/)
      .waitFor();
    await drawer.getByText('基层组织建设扎实，问题查摆具体。').waitFor();
    await settled(page);
    if (shots) await page.screenshot({ path: `${shots}/evaluation-calculation.png`, fullPage: true });
    await drawer.locator('.ant-drawer-close').click();

    // Settings: the weights must make 100 %, said live; saving recomputes.
    await page.getByTestId('evaluation-settings-open').click();
    const settings = page.getByTestId('evaluation-settings');
    const weights = settings.getByLabel('权重');
    await weights.nth(0).fill('20');
    await settings.getByTestId('weight-sum').getByText('权重合计 80%，应为 100%').waitFor();
    await settled(page);
    if (shots) await page.screenshot({ path: `${shots}/evaluation-settings.png`, fullPage: true });
    await weights.nth(1).fill('50');
    await settings.getByTestId('weight-sum').getByText('权重合计 100%').waitFor();
    await settings.getByTestId('evaluation-settings-save').click();
    await settings.waitFor({ state: 'hidden' });
    await page.getByTestId('results').getByRole('columnheader', { name: '述职评议（50%）' }).waitFor();

    // A secretary of a reporter: nothing before publication.
    const secretary = await open('evnanhu');
    await secretary.page.goto(`/cycles/${ids.cycle}?tab=evaluation`);
    await secretary.page.getByTestId('evaluation-unpublished').getByText('结果尚未发布').waitFor();

    // Publishing, confirmed, makes everything read-only.
    await page.getByTestId('evaluation-publish').click();
    await page
      .locator('.ant-modal-confirm')
      .getByText('结果发布后只读，领导评议和评价设置不能再修改。')
      .waitFor();
    await confirm(page, '确认发布');
    await page.getByTestId('evaluation-status').getByText('已发布').waitFor();
    await page.getByText('由县委组织部干部发布').waitFor();
    expect(await page.getByTestId('evaluation-settings-open').count()).toBe(0);
    expect(await page.getByTestId('evaluation-publish').count()).toBe(0);
    await settled(page);
    if (shots) await page.screenshot({ path: `${shots}/evaluation-published.png`, fullPage: true });
    // The score sheet downloads under the cycle's name.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('evaluation-export').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/综合评价结果\.xlsx$/);
    // The notice and a feedback sheet, as Word files read back by mammoth.
    const notice = await downloadedText(page, page.getByTestId('evaluation-notice'));
    expect(notice.name).toMatch(/考核结果的通报\.docx$/);
    expect(notice.text).toContain('党组织书记抓基层党建工作述职评议考核结果的通报');
    for (const name of ['南湖镇党委', '北岭镇党委']) expect(notice.text).toContain(name);
    const sheet = await downloadedText(page, page.getByRole('link', { name: '北岭镇党委的反馈意见' }));
    expect(sheet.name).toBe('北岭镇党委述职评议考核反馈意见.docx');
    expect(sheet.text).toContain('北岭镇党委党组织书记抓基层党建工作述职评议考核反馈意见');
    expect(sheet.text).toContain('三、定等依据');
    // On paper: the title and the table, without the page's navigation, tabs and buttons.
    await page.emulateMedia({ media: 'print' });
    await page.getByRole('heading', { name: /综合评价结果$/ }).waitFor();
    expect(await page.getByRole('tab', { name: '综合评价' }).isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: '打印' }).isVisible()).toBe(false);
    if (shots) await page.screenshot({ path: `${shots}/evaluation-print.png`, fullPage: true });
    await page.emulateMedia({ media: 'screen' });

    await page.goto(`/meetings/${meetingId}?tab=reviews`);
    await page.getByTestId('leader-reviews-readonly').waitFor();
    expect(await page.getByTestId('leader-review-form').count()).toBe(0);

    // After publication the secretary reads their own row only.
    await secretary.page.reload();
    const own = secretary.page.getByTestId('results').locator('tbody tr.ant-table-row');
    await expect.poll(() => own.count()).toBe(1);
    expect(await own.first().textContent()).toContain('南湖镇党委');
    if (shots) await secretary.page.screenshot({ path: `${shots}/evaluation-secretary.png`, fullPage: true });
    const mine = await downloadedText(secretary.page, secretary.page.getByTestId('evaluation-own-feedback'));
    expect(mine.text).toContain('南湖镇党委党组织书记');
    expect(mine.text).not.toContain('北岭镇党委');
    expect(secretary.errors).toEqual([]);
    await secretary.context.close();

    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);

  test('手机宽度下综合评价和领导评议不横向溢出', async () => {
    const { context, page, errors } = await open('evcounty', phone);
    await page.goto(`/cycles/${ids.cycle}?tab=evaluation`);
    await expect.poll(() => page.getByTestId('result-row').count()).toBe(2);
    expect(await fitsWidth(page)).toBe(true);
    if (shots) await page.screenshot({ path: `${shots}/evaluation-phone.png`, fullPage: true });
    await page.getByRole('button', { name: '北岭镇党委的计算过程' }).click();
    await page.getByTestId('calculation-steps').waitFor();
    expect(await fitsWidth(page)).toBe(true);
    await settled(page);
    if (shots) await page.screenshot({ path: `${shots}/evaluation-calculation-phone.png` });
    const meetings = (await (await context.request.get(`/api/meetings?cycleId=${ids.cycle}`)).json()) as {
      items: { id: number }[];
    };
    await page.goto(`/meetings/${meetings.items[0]!.id}?tab=reviews`);
    await page.getByTestId('leader-reviews').waitFor();
    expect(await fitsWidth(page)).toBe(true);
    if (shots) await page.screenshot({ path: `${shots}/leader-review-phone.png`, fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);
});
