import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/query-rows.js';
import { manualClock } from '../../src/server/clock.js';
import { png, uploadFile } from '../helpers/file-fixtures.js';
import { createTestContext, uploadTestTimeout, type Session, type TestContext } from '../helpers/test-app.js';
import { testDriver } from '../helpers/test-db.js';
import {
  day as cellDay,
  expectJobError,
  expectSucceeded,
  importFile,
  ledgerFile,
  sheetRows,
} from '../helpers/xlsx-fixtures.js';
import {
  createOrg,
  expectApiError,
  expectNoChange,
  expectStatus,
  signedInUser,
  type OrgRow,
} from './support/fixtures.js';

const today = '2026-05-20';

describe(`work ledger (${testDriver})`, () => {
  let t: TestContext;
  let county: OrgRow;
  let town: OrgRow;
  let branch: OrgRow;
  let otherBranch: OrgRow;
  let secretary: Session;
  let otherSecretary: Session;
  let organizer: Session;
  /** Members of the branch: 甲 乙 丙 丁; 戊 joins by transfer on 2026-03-01; 己 of the other branch. */
  const m: Record<string, number> = {};
  const clock = manualClock(`${today}T10:00:00+08:00`);

  beforeAll(async () => {
    t = await createTestContext({ clock });
    county = await createOrg(t, null, '台账县委', 'county');
    town = await createOrg(t, county.id, '台账镇党委', 'committee');
    branch = await createOrg(t, town.id, '台账村党支部', 'branch');
    otherBranch = await createOrg(t, town.id, '台账邻村党支部', 'branch');
    secretary = await signedInUser(t, 'ledgersec', 'secretary', branch.id);
    otherSecretary = await signedInUser(t, 'ledgersec2', 'secretary', otherBranch.id);
    organizer = await signedInUser(t, 'ledgerorg', 'organizer', town.id);
    const add = async (name: string, orgId: number) =>
      expectStatus(
        await t.request(t.admin, 'POST', '/api/members', {
          orgId,
          name,
          gender: 'female',
          stage: 'full',
          probationaryOn: '2015-01-01',
          fullOn: '2016-01-01',
        }),
        201,
      ).json().id as number;
    for (const name of ['甲', '乙', '丙', '丁']) m[name] = await add(name, branch.id);
    m['戊'] = await add('戊', otherBranch.id);
    expectStatus(
      await t.request(t.admin, 'POST', `/api/members/${m['戊']}/transfer`, {
        toOrgId: branch.id,
        transferredOn: '2026-03-01',
      }),
      200,
    );
    m['己'] = await add('己', otherBranch.id);
  });
  afterAll(() => t?.close());
  afterEach(() => t.idle(), uploadTestTimeout);

  const meeting = (overrides: Record<string, unknown> = {}) => ({
    orgId: branch.id,
    kind: 'congress',
    heldOn: '2026-05-18',
    topic: '学习党的二十大精神',
    hostMemberId: m['甲'],
    place: '村党群服务中心',
    minutes: '一、传达学习。\n二、讨论。',
    attendance: [
      { memberId: m['甲'], present: true },
      { memberId: m['乙'], present: true },
      { memberId: m['丙'], present: true },
      { memberId: m['丁'], present: false, absenceReason: '外出务工' },
    ],
    ...overrides,
  });
  const create = (s: Session, body: object) => t.request(s, 'POST', '/api/ledger', body);

  it('records a meeting with three attendees and one absence: rate 75%, audited, listed', async () => {
    const res = expectStatus(await create(secretary, meeting()), 201).json();
    expect(res).toMatchObject({
      orgId: branch.id,
      orgName: '台账村党支部',
      kind: 'congress',
      heldOn: '2026-05-18',
      hostName: '甲',
      enteredOn: today,
      late: false,
      attendance: { present: 3, absent: 1, rate: 75 },
      minutes: '一、传达学习。\n二、讨论。',
    });
    // Present first, then the absent.
    expect(
      res.attendees
        .slice(0, 3)
        .map((a: { name: string }) => a.name)
        .sort(),
    ).toEqual(['丙', '甲', '乙'].sort());
    expect(res.attendees[3]).toMatchObject({ name: '丁', present: false, absenceReason: '外出务工' });
    const [audit] = await queryRows<{ action: string; after: { attendance: unknown[] } }>(
      t.database.db,
      sql`select action, after from audit_log where entity_type = 'ledgerRecord' and entity_id = ${String(res.id)}`,
    );
    expect(audit?.action).toBe('create');
    expect(audit?.after.attendance).toHaveLength(4);
    const list = expectStatus(await t.request(secretary, 'GET', '/api/ledger'), 200).json();
    expect(list.items.map((r: { id: number }) => r.id)).toContain(res.id);
    expect(list.items.find((r: { id: number }) => r.id === res.id).attendance.rate).toBe(75);
  });

  it('refuses a day after today, hours on a meeting, an absence without reason, and says which field', async () => {
    await expectNoChange(t, async () => {
      const future = expectApiError(
        await create(secretary, meeting({ heldOn: '2026-05-21' })),
        400,
        'LEDGER_DATE_IN_FUTURE',
      );
      expect(JSON.stringify(future.details)).toContain('heldOn');
      expectApiError(await create(secretary, meeting({ hours: 2 })), 400, 'LEDGER_HOURS_NOT_ALLOWED');
      expectApiError(await create(secretary, meeting({ kind: 'training' })), 400, 'LEDGER_HOURS_REQUIRED');
      const absent = expectApiError(
        await create(secretary, meeting({ attendance: [{ memberId: m['丁'], present: false }] })),
        400,
        'LEDGER_ABSENCE_REASON_REQUIRED',
      );
      expect(JSON.stringify(absent.details)).toContain('attendance.0.absenceReason');
      expectApiError(
        await create(secretary, meeting({ kind: 'affairsDisclosure' })),
        400,
        'LEDGER_ATTENDANCE_NOT_ALLOWED',
      );
      expectApiError(await create(secretary, meeting({ hostMemberId: null })), 400, 'LEDGER_HOST_REQUIRED');
    });
  });

  it('takes attendees only from the org’s members on the day, by the transfer rule', async () => {
    const withWu = (heldOn: string) =>
      meeting({ heldOn, attendance: [{ memberId: m['戊'], present: true }] });
    await expectNoChange(t, async () => {
      // 戊 joined on 2026-03-01: not a member of the branch before.
      const before = expectApiError(
        await create(secretary, withWu('2026-02-20')),
        400,
        'LEDGER_ATTENDEE_NOT_MEMBER',
      );
      expect(before.message).toContain('“戊”');
      expect(before.message).toContain('台账村党支部');
      // 己 never was; a secretary of the branch does not read them, so they are named by number.
      const stranger = expectApiError(
        await create(secretary, meeting({ attendance: [{ memberId: m['己'], present: true }] })),
        400,
        'LEDGER_ATTENDEE_NOT_MEMBER',
      );
      expect(stranger.message).toContain(`编号为 ${m['己']}`);
      expectApiError(
        await create(secretary, meeting({ hostMemberId: m['己'] })),
        400,
        'LEDGER_HOST_NOT_MEMBER',
      );
    });
    expectStatus(await create(secretary, withWu('2026-03-02')), 201);
    // The other branch's record of February may list 戊, who was theirs then.
    expectStatus(
      await create(otherSecretary, {
        ...withWu('2026-02-20'),
        orgId: otherBranch.id,
        hostMemberId: null,
        hostName: '镇党委书记',
      }),
      201,
    );
    const picker = expectStatus(
      await t.request(secretary, 'GET', `/api/ledger/members?orgId=${branch.id}&day=2026-02-20`),
      200,
    ).json();
    expect(picker.items.map((p: { name: string }) => p.name).sort()).toEqual(['丁', '丙', '乙', '甲'].sort());
  });

  it('keeps a secretary to their own org: no reading, recording or changing another’s', async () => {
    const own = expectStatus(await create(secretary, meeting()), 201).json();
    await expectNoChange(t, async () => {
      expectApiError(await create(otherSecretary, meeting()), 404, 'NOT_FOUND');
      expectApiError(await t.request(otherSecretary, 'GET', `/api/ledger/${own.id}`), 404, 'NOT_FOUND');
      expectApiError(
        await t.request(otherSecretary, 'PATCH', `/api/ledger/${own.id}`, { topic: '改' }),
        404,
        'NOT_FOUND',
      );
      expectApiError(await t.request(otherSecretary, 'DELETE', `/api/ledger/${own.id}`), 404, 'NOT_FOUND');
      expectApiError(
        await t.request(otherSecretary, 'GET', `/api/ledger?orgId=${branch.id}`),
        404,
        'NOT_FOUND',
      );
    });
    const theirs = expectStatus(await t.request(otherSecretary, 'GET', '/api/ledger'), 200).json();
    expect(theirs.items.every((r: { orgId: number }) => r.orgId === otherBranch.id)).toBe(true);
    // The town's organizer reads both branches.
    const all = expectStatus(
      await t.request(organizer, 'GET', `/api/ledger?orgId=${town.id}&pageSize=200`),
      200,
    ).json();
    expect(new Set(all.items.map((r: { orgId: number }) => r.orgId))).toEqual(
      new Set([branch.id, otherBranch.id]),
    );
  });

  it(
    'refuses any write whose old or new day a closed cycle covers (409), and allows it again once reopened',
    async () => {
      const inClosed = expectStatus(await create(secretary, meeting({ heldOn: '2026-01-15' })), 201).json();
      const open = expectStatus(await create(secretary, meeting({ heldOn: '2026-04-15' })), 201).json();
      // The town's first-quarter cycle, taken through every status to closed: it covers the town's branches.
      const cycle = expectStatus(
        await t.request(organizer, 'POST', '/api/cycles', {
          orgId: town.id,
          kind: 'quarterly',
          year: 2026,
          part: 1,
          schemes: { template: true },
        }),
        201,
      ).json();
      for (const status of ['open', 'reviewing', 'closed'])
        expectStatus(await t.request(organizer, 'POST', `/api/cycles/${cycle.id}/status`, { status }), 200);
      try {
        await expectNoChange(t, async () => {
          const refused = expectApiError(
            await create(secretary, meeting({ heldOn: '2026-01-16' })),
            409,
            'LEDGER_PERIOD_CLOSED',
          );
          expect(refused.message).toContain('2026-01-16');
          expectApiError(
            await t.request(secretary, 'PATCH', `/api/ledger/${inClosed.id}`, { topic: '改' }),
            409,
            'LEDGER_PERIOD_CLOSED',
          );
          expectApiError(
            await t.request(secretary, 'PATCH', `/api/ledger/${inClosed.id}`, {
              attendance: [{ memberId: m['甲'], present: true }],
            }),
            409,
            'LEDGER_PERIOD_CLOSED',
          );
          expectApiError(
            await t.request(secretary, 'DELETE', `/api/ledger/${inClosed.id}`),
            409,
            'LEDGER_PERIOD_CLOSED',
          );
          // Moving an open record into the closed period is a write there too.
          expectApiError(
            await t.request(secretary, 'PATCH', `/api/ledger/${open.id}`, { heldOn: '2026-01-16' }),
            409,
            'LEDGER_PERIOD_CLOSED',
          );
          // An import is refused row by row, under the day's column.
          const imported = expectJobError(
            await importFile(
              t,
              secretary,
              'ledger',
              await ledgerFile([
                {
                  所属组织: branch.id,
                  台账类型: '支委会',
                  日期: cellDay('2026-01-20'),
                  主题: '补录一季度支委会',
                  主持人: '甲',
                  出席人员: '甲、乙',
                },
              ]),
            ),
            'IMPORT_ROWS_INVALID',
          );
          expect((imported.details as { errors: unknown[] }).errors).toEqual([
            { row: 2, column: '日期', message: '2026-01-20 所在的考核周期已关闭，不能导入' },
          ]);
        });
        // The county above the town is not covered by the town's cycle, nor is the second quarter.
        expectStatus(
          await create(t.admin, {
            ...meeting({ heldOn: '2026-01-16' }),
            orgId: county.id,
            hostMemberId: null,
            hostName: '张书记',
            attendance: [],
          }),
          201,
        );
        expectStatus(await t.request(secretary, 'PATCH', `/api/ledger/${open.id}`, { topic: '二季度' }), 200);
      } finally {
        expectStatus(
          await t.request(t.admin, 'POST', `/api/cycles/${cycle.id}/reopen`, { reason: '补录一季度台账' }),
          200,
        );
      }
      // Reopened (评议中), the quarter takes writes again.
      expectStatus(await t.request(secretary, 'PATCH', `/api/ledger/${inClosed.id}`, { topic: '改' }), 200);
      expectStatus(await create(secretary, meeting({ heldOn: '2026-01-16' })), 201);
    },
    uploadTestTimeout,
  );

  it('marks late entry with its day, updates attendance and day together, and deletes with its files', async () => {
    const late = expectStatus(await create(secretary, meeting({ heldOn: '2026-05-01' })), 201).json();
    expect(late).toMatchObject({ late: true, enteredOn: today });
    const file = expectStatus(
      await uploadFile(t, secretary, `kind=attachment&orgId=${branch.id}`, '会场.png', png),
      201,
    ).json();
    const updated = expectStatus(
      await t.request(secretary, 'PATCH', `/api/ledger/${late.id}`, {
        heldOn: '2026-05-15',
        attendance: [
          { memberId: m['甲'], present: true },
          { memberId: m['乙'], present: false, absenceReason: '病假' },
        ],
        fileIds: [file.id],
      }),
      200,
    ).json();
    expect(updated).toMatchObject({
      heldOn: '2026-05-15',
      late: false,
      attendance: { present: 1, absent: 1, rate: 50 },
      fileCount: 1,
    });
    expect(updated.files.map((f: { name: string }) => f.name)).toEqual(['会场.png']);
    const [rows] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from ledger_attendance where record_id = ${late.id} and held_on = '2026-05-15'`,
    );
    expect(rows?.n).toBe(2);
    expectStatus(await t.request(secretary, 'DELETE', `/api/ledger/${late.id}`), 204);
    expectApiError(await t.request(secretary, 'GET', `/api/ledger/${late.id}`), 404, 'NOT_FOUND');
    const left = await queryRows<{ id: number }>(
      t.database.db,
      sql`select id from files where id = ${file.id}`,
    );
    expect(left).toEqual([]);
    const actions = await queryRows<{ action: string }>(
      t.database.db,
      sql`select action from audit_log where entity_type = 'ledgerRecord' and entity_id = ${String(late.id)} order by id`,
    );
    expect(actions.map((a) => a.action)).toEqual(['create', 'update', 'delete']);
  });

  it('sums training hours per member and year, and lists a member’s own history', async () => {
    const training = (heldOn: string, hours: number, absent: string[]) =>
      create(
        organizer,
        meeting({
          kind: 'training',
          heldOn,
          hours,
          attendance: ['甲', '乙'].map((n) => ({
            memberId: m[n],
            present: !absent.includes(n),
            ...(absent.includes(n) ? { absenceReason: '事假' } : {}),
          })),
        }),
      );
    expectStatus(await training('2026-02-10', 2.5, []), 201);
    expectStatus(await training('2026-04-10', 3, ['乙']), 201);
    expectStatus(await training('2025-12-10', 8, []), 201);
    const hours = expectStatus(
      await t.request(secretary, 'GET', '/api/ledger/training-hours?year=2026'),
      200,
    ).json();
    expect(
      hours.items.map((h: { name: string; hours: number; sessions: number }) => [
        h.name,
        h.hours,
        h.sessions,
      ]),
    ).toEqual([
      ['甲', 5.5, 2],
      ['乙', 2.5, 1],
    ]);
    const history = expectStatus(
      await t.request(secretary, 'GET', `/api/ledger?memberId=${m['乙']}&kind=training`),
      200,
    ).json();
    expect(history.items.map((r: { heldOn: string }) => r.heldOn)).toEqual([
      '2026-04-10',
      '2026-02-10',
      '2025-12-10',
    ]);
    const page = expectStatus(
      await t.request(secretary, 'GET', '/api/ledger?kind=training&from=2026-01-01&to=2026-03-31&pageSize=1'),
      200,
    ).json();
    expect(page).toMatchObject({ total: 1, items: [{ heldOn: '2026-02-10' }] });
  });

  it(
    'imports an Excel ledger all or nothing, each error under its column',
    async () => {
      const template = expectStatus(await t.request(secretary, 'GET', '/api/ledger/import/template'), 200);
      const orgList = await sheetRows(template.rawPayload, '组织列表');
      expect(orgList.slice(1).map((r) => r[0])).toEqual([branch.id]);
      const good = {
        所属组织: branch.id,
        台账类型: '支委会',
        日期: cellDay('2026-03-05'),
        主题: '研究发展党员工作',
        主持人: '甲',
        出席人员: '甲、乙、丙',
        缺席人员及原因: '丁（病假）',
      };
      const refused = await expectNoChange(t, async () =>
        expectJobError(
          await importFile(
            t,
            secretary,
            'ledger',
            await ledgerFile([
              good,
              { ...good, 日期: cellDay('2026-06-01'), 出席人员: '甲、己' },
              { ...good, 台账类型: '培训', 缺席人员及原因: '丁' },
            ]),
          ),
          'IMPORT_ROWS_INVALID',
        ),
      );
      expect((refused.details as { errors: unknown[] }).errors).toEqual([
        { row: 3, column: '日期', message: '日期不能晚于今天' },
        { row: 3, column: '出席人员', message: '“己”在 2026-06-01 不是台账村党支部的党员' },
        { row: 4, column: '学时', message: '请填写培训的学时' },
        { row: 4, column: '缺席人员及原因', message: '请在“丁”后的括号内写明缺席原因' },
      ]);
      const job = await importFile(
        t,
        secretary,
        'ledger',
        await ledgerFile([good, { ...good, 台账类型: '党课', 学时: 2, 主持人: '县委党校李老师' }]),
      );
      expect(expectSucceeded(job)).toEqual({ imported: 2 });
      const list = expectStatus(
        await t.request(secretary, 'GET', '/api/ledger?from=2026-03-05&to=2026-03-05'),
        200,
      ).json();
      expect(
        list.items.map((r: { kind: string; hostName: string; attendance: { rate: number } }) => [
          r.kind,
          r.hostName,
          r.attendance.rate,
        ]),
      ).toEqual(
        expect.arrayContaining([
          ['committee', '甲', 75],
          ['lesson', '县委党校李老师', 75],
        ]),
      );
    },
    uploadTestTimeout,
  );
});
