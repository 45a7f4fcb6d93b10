import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/server/clock.js';
import { createTestContext, type Session, type TestContext } from '../helpers/test-app.js';
import { testDriver } from '../helpers/test-db.js';
import { createOrg, expectApiError, expectStatus, signedInUser, type OrgRow } from './support/fixtures.js';
import type { Roster } from '../../src/contract/members.js';

describe(`member roster (${testDriver})`, () => {
  let t: TestContext;
  let town: OrgRow;
  let branchA: OrgRow;
  let branchB: OrgRow;
  let secretary: Session;
  let viewer: Session;

  const person = (orgId: number, name: string, stage: string, dates: object, extra: object = {}) => ({
    orgId,
    name,
    gender: 'male',
    birthDate: '1980-01-01',
    stage,
    ...dates,
    ...extra,
  });
  // GB 11643-valid, and agreeing with the birth date and gender it carries.
  const idCard = '11010519491231002X';
  const full = (year: number) => ({ probationaryOn: `${year}-07-01`, fullOn: `${year + 1}-07-01` });

  beforeAll(async () => {
    t = await createTestContext({ clock: manualClock('2026-06-15T04:00:00Z') });
    const county = await createOrg(t, null, '名册县委', 'county');
    town = await createOrg(t, county.id, '名册镇党委', 'committee');
    branchA = await createOrg(t, town.id, '名册甲村党支部', 'branch');
    branchB = await createOrg(t, town.id, '名册乙村党支部', 'branch');
    secretary = await signedInUser(t, 'rostersec', 'secretary', branchB.id);
    viewer = await signedInUser(t, 'rosterview', 'viewer', town.id);
    const people = [
      // Created out of order, so the answer's order is the roster's own.
      person(branchB.id, '乙晚', 'full', full(2012)),
      person(branchA.id, '甲晚', 'full', full(2015), { idCard, birthDate: '1949-12-31', gender: 'female' }),
      person(branchA.id, '甲预备', 'probationary', { probationaryOn: '2026-01-10' }),
      person(branchA.id, '甲早', 'full', full(1990), { birthDate: '1966-06-15' }),
      person(branchB.id, '乙早', 'full', full(2001), { birthDate: '1966-06-16' }),
      person(branchA.id, '甲离开', 'full', full(2000), { leftOn: '2025-01-01', leftReason: '死亡' }),
      person(branchA.id, '甲积极分子', 'activist', { appliedOn: '2024-03-01', activistOn: '2024-09-01' }),
      person(branchA.id, '甲发展对象', 'candidate', {
        appliedOn: '2023-03-01',
        activistOn: '2023-09-01',
        candidateOn: '2025-09-01',
      }),
      person(branchB.id, '乙申请人', 'applicant', { appliedOn: '2025-05-01' }),
    ];
    for (const body of people) {
      const { leftOn, leftReason, ...create } = body as typeof body & {
        leftOn?: string;
        leftReason?: string;
      };
      const member = expectStatus(await t.request(t.admin, 'POST', '/api/members', create), 201).json();
      if (leftOn)
        expectStatus(
          await t.request(t.admin, 'PATCH', `/api/members/${member.id}`, { leftOn, leftReason }),
          200,
        );
    }
  });
  afterAll(() => t?.close());

  const roster = async (session: Session, query: string) =>
    expectStatus(await t.request(session, 'GET', `/api/members/roster?${query}`), 200).json<Roster>();

  it('lists party members only, titled with the org, by branch and then 入党日期', async () => {
    const r = await roster(t.admin, `orgId=${town.id}`);
    expect(r).toMatchObject({ orgName: '名册镇党委', list: 'members', total: 5 });
    expect(r.items.map((m) => m.name)).toEqual(['甲早', '甲晚', '甲预备', '乙早', '乙晚']);
    expect(r.items[0]).toEqual({
      id: expect.any(Number),
      name: '甲早',
      gender: 'male',
      birthDate: '1966-06-15',
      education: null,
      idCard: null,
      stage: 'full',
      appliedOn: null,
      activistOn: null,
      candidateOn: null,
      probationaryOn: '1990-07-01',
      fullOn: '1991-07-01',
      orgName: '名册甲村党支部',
      phone: null,
    });
  });

  it('gives activists with candidates, and applicants, their own lists', async () => {
    const activists = await roster(t.admin, `orgId=${town.id}&list=activists`);
    expect(activists.items.map((m) => [m.name, m.stage])).toEqual([
      ['甲发展对象', 'candidate'],
      ['甲积极分子', 'activist'],
    ]);
    const applicants = await roster(t.admin, `orgId=${town.id}&list=applicants`);
    expect(applicants.items.map((m) => m.name)).toEqual(['乙申请人']);
  });

  it('filters by age as the statistics count it: 60 on the day of the 60th birthday', async () => {
    const r = await roster(t.admin, `orgId=${town.id}&minAge=60`);
    expect(r.items.map((m) => m.name)).toEqual(['甲早', '甲晚']);
    const page = expectStatus(
      await t.request(t.admin, 'GET', `/api/members?orgId=${town.id}&minAge=60&list=members`),
      200,
    ).json<{ items: { name: string }[]; total: number }>();
    expect(page.items.map((m) => m.name)).toEqual(['甲早', '甲晚']);
    const everyone = expectStatus(
      await t.request(t.admin, 'GET', `/api/members?orgId=${town.id}&list=members`),
      200,
    ).json<{ total: number }>();
    expect(everyone.total).toBe(5);
  });

  it('is titled with the reader’s own org without a filter, and masks ID numbers as the list does', async () => {
    const own = await roster(secretary, '');
    expect(own.orgName).toBe('名册乙村党支部');
    expect(own.items.map((m) => m.name)).toEqual(['乙早', '乙晚']);
    const masked = await roster(viewer, `orgId=${branchA.id}`);
    expect(masked.orgName).toBe('名册甲村党支部');
    expect(masked.items.find((m) => m.name === '甲晚')!.idCard).toBe('1101**********002X');
    const shown = await roster(t.admin, `orgId=${branchA.id}`);
    expect(shown.items.find((m) => m.name === '甲晚')!.idCard).toBe(idCard);
  });

  it('refuses an unknown list or age with a Chinese 400 naming the field, and an org outside the scope with 404', async () => {
    for (const query of ['list=members2', 'minAge=-1', 'minAge=abc']) {
      const error = expectApiError(await t.request(t.admin, 'GET', `/api/members/roster?${query}`), 400);
      expect(error.message).toMatch(/list|minAge|名册|年龄/);
    }
    expectApiError(
      await t.request(secretary, 'GET', `/api/members/roster?orgId=${branchA.id}`),
      404,
      'NOT_FOUND',
    );
  });
});
