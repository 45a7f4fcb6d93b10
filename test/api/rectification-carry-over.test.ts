import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/server/clock.js';
import { createTestContext, type Session, type TestContext } from '../helpers/test-app.js';
import { testDriver } from '../helpers/test-db.js';
import {
  annualCycle,
  createOrg,
  expectApiError,
  expectStatus,
  signedInUser,
  villageBranch,
  type OrgRow,
} from './support/fixtures.js';

type Section = { kind: string; text: string };

describe(`rectification: last year's problems pre-fill this year's report (${testDriver})`, () => {
  let t: TestContext;
  let town: OrgRow;
  let village: OrgRow;
  let quietVillage: OrgRow;
  let otherVillage: OrgRow;
  let organizer: Session;
  let secretary: Session;
  let cycleId: number;
  let serial = 0;
  const clock = manualClock('2026-03-01T08:00:00Z');

  beforeAll(async () => {
    t = await createTestContext({ clock });
    const county = await createOrg(t, null, '承接县委', 'county');
    town = await createOrg(t, county.id, '承接镇党委', 'committee');
    village = await villageBranch(t, town.id, '上村党支部');
    quietVillage = await villageBranch(t, town.id, '静村党支部');
    otherVillage = await villageBranch(t, town.id, '下村党支部');
    organizer = await signedInUser(t, 'cotown', 'organizer', town.id);
    secretary = await signedInUser(t, 'cosec', 'secretary', village.id);
    const lastYear = await annualCycle(t, organizer, town.id, 2025);
    const older = await annualCycle(t, organizer, town.id, 2024);

    const file = async (cycle: number, orgId: number, text: string, deadline: string) =>
      expectStatus(
        await t.request(organizer, 'POST', '/api/problems', {
          cycleId: cycle,
          orgId,
          candidateKey: `critique:${++serial}`,
          ref: { source: 'critique', leaderReviewId: serial },
          text,
          category: 'organizational',
          severity: 'medium',
          deadline,
        }),
        201,
      ).json().id as number;
    const act = async (s: Session, id: number, step: string, body: object = {}) =>
      expectStatus(await t.request(s, 'POST', `/api/problems/${id}/${step}`, body), 200);

    const closed = await file(
      lastYear,
      village.id,
      '三会一课落实不到位，支部党员大会未按季度召开。',
      '2026-01-31',
    );
    expectStatus(
      await t.request(secretary, 'POST', `/api/problems/${closed}/measures`, {
        text: '制定组织生活计划并按月公示',
        ownerUserId: secretary.userId,
        responsibleOrgId: village.id,
        deadline: '2026-01-31',
      }),
      201,
    );
    await act(secretary, closed, 'start');
    await act(secretary, closed, 'submit', { text: '已按季度召开支部党员大会' });
    await act(organizer, closed, 'close');
    await file(lastYear, village.id, '发展党员偏少', '2026-02-15');
    const kept = await file(lastYear, village.id, '台账资料不规范', '2026-06-30');
    const duplicate = await file(lastYear, village.id, '台账记录与实际不符', '2026-06-30');
    await act(organizer, duplicate, 'merge', { intoId: kept });
    // Two years back: still open, so it is still owed; closed, it was reported a year ago.
    await file(older, village.id, '党员教育管理松散', '2025-06-30');
    const oldClosed = await file(older, village.id, '党务公开不及时', '2025-06-30');
    await act(secretary, oldClosed, 'start');
    await act(secretary, oldClosed, 'submit', { text: '已按月公开' });
    await act(organizer, oldClosed, 'close');
    await file(lastYear, otherVillage.id, '下村的问题', '2026-06-30');

    cycleId = await annualCycle(t, organizer, town.id, 2026);
  });
  afterAll(() => t?.close());

  const sectionOf = (report: { body: { sections: Section[] } }) =>
    report.body.sections.find((s) => s.kind === 'lastYearRectification')!.text;

  it("writes the org's own items of last year and older open ones, merged duplicates left out", async () => {
    const report = expectStatus(
      await t.request(secretary, 'POST', '/api/reports', { cycleId, orgId: village.id }),
      201,
    ).json();
    expect(sectionOf(report).split('\n')).toEqual([
      '上年度以来列入问题清单的问题共 4 个，已整改销号 1 个，正在整改 3 个，其中逾期 2 个。',
      '1．三会一课落实不到位，支部党员大会未按季度召开。已于2026年3月1日整改销号。整改措施：制定组织生活计划并按月公示。',
      '2．发展党员偏少。待整改，整改期限2026年2月15日，已逾期14天。',
      '3．台账资料不规范。待整改，整改期限2026年6月30日。',
      '4．党员教育管理松散。待整改，整改期限2025年6月30日，已逾期244天。',
    ]);
    expect(sectionOf(report)).not.toContain('台账记录与实际不符');
    expect(sectionOf(report)).not.toContain('下村');
  });

  it('leaves the part empty for an org with nothing on its list', async () => {
    const report = expectStatus(
      await t.request(organizer, 'POST', '/api/reports', { cycleId, orgId: quietVillage.id }),
      201,
    ).json();
    expect(sectionOf(report)).toBe('');
  });

  it("never reads an org outside the writer's scope", async () => {
    // The village's secretary cannot start, and so cannot read, the neighbouring village's report.
    expectApiError(
      await t.request(secretary, 'POST', '/api/reports', { cycleId, orgId: otherVillage.id }),
      404,
    );
    const report = expectStatus(
      await t.request(organizer, 'POST', '/api/reports', { cycleId, orgId: otherVillage.id }),
      201,
    ).json();
    expect(sectionOf(report).split('\n')[1]).toBe('1．下村的问题。待整改，整改期限2026年6月30日。');
  });
});
