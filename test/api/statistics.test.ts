import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCounty, planCounty, type DemoMember, type DemoOrg } from '../../src/db/demo/generate.js';
import { loadDemo, writeDataset, type DemoDataset } from '../../src/db/demo/load.js';
import { queryRows } from '../../src/db/query-rows.js';
import {
  branchRoles,
  educationLevels,
  orgClassifications,
  stageOn,
  villageCommitteeRoles,
} from '../../src/domain/member-base.js';
import { orgDomains, type OrgLevel } from '../../src/domain/org-tree.js';
import { addDays, computeStatistics, type BaseStatistics } from '../../src/domain/statistics.js';
import { systemActor } from '../../src/server/http/actor.js';
import { createOrgService } from '../../src/server/modules/orgs/service.js';
import {
  createStatisticsService,
  type StatisticsService,
} from '../../src/server/modules/statistics/service.js';
import { createTestContext, type TestContext } from '../helpers/test-app.js';
import { testDriver } from '../helpers/test-db.js';
import { expectApiError, expectStatus, signedInUser } from './support/fixtures.js';

const tables = [
  'mobile_records',
  'member_transfers',
  'members',
  'non_public_entities',
  'weak_org_rectifications',
  'contact_points',
  'pairings',
  'orgs',
];

// ---------------------------------------------------------------------------------------------
// Random small datasets: a tree, members with arbitrary stage dates, transfer chains, mobile
// records, leavers, entities and rectifications. Days fall in a short span so they collide.

const firstDay = '2016-01-01';
const spanDays = 12 * 366;
const dayArb = fc.integer({ min: 0, max: spanDays }).map((n) => addDays(firstDay, n));
const optDay = fc.option(dayArb, { nil: null, freq: 2 });
const birthArb = fc.option(
  fc.integer({ min: 0, max: 85 * 366 }).map((n) => addDays('1930-01-01', n)),
  { nil: null, freq: 6 },
);
const pick = <T>(items: readonly T[], n: number) => items[n % items.length]!;

const childLevels: Record<OrgLevel, OrgLevel[]> = {
  county: ['county', 'committee', 'workCommittee', 'generalBranch', 'branch'],
  committee: ['committee', 'generalBranch', 'branch', 'branch'],
  workCommittee: ['generalBranch', 'branch'],
  generalBranch: ['generalBranch', 'branch', 'branch'],
  branch: [],
};

const orgGene = fc.record({
  parent: fc.nat(),
  level: fc.nat(),
  domain: fc.option(fc.constantFrom(...orgDomains), { nil: null, freq: 5 }),
  foundedOn: optDay,
  dissolvedOn: fc.option(dayArb, { nil: null, freq: 4 }),
  termEndsOn: optDay,
  classification: fc.option(fc.constantFrom(...orgClassifications), { nil: null }),
  hasServiceCenter: fc.boolean(),
  hasRemoteEducationSite: fc.boolean(),
});

const memberGene = fc.record({
  org: fc.nat(),
  female: fc.boolean(),
  birthDate: birthArb,
  education: fc.option(fc.constantFrom(...educationLevels), { nil: null, freq: 8 }),
  dates: fc.tuple(optDay, optDay, optDay, optDay, optDay),
  ordered: fc.boolean(),
  branchRole: fc.option(fc.constantFrom(...branchRoles), { nil: null, freq: 2 }),
  villageCommitteeRole: fc.option(fc.constantFrom(...villageCommitteeRoles), { nil: null, freq: 2 }),
  flags: fc.tuple(fc.boolean(), fc.boolean(), fc.boolean(), fc.boolean()),
  leftOn: fc.option(dayArb, { nil: null, freq: 5 }),
  transfers: fc.array(fc.record({ from: fc.nat(), on: dayArb, sameDay: fc.boolean() }), { maxLength: 3 }),
  mobile: fc.array(
    fc.record({
      direction: fc.constantFrom('outflow' as const, 'inflow' as const),
      startedOn: dayArb,
      days: fc.option(fc.integer({ min: 1, max: 2000 }), { nil: null }),
    }),
    { maxLength: 2 },
  ),
});

const datasetArb = fc
  .record({
    orgs: fc.array(orgGene, { minLength: 1, maxLength: 12 }),
    members: fc.array(memberGene, { maxLength: 30 }),
    entities: fc.array(
      fc.record({
        org: fc.nat(),
        shouldEstablish: fc.boolean(),
        own: fc.option(fc.nat(), { nil: null }),
        covered: fc.option(fc.nat(), { nil: null }),
        hasInstructor: fc.boolean(),
      }),
      { maxLength: 5 },
    ),
    rectifications: fc.array(fc.record({ org: fc.nat(), flaggedOn: dayArb, transformedOn: optDay }), {
      maxLength: 4,
    }),
  })
  .map(buildDataset);

type ValueOf<A> = A extends fc.Arbitrary<infer T> ? T : never;

function buildDataset(genes: {
  orgs: ValueOf<typeof orgGene>[];
  members: ValueOf<typeof memberGene>[];
  entities: {
    org: number;
    shouldEstablish: boolean;
    own: number | null;
    covered: number | null;
    hasInstructor: boolean;
  }[];
  rectifications: { org: number; flaggedOn: string; transformedOn: string | null }[];
}): DemoDataset {
  const orgs: DemoOrg[] = [
    {
      id: 1,
      parentId: null,
      path: '1',
      name: '随机县委',
      level: 'county',
      domain: null,
      sortOrder: 0,
      secretaryName: null,
      deputySecretaryName: null,
      foundedOn: null,
      dissolvedOn: null,
      termStartedOn: null,
      termEndsOn: null,
      classification: null,
      hasServiceCenter: false,
      hasRemoteEducationSite: false,
    },
  ];
  for (const g of genes.orgs) {
    const parents = orgs.filter((o) => o.level !== 'branch');
    const parent = pick(parents, g.parent);
    const id = orgs.length + 1;
    const dissolvedOn =
      g.dissolvedOn !== null && (g.foundedOn === null || g.dissolvedOn > g.foundedOn) ? g.dissolvedOn : null;
    orgs.push({
      id,
      parentId: parent.id,
      path: `${parent.path}.${id}`,
      name: `组织${id}`,
      level: pick(childLevels[parent.level], g.level),
      domain: g.domain,
      sortOrder: id,
      secretaryName: null,
      deputySecretaryName: null,
      foundedOn: g.foundedOn,
      dissolvedOn,
      termStartedOn: null,
      termEndsOn: g.termEndsOn,
      classification: g.classification,
      hasServiceCenter: g.hasServiceCenter,
      hasRemoteEducationSite: g.hasRemoteEducationSite,
    });
  }
  const members: DemoMember[] = [];
  const transfers: DemoDataset['transfers'][number][] = [];
  const mobileRecords: DemoDataset['mobileRecords'][number][] = [];
  genes.members.forEach((g, i) => {
    const id = i + 1;
    const current = pick(orgs, g.org);
    const raw = [...g.dates];
    if (g.ordered) raw.sort((a, b) => (a === null ? 1 : b === null ? -1 : a < b ? -1 : a > b ? 1 : 0));
    const [appliedOn, activistOn, candidateOn, probationaryOn, fullOn] = raw;
    const dates = {
      appliedOn: appliedOn!,
      activistOn: activistOn!,
      candidateOn: candidateOn!,
      probationaryOn: probationaryOn!,
      fullOn: fullOn!,
    };
    members.push({
      id,
      orgId: current.id,
      orgPath: current.path,
      name: `党员${id}`,
      gender: g.female ? 'female' : 'male',
      ethnicity: '汉族',
      birthDate: g.birthDate,
      education: g.education,
      idCard: null,
      phone: null,
      occupation: '农牧渔民',
      stage: stageOn(dates, '2099-12-31') ?? 'applicant',
      ...dates,
      branchRole: g.branchRole,
      villageCommitteeRole: g.villageCommitteeRole,
      isTownLeader: g.flags[0],
      isCollegeGradOfficial: g.flags[1],
      isResidentCadre: g.flags[2],
      isFirstSecretary: g.flags[3],
      leftOn: g.leftOn,
      leftReason: g.leftOn ? '去世' : null,
    });
    // A chain of moves ending in the current org; equal days are ordered by id.
    const moves = [...g.transfers].sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
    moves.forEach((move, k) => {
      const to = k + 1 < moves.length ? pick(orgs, moves[k + 1]!.from) : current;
      const on = move.sameDay && k > 0 ? transfers.at(-1)!.transferredOn : move.on;
      transfers.push({
        id: transfers.length + 1,
        memberId: id,
        fromOrgId: pick(orgs, move.from).id,
        toOrgId: to.id,
        transferredOn: on,
        note: '',
      });
    });
    for (const r of g.mobile) {
      mobileRecords.push({
        id: mobileRecords.length + 1,
        memberId: id,
        direction: r.direction,
        place: '广东省东莞市',
        certificateNo: '',
        hostOrgName: '',
        contactName: '',
        startedOn: r.startedOn,
        endedOn: r.days === null ? null : addDays(r.startedOn, r.days),
      });
    }
  });
  return {
    orgs,
    members,
    transfers,
    mobileRecords,
    nonPublicEntities: genes.entities.map((e, i) => ({
      id: i + 1,
      orgId: pick(orgs, e.org).id,
      name: `企业${i + 1}`,
      kind: 'privateEnterprise',
      employees: 10,
      partyMembers: 1,
      shouldEstablish: e.shouldEstablish,
      ownOrgId: e.own === null ? null : pick(orgs, e.own).id,
      coveredByOrgId: e.covered === null ? null : pick(orgs, e.covered).id,
      hasInstructor: e.hasInstructor,
    })),
    weakRectifications: genes.rectifications.map((r, i) => ({
      id: i + 1,
      orgId: pick(orgs, r.org).id,
      flaggedOn: r.flaggedOn,
      reasons: '软弱涣散',
      measures: '',
      transformedOn: r.transformedOn,
    })),
  };
}

describe(`statistics (${testDriver})`, () => {
  let t: TestContext;
  let statistics: StatisticsService;
  const actor = systemActor();

  beforeAll(async () => {
    t = await createTestContext();
    statistics = createStatisticsService({
      db: t.database.db,
      orgs: createOrgService({ db: t.database.db }),
    });
  });
  afterAll(() => t.close());

  async function clear() {
    for (const table of tables) await t.database.db.execute(sql`delete from ${sql.identifier(table)}`);
  }

  it('gives exactly the reference figures on random data, for the root and a subtree, on any day', async () => {
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
          for (const day of [...days, ...edges, ...edges.map((d) => addDays(d, -1))]) {
            for (const root of [data.orgs[0]!, subtree]) {
              const got = await statistics.statistics(actor, { orgId: root.id, asOf: day });
              expect(got, `${root.path} on ${day}`).toEqual(computeStatistics(data, root.path, day));
            }
          }
        },
      ),
      { seed: 20_260_101, numRuns: 30 },
    );
  });

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
    expect(basics.rows).toContainEqual({ label: '党员', value: `${left.members.total}名` });
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
});
