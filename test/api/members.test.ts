import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/query-rows.js';
import { Writable } from 'node:stream';
import { buildApp } from '../../src/server/app.js';
import { adminHeaders, createTestContext, type Session, type TestContext } from '../helpers/test-app.js';
import { testDriver } from '../helpers/test-db.js';
import {
  createOrg,
  expectApiError,
  expectNoChange,
  expectStatus,
  signedInUser,
  type OrgRow,
} from './support/fixtures.js';

/** A valid ID number (GB 11643 check character) for a birth date and a sequence (odd for men). */
export function idCardFor(birth: string, seq = '123'): string {
  const first17 = `510104${birth.replaceAll('-', '')}${seq}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((acc, c, i) => acc + Number(c) * weights[i]!, 0);
  return first17 + '10X98765432'.charAt(sum % 11);
}

describe(`members (${testDriver})`, () => {
  let t: TestContext;
  let county: OrgRow;
  let town: OrgRow;
  let other: OrgRow;
  let branch: OrgRow;
  let branch2: OrgRow;
  let otherBranch: OrgRow;
  let organizer: Session;
  let otherOrganizer: Session;
  let secretary: Session;
  let viewer: Session;
  const idCard = idCardFor('1980-01-01');

  beforeAll(async () => {
    t = await createTestContext();
    county = await createOrg(t, null, '党员县委', 'county');
    town = await createOrg(t, county.id, '党员镇党委', 'committee');
    other = await createOrg(t, county.id, '邻镇党委', 'committee');
    branch = await createOrg(t, town.id, '党员村党支部', 'branch');
    branch2 = await createOrg(t, town.id, '党员社区党支部', 'branch');
    otherBranch = await createOrg(t, other.id, '邻镇村党支部', 'branch');
    organizer = await signedInUser(t, 'memorg', 'organizer', town.id);
    otherOrganizer = await signedInUser(t, 'memother', 'organizer', other.id);
    secretary = await signedInUser(t, 'memsec', 'secretary', branch.id);
    viewer = await signedInUser(t, 'memview', 'viewer', town.id);
  });
  afterAll(() => t?.close());

  const base = (orgId: number, extra: object = {}) => ({
    orgId,
    name: '张三',
    gender: 'male',
    birthDate: '1980-01-01',
    education: 'bachelor',
    stage: 'full',
    probationaryOn: '2010-07-01',
    fullOn: '2011-07-01',
    ...extra,
  });
  async function create(body: object, session: Session = t.admin) {
    return expectStatus(await t.request(session, 'POST', '/api/members', body), 201).json();
  }

  it('creates a member with the org path and returns derived facts', async () => {
    const m = await create(
      base(branch.id, {
        idCard,
        phone: '13812345678',
        branchRole: 'secretary',
        villageCommitteeRole: 'director',
      }),
    );
    expect(m).toMatchObject({
      orgId: branch.id,
      orgName: '党员村党支部',
      stage: 'full',
      idCard,
      twoCommittees: true,
      crossPost: true,
      concurrentHead: true,
      conversionDueOn: null,
    });
    const [row] = await queryRows<{ org_path: string }>(
      t.database.db,
      sql`select org_path::text from members where id = ${m.id}`,
    );
    expect(row!.org_path).toBe(branch.path);
  });

  it('refuses inconsistent stages and dates with Chinese 400s, changing nothing', async () => {
    const cases: [object, string][] = [
      [{ stage: 'probationary', probationaryOn: null, fullOn: null }, 'MEMBER_STAGE_MISMATCH'],
      [{ stage: 'full', probationaryOn: null, fullOn: null }, 'MEMBER_STAGE_MISMATCH'],
      [{ stage: 'candidate' }, 'MEMBER_STAGE_MISMATCH'],
      [{ fullOn: '2011-01-01' }, 'MEMBER_STAGE_DATES_INVALID'],
      [{ activistOn: '2009-01-01', candidateOn: '2009-06-01' }, 'MEMBER_STAGE_DATES_INVALID'],
      [{ appliedOn: '2012-01-01' }, 'MEMBER_STAGE_DATES_INVALID'],
      [
        { stage: 'applicant', probationaryOn: null, fullOn: null, appliedOn: '2098-01-01' },
        'MEMBER_STAGE_MISMATCH',
      ],
      [{ idCard: '510104198001011235' }, 'MEMBER_ID_CARD_INVALID'],
      [{ idCard: '51010419800230123X' }, 'MEMBER_ID_CARD_INVALID'],
      [{ birthDate: '2012-01-01' }, 'MEMBER_UNDER_AGE'],
      [{ idCard: idCardFor('1980-01-01', '124') }, 'MEMBER_ID_CARD_MISMATCH'],
    ];
    await expectNoChange(t, async () => {
      for (const [extra, code] of cases) {
        const error = expectApiError(
          await t.request(t.admin, 'POST', '/api/members', base(branch.id, extra)),
          400,
          code,
        );
        expect(error.message, JSON.stringify(extra)).toMatch(/[\u4e00-\u9fa5]/);
      }
      for (const extra of [{ gender: 'm' }, { education: 'college' }, { phone: '12345' }, { idCard: '123' }])
        expectApiError(
          await t.request(t.admin, 'POST', '/api/members', base(branch.id, extra)),
          400,
          'VALIDATION_ERROR',
        );
    });
    const error = expectApiError(
      await t.request(t.admin, 'POST', '/api/members', base(branch.id, { idCard: '510104198001011235' })),
      400,
    );
    expect(error.message).toContain('校验位');
  });

  it('masks ID numbers for roles without member.idCard, in lists and details', async () => {
    const m = await create(base(branch.id, { name: '李四', idCard: idCardFor('1980-01-01', '457') }));
    const masked = `5101**********${m.idCard.slice(-4)}`;
    for (const session of [secretary, viewer]) {
      expect(expectStatus(await t.request(session, 'GET', `/api/members/${m.id}`), 200).json().idCard).toBe(
        masked,
      );
      const list = expectStatus(
        await t.request(session, 'GET', `/api/members?q=${encodeURIComponent('李四')}`),
        200,
      );
      expect(list.json().items.map((i: { idCard: string }) => i.idCard)).toEqual([masked]);
    }
    const patched = expectStatus(
      await t.request(secretary, 'PATCH', `/api/members/${m.id}`, { occupation: '农民' }),
      200,
    ).json();
    expect(patched.idCard).toBe(masked);
    for (const session of [t.admin, organizer])
      expect(expectStatus(await t.request(session, 'GET', `/api/members/${m.id}`), 200).json().idCard).toBe(
        m.idCard,
      );
  });

  it('never writes the ID number to the audit log in clear', async () => {
    const m = await create(base(branch.id, { name: '王五', idCard: idCardFor('1980-01-01', '789') }));
    expectStatus(
      await t.request(t.admin, 'PATCH', `/api/members/${m.id}`, { idCard: idCardFor('1980-01-01', '791') }),
      200,
    );
    const rows = await queryRows<{ action: string; before: unknown; after: unknown; entity_type: string }>(
      t.database.db,
      sql`select action, before, after, entity_type from audit_log where entity_type = 'member' and entity_id = ${String(m.id)} order by id`,
    );
    expect(rows.map((r) => r.action)).toEqual(['create', 'update']);
    const text = JSON.stringify(rows);
    expect(text).not.toContain(m.idCard);
    expect(text).not.toContain(idCardFor('1980-01-01', '791'));
    expect(text).not.toContain(m.idCard.slice(6, 14));
    expect((rows[1]!.after as { idCard: string }).idCard).toBe('[已隐藏]');
    expect(rows[1]!.after).toMatchObject({ name: '王五', orgPath: branch.path });
  });

  it('keeps one active member per ID number system-wide, saying where only inside the scope', async () => {
    const number = idCardFor('1980-01-01', '321');
    const held = await create(base(otherBranch.id, { name: '邻镇持有人', idCard: number }));
    // A number held in another town: refused without naming the holder; lower case changes nothing.
    for (const given of [number, number.toLowerCase()]) {
      const res = await t.request(organizer, 'POST', '/api/members', base(branch.id, { idCard: given }));
      expectApiError(res, 409, 'MEMBER_ID_CARD_TAKEN_ELSEWHERE');
      expect(res.json().message).not.toMatch(/邻镇/);
    }
    // Inside the scope the holder is named.
    const mine = await create(
      base(branch.id, { name: '本镇持有人', idCard: idCardFor('1980-01-01', '653') }),
    );
    const clash = await t.request(
      organizer,
      'POST',
      '/api/members',
      base(branch2.id, { idCard: mine.idCard }),
    );
    expectApiError(clash, 409, 'MEMBER_ID_CARD_TAKEN');
    expect(clash.json().message).toBe('该身份证号码已由党员村党支部的党员本镇持有人登记');
    // An edit to a held number, or a return of someone whose number was registered again meanwhile.
    const plain = await create(base(branch.id, { name: '无证号人员' }), organizer);
    await expectNoChange(t, async () =>
      expectApiError(
        await t.request(t.admin, 'PATCH', `/api/members/${plain.id}`, { idCard: number }),
        409,
        'MEMBER_ID_CARD_TAKEN',
      ),
    );
    expectStatus(
      await t.request(t.admin, 'PATCH', `/api/members/${mine.id}`, {
        idCard: mine.idCard,
        phone: '13900000000',
      }),
      200,
    );
    // A member who left may be registered again; they cannot come back while the number is held.
    expectStatus(
      await t.request(t.admin, 'PATCH', `/api/members/${held.id}`, {
        leftOn: '2025-01-01',
        leftReason: '迁出',
      }),
      200,
    );
    const again = await create(base(branch.id, { name: '重新登记', idCard: number }), organizer);
    expect(again.orgId).toBe(branch.id);
    expectApiError(
      await t.request(t.admin, 'PATCH', `/api/members/${held.id}`, { leftOn: null, leftReason: null }),
      409,
      'MEMBER_ID_CARD_TAKEN',
    );
  });

  it('lists a subtree, filters by stage and name, hides those who left unless asked', async () => {
    const a = await create(
      base(branch2.id, {
        name: '赵六',
        stage: 'activist',
        activistOn: '2025-01-01',
        probationaryOn: null,
        fullOn: null,
      }),
    );
    const left = await create(base(branch2.id, { name: '钱七' }));
    expectStatus(
      await t.request(t.admin, 'PATCH', `/api/members/${left.id}`, {
        leftOn: '2024-05-01',
        leftReason: '去世',
      }),
      200,
    );
    const list = async (query: string, session: Session = t.admin) =>
      expectStatus(await t.request(session, 'GET', `/api/members?${query}`), 200).json();
    expect((await list(`orgId=${branch2.id}`)).items.map((i: { id: number }) => i.id)).toEqual([a.id]);
    expect((await list(`orgId=${branch2.id}&includeLeft=true`)).total).toBe(2);
    expect((await list(`orgId=${town.id}&stage=activist`)).items.map((i: { id: number }) => i.id)).toEqual([
      a.id,
    ]);
    // A secretary sees their own branch only; the default scope is theirs.
    const own = await list('pageSize=200', secretary);
    expect(own.items.every((i: { orgId: number }) => i.orgId === branch.id)).toBe(true);
    expectApiError(await t.request(secretary, 'GET', `/api/members?orgId=${branch2.id}`), 404, 'NOT_FOUND');
    expectApiError(
      await t.request(t.admin, 'PATCH', `/api/members/${a.id}`, { leftReason: '迁出' }),
      400,
      'MEMBER_LEFT_INVALID',
    );
  });

  it('lets a secretary edit only their own org’s members; another town’s organizer gets 404', async () => {
    const mine = await create(base(branch.id, { name: '孙八' }), secretary);
    const theirs = await create(base(branch2.id, { name: '周九' }));
    expectStatus(
      await t.request(secretary, 'PATCH', `/api/members/${mine.id}`, { phone: '0831-2345678' }),
      200,
    );
    await expectNoChange(t, async () => {
      expectApiError(
        await t.request(secretary, 'PATCH', `/api/members/${theirs.id}`, { phone: '13900000000' }),
        404,
      );
      expectApiError(await t.request(secretary, 'POST', '/api/members', base(branch2.id)), 404);
      expectApiError(await t.request(otherOrganizer, 'GET', `/api/members/${mine.id}`), 404);
      expectApiError(
        await t.request(otherOrganizer, 'PATCH', `/api/members/${mine.id}`, { name: '改' }),
        404,
      );
      expectApiError(
        await t.request(otherOrganizer, 'POST', `/api/members/${mine.id}/transfer`, {
          toOrgId: otherBranch.id,
          transferredOn: '2025-01-01',
        }),
        404,
      );
      expectApiError(
        await t.request(viewer, 'PATCH', `/api/members/${mine.id}`, { name: '改' }),
        403,
        'FORBIDDEN',
      );
    });
  });

  it('transfers keep history and paths', async () => {
    const m = await create(base(branch.id, { name: '吴十' }));
    const moved = expectStatus(
      await t.request(organizer, 'POST', `/api/members/${m.id}/transfer`, {
        toOrgId: branch2.id,
        transferredOn: '2024-03-01',
        note: '工作调动',
      }),
      200,
    ).json();
    expect(moved.orgId).toBe(branch2.id);
    expectStatus(
      await t.request(t.admin, 'POST', `/api/members/${m.id}/transfer`, {
        toOrgId: otherBranch.id,
        transferredOn: '2025-03-01',
      }),
      200,
    );
    const history = expectStatus(
      await t.request(t.admin, 'GET', `/api/members/${m.id}/transfers`),
      200,
    ).json();
    expect(
      history.items.map((h: { fromOrgId: number; toOrgId: number; transferredOn: string }) => [
        h.fromOrgId,
        h.toOrgId,
        h.transferredOn,
      ]),
    ).toEqual([
      [branch.id, branch2.id, '2024-03-01'],
      [branch2.id, otherBranch.id, '2025-03-01'],
    ]);
    expect(history.items[0]).toMatchObject({
      fromOrgName: '党员村党支部',
      toOrgName: '党员社区党支部',
      note: '工作调动',
    });
    const [row] = await queryRows<{ org_path: string }>(
      t.database.db,
      sql`select org_path::text from members where id = ${m.id}`,
    );
    expect(row!.org_path).toBe(otherBranch.path);
    // Now outside the town organizer's scope.
    expectApiError(await t.request(organizer, 'GET', `/api/members/${m.id}`), 404);
    await expectNoChange(t, async () => {
      for (const [body, code] of [
        [{ toOrgId: otherBranch.id, transferredOn: '2025-04-01' }, 'MEMBER_TRANSFER_SAME_ORG'],
        [{ toOrgId: branch.id, transferredOn: '2025-01-01' }, 'MEMBER_TRANSFER_DATE_INVALID'],
        [{ toOrgId: branch.id, transferredOn: '2098-01-01' }, 'MEMBER_TRANSFER_DATE_INVALID'],
      ] as const)
        expectApiError(await t.request(t.admin, 'POST', `/api/members/${m.id}/transfer`, body), 400, code);
      // The target must be in the actor's scope too.
      const mine = await queryRows<{ id: number }>(
        t.database.db,
        sql`select id from members where org_id = ${branch.id} limit 1`,
      );
      expectApiError(
        await t.request(organizer, 'POST', `/api/members/${mine[0]!.id}/transfer`, {
          toOrgId: otherBranch.id,
          transferredOn: '2025-01-01',
        }),
        404,
      );
    });
    const audit = await queryRows<{
      action: string;
      before: { orgPath: string };
      after: { orgPath: string };
    }>(
      t.database.db,
      sql`select action, before, after from audit_log where entity_type = 'member' and entity_id = ${String(m.id)} and action = 'move' order by id`,
    );
    expect(audit.map((a) => [a.before.orgPath, a.after.orgPath])).toEqual([
      [branch.path, branch2.path],
      [branch2.path, otherBranch.path],
    ]);
  });

  it('moving an org updates its members’ org_path', async () => {
    const movable = await createOrg(t, town.id, '移动党支部', 'branch');
    const m = await create(base(movable.id, { name: '郑一' }));
    expectStatus(
      await t.request(t.admin, 'POST', `/api/orgs/${movable.id}/move`, { parentId: other.id }),
      200,
    );
    const rows = await queryRows<{ org_path: string; path: string }>(
      t.database.db,
      sql`select m.org_path::text, o.path::text from members m join orgs o on o.id = m.org_id where m.id = ${m.id}`,
    );
    expect(rows[0]!.org_path).toBe(rows[0]!.path);
    expect(rows[0]!.path).toBe(`${other.path}.${movable.id}`);
    const mismatched = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from members m join orgs o on o.id = m.org_id where m.org_path <> o.path`,
    );
    expect(mismatched[0]!.n).toBe(0);
  });

  it('keeps mobile member records, audited and scoped', async () => {
    const m = await create(base(branch.id, { name: '冯二' }));
    const record = expectStatus(
      await t.request(secretary, 'POST', `/api/members/${m.id}/mobile-records`, {
        direction: 'outflow',
        place: '广东省深圳市',
        certificateNo: 'LD2025001',
        hostOrgName: '深圳某非公企业党支部',
        contactName: '陈主任',
        contactPhone: '13812345678',
        startedOn: '2025-03-01',
      }),
      201,
    ).json();
    expect(record).toMatchObject({ memberId: m.id, direction: 'outflow', endedOn: null });
    expectApiError(
      await t.request(t.admin, 'PATCH', `/api/mobile-records/${record.id}`, { endedOn: '2025-01-01' }),
      400,
      'MOBILE_RECORD_DATES_INVALID',
    );
    const ended = expectStatus(
      await t.request(t.admin, 'PATCH', `/api/mobile-records/${record.id}`, { endedOn: '2025-12-01' }),
      200,
    ).json();
    expect(ended.endedOn).toBe('2025-12-01');
    const list = expectStatus(
      await t.request(viewer, 'GET', `/api/members/${m.id}/mobile-records`),
      200,
    ).json();
    expect(list.items).toEqual([expect.objectContaining({ id: record.id, endedOn: '2025-12-01' })]);
    await expectNoChange(t, async () => {
      expectApiError(
        await t.request(otherOrganizer, 'PATCH', `/api/mobile-records/${record.id}`, { place: 'x' }),
        404,
      );
      expectApiError(await t.request(otherOrganizer, 'GET', `/api/members/${m.id}/mobile-records`), 404);
    });
    const audit = await queryRows<{ action: string; org_path: string }>(
      t.database.db,
      sql`select action, org_path::text from audit_log where entity_type = 'mobileRecord' and entity_id = ${String(record.id)} order by id`,
    );
    expect(audit).toEqual([
      { action: 'create', org_path: branch.path },
      { action: 'update', org_path: branch.path },
    ]);
  });

  it('filters the list by gender, cadre flag and current mobility', async () => {
    const head = await create(
      base(branch2.id, { name: '筛选甲', branchRole: 'secretary', villageCommitteeRole: 'director' }),
    );
    const woman = await create(
      base(branch2.id, { name: '筛选乙', gender: 'female', isFirstSecretary: true }),
    );
    const away = await create(base(branch2.id, { name: '筛选丙' }));
    const back = await create(base(branch2.id, { name: '筛选丁' }));
    for (const [m, endedOn] of [
      [away, null],
      [back, '2025-01-01'],
    ] as const)
      expectStatus(
        await t.request(t.admin, 'POST', `/api/members/${m.id}/mobile-records`, {
          direction: 'outflow',
          place: '浙江省杭州市',
          startedOn: '2024-03-01',
          endedOn,
        }),
        201,
      );
    const ids = async (query: string) =>
      expectStatus(await t.request(viewer, 'GET', `/api/members?orgId=${branch2.id}&q=筛选&${query}`), 200)
        .json()
        .items.map((i: { id: number }) => i.id)
        .sort((a: number, b: number) => a - b);
    expect(await ids('gender=female')).toEqual([woman.id]);
    expect(await ids('flag=concurrentHead')).toEqual([head.id]);
    expect(await ids('flag=twoCommittees')).toEqual([head.id]);
    expect(await ids('flag=firstSecretary')).toEqual([woman.id]);
    expect(await ids('mobile=true')).toEqual([away.id]);
    expect(await ids('mobile=false&gender=male')).toEqual([head.id, back.id].sort((a, b) => a - b));
    expectApiError(await t.request(viewer, 'GET', `/api/members?flag=cadre`), 400, 'VALIDATION_ERROR');
  });

  it('never writes the ID number to the server log, even at trace level', async () => {
    let log = '';
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        log += chunk.toString();
        done();
      },
    });
    const app = await buildApp({
      database: t.database,
      config: { secureCookies: false, sessionTtlHours: 12, webRoot: undefined },
      logger: { level: 'trace', stream },
    });
    try {
      const headers = await adminHeaders(app);
      const good = idCardFor('1985-05-05', '321');
      const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
      const created = await app.inject({
        method: 'POST',
        url: '/api/members',
        headers,
        payload: base(branch.id, { name: '日志党员', birthDate: '1985-05-05', idCard: good }),
      });
      expectStatus(created, 201);
      expectApiError(
        await app.inject({
          method: 'POST',
          url: '/api/members',
          headers,
          payload: base(branch.id, { idCard: bad }),
        }),
        400,
      );
      await app.inject({ method: 'GET', url: `/api/members/${created.json().id}`, headers });
      expect(log.length).toBeGreaterThan(0);
      for (const secret of [good, bad, good.slice(6, 14)]) expect(log).not.toContain(secret);
    } finally {
      await app.close();
    }
  });
});
