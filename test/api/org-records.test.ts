import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/query-rows.js';
import { createTestContext, type Session, type TestContext } from '../helpers/test-app.js';
import { testDriver } from '../helpers/test-db.js';
import {
  createOrg,
  expectApiError,
  expectNoChange,
  expectStatus,
  signedInUser,
  type OrgRow,
} from './support/fixtures.js';

const day = (offset: number) => {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + offset);
  return d.toISOString().slice(0, 10);
};

describe(`org attributes and records (${testDriver})`, () => {
  let t: TestContext;
  let county: OrgRow;
  let town: OrgRow;
  let other: OrgRow;
  let branch: OrgRow;
  let otherBranch: OrgRow;
  let organizer: Session;
  let otherOrganizer: Session;
  let secretary: Session;

  beforeAll(async () => {
    t = await createTestContext();
    county = await createOrg(t, null, '属性县委', 'county');
    town = await createOrg(t, county.id, '属性镇党委', 'committee');
    other = await createOrg(t, county.id, '属性邻镇党委', 'committee');
    branch = await createOrg(t, town.id, '属性村党支部', 'branch');
    otherBranch = await createOrg(t, other.id, '属性邻村党支部', 'branch');
    organizer = await signedInUser(t, 'attrorg', 'organizer', town.id);
    otherOrganizer = await signedInUser(t, 'attrother', 'organizer', other.id);
    secretary = await signedInUser(t, 'attrsec', 'secretary', branch.id);
  });
  afterAll(() => t?.close());

  const patch = (id: number, body: object, s: Session = t.admin) =>
    t.request(s, 'PATCH', `/api/orgs/${id}`, body);

  it('stores the attributes and derives the term status', async () => {
    const res = expectStatus(
      await patch(branch.id, {
        secretaryName: ' 张书记 ',
        deputySecretaryName: '李副书记',
        foundedOn: '1990-07-01',
        termStartedOn: '2021-06-01',
        termEndsOn: day(30),
        classification: 'advanced',
        hasServiceCenter: true,
        hasRemoteEducationSite: true,
      }),
      200,
    ).json();
    expect(res).toMatchObject({
      secretaryName: '张书记',
      deputySecretaryName: '李副书记',
      foundedOn: '1990-07-01',
      termEndsOn: day(30),
      termStatus: 'expiringSoon',
      classification: 'advanced',
      hasServiceCenter: true,
      hasRemoteEducationSite: true,
      dissolvedOn: null,
    });
    expect((await patch(branch.id, { termEndsOn: day(-1) })).json().termStatus).toBe('overdue');
    expect((await patch(branch.id, { termEndsOn: day(91) })).json().termStatus).toBe('ok');
    expect((await patch(branch.id, { termEndsOn: null })).json().termStatus).toBeNull();
    const got = expectStatus(await t.request(secretary, 'GET', `/api/orgs/${branch.id}`), 200).json();
    expect(got.secretaryName).toBe('张书记');
    const [entry] = await queryRows<{ after: Record<string, unknown> }>(
      t.database.db,
      sql`select after from audit_log where entity_type = 'org' and entity_id = ${String(branch.id)} and action = 'update' order by id limit 1`,
    );
    expect(entry!.after).toMatchObject({ secretaryName: '张书记', classification: 'advanced' });
  });

  it('refuses dates that do not fit together, in Chinese', async () => {
    await expectNoChange(t, async () => {
      for (const body of [
        { termStartedOn: '2024-01-01', termEndsOn: '2023-12-31' },
        { foundedOn: '2020-01-01', dissolvedOn: '2019-01-01' },
        { foundedOn: '2098-01-01' },
        { foundedOn: '2022-01-01', termStartedOn: '2021-01-01' },
      ])
        expectApiError(await patch(branch.id, body), 400, 'ORG_DATES_INVALID');
      expectApiError(await patch(branch.id, { termEndsOn: '2024-02-30' }), 400, 'VALIDATION_ERROR');
      expectApiError(await patch(branch.id, { classification: 'bad' }), 400, 'VALIDATION_ERROR');
      expectApiError(await patch(branch.id, { secretaryName: '张' }, secretary), 403, 'FORBIDDEN');
    });
  });

  it('lists expiring and overdue terms of a subtree (换届提醒)', async () => {
    const b1 = await createOrg(t, town.id, '届满一支部', 'branch');
    const b2 = await createOrg(t, town.id, '届满二支部', 'branch');
    const b3 = await createOrg(t, town.id, '届满三支部', 'branch');
    const b4 = await createOrg(t, town.id, '已撤销支部', 'branch');
    expectStatus(await patch(b1.id, { termEndsOn: day(10) }), 200);
    expectStatus(await patch(b2.id, { termEndsOn: day(-10) }), 200);
    expectStatus(await patch(b3.id, { termEndsOn: day(200) }), 200);
    expectStatus(await patch(b4.id, { termEndsOn: day(-10), dissolvedOn: day(-5) }), 200);
    expectStatus(await patch(otherBranch.id, { termEndsOn: day(-3) }), 200);
    const res = expectStatus(await t.request(organizer, 'GET', '/api/orgs/terms'), 200).json();
    expect(res.items.map((o: { id: number; termStatus: string }) => [o.id, o.termStatus])).toEqual([
      [b2.id, 'overdue'],
      [b1.id, 'expiringSoon'],
    ]);
    expect(res).toMatchObject({ total: 2, overdue: 1 });
    const all = expectStatus(
      await t.request(t.admin, 'GET', `/api/orgs/terms?orgId=${county.id}`),
      200,
    ).json();
    expect(all.items.map((o: { id: number }) => o.id)).toEqual([b2.id, otherBranch.id, b1.id]);
    expect(all).toMatchObject({ total: 3, overdue: 2 });
    // A page of them, with the counts of all.
    const second = expectStatus(
      await t.request(t.admin, 'GET', `/api/orgs/terms?orgId=${county.id}&page=2&pageSize=1`),
      200,
    ).json();
    expect(second.items.map((o: { id: number }) => o.id)).toEqual([otherBranch.id]);
    expect(second).toMatchObject({ total: 3, overdue: 2 });
    expectApiError(
      await t.request(otherOrganizer, 'GET', `/api/orgs/terms?orgId=${town.id}`),
      404,
      'NOT_FOUND',
    );
  });

  it('keeps a rectification history that drives the classification', async () => {
    const weak = await createOrg(t, town.id, '后进村党支部', 'branch');
    const url = `/api/orgs/${weak.id}/weak-org-rectifications`;
    const flagged = expectStatus(
      await t.request(organizer, 'POST', url, {
        flaggedOn: '2025-01-10',
        reasons: '班子不团结',
        measures: '选派第一书记',
      }),
      201,
    ).json();
    expect(flagged).toMatchObject({ orgId: weak.id, transformedOn: null });
    const classification = async () =>
      expectStatus(await t.request(t.admin, 'GET', `/api/orgs/${weak.id}`), 200).json().classification;
    expect(await classification()).toBe('weak');
    expectApiError(
      await t.request(organizer, 'PATCH', `${url}/${flagged.id}`, { transformedOn: '2024-12-31' }),
      400,
      'ORG_RECORD_DATES_INVALID',
    );
    expectStatus(
      await t.request(organizer, 'PATCH', `${url}/${flagged.id}`, { transformedOn: '2025-09-01' }),
      200,
    );
    expect(await classification()).toBe('ordinary');
    const second = expectStatus(
      await t.request(organizer, 'POST', url, { flaggedOn: '2025-10-01', reasons: '制度不落实' }),
      201,
    ).json();
    expect(await classification()).toBe('weak');
    expectStatus(
      await t.request(organizer, 'PATCH', `${url}/${second.id}`, {
        transformedOn: '2025-11-01',
        classificationAfter: 'advanced',
      }),
      200,
    );
    expect(await classification()).toBe('advanced');
    const list = expectStatus(
      await t.request(secretary, 'GET', `/api/orgs/${branch.id}/weak-org-rectifications`),
      200,
    ).json();
    expect(list.items).toEqual([]);
    expect(
      expectStatus(await t.request(t.admin, 'GET', url), 200)
        .json()
        .items.map((r: { id: number }) => r.id),
    ).toEqual([flagged.id, second.id]);
    expectStatus(await t.request(organizer, 'DELETE', `${url}/${second.id}`), 204);
    const audit = await queryRows<{ action: string; org_path: string }>(
      t.database.db,
      sql`select action, org_path::text from audit_log where entity_type = 'weakOrgRectification' order by id`,
    );
    expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'create', 'update', 'delete']);
    expect(new Set(audit.map((a) => a.org_path))).toEqual(new Set([weak.path]));
  });

  it('keeps contact points, pairings and non-public entities, scoped and audited', async () => {
    const cp = expectStatus(
      await t.request(organizer, 'POST', `/api/orgs/${branch.id}/contact-points`, {
        leaderName: '王镇长',
        leaderTitle: '镇党委副书记',
        startedOn: '2025-01-01',
      }),
      201,
    ).json();
    expectApiError(
      await t.request(organizer, 'PATCH', `/api/orgs/${branch.id}/contact-points/${cp.id}`, {
        endedOn: '2024-01-01',
      }),
      400,
      'ORG_RECORD_DATES_INVALID',
    );
    expect(
      expectStatus(
        await t.request(organizer, 'PATCH', `/api/orgs/${branch.id}/contact-points/${cp.id}`, {
          endedOn: '2025-12-31',
        }),
        200,
      ).json().endedOn,
    ).toBe('2025-12-31');

    const inside = expectStatus(
      await t.request(organizer, 'POST', `/api/orgs/${branch.id}/pairings`, {
        partnerOrgId: town.id,
        content: '共建',
      }),
      201,
    ).json();
    expect(inside).toMatchObject({ partnerOrgId: town.id, partnerName: '属性镇党委' });
    const outside = expectStatus(
      await t.request(organizer, 'POST', `/api/orgs/${branch.id}/pairings`, {
        partnerName: '县供电公司党支部',
      }),
      201,
    ).json();
    expect(outside.partnerOrgId).toBeNull();
    await expectNoChange(t, async () => {
      expectApiError(
        await t.request(organizer, 'POST', `/api/orgs/${branch.id}/pairings`, {
          partnerOrgId: otherBranch.id,
        }),
        404,
      );
      expectApiError(
        await t.request(organizer, 'POST', `/api/orgs/${branch.id}/pairings`, { content: '无名' }),
        400,
        'PAIRING_PARTNER_REQUIRED',
      );
      expectApiError(
        await t.request(organizer, 'POST', `/api/orgs/${branch.id}/pairings`, { partnerOrgId: branch.id }),
        400,
        'PAIRING_SELF',
      );
      // Another town's organizer reaches none of it.
      for (const [method, url, body] of [
        ['GET', `/api/orgs/${branch.id}/contact-points`, undefined],
        ['POST', `/api/orgs/${branch.id}/contact-points`, { leaderName: '外人' }],
        ['PATCH', `/api/orgs/${branch.id}/contact-points/${cp.id}`, { leaderName: '外人' }],
        ['DELETE', `/api/orgs/${branch.id}/pairings/${inside.id}`, undefined],
        // An item of another org, through an org in scope.
        ['DELETE', `/api/orgs/${otherBranch.id}/pairings/${inside.id}`, undefined],
      ] as const)
        expectApiError(await t.request(otherOrganizer, method, url, body), 404, 'NOT_FOUND');
      expectApiError(await t.request(t.admin, 'DELETE', `/api/orgs/${town.id}/pairings/${inside.id}`), 404);
    });

    const npe = expectStatus(
      await t.request(organizer, 'POST', `/api/orgs/${town.id}/non-public-entities`, {
        name: '某某科技有限公司',
        kind: 'privateEnterprise',
        employees: 60,
        partyMembers: 4,
        shouldEstablish: true,
        ownOrgId: branch.id,
        hasInstructor: true,
      }),
      201,
    ).json();
    expect(npe).toMatchObject({
      orgId: town.id,
      ownOrgId: branch.id,
      coveredByOrgId: null,
      hasInstructor: true,
    });
    await expectNoChange(t, async () => {
      expectApiError(
        await t.request(organizer, 'PATCH', `/api/orgs/${town.id}/non-public-entities/${npe.id}`, {
          partyMembers: 61,
        }),
        400,
        'NON_PUBLIC_COUNTS_INVALID',
      );
      expectApiError(
        await t.request(organizer, 'PATCH', `/api/orgs/${town.id}/non-public-entities/${npe.id}`, {
          coveredByOrgId: otherBranch.id,
        }),
        404,
      );
    });
    expectStatus(
      await t.request(organizer, 'DELETE', `/api/orgs/${town.id}/non-public-entities/${npe.id}`),
      204,
    );
    const audit = await queryRows<{ entity_type: string; action: string }>(
      t.database.db,
      sql`select entity_type, action from audit_log
          where entity_type in ('contactPoint', 'pairing', 'nonPublicEntity') order by id`,
    );
    expect(audit.map((a) => `${a.entity_type}.${a.action}`)).toEqual([
      'contactPoint.create',
      'contactPoint.update',
      'pairing.create',
      'pairing.create',
      'nonPublicEntity.create',
      'nonPublicEntity.delete',
    ]);
  });
});
