import fs from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { educationLabels, idCardProblem, maskIdCard } from '../src/domain/member-base.js';
import { chineseMembersFile } from '../test/helpers/xlsx-fixtures.js';
import { startAppServer, type AppServer } from './support/app-server.js';
import { launchBrowser, watchErrors } from './support/browser.js';
import { chooseOption } from './support/select.js';
import { signIn } from './support/sign-in.js';

const adminInitial = 'Import-Init-Pass-2026';
const adminPassword = 'Import-Chief-Pass!2026';
const viewerInitial = 'Viewer-Init-Pass-2026';
const viewerPassword = 'Viewer-Changed-Pass!2026';

interface Stats {
  org: { name: string };
  orgs: { total: number };
  members: {
    total: number;
    female: { count: number };
    probationary: number;
    activists: number;
    mobile: { outflow: { count: number } };
  };
}
type Figures = Record<'orgs' | 'members' | 'female' | 'probationary' | 'activists' | 'mobile', number>;

interface MemberRow {
  orgFullName: string;
  name: string;
  gender: '男' | '女';
  birthDate: string;
  education: string;
  idCard: string | null;
  stage: string;
  dates: Partial<Record<'申请入党日期' | '确定为积极分子日期' | '入党日期' | '转正日期', string>>;
}

function isoInDays(days: number): string {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The 17th digit is odd for men: the number must agree with the gender entered beside it. */
function validIdCard(birth: string, gender: '男' | '女'): string {
  const first17 = `330102${birth.replaceAll('-', '')}31${gender === '男' ? 7 : 8}`;
  return first17 + [...'0123456789X'].find((c) => idCardProblem(first17 + c) === null)!;
}

const utcDate = (iso: string) => new Date(`${iso}T00:00:00Z`);
const isoOf = (value: ExcelJS.CellValue): string | null =>
  value instanceof Date ? value.toISOString().slice(0, 10) : null;

/** Five stages in turn (two of them full members), every third person a woman, education and org cycling. */
function memberRows(villages: string[]): MemberRow[] {
  const educations = Object.values(educationLabels);
  return Array.from({ length: 50 }, (_, i) => {
    // Born by 1989: old enough on every application date below.
    const birthDate = `${1950 + (i % 40)}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 27) + 1).padStart(2, '0')}`;
    const stage = (['正式党员', '预备党员', '入党积极分子', '入党申请人', '正式党员'] as const)[i % 5]!;
    const dates: MemberRow['dates'] =
      stage === '正式党员'
        ? { 入党日期: '2010-07-01', 转正日期: '2011-07-01' }
        : stage === '预备党员'
          ? { 申请入党日期: '2023-03-01', 入党日期: isoInDays(-100 - i) }
          : stage === '入党积极分子'
            ? { 申请入党日期: '2024-03-01', 确定为积极分子日期: '2025-04-01' }
            : { 申请入党日期: '2025-09-01' };
    const gender = i % 3 === 0 ? '女' : '男';
    return {
      orgFullName: villages[i % villages.length]!,
      name: `导入党员${String(i + 1).padStart(2, '0')}`,
      gender,
      birthDate,
      education: educations[i % educations.length]!,
      idCard: i % 2 === 0 ? validIdCard(birthDate, gender) : null,
      stage,
      dates,
    };
  });
}

/** Fills the downloaded template itself, by its own headers (the required mark stripped). */
async function fillTemplate(template: Buffer, rows: MemberRow[]): Promise<ExcelJS.Workbook> {
  const workbook = await loadWorkbook(template);
  const sheet = workbook.getWorksheet('党员信息')!;
  const column = new Map<string, number>();
  sheet.getRow(1).eachCell((cell, col) => column.set(String(cell.value).replace(/\*$/, ''), col));
  rows.forEach((r, i) => {
    const row = sheet.getRow(i + 2);
    const set = (header: string, value: ExcelJS.CellValue) => {
      const col = column.get(header);
      if (col === undefined) throw new Error(`模板缺少“${header}”列`);
      row.getCell(col).value = value;
    };
    set('所属组织', r.orgFullName);
    set('姓名', r.name);
    set('性别', r.gender);
    set('出生日期', utcDate(r.birthDate));
    set('学历', r.education);
    set('身份证号码', r.idCard);
    set('人员类别', r.stage);
    for (const [header, iso] of Object.entries(r.dates)) set(header, utcDate(iso));
  });
  return workbook;
}

/** The header → value records of a sheet's data rows. */
function sheetRecords(sheet: ExcelJS.Worksheet): Record<string, ExcelJS.CellValue>[] {
  const headers: string[] = [];
  sheet.getRow(1).eachCell((cell, col) => (headers[col] = String(cell.value)));
  const records: Record<string, ExcelJS.CellValue>[] = [];
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const record: Record<string, ExcelJS.CellValue> = {};
    headers.forEach((h, col) => h && (record[h] = row.getCell(col).value));
    records.push(record);
  });
  return records;
}

/** ExcelJS's typings predate Node's generic Buffer; the bytes are what it expects. */
async function loadWorkbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook;
}

async function downloadedBuffer(download: Download): Promise<Buffer> {
  return fs.readFile((await download.path())!);
}

async function figure(page: Page, key: string): Promise<number> {
  const text = await page.getByTestId(`figure-${key}`).locator('.ant-statistic-content-value').textContent();
  return Number(text);
}

/** Opens the town's dashboard; its headline cards must equal /api/statistics for the day. */
async function dashboardFigures(page: Page, orgId: number, asOf: string): Promise<Figures> {
  await page.goto(`/dashboard?orgId=${orgId}&asOf=${asOf}`);
  const response = await page.request.get(`/api/statistics?orgId=${orgId}&asOf=${asOf}`);
  expect(response.status()).toBe(200);
  const stats = (await response.json()) as Stats;
  await page.getByTestId('dashboard-title').filter({ hasText: stats.org.name }).waitFor();
  const shown: Figures = {
    orgs: await figure(page, 'orgs'),
    members: await figure(page, 'members'),
    female: await figure(page, 'female'),
    probationary: await figure(page, 'probationary'),
    activists: await figure(page, 'activists'),
    mobile: await figure(page, 'mobile'),
  };
  expect(shown).toEqual({
    orgs: stats.orgs.total,
    members: stats.members.total,
    female: stats.members.female.count,
    probationary: stats.members.probationary,
    activists: stats.members.activists,
    mobile: stats.members.mobile.outflow.count,
  });
  return shown;
}

describe('党员 Excel 导入 → 看板数字变化 → 导出名册核对（浏览器）', () => {
  let server: AppServer;
  let browser: Browser;
  let context: BrowserContext;
  const orgs: Record<string, number> = {};
  const villageNames = ['青石村党支部', '柳溪村党支部', '桃园村党支部'];
  const bulkBranch = '万家村党支部';

  beforeAll(async () => {
    server = await startAppServer(adminInitial);
    browser = await launchBrowser();
    context = await browser.newContext({
      baseURL: server.baseUrl,
      locale: 'zh-CN',
      viewport: { width: 1280, height: 900 },
    });
    const csrf = await signIn(context.request, 'admin', adminInitial, adminPassword);
    const post = async (url: string, data: object) => {
      const res = await context.request.post(url, { data, headers: { 'x-csrf-token': csrf } });
      expect(res.status(), await res.text()).toBe(201);
      return (await res.json()) as { id: number };
    };
    orgs.county = (await post('/api/orgs', { parentId: null, name: '临川县委', level: 'county' })).id;
    orgs.town = (
      await post('/api/orgs', { parentId: orgs.county, name: '石门镇党委', level: 'committee' })
    ).id;
    for (const name of villageNames)
      orgs[name] = (
        await post('/api/orgs', { parentId: orgs.town, name, level: 'branch', domain: 'village' })
      ).id;
    orgs.bulk = (
      await post('/api/orgs', { parentId: orgs.town, name: bulkBranch, level: 'branch', domain: 'village' })
    ).id;
    // Figures that do not start at zero, and a roster row the import must leave alone.
    await post('/api/members', {
      orgId: orgs[villageNames[0]!],
      name: '原有党员',
      gender: 'female',
      stage: 'full',
      probationaryOn: '2001-07-01',
      fullOn: '2002-07-01',
    });
    await post('/api/users', {
      username: 'chakan02',
      displayName: '查看员',
      role: 'viewer',
      orgId: orgs.county,
      password: viewerInitial,
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  test('下载模板填 50 人上传，看板按所填变化；坏行整份拒绝；导出名册与所填一致', async () => {
    const page = await context.newPage();
    const errors = watchErrors(page);
    const today = isoInDays(0);

    const before = await dashboardFigures(page, orgs.town!, today);
    expect(before.members).toBe(1);

    // The template as the page offers it, with the in-scope orgs in its 组织列表 sheet.
    await page.goto('/data');
    const [templateDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('template-members').click(),
    ]);
    expect(templateDownload.suggestedFilename()).toMatch(/\.xlsx$/);
    const template = await downloadedBuffer(templateDownload);
    const listed = await loadWorkbook(template);
    const orgList = sheetRecords(listed.getWorksheet('组织列表')!);
    const villages = villageNames.map((name) => {
      const entry = orgList.find((o) => o['组织名称'] === name);
      expect(entry, name).toBeDefined();
      expect(Number(entry!['组织编号'])).toBe(orgs[name]);
      return String(entry!['组织完整名称']);
    });
    expect(villages[0]).toBe(`临川县委/石门镇党委/${villageNames[0]}`);

    const rows = memberRows(villages);
    const upload = async (workbook: ExcelJS.Workbook, name: string) => {
      const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
      const response = page.waitForResponse(
        (r) => r.url().endsWith('/api/imports/members') && r.request().method() === 'POST',
      );
      await page.locator('input[type=file]').first().setInputFiles({
        name,
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        buffer,
      });
      return response;
    };
    /** The import's job as the page's last poll read it, once it has ended. */
    const jobEnd = () =>
      page.waitForResponse(async (r) => {
        if (!r.url().includes('/api/jobs/') || r.status() !== 200) return false;
        const { state } = (await r.json()) as { state: string };
        return state === 'succeeded' || state === 'failed';
      });

    // One bad row: nothing is imported, and the table says where and why, in Chinese.
    const bad = await fillTemplate(template, rows);
    const badRow = 2 + 17;
    bad.getWorksheet('党员信息')!.getRow(badRow).getCell(3).value = '未知';
    expect(String(bad.getWorksheet('党员信息')!.getRow(1).getCell(3).value)).toMatch(/^性别/);
    const rejectedEnd = jobEnd();
    expect((await upload(bad, '党员信息-有误.xlsx')).status()).toBe(202);
    const { error: rejection } = (await (await rejectedEnd).json()) as {
      error: {
        code: string;
        details: { rows: number; total: number; errors: { row: number; column: string; message: string }[] };
      };
    };
    expect(rejection.code).toBe('IMPORT_ROWS_INVALID');
    expect(rejection.details.rows).toBe(50);
    expect(rejection.details.errors).toHaveLength(1);
    const [problem] = rejection.details.errors;
    expect(problem).toMatchObject({ row: badRow, column: '性别' });
    expect(problem!.message).toMatch(/[\u4e00-\u9fa5]/);
    const errorTable = page.getByTestId('import-errors');
    await errorTable.waitFor();
    await page.getByText('发现 1 处错误，未导入任何数据').waitFor();
    expect(await errorTable.locator('tbody tr').allInnerTexts()).toEqual([
      `${badRow}\t性别\t${problem!.message}`,
    ]);
    expect(await dashboardFigures(page, orgs.town!, today)).toEqual(before);

    // The same rows without the mistake go in whole. The request is held until the progress bar is
    // up (a 50-row file is otherwise done before it can be seen); then the page shows the summary.
    await page.goto('/data');
    const progress = page.locator('[role=status]').filter({ has: page.locator('.ant-progress') });
    let progressShown = false;
    await page.route(
      '**/api/imports/members',
      async (route) => {
        await progress.waitFor();
        progressShown = true;
        await route.continue();
      },
      { times: 1 },
    );
    const acceptedEnd = jobEnd();
    const accepted = await upload(await fillTemplate(template, rows), '党员信息.xlsx');
    expect(accepted.status(), await accepted.text()).toBe(202);
    expect(((await (await acceptedEnd).json()) as { state: string }).state).toBe('succeeded');
    expect(progressShown).toBe(true);
    await progress.waitFor({ state: 'hidden' });
    await page
      .getByTestId('import-success')
      .getByText('党员信息.xlsx 中的 50 条党员信息已全部写入')
      .waitFor();

    const party = rows.filter((r) => r.stage === '正式党员' || r.stage === '预备党员');
    const expected: Figures = {
      orgs: before.orgs,
      members: before.members + party.length,
      female: before.female + party.filter((r) => r.gender === '女').length,
      probationary: before.probationary + rows.filter((r) => r.stage === '预备党员').length,
      activists: before.activists + rows.filter((r) => r.stage === '入党积极分子').length,
      mobile: before.mobile,
    };
    expect(expected).toMatchObject({ members: 31, female: 11, probationary: 10, activists: 10 });
    expect(await dashboardFigures(page, orgs.town!, today)).toEqual(expected);

    // The roster exported from the page holds every imported row as it was filled in.
    await page.goto('/data');
    await chooseOption(page, page.getByLabel('导出组织'), '石门镇党委', { search: '石门镇' });
    const [rosterDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-roster').click(),
    ]);
    expect(rosterDownload.suggestedFilename()).toBe('石门镇党委党员名册.xlsx');
    const roster = await loadWorkbook(await downloadedBuffer(rosterDownload));
    const exported = sheetRecords(roster.getWorksheet('党员信息')!);
    expect(exported).toHaveLength(51);
    const byName = new Map(exported.map((e) => [String(e['姓名']), e]));
    expect(byName.get('原有党员')?.['所属组织']).toBe(`临川县委/石门镇党委/${villageNames[0]}`);
    for (const r of rows) {
      const e = byName.get(r.name);
      expect(e, r.name).toBeDefined();
      expect({
        org: e!['所属组织'],
        gender: e!['性别'],
        birthDate: isoOf(e!['出生日期']),
        education: e!['学历'],
        idCard: e!['身份证号码'] ?? null,
        stage: e!['人员类别'],
        applied: isoOf(e!['申请入党日期']),
        activist: isoOf(e!['确定为积极分子日期']),
        joined: isoOf(e!['入党日期']),
        full: isoOf(e!['转正日期']),
      }).toEqual({
        org: r.orgFullName,
        gender: r.gender,
        birthDate: r.birthDate,
        education: r.education,
        idCard: r.idCard,
        stage: r.stage,
        applied: r.dates['申请入党日期'] ?? null,
        activist: r.dates['确定为积极分子日期'] ?? null,
        joined: r.dates['入党日期'] ?? null,
        full: r.dates['转正日期'] ?? null,
      });
    }

    // …and agrees with /api/members, org by org.
    const listResponse = await page.request.get(`/api/members?orgId=${orgs.town}&pageSize=200`);
    const api = (await listResponse.json()) as {
      total: number;
      items: {
        name: string;
        orgId: number;
        gender: string;
        birthDate: string | null;
        idCard: string | null;
      }[];
    };
    expect(api.total).toBe(exported.length);
    for (const r of rows) {
      const m = api.items.find((item) => item.name === r.name)!;
      expect(m, r.name).toBeDefined();
      expect(m.orgId).toBe(orgs[villageNames[villages.indexOf(r.orgFullName)]!]);
      expect(m.gender).toBe(r.gender === '女' ? 'female' : 'male');
      expect(m.birthDate).toBe(r.birthDate);
      expect(m.idCard).toBe(r.idCard);
    }

    // A viewer without member.idCard gets the same roster with masked ID numbers.
    const viewer = await browser.newContext({ baseURL: server.baseUrl });
    await signIn(viewer.request, 'chakan02', viewerInitial, viewerPassword);
    const viewerExport = await viewer.request.get(`/api/exports/members?orgId=${orgs.town}`);
    expect(viewerExport.status()).toBe(200);
    const viewerRoster = await loadWorkbook(await viewerExport.body());
    const viewerIds = new Map(
      sheetRecords(viewerRoster.getWorksheet('党员信息')!).map((e) => [e['姓名'], e['身份证号码'] ?? null]),
    );
    for (const r of rows) expect(viewerIds.get(r.name)).toBe(r.idCard === null ? null : maskIdCard(r.idCard));
    await viewer.close();

    expect(errors).toEqual([]);
    await page.close();
  });
  test('20,000 个各不相同的中文姓名经页面上传，进度条逐步前进，存入的姓名与所填逐字节一致', async () => {
    const page = await context.newPage();
    const errors = watchErrors(page);
    const rows = 20_000;
    const written = await chineseMembersFile(`临川县委/石门镇党委/${bulkBranch}`, rows, 'shared');
    await page.goto('/data');
    const response = page.waitForResponse(
      (r) => r.url().endsWith('/api/imports/members') && r.request().method() === 'POST',
      { timeout: 180_000 },
    );
    await page.locator('input[type=file]').first().setInputFiles({
      name: '万人名单.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: written.file,
    });
    const accepted = await response;
    expect(accepted.status(), await accepted.text()).toBe(202);
    // The job's bar moves while the rows are read and written, not from nothing straight to done.
    const success = page.getByTestId('import-success').getByText(`${rows} 条党员信息已全部写入`);
    const bar = page.getByTestId('job-progress').getByRole('progressbar');
    const seen = new Set<string>();
    while (!(await success.isVisible())) {
      const shown = await bar.getAttribute('aria-valuenow', { timeout: 200 }).catch(() => null);
      if (shown) seen.add(shown);
      await page.waitForTimeout(50);
    }
    expect(seen.size, [...seen].join(' ')).toBeGreaterThanOrEqual(3);

    const stored: string[] = [];
    for (let p = 1; stored.length < rows; p++) {
      const res = await page.request.get(`/api/members?orgId=${orgs.bulk}&pageSize=200&page=${p}`);
      expect(res.status()).toBe(200);
      const { items } = (await res.json()) as { items: { name: string }[] };
      if (items.length === 0) break;
      stored.push(...items.map((m) => m.name));
    }
    // Distinct names: the same sorted lists mean every name was stored exactly as written.
    const sorted = (names: string[]) => [...names].sort();
    expect(sorted(stored)).toEqual(sorted(written.names));
    expect(errors).toEqual([]);
  }, 600_000);
});
