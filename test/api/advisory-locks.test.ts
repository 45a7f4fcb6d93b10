import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advisoryLockKeys } from '../../src/db/advisory-locks.js';
import { createTestContext, type TestContext } from '../helpers/test-app.js';
import { testDriver } from '../helpers/test-db.js';
import { createOrg, expectStatus, type OrgRow } from './support/fixtures.js';

/** Rejects when `work` has not settled within `ms`: a wait on a lock that is never released. */
function within<T>(ms: number, work: Promise<T>): Promise<T> {
  return Promise.race([
    work,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms),
    ),
  ]);
}

describe(`advisory locks: tree changes and statistics fills (${testDriver})`, () => {
  let t: TestContext;
  let townA: OrgRow;
  let townB: OrgRow;
  let branch: OrgRow;
  const day = '2025-06-30';

  beforeAll(async () => {
    t = await createTestContext();
    const county = await createOrg(t, null, '锁县委', 'county');
    townA = await createOrg(t, county.id, '甲镇党委', 'committee');
    townB = await createOrg(t, county.id, '乙镇党委', 'committee');
    branch = await createOrg(t, townA.id, '甲村党支部', 'branch');
    for (const name of ['张一', '张二', '张三'])
      expectStatus(
        await t.request(t.admin, 'POST', '/api/members', {
          orgId: branch.id,
          name,
          gender: 'male',
          stage: 'full',
          probationaryOn: '2000-07-01',
          fullOn: '2001-07-01',
        }),
        201,
      );
  });
  afterAll(() => t.close());

  const total = async (orgId: number) =>
    expectStatus(await t.request(t.admin, 'GET', `/api/statistics?orgId=${orgId}&asOf=${day}`), 200).json()
      .members.total as number;

  it('has its own keys: the tree lock is not the statistics cache lock', () => {
    const keys = Object.values(advisoryLockKeys);
    expect(new Set(keys).size).toBe(keys.length);
    expect(advisoryLockKeys.orgTree).not.toBe(advisoryLockKeys.statisticsCache);
  });

  it('moves an org while a member write is open, and the cache filled before the move is not kept', async () => {
    // Cached figures of both towns from before the move.
    expect([await total(townA.id), await total(townB.id)]).toEqual([3, 0]);
    const move = () => t.request(t.admin, 'POST', `/api/orgs/${branch.id}/move`, { parentId: townB.id });
    if (testDriver === 'postgres') {
      // A long member write (an import, say) holds the cache lock shared until it commits. A move
      // used to take that same key exclusively and waited for it; with its own key it goes ahead.
      await t.database.withConnection(async (writer) => {
        await writer.execute(sql`begin`);
        await writer.execute(sql`select pg_advisory_xact_lock_shared(${advisoryLockKeys.statisticsCache})`);
        try {
          expectStatus(await within(20_000, move()), 200);
        } finally {
          await writer.execute(sql`commit`);
        }
      });
    } else {
      // PGlite has one connection: nothing runs beside the move, so only the outcome is checked.
      expectStatus(await move(), 200);
    }
    expect([await total(townA.id), await total(townB.id)]).toEqual([0, 3]);
  });

  it('keeps moves apart from each other on the tree key', async () => {
    const move = () => t.request(t.admin, 'POST', `/api/orgs/${branch.id}/move`, { parentId: townA.id });
    if (testDriver === 'postgres') {
      await t.database.withConnection(async (other) => {
        await other.execute(sql`begin`);
        await other.execute(sql`select pg_advisory_xact_lock(${advisoryLockKeys.orgTree})`);
        let moved = false;
        const moving = move().then((res) => ((moved = true), res));
        await new Promise((resolve) => setTimeout(resolve, 500));
        expect(moved).toBe(false);
        await other.execute(sql`commit`);
        expectStatus(await within(20_000, moving), 200);
      });
    } else {
      expectStatus(await move(), 200);
    }
    expect([await total(townA.id), await total(townB.id)]).toEqual([3, 0]);
  });
});
