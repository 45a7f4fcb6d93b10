import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { maskIdCard } from '../../src/domain/member-base.js';
import { queryRows } from '../../src/db/query-rows.js';
import { systemClock } from '../../src/server/clock.js';
import { systemActor } from '../../src/server/http/actor.js';
import { createImportService } from '../../src/server/modules/imports/service.js';

import { createTestContext, uploadTestTimeout, type Session, type TestContext } from '../helpers/test-app.js';
import { testDriver } from '../helpers/test-db.js';
import {
  day,
  idCard,
  memberHeaders,
  memberRow,
  membersFile,
  orgsFile,
  sheetRows,
  expectJobError,
  expectSucceeded,
  importFile,
  upload,
  workbook,
  type JobJson,
  zipBomb,
  zipOf,
} from '../helpers/xlsx-fixtures.js';
import {
  createOrg,
  expectApiError,
  expectNoChange,
  expectStatus,
  signedInUser,
  type OrgRow,
} from './support/fixtures.js';

interface RowErrorDto {
  row: number;
  column: string;
  message: string;
}

describe(`Excel import and export (${testDriver})`, { timeout: uploadTestTimeout }, () => {
  let t: TestContext;
  let county: OrgRow;
  let townA: OrgRow;
  let townB: OrgRow;
  let branchA: OrgRow;
  let branchB: OrgRow;
  let organizer: Session;
  let viewer: Session;
  let secretary: Session;
  const fullA = '城关镇党委/第一党支部';

  beforeAll(async () => {
    t = await createTestContext();
    county = await createOrg(t, null, '导入县委', 'county');
    townA = await createOrg(t, county.id, '城关镇党委', 'committee');
    townB = await createOrg(t, county.id, '河口镇党委', 'committee');
    // The same branch name in both towns: references must tell them apart.
    branchA = await createOrg(t, townA.id, '第一党支部', 'branch');
    branchB = await createOrg(t, townB.id, '第一党支部', 'branch');
    organizer = await signedInUser(t, 'imporg', 'organizer', townA.id);
    viewer = await signedInUser(t, 'impview', 'viewer', townA.id);
    secretary = await signedInUser(t, 'impsec', 'secretary', branchA.id);
  });
  afterAll(() => t?.close());
  // An upload whose test timed out still writes; it must be done before the next test counts rows.
  afterEach(() => t.idle(), uploadTestTimeout);

  const counts = async () =>
    (
      await queryRows<{ members: number; orgs: number; audit: number }>(
        t.database.db,
        sql`select (select count(*)::int from members) as members, (select count(*)::int from orgs) as orgs,
                   (select count(*)::int from audit_log) as audit`,
      )
    )[0]!;

  /** Uploads a file whose import job must fail with `code`, and checks nothing was written. */
  const jobCount = async () =>
    (await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from jobs`))[0]!.n;

  async function refused(kind: 'members' | 'orgs', file: Buffer, code: string) {
    const before = await counts();
    const error = expectJobError(await importFile(t, organizer, kind, file), code);
    expect(await counts()).toEqual(before);
    return error;
  }

  async function rejectedRows(kind: 'members' | 'orgs', file: Buffer) {
    const error = await expectNoChange(t, () => refused(kind, file, 'IMPORT_ROWS_INVALID'));
    return error.details as { total: number; rows: number; errors: RowErrorDto[] };
  }

  const download = async (session: Session, url: string) => {
    const res = expectStatus(await t.request(session, 'GET', url), 200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    return res;
  };

  describe('templates', () => {
    it('lists the uploader’s orgs by full name, with dropdowns and a guide', async () => {
      const res = await download(organizer, '/api/imports/templates/members');
      expect(res.headers['content-disposition']).toContain(
        `filename*=UTF-8''${encodeURIComponent('党员信息导入模板.xlsx')}`,
      );
      const file = res.rawPayload;
      expect((await sheetRows(file, '党员信息'))[0]).toEqual(
        memberHeaders.map((h) => (['所属组织', '姓名', '性别', '人员类别'].includes(h) ? `${h}*` : h)),
      );
      const orgList = await sheetRows(file, '组织列表');
      expect(orgList.slice(1).map((r) => r[2])).toEqual(['城关镇党委', fullA]);
      expect((await sheetRows(file, '填写说明')).map((r) => r[0])).toContain('身份证号码');
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(file as unknown as ArrayBuffer);
      const validations = (
        book.getWorksheet('党员信息') as unknown as {
          dataValidations: { model: Record<string, { formulae: string[] }> };
        }
      ).dataValidations.model;
      expect(Object.values(validations).map((v) => v.formulae[0])).toContain('"男,女"');
    });

    it('offers the org template to org writers only', async () => {
      const res = await download(organizer, '/api/imports/templates/orgs');
      expect((await sheetRows(res.rawPayload, '组织信息'))[0]![0]).toBe('上级组织*');
      expectApiError(await t.request(secretary, 'GET', '/api/imports/templates/orgs'), 403, 'FORBIDDEN');
    });
  });

  describe('members', () => {
    it('imports a good file in full, with one audit entry per member and the ID number hidden', async () => {
      const before = await counts();
      const file = await membersFile([
        memberRow(fullA, { 身份证号码: idCard('51010419700315001') }),
        memberRow(branchA.id, {
          姓名: '李秀英',
          性别: '女',
          人员类别: '预备党员',
          入党日期: day('2025-07-01'),
          转正日期: null,
          支部职务: null,
          '村（居）委会职务': null,
          出生日期: '1995年5月4日',
        }),
        memberRow(` 城关镇党委 / 第一党支部 `, {
          姓名: '赵积极',
          人员类别: '入党积极分子',
          入党日期: null,
          转正日期: null,
          申请入党日期: day('2023-03-01'),
          确定为积极分子日期: '2023-09-01',
          支部职务: null,
          '村（居）委会职务': null,
        }),
      ]);
      expect(expectSucceeded(await importFile(t, organizer, 'members', file))).toEqual({ imported: 3 });
      const after = await counts();
      expect(after.members - before.members).toBe(3);
      expect(after.audit - before.audit).toBe(3);

      const list = (
        await t.request(organizer, 'GET', `/api/members?orgId=${branchA.id}&pageSize=200`)
      ).json();
      const byName = Object.fromEntries(list.items.map((m: { name: string }) => [m.name, m]));
      expect(byName['王建国']).toMatchObject({
        orgId: branchA.id,
        gender: 'male',
        birthDate: '1970-03-15',
        education: 'seniorHigh',
        idCard: idCard('51010419700315001'),
        stage: 'full',
        probationaryOn: '2000-07-01',
        fullOn: '2001-07-01',
        branchRole: 'secretary',
        villageCommitteeRole: 'director',
        concurrentHead: true,
      });
      expect(byName['李秀英']).toMatchObject({
        gender: 'female',
        stage: 'probationary',
        birthDate: '1995-05-04',
      });
      expect(byName['赵积极']).toMatchObject({ stage: 'activist', activistOn: '2023-09-01' });

      const audit = await queryRows<{ entityId: string; after: Record<string, unknown>; actorName: string }>(
        t.database.db,
        sql`select entity_id as "entityId", after, actor_name as "actorName" from audit_log
            where entity_type = 'member' and action = 'create' and entity_id = ${String(byName['王建国'].id)}`,
      );
      expect(audit).toHaveLength(1);
      expect(audit[0]!.after).toMatchObject({
        name: '王建国',
        stage: 'full',
        fullOn: '2001-07-01',
        idCard: '[已隐藏]',
      });
      expect(audit[0]!.actorName).toBe('用户imporg');
      expect(JSON.stringify(audit)).not.toContain('51010419700315');
      // Scoped readers see the entries through the audit API.
      const visible = (await t.request(organizer, 'GET', '/api/audit?entityType=member&pageSize=200')).json();
      expect(visible.items.map((e: { entityId: string }) => e.entityId)).toContain(
        String(byName['李秀英'].id),
      );
    });

    it('reports every bad row with its row, column and reason in Chinese, and imports nothing', async () => {
      const taken = idCard('51010419700315001'); // imported by the test above
      const twice = idCard('51010419700315003');
      const rows = [
        memberRow(fullA, { 姓名: null }),
        memberRow(fullA, { 性别: '未知' }),
        memberRow(fullA, { 出生日期: '1970-02-30' }),
        memberRow(fullA, { 身份证号码: '510104197003150010' }),
        memberRow(fullA, { 入党日期: null, 转正日期: null }),
        memberRow(fullA, {
          人员类别: '发展对象',
          入党日期: null,
          转正日期: null,
          确定为积极分子日期: day('2024-01-01'),
          确定为发展对象日期: day('2024-06-01'),
        }),
        memberRow('河口镇党委/第一党支部'),
        memberRow(branchB.id),
        memberRow('第一党支部'),
        memberRow(fullA, { 身份证号码: twice }),
        memberRow(fullA, { 身份证号码: twice }),
        memberRow(fullA, { 身份证号码: taken }),
        memberRow(fullA, { 乡镇领导班子成员: '也许' }),
        memberRow(fullA, { 联系电话: '12345' }),
        memberRow(fullA, { 出生日期: day('2090-01-01') }),
        memberRow(fullA, { 转正日期: day('2000-12-01') }),
        memberRow(fullA),
      ];
      const details = await rejectedRows('members', await membersFile(rows));
      expect(details.rows).toBe(rows.length);
      expect(details.total).toBe(details.errors.length);
      const expected: [number, string, RegExp][] = [
        [2, '姓名', /必填/],
        [3, '性别', /“未知”不在可选值中/],
        [4, '出生日期', /不是有效日期/],
        [5, '身份证号码', /校验位不正确/],
        [6, '人员类别', /正式党员须填写入党日期或转正日期/],
        [7, '确定为发展对象日期', /一年以上培养/],
        [8, '所属组织', /不在您的管理范围内/],
        [9, '所属组织', /不在您的管理范围内/],
        [10, '所属组织', /找不到该组织/],
        [12, '身份证号码', /与第 11 行的身份证号码重复/],
        [13, '身份证号码', /^该身份证号码已由第一党支部的党员王建国登记$/],
        [14, '乡镇领导班子成员', /“是”或“否”/],
        [15, '联系电话', /手机号/],
        [16, '出生日期', /不能晚于今天/],
        [17, '转正日期', /转正日期不能早于入党满一年/],
      ];
      for (const [row, column, message] of expected)
        expect(
          details.errors.some((e) => e.row === row && e.column === column && message.test(e.message)),
          `row ${row} ${column}: ${JSON.stringify(details.errors.filter((e) => e.row === row))}`,
        ).toBe(true);
      // Row 11 (first of the duplicate pair) and row 18 are fine.
      expect(details.errors.filter((e) => e.row === 11 || e.row === 18)).toEqual([]);
      expect([...details.errors].sort((a, b) => a.row - b.row)).toEqual(details.errors);
    });

    it('reports text cells holding a stored U+FFFD, direction or zero-width characters as row errors', async () => {
      const rows = [
        memberRow(fullA, { 姓名: '张\ufffd三' }),
        memberRow(fullA, { 职业: '农\u202e民' }),
        memberRow(fullA, { 民族: '汉\u200b族' }),
        memberRow(fullA),
      ];
      const details = await rejectedRows('members', await membersFile(rows));
      expect(details.errors.map((e) => [e.row, e.column])).toEqual([
        [2, '姓名'],
        [3, '职业'],
        [4, '民族'],
      ]);
      expect(details.errors[0]!.message).toMatch(/U\+FFFD/);
      expect(details.errors[1]!.message).toMatch(/U\+202E/);
      expect(details.errors[2]!.message).toMatch(/U\+200B/);
    });

    it('caps the error list sent back, and reports the total', async () => {
      const rows = Array.from({ length: 1200 }, () => memberRow(fullA, { 性别: '?', 姓名: null }));
      const details = await rejectedRows('members', await membersFile(rows));
      expect(details.total).toBe(2400);
      expect(details.errors).toHaveLength(1000);
    });

    it('counts numbers registered outside the scope without naming rows, logs each for the holder, and stops probing', async () => {
      const elsewhere = Array.from({ length: 7 }, (_, i) => idCard(`51010419650101${301 + 2 * i}`));
      const holders: string[] = [];
      for (const [i, number] of elsewhere.entries()) {
        const body = {
          orgId: branchB.id,
          name: `外镇党员${i}`,
          gender: 'male',
          stage: 'full',
          fullOn: '2001-07-01',
        };
        const res = await t.request(t.admin, 'POST', '/api/members', { ...body, idCard: number });
        holders.push(String(expectStatus(res, 201).json().id));
      }
      const prober = await signedInUser(t, 'impprober', 'secretary', branchA.id);
      const fresh = (n: number) =>
        Array.from({ length: n }, (_, i) =>
          memberRow(branchA.id, { 姓名: `新党员${i}`, 身份证号码: idCard(`51010419700315${101 + 2 * i}`) }),
        );
      const born1965 = day('1965-01-01');
      const rows = [...fresh(30), memberRow(branchA.id, { 身份证号码: elsewhere[0]!, 出生日期: born1965 })];
      rows.splice(
        7,
        0,
        memberRow(branchA.id, { 身份证号码: elsewhere[1]!.toLowerCase(), 出生日期: born1965 }),
      );
      const before = await counts();
      const error = expectJobError(
        await importFile(t, prober, 'members', await membersFile(rows)),
        'IMPORT_ROWS_INVALID',
      );
      expect(error.message).toContain('有 2 个身份证号码已在您管理范围以外登记（不列出所在行）');
      expect(error.details).toEqual({ total: 0, rows: 32, errors: [], registeredElsewhere: 2 });
      expect(JSON.stringify(error)).not.toMatch(/外镇|河口镇|6501013/);
      expect((await counts()).members).toBe(before.members);

      // The holders' organizer reads who probed which of their members; town A's does not.
      const holderOrganizer = await signedInUser(t, 'impholder', 'organizer', townB.id);
      const probes = async () =>
        (
          expectStatus(await t.request(holderOrganizer, 'GET', '/api/audit?action=idCard.probe'), 200).json()
            .items as { entityId: string; actorId: number; orgId: number; after: object }[]
        ).sort((a, b) => Number(a.entityId) - Number(b.entityId));
      expect(await probes()).toEqual([
        expect.objectContaining({
          entityId: holders[0],
          actorId: prober.userId,
          orgId: branchB.id,
          after: { via: 'import' },
        }),
        expect.objectContaining({
          entityId: holders[1],
          actorId: prober.userId,
          orgId: branchB.id,
          after: { via: 'import' },
        }),
      ]);
      const townA = await t.request(organizer, 'GET', '/api/audit?action=idCard.probe');
      expect(expectStatus(townA, 200).json().items).toEqual([]);

      // Three single tries reach the limit of five; after it every try with a number is refused alike.
      const single = (idCard?: string) =>
        t.request(prober, 'POST', '/api/members', {
          orgId: branchA.id,
          name: '单个录入',
          gender: 'male',
          stage: 'full',
          fullOn: '2001-07-01',
          ...(idCard ? { idCard } : {}),
        });
      for (const number of elsewhere.slice(2, 5))
        expectApiError(await single(number), 409, 'MEMBER_ID_CARD_TAKEN_ELSEWHERE');
      await expectNoChange(t, async () => {
        for (const number of [elsewhere[5]!, idCard('51010419650101999')]) {
          const refused = expectApiError(await single(number), 429, 'ID_CARD_PROBE_LIMIT');
          expect(refused.message).toMatch(/24 小时内.*超过 5 次/);
        }
        expectJobError(
          await importFile(t, prober, 'members', await membersFile(fresh(3))),
          'ID_CARD_PROBE_LIMIT',
        );
      });
      expect((await probes()).map((p) => p.entityId)).toEqual(holders.slice(0, 5));
      expectStatus(await single(), 201);
    });

    it('refuses wrong or missing headers, a missing sheet and an empty sheet', async () => {
      const noName = memberHeaders.filter((h) => h !== '姓名');
      const missing = await refused(
        'members',
        await membersFile([memberRow(fullA)], noName),
        'IMPORT_HEADERS_INVALID',
      );
      expect(missing.message).toContain('姓名');
      const extra = await refused(
        'members',
        await membersFile([memberRow(fullA)], [...memberHeaders, '备注']),
        'IMPORT_HEADERS_INVALID',
      );
      expect(extra.message).toContain('备注');
      await refused(
        'members',
        await workbook('Sheet1', memberHeaders, [memberRow(fullA)]),
        'IMPORT_SHEET_MISSING',
      );
      await refused('members', await membersFile([]), 'IMPORT_NO_ROWS');
    });

    it('refuses a file with more rows than the limit', async () => {
      const service = createImportService({ database: t.database, clock: systemClock, maxRows: 2 });
      const before = await counts();
      const file = await membersFile([memberRow(fullA), memberRow(fullA), memberRow(fullA)]);
      await expect(service.importMembers(systemActor(), file, () => undefined)).rejects.toMatchObject({
        statusCode: 413,
        code: 'IMPORT_TOO_MANY_ROWS',
      });
      expect(await counts()).toEqual(before);
    });
  });

  describe('broken files', () => {
    it('refuses a truncated workbook', async () => {
      const good = await membersFile([memberRow(fullA)]);
      await refused('members', good.subarray(0, Math.floor(good.length / 2)), 'IMPORT_FILE_DAMAGED');
      await refused('members', good.subarray(0, good.length - 10), 'IMPORT_FILE_DAMAGED');
    });

    it('refuses files that are not xlsx, whatever their declared type', async () => {
      // Not even a zip archive: refused at once, before any job starts.
      const jobsBefore = await jobCount();
      await expectNoChange(t, async () => {
        const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF');
        expectApiError(await upload(t, organizer, 'members', pdf), 400, 'IMPORT_NOT_XLSX');
        const csv = Buffer.from('姓名,性别\n张三,男\n');
        expectApiError(await upload(t, organizer, 'orgs', csv), 400, 'IMPORT_NOT_XLSX');
      });
      expect(await jobCount()).toBe(jobsBefore);
      // A zip archive that is no workbook is found out by the job.
      const plainZip = zipOf([{ name: 'a.txt', method: 0, data: Buffer.from('hi'), declaredSize: 2 }]);
      await refused('members', plainZip, 'IMPORT_NOT_XLSX');
      const json = await t.app.inject({
        method: 'POST',
        url: '/api/imports/members',
        headers: {
          cookie: organizer.cookie,
          'x-csrf-token': organizer.csrfToken,
          'content-type': 'application/json',
        },
        payload: '{"rows":[]}',
      });
      expectApiError(json, 400, 'IMPORT_NOT_XLSX');
      const empty = await t.app.inject({
        method: 'POST',
        url: '/api/imports/members',
        headers: { cookie: organizer.cookie, 'x-csrf-token': organizer.csrfToken },
      });
      expectApiError(empty, 400);
    });

    it('refuses zip bombs, with honest and with lying sizes, before the sheet is read', async () => {
      const honest = zipBomb(2047);
      expect(honest.length).toBeLessThan(8 * 1024 * 1024);
      await refused('members', honest, 'IMPORT_FILE_SUSPICIOUS');
      // Declares 64 KiB, inflates to 2 GiB: stopped once past the declared size.
      await refused('members', zipBomb(2047, 64 * 1024), 'IMPORT_FILE_SUSPICIOUS');
      // Declares a plausible 300 MiB (ratio under the limit), inflates to 2 GiB.
      await refused('orgs', zipBomb(2047, 300 * 1024 * 1024), 'IMPORT_FILE_SUSPICIOUS');
    });

    it('refuses a body over 50 MiB with 413', async () => {
      const res = await upload(t, organizer, 'members', Buffer.alloc(50 * 1024 * 1024 + 1));
      expectApiError(res, 413, 'BODY_TOO_LARGE');
    });
  });

  describe('orgs', () => {
    it('imports new orgs, parents before children, named by full name or id', async () => {
      const before = await counts();
      const file = await orgsFile([
        {
          上级组织: '城关镇党委',
          组织名称: '机关党总支',
          组织层级: '党总支',
          组织领域: '机关',
          书记: '周书记',
          成立日期: day('2010-05-01'),
        },
        {
          上级组织: '城关镇党委/机关党总支',
          组织名称: '财政所党支部',
          组织层级: '党支部',
          组织领域: '机关',
          排序号: 2,
        },
        {
          上级组织: townA.id,
          组织名称: '东村党支部',
          组织层级: '党支部',
          组织领域: '农村',
          本届任期开始日期: '2021-01-01',
          本届任期届满日期: '2026/1/1',
          分类: '后进（软弱涣散）',
          有党群服务中心: '是',
        },
      ]);
      expect(expectSucceeded(await importFile(t, organizer, 'orgs', file))).toEqual({ imported: 3 });
      const after = await counts();
      expect(after.orgs - before.orgs).toBe(3);
      expect(after.audit - before.audit).toBe(3);
      const children = (await t.request(organizer, 'GET', `/api/orgs?parentId=${townA.id}`)).json().items;
      const general = children.find((o: { name: string }) => o.name === '机关党总支');
      expect(general).toMatchObject({
        level: 'generalBranch',
        domain: 'government',
        secretaryName: '周书记',
        foundedOn: '2010-05-01',
      });
      expect(children.find((o: { name: string }) => o.name === '东村党支部')).toMatchObject({
        classification: 'weak',
        hasServiceCenter: true,
        termEndsOn: '2026-01-01',
      });
      const grand = (await t.request(organizer, 'GET', `/api/orgs?parentId=${general.id}`)).json().items;
      expect(grand).toMatchObject([
        { name: '财政所党支部', sortOrder: 2, path: `${general.path}.${grand[0].id}` },
      ]);
      const audit = await queryRows<{ after: Record<string, unknown> }>(
        t.database.db,
        sql`select after from audit_log where entity_type = 'org' and entity_id = ${String(general.id)}`,
      );
      expect(audit[0]!.after).toMatchObject({
        name: '机关党总支',
        level: 'generalBranch',
        parentId: townA.id,
      });
    });

    it('reports bad org rows and imports none of them', async () => {
      const details = await rejectedRows(
        'orgs',
        await orgsFile([
          { 上级组织: '城关镇党委', 组织名称: '新一支部', 组织层级: '党支部' },
          { 上级组织: '城关镇党委/新一支部', 组织名称: '下级支部', 组织层级: '党支部' },
          { 上级组织: '城关镇党委', 组织名称: '第一党支部', 组织层级: '党支部' },
          { 上级组织: '河口镇党委', 组织名称: '越权支部', 组织层级: '党支部' },
          { 上级组织: '城关镇党委', 组织名称: '新二支部', 组织层级: '支部' },
          {
            上级组织: '城关镇党委',
            组织名称: '新三支部',
            组织层级: '党支部',
            成立日期: day('2020-01-01'),
            本届任期开始日期: day('2019-01-01'),
          },
          { 上级组织: '城关镇党委', 组织名称: '新一支部', 组织层级: '党支部' },
        ]),
      );
      const expected: [number, string, RegExp][] = [
        [3, '上级组织', /党支部是基层单位/],
        [4, '组织名称', /已有名为“第一党支部”/],
        [5, '上级组织', /不在您的管理范围内/],
        [6, '组织层级', /不在可选值中/],
        [7, '本届任期开始日期', /任期开始日期不能早于成立日期/],
        [8, '组织名称', /已有名为“新一支部”/],
      ];
      for (const [row, column, message] of expected)
        expect(
          details.errors.some((e) => e.row === row && e.column === column && message.test(e.message)),
          `row ${row}: ${JSON.stringify(details.errors)}`,
        ).toBe(true);
    });
  });

  describe('parsing in a worker', () => {
    /** A file of `count` good rows and a last bad one: read in full, then refused, nothing written. */
    const largeFile = (count: number) =>
      membersFile([
        ...Array.from({ length: count }, () => memberRow(fullA)),
        memberRow(fullA, { 性别: '?' }),
      ]);

    it('answers progress polls while a large file is being read', async () => {
      const file = await largeFile(15_000);
      // As the page's own reads leave it: the session is in memory, so a poll needs no database
      // while the import's transaction holds PGlite's one connection.
      expectStatus(await t.request(organizer, 'GET', '/api/auth/me'), 200);
      const before = await counts();
      const { jobId } = expectStatus(await upload(t, organizer, 'members', file), 202).json();
      const seen: JobJson[] = [];
      for (;;) {
        const job = expectStatus(await t.request(organizer, 'GET', `/api/jobs/${jobId}`), 200).json();
        if (job.state !== 'running') {
          expect(expectJobError(job, 'IMPORT_ROWS_INVALID').details).toMatchObject({ total: 1 });
          break;
        }
        seen.push(job);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      // Batches were written before the wrong last row was read; none of them stays.
      expect(await counts()).toEqual(before);
      // The count grew batch by batch while polls kept being answered, with an estimated total.
      const reading = seen.filter((j) => j.progress.phase === 'reading' && j.progress.done > 0);
      expect(reading.some((j) => j.progress.done < 15_001)).toBe(true);
      for (const { progress } of reading) expect(progress.total).toBeGreaterThanOrEqual(progress.done);
    });

    it('lets an upload nobody awaits finish before the next test (TestContext.idle)', async () => {
      const before = await counts();
      const file = await membersFile([memberRow(fullA, { 姓名: '无人等待' })]);
      void upload(t, organizer, 'members', file);
      await t.idle();
      expect((await counts()).members).toBe(before.members + 1);
      await t.database.db.execute(sql`delete from members where name = '无人等待'`);
    });

    it('refuses a file whose reading outgrows the worker’s memory, and the server goes on', async () => {
      const service = createImportService({ database: t.database, clock: systemClock, parseHeapMb: 16 });
      const before = await counts();
      // Well past the limit: a CI run read 15,000 rows within 16 MB (the heap's peak varies with
      // when the collector runs), and the test then met the wrong last row instead.
      await expect(
        service.importMembers(systemActor(), await largeFile(40_000), () => undefined),
      ).rejects.toMatchObject({ statusCode: 413, code: 'IMPORT_FILE_TOO_COMPLEX' });
      expect(await counts()).toEqual(before);
      const file = await membersFile([memberRow(fullA, { 姓名: '内存之后' })]);
      expectSucceeded(await importFile(t, organizer, 'members', file));
    });
  });

  describe('import jobs', () => {
    it('are read by the uploader and by users whose scope covers the uploader’s, nobody else', async () => {
      const file = await membersFile([memberRow(fullA, { 姓名: '进度测试' })]);
      const job = await importFile(t, organizer, 'members', file);
      expect(job).toMatchObject({
        kind: 'members.import',
        state: 'succeeded',
        progress: { phase: 'writing', done: 1, total: 1 },
        result: { imported: 1 },
        error: null,
      });
      // The scope root of the uploader is the job's org: a viewer of the same town reads it too.
      for (const above of [t.admin, viewer])
        expectStatus(await t.request(above, 'GET', `/api/jobs/${job.id}`), 200);
      const otherTown = await signedInUser(t, 'impjobb', 'viewer', townB.id);
      for (const other of [secretary, otherTown])
        expectApiError(await t.request(other, 'GET', `/api/jobs/${job.id}`), 404, 'NOT_FOUND');
      const mine = expectStatus(await t.request(organizer, 'GET', '/api/jobs'), 200).json().items;
      expect(mine[0]).toMatchObject({ id: job.id, state: 'succeeded' });
      expect(expectStatus(await t.request(viewer, 'GET', '/api/jobs'), 200).json().items).toEqual([]);

      const failed = await importFile(
        t,
        organizer,
        'members',
        await membersFile([memberRow(fullA, { 性别: '?' })]),
      );
      expect(expectJobError(failed, 'IMPORT_ROWS_INVALID').details).toMatchObject({ total: 1, rows: 1 });
      expectApiError(await t.request(organizer, 'GET', `/api/jobs/${crypto.randomUUID()}`), 404, 'NOT_FOUND');
    });
  });

  describe('exports', () => {
    it('exports the roster as the API lists it, ID numbers masked for readers without the right', async () => {
      const list = (await t.request(organizer, 'GET', `/api/members?orgId=${townA.id}&pageSize=200`)).json()
        .items as {
        name: string;
        orgName: string;
        idCard: string | null;
        stage: string;
      }[];
      expect(list.length).toBeGreaterThan(2);
      for (const [session, masked] of [
        [organizer, false],
        [viewer, true],
      ] as const) {
        const res = await download(session, `/api/exports/members?orgId=${townA.id}`);
        expect(res.headers['content-disposition']).toContain(encodeURIComponent('城关镇党委党员名册.xlsx'));
        const rows = await sheetRows(res.rawPayload, '党员信息');
        expect(rows[0]).toEqual(memberHeaders);
        const exported = rows
          .slice(1)
          .map((r) => ({ org: r[0], name: r[1], idCard: r[6] ?? null, stage: r[9] }));
        expect(exported.map((r) => r.name).sort()).toEqual(list.map((m) => m.name).sort());
        const wang = exported.find((r) => r.name === '王建国')!;
        expect(wang).toMatchObject({ org: fullA, stage: '正式党员' });
        const number = idCard('51010419700315001');
        expect(wang.idCard).toBe(masked ? maskIdCard(number) : number);
      }
      expectApiError(
        await t.request(organizer, 'GET', `/api/exports/members?orgId=${townB.id}`),
        404,
        'NOT_FOUND',
      );
    });

    it('exports a roster that the import reads back (and refuses as already registered)', async () => {
      const res = await download(organizer, `/api/exports/members?orgId=${branchA.id}`);
      const details = await rejectedRows('members', res.rawPayload);
      expect(details.errors.every((e) => e.column === '身份证号码')).toBe(true);
      expect(details.errors.length).toBeGreaterThan(0);
    });

    it('exports the org roster and the statistics of an org', async () => {
      const orgsRes = await download(organizer, `/api/exports/orgs?orgId=${townA.id}`);
      const orgRows = await sheetRows(orgsRes.rawPayload, '组织信息');
      expect(orgRows.slice(1).map((r) => `${r[0]}/${r[1]}`)).toContain('城关镇党委/机关党总支/财政所党支部');
      const stats = await download(organizer, `/api/exports/statistics?orgId=${townA.id}&asOf=2025-12-31`);
      expect(stats.headers['content-disposition']).toContain(
        encodeURIComponent('城关镇党委基本情况统计（2025-12-31）.xlsx'),
      );
      const basics = (
        await t.request(organizer, 'GET', `/api/statistics/basics?orgId=${townA.id}&asOf=2025-12-31`)
      ).json();
      const rows = await sheetRows(stats.rawPayload, '基本情况');
      expect(rows.slice(1, 1 + basics.rows.length).map((r) => r.slice(0, 2))).toEqual(
        basics.rows.map((r: { label: string; amount: number }) => [r.label, r.amount]),
      );
      expect(rows.at(-1)![0]).toBe(basics.text);
      expectApiError(
        await t.request(organizer, 'GET', `/api/exports/statistics?orgId=${county.id}`),
        404,
        'NOT_FOUND',
      );
    });
  });
});
