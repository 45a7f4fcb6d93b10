import fs from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationsFolder } from '../../src/db/migrate.js';
import { queryRows } from '../../src/db/query-rows.js';
import { createTestContext, type Session, type TestContext } from '../helpers/test-app.js';
import { testDriver } from '../helpers/test-db.js';
import {
  createOrg,
  createUser,
  expectApiError,
  expectStatus,
  signedInUser,
  type OrgRow,
} from './support/fixtures.js';

interface Entry {
  id: number;
  at: string;
  actorId: number | null;
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  orgId: number | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  ip: string | null;
}

describe(`audit log (${testDriver})`, () => {
  let t: TestContext;
  let county: OrgRow;
  let town1: OrgRow;
  let town2: OrgRow;
  let branch1: OrgRow;
  let organizer: Session;
  let dated: number[];

  beforeAll(async () => {
    t = await createTestContext();
    county = await createOrg(t, null, '审计县委', 'county');
    town1 = await createOrg(t, county.id, '审计一镇党委', 'committee');
    town2 = await createOrg(t, county.id, '审计二镇党委', 'committee');
    branch1 = await createOrg(t, town1.id, '审计一镇党支部', 'branch');
    await createOrg(t, town2.id, '审计二镇党支部', 'branch');
    await createUser(t, 'audittown2', 'viewer', town2.id);
    await createUser(t, 'auditadmin', 'admin', null);
    organizer = await signedInUser(t, 'auditorganizer', 'organizer', town1.id);
    // The organizer's own work.
    const made = await createOrg(t, town1.id, '审计一镇新党支部', 'branch', organizer);
    expectStatus(await t.request(organizer, 'PATCH', `/api/orgs/${made.id}`, { sortOrder: 4 }), 200);
    expectStatus(await t.request(organizer, 'DELETE', `/api/orgs/${made.id}`), 204);

    // Three entries at known times, for the time filters.
    dated = [];
    for (const [i, name] of ['审计甲', '审计乙', '审计丙'].entries()) {
      const org = await createOrg(t, town2.id, name, 'branch');
      const [row] = await queryRows<{ id: number }>(
        t.database.db,
        sql`update audit_log set at = ${`2020-0${i + 1}-15T08:00:00Z`}::timestamptz
            where entity_type = 'org' and action = 'create' and entity_id = ${String(org.id)}
            returning id::int as id`,
      );
      dated.push(row!.id);
    }
  });
  afterAll(() => t?.close());

  const list = async (query: string, as: Session = t.admin) => {
    const res = expectStatus(await t.request(as, 'GET', `/api/audit?${query}`), 200);
    return res.json() as { items: Entry[]; total: number };
  };

  async function idsInDb(where: ReturnType<typeof sql>): Promise<number[]> {
    const rows = await queryRows<{ id: number }>(
      t.database.db,
      sql`select id::int as id from audit_log where ${where} order by id desc`,
    );
    return rows.map((r) => r.id);
  }

  it('lists newest first, and pages through all of it', async () => {
    const all = await list('pageSize=200');
    expect(all.total).toBe(all.items.length);
    expect(all.items.map((e) => e.id)).toEqual(await idsInDb(sql`true`));
    for (let i = 1; i < all.items.length; i++) expect(all.items[i]!.id).toBeLessThan(all.items[i - 1]!.id);
    const paged: number[] = [];
    for (let page = 1; page <= Math.ceil(all.total / 4) + 1; page++) {
      const res = await list(`page=${page}&pageSize=4`);
      expect(res.total).toBe(all.total);
      paged.push(...res.items.map((e) => e.id));
    }
    expect(paged).toEqual(all.items.map((e) => e.id));
    expect((await list('')).items).toHaveLength(Math.min(20, all.total));
  });

  it('records who, what, where and from which address', async () => {
    const { items } = await list('entityType=org&action=update');
    const entry = items.find((e) => e.actorId === organizer.userId)!;
    expect(entry).toMatchObject({
      actorName: '用户auditorganizer',
      entityType: 'org',
      action: 'update',
      orgId: Number(entry.entityId),
      ip: '127.0.0.1',
      before: expect.objectContaining({ sortOrder: 0 }),
      after: expect.objectContaining({ sortOrder: 4 }),
    });
    expect(new Date(entry.at).getTime()).not.toBeNaN();
    // The first admin was created by the system itself.
    const [first] = (await list('entityType=user&action=create&pageSize=200')).items.slice(-1);
    expect(first).toMatchObject({
      actorId: null,
      actorName: null,
      orgId: null,
      after: { username: 'admin' },
    });
  });

  it('filters by entity type and action', async () => {
    for (const [query, where] of [
      ['entityType=org', sql`entity_type = 'org'`],
      ['entityType=user', sql`entity_type = 'user'`],
      ['entityType=session&action=login', sql`entity_type = 'session' and action = 'login'`],
      ['action=delete', sql`action = 'delete'`],
      ['action=password.change', sql`action = 'password.change'`],
      ['entityType=nothing', sql`false`],
    ] as const) {
      const res = await list(`${query}&pageSize=200`);
      const expected = await idsInDb(where);
      expect(
        res.items.map((e) => e.id),
        query,
      ).toEqual(expected);
      expect(res.total, query).toBe(expected.length);
    }
    expect((await list('entityType=org&action=move')).total).toBe(0);
  });

  it('filters by actor', async () => {
    const mine = await list(`actorId=${organizer.userId}&pageSize=200`);
    expect(mine.items.map((e) => e.action).sort()).toEqual(['create', 'delete', 'login', 'update']);
    expect(mine.items.every((e) => e.actorId === organizer.userId)).toBe(true);
    expect(
      (await list(`actorId=${t.admin.userId}&pageSize=200`)).items.every((e) => e.actorId === t.admin.userId),
    ).toBe(true);
    expect((await list('actorId=2000000')).total).toBe(0);
  });

  it('filters by org, including everything below it', async () => {
    for (const org of [county, town1, town2, branch1]) {
      const res = await list(`orgId=${org.id}&pageSize=200`);
      const expected = await idsInDb(sql`org_path <@ ${org.path}::ltree`);
      expect(
        res.items.map((e) => e.id),
        org.name,
      ).toEqual(expected);
      expect(expected.length, org.name).toBeGreaterThan(0);
    }
    const town1Ids = (await list(`orgId=${town1.id}&pageSize=200`)).items.map((e) => e.orgId);
    expect(town1Ids).toContain(town1.id);
    expect(town1Ids).toContain(branch1.id);
    expect(town1Ids).not.toContain(town2.id);
    expectApiError(await t.request(t.admin, 'GET', '/api/audit?orgId=2000000'), 404, 'NOT_FOUND');
  });

  it('filters by time, both ends included', async () => {
    const ids = async (query: string) => (await list(`${query}&pageSize=200`)).items.map((e) => e.id);
    const [jan, feb, mar] = dated as [number, number, number];
    expect(await ids('from=2020-01-01T00:00:00Z&to=2020-12-31T00:00:00Z')).toEqual([mar, feb, jan]);
    expect(await ids('from=2020-02-15T08:00:00Z&to=2020-02-15T08:00:00Z')).toEqual([feb]);
    expect(await ids('from=2020-02-01T00:00:00Z&to=2020-03-01T00:00:00Z')).toEqual([feb]);
    expect(await ids('to=2020-02-15T08:00:00Z')).toEqual([feb, jan]);
    // Time zones are honoured: 16:00 in Beijing is 08:00 UTC.
    expect(await ids('from=2020-03-15T16:00:00%2B08:00&to=2020-03-15T16:00:00%2B08:00')).toEqual([mar]);
    const recent = await ids('from=2021-01-01T00:00:00Z');
    expect(recent).not.toEqual(expect.arrayContaining([jan]));
    expect(recent.length).toBe((await list('pageSize=200')).total - 3);
    expect(await ids('from=2020-12-31T00:00:00Z&to=2020-01-01T00:00:00Z')).toEqual([]);
  });

  it('combines filters', async () => {
    const res = await list(
      `entityType=org&action=create&orgId=${town2.id}&from=2020-01-01T00:00:00Z&to=2020-06-01T00:00:00Z`,
    );
    expect(res.items.map((e) => e.id)).toEqual([...dated].reverse());
  });

  it('shows an organizer the entries of their subtree only, without system-wide ones', async () => {
    const seen = await list('pageSize=200', organizer);
    const expected = await idsInDb(sql`org_path <@ ${town1.path}::ltree`);
    expect(seen.items.map((e) => e.id)).toEqual(expected);
    expect(seen.total).toBe(expected.length);
    expect(seen.items.every((e) => e.orgId !== null)).toBe(true);
    // There are system-wide entries (the admins' logins and accounts), and the organizer sees none.
    const systemWide = await idsInDb(sql`org_path is null`);
    expect(systemWide.length).toBeGreaterThan(2);
    expect(seen.items.map((e) => e.id)).not.toEqual(expect.arrayContaining([systemWide[0]]));
    // Filters narrow within the scope, never beyond it.
    expect((await list('entityType=user&pageSize=200', organizer)).items.every((e) => e.orgId !== null)).toBe(
      true,
    );
    expect((await list(`orgId=${branch1.id}`, organizer)).items.every((e) => e.orgId === branch1.id)).toBe(
      true,
    );
    expectApiError(await t.request(organizer, 'GET', `/api/audit?orgId=${town2.id}`), 404, 'NOT_FOUND');
    expectApiError(await t.request(organizer, 'GET', `/api/audit?orgId=${county.id}`), 404, 'NOT_FOUND');
    const others = await list(`actorId=${t.admin.userId}&pageSize=200`, organizer);
    expect(others.items.map((e) => e.id)).toEqual(
      await idsInDb(sql`org_path <@ ${town1.path}::ltree and actor_id = ${t.admin.userId}`),
    );
  });

  it('follows an org move and a member transfer: the new owner reads the entries, the former no more', async () => {
    const home = await createOrg(t, null, '迁移县委', 'county');
    const town2 = await createOrg(t, home.id, '迁移二镇党委', 'committee');
    const town44 = await createOrg(t, home.id, '迁移四十四镇党委', 'committee');
    const org123 = await createOrg(t, town2.id, '迁移党支部', 'branch');
    const stay = await createOrg(t, town2.id, '留守党支部', 'branch');
    const of2 = await signedInUser(t, 'movetown2', 'organizer', town2.id);
    const of44 = await signedInUser(t, 'movetown44', 'organizer', town44.id);
    const created = await t.request(t.admin, 'POST', '/api/members', {
      orgId: org123.id,
      name: '迁移党员',
      phone: '13800001234',
      gender: 'female',
      stage: 'probationary',
      probationaryOn: '2024-01-01',
    });
    const memberId = String(expectStatus(created, 201).json().id);
    const record = await t.request(t.admin, 'POST', `/api/members/${memberId}/mobile-records`, {
      direction: 'outflow',
      place: '深圳',
      startedOn: '2025-01-01',
    });
    const recordId = String(expectStatus(record, 201).json().id);
    const entriesOf = async (who: Session) =>
      (await list('pageSize=200', who)).items.filter(
        (e) =>
          (e.entityType === 'member' && e.entityId === memberId) ||
          (e.entityType === 'mobileRecord' && e.entityId === recordId) ||
          (e.entityType === 'org' && e.entityId === String(org123.id)),
      );
    expect((await entriesOf(of2)).map((e) => e.action).sort()).toEqual(['create', 'create', 'create']);
    expect(await entriesOf(of44)).toEqual([]);

    expectStatus(
      await t.request(t.admin, 'POST', `/api/orgs/${org123.id}/move`, { parentId: town44.id }),
      200,
    );
    expect(await entriesOf(of2)).toEqual([]);
    const after44 = await entriesOf(of44);
    expect(after44.map((e) => `${e.entityType}:${e.action}`).sort()).toEqual([
      'member:create',
      'mobileRecord:create',
      'org:create',
      'org:move',
    ]);
    expect(after44.find((e) => e.entityType === 'member')!.after).toMatchObject({ phone: '13800001234' });

    // Transferred back into town 2: town 44 keeps only a trace without personal data.
    const transfer = await t.request(t.admin, 'POST', `/api/members/${memberId}/transfer`, {
      toOrgId: stay.id,
      transferredOn: '2025-03-01',
    });
    expectStatus(transfer, 200);
    const trace = (await entriesOf(of44)).filter((e) => e.entityType !== 'org');
    expect(trace).toEqual([
      expect.objectContaining({
        action: 'transfer.out',
        orgId: org123.id,
        before: { orgId: org123.id },
        after: { transferredOn: '2025-03-01' },
      }),
    ]);
    expect(JSON.stringify(trace)).not.toMatch(/迁移党员|13800001234/);
    expect((await entriesOf(of2)).map((e) => `${e.entityType}:${e.action}:${e.orgId}`).sort()).toEqual([
      `member:create:${stay.id}`,
      `member:move:${stay.id}`,
      `mobileRecord:create:${stay.id}`,
    ]);
  });

  it('puts entries written before paths followed their objects at the current place (migration 0006)', async () => {
    const home = await createOrg(t, null, '旧账县委', 'county');
    const was = await createOrg(t, home.id, '旧账原镇党委', 'committee');
    const now = await createOrg(t, home.id, '旧账新镇党委', 'committee');
    const branch = await createOrg(t, was.id, '旧账党支部', 'branch');
    const target = await createOrg(t, now.id, '旧账接收党支部', 'branch');
    const created = await t.request(t.admin, 'POST', '/api/members', {
      orgId: branch.id,
      name: '旧账党员',
      gender: 'male',
      stage: 'probationary',
      probationaryOn: '2024-01-01',
    });
    const memberId = String(expectStatus(created, 201).json().id);
    expectStatus(await t.request(t.admin, 'POST', `/api/orgs/${branch.id}/move`, { parentId: now.id }), 200);
    expectStatus(
      await t.request(t.admin, 'POST', `/api/members/${memberId}/transfer`, {
        toOrgId: target.id,
        transferredOn: '2025-03-01',
      }),
      200,
    );
    // As the code before 0006 left them: the org's and the member's entries at the org's old path.
    const oldPath = `${home.id}.${was.id}.${branch.id}`;
    await t.database.db.execute(sql`
      update audit_log set org_path = ${oldPath}::ltree
      where (entity_type = 'org' and entity_id = ${String(branch.id)})
         or (entity_type = 'member' and entity_id = ${memberId} and action <> 'transfer.out')`);

    const migration = fs.readFileSync(`${migrationsFolder}/0006_audit_follows_objects.sql`, 'utf8');
    for (const statement of migration.split('--> statement-breakpoint').filter((s) => /update/i.test(s)))
      await t.database.db.execute(sql.raw(statement));

    const paths = await queryRows<{ entityType: string; action: string; path: string }>(
      t.database.db,
      sql`select entity_type as "entityType", action, org_path::text as path from audit_log
          where (entity_type = 'org' and entity_id = ${String(branch.id)})
             or (entity_type = 'member' and entity_id = ${memberId})`,
    );
    const branchNow = `${home.id}.${now.id}.${branch.id}`;
    const targetPath = `${home.id}.${now.id}.${target.id}`;
    expect(paths.filter((p) => p.entityType === 'org').map((p) => p.path)).toEqual(
      paths.filter((p) => p.entityType === 'org').map(() => branchNow),
    );
    for (const p of paths.filter((p) => p.entityType === 'member'))
      expect(p.path).toBe(p.action === 'transfer.out' ? branchNow : targetPath);
    expect(paths.some((p) => p.path.startsWith(`${home.id}.${was.id}`))).toBe(false);
  });
});
