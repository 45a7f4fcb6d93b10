// Random small registries for the statistics property tests: a tree, members with arbitrary stage
// dates, transfer chains, mobile records, leavers, entities and rectifications.
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import type { Db } from '../../../src/db/client.js';
import type { DemoMember, DemoOrg } from '../../../src/db/demo/generate.js';
import type { DemoDataset } from '../../../src/db/demo/load.js';
import {
  branchRoles,
  educationLevels,
  orgClassifications,
  stageOn,
  villageCommitteeRoles,
} from '../../../src/domain/member-base.js';
import { orgDomains, type OrgLevel } from '../../../src/domain/org-tree.js';
import { queryRows } from '../../../src/db/query-rows.js';
import { systemClock } from '../../../src/server/clock.js';
import { createOrgService } from '../../../src/server/modules/orgs/service.js';

import { createStatisticsService } from '../../../src/server/modules/statistics/service.js';
import {
  mobileRecords,
  members,
  memberTransfers,
  nonPublicEntities,
  orgs,
  weakOrgRectifications,
} from '../../../src/db/schema/index.js';
import { addDays } from '../../../src/domain/dates.js';
import { type StatisticsInput, type StatMember, type StatOrg } from '../../../src/domain/statistics.js';

export const tables = [
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
export const dayArb = fc.integer({ min: 0, max: spanDays }).map((n) => addDays(firstDay, n));
export const optDay = fc.option(dayArb, { nil: null, freq: 2 });
const birthArb = fc.option(
  fc.integer({ min: 0, max: 85 * 366 }).map((n) => addDays('1930-01-01', n)),
  { nil: null, freq: 6 },
);
export const pick = <T>(items: readonly T[], n: number) => items[n % items.length]!;

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

export const datasetArb = fc
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

/** Empties every table the datasets fill. */
export async function clearTables(db: Db) {
  for (const table of tables) await db.execute(sql`delete from ${sql.identifier(table)}`);
}

/** The registry as it is now, in the oracle's terms. */
export async function registry(db: Db): Promise<StatisticsInput> {
  return {
    orgs: (await db.select().from(orgs)) as StatOrg[],
    members: (await db.select().from(members)) as StatMember[],
    transfers: await db.select().from(memberTransfers),
    mobileRecords: (await db.select().from(mobileRecords)) as StatisticsInput['mobileRecords'],
    nonPublicEntities: await db.select().from(nonPublicEntities),
    weakRectifications: await db.select().from(weakOrgRectifications),
  };
}

const ids = async (db: Db, table: string) =>
  (await queryRows<{ id: number }>(db, sql`select id from ${sql.identifier(table)} order by id`)).map(
    (r) => r.id,
  );

// One random change to the registry, written straight in SQL (as an import or a hand fix would).
export const changeArb = fc.oneof(
  fc.record({
    kind: fc.constant('memberField' as const),
    n: fc.nat(),
    field: fc.constantFrom(
      'gender',
      'birth_date',
      'education',
      'left_on',
      'probationary_on',
      'full_on',
      'branch_role',
      'is_town_leader',
    ),
    day: optDay,
    choice: fc.nat(),
  }),
  fc.record({ kind: fc.constant('transfer' as const), n: fc.nat(), to: fc.nat(), on: dayArb }),
  fc.record({ kind: fc.constant('deleteTransfer' as const), n: fc.nat() }),
  fc.record({ kind: fc.constant('deleteMember' as const), n: fc.nat() }),
  fc.record({
    kind: fc.constant('addMobile' as const),
    n: fc.nat(),
    outflow: fc.boolean(),
    on: dayArb,
  }),
  fc.record({ kind: fc.constant('deleteMobile' as const), n: fc.nat() }),
  fc.record({
    kind: fc.constant('orgField' as const),
    n: fc.nat(),
    field: fc.constantFrom('domain', 'classification', 'founded_on', 'dissolved_on', 'term_ends_on'),
    day: optDay,
    choice: fc.nat(),
  }),
  fc.record({ kind: fc.constant('moveOrg' as const), n: fc.nat(), parent: fc.nat() }),
  fc.record({ kind: fc.constant('rectification' as const), n: fc.nat(), on: dayArb, remove: fc.boolean() }),
  fc.record({ kind: fc.constant('entity' as const), n: fc.nat(), org: fc.nat(), add: fc.boolean() }),
);
export type Change = typeof changeArb extends fc.Arbitrary<infer T> ? T : never;

// The datasets are written with explicit ids, which leaves the id sequences behind.
const nextId = (table: string) => sql`(select coalesce(max(id), 0) + 1 from ${sql.identifier(table)})`;

export async function applyChange(db: Db, c: Change) {
  const memberIds = await ids(db, 'members');
  const orgIds = await ids(db, 'orgs');
  const member = memberIds.length > 0 ? pick(memberIds, c.n) : null;
  const date = (d: string | null) => (d === null ? sql`null` : sql`${d}::date`);
  switch (c.kind) {
    case 'memberField': {
      if (member === null) return;
      const value = {
        gender: sql`case gender when 'male' then 'female' else 'male' end`,
        birth_date: date(c.day),
        education: sql`${pick([null, ...educationLevels], c.choice)}`,
        left_on: date(c.day),
        probationary_on: date(c.day),
        full_on: date(c.day),
        branch_role: sql`${pick([null, ...branchRoles], c.choice)}`,
        is_town_leader: sql`not is_town_leader`,
      }[c.field];
      await db.execute(sql`update members set ${sql.identifier(c.field)} = ${value} where id = ${member}`);
      return;
    }
    case 'transfer': {
      if (member === null) return;
      const to = pick(orgIds, c.to);
      await db.transaction(async (tx) => {
        await tx.execute(sql`insert into member_transfers (id, member_id, from_org_id, to_org_id, transferred_on)
          select ${nextId('member_transfers')}, id, org_id, ${to}, ${c.on}::date from members where id = ${member}`);
        await tx.execute(sql`update members set org_id = ${to}, org_path = (select path from orgs where id = ${to})
          where id = ${member}`);
      });
      return;
    }
    case 'deleteTransfer': {
      const transfers = await ids(db, 'member_transfers');
      if (transfers.length > 0)
        await db.execute(sql`delete from member_transfers where id = ${pick(transfers, c.n)}`);
      return;
    }
    case 'deleteMember':
      if (member !== null) await db.execute(sql`delete from members where id = ${member}`);
      return;
    case 'addMobile':
      if (member !== null)
        await db.execute(sql`insert into mobile_records (id, member_id, direction, place, started_on)
          values (${nextId('mobile_records')}, ${member}, ${c.outflow ? 'outflow' : 'inflow'}, '广东省', ${c.on}::date)`);
      return;
    case 'deleteMobile': {
      const records = await ids(db, 'mobile_records');
      if (records.length > 0)
        await db.execute(sql`delete from mobile_records where id = ${pick(records, c.n)}`);
      return;
    }
    case 'orgField': {
      const value = {
        domain: sql`${pick([null, ...orgDomains], c.choice)}`,
        classification: sql`${pick([null, ...orgClassifications], c.choice)}`,
        founded_on: date(c.day),
        dissolved_on: date(c.day),
        term_ends_on: date(c.day),
      }[c.field];
      await db.execute(
        sql`update orgs set ${sql.identifier(c.field)} = ${value} where id = ${pick(orgIds, c.n)}`,
      );
      return;
    }
    case 'moveOrg': {
      const all = await queryRows<{ id: number; path: string; level: string }>(
        db,
        sql`select id, path::text as path, level from orgs where parent_id is not null order by id`,
      );
      if (all.length === 0) return;
      const moved = pick(all, c.n);
      const parents = await queryRows<{ id: number; path: string }>(
        db,
        sql`select id, path::text as path from orgs
            where level <> 'branch' and not path <@ ${moved.path}::ltree order by id`,
      );
      const parent = pick(parents, c.parent);
      await db.transaction(async (tx) => {
        await tx.execute(sql`update orgs set path = ${parent.path}::ltree || subpath(path, nlevel(${moved.path}::ltree) - 1)
          where path <@ ${moved.path}::ltree`);
        await tx.execute(sql`update orgs set parent_id = ${parent.id} where id = ${moved.id}`);
        await tx.execute(sql`update members m set org_path = o.path from orgs o
          where o.id = m.org_id and m.org_path <> o.path`);
      });
      return;
    }
    case 'rectification': {
      const rectifications = await ids(db, 'weak_org_rectifications');
      if (c.remove && rectifications.length > 0)
        await db.execute(sql`delete from weak_org_rectifications where id = ${pick(rectifications, c.n)}`);
      else
        await db.execute(sql`insert into weak_org_rectifications (id, org_id, flagged_on, reasons)
          values (${nextId('weak_org_rectifications')}, ${pick(orgIds, c.n)}, ${c.on}::date, '软弱涣散')`);
      return;
    }
    case 'entity': {
      const entities = await ids(db, 'non_public_entities');
      if (c.add || entities.length === 0)
        await db.execute(sql`insert into non_public_entities (id, org_id, name, kind, should_establish, own_org_id)
          values (${nextId('non_public_entities')}, ${pick(orgIds, c.n)}, '新企业', 'privateEnterprise', true, ${pick(orgIds, c.org)})`);
      else
        await db.execute(sql`update non_public_entities set org_id = ${pick(orgIds, c.org)},
          should_establish = not should_establish where id = ${pick(entities, c.n)}`);
      return;
    }
  }
}

/**
 * The statistics service as the app builds it, and the same service computing missing per-org rows
 * by a pass over the subtree however few are missing (so tests take both paths).
 */
export function statisticsServices(db: Db) {
  const orgs = createOrgService({ db, clock: systemClock });
  return {
    statistics: createStatisticsService({ db, orgs, clock: systemClock }),
    bySubtree: createStatisticsService({ db, orgs, clock: systemClock, fewOrgs: 0 }),
  };
}
