import { unzipSync, strFromU8 } from 'fflate';
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportBody } from '../../src/domain/reports.js';
import { createTestContext, type Session, type TestContext } from '../helpers/test-app.js';
import { testDriver } from '../helpers/test-db.js';
import { expectSucceeded, settledJob } from '../helpers/xlsx-fixtures.js';
import {
  createOrg,
  expectApiError,
  expectNoChange,
  expectStatus,
  signedInUser,
  villageBranch,
  annualCycle,
} from './support/fixtures.js';

/** The name of a report as the export writes it: org, then the title. */
const title = (org: string) => `${org}书记2026年度抓基层党建工作述职报告`;

describe(`reports of a cycle as one .zip (${testDriver})`, () => {
  let t: TestContext;
  let organizer: Session;
  let outsider: Session;
  let cycleId: number;
  let emptyCycleId: number;

  /** Starts a report of `orgId` written by `secretary`, filled enough to be submitted. */
  async function writeReport(secretary: Session, orgId: number, submit: boolean) {
    const created = expectStatus(
      await t.request(secretary, 'POST', '/api/reports', { cycleId, orgId }),
      201,
    ).json() as { id: number; body: ReportBody; updatedAt: string };
    const body = structuredClone(created.body);
    body.sections[0]!.text = '本支部现有党员20名。';
    body.sections[1]!.text = '坚持每月开展主题党日活动。';
    body.problems = [{ text: '组织生活记录不全', cause: '支部书记对制度学习不深' }];
    body.plans = [{ text: '逐月检查组织生活记录', answers: [0] }];
    expectStatus(
      await t.request(secretary, 'PUT', `/api/reports/${created.id}`, { body, updatedAt: created.updatedAt }),
      200,
    );
    if (submit) expectStatus(await t.request(secretary, 'POST', `/api/reports/${created.id}/submit`), 200);
  }

  beforeAll(async () => {
    t = await createTestContext();
    const county = await createOrg(t, null, '打包县委', 'county');
    const town = await createOrg(t, county.id, '打包镇党委', 'committee');
    const quiet = await createOrg(t, county.id, '静镇党委', 'committee');
    const other = await createOrg(t, county.id, '邻镇党委', 'committee');
    const east = await villageBranch(t, town.id, '东山村党支部');
    const west = await villageBranch(t, town.id, '西山村党支部');
    await villageBranch(t, town.id, '北山村党支部');
    await villageBranch(t, quiet.id, '静村党支部');
    organizer = await signedInUser(t, 'zipTown', 'organizer', town.id);
    const quietOrganizer = await signedInUser(t, 'zipQuiet', 'organizer', quiet.id);
    outsider = await signedInUser(t, 'zipOther', 'organizer', other.id);
    const eastSecretary = await signedInUser(t, 'zipEast', 'secretary', east.id);
    const westSecretary = await signedInUser(t, 'zipWest', 'secretary', west.id);
    cycleId = await annualCycle(t, organizer, town.id);
    emptyCycleId = await annualCycle(t, quietOrganizer, quiet.id);
    await writeReport(eastSecretary, east.id, true);
    await writeReport(westSecretary, west.id, false);
  });
  afterAll(() => t?.close());

  it('packs each report as Word and a list of every reporting org, names in Chinese', async () => {
    const started = expectStatus(await t.request(organizer, 'POST', '/api/reports/export', { cycleId }), 202);
    const job = await settledJob(t, organizer, started.json().jobId);
    expect(job).toMatchObject({ kind: 'reports.export', progress: { phase: 'saving', done: 2, total: 2 } });
    const result = expectSucceeded(job) as { fileId: number; fileName: string; reports: number };
    expect(result).toMatchObject({
      fileName: '打包镇党委-2026年度党组织书记抓基层党建工作述职评议考核-述职报告.zip',
      reports: 2,
    });

    const download = expectStatus(await t.request(organizer, 'GET', `/api/files/${result.fileId}`), 200);
    expect(download.headers['content-type']).toBe('application/zip');
    expect(download.headers['content-disposition']).toContain(encodeURIComponent(result.fileName));
    // fflate marks non-ASCII names as UTF-8, which is how it reads them back as Chinese.
    const entries = unzipSync(new Uint8Array(download.rawPayload));
    const submitted = `东山村党支部-${title('东山村党支部')}.docx`;
    const draft = `西山村党支部-${title('西山村党支部')}（草稿）.docx`;
    expect(Object.keys(entries).sort()).toEqual([submitted, draft, '清单.txt'].sort());
    for (const [name, org] of [
      [submitted, '东山村党支部'],
      [draft, '西山村党支部'],
    ] as const) {
      const file = Buffer.from(entries[name]!);
      expect(file.subarray(0, 2).toString('latin1')).toBe('PK');
      const { value } = await mammoth.extractRawText({ buffer: file });
      expect(value.split('\n').find(Boolean)).toBe(title(org));
    }

    const list = entries['清单.txt']!;
    expect([...list.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = strFromU8(list).slice(1).split('\r\n');
    expect(lines).toContain(`1\t东山村党支部\t已提交\t1\t否\t${submitted}`);
    expect(lines).toContain(`2\t西山村党支部\t草稿\t0\t否\t${draft}`);
    expect(lines).toContain('3\t北山村党支部\t未撰写\t0\t否\t—');

    // Stored under the organizer's org: a neighbour cannot download it.
    expectApiError(await t.request(outsider, 'GET', `/api/files/${result.fileId}`), 404, 'NOT_FOUND');
  });

  it('refuses a cycle out of scope (404) and one with no report yet (400), starting no job', async () => {
    await expectNoChange(t, async () => {
      expectApiError(await t.request(outsider, 'POST', '/api/reports/export', { cycleId }), 404, 'NOT_FOUND');
      const none = expectApiError(
        await t.request(t.admin, 'POST', '/api/reports/export', { cycleId: emptyCycleId }),
        400,
        'REPORTS_NONE',
      );
      expect(none.message).toBe('本考核周期没有可导出的述职报告');
    });
  });
});
