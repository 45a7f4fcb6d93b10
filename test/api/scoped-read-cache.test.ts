import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/server/app.js';
import { createTestContext, type Session, type TestContext } from '../helpers/test-app.js';
import { testDriver } from '../helpers/test-db.js';
import { createOrg, expectApiError, expectStatus, signedInUser, type OrgRow } from './support/fixtures.js';

/**
 * `GET /api/orgs/:id` and `GET /api/members/:id` are answered from memory once read, per scope (and
 * per role for members): a change by any writer shows on the next read on this instance and on a
 * second instance of the app on the same database, and nobody ever reads past their scope.
 */
describe(`cached single-org and single-member reads (${testDriver})`, () => {
  let t: TestContext;
  let other: App;
  let county: OrgRow;
  let town: OrgRow;
  let branch: OrgRow;
  let otherBranch: OrgRow;
  let organizer: Session;
  let viewer: Session;
  // Valid (GB 11643 check digit), male, born 1980-01-01 as the members below.
  const idCard = '510104198001011236';

  beforeAll(async () => {
    t = await createTestContext();
    other = await buildApp({
      database: t.database,
      config: { secureCookies: false, sessionTtlHours: 12, webRoot: undefined },
    });
    county = await createOrg(t, null, '读缓存县委', 'county');
    town = await createOrg(t, county.id, '读缓存镇党委', 'committee');
    branch = await createOrg(t, town.id, '读缓存村党支部', 'branch');
    const otherTown = await createOrg(t, county.id, '邻镇党委', 'committee');
    otherBranch = await createOrg(t, otherTown.id, '邻镇村党支部', 'branch');
    organizer = await signedInUser(t, 'reads.organizer', 'organizer', town.id);
    viewer = await signedInUser(t, 'reads.viewer', 'viewer', town.id);
  });
  afterAll(async () => {
    await other?.close();
    await t?.close();
  });

  const here = (s: Session, url: string) => t.request(s, 'GET', url);
  const there = (s: Session, url: string) =>
    other.inject({ method: 'GET', url, headers: { cookie: s.cookie } });
  const both = [here, there];

  async function settle() {
    await Promise.all([t.app.changes.settled(), other.changes.settled()]);
  }

  async function createMember(orgId: number, name: string, withIdCard = false) {
    const res = await t.request(t.admin, 'POST', '/api/members', {
      orgId,
      name,
      gender: 'male',
      birthDate: '1980-01-01',
      ...(withIdCard ? { idCard } : {}),
      stage: 'full',
      probationaryOn: '2010-07-01',
      fullOn: '2011-07-01',
    });
    await settle();
    return expectStatus(res, 201).json() as { id: number; orgName: string };
  }

  /** Runs `statement` with `table`'s change trigger off, so no cache hears of it. */
  async function writeUnannounced(table: 'orgs' | 'members' | 'sessions', statement: ReturnType<typeof sql>) {
    const trigger = sql.raw(`${table}_notify_change`);
    await t.database.withConnection((db) =>
      db.transaction(async (tx) => {
        await tx.execute(sql`alter table ${sql.raw(table)} disable trigger ${trigger}`);
        await tx.execute(statement);
        await tx.execute(sql`alter table ${sql.raw(table)} enable trigger ${trigger}`);
      }),
    );
  }

  /** Writes straight to the database, as an import or the CLI would; every instance hears of it. */
  async function writeDirectly(statement: ReturnType<typeof sql>) {
    await t.database.db.execute(statement);
    await settle();
  }

  const json = async (res: Promise<{ statusCode: number; json(): unknown }>) =>
    expectStatus((await res) as never, 200).json() as Record<string, unknown>;

  it('answers a repeated read from memory on both instances, until the table it comes from changes', async () => {
    const member = await createMember(branch.id, '缓存甲');
    for (const get of both) {
      expect(await json(get(organizer, `/api/orgs/${branch.id}`))).toMatchObject({ name: '读缓存村党支部' });
      expect(await json(get(organizer, `/api/members/${member.id}`))).toMatchObject({ name: '缓存甲' });
    }
    // Writes nobody announces go unseen: the answers came from memory, not from the tables.
    await writeUnannounced('orgs', sql`update orgs set secretary_name = '未通知' where id = ${branch.id}`);
    await writeUnannounced('members', sql`update members set phone = '13900000000' where id = ${member.id}`);
    for (const get of both) {
      expect(await json(get(organizer, `/api/orgs/${branch.id}`))).toMatchObject({ secretaryName: null });
      expect(await json(get(organizer, `/api/members/${member.id}`))).toMatchObject({ phone: null });
    }
    // An announced write to members drops the member answers, not the org ones.
    await writeDirectly(sql`update members set occupation = '农民' where id = ${member.id}`);
    for (const get of both) {
      expect(await json(get(organizer, `/api/orgs/${branch.id}`))).toMatchObject({ secretaryName: null });
      expect(await json(get(organizer, `/api/members/${member.id}`))).toMatchObject({
        phone: '13900000000',
        occupation: '农民',
      });
    }
    await writeDirectly(sql`update orgs set sort_order = sort_order where id = ${county.id}`);
    for (const get of both)
      expect(await json(get(organizer, `/api/orgs/${branch.id}`))).toMatchObject({ secretaryName: '未通知' });
  });

  it('keeps sessions cached through member writes (each cache is cleared by its own tables only)', async () => {
    const s = await signedInUser(t, 'reads.session', 'organizer', town.id);
    await settle();
    expectStatus(await here(s, '/api/orgs'), 200);
    await writeUnannounced(
      'sessions',
      sql`delete from sessions where user_id = (select id from users where username = 'reads.session')`,
    );
    await writeDirectly(sql`update members set occupation = occupation where org_id = ${branch.id}`);
    // Still served from memory: the member write did not empty the session cache …
    expectStatus(await here(s, '/api/orgs'), 200);
    // … an org write does, and the deleted session is gone.
    await writeDirectly(sql`update orgs set sort_order = sort_order where id = ${county.id}`);
    expectApiError(await here(s, '/api/orgs'), 401, 'UNAUTHENTICATED');
  });

  it('shows an edit through the API on the next read on the other instance', async () => {
    const member = await createMember(branch.id, '缓存乙');
    for (const get of both) await json(get(organizer, `/api/members/${member.id}`));
    for (const get of both) await json(get(organizer, `/api/orgs/${branch.id}`));
    expectStatus(
      await t.request(organizer, 'PATCH', `/api/members/${member.id}`, { phone: '13711112222' }),
      200,
    );
    expectStatus(await t.request(organizer, 'PATCH', `/api/orgs/${town.id}`, { name: '改名镇党委' }), 200);
    await other.changes.settled();
    for (const get of both) {
      expect(await json(get(organizer, `/api/members/${member.id}`))).toMatchObject({ phone: '13711112222' });
      const detail = await json(get(organizer, `/api/orgs/${branch.id}`));
      expect(detail.ancestors).toEqual([{ id: town.id, name: '改名镇党委' }]);
    }
  });

  it('answers each scope its own: out of scope stays 404 after a wider scope read it', async () => {
    const member = await createMember(otherBranch.id, '邻镇党员');
    for (const get of both) {
      expect(await json(get(t.admin, `/api/members/${member.id}`))).toMatchObject({ name: '邻镇党员' });
      const detail = await json(get(t.admin, `/api/orgs/${otherBranch.id}`));
      expect((detail.ancestors as { id: number }[]).map((a) => a.id)).toEqual([county.id, detail.parentId]);
      expectApiError(await get(organizer, `/api/members/${member.id}`), 404);
      expectApiError(await get(organizer, `/api/orgs/${otherBranch.id}`), 404);
      // The organizer's breadcrumb stops at their own org.
      expect(await json(get(organizer, `/api/orgs/${branch.id}`))).toMatchObject({
        ancestors: [{ id: town.id }],
      });
    }
  });

  it('masks the ID number per role, and loses a member transferred out of scope at once', async () => {
    const member = await createMember(branch.id, '转出党员', true);
    for (const get of both) {
      expect(await json(get(organizer, `/api/members/${member.id}`))).toMatchObject({ idCard });
      const masked = await json(get(viewer, `/api/members/${member.id}`));
      expect(masked.idCard).not.toBe(idCard);
    }
    expectStatus(
      await t.request(t.admin, 'POST', `/api/members/${member.id}/transfer`, {
        toOrgId: otherBranch.id,
        transferredOn: '2026-01-05',
      }),
      200,
    );
    await other.changes.settled();
    for (const get of both) {
      expectApiError(await get(organizer, `/api/members/${member.id}`), 404);
      expectApiError(await get(viewer, `/api/members/${member.id}`), 404);
    }
  });
});
