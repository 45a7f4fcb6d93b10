import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Session, type TestContext } from '../helpers/test-app.js';
import { pipelineListLimit } from '../../src/contract/pipeline.js';
import { testDriver } from '../helpers/test-db.js';
import { createOrg, expectApiError, expectStatus, signedInUser, type OrgRow } from './support/fixtures.js';

describe(`development pipeline (${testDriver})`, () => {
  let t: TestContext;
  let town: OrgRow;
  let otherTown: OrgRow;
  const v = {} as Record<'v1' | 'v2' | 'v4' | 'v5' | 'c3', OrgRow>;
  const ids = {} as Record<string, number>;
  let secretary: Session;
  let otherOrganizer: Session;
  const asOf = '2025-06-01';

  async function org(parent: number, name: string, domain: string, extra: object = {}) {
    const res = await t.request(t.admin, 'POST', '/api/orgs', {
      parentId: parent,
      name,
      level: 'branch',
      domain,
    });
    const created = expectStatus(res, 201).json();
    if (Object.keys(extra).length)
      expectStatus(await t.request(t.admin, 'PATCH', `/api/orgs/${created.id}`, extra), 200);
    return created as OrgRow;
  }
  async function member(key: string, orgId: number, body: object) {
    const res = await t.request(t.admin, 'POST', '/api/members', {
      orgId,
      name: key,
      gender: 'female',
      ...body,
    });
    ids[key] = expectStatus(res, 201).json().id;
  }

  beforeAll(async () => {
    t = await createTestContext();
    const county = await createOrg(t, null, '发展县委', 'county');
    town = await createOrg(t, county.id, '发展镇党委', 'committee');
    otherTown = await createOrg(t, county.id, '别镇党委', 'committee');
    v.v1 = await org(town.id, '一村党支部', 'village');
    v.v2 = await org(town.id, '二村党支部', 'village');
    v.c3 = await org(town.id, '三社区党支部', 'community');
    v.v4 = await org(town.id, '四村党支部', 'village', { foundedOn: '2024-01-01' });
    v.v5 = await org(town.id, '五村党支部', 'village');
    await org(otherTown.id, '别村党支部', 'village');

    await member('a1', v.v1.id, { stage: 'activist', activistOn: '2024-05-31' });
    await member('a2', v.v1.id, { stage: 'activist', activistOn: '2024-06-02' });
    await member('a3', v.v1.id, { stage: 'candidate', activistOn: '2023-01-01', candidateOn: '2024-02-01' });
    await member('p1', v.v1.id, { stage: 'probationary', probationaryOn: '2024-06-15' });
    await member('p2', v.v1.id, { stage: 'probationary', probationaryOn: '2024-07-01' });
    await member('p3', v.v1.id, { stage: 'probationary', probationaryOn: '2024-07-02' });
    await member('p4', v.v1.id, { stage: 'probationary', probationaryOn: '2024-05-01' });
    await member('p5', v.c3.id, { stage: 'probationary', probationaryOn: '2024-06-01' });
    await member('p6', v.v1.id, { stage: 'full', probationaryOn: '2023-01-01', fullOn: '2024-01-01' });
    await member('p7', v.v1.id, { stage: 'probationary', probationaryOn: '2024-05-01' });
    expectStatus(
      await t.request(t.admin, 'PATCH', `/api/members/${ids.p7}`, {
        leftOn: '2025-01-01',
        leftReason: '出党',
      }),
      200,
    );
    // Converted after asOf: still overdue on asOf.
    await member('p8', v.v1.id, { stage: 'full', probationaryOn: '2024-04-01', fullOn: '2025-07-01' });
    await member('old', v.v2.id, { stage: 'full', probationaryOn: '2022-03-01', fullOn: '2023-03-01' });
    secretary = await signedInUser(t, 'pipesec', 'secretary', v.v1.id);
    otherOrganizer = await signedInUser(t, 'pipeother', 'organizer', otherTown.id);
  });
  afterAll(() => t?.close());

  const get = async (session: Session, query: string) =>
    expectStatus(await t.request(session, 'GET', `/api/pipeline?${query}`), 200).json();
  const names = (list: { items: { name: string }[] }) => list.items.map((i) => i.name);

  it('lists eligible activists, due and overdue conversions, and villages without development', async () => {
    const p = await get(t.admin, `orgId=${town.id}&asOf=${asOf}`);
    expect(p.asOf).toBe(asOf);
    expect(p.activistsEligible.total).toBe(1);
    expect(p.activistsEligible.items).toEqual([
      {
        memberId: ids.a1,
        name: 'a1',
        orgId: v.v1.id,
        orgName: '一村党支部',
        since: '2024-05-31',
        dueOn: '2025-05-31',
      },
    ]);
    expect(names(p.conversionsDue)).toEqual(['p1', 'p2']);
    expect(p.conversionsDue.items[0]).toMatchObject({
      since: '2024-06-15',
      dueOn: '2025-06-15',
      orgId: v.v1.id,
    });
    expect(names(p.conversionsOverdue)).toEqual(['p8', 'p4', 'p5']);
    expect(p.conversionsOverdue.items[2]).toMatchObject({
      dueOn: '2025-06-01',
      orgId: v.c3.id,
      orgName: '三社区党支部',
    });
    expect(p.villagesWithoutDevelopment).toEqual({
      total: 2,
      items: [
        { orgId: v.v2.id, orgName: '二村党支部', lastDevelopedOn: '2022-03-01' },
        { orgId: v.v5.id, orgName: '五村党支部', lastDevelopedOn: null },
      ],
    });
  });

  it('counts each list per org, the most overdue first', async () => {
    const p = await get(t.admin, `orgId=${town.id}&asOf=${asOf}`);
    expect(p.perOrg).toEqual({
      total: 2,
      items: [
        {
          orgId: v.v1.id,
          orgName: '一村党支部',
          activistsEligible: 1,
          conversionsDue: 2,
          conversionsOverdue: 2,
        },
        {
          orgId: v.c3.id,
          orgName: '三社区党支部',
          activistsEligible: 0,
          conversionsDue: 0,
          conversionsOverdue: 1,
        },
      ],
    });
  });

  it('moves with asOf', async () => {
    const p = await get(t.admin, `orgId=${town.id}&asOf=2024-01-10`);
    // Window 2022–2023: v1 developed p6 in 2023; v2 in 2022.
    expect(p.villagesWithoutDevelopment.items.map((o: { orgId: number }) => o.orgId)).toEqual([v.v5.id]);
    // a3 was then an activist of a year's standing, not yet a candidate.
    expect(names(p.activistsEligible)).toEqual(['a3']);
    expect(names(p.conversionsOverdue)).toEqual([]);
  });

  it('is scoped: a secretary sees their own branch; another town gets 404', async () => {
    const own = await get(secretary, `asOf=${asOf}`);
    expect(names(own.conversionsOverdue)).toEqual(['p8', 'p4']);
    expect(own.villagesWithoutDevelopment).toEqual({ total: 0, items: [] });
    expectApiError(await t.request(secretary, 'GET', `/api/pipeline?orgId=${town.id}`), 404, 'NOT_FOUND');
    expectApiError(
      await t.request(otherOrganizer, 'GET', `/api/pipeline?orgId=${town.id}`),
      404,
      'NOT_FOUND',
    );
    const theirs = await get(otherOrganizer, `asOf=${asOf}`);
    expect(theirs.conversionsOverdue).toEqual({ total: 0, items: [] });
    expect(theirs.villagesWithoutDevelopment.items.map((o: { orgName: string }) => o.orgName)).toEqual([
      '别村党支部',
    ]);
  });

  it('lists the first of a long list and says how many there are', async () => {
    const [village] = expectStatus(
      await t.request(t.admin, 'GET', `/api/orgs?parentId=${otherTown.id}`),
      200,
    ).json().items as OrgRow[];
    for (let i = 0; i <= pipelineListLimit; i++)
      await member(`long${String(i).padStart(3, '0')}`, village!.id, {
        stage: 'activist',
        activistOn: `2024-01-${String(1 + (i % 28)).padStart(2, '0')}`,
      });
    const p = await get(otherOrganizer, `asOf=${asOf}`);
    expect(p.activistsEligible.total).toBe(pipelineListLimit + 1);
    expect(p.activistsEligible.items).toHaveLength(pipelineListLimit);
    // Soonest due first: the last one left out is due no sooner than any listed.
    const due = p.activistsEligible.items.map((i: { dueOn: string }) => i.dueOn);
    expect(due).toEqual([...due].sort());
    expect(due.at(-1)).toBe('2025-01-28');
    expect(p.perOrg.items).toEqual([
      expect.objectContaining({ orgId: village!.id, activistsEligible: pipelineListLimit + 1 }),
    ]);
  });

  it('defaults asOf to today and refuses bad dates', async () => {
    expect((await get(t.admin, '')).asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const q of ['asOf=2025-02-30', 'asOf=yesterday', 'orgId=0', 'foo=1'])
      expectApiError(await t.request(t.admin, 'GET', `/api/pipeline?${q}`), 400, 'VALIDATION_ERROR');
  });
});
