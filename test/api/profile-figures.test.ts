import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/query-rows.js';
import { createTestContext, type Session, type TestContext } from '../helpers/test-app.js';
import { testDriver } from '../helpers/test-db.js';
import {
  chinese,
  createOrg,
  expectApiError,
  expectStatus,
  signedInUser,
  type OrgRow,
} from './support/fixtures.js';

type Item = {
  kind: string;
  fillable: boolean;
  own: { value: number } | null;
  total: { value: number; source: string } | null;
};

describe(`profile figures (${testDriver})`, () => {
  let t: TestContext;
  let county: OrgRow;
  let town: OrgRow;
  let village1: OrgRow;
  let village2: OrgRow;
  let otherTown: OrgRow;
  let organizer: Session;
  let secretary: Session;
  let viewer: Session;

  beforeAll(async () => {
    t = await createTestContext();
    county = await createOrg(t, null, '填报县委', 'county');
    town = await createOrg(t, county.id, '填报镇党委', 'committee');
    village1 = await createOrg(t, town.id, '东村党支部', 'branch');
    village2 = await createOrg(t, town.id, '西村党支部', 'branch');
    otherTown = await createOrg(t, county.id, '邻镇党委', 'committee');
    for (const v of [village1, village2])
      expectStatus(await t.request(t.admin, 'PATCH', `/api/orgs/${v.id}`, { domain: 'village' }), 200);
    organizer = await signedInUser(t, 'proforg', 'organizer', town.id);
    secretary = await signedInUser(t, 'profsec', 'secretary', village1.id);
    viewer = await signedInUser(t, 'profview', 'viewer', town.id);
  });
  afterAll(() => t?.close());

  const save = (s: Session, orgId: number, values: object, year = 2025) =>
    t.request(s, 'PUT', '/api/profile-figures', { orgId, year, values });
  const read = async (s: Session, orgId: number, year = 2025) =>
    expectStatus(await t.request(s, 'GET', `/api/profile-figures?orgId=${orgId}&year=${year}`), 200).json();
  const item = (body: { items: Item[] }, kind: string) => body.items.find((i) => i.kind === kind)!;

  it('stores a secretary’s and an organizer’s entries, sums them up the tree where additive', async () => {
    expectStatus(
      await save(secretary, village1.id, { population: 1200, areaKm2: 12.5, distanceToCountySeat: 30 }),
      200,
    );
    expectStatus(await save(organizer, village2.id, { population: 800, areaKm2: 7.25 }), 200);

    // The town entered nothing: additive kinds are its villages' sum, a distance is not summed.
    const townView = await read(organizer, town.id);
    expect(item(townView, 'population').total).toEqual({ value: 2000, source: 'children', orgs: 2 });
    expect(item(townView, 'areaKm2').total).toEqual({ value: 19.75, source: 'children', orgs: 2 });
    expect(item(townView, 'distanceToCountySeat').total).toBeNull();
    expect(item(townView, 'administrativeVillages').fillable).toBe(true);

    // Its own entry wins over the sum, and the county adds the town's entry, not the villages'.
    expectStatus(await save(organizer, town.id, { population: 51800, administrativeVillages: 15 }), 200);
    expect(item(await read(organizer, town.id), 'population').total).toEqual({
      value: 51800,
      source: 'own',
      orgs: 1,
    });
    const countyView = await read(t.admin, county.id);
    expect(item(countyView, 'population').total).toEqual({ value: 51800, source: 'children', orgs: 1 });
    expect(item(countyView, 'areaKm2').total).toEqual({ value: 19.75, source: 'children', orgs: 2 });

    // Another year is another set.
    expect(item(await read(organizer, town.id, 2024), 'population').total).toBeNull();

    // null removes an entry; the sum returns.
    expectStatus(await save(organizer, town.id, { population: null }), 200);
    expect(item(await read(organizer, town.id), 'population').total).toEqual({
      value: 2000,
      source: 'children',
      orgs: 2,
    });

    const audit = await queryRows<{ action: string; after: { value: number } | null }>(
      t.database.db,
      sql`select action, "after" from audit_log where entity_type = 'profileFigure' order by id`,
    );
    expect(audit.map((a) => a.action)).toEqual([
      'create',
      'create',
      'create',
      'create',
      'create',
      'create',
      'create',
      'delete',
    ]);
    expect(audit[0]!.after).toMatchObject({ year: 2025, kind: expect.any(String) });
  });

  it('refuses wrong values with a Chinese message naming the figure', async () => {
    const cases: [object, string][] = [
      [{ population: -1 }, '总人口不能为负数'],
      [{ population: 10.5 }, '总人口须为整数'],
      [{ areaKm2: 1.234 }, '幅员面积最多保留两位小数'],
      [{ administrativeVillages: 3 }, '行政村不由本级党组织填报'],
      [{ areaKm2: 1e12 }, '幅员面积超出可填报的范围'],
    ];
    for (const [values, message] of cases) {
      const res = expectApiError(await save(secretary, village1.id, values), 400, 'PROFILE_VALUE_INVALID');
      expect(res.message).toBe(message);
      expect((res.details as { field: string }[])[0]!.field).toBe(`values.${Object.keys(values)[0]}`);
    }
    const unknown = expectApiError(await save(secretary, village1.id, { acreage: 1 }), 400);
    expect(unknown.message).toMatch(chinese);
    expectApiError(
      await t.request(secretary, 'PUT', '/api/profile-figures', {
        orgId: village1.id,
        year: 1990,
        values: { population: 1 },
      }),
      400,
    );
  });

  it('keeps each writer inside their scope', async () => {
    expectApiError(await save(secretary, village2.id, { population: 1 }), 404, 'NOT_FOUND');
    expectApiError(await save(secretary, town.id, { population: 1 }), 404, 'NOT_FOUND');
    expectApiError(await save(organizer, otherTown.id, { population: 1 }), 404, 'NOT_FOUND');
    expectApiError(await save(viewer, town.id, { population: 1 }), 403, 'FORBIDDEN');
    expect(item(await read(viewer, village1.id), 'population').own).toMatchObject({ value: 1200 });
  });

  it('shows the year’s figures in the 基本情况, marked as entered, the prose agreeing with the table', async () => {
    expectStatus(
      await save(organizer, town.id, {
        communities: 3,
        staff: 101,
        sectionLevelCadres: 12,
        collectiveIncome: 356.5,
        disclosureBoards: 26,
      }),
      200,
    );
    const basics = expectStatus(
      await t.request(organizer, 'GET', `/api/statistics/basics?orgId=${town.id}&asOf=2025-06-30`),
      200,
    ).json() as { text: string; rows: { label: string; value: string }[] };
    expect(basics.text).toContain('全镇辖社区3个、行政村15个，幅员面积19.75平方公里，总人口2000人。');
    expect(basics.text).toContain('全镇共有机关工作人员101人，其中科级以上领导干部12人。');
    // As printed, and as numbers with their units for the exported sheet.
    const figure = (label: string, value: string, amount: number, unit: string) =>
      expect(basics.rows).toContainEqual({ label, value, amount, unit, share: null });
    figure('总人口（2025年2个下级组织填报汇总）', '2000人', 2000, '人');
    figure('行政村（2025年填报）', '15个', 15, '个');
    figure('村集体经济收入（2025年填报）', '356.5万元', 356.5, '万元');

    // A village's 基本情况 opens with its own figures.
    const village = expectStatus(
      await t.request(secretary, 'GET', `/api/statistics/basics?asOf=2025-06-30`),
      200,
    ).json() as { text: string };
    expect(village.text.startsWith('本村幅员面积12.5平方公里，总人口1200人，距县城30公里。')).toBe(true);
  });

  it('counts this year’s 换届, contact points, pairings, new members’ make-up and 支委 education', async () => {
    const asOf = '2025-06-30';
    const counts = async () => {
      const { text, rows } = expectStatus(
        await t.request(organizer, 'GET', `/api/statistics/basics?orgId=${town.id}&asOf=${asOf}`),
        200,
      ).json() as { text: string; rows: { label: string; value: string }[] };
      const value = (label: string) => rows.find((r) => r.label === label)?.value;
      return { text, value };
    };
    const before = await counts();
    expect(before.value('2025年完成换届的党组织')).toBe('0个');
    expect(before.value('领导干部联系点')).toBe('0个');

    expectStatus(
      await t.request(organizer, 'PATCH', `/api/orgs/${village1.id}`, { termStartedOn: '2025-03-10' }),
      200,
    );
    expectStatus(
      await t.request(organizer, 'PATCH', `/api/orgs/${village2.id}`, { termStartedOn: '2024-12-31' }),
      200,
    );
    expectStatus(
      await t.request(organizer, 'POST', `/api/orgs/${village1.id}/contact-points`, {
        leaderName: '王镇长',
        startedOn: '2025-01-01',
      }),
      201,
    );
    expectStatus(
      await t.request(organizer, 'POST', `/api/orgs/${village2.id}/contact-points`, {
        leaderName: '李副镇长',
        startedOn: '2025-07-01',
      }),
      201,
    );
    expectStatus(
      await t.request(organizer, 'POST', `/api/orgs/${village2.id}/pairings`, { partnerOrgId: village1.id }),
      201,
    );
    const member = (orgId: number, fields: object) =>
      t.request(organizer, 'POST', '/api/members', { orgId, gender: 'male', ...fields });
    // Admitted this year: a woman of 26 with a bachelor's degree, a man of 40; one admitted last year.
    for (const fields of [
      {
        name: '新党员甲',
        gender: 'female',
        birthDate: '1999-01-01',
        education: 'bachelor',
        stage: 'probationary',
        appliedOn: '2023-01-01',
        activistOn: '2023-03-01',
        candidateOn: '2024-04-01',
        probationaryOn: '2025-04-01',
      },
      {
        name: '新党员乙',
        birthDate: '1985-01-01',
        education: 'juniorHigh',
        stage: 'probationary',
        appliedOn: '2023-01-01',
        activistOn: '2023-03-01',
        candidateOn: '2024-04-01',
        probationaryOn: '2025-05-01',
      },
      {
        name: '老党员丙',
        birthDate: '1970-01-01',
        education: 'juniorCollege',
        stage: 'probationary',
        branchRole: 'secretary',
        appliedOn: '2022-01-01',
        activistOn: '2022-03-01',
        candidateOn: '2023-04-01',
        probationaryOn: '2024-05-01',
      },
      {
        name: '支委丁',
        birthDate: '1975-01-01',
        education: 'seniorHigh',
        stage: 'full',
        branchRole: 'committeeMember',
        appliedOn: '2000-01-01',
        activistOn: '2000-03-01',
        candidateOn: '2001-04-01',
        probationaryOn: '2001-05-01',
        fullOn: '2002-05-01',
      },
    ])
      expectStatus(await member(village1.id, fields), 201);

    const after = await counts();
    expect(after.value('2025年完成换届的党组织')).toBe('1个');
    expect(after.value('领导干部联系点')).toBe('1个');
    expect(after.value('结对共建')).toBe('1对');
    expect(after.value('2025年新发展党员中：女性')).toBe('1名');
    expect(after.value('2025年新发展党员中：35岁以下')).toBe('1名');
    expect(after.value('2025年新发展党员中：大专及以上文化程度')).toBe('1名');
    expect(after.value('村党组织支委')).toBe('2名');
    expect(after.value('支委大专及以上文化程度')).toBe('1名');
    expect(after.value('支委高中及以上文化程度')).toBe('2名');
    expect(after.text).toContain('2025年以来，完成换届的党组织1个，领导干部联系点1个，结对共建1对。');
    expect(after.text).toContain('村党组织支委2名，其中大专及以上文化程度1名，高中及以上文化程度2名。');
  });
});
