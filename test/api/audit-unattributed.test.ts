import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/query-rows.js';
import { recordAudit, recordUnattributedAudit } from '../../src/server/modules/audit/record.js';
import { createTestContext, type TestContext } from '../helpers/test-app.js';
import { testDriver } from '../helpers/test-db.js';
import { createOrg, expectStatus, type OrgRow } from './support/fixtures.js';

interface StoredEntry {
  at: Date | string;
  actorId: number | null;
  actorName: string | null;
  ip: string | null;
  unattributed: boolean;
}

describe(`audit entries without their actor, by design (${testDriver})`, () => {
  let t: TestContext;
  let county: OrgRow;
  const count = async () =>
    (await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from audit_log`))[0]!.n;

  beforeAll(async () => {
    t = await createTestContext();
    county = await createOrg(t, null, '匿名县委', 'county');
  });
  afterAll(() => t.close());

  it('stores an allowed kind with no actor, no IP and no time finer than its day', async () => {
    await t.database.db.transaction((tx) =>
      recordUnattributedAudit(tx, {
        action: 'ballot.cast',
        entityId: 41,
        orgPath: county.path,
        day: '2031-05-01',
        after: { meetingId: 41 },
      }),
    );
    const [stored] = await queryRows<StoredEntry>(
      t.database.db,
      sql`select at, actor_id as "actorId", actor_name as "actorName", ip, unattributed
          from audit_log where action = 'ballot.cast'`,
    );
    expect(stored).toMatchObject({ actorId: null, actorName: null, ip: null, unattributed: true });
    expect(new Date(stored!.at).toISOString()).toBe('2031-05-01T00:00:00.000Z');

    // Readers see it flagged, so the audit page can say the actor is not recorded by design.
    const page = expectStatus(
      await t.request(t.admin, 'GET', '/api/audit?entityType=reviewMeeting'),
      200,
    ).json();
    expect(page.items).toEqual([
      expect.objectContaining({
        action: 'ballot.cast',
        entityType: 'reviewMeeting',
        entityId: '41',
        orgId: county.id,
        actorId: null,
        actorName: null,
        ip: null,
        at: '2031-05-01T00:00:00.000Z',
        unattributed: true,
      }),
    ]);
  });

  it('refuses a kind outside the allow-list, and an allowed kind with its actor', async () => {
    const before = await count();
    const event = { entityId: 1, orgPath: county.path, day: '2031-05-01' };
    // @ts-expect-error -- only the kinds of unattributedAuditEvents compile.
    await expect(recordUnattributedAudit(t.database.db, { ...event, action: 'update' })).rejects.toThrow(
      /may not be recorded without its actor/,
    );
    await expect(
      recordAudit(
        t.database.db,
        { id: 1, displayName: '某人', ip: '10.0.0.1' },
        {
          // @ts-expect-error -- an anonymous kind is not an AuditAction.
          action: 'ballot.cast',
          entityType: 'org',
          entityId: 1,
          orgPath: county.path,
        },
      ),
    ).rejects.toThrow(/only without its actor/);
    await expect(
      recordUnattributedAudit(t.database.db, { ...event, action: 'ballot.cast', day: '2031-05-01T08:30' }),
    ).rejects.toThrow(/YYYY-MM-DD/);
    expect(await count()).toBe(before);
  });

  it('holds the same line in SQL, whoever writes the row', async () => {
    const insert = (columns: string) =>
      t.database.db.execute(
        sql.raw(`insert into audit_log (action, entity_type, unattributed, at, actor_id, ip)
                 values ('ballot.cast', 'reviewMeeting', true, ${columns})`),
      );
    await expect(insert(`'2031-05-01T00:00:00Z', 7, null`)).rejects.toThrow();
    await expect(insert(`'2031-05-01T00:00:00Z', null, '10.0.0.1'`)).rejects.toThrow();
    await expect(insert(`'2031-05-01T09:15:00Z', null, null`)).rejects.toThrow();
    await insert(`'2031-05-02T00:00:00Z', null, null`);
  });
});
