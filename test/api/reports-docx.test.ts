import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportBody } from '../../src/domain/reports.js';
import { createTestContext, type Session, type TestContext } from '../helpers/test-app.js';
import { testDriver } from '../helpers/test-db.js';
import {
  createOrg,
  expectApiError,
  expectNoChange,
  expectStatus,
  signedInUser,
  villageBranch,
  annualCycle,
} from './support/fixtures.js';

const docxType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** The paragraphs of a downloaded Word file, as mammoth reads them. */
async function paragraphs(file: Buffer): Promise<string[]> {
  const { value } = await mammoth.extractRawText({ buffer: file });
  return value.split('\n').filter(Boolean);
}

describe(`report Word file (${testDriver})`, () => {
  let t: TestContext;
  let organizer: Session;
  let secretary: Session;
  let outsider: Session;
  let reportId: number;
  const title = '南山村党支部书记2026年度抓基层党建工作述职报告';

  beforeAll(async () => {
    t = await createTestContext();
    const county = await createOrg(t, null, '导出县委', 'county');
    const town = await createOrg(t, county.id, '导出镇党委', 'committee');
    const other = await createOrg(t, county.id, '邻镇党委', 'committee');
    const branch = await villageBranch(t, town.id, '南山村党支部');
    organizer = await signedInUser(t, 'dxtown', 'organizer', town.id);
    secretary = await signedInUser(t, 'dxsec', 'secretary', branch.id);
    outsider = await signedInUser(t, 'dxother', 'organizer', other.id);
    const cycleId = await annualCycle(t, organizer, town.id);
    const created = expectStatus(
      await t.request(secretary, 'POST', '/api/reports', { cycleId, orgId: branch.id }),
      201,
    ).json() as { id: number; body: ReportBody; updatedAt: string };
    reportId = created.id;
    const body = structuredClone(created.body);
    body.sections[0]!.text = '南山村党支部现有党员38名。';
    // Version 1 without the table, read back line for line; the working copy gets two rows below.
    body.basicsTable = [];
    body.sections[1]!.text = '坚持每月开展主题党日活动。';
    body.problems = [{ text: '组织生活记录不全', cause: '支部书记对制度学习不深' }];
    body.plans = [{ text: '逐月检查组织生活记录', answers: [0] }];
    expectStatus(
      await t.request(secretary, 'PUT', `/api/reports/${reportId}`, { body, updatedAt: created.updatedAt }),
      200,
    );
    expectStatus(await t.request(secretary, 'POST', `/api/reports/${reportId}/submit`), 200);
    // Returned and changed: the working copy now differs from version 1.
    expectStatus(
      await t.request(organizer, 'POST', `/api/reports/${reportId}/return`, {
        comments: [],
        quotedFindings: [],
        general: '请补充',
      }),
      200,
    );
    const returned = expectStatus(await t.request(secretary, 'GET', `/api/reports/${reportId}`), 200).json();
    body.sections[0]!.text = '南山村党支部现有党员40名，其中预备党员2名。';
    body.basicsTable = [
      { label: '党员', value: '40名' },
      { label: '其中：预备党员', value: '2名' },
    ];
    expectStatus(
      await t.request(secretary, 'PUT', `/api/reports/${reportId}`, { body, updatedAt: returned.updatedAt }),
      200,
    );
  });
  afterAll(() => t?.close());

  it('downloads the working copy as a .docx named after the title, in the order of the text', async () => {
    const res = expectStatus(await t.request(organizer, 'GET', `/api/reports/${reportId}/docx`), 200);
    expect(res.headers['content-type']).toBe(docxType);
    expect(res.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent(`${title}.docx`)}`,
    );
    expect(res.rawPayload.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(await paragraphs(res.rawPayload)).toEqual([
      title,
      '一、基本情况',
      '南山村党支部现有党员40名，其中预备党员2名。',
      // The table, cell by cell under its header.
      '项目',
      '数据',
      '党员',
      '40名',
      '其中：预备党员',
      '2名',
      '二、履职工作特色和亮点',
      '坚持每月开展主题党日活动。',
      '三、存在的主要问题及原因',
      '（一）组织生活记录不全。原因：支部书记对制度学习不深。',
      '四、下一步工作思路和举措',
      '（一）逐月检查组织生活记录。',
    ]);
  });

  it('downloads a submitted version as it was submitted', async () => {
    const res = expectStatus(
      await t.request(secretary, 'GET', `/api/reports/${reportId}/docx?version=1`),
      200,
    );
    const lines = await paragraphs(res.rawPayload);
    expect(lines.slice(0, 3)).toEqual([title, '一、基本情况', '南山村党支部现有党员38名。']);
    const version = expectStatus(
      await t.request(secretary, 'GET', `/api/reports/${reportId}/versions/1`),
      200,
    ).json();
    expect(lines.join('\n') + '\n').toBe(version.text);
  });

  it('is refused outside the scope and for a version never submitted, in Chinese', async () => {
    await expectNoChange(t, async () => {
      expectApiError(await t.request(outsider, 'GET', `/api/reports/${reportId}/docx`), 404, 'NOT_FOUND');
      expectApiError(
        await t.request(outsider, 'GET', `/api/reports/${reportId}/docx?version=1`),
        404,
        'NOT_FOUND',
      );
      const missing = expectApiError(
        await t.request(organizer, 'GET', `/api/reports/${reportId}/docx?version=2`),
        404,
        'NOT_FOUND',
      );
      expect(missing.message).toBe('述职报告没有第 2 版');
    });
  });
});
