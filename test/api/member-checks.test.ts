import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/query-rows.js';
import { createTestContext, uploadTestTimeout, type TestContext } from '../helpers/test-app.js';
import { testDriver } from '../helpers/test-db.js';
import {
  day,
  expectJobError,
  expectSucceeded,
  idCard as xlsxIdCard,
  importFile,
  memberRow,
  membersFile,
  orgsFile,
  sheetRows,
} from '../helpers/xlsx-fixtures.js';
import { createOrg, expectApiError, expectNoChange, expectStatus, type OrgRow } from './support/fixtures.js';

/** The example: a man born 1985-03-15. */
const idCard = '510231198503151014';

// Member rules the national system applies, refused alike by create, update, transfer and import.
describe(`member data checks (${testDriver})`, { timeout: uploadTestTimeout }, () => {
  let t: TestContext;
  let town: OrgRow;
  let branch: OrgRow;
  let dissolved: OrgRow;

  beforeAll(async () => {
    t = await createTestContext();
    const county = await createOrg(t, null, '核查县委', 'county');
    town = await createOrg(t, county.id, '核查镇党委', 'committee');
    branch = await createOrg(t, town.id, '核查村党支部', 'branch');
    dissolved = await createOrg(t, town.id, '旧村党支部', 'branch');
    expectStatus(
      await t.request(t.admin, 'PATCH', `/api/orgs/${dissolved.id}`, { dissolvedOn: '2024-03-01' }),
      200,
    );
  });
  afterAll(() => t?.close());
  afterEach(() => t.idle(), uploadTestTimeout);

  const member = (extra: object = {}) => ({
    orgId: branch.id,
    name: '张三',
    gender: 'male',
    birthDate: '1985-03-15',
    idCard,
    stage: 'full',
    probationaryOn: '2010-07-01',
    fullOn: '2011-07-01',
    ...extra,
  });
  type Details = { field: string; message: string }[];

  async function refusedCreate(body: object, code: string) {
    return expectNoChange(t, async () => {
      const error = expectApiError(await t.request(t.admin, 'POST', '/api/members', body), 400, code);
      return { message: error.message, fields: error.details as Details };
    });
  }

  it('refuses a birth date and gender the ID number contradicts, naming each field', async () => {
    const { message, fields } = await refusedCreate(
      member({ gender: 'female', birthDate: '1990-01-01' }),
      'MEMBER_ID_CARD_MISMATCH',
    );
    expect(message).toBe('性别与身份证号码不符（按身份证号码应为男）');
    expect(fields).toEqual([
      { field: 'gender', message },
      { field: 'birthDate', message: '出生日期与身份证号码不符（按身份证号码应为 1985-03-15）' },
    ]);
  });

  it('refuses an applicant under 18 and a member whose dates follow from such an application', async () => {
    const young = { idCard: null, birthDate: '2015-01-01', fullOn: null, stage: 'probationary' };
    const { fields } = await refusedCreate(
      member({ ...young, probationaryOn: '2025-07-01' }),
      'MEMBER_UNDER_AGE',
    );
    expect(fields.map((f) => f.field)).toEqual(['probationaryOn']);
    expect(fields[0]!.message).toContain('年满18周岁');
    await refusedCreate(
      member({ ...young, stage: 'applicant', probationaryOn: null, appliedOn: '2026-01-01' }),
      'MEMBER_UNDER_AGE',
    );
  });

  it('refuses an update that contradicts the stored ID number, or converts after leaving', async () => {
    const created = expectStatus(await t.request(t.admin, 'POST', '/api/members', member()), 201).json();
    await expectNoChange(t, async () => {
      const gender = expectApiError(
        await t.request(t.admin, 'PATCH', `/api/members/${created.id}`, { gender: 'female' }),
        400,
        'MEMBER_ID_CARD_MISMATCH',
      );
      expect(gender.details).toEqual([{ field: 'gender', message: gender.message }]);
      const left = expectApiError(
        await t.request(t.admin, 'PATCH', `/api/members/${created.id}`, {
          leftOn: '2011-02-22',
          leftReason: '去世',
        }),
        400,
        'MEMBER_LEFT_INVALID',
      );
      expect(left.message).toBe('转正日期不能晚于离开日期（2011-02-22）：离开后不再发展或转正');
      expect(left.details).toEqual([{ field: 'fullOn', message: left.message }]);
    });
    // Clearing the number frees the other fields from it.
    expectStatus(
      await t.request(t.admin, 'PATCH', `/api/members/${created.id}`, { idCard: null, gender: 'female' }),
      200,
    );
  });

  it('places nobody in a dissolved org: not by create, not by transfer', async () => {
    const { message, fields } = await refusedCreate(
      member({ orgId: dissolved.id, idCard: null }),
      'MEMBER_ORG_DISSOLVED',
    );
    expect(message).toBe('该组织已于 2024-03-01 撤销，不能再有党员编入');
    expect(fields).toEqual([{ field: 'orgId', message }]);
    const moving = expectStatus(
      await t.request(t.admin, 'POST', '/api/members', member({ name: '李四', idCard: null })),
      201,
    ).json();
    await expectNoChange(t, async () => {
      const error = expectApiError(
        await t.request(t.admin, 'POST', `/api/members/${moving.id}/transfer`, {
          toOrgId: dissolved.id,
          transferredOn: '2025-01-01',
        }),
        400,
        'MEMBER_ORG_DISSOLVED',
      );
      expect(error.details).toEqual([{ field: 'toOrgId', message: error.message }]);
    });
  });

  it('dissolves an org only once its people and sub-orgs are gone, and never on a day to come', async () => {
    const mergingTown = await createOrg(t, town.parentId!, '合并镇党委', 'committee');
    const closing = await createOrg(t, mergingTown.id, '合并村党支部', 'committee');
    const group = await createOrg(t, closing.id, '合并村第一支部', 'branch');
    const staying = expectStatus(
      await t.request(
        t.admin,
        'POST',
        '/api/members',
        member({ orgId: group.id, name: '王五', idCard: null }),
      ),
      201,
    ).json();
    const dissolve = (id: number, dissolvedOn: string) =>
      t.request(t.admin, 'PATCH', `/api/orgs/${id}`, { dissolvedOn });
    await expectNoChange(t, async () => {
      const future = expectApiError(await dissolve(group.id, '2099-01-01'), 400, 'ORG_DATES_INVALID');
      expect(future.details).toEqual([{ field: 'dissolvedOn', message: '撤销日期不能晚于今天' }]);
      const withMember = expectApiError(await dissolve(group.id, '2025-06-30'), 409, 'ORG_HAS_MEMBERS');
      expect(withMember.message).toContain('尚有 1 名党员');
      expect(withMember.details).toEqual([{ field: 'dissolvedOn', message: withMember.message }]);
      const withChild = expectApiError(await dissolve(closing.id, '2025-06-30'), 409, 'ORG_HAS_CHILDREN');
      expect(withChild.message).toContain('尚有 1 个未撤销的下级组织');
    });
    expectStatus(
      await t.request(t.admin, 'POST', `/api/members/${staying.id}/transfer`, {
        toOrgId: branch.id,
        transferredOn: '2025-06-01',
      }),
      200,
    );
    expectStatus(await dissolve(group.id, '2025-06-30'), 200);
    expectStatus(await dissolve(closing.id, '2025-06-30'), 200);
  });

  it('imports nobody into a dissolved org, and its template does not offer one', async () => {
    const template = expectStatus(
      await t.request(t.admin, 'GET', '/api/imports/templates/members'),
      200,
    ).rawPayload;
    const listed = (await sheetRows(template, '组织列表')).slice(1).map((r) => r[1]);
    expect(listed).toContain('核查村党支部');
    expect(listed).not.toContain('旧村党支部');
    const rows = [
      memberRow(dissolved.id, { 姓名: '王五' }),
      memberRow(branch.id, {
        姓名: '赵六',
        人员类别: '入党积极分子',
        入党日期: null,
        转正日期: null,
        申请入党日期: day('2024-03-01'),
        确定为积极分子日期: day('2024-01-01'),
      }),
      memberRow(branch.id, { 姓名: '钱七', 身份证号码: xlsxIdCard('51010419700315001'), 性别: '女' }),
      memberRow(branch.id, { 姓名: '孙八', 出生日期: day('2015-01-01') }),
    ];
    const error = await expectNoChange(t, async () =>
      expectJobError(await importFile(t, t.admin, 'members', await membersFile(rows)), 'IMPORT_ROWS_INVALID'),
    );
    const { errors } = error.details as { errors: { row: number; column: string; message: string }[] };
    expect(errors).toEqual([
      { row: 2, column: '所属组织', message: '该组织已于 2024-03-01 撤销，不能再有党员编入' },
      { row: 3, column: '确定为积极分子日期', message: '确定为积极分子日期不能早于申请入党日期' },
      { row: 4, column: '性别', message: '性别与身份证号码不符（按身份证号码应为男）' },
      {
        row: 5,
        column: '入党日期',
        message: '入党日期时未满18周岁（出生日期 2015-01-01）：申请入党须年满18周岁',
      },
    ]);
  });

  it('exports the 撤销 date with the orgs, so a re-import brings a dissolved org back dissolved', async () => {
    const exported = expectStatus(
      await t.request(t.admin, 'GET', `/api/exports/orgs?orgId=${town.id}`),
      200,
    ).rawPayload;
    const [header, ...rows] = await sheetRows(exported, '组织信息');
    const at = header!.indexOf('撤销日期');
    const old = rows.find((r) => r[1] === '旧村党支部')!;
    expect(old[at]).toEqual(day('2024-03-01'));
    // Into another county: the same rows under another town.
    const otherCounty = await createOrg(t, null, '另县委', 'county');
    await createOrg(t, otherCounty.id, '另镇党委', 'committee');
    const again = rows.map((r) =>
      Object.fromEntries(header!.map((h, i) => [String(h), i === 0 ? '另县委/另镇党委' : (r[i] ?? null)])),
    );
    expectSucceeded(await importFile(t, t.admin, 'orgs', await orgsFile(again)));
    const revived = await queryRows<{ name: string; dissolvedOn: string | null }>(
      t.database.db,
      sql`select name, dissolved_on::text as "dissolvedOn" from orgs
          where parent_id = (select id from orgs where name = '另镇党委') order by name`,
    );
    expect(revived).toEqual([
      { name: '旧村党支部', dissolvedOn: '2024-03-01' },
      { name: '核查村党支部', dissolvedOn: null },
    ]);
  });
});
