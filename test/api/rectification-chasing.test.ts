import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/query-rows.js';
import { manualClock } from '../../src/server/clock.js';
import { rectificationDigestTask } from '../../src/server/modules/rectification/inbox.js';
import { createTestContext, type Session, type TestContext } from '../helpers/test-app.js';
import { testDriver } from '../helpers/test-db.js';
import { createOrg, expectApiError, expectStatus, signedInUser, type OrgRow } from './support/fixtures.js';

type Inbox = {
  tasks: { problemId: number; daysOverdue: number; action: string; status: string }[];
  tasksTotal: number;
  notifications: {
    id: number;
    kind: string;
    problemId: number | null;
    text: string;
    readAt: string | null;
  }[];
  unread: number;
};

describe(`rectification: chasing (${testDriver})`, () => {
  let t: TestContext;
  let town: OrgRow;
  let otherTown: OrgRow;
  let village: OrgRow;
  let quietVillage: OrgRow;
  let organizer: Session;
  let outsider: Session;
  let secretary: Session & { userId: number };
  let quietSecretary: Session & { userId: number };
  let owner: Session & { userId: number };
  // Local times: the digest runs at 07:30 of the server's day.
  const clock = manualClock('2026-06-15T09:00:00');

  beforeAll(async () => {
    t = await createTestContext({ clock });
    const county = await createOrg(t, null, '催办县委', 'county');
    town = await createOrg(t, county.id, '催办镇党委', 'committee');
    otherTown = await createOrg(t, county.id, '别镇党委', 'committee');
    village = await createOrg(t, town.id, '南村党支部', 'branch');
    quietVillage = await createOrg(t, town.id, '北村党支部', 'branch');
    organizer = await signedInUser(t, 'chorg', 'organizer', town.id);
    outsider = await signedInUser(t, 'chout', 'organizer', otherTown.id);
    secretary = await signedInUser(t, 'chsec', 'secretary', village.id);
    quietSecretary = await signedInUser(t, 'chquiet', 'secretary', quietVillage.id);
    // A town viewer named owner of a measure: chased as its owner, not as a user of the org.
    owner = await signedInUser(t, 'chowner', 'viewer', town.id);
  });
  afterAll(() => t?.close());

  const file = async (orgId: number, deadline: string, text = '组织生活会召开不规范') =>
    (
      expectStatus(
        await t.request(organizer, 'POST', '/api/problems', {
          orgId,
          ref: { source: 'inspection' },
          text,
          category: 'organizational',
          severity: 'medium',
          deadline,
        }),
        201,
      ).json() as { id: number }
    ).id;
  const remind = (s: Session, id: number, body: object = { message: null }) =>
    t.request(s, 'POST', `/api/problems/${id}/remind`, body);
  const inbox = async (s: Session) =>
    expectStatus(await t.request(s, 'GET', '/api/inbox'), 200).json() as Inbox;
  // The badge as the header reads it: with the session first (/auth/me), then on its own; always equal.
  const badge = async (s: Session) => {
    const { count } = expectStatus(await t.request(s, 'GET', '/api/inbox/count'), 200).json() as {
      count: number;
    };
    const me = expectStatus(await t.request(s, 'GET', '/api/auth/me'), 200).json() as { inboxCount: number };
    expect(me.inboxCount).toBe(count);
    return count;
  };
  const notificationsOf = (userId: number) =>
    queryRows<{ kind: string; text: string; day: string; problem_id: number | null }>(
      t.database.db,
      sql`select kind, text, day::text as day, problem_id from notifications where recipient_id = ${userId} order by id`,
    );

  let overdueId: number;

  it('records a reminder: a history event, a notification to each worker, an audit entry; once a day', async () => {
    overdueId = await file(village.id, '2026-06-10', '三会一课记录缺失');
    expectStatus(
      await t.request(organizer, 'POST', `/api/problems/${overdueId}/measures`, {
        text: '补齐会议记录',
        ownerUserId: owner.userId,
        responsibleOrgId: village.id,
        deadline: '2026-06-30',
      }),
      201,
    );
    const res = expectStatus(await remind(organizer, overdueId, { message: '请本周内提交整改材料' }), 200);
    expect(res.json()).toEqual({ notified: 2 });

    const detail = expectStatus(
      await t.request(organizer, 'GET', `/api/problems/${overdueId}`),
      200,
    ).json() as {
      status: string;
      events: { kind: string; toStatus: string; detail: Record<string, unknown> }[];
    };
    expect(detail.events.at(-1)).toMatchObject({
      kind: 'reminder',
      toStatus: 'open',
      detail: { message: '请本周内提交整改材料', notified: 2 },
    });
    for (const userId of [secretary.userId, owner.userId])
      expect(await notificationsOf(userId)).toEqual([
        {
          kind: 'reminder',
          text: '用户chorg催办整改问题“三会一课记录缺失”：请本周内提交整改材料',
          day: '2026-06-15',
          problem_id: overdueId,
        },
      ]);
    expect(await notificationsOf(quietSecretary.userId)).toEqual([]);
    const [audit] = await queryRows<{ after: Record<string, unknown> }>(
      t.database.db,
      sql`select after from audit_log where entity_type = 'problem' and entity_id = ${String(overdueId)} and after->>'problemEvent' = 'reminder'`,
    );
    expect(audit?.after).toMatchObject({ message: '请本周内提交整改材料' });

    expectApiError(await remind(organizer, overdueId), 409, 'PROBLEM_REMINDED_TODAY');
    expect(await notificationsOf(secretary.userId)).toHaveLength(1);
  });

  it('refuses a reminder from outside the subtree (404), from the org itself (403), too long a message', async () => {
    expectApiError(await remind(outsider, overdueId), 404);
    expectApiError(await remind(secretary, overdueId), 403);
    expectApiError(await remind(organizer, 2_000_000), 404);
    expectApiError(await remind(organizer, overdueId, { message: 'x'.repeat(201) }), 400, 'VALIDATION_ERROR');
  });

  it('shows the reminded item and the reminder in the secretary’s inbox, and counts the badge', async () => {
    const notDue = await file(village.id, '2026-12-31');
    const box = await inbox(secretary);
    expect(box.tasks.map((task) => task.problemId)).toContain(overdueId);
    expect(box.tasks.map((task) => task.problemId)).not.toContain(notDue);
    expect(box.tasks.find((task) => task.problemId === overdueId)).toMatchObject({
      daysOverdue: 5,
      action: 'work',
    });
    expect(box.notifications).toMatchObject([{ kind: 'reminder', problemId: overdueId, readAt: null }]);
    expect(box.unread).toBe(1);
    expect(await badge(secretary)).toBe(box.tasksTotal + 1);
    // The owner sees it by their measure; the organizer has nothing to verify yet.
    expect((await inbox(owner)).tasks.map((task) => task.problemId)).toEqual([overdueId]);
    expect(await badge(outsider)).toBe(0);

    const read = expectStatus(
      await t.request(secretary, 'POST', '/api/inbox/read', { ids: [box.notifications[0]!.id] }),
      200,
    );
    expect(read.json()).toEqual({ marked: 1 });
    expect(await badge(secretary)).toBe(box.tasksTotal);
    // Another user's notification is not theirs to mark.
    const ownerBox = await inbox(owner);
    expect(
      expectStatus(
        await t.request(secretary, 'POST', '/api/inbox/read', { ids: [ownerBox.notifications[0]!.id] }),
        200,
      ).json(),
    ).toEqual({ marked: 0 });
    expect(
      expectStatus(await t.request(owner, 'POST', '/api/inbox/read', { all: true }), 200).json(),
    ).toEqual({ marked: 1 });
    expect((await inbox(owner)).unread).toBe(0);
  });

  it('gives the organizer submitted items to verify', async () => {
    const id = await file(village.id, '2026-08-31');
    expectStatus(await t.request(secretary, 'POST', `/api/problems/${id}/start`, {}), 200);
    expectStatus(await t.request(secretary, 'POST', `/api/problems/${id}/submit`, { text: '已整改' }), 200);
    const box = await inbox(organizer);
    expect(box.tasks).toEqual([
      expect.objectContaining({ problemId: id, action: 'verify', status: 'submitted' }),
    ]);
    expect(await badge(organizer)).toBe(1);
    expect((await inbox(outsider)).tasks).toEqual([]);

    expectStatus(await t.request(organizer, 'POST', `/api/problems/${id}/close`, {}), 200);
    expect(await badge(organizer)).toBe(0);
    expectApiError(await remind(organizer, id), 409, 'PROBLEM_STATUS_INVALID');
  });

  it('lists the overdue items of a subtree, most overdue first, with their reminders', async () => {
    const later = await file(village.id, '2026-06-13');
    const list = async (s: Session, orgId: number) =>
      t.request(s, 'GET', `/api/problems/overdue?orgId=${orgId}`);
    const page = expectStatus(await list(organizer, town.id), 200).json() as {
      items: {
        id: number;
        daysOverdue: number;
        orgName: string;
        reminders: number;
        lastRemindedAt: string | null;
      }[];
      total: number;
    };
    expect(page.total).toBe(2);
    expect(page.items.map((i) => [i.id, i.daysOverdue, i.reminders])).toEqual([
      [overdueId, 5, 1],
      [later, 2, 0],
    ]);
    expect(page.items[0]).toMatchObject({ orgName: '南村党支部' });
    expect(page.items[0]!.lastRemindedAt).not.toBeNull();
    expect(page.items[1]!.lastRemindedAt).toBeNull();
    expectApiError(await list(outsider, town.id), 404);
    expectStatus(await list(secretary, village.id), 200);
    // Without an org: the reader's whole scope.
    const all = expectStatus(await t.request(organizer, 'GET', '/api/problems/overdue'), 200).json() as {
      total: number;
    };
    expect(all.total).toBe(2);
  });

  it('sends one digest a day to whoever has items due within 7 days or overdue', async () => {
    const id = await file(quietVillage.id, '2026-07-01');
    const digests = async () =>
      (await notificationsOf(quietSecretary.userId)).filter((n) => n.kind === 'digest');
    const tick = async (at: string) => {
      clock.set(at);
      return (await t.app.scheduler.tick()).filter((run) => run.task === 'rectification.digest');
    };

    // Before 07:30 the day's digest is not due; on 06-23 the deadline is eight days away.
    expect(await tick('2026-06-23T07:00:00')).toEqual([]);
    expect(await tick('2026-06-23T07:45:00')).toMatchObject([{ outcome: 'succeeded' }]);
    expect(await digests()).toEqual([]);

    expect(await tick('2026-06-24T07:45:00')).toMatchObject([{ period: '2026-06-24', outcome: 'succeeded' }]);
    expect(await tick('2026-06-24T12:00:00')).toEqual([]);
    // Even a second run of the day's task adds nothing.
    await rectificationDigestTask().run({ period: '2026-06-24', now: clock.now(), db: t.database.db });
    expect(await digests()).toEqual([
      { kind: 'digest', text: '1 项整改 7 日内到期', day: '2026-06-24', problem_id: null },
    ]);
    expect((await inbox(quietSecretary)).notifications.map((n) => n.text)).toEqual(['1 项整改 7 日内到期']);

    expectStatus(await t.request(quietSecretary, 'POST', `/api/problems/${id}/start`, {}), 200);
    await file(quietVillage.id, '2026-07-08');
    await tick('2026-07-03T08:00:00');
    expect((await digests()).map((d) => [d.day, d.text])).toEqual([
      ['2026-06-24', '1 项整改 7 日内到期'],
      ['2026-07-03', '1 项整改 7 日内到期，1 项已逾期'],
    ]);
  });
});
