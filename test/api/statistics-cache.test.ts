// The per-org statistics cache (migration 0002): figures cached for a day must change as soon as
// anything they are computed from changes, whoever writes it, and concurrent requests must never
// see or store figures of a state that is not the one they read.
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCounty, planCounty } from '../../src/db/demo/generate.js';
import { loadDemo, writeDataset } from '../../src/db/demo/load.js';
import { queryRows } from '../../src/db/query-rows.js';
import { computeStatistics, type BaseStatistics } from '../../src/domain/statistics.js';
import { systemActor } from '../../src/server/http/actor.js';
import { cachedDays, type StatisticsService } from '../../src/server/modules/statistics/service.js';
import { createTestContext, type TestContext } from '../helpers/test-app.js';
import { testDriver } from '../helpers/test-db.js';
import { expectStatus } from './support/fixtures.js';
import {
  applyChange,
  changeArb,
  clearTables,
  datasetArb,
  dayArb,
  pick,
  registry,
  statisticsServices,
} from './support/statistics-data.js';

describe(`statistics cache (${testDriver})`, () => {
  let t: TestContext;
  let statistics: StatisticsService;
  let bySubtree: StatisticsService;
  const actor = systemActor();

  beforeAll(async () => {
    t = await createTestContext();
    ({ statistics, bySubtree } = statisticsServices(t.database.db));
  });
  afterAll(() => t.close());

  /** The oracle's figures for an org (wherever it sits now) on a day. */
  async function expected(orgId: number, day: string) {
    const input = await registry(t.database.db);
    return computeStatistics(input, input.orgs.find((o) => o.id === orgId)!.path, day);
  }

  it('stays exact when the registry changes after the figures were cached, by either pass', async () => {
    await fc.assert(
      fc.asyncProperty(
        datasetArb,
        fc.nat(),
        fc.array(dayArb, { minLength: 1, maxLength: 2 }),
        fc.array(changeArb, { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        async (data, sub, days, changes, subtreePass) => {
          const service = subtreePass ? bySubtree : statistics;
          await clearTables(t.database.db);
          await writeDataset(t.database.db, data);
          const roots = [data.orgs[0]!.id, pick(data.orgs, sub).id];
          // Warm the cache for every day and root.
          for (const day of days)
            for (const orgId of roots) await service.statistics(actor, { orgId, asOf: day });
          for (const change of changes) {
            await applyChange(t.database.db, change);
            for (const day of days)
              for (const orgId of roots) {
                const got = await service.statistics(actor, { orgId, asOf: day });
                expect(got, `${JSON.stringify(change)}: org ${orgId} on ${day}`).toEqual(
                  await expected(orgId, day),
                );
              }
          }
        },
      ),
      { seed: 20_261_124, numRuns: 30 },
    );
    // 30 runs of writes and two passes each: seconds on a quiet machine, over a minute on a shared one.
  }, 240_000);

  const today = '2025-06-30';
  const county = generateCounty({ seed: 7, towns: 2, today });
  const town = county.orgs.find((o) => o.level === 'committee')!;
  const url = (orgId: number, day = today) => `/api/statistics?orgId=${orgId}&asOf=${day}`;
  const get = async (orgId: number, day = today) =>
    expectStatus(await t.request(t.admin, 'GET', url(orgId, day)), 200).json() as BaseStatistics;

  it('changes the figures at once when members are edited, transferred, moved or leave through the API', async () => {
    await clearTables(t.database.db);
    await loadDemo(t.database.db, planCounty({ seed: 7, towns: 2, today }));
    const root = county.orgs[0]!;
    const check = async () => {
      for (const orgId of [root.id, town.id]) expect(await get(orgId)).toEqual(await expected(orgId, today));
    };
    await check();
    const [member] = await queryRows<{ id: number; orgId: number }>(
      t.database.db,
      sql`select id, org_id as "orgId" from members where org_path <@ ${town.path}::ltree
          and full_on <= ${today}::date and left_on is null and birth_date is not null order by id limit 1`,
    );
    const before = await get(town.id);

    expectStatus(
      await t.request(t.admin, 'PATCH', `/api/members/${member!.id}`, { education: 'doctorate' }),
      200,
    );
    const edited = await get(town.id);
    expect(edited.members.education.byLevel.doctorate).toBeGreaterThan(
      before.members.education.byLevel.doctorate,
    );
    await check();

    const elsewhere = county.orgs.find((o) => o.level === 'branch' && !o.path.startsWith(`${town.path}.`))!;
    expectStatus(
      await t.request(t.admin, 'POST', `/api/members/${member!.id}/transfer`, {
        toOrgId: elsewhere.id,
        transferredOn: today,
      }),
      200,
    );
    expect((await get(town.id)).members.total).toBe(before.members.total - 1);
    // The day before the transfer the member still counts where they were.
    expect((await get(town.id, '2025-06-29')).members.total).toBe(
      (await expected(town.id, '2025-06-29')).members.total,
    );
    await check();

    expectStatus(
      await t.request(t.admin, 'POST', `/api/members/${member!.id}/mobile-records`, {
        direction: 'outflow',
        place: '广东省东莞市',
        startedOn: '2025-01-01',
      }),
      201,
    );
    await check();

    // A branch of the town moves to the other town: both towns' figures follow at once.
    const branch = county.orgs.find((o) => o.parentId === town.id && o.level === 'branch')!;
    const otherTown = county.orgs.find((o) => o.level === 'committee' && o.id !== town.id)!;
    const townBefore = await get(town.id);
    expectStatus(
      await t.request(t.admin, 'POST', `/api/orgs/${branch.id}/move`, { parentId: otherTown.id }),
      200,
    );
    expect((await get(town.id)).orgs.total).toBe(townBefore.orgs.total - 1);
    await check();
    expect(await get(otherTown.id)).toEqual(await expected(otherTown.id, today));

    expectStatus(
      await t.request(t.admin, 'PATCH', `/api/members/${member!.id}`, { leftOn: today, leftReason: '去世' }),
      200,
    );
    await check();
  });

  it('keeps the 基本情况 extras with the subtree totals and recomputes them after any change they read', async () => {
    await clearTables(t.database.db);
    await loadDemo(t.database.db, planCounty({ seed: 7, towns: 2, today }));
    const root = county.orgs[0]!;
    const basics = async (orgId: number) =>
      expectStatus(
        await t.request(t.admin, 'GET', `/api/statistics/basics?orgId=${orgId}&asOf=${today}`),
        200,
      ).json() as { text: string; rows: unknown[] };
    const stored = async (orgId: number) =>
      (
        await queryRows<{ extras: unknown }>(
          t.database.db,
          sql`select extras from statistics_subtree_totals where org_id = ${orgId} and day = ${today}::date`,
        )
      )[0]?.extras ?? null;
    const [branch] = await queryRows<{ id: number }>(
      t.database.db,
      sql`select id from orgs where path <@ ${town.path}::ltree and level = 'branch'
          and (term_started_on is null or term_started_on < '2025-01-01') order by id limit 1`,
    );
    const [cadre] = await queryRows<{ id: number }>(
      t.database.db,
      sql`select m.id from members m join orgs o on o.id = m.org_id
          where m.org_path <@ ${town.path}::ltree and o.domain = 'village' and o.level = 'branch'
            and m.branch_role is not null and m.left_on is null order by m.id limit 1`,
    );
    const writes: [string, () => Promise<unknown>][] = [
      [
        'contact point',
        async () =>
          expectStatus(
            await t.request(t.admin, 'POST', `/api/orgs/${branch!.id}/contact-points`, {
              leaderName: '王镇长',
              startedOn: '2025-01-01',
            }),
            201,
          ),
      ],
      [
        'pairing',
        async () =>
          expectStatus(
            await t.request(t.admin, 'POST', `/api/orgs/${branch!.id}/pairings`, {
              partnerName: '县供电公司党支部',
              startedOn: '2025-01-01',
            }),
            201,
          ),
      ],
      [
        'term',
        async () =>
          expectStatus(
            await t.request(t.admin, 'PATCH', `/api/orgs/${branch!.id}`, {
              termStartedOn: '2025-03-01',
              termEndsOn: '2030-02-28',
            }),
            200,
          ),
      ],
      [
        'committee member leaves',
        async () =>
          expectStatus(
            await t.request(t.admin, 'PATCH', `/api/members/${cadre!.id}`, {
              leftOn: today,
              leftReason: '去世',
            }),
            200,
          ),
      ],
    ];
    for (const [what, write] of writes) {
      const before = [await basics(root.id), await basics(town.id)];
      expect(await stored(root.id), what).not.toBeNull();
      expect(await stored(town.id), what).not.toBeNull();
      await write();
      const after = [await basics(root.id), await basics(town.id)];
      expect(after[0], what).not.toEqual(before[0]);
      expect(after[1], what).not.toEqual(before[1]);
      // What an emptied cache gives: the figures as the registry has them now.
      await t.database.db.execute(sql`delete from statistics_days`);
      expect(after, what).toEqual([await basics(root.id), await basics(town.id)]);
    }
  });

  it('keeps only the most recent days', async () => {
    const days = Array.from({ length: cachedDays + 3 }, (_, i) => `2024-0${1 + Math.floor(i / 9)}-1${i % 9}`);
    for (const day of days) await get(town.id, day);
    const [row] = await queryRows<{ days: number }>(
      t.database.db,
      sql`select count(*)::int as days from statistics_days`,
    );
    expect(row!.days).toBe(cachedDays);
    // An evicted day is computed again, exactly.
    expect(await get(town.id, days[0])).toEqual(await expected(town.id, days[0]!));
  });

  it('leaves the planner statistics of the cache knowing the day a subtree pass stored', async () => {
    // Taken while the cache was empty, as autovacuum may: the planner then expects one row per day
    // and a large subtree's next request joins its orgs to the day's rows by a quadratic nested loop.
    await clearTables(t.database.db);
    await loadDemo(t.database.db, planCounty({ seed: 7, towns: 2, today }));
    await t.database.db.execute(sql`delete from statistics_days`);
    await t.database.db.execute(sql`analyze statistics_org_counts`);
    const day = '2024-05-17';
    await bySubtree.statistics(actor, { orgId: county.orgs[0]!.id, asOf: day });
    const [stats] = await queryRows<{ days: string | null }>(
      t.database.db,
      sql`select most_common_vals::text as days from pg_stats
          where tablename = 'statistics_org_counts' and attname = 'day'`,
    );
    expect(stats?.days).toContain(day);
  });

  it('answers concurrent requests with the state they read, and stores nothing stale', async () => {
    const root = county.orgs[0]!;
    const [man] = await queryRows<{ id: number }>(
      t.database.db,
      sql`select id from members where org_path <@ ${town.path}::ltree and gender = 'male'
          and full_on <= ${today}::date and left_on is null order by id limit 1`,
    );
    const coldDay = '2025-05-31';
    const before = await expected(root.id, today);
    const beforeCold = await expected(root.id, coldDay);
    await get(root.id); // warm for today only
    const flip = sql`update members set gender = 'female' where id = ${man!.id}`;

    if (testDriver === 'postgres') {
      // A writer holds its change uncommitted while requests run on other connections: a warm day
      // reads the rows cached before it, a cold day cannot take the cache lock and answers from
      // the registry without storing anything. PGlite has one connection, so there a transaction
      // cannot stay open while others read; the sequence below then runs in order.
      await t.database.withConnection(async (writer) => {
        await writer.execute(sql`begin`);
        await writer.execute(flip);
        const during = await Promise.all([get(root.id), get(root.id, coldDay), get(root.id, coldDay)]);
        expect(during).toEqual([before, beforeCold, beforeCold]);
        await writer.execute(sql`commit`);
      });
    } else {
      await t.database.db.execute(flip);
    }
    const after = await Promise.all([get(root.id), get(root.id, coldDay), get(town.id, coldDay)]);
    expect(after[0].members.female.count).toBe(before.members.female.count + 1);
    expect(after).toEqual([
      await expected(root.id, today),
      await expected(root.id, coldDay),
      await expected(town.id, coldDay),
    ]);

    // Many writers and readers at once; afterwards every cached figure is exact.
    const men = await queryRows<{ id: number }>(
      t.database.db,
      sql`select id from members where gender = 'male' and full_on <= ${today}::date order by id limit 6`,
    );
    const writes = men.map((m) =>
      t.database.db.transaction(async (tx) => {
        await tx.execute(sql`update members set gender = 'female' where id = ${m.id}`);
        await tx.execute(sql`update members set education = 'master' where id = ${m.id}`);
      }),
    );
    const reads = ['2025-06-30', '2025-04-30', '2025-03-31'].flatMap((day) => [
      get(root.id, day),
      get(town.id, day),
    ]);
    const during = await Promise.all([...reads, ...writes]);
    for (const figures of during.slice(0, reads.length) as BaseStatistics[])
      expect(figures.members.total).toBe((await expected(figures.org.id, figures.asOf)).members.total);
    for (const day of ['2025-06-30', '2025-04-30', '2025-03-31'])
      for (const orgId of [root.id, town.id])
        expect(await get(orgId, day)).toEqual(await expected(orgId, day));
  });
});
