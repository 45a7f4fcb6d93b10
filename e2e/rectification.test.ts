import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { defaultBallotItems } from '../src/domain/meetings.js';
import { png } from '../test/helpers/file-fixtures.js';
import { startAppServer, type AppServer } from './support/app-server.js';
import { launchBrowser, watchErrors } from './support/browser.js';
import { chooseOption, motionSettled } from './support/select.js';
import { signIn } from './support/sign-in.js';

const adminInitial = 'Rect-Init-Pass-2026';
const adminPassword = 'Rect-Chief-Pass!2026';
const staffInitial = 'Rect-Staff-Init-2026';
const staffPassword = 'Rect-Staff-Changed!2026';
const year = new Date().getFullYear();

describe('问题整改：从考核结果建单、制定措施、提交材料、退回、再提交、销号（浏览器）', () => {
  let server: AppServer;
  let browser: Browser;
  const ids: Record<string, number> = {};
  let problemId = 0;
  let admin: BrowserContext;
  let send: (
    method: 'post' | 'put',
    url: string,
    data: object | undefined,
    status: number,
  ) => Promise<{ id: number }>;

  beforeAll(async () => {
    server = await startAppServer(adminInitial);
    browser = await launchBrowser();
    admin = await browser.newContext({ baseURL: server.baseUrl });
    const csrf = await signIn(admin.request, 'admin', adminInitial, adminPassword);
    const headers = { 'x-csrf-token': csrf };
    send = async (method, url, data, status) => {
      const res = await admin.request[method](url, { data, headers });
      expect(res.status(), await res.text()).toBe(status);
      return (await res.json()) as { id: number };
    };
    const post = (url: string, data: object) => send('post', url, data, 201);
    const county = (await post('/api/orgs', { parentId: null, name: '整改县委', level: 'county' })).id;
    ids.town = (await post('/api/orgs', { parentId: county, name: '清河镇党委', level: 'committee' })).id;
    ids.village = (
      await post('/api/orgs', {
        parentId: ids.town,
        name: '清河村党支部',
        level: 'branch',
        domain: 'village',
      })
    ).id;
    await post('/api/members', {
      orgId: ids.village,
      name: '孙志刚',
      gender: 'male',
      stage: 'full',
      probationaryOn: '2010-07-01',
      fullOn: '2011-07-01',
    });
    for (const [username, role, orgId] of [
      ['qinghe01', 'organizer', ids.town],
      ['qinghesj', 'secretary', ids.village],
    ] as const)
      await post('/api/users', {
        username,
        displayName: `${username}用户`,
        role,
        orgId,
        password: staffInitial,
      });
    ids.cycle = (
      await post('/api/cycles', {
        orgId: ids.town,
        kind: 'annual',
        year,
        stages: { reportsDueOn: `${year + 1}-01-15` },
        schemes: { template: true },
      })
    ).id;
    await send('post', `/api/cycles/${ids.cycle}/status`, { status: 'open' }, 200);
    // The village's report, accepted: its problems become the cycle's candidates.
    const report = await post('/api/reports', { cycleId: ids.cycle, orgId: ids.village });
    const current = (await (await admin.request.get(`/api/reports/${report.id}`)).json()) as {
      body: { sections: { title: string; text: string }[] };
      updatedAt: string;
    };
    await send(
      'put',
      `/api/reports/${report.id}`,
      {
        updatedAt: current.updatedAt,
        body: {
          ...current.body,
          title: '清河村党支部书记述职报告',
          sections: current.body.sections.map((s) => ({ ...s, text: s.text || `${s.title}的内容。` })),
          problems: [
            { text: '三会一课记录不规范', cause: '支委会学习不够' },
            { text: '村务公开不及时', cause: '制度落实不到位' },
          ],
          plans: [{ text: '逐月检查会议记录', answers: [0, 1] }],
        },
      },
      200,
    );
    await send('post', `/api/reports/${report.id}/submit`, undefined, 200);
    await send('post', `/api/reports/${report.id}/accept`, undefined, 200);
    // Found on an inspection long ago and never dealt with: the 逾期清单 and 催办 start from it.
    await post('/api/problems', {
      orgId: ids.village,
      ref: { source: 'inspection' },
      text: '村务公开栏长期未更新',
      category: 'other',
      severity: 'low',
      deadline: '2020-06-30',
    });
    // The town's review meeting: a leader's critique of the village, the second source of the list.
    const meeting = await post('/api/meetings', {
      cycleId: ids.cycle,
      name: '清河镇述职评议会',
      heldOn: `${year + 1}-01-10`,
    });
    await send(
      'put',
      `/api/leader-reviews/${meeting.id}/${ids.village}`,
      {
        scores: Object.fromEntries(defaultBallotItems.map((i) => [i.key, 85])),
        critique: '组织生活比较规范，但发展党员工作滞后。',
      },
      200,
    );
  }, 180_000);

  afterAll(async () => {
    await admin?.close();
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
  const status = (page: Page, text: string) => page.getByTestId('problem-status').getByText(text).waitFor();
  const inModal = (page: Page) => page.locator('.ant-modal-wrap:visible');
  const confirmWith = async (page: Page, name: string) => {
    await motionSettled(page);
    await inModal(page).getByRole('button', { name, exact: true }).click();
  };

  test('组织委员从考核结果中登记问题并制定整改措施', async () => {
    const { context, page, errors } = await open('qinghe01');
    await page.goto(`/cycles/${ids.cycle}?tab=problems`);
    const row = page.locator('.ant-table-row', { hasText: '三会一课记录不规范' });
    const critique = page.locator('.ant-table-row', { hasText: '发展党员工作滞后' });
    await row.waitFor();
    await row.locator('.ant-checkbox-input').check();
    await critique.locator('.ant-checkbox-input').check();
    await page.getByTestId('candidates-file').click();
    await page.locator('.ant-modal-confirm-title').getByText('登记所选的 2 个问题？').waitFor();
    await confirmWith(page, '登记');
    await page.getByText('已登记 2 个问题').waitFor();
    await critique.getByTestId('candidate-filed').waitFor();
    await row.getByTestId('candidate-filed').click();
    await page.waitForURL(/\/problems\/\d+$/);
    problemId = Number(new URL(page.url()).pathname.split('/').pop());
    await status(page, '待整改');
    await page.getByText('述职报告查摆（第 1 个问题）').waitFor();

    await page.getByTestId('measure-add').click();
    const modal = page.getByTestId('measure-modal');
    await modal.getByLabel('整改措施', { exact: true }).fill('每月检查三会一课记录并通报');
    await chooseOption(page, modal.getByTestId('measure-owner'), '孙志刚', { search: '孙志刚' });
    await confirmWith(page, '保存');
    await page.getByTestId('measures').getByText('责任人 孙志刚').waitFor();
    // The 责任清单 lists it under its owner, with a signature line.
    await page.goto('/problems?view=responsibility');
    const sheet = page.getByTestId('responsibility-list');
    await sheet.getByText('责任人：孙志刚（1 项）').waitFor();
    await sheet.getByText('每月检查三会一课记录并通报').waitFor();
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  test('书记开始整改并提交整改材料（含附件），手机上不横向溢出', async () => {
    const { context, page, errors } = await open('qinghesj', { width: 390, height: 844 });
    await page.goto('/problems');
    await page.getByTestId('problem-card').getByText('三会一课记录不规范').click();
    await page.waitForURL(`**/problems/${problemId}`);
    await page.getByTestId('problem-start').click();
    await status(page, '整改中');
    await page.getByTestId('problem-submit').click();
    await inModal(page).getByLabel('整改情况说明').fill('已建立会议记录月检制度');
    await inModal(page).locator('input[type=file]').setInputFiles({
      name: '整改照片.png',
      mimeType: 'image/png',
      buffer: png,
    });
    await inModal(page).getByText('整改照片.png').waitFor();
    await inModal(page).locator('.ant-upload-list-item-done').waitFor();
    await confirmWith(page, '提交整改材料');
    await status(page, '已提交');
    await page.getByTestId('problem-history').getByText('整改照片.png').waitFor();
    const widths = (await page.evaluate(
      '[document.documentElement.scrollWidth, window.innerWidth]',
    )) as number[];
    expect(widths[0]).toBeLessThanOrEqual(widths[1]! + 1);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  test('组织委员退回一次，书记再次提交，组织委员销号，清单显示已销号', async () => {
    const organizer = await open('qinghe01');
    await organizer.page.goto(`/problems/${problemId}`);
    await organizer.page.getByTestId('problem-reject').click();
    await inModal(organizer.page).getByLabel('原因').fill('缺少会议记录照片');
    await confirmWith(organizer.page, '退回重新整改');
    await status(organizer.page, '退回');
    await organizer.page.getByTestId('problem-history').getByText('原因：缺少会议记录照片').waitFor();

    const secretary = await open('qinghesj');
    await secretary.page.goto(`/problems/${problemId}`);
    await secretary.page.getByText('退回次数').waitFor();
    await secretary.page.getByTestId('problem-start').click();
    await status(secretary.page, '整改中');
    await secretary.page.getByTestId('problem-submit').click();
    await inModal(secretary.page).getByLabel('整改情况说明').fill('补充了全年会议记录照片');
    await confirmWith(secretary.page, '提交整改材料');
    await status(secretary.page, '已提交');
    // The secretary has no verifying buttons.
    expect(await secretary.page.getByTestId('problem-close').count()).toBe(0);

    await organizer.page.reload();
    await organizer.page.getByTestId('problem-close').click();
    await confirmWith(organizer.page, '销号');
    await status(organizer.page, '已销号');
    await organizer.page.goto('/problems');
    await organizer.page
      .locator('.ant-table-row', { hasText: '三会一课记录不规范' })
      .getByTestId('problem-status')
      .getByText('已销号')
      .waitFor();
    expect(organizer.errors).toEqual([]);
    expect(secretary.errors).toEqual([]);
    await organizer.context.close();
    await secretary.context.close();
  }, 180_000);

  test('组织委员在逾期清单中催办，书记在顶栏看到角标并在我的待办中读到催办（手机）', async () => {
    const organizer = await open('qinghe01');
    await organizer.page.goto('/problems?view=overdue');
    const row = organizer.page.locator('.ant-table-row', { hasText: '村务公开栏长期未更新' });
    await row.getByText('未催办').waitFor();
    await row.getByTestId('overdue-remind').click();
    await inModal(organizer.page).getByLabel('附言（可选）').fill('请本周内更新并上传照片');
    await confirmWith(organizer.page, '确认催办');
    await organizer.page.getByText('已催办，通知 1 人').waitFor();
    await row.getByText('共 1 次').waitFor();

    const secretary = await open('qinghesj', { width: 390, height: 844 });
    await secretary.page.goto('/');
    await secretary.page.getByTestId('inbox-badge').locator('.ant-badge-count').waitFor();
    await secretary.page.getByTestId('inbox-bell').click();
    await secretary.page.waitForURL('**/inbox');
    await secretary.page.getByTestId('inbox-task').getByText('村务公开栏长期未更新').waitFor();
    const message = secretary.page.getByTestId('inbox-notification');
    await message.getByText('请本周内更新并上传照片', { exact: false }).waitFor();
    await message.getByTestId('inbox-read').click();
    await secretary.page.getByText('消息（未读 0）').waitFor();
    const widths = (await secretary.page.evaluate(
      '[document.documentElement.scrollWidth, window.innerWidth]',
    )) as number[];
    expect(widths[0]).toBeLessThanOrEqual(widths[1]! + 1);
    expect(organizer.errors).toEqual([]);
    expect(secretary.errors).toEqual([]);
    await organizer.context.close();
    await secretary.context.close();
  }, 180_000);

  test('组织委员在手机上看晒单（含图片版）和整改统计，不横向溢出', async () => {
    const { context, page, errors } = await open('qinghe01', { width: 390, height: 844 });
    const fits = async () => {
      const widths = (await page.evaluate(
        '[document.documentElement.scrollWidth, window.innerWidth]',
      )) as number[];
      expect(widths[0]).toBeLessThanOrEqual(widths[1]! + 1);
    };
    await page.goto('/problems');
    await page.getByTestId('problems-board').click();
    await page.waitForURL('**/problems/board');
    const sheet = page.getByTestId('board-sheet');
    await sheet.getByText('清河镇党委').first().waitFor();
    await page.getByTestId('board-rows').getByText('清河村党支部').waitFor();
    await page.getByTestId('board-rows').getByText('33.3%').waitFor();
    await page.getByTestId('board-closed').getByText('三会一课记录不规范').waitFor();
    await fits();
    await page.getByTestId('board-mode').getByText('图片版').click();
    await page.locator('.board-image').waitFor();
    await fits();

    await page.goto('/problems?view=stats');
    await page.getByTestId('problem-stats-children').getByText('清河村党支部').waitFor();
    await page.getByTestId('chart-completion').waitFor();
    await fits();
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  test('下一年度的述职报告已写明上年度问题的整改销号情况', async () => {
    const next = (
      await send(
        'post',
        '/api/cycles',
        {
          orgId: ids.town,
          kind: 'annual',
          year: year + 1,
          stages: { reportsDueOn: `${year + 2}-01-15` },
          schemes: { template: true },
        },
        201,
      )
    ).id;
    await send('post', `/api/cycles/${next}/status`, { status: 'open' }, 200);
    const { context, page, errors } = await open('qinghesj');
    await page.goto(`/cycles/${next}?tab=reports`);
    await page.getByTestId(`report-create-${ids.village}`).click();
    await page.waitForURL(/\/reports\/\d+$/);
    const carried = page.getByTestId('report-section-lastYearRectification');
    await expect.poll(() => carried.inputValue()).toContain('列入问题清单的问题共 3 个');
    const text = await carried.inputValue();
    expect(text).toContain('已整改销号 1 个');
    expect(text).toMatch(/三会一课记录不规范。已于.+整改销号/u);
    expect(text).toContain('发展党员工作滞后');
    expect(text).toContain('村务公开栏长期未更新');
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
