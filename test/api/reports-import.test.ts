import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportReportResult } from '../../src/contract/reports.js';
import { queryRows } from '../../src/db/query-rows.js';
import type { ReportBody } from '../../src/domain/reports.js';
import { manualClock } from '../../src/server/clock.js';
import { wordFile } from '../helpers/file-fixtures.js';
import { readSeed } from '../helpers/seeds.js';
import { createTestContext, RawBody, type Session, type TestContext } from '../helpers/test-app.js';
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

/** `text` as Notepad on Chinese Windows saves it: GB18030 (GBK) bytes, two a character. */
function gb18030(text: string): Buffer {
  const pairs: number[] = [];
  for (let lead = 0x81; lead <= 0xfe; lead++)
    for (let trail = 0x40; trail <= 0xfe; trail++) if (trail !== 0x7f) pairs.push(lead, trail);
  const decoded = [...new TextDecoder('gb18030').decode(Buffer.from(pairs))];
  const codes = new Map(decoded.map((char, i) => [char, [pairs[2 * i]!, pairs[2 * i + 1]!]]));
  return Buffer.from(
    [...text].flatMap((char) => {
      if (char.charCodeAt(0) < 0x80) return [char.charCodeAt(0)];
      const code = codes.get(char);
      if (!code) throw new Error(`no two-byte GB18030 code for ${char}`);
      return code;
    }),
  );
}

describe(`report file import (${testDriver})`, () => {
  let t: TestContext;
  let secretary: Session;
  let organizer: Session;
  let outsider: Session;
  let reportId: number;
  let initial: ReportBody;
  const seed = readSeed('004_');

  beforeAll(async () => {
    t = await createTestContext({ clock: manualClock('2027-01-10T08:00:00Z') });
    const county = await createOrg(t, null, '导入县委', 'county');
    const town = await createOrg(t, county.id, '导入镇党委', 'committee');
    const other = await createOrg(t, county.id, '他镇党委', 'committee');
    const branch = await villageBranch(t, town.id, '南坪村党支部');
    organizer = await signedInUser(t, 'imtown', 'organizer', town.id);
    outsider = await signedInUser(t, 'imother', 'organizer', other.id);
    secretary = await signedInUser(t, 'imsouth', 'secretary', branch.id);
    const cycleId = await annualCycle(t, organizer, town.id);
    const created = expectStatus(
      await t.request(secretary, 'POST', '/api/reports', { cycleId, orgId: branch.id }),
      201,
    ).json();
    reportId = created.id;
    initial = created.body;
  });
  afterAll(() => t?.close());

  const upload = (who: Session, fileName: string, bytes: Buffer) =>
    t.request(
      who,
      'POST',
      `/api/reports/${reportId}/import?fileName=${encodeURIComponent(fileName)}`,
      new RawBody(bytes, 'application/octet-stream'),
    );

  /** Seed 004 placed: its three parts, four problems with causes, four plans linked as the analyzer links them. */
  const expectSeed004 = (result: ImportReportResult) => {
    expect(result.body.title).toBe(seed.split('\n')[0]);
    expect(result.body.sections.filter((s) => s.text).map((s) => s.kind)).toEqual([
      'highlights',
      'problems',
      'plans',
    ]);
    expect(result.body.problems).toHaveLength(4);
    for (const problem of result.body.problems) {
      expect(problem.text).not.toBe('');
      expect(problem.cause).not.toBe('');
    }
    expect(result.body.plans.map((p) => p.answers)).toEqual([[0, 2, 3], [1], [2], []]);
    expect(result.unplaced).toEqual([
      { text: seed.split('\n')[1], reason: '未识别的部分：标题与第一部分之间的文字' },
    ]);
  };

  it('reads a .txt file, UTF-8 or GB18030, into the template without saving or auditing it', async () => {
    const utf8 = await expectNoChange(t, async () =>
      expectStatus(await upload(secretary, '述职报告.txt', Buffer.from(seed, 'utf8')), 200).json(),
    );
    expectSeed004(utf8);
    const gbk = expectStatus(await upload(secretary, '述职报告.TXT', gb18030(seed)), 200).json();
    expect(gbk).toEqual(utf8);
    const report = expectStatus(await t.request(secretary, 'GET', `/api/reports/${reportId}`), 200).json();
    expect(report.body).toEqual(initial);
    const audited = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from audit_log where entity_type = 'report'`,
    );
    expect(audited[0]!.n).toBe(1);
  });

  it('reads a Word file like its text; an organizer over the org may import too', async () => {
    const fromWord = expectStatus(await upload(organizer, '述职报告.docx', await wordFile(seed)), 200).json();
    expectSeed004(fromWord);
    const fromText = expectStatus(await upload(secretary, 'a.txt', Buffer.from(seed, 'utf8')), 200).json();
    expect(fromWord).toEqual(fromText);
  });

  it('refuses a file it cannot read, and no file, in Chinese', async () => {
    await expectNoChange(t, async () => {
      const pdf = expectApiError(await upload(secretary, '述职报告.pdf', Buffer.from('%PDF-1.7')), 400);
      expect(pdf).toMatchObject({
        code: 'REPORT_FILE_INVALID',
        message: '不支持的文件类型“.pdf”：请使用 .docx 或 .txt',
      });
      const broken = expectApiError(
        await upload(secretary, '述职报告.docx', Buffer.from(seed, 'utf8')),
        400,
        'REPORT_FILE_INVALID',
      );
      expect(broken.message).toBe('无法读取 Word 文件“述职报告.docx”：文件已损坏或不是 .docx 格式');
      expectApiError(await upload(secretary, 'blank.txt', Buffer.from(' \n\n')), 400, 'REPORT_FILE_INVALID');
      expectApiError(await upload(secretary, 'a.txt', Buffer.alloc(0)), 400, 'IMPORT_FILE_MISSING');
      expectApiError(
        await t.request(
          secretary,
          'POST',
          `/api/reports/${reportId}/import`,
          new RawBody(Buffer.from('x'), 'text/plain'),
        ),
        400,
        'VALIDATION_ERROR',
      );
    });
  });

  it('is not found for whom the report is out of scope, and refused like a save once submitted', async () => {
    await expectNoChange(t, async () => {
      expectApiError(await upload(outsider, 'a.txt', Buffer.from(seed, 'utf8')), 404, 'NOT_FOUND');
    });
    const draft = expectStatus(await t.request(secretary, 'GET', `/api/reports/${reportId}`), 200).json();
    const complete = { ...draft.body };
    complete.sections = complete.sections.map((s: ReportBody['sections'][number]) => ({
      ...s,
      text: s.kind === 'lastYearRectification' ? '' : s.text || '已填写。',
    }));
    complete.problems = [{ text: '记录不全。', cause: '学习不深。' }];
    complete.plans = [{ text: '逐月检查记录。', answers: [0] }];
    expectStatus(
      await t.request(secretary, 'PUT', `/api/reports/${reportId}`, {
        body: complete,
        updatedAt: draft.updatedAt,
      }),
      200,
    );
    expectStatus(await t.request(secretary, 'POST', `/api/reports/${reportId}/submit`), 200);
    await expectNoChange(t, async () => {
      const refused = expectApiError(await upload(secretary, 'a.txt', Buffer.from(seed, 'utf8')), 409);
      const save = expectApiError(
        await t.request(secretary, 'PUT', `/api/reports/${reportId}`, {
          body: complete,
          updatedAt: new Date().toISOString(),
        }),
        409,
      );
      expect([refused.code, refused.message]).toEqual([save.code, save.message]);
      expect(refused).toMatchObject({ code: 'REPORT_STATUS', message: '报告已提交，等待审查，暂不能修改' });
    });
  });
});
