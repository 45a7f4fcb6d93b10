import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/query-rows.js';
import type { ReportBody } from '../../src/domain/reports.js';
import { manualClock } from '../../src/server/clock.js';
import { createTestContext, type Session, type TestContext } from '../helpers/test-app.js';
import { testDriver } from '../helpers/test-db.js';
import {
  createOrg,
  expectApiError,
  expectNoChange,
  expectStatus,
  signedInUser,
  type OrgRow,
  villageBranch,
  annualCycle,
} from './support/fixtures.js';

describe(`report reminders (${testDriver})`, () => {
  let t: TestContext;
  let east: OrgRow;
  let west: OrgRow;
  let north: OrgRow;
  let organizer: Session;
  let otherOrganizer: Session;
  let eastSecretary: Session;
  let westSecretary: Session;
  let northSecretary: Session;
  let cycleId: number;
  const clock = manualClock('2027-01-10T08:00:00Z');

  beforeAll(async () => {
    t = await createTestContext({ clock });
    const county = await createOrg(t, null, '催办县委', 'county');
    const town = await createOrg(t, county.id, '催办镇党委', 'committee');
    const other = await createOrg(t, county.id, '另一镇党委', 'committee');
    east = await villageBranch(t, town.id, '东岭村党支部');
    west = await villageBranch(t, town.id, '西岭村党支部');
    north = await villageBranch(t, town.id, '北岭村党支部');
    organizer = await signedInUser(t, 'rmtown', 'organizer', town.id);
    otherOrganizer = await signedInUser(t, 'rmother', 'organizer', other.id);
    eastSecretary = await signedInUser(t, 'rmeast', 'secretary', east.id);
    westSecretary = await signedInUser(t, 'rmwest', 'secretary', west.id);
    northSecretary = await signedInUser(t, 'rmnorth', 'secretary', north.id);
    cycleId = await annualCycle(t, organizer, town.id, 2026, { reportsDueOn: '2027-01-15' });
  });
  afterAll(() => t?.close());

  /** The org's secretary writes a complete report and submits it. */
  const submit = async (secretary: Session, orgId: number) => {
    const created = expectStatus(
      await t.request(secretary, 'POST', '/api/reports', { cycleId, orgId }),
      201,
    ).json() as { id: number; body: ReportBody; updatedAt: string };
    const body = structuredClone(created.body);
    for (const section of body.sections) section.text ||= `${section.title}：按要求开展工作。`;
    body.problems = [{ text: '组织生活记录不全', cause: '制度学习不深' }];
    body.plans = [{ text: '逐月检查组织生活记录', answers: [0] }];
    expectStatus(
      await t.request(secretary, 'PUT', `/api/reports/${created.id}`, {
        body,
        updatedAt: created.updatedAt,
      }),
      200,
    );
    expectStatus(await t.request(secretary, 'POST', `/api/reports/${created.id}/submit`), 200);
  };
  const remind = (s: Session, message?: string) =>
    t.request(s, 'POST', '/api/reports/remind', message === undefined ? { cycleId } : { cycleId, message });
  const reminders = async (s: Session) =>
    expectStatus(await t.request(s, 'GET', '/api/reports/reminders'), 200).json().items as {
      cycleId: number;
      cycleName: string;
      dueOn: string | null;
      sentByName: string;
      message: string;
    }[];

  it('only the cycle’s organizer reminds: a secretary is refused, another town does not see the cycle', async () => {
    await submit(eastSecretary, east.id);
    await expectNoChange(t, async () => {
      expect((await remind(westSecretary)).statusCode).toBe(403);
      expectApiError(await remind(otherOrganizer), 404, 'NOT_FOUND');
    });
  });

  it('reminds the orgs that have not submitted, each audited; their secretaries see it, a submitter does not', async () => {
    const answer = expectStatus(await remind(organizer, '请于本周内提交'), 200).json();
    expect(answer).toEqual({ reminded: 2, orgNames: ['西岭村党支部', '北岭村党支部'] });
    const rows = await queryRows<{ org_id: number; message: string }>(
      t.database.db,
      sql`select org_id, message from report_reminders order by org_id`,
    );
    expect(rows.map((r) => r.org_id).sort()).toEqual([west.id, north.id].sort());
    const audited = await queryRows<{ action: string; org_path: string }>(
      t.database.db,
      sql`select action, org_path from audit_log where entity_type = 'reportReminder'`,
    );
    expect(audited.map((a) => a.action)).toEqual(['create', 'create']);

    expect(await reminders(westSecretary)).toEqual([
      {
        cycleId,
        cycleName: expect.any(String),
        dueOn: '2027-01-15',
        sentAt: '2027-01-10T08:00:00.000Z',
        sentByName: expect.any(String),
        message: '请于本周内提交',
      },
    ]);
    expect(await reminders(eastSecretary)).toEqual([]);
    // Addressed to the secretaries' orgs only, not to the organizer's own.
    expect(await reminders(organizer)).toEqual([]);
  });

  it('a secretary’s reminder goes away once they submit; a second reminder reaches only who is left', async () => {
    await submit(westSecretary, west.id);
    expect(await reminders(westSecretary)).toEqual([]);
    clock.set('2027-01-12T08:00:00Z');
    expect(expectStatus(await remind(organizer), 200).json()).toEqual({
      reminded: 1,
      orgNames: ['北岭村党支部'],
    });
    // The latest reminder of the cycle, once.
    expect(await reminders(northSecretary)).toMatchObject([
      { cycleId, sentAt: '2027-01-12T08:00:00.000Z', message: '' },
    ]);
  });

  it('refuses when every reporting org has submitted', async () => {
    await submit(northSecretary, north.id);
    expect(await reminders(northSecretary)).toEqual([]);
    await expectNoChange(t, async () => {
      expectApiError(await remind(organizer), 409, 'REPORTS_ALL_SUBMITTED');
    });
  });
});
