import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCounty, planCounty } from '../../src/db/demo/generate.js';
import { loadDemo, writeDataset } from '../../src/db/demo/load.js';
import { queryRows } from '../../src/db/query-rows.js';
import { addDays } from '../../src/domain/dates.js';
import { computeStatistics, type BaseStatistics } from '../../src/domain/statistics.js';
import { systemActor, type Actor } from '../../src/server/http/actor.js';
import { type StatisticsService } from '../../src/server/modules/statistics/service.js';
import { createTestContext, type TestContext } from '../helpers/test-app.js';
import { testDriver } from '../helpers/test-db.js';
import { expectApiError, expectStatus, signedInUser } from './support/fixtures.js';
import { clearTables, datasetArb, dayArb, pick, statisticsServices } from './support/statistics-data.js';

describe(`statistics (${testDriver})`, () => {
  let t: TestContext;
  let statistics: StatisticsService;
  let bySubtree: StatisticsService;
  const actor = systemActor();

  beforeAll(async () => {
    t = await createTestContext();
    ({ statistics, bySubtree } = statisticsServices(t.database.db));
  });
  afterAll(() => t.close());

  const clear = () => clearTables(t.database.db);

  // 30 runs on random data take 10–15 s on a quiet machine; a loaded one may take several times that.
  it('gives exactly the reference figures on random data, for the root and a subtree, on any day, by either pass', async () => {
    await fc.assert(
      fc.asyncProperty(
        datasetArb,
        fc.nat(),
        fc.array(dayArb, { minLength: 1, maxLength: 2 }),
        async (data, sub, days) => {
          await clear();
          await writeDataset(t.database.db, data);
          // Also the days around a transfer and a departure, where the rules turn.
          const edges = [data.transfers[0]?.transferredOn, data.members.find((m) => m.leftOn)?.leftOn].filter(
            (d): d is string => Boolean(d),
          );
          const subtree = pick(data.orgs, sub);
          // A reader scoped to the subtree, and ones bound to an org (scope 'self': that org alone,
          // which is its subtree in a copy of the data with the descendants moved elsewhere).
          const alone = (org: typeof subtree) => ({
            ...data,
            orgs: data.orgs.map((o) => (o.path.startsWith(`${org.path}.`) ? { ...o, path: `0.${o.id}` } : o)),
          });
          const scoped: [typeof subtree, Actor, typeof data][] = [
            [data.orgs[0]!, actor, data],
            [subtree, { ...actor, scope: { kind: 'subtree', path: subtree.path } }, data],
            [
              data.orgs[0]!,
              { ...actor, scope: { kind: 'self', path: data.orgs[0]!.path } },
              alone(data.orgs[0]!),
            ],
            [subtree, { ...actor, scope: { kind: 'self', path: subtree.path } }, alone(subtree)],
          ];
          // Each service fills the cache its own way, so each starts cold for the dataset.
          for (const service of [statistics, bySubtree]) {
            await t.database.db.execute(sql`delete from statistics_days`);
            for (const day of [...days, ...edges, ...edges.map((d) => addDays(d, -1))]) {
              for (const [root, reader, registry] of scoped) {
                const got = await service.statistics(reader, { orgId: root.id, asOf: day });
                expect(got, `${root.path} (${reader.scope.kind}) on ${day}`).toEqual(
                  computeStatistics(registry, root.path, day),
                );
              }
            }
          }
        },
      ),
      { seed: 20_260_101, numRuns: 30 },
    );
  }, 240_000);

  const today = '2025-06-30';
  const options = { seed: 5, towns: 3, today };
  const county = generateCounty(options);
  const town = (i: number) => county.orgs.filter((o) => o.level === 'committee')[i]!;

  it('loads the demo county and reports its figures exactly', async () => {
    await clear();
    const counts = await loadDemo(t.database.db, planCounty(options));
    expect(counts.members).toBe(county.members.length);
    const village = county.orgs.find((o) => o.domain === 'village')!;
    for (const day of [today, '2023-12-31', '2021-07-01']) {
      for (const org of [county.orgs[0]!, town(0), town(2), village]) {
        const got = await statistics.statistics(actor, { orgId: org.id, asOf: day });
        expect(got, `${org.name} on ${day}`).toEqual(computeStatistics(county, org.path, day));
      }
    }
    // A second load into the same database is refused.
    await expect(loadDemo(t.database.db, planCounty(options))).rejects.toThrow(/已有组织数据/);
  });

  it('serves the figures and the 基本情况 over HTTP, changing as soon as a member changes', async () => {
    const url = `/api/statistics?orgId=${town(0).id}&asOf=${today}`;
    const before = expectStatus(await t.request(t.admin, 'GET', url), 200).json() as BaseStatistics;
    expect(before).toEqual(computeStatistics(county, town(0).path, today));

    const [man] = await queryRows<{ id: number }>(
      t.database.db,
      sql`select id from members where org_path <@ ${town(0).path}::ltree and gender = 'male'
          and full_on <= ${today}::date and left_on is null and birth_date is not null order by id limit 1`,
    );
    await t.database.db.execute(sql`update members set gender = 'female' where id = ${man!.id}`);
    const after = (await t.request(t.admin, 'GET', url)).json() as BaseStatistics;
    expect(after.members.female.count).toBe(before.members.female.count + 1);
    expect(after.members.total).toBe(before.members.total);
    const banded = (s: BaseStatistics, gender: 'male' | 'female') =>
      Object.values(s.members.age.bandsByGender[gender]).reduce((a, b) => a + b, 0);
    expect(banded(after, 'female')).toBe(banded(before, 'female') + 1);
    expect(banded(after, 'male')).toBe(banded(before, 'male') - 1);
    expect(after.members.age.bands).toEqual(before.members.age.bands);

    await t.database.db.execute(sql`update members set left_on = ${today}::date where id = ${man!.id}`);
    const left = (await t.request(t.admin, 'GET', url)).json() as BaseStatistics;
    expect(left.members.total).toBe(before.members.total - 1);
    expect(left.members.female.count).toBe(before.members.female.count);

    const basics = expectStatus(
      await t.request(t.admin, 'GET', `/api/statistics/basics?orgId=${town(0).id}&asOf=${today}`),
      200,
    ).json() as { text: string; rows: { label: string; value: string }[] };
    expect(basics.text).toContain(
      `全镇共有党员${left.members.total}名（其中女党员${left.members.female.count}名）`,
    );
    expect(basics.text).not.toMatch(/XX|\*\*\*|null|NaN|undefined/);
    expect(basics.rows).toContainEqual({
      label: '党员',
      value: `${left.members.total}名`,
      amount: left.members.total,
      unit: '名',
      share: null,
    });
  });

  it('keeps users within their scope and refuses bad input in Chinese', async () => {
    const organizer = await signedInUser(t, 'stats_org_a', 'organizer', town(0).id);
    // Without an org the statistics are those of the user's own scope root.
    const own = expectStatus(await t.request(organizer, 'GET', `/api/statistics?asOf=${today}`), 200).json();
    expect(own.org.id).toBe(town(0).id);
    const inside = county.orgs.find((o) => o.parentId === town(0).id)!;
    expectStatus(await t.request(organizer, 'GET', `/api/statistics?orgId=${inside.id}&asOf=${today}`), 200);
    expectApiError(
      await t.request(organizer, 'GET', `/api/statistics?orgId=${town(1).id}`),
      404,
      'NOT_FOUND',
    );
    expectApiError(await t.request(organizer, 'GET', `/api/statistics/basics?orgId=${town(1).id}`), 404);
    expectApiError(await t.request(organizer, 'GET', `/api/statistics?orgId=${county.orgs[0]!.id}`), 404);
    expectApiError(await t.request(null, 'GET', `/api/statistics`), 401);

    // A secretary sees their own org only.
    const branch = county.orgs.find((o) => o.parentId === town(0).id && o.domain === 'village')!;
    const secretary = await signedInUser(t, 'stats_sec', 'secretary', branch.id);
    const mine = expectStatus(await t.request(secretary, 'GET', `/api/statistics?asOf=${today}`), 200).json();
    expect(mine).toEqual(computeStatistics(county, branch.path, today));
    expectApiError(await t.request(secretary, 'GET', `/api/statistics?orgId=${town(0).id}`), 404);

    for (const bad of ['2023-02-29', '2024-13-01', '20240101', 'yesterday', '1900-01-01']) {
      expectApiError(await t.request(t.admin, 'GET', `/api/statistics?orgId=${town(0).id}&asOf=${bad}`), 400);
    }
    expectApiError(await t.request(t.admin, 'GET', `/api/statistics?orgId=abc`), 400);
    expectApiError(await t.request(t.admin, 'GET', `/api/statistics?orgId=999999`), 404);
  });

  it('answers a batch exactly as the single endpoint answers each org, within scope and limits', async () => {
    const children = county.orgs.filter((o) => o.parentId === town(0).id);
    const ids = [town(1).id, ...children.map((o) => o.id), town(1).id];
    const batch = expectStatus(
      await t.request(t.admin, 'GET', `/api/statistics/batch?orgIds=${ids.join(',')}&asOf=${today}`),
      200,
    ).json() as { asOf: string; items: BaseStatistics[] };
    expect(batch.asOf).toBe(today);
    // In the order asked, a repeated id once.
    expect(batch.items.map((s) => s.org.id)).toEqual(ids.slice(0, -1));
    for (const item of batch.items) {
      const single = (
        await t.request(t.admin, 'GET', `/api/statistics?orgId=${item.org.id}&asOf=${today}`)
      ).json();
      expect(item, item.org.name).toEqual(single);
    }
    // Another day from a cold cache: the batch fills it, and the single endpoint then agrees.
    await t.database.db.execute(sql`delete from statistics_days`);
    const earlier = '2023-12-31';
    const pair = [children[0]!.id, town(2).id];
    const cold = (
      await t.request(t.admin, 'GET', `/api/statistics/batch?orgIds=${pair.join(',')}&asOf=${earlier}`)
    ).json() as { items: BaseStatistics[] };
    for (const [i, id] of pair.entries())
      expect(cold.items[i]).toEqual(
        (await t.request(t.admin, 'GET', `/api/statistics?orgId=${id}&asOf=${earlier}`)).json(),
      );

    // One org out of scope refuses the whole batch, as the single endpoint refuses it.
    const organizer = await signedInUser(t, 'stats_batch_org', 'organizer', town(0).id);
    const own = children.slice(0, 2).map((o) => o.id);
    const scoped = expectStatus(
      await t.request(organizer, 'GET', `/api/statistics/batch?orgIds=${own.join(',')}&asOf=${today}`),
      200,
    ).json() as { items: BaseStatistics[] };
    expect(scoped.items.map((s) => s.org.id)).toEqual(own);
    for (const outside of [town(1).id, county.orgs[0]!.id, 999_999])
      expectApiError(
        await t.request(organizer, 'GET', `/api/statistics/batch?orgIds=${[...own, outside].join(',')}`),
        404,
        'NOT_FOUND',
      );
    expectApiError(await t.request(null, 'GET', `/api/statistics/batch?orgIds=${own[0]}`), 401);

    const tooMany = Array.from({ length: 201 }, (_, i) => i + 1).join(',');
    const refused = expectApiError(
      await t.request(t.admin, 'GET', `/api/statistics/batch?orgIds=${tooMany}`),
      400,
      'TOO_MANY_ORGS',
    );
    expect(refused.message).toContain('一次最多统计 200 个组织');
    expectApiError(await t.request(t.admin, 'GET', `/api/statistics/batch?orgIds=0`), 400, 'INVALID_ORG_IDS');
    expectApiError(await t.request(t.admin, 'GET', `/api/statistics/batch?orgIds=99999999999`), 400);
    for (const bad of ['', '1,,2', 'a', '1;2'])
      expectApiError(await t.request(t.admin, 'GET', `/api/statistics/batch?orgIds=${bad}`), 400);
    expectApiError(await t.request(t.admin, 'GET', `/api/statistics/batch`), 400);
    // The day is checked by the contract's IsoDate, as for the single endpoint.
    expectApiError(
      await t.request(t.admin, 'GET', `/api/statistics/batch?orgIds=${town(0).id}&asOf=2024-02-30`),
      400,
    );
  });
});
