import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/query-rows.js';
import { changeChannel } from '../../src/db/change-notify.js';
import { buildApp, type App } from '../../src/server/app.js';
import { createTestContext, type Session, type TestContext } from '../helpers/test-app.js';
import { testDriver } from '../helpers/test-db.js';
import {
  createOrg,
  expectApiError,
  expectStatus,
  signedInUser,
  userPassword,
  type OrgRow,
} from './support/fixtures.js';

/**
 * The session/actor cache and the cached org roots: whatever changes who a session acts as or what
 * the org list shows takes effect on the next request, on this instance and on a second instance
 * of the app on the same database (its own caches and its own LISTEN connection).
 */
describe(`session and org caches (${testDriver})`, () => {
  let t: TestContext;
  let other: App;
  let county: OrgRow;
  let otherCounty: OrgRow;
  let town: OrgRow;

  beforeAll(async () => {
    t = await createTestContext();
    other = await buildApp({
      database: t.database,
      config: { secureCookies: false, sessionTtlHours: 12, webRoot: undefined },
    });
    county = await createOrg(t, null, '缓存县委', 'county');
    otherCounty = await createOrg(t, null, '邻县县委', 'county');
    town = await createOrg(t, county.id, '缓存镇党委', 'committee');
    await createOrg(t, town.id, '缓存村党支部', 'branch');
  });
  afterAll(async () => {
    await other?.close();
    await t?.close();
  });

  /** A GET on the second instance with `session`'s cookie. */
  const onOther = (session: Session, url: string) =>
    other.inject({ method: 'GET', url, headers: { cookie: session.cookie } });

  /** Writes straight to the database, as another process (CLI, import) would. */
  async function writeDirectly(statement: ReturnType<typeof sql>) {
    await t.database.db.execute(statement);
    // PGlite applies notifications before the statement returns; on PostgreSQL they arrive in
    // commit order on the LISTEN connection, and settled() waits for a marker sent after the write.
    await Promise.all([t.app.changes.settled(), other.changes.settled()]);
  }

  /** Runs `statement` with the change triggers off, so no cache hears of it. */
  async function writeUnannounced(statement: ReturnType<typeof sql>) {
    await t.database.withConnection((db) =>
      db.transaction(async (tx) => {
        await tx.execute(sql`alter table sessions disable trigger sessions_notify_change`);
        await tx.execute(statement);
        await tx.execute(sql`alter table sessions enable trigger sessions_notify_change`);
      }),
    );
  }

  /** A town-bound organizer whose session both instances have already cached. */
  async function warmOrganizer(username: string) {
    const s = await signedInUser(t, username, 'organizer', town.id);
    // Creating the user and logging in announce themselves; on PostgreSQL the notifications can
    // arrive after the warming requests and empty the caches again, so wait for them first.
    await Promise.all([t.app.changes.settled(), other.changes.settled()]);
    expectStatus(await t.request(s, 'GET', '/api/orgs'), 200);
    expectStatus(await onOther(s, '/api/orgs'), 200);
    return s;
  }

  const tokenHash = (s: Session) =>
    sql`encode(sha256(convert_to(${s.cookie.slice('shuping_session='.length)}, 'UTF8')), 'hex')`;

  it('serves a known session from memory on both instances, and only while the triggers are live', async () => {
    const s = await warmOrganizer('cache.memory');
    expect(t.app.changes.live && other.changes.live).toBe(true);
    // A deletion nobody announces goes unnoticed: the answer came from memory, not from the table.
    await writeUnannounced(sql`delete from sessions where id = ${tokenHash(s)}`);
    expectStatus(await t.request(s, 'GET', '/api/orgs'), 200);
    expectStatus(await onOther(s, '/api/orgs'), 200);
    // Any announced write to the watched tables drops it everywhere.
    await writeDirectly(sql`update users set display_name = display_name where username = 'admin'`);
    expectApiError(await t.request(s, 'GET', '/api/orgs'), 401, 'UNAUTHENTICATED');
    expectApiError(await onOther(s, '/api/orgs'), 401, 'UNAUTHENTICATED');
  });

  it('ends a session on logout at once, on this instance and the other', async () => {
    const s = await warmOrganizer('cache.logout');
    expectStatus(await t.request(s, 'POST', '/api/auth/logout'), 204);
    expectApiError(await t.request(s, 'GET', '/api/orgs'), 401, 'UNAUTHENTICATED');
    await other.changes.settled();
    expectApiError(await onOther(s, '/api/orgs'), 401, 'UNAUTHENTICATED');
  });

  it("ends a user's other sessions on a password change, and all of them on a reset", async () => {
    const s = await warmOrganizer('cache.password');
    const second = await t.login('cache.password', userPassword);
    expectStatus(await onOther(second, '/api/orgs'), 200);
    expectStatus(
      await t.request(s, 'POST', '/api/auth/password', {
        currentPassword: userPassword,
        newPassword: 'Changed-Pass-2026!',
      }),
      200,
    );
    expectApiError(await t.request(second, 'GET', '/api/orgs'), 401, 'UNAUTHENTICATED');
    await other.changes.settled();
    expectApiError(await onOther(second, '/api/orgs'), 401, 'UNAUTHENTICATED');
    // The session that changed the password carries on.
    expectStatus(await onOther(s, '/api/orgs'), 200);

    expectStatus(await t.request(t.admin, 'POST', `/api/users/${s.userId}/reset-password`), 200);
    expectApiError(await t.request(s, 'GET', '/api/orgs'), 401, 'UNAUTHENTICATED');
    await other.changes.settled();
    expectApiError(await onOther(s, '/api/orgs'), 401, 'UNAUTHENTICATED');
  });

  it.each([
    ['disabled', 'cache.disabled', () => ({ disabled: true })],
    ['given another role', 'cache.role', () => ({ role: 'viewer' })],
    ['bound to another org', 'cache.rebound', () => ({ orgId: otherCounty.id })],
  ])('shuts a user out at once when %s', async (_, username, change) => {
    const s = await warmOrganizer(username);
    const body = change();
    expectStatus(await t.request(t.admin, 'PATCH', `/api/users/${s.userId}`, body), 200);
    expectApiError(await t.request(s, 'GET', '/api/orgs'), 401, 'UNAUTHENTICATED');
    await other.changes.settled();
    expectApiError(await onOther(s, '/api/orgs'), 401, 'UNAUTHENTICATED');
  });

  it('checks a state-changing request against the database, whatever the cache holds', async () => {
    const s = await warmOrganizer('cache.revoked');
    // A revocation no notification has reported yet, as on another instance within the delay.
    await writeUnannounced(sql`delete from sessions where id = ${tokenHash(s)}`);
    // Reads may be answered from memory until the notification arrives …
    expectStatus(await onOther(s, '/api/orgs'), 200);
    // … but nothing is changed on a revoked session, on either instance.
    const write = (app: App) =>
      app.inject({
        method: 'POST',
        url: '/api/orgs',
        headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken },
        payload: { parentId: town.id, name: '吊销后新建党支部', level: 'branch' },
      });
    for (const app of [t.app, other]) expectApiError(await write(app), 401, 'UNAUTHENTICATED');
    const created = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from orgs where name = '吊销后新建党支部'`,
    );
    expect(created[0]!.n).toBe(0);
  });

  it('refuses a write on the other instance right after logout, disable or reset', async () => {
    const writeOnOther = (s: Session) =>
      other.inject({
        method: 'PATCH',
        url: `/api/users/${s.userId}`,
        headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken },
        payload: { displayName: '吊销之后' },
      });
    const revocations: [string, (s: Session) => Promise<unknown>][] = [
      ['logout', (s) => t.request(s, 'POST', '/api/auth/logout')],
      ['disable', (s) => t.request(t.admin, 'PATCH', `/api/users/${s.userId}`, { disabled: true })],
      ['reset', (s) => t.request(t.admin, 'POST', `/api/users/${s.userId}/reset-password`)],
    ];
    for (const [name, revoke] of revocations)
      for (let i = 0; i < 5; i++) {
        const s = await warmOrganizer(`cache.${name}.${i}`);
        await revoke(s);
        // No waiting for the notification: the write is judged on the database's state.
        expectApiError(await writeOnOther(s), 401, 'UNAUTHENTICATED');
      }
  });

  it('sees a disabled account or an expired session written by another process at once', async () => {
    const disabled = await warmOrganizer('cache.direct.disabled');
    await writeDirectly(sql`update users set disabled = true where id = ${disabled.userId}`);
    expectApiError(await t.request(disabled, 'GET', '/api/orgs'), 401, 'UNAUTHENTICATED');
    expectApiError(await onOther(disabled, '/api/orgs'), 401, 'UNAUTHENTICATED');

    const expired = await warmOrganizer('cache.direct.expired');
    await writeDirectly(sql`update sessions set expires_at = now() - interval '1 second'
                            where id = ${tokenHash(expired)}`);
    expectApiError(await t.request(expired, 'GET', '/api/orgs'), 401, 'UNAUTHENTICATED');
    expectApiError(await onOther(expired, '/api/orgs'), 401, 'UNAUTHENTICATED');
  });

  it('stops serving a cached session when it expires, with no write in between', async () => {
    const s = await warmOrganizer('cache.expiry');
    await writeDirectly(sql`update sessions set expires_at = now() + interval '1 second'
                            where id = ${tokenHash(s)}`);
    // Cached again, now with the near expiry.
    expectStatus(await t.request(s, 'GET', '/api/orgs'), 200);
    expectStatus(await onOther(s, '/api/orgs'), 200);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expectApiError(await t.request(s, 'GET', '/api/orgs'), 401, 'UNAUTHENTICATED');
    expectApiError(await onOther(s, '/api/orgs'), 401, 'UNAUTHENTICATED');
  });

  it("moves a user's reach with their org, and shows org changes in the cached list at once", async () => {
    const movingTown = await createOrg(t, county.id, '迁移镇党委', 'committee');
    const s = await signedInUser(t, 'cache.moved', 'organizer', movingTown.id);
    const roots = async (get: (url: string) => ReturnType<typeof onOther>) =>
      expectStatus(await get('/api/orgs'), 200).json().items as OrgRow[];
    const here = (url: string) => t.request(s, 'GET', url);
    const there = (url: string) => onOther(s, url);
    for (const get of [here, there])
      expect(await roots(get)).toMatchObject([{ id: movingTown.id, path: movingTown.path, childCount: 0 }]);

    expectStatus(
      await t.request(t.admin, 'POST', `/api/orgs/${movingTown.id}/move`, { parentId: otherCounty.id }),
      200,
    );
    await other.changes.settled();
    let movedPath = '';
    for (const get of [here, there]) {
      const [moved] = await roots(get);
      movedPath = moved!.path;
      expect(movedPath.startsWith(`${otherCounty.path}.`)).toBe(true);
      // The scope followed the org: its new parent is still out of reach.
      expectApiError(await get(`/api/orgs/${otherCounty.id}`), 404);
    }

    const branch = await createOrg(t, movingTown.id, '迁移村党支部', 'branch');
    await other.changes.settled();
    for (const get of [here, there]) expect(await roots(get)).toMatchObject([{ childCount: 1 }]);

    expectStatus(
      await t.request(t.admin, 'PATCH', `/api/orgs/${movingTown.id}`, { name: '更名镇党委' }),
      200,
    );
    await other.changes.settled();
    for (const get of [here, there]) expect(await roots(get)).toMatchObject([{ name: '更名镇党委' }]);

    // A bulk import writes orgs without the org routes: the trigger still announces it.
    await writeDirectly(sql`insert into orgs (parent_id, path, name, level, domain)
      values (${movingTown.id}, ${`${movedPath}.imported`}::ltree, '导入村党支部', 'branch', 'village')`);
    for (const get of [here, there]) expect(await roots(get)).toMatchObject([{ childCount: 2 }]);

    expectStatus(await t.request(t.admin, 'DELETE', `/api/orgs/${branch.id}`), 204);
    await other.changes.settled();
    for (const get of [here, there]) expect(await roots(get)).toMatchObject([{ childCount: 1 }]);
  });

  it("shows a user's account and org changes in the cached single-user read at once", async () => {
    const s = await warmOrganizer('cache.reader');
    const target = await signedInUser(t, 'cache.read.target', 'viewer', town.id);
    await Promise.all([t.app.changes.settled(), other.changes.settled()]);
    const url = `/api/users/${target.userId}`;
    const read = async (get: (url: string) => ReturnType<typeof onOther>) =>
      expectStatus(await get(url), 200).json();
    const here = (u: string) => t.request(s, 'GET', u);
    const there = (u: string) => onOther(s, u);
    for (const get of [here, there])
      expect(await read(get)).toMatchObject({ orgName: town.name, disabled: false });

    await writeDirectly(
      sql`update users set display_name = '改名查看员', disabled = true where id = ${target.userId}`,
    );
    for (const get of [here, there])
      expect(await read(get)).toMatchObject({ displayName: '改名查看员', disabled: true });

    await writeDirectly(sql`update orgs set name = '改名缓存镇党委' where id = ${town.id}`);
    for (const get of [here, there]) expect(await read(get)).toMatchObject({ orgName: '改名缓存镇党委' });
    await writeDirectly(sql`update orgs set name = ${town.name} where id = ${town.id}`);
  });

  // PGlite has no connection to lose: its notifications are delivered in-process.
  if (testDriver === 'postgres')
    it('caches nothing while the LISTEN connection is down, and resumes once it is back', async () => {
      const changesListen = `listen "${changeChannel}"%`;
      const s = await warmOrganizer('cache.listener');
      const listeners = await queryRows<{ pid: number }>(
        t.database.db,
        sql`select pid from pg_stat_activity
            where datname = current_database() and query ilike ${changesListen} and pid <> pg_backend_pid()`,
      );
      // One per instance; the event bus listens on connections of its own.
      expect(listeners).toHaveLength(2);
      await t.database.db.execute(
        sql`select pg_terminate_backend(pid) from pg_stat_activity
            where datname = current_database() and query ilike ${changesListen} and pid <> pg_backend_pid()`,
      );
      await waitFor(() => !t.app.changes.live && !other.changes.live);
      // With nobody to announce it, this deletion is still seen: nothing is served from memory.
      await writeUnannounced(sql`delete from sessions where id = ${tokenHash(s)}`);
      expectApiError(await t.request(s, 'GET', '/api/orgs'), 401, 'UNAUTHENTICATED');
      expectApiError(await onOther(s, '/api/orgs'), 401, 'UNAUTHENTICATED');
      await waitFor(() => t.app.changes.live && other.changes.live);
      const back = await warmOrganizer('cache.listener.back');
      await writeDirectly(sql`update users set disabled = true where id = ${back.userId}`);
      expectApiError(await onOther(back, '/api/orgs'), 401, 'UNAUTHENTICATED');
    });
});

async function waitFor(condition: () => boolean, timeoutMs = 10_000) {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
