import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Basics, Statistics } from '../../src/contract/statistics.js';
import type { Pipeline } from '../../src/contract/pipeline.js';
import { generateCounty } from '../../src/db/demo/generate.js';
import { isWithin } from '../../src/domain/org-tree.js';
import { admissionOf, developmentWindow, newMemberYearList } from '../../src/domain/statistics.js';
import { today } from '../../src/server/clock.js';
import { demoSeed } from '../../src/server/modules/demo/service.js';
import { createTestContext, type TestContext } from '../helpers/test-app.js';
import { testDriver } from '../helpers/test-db.js';
import { expectStatus } from './support/fixtures.js';

// 发展党员 on the three surfaces that show it — the dashboard (the statistics), the 基本情况 and
// the 发展党员 page (the pipeline) — for every org of the demo county and every year shown.
describe(`one definition of 发展党员 (${testDriver})`, () => {
  let t: TestContext;
  const day = today();
  const county = generateCounty({ seed: demoSeed, today: day });
  const years = newMemberYearList(day);
  const window = developmentWindow(day);
  const admissions = county.members
    .map((m) => ({ member: m, admission: admissionOf(m, county.transfers) }))
    .filter(
      (a): a is typeof a & { admission: NonNullable<typeof a.admission> } =>
        a.admission !== null && a.admission.admittedOn <= day,
    );
  const pathOf = new Map(county.orgs.map((o) => [o.id, o.path]));

  beforeAll(async () => {
    t = await createTestContext();
    expectStatus(await t.request(t.admin, 'POST', '/api/demo'), 201);
  }, 120_000);
  afterAll(() => t?.close());

  it('has admissions in the window by members who have left or moved away since', () => {
    const gone = admissions.filter(
      ({ member, admission }) =>
        admission.admittedOn >= window.from && (member.leftOn !== null || member.orgId !== admission.orgId),
    );
    expect(gone.length).toBeGreaterThan(0);
  });

  it('gives the same figures per org and year on the dashboard, the 基本情况 and the 发展党员 page', async () => {
    const batch = expectStatus(
      await t.request(
        t.admin,
        'GET',
        `/api/statistics/batch?orgIds=${county.orgs.map((o) => o.id).join(',')}&asOf=${day}`,
      ),
      200,
    ).json() as { items: Statistics[] };

    for (const [i, org] of county.orgs.entries()) {
      const stats = batch.items[i]!;
      const label = `${org.name} (${org.id})`;
      // Admitted by an org of the subtree, wherever the member is now, and whether or not they left.
      const expected = years.map((year) => ({
        year,
        count: admissions.filter(
          ({ admission }) =>
            admission.admittedOn.startsWith(`${year}-`) && isWithin(pathOf.get(admission.orgId)!, org.path),
        ).length,
      }));
      expect(stats.members.newByYear, label).toEqual(expected);

      const basics = expectStatus(
        await t.request(t.admin, 'GET', `/api/statistics/basics?orgId=${org.id}&asOf=${day}`),
        200,
      ).json() as Basics;
      const amount = (rowLabel: string) => basics.rows.find((r) => r.label === rowLabel)?.amount;
      for (const y of expected) expect(amount(`${y.year}年发展党员`), label).toBe(y.count);
      if (stats.development.eligibleVillages > 0)
        expect(amount(`连续两年（${window.years[0]}、${window.years[1]}年）未发展党员的村`), label).toBe(
          stats.development.villagesWithoutDevelopment.count,
        );

      const pipeline = expectStatus(
        await t.request(t.admin, 'GET', `/api/pipeline?orgId=${org.id}&asOf=${day}`),
        200,
      ).json() as Pipeline;
      const flagged = pipeline.villagesWithoutDevelopment.items;
      expect(
        flagged.map((v) => v.orgId).sort((a, b) => a - b),
        label,
      ).toEqual(stats.development.villages.map((v) => v.id));
      expect(flagged.length, label).toBe(stats.development.villagesWithoutDevelopment.count);
      expect(pipeline.villagesWithoutDevelopment.total, label).toBe(flagged.length);
      for (const v of flagged) {
        // A village that developed nobody in the window shows no development inside it.
        const inWindow =
          v.lastDevelopedOn !== null && v.lastDevelopedOn >= window.from && v.lastDevelopedOn <= window.to;
        expect(inWindow, `${v.orgName} ${v.lastDevelopedOn}`).toBe(false);
        const last = admissions
          .filter(({ admission }) => admission.orgId === v.orgId)
          .map(({ admission }) => admission.admittedOn)
          .sort()
          .at(-1);
        expect(v.lastDevelopedOn, v.orgName).toBe(last ?? null);
      }
    }
    // Without an org the admin's pipeline computes the list from the registry rather than from the
    // statistics' cached flags: the same villages.
    const [root] = county.orgs;
    const fromFlags = expectStatus(
      await t.request(t.admin, 'GET', `/api/pipeline?orgId=${root!.id}&asOf=${day}`),
      200,
    ).json() as Pipeline;
    const fromRegistry = expectStatus(
      await t.request(t.admin, 'GET', `/api/pipeline?asOf=${day}`),
      200,
    ).json() as Pipeline;
    expect(fromRegistry.villagesWithoutDevelopment.total).toBeGreaterThan(0);
    expect(fromRegistry).toEqual(fromFlags);
  }, 600_000);
});
