// A deterministic demo county shaped like the seed towns (seed 001: 3 communities, 15 villages,
// 40 branches, about 1,300 members), and the same generator scaled to a province-sized tree for
// benchmarks. Everything follows from the seed (and the day the data is "current" on): the orgs
// and small tables are planned up front, members are generated per org from a stream seeded by
// (seed, org id), so a million members can be streamed to the database without holding them.

import {
  ageOn,
  minimumApplicationAge,
  stageDatesProblem,
  stageOn,
  type Education,
  type Stage,
} from '../../domain/member-base.js';
import type { OrgDomain, OrgLevel } from '../../domain/org-tree.js';
import type { StatMember, StatOrg } from '../../domain/statistics.js';
import { addDays, addYears, dayNumber, fromDayNumber } from '../../domain/dates.js';
import {
  cityName,
  enterpriseKinds,
  governmentUnits,
  industries,
  institutionUnits,
  personName,
  placeName,
  socialOrgKinds,
  stateEnterpriseUnits,
} from './names.js';
import { rngFor, type Rng } from './prng.js';

export interface DemoOptions {
  seed: number;
  /** A county of this many towns (default 4), the first shaped exactly like seed 001's town. */
  towns?: number;
  /** Scale mode: exactly this many orgs (and `members` members, default 20 per org). */
  orgs?: number;
  members?: number;
  /** The day the data is current on: stages, terms and "recent" dates are relative to it. */
  today?: string;
}

export const defaultDemoDay = '2025-06-30';

export interface DemoOrg extends StatOrg {
  parentId: number | null;
  sortOrder: number;
  secretaryName: string | null;
  deputySecretaryName: string | null;
  termStartedOn: string | null;
}

export interface DemoMember extends StatMember {
  orgPath: string;
  name: string;
  ethnicity: string;
  idCard: null;
  phone: null;
  occupation: string;
  stage: Stage;
  leftReason: string | null;
}

export interface DemoTransfer {
  id: number;
  memberId: number;
  fromOrgId: number;
  toOrgId: number;
  transferredOn: string;
  note: string;
}

export interface DemoMobileRecord {
  id: number;
  memberId: number;
  direction: 'outflow' | 'inflow';
  place: string;
  certificateNo: string;
  hostOrgName: string;
  contactName: string;
  startedOn: string;
  endedOn: string | null;
}

export interface DemoEntity {
  id: number;
  orgId: number;
  name: string;
  kind: 'privateEnterprise' | 'socialOrg';
  employees: number;
  partyMembers: number;
  shouldEstablish: boolean;
  ownOrgId: number | null;
  coveredByOrgId: number | null;
  hasInstructor: boolean;
}

export interface DemoRectification {
  id: number;
  orgId: number;
  flaggedOn: string;
  reasons: string;
  measures: string;
  transformedOn: string | null;
}

export interface DemoContactPoint {
  id: number;
  orgId: number;
  leaderName: string;
  leaderTitle: string;
  startedOn: string;
}

export interface DemoPairing {
  id: number;
  orgId: number;
  partnerOrgId: number;
  partnerName: string;
  content: string;
  startedOn: string;
}

export interface DemoPlan {
  seed: number;
  today: string;
  orgs: DemoOrg[];
  /** Members to generate per org, by org id (index = id). */
  memberCounts: number[];
  totalMembers: number;
  nonPublicEntities: DemoEntity[];
  weakRectifications: DemoRectification[];
  contactPoints: DemoContactPoint[];
  pairings: DemoPairing[];
  /** Internal: per town, its branches and leaders, for member generation. */
  towns: TownPlan[];
  townOf: number[];
}

export interface DemoMemberBundle {
  member: DemoMember;
  transfers: DemoTransfer[];
  mobileRecords: DemoMobileRecord[];
}

export interface DemoCounty extends Omit<DemoPlan, 'towns' | 'townOf' | 'memberCounts'> {
  members: DemoMember[];
  transfers: DemoTransfer[];
  mobileRecords: DemoMobileRecord[];
}

interface TownPlan {
  town: DemoOrg;
  /** Every org below the town (general branches and branches), in id order. */
  units: DemoOrg[];
  /** The branch the town's leaders belong to. */
  leadersBranchId: number;
  leaders: { name: string; female: boolean; title: string }[];
}

// Stream tags: each purpose draws from its own stream, so changing one never shifts another.
const tagPlan = 1;
const tagPeople = 2;
const tagLeaders = 3;
const tagMembers = 4;

// ---------------------------------------------------------------------------------------------
// Dates

/** A day drawn uniformly from [from, to] (both inclusive); `from` when the range is empty. */
function dayBetween(rng: Rng, from: string, to: string): string {
  const a = dayNumber(from);
  const b = dayNumber(to);
  return b <= a ? from : fromDayNumber(rng.int(a, b));
}
const minDay = (a: string, b: string) => (a < b ? a : b);
const maxDay = (a: string, b: string) => (a > b ? a : b);

// ---------------------------------------------------------------------------------------------
// Town shapes

/** Seed 001's town: 15 village, 3 community, 18 government/institution/enterprise, 3 industry and 1 mobile branch. */
const seedTownShape: Record<OrgDomain, number> = {
  village: 15,
  community: 3,
  government: 6,
  institution: 7,
  stateEnterprise: 1,
  privateEnterprise: 3,
  socialOrg: 1,
  industry: 3,
  mobile: 1,
};

const domainShare: [OrgDomain, number][] = [
  ['village', 0.4],
  ['community', 0.08],
  ['government', 0.15],
  ['institution', 0.16],
  ['stateEnterprise', 0.03],
  ['privateEnterprise', 0.08],
  ['socialOrg', 0.02],
  ['industry', 0.05],
  ['mobile', 0.03],
];

/** A town of `size` branches, with every kind a town usually has. */
function townShape(rng: Rng, size: number): Record<OrgDomain, number> {
  const shape = Object.fromEntries(domainShare.map(([d, s]) => [d, Math.floor(size * s)])) as Record<
    OrgDomain,
    number
  >;
  shape.village = Math.max(shape.village, 3);
  shape.government = Math.max(shape.government, 1);
  let rest = size - Object.values(shape).reduce((a, b) => a + b, 0);
  while (rest > 0) {
    shape[rng.weighted(domainShare)]++;
    rest--;
  }
  while (rest < 0) {
    const d = rng.weighted(domainShare);
    if (shape[d] > (d === 'village' ? 3 : d === 'government' ? 1 : 0)) {
      shape[d]--;
      rest++;
    }
  }
  return shape;
}

/** Relative number of members a branch of each kind has. */
const memberWeight: Record<OrgDomain, [number, number]> = {
  village: [1.7, 0.6],
  community: [1.5, 0.5],
  government: [0.8, 0.3],
  institution: [0.9, 0.4],
  stateEnterprise: [0.5, 0.2],
  privateEnterprise: [0.5, 0.3],
  socialOrg: [0.4, 0.2],
  industry: [0.6, 0.2],
  mobile: [1.2, 0.4],
};

// ---------------------------------------------------------------------------------------------
// Planning: the org tree and the small tables

interface OrgDraft {
  parent: DemoOrg | null;
  name: string;
  level: OrgLevel;
  domain: OrgDomain | null;
  foundedOn: string | null;
  dissolvedOn?: string | null;
}

function validate(options: DemoOptions) {
  const { towns, orgs, members } = options;
  if (!Number.isSafeInteger(options.seed)) throw new Error('随机种子必须是整数');
  if (orgs !== undefined) {
    if (!Number.isInteger(orgs) || orgs < 60 || orgs > 2_000_000)
      throw new Error('组织数须为 60 至 2000000 之间的整数');
    if (members !== undefined && (!Number.isInteger(members) || members < orgs * 3 || members > 50_000_000))
      throw new Error('党员数须为整数，且不少于组织数的 3 倍');
  } else {
    if (members !== undefined) throw new Error('指定党员数时须同时指定组织数（--orgs）');
    if (towns !== undefined && (!Number.isInteger(towns) || towns < 1 || towns > 50))
      throw new Error('乡镇数须为 1 至 50 之间的整数');
  }
}

export function planCounty(options: DemoOptions): DemoPlan {
  validate(options);
  const { seed } = options;
  const today = options.today ?? defaultDemoDay;
  const year = Number(today.slice(0, 4));
  const rng = rngFor(seed, 0, tagPlan);
  const scale = options.orgs !== undefined;

  // How many towns, and how many branches each.
  let townSizes: number[];
  let counties = 0;
  if (!scale) {
    const count = options.towns ?? 4;
    townSizes = Array.from({ length: count }, (_, i) => (i === 0 ? 40 : rng.int(15, 40)));
  } else {
    const total = options.orgs!;
    let towns = Math.max(1, Math.round((total - 1) / 37));
    counties = towns > 30 ? Math.ceil(towns / 25) : 0;
    let branchBudget = total - 1 - counties - towns;
    while (branchBudget < towns * 8) {
      towns--;
      counties = towns > 30 ? Math.ceil(towns / 25) : 0;
      branchBudget = total - 1 - counties - towns;
    }
    // Random sizes, then scaled to the budget exactly.
    const raw = Array.from({ length: towns }, () => rng.int(15, 45));
    const sum = raw.reduce((a, b) => a + b, 0);
    townSizes = raw.map((r) => Math.max(8, Math.floor((r * branchBudget) / sum)));
    let rest = branchBudget - townSizes.reduce((a, b) => a + b, 0);
    for (let i = 0; rest !== 0; i = (i + 1) % towns) {
      if (rest > 0) {
        townSizes[i]!++;
        rest--;
      } else if (townSizes[i]! > 8) {
        townSizes[i]!--;
        rest++;
      }
    }
  }

  const orgs: DemoOrg[] = [];
  const add = (draft: OrgDraft, sortOrder: number): DemoOrg => {
    const id = orgs.length + 1;
    const termYears =
      draft.level === 'branch' || draft.level === 'generalBranch'
        ? draft.domain === 'village' || draft.domain === 'community'
          ? 5
          : 3
        : 5;
    const termStartedOn = addDays(today, -rng.int(0, termYears * 365 + 110));
    const org: DemoOrg = {
      id,
      parentId: draft.parent?.id ?? null,
      path: draft.parent ? `${draft.parent.path}.${id}` : String(id),
      name: draft.name,
      level: draft.level,
      domain: draft.domain,
      sortOrder,
      secretaryName: null,
      deputySecretaryName: null,
      foundedOn: draft.foundedOn,
      dissolvedOn: draft.dissolvedOn ?? null,
      termStartedOn: draft.dissolvedOn ? null : termStartedOn,
      termEndsOn: draft.dissolvedOn ? null : addYears(termStartedOn, termYears),
      classification: null,
      hasServiceCenter: false,
      hasRemoteEducationSite: false,
    };
    orgs.push(org);
    return org;
  };

  const countyNames = new Set<string>();
  const root = add(
    {
      parent: null,
      name:
        scale && counties > 0 ? `${placeName(rng, countyNames)}市委` : `${placeName(rng, countyNames)}县委`,
      level: 'county',
      domain: null,
      foundedOn: '1949-10-01',
    },
    0,
  );
  const countyOrgs: DemoOrg[] = [];
  for (let i = 0; i < counties; i++)
    countyOrgs.push(
      add(
        {
          parent: root,
          name: `${placeName(rng, countyNames)}县委`,
          level: 'county',
          domain: null,
          foundedOn: '1949-10-01',
        },
        i,
      ),
    );

  const towns: TownPlan[] = [];
  const townNames = new Map<number, Set<string>>();
  townSizes.forEach((size, t) => {
    const parent = counties > 0 ? countyOrgs[Math.floor((t * counties) / townSizes.length)]! : root;
    const taken = townNames.get(parent.id) ?? new Set<string>();
    townNames.set(parent.id, taken);
    const townPlace = placeName(rng, taken);
    const town = add(
      { parent, name: `${townPlace}镇党委`, level: 'committee', domain: null, foundedOn: '1956-03-01' },
      t,
    );
    towns.push(planTown(rng, seed, add, town, townPlace, size, !scale && t === 0, today, year));
  });

  // Members per org: weights by kind, the totals matched exactly.
  const memberCounts = new Array<number>(orgs.length + 1).fill(0);
  const branchOrgs = orgs.filter((o) => o.level === 'branch' && o.dissolvedOn === null);
  const weightOf = (o: DemoOrg) => {
    const [mean, spread] = memberWeight[o.domain ?? 'government'];
    return rng.around(mean, spread, 0.2, mean * 2.5);
  };
  const allocate = (targets: DemoOrg[], total: number, minimum: (o: DemoOrg) => number) => {
    const weights = targets.map(weightOf);
    const sum = weights.reduce((a, b) => a + b, 0);
    let given = 0;
    targets.forEach((o, i) => {
      const n = Math.max(minimum(o), Math.floor((weights[i]! * total) / sum));
      memberCounts[o.id] = n;
      given += n;
    });
    for (let i = 0; given !== total; i = (i + 1) % targets.length) {
      const o = targets[i]!;
      if (given < total) {
        memberCounts[o.id]!++;
        given++;
      } else if (memberCounts[o.id]! > minimum(o)) {
        memberCounts[o.id]!--;
        given--;
      }
    }
  };
  const leaderBranch = new Map(towns.map((t) => [t.leadersBranchId, t.leaders.length]));
  const minimum = (o: DemoOrg) => (leaderBranch.get(o.id) ?? 0) + 3;
  if (scale) {
    allocate(branchOrgs, options.members ?? options.orgs! * 20, minimum);
  } else {
    for (const [t, plan] of towns.entries()) {
      const target = t === 0 ? 1460 : rng.int(850, 1650);
      allocate(
        plan.units.filter((o) => o.level === 'branch' && o.dissolvedOn === null),
        target,
        minimum,
      );
    }
  }

  // Secretaries and deputies, the same people member generation produces first.
  for (const o of branchOrgs) {
    const people = orgPeople(seed, o, memberCounts[o.id]!);
    o.secretaryName = people.secretary.name;
    o.deputySecretaryName = people.deputy?.name ?? null;
  }
  for (const t of towns) {
    t.town.secretaryName = t.leaders[0]!.name;
    t.town.deputySecretaryName = t.leaders[1]!.name;
  }

  const townOf = new Array<number>(orgs.length + 1).fill(-1);
  towns.forEach((t, i) => {
    townOf[t.town.id] = i;
    for (const u of t.units) townOf[u.id] = i;
  });

  const small = planSmallTables(rng, towns, memberCounts, today);
  return {
    seed,
    today,
    orgs,
    memberCounts,
    totalMembers: memberCounts.reduce((a, b) => a + b, 0),
    ...small,
    towns,
    townOf,
  };
}

function planTown(
  rng: Rng,
  seed: number,
  add: (draft: OrgDraft, sortOrder: number) => DemoOrg,
  town: DemoOrg,
  place: string,
  size: number,
  seedLike: boolean,
  today: string,
  year: number,
): TownPlan {
  // `size` counts every unit below the town, a dissolved branch and a general branch included.
  const dissolved = rng.chance(seedLike ? 1 : 0.4);
  const general = !seedLike && size >= 25 && rng.chance(0.5);
  const shape = seedLike
    ? { ...seedTownShape }
    : townShape(rng, size - (dissolved ? 1 : 0) - (general ? 1 : 0));
  const names = new Set<string>([place]);
  const units: DemoOrg[] = [];
  let order = 0;
  const unit = (draft: Omit<OrgDraft, 'parent'> & { parent?: DemoOrg }) => {
    const org = add({ ...draft, parent: draft.parent ?? town }, order++);
    units.push(org);
    return org;
  };
  const founded = (from: number, to: number) => dayBetween(rng, `${from}-01-01`, `${to}-12-31`);
  const branch = (name: string, domain: OrgDomain, foundedOn: string, parent?: DemoOrg) =>
    unit({ name, level: 'branch', domain, foundedOn, ...(parent ? { parent } : {}) });

  // Government units come first: the first one holds the town's leaders.
  const governments = governmentUnits.slice(0, Math.min(shape.government, governmentUnits.length));
  while (governments.length < shape.government) governments.push(`机关第${governments.length + 1}`);
  const leadersBranch = branch(`${place}镇${governments[0]}党支部`, 'government', founded(1960, 1985));
  for (const g of governments.slice(1)) branch(`${place}镇${g}党支部`, 'government', founded(1975, 2005));

  for (let i = 0; i < shape.village; i++) {
    const v = branch(`${placeName(rng, names)}村党支部`, 'village', founded(1952, 1988));
    v.hasServiceCenter = rng.chance(0.92);
    v.hasRemoteEducationSite = rng.chance(0.85);
  }
  for (let i = 0; i < shape.community; i++) {
    const c = branch(`${placeName(rng, names)}社区党支部`, 'community', founded(1995, 2012));
    c.hasServiceCenter = rng.chance(0.95);
    c.hasRemoteEducationSite = rng.chance(0.7);
  }

  // Institutions; in larger towns the schools sit under an education general branch (党总支).
  const institutions = institutionUnits.slice(0, Math.min(shape.institution, institutionUnits.length));
  while (institutions.length < shape.institution) institutions.push(`村级小学${institutions.length + 1}`);
  let schoolsParent: DemoOrg | undefined;
  if (general) {
    schoolsParent = unit({
      name: `${place}镇教育党总支`,
      level: 'generalBranch',
      domain: 'institution',
      foundedOn: founded(1985, 2000),
    });
  }
  institutions.forEach((u, i) =>
    branch(`${place}镇${u}党支部`, 'institution', founded(1965, 2005), i < 2 ? schoolsParent : undefined),
  );
  for (let i = 0; i < shape.stateEnterprise; i++)
    branch(
      `${place}镇${stateEnterpriseUnits[i % stateEnterpriseUnits.length]}${i >= stateEnterpriseUnits.length ? i + 1 : ''}党支部`,
      'stateEnterprise',
      founded(1980, 2005),
    );
  for (let i = 0; i < shape.privateEnterprise; i++) {
    const joint = i === shape.privateEnterprise - 1 && shape.privateEnterprise >= 2;
    branch(
      joint ? `${place}镇非公企业联合党支部` : `${placeName(rng, names)}${rng.pick(enterpriseKinds)}党支部`,
      'privateEnterprise',
      founded(2004, year - 3),
    );
  }
  for (let i = 0; i < shape.socialOrg; i++)
    branch(
      `${place}镇${socialOrgKinds[i % socialOrgKinds.length]}${i >= socialOrgKinds.length ? i + 1 : ''}党支部`,
      'socialOrg',
      founded(2008, year - 3),
    );
  const chosenIndustries = rng.shuffle([...industries]);
  for (let i = 0; i < shape.industry; i++)
    branch(
      `${place}镇${chosenIndustries[i % chosenIndustries.length]}${i >= chosenIndustries.length ? i + 1 : ''}发展党支部`,
      'industry',
      founded(2009, year - 3),
    );
  for (let i = 0; i < shape.mobile; i++)
    branch(
      `${place}镇外出创业群体${cityName(rng)
        .replace(/[省市]/g, '')
        .replace(/区$/, '')}党支部`,
      'mobile',
      founded(2008, 2016),
    );

  // History: now and then a branch dissolved a few years ago, or one founded this year.
  const branches = () => units.filter((u) => u.level === 'branch');
  if (dissolved) {
    const dissolvedOn = dayBetween(rng, addDays(today, -4 * 365), addDays(today, -200));
    unit({
      name: `原${placeName(rng, names)}煤矿党支部`,
      level: 'branch',
      domain: 'privateEnterprise',
      foundedOn: founded(1990, 2005),
      dissolvedOn,
    });
  }
  if (!seedLike && rng.chance(0.3)) {
    const recent = rng.pick(
      branches().filter(
        (b) => b.domain === 'community' || b.domain === 'socialOrg' || b.domain === 'institution',
      ),
    );
    if (recent) recent.foundedOn = dayBetween(rng, addDays(today, -240), addDays(today, -20));
  }

  // Classification, and how many leaders the town has.
  for (const b of units) {
    if (b.dissolvedOn) continue;
    b.classification = rng.weighted([
      ['advanced', 15],
      ['ordinary', 78],
      ['weak', b.domain === 'village' ? 9 : 3],
    ] as const);
  }
  const leaderRng = rngFor(seed, town.id, tagLeaders);
  const titles = [
    '镇党委书记',
    '镇党委副书记、镇长',
    '镇党委副书记',
    '镇党委委员、纪委书记',
    '镇党委委员、组织委员',
    '镇党委委员、宣传委员',
    '镇党委委员、武装部部长',
    '镇党委委员、副镇长',
    '镇人大主席',
    '副镇长',
    '副镇长',
    '镇党委委员',
    '镇党委委员',
  ];
  const leaders = Array.from({ length: leaderRng.int(9, 13) }, (_, i) => {
    const female = leaderRng.chance(i === 0 ? 0.1 : 0.25);
    return { name: personName(leaderRng, female), female, title: titles[i]! };
  });
  return { town, units, leadersBranchId: leadersBranch.id, leaders };
}

function planSmallTables(rng: Rng, towns: TownPlan[], memberCounts: number[], today: string) {
  const nonPublicEntities: DemoEntity[] = [];
  const weakRectifications: DemoRectification[] = [];
  const contactPoints: DemoContactPoint[] = [];
  const pairings: DemoPairing[] = [];
  const reasons = [
    '班子不团结、战斗力不强',
    '组织生活不正常，“三会一课”落实不到位',
    '村级集体经济薄弱，服务群众能力不强',
    '书记长期缺职，工作处于停滞状态',
  ];
  const measures = [
    '选派第一书记驻村帮扶，调整充实支部班子',
    '镇党委班子成员包片联系，每月督导一次',
    '开展集中整顿，规范组织生活，建立问题清单逐项销号',
  ];
  for (const t of towns) {
    const place = t.town.name.replace(/镇党委$/, '');
    const live = t.units.filter((u) => u.level === 'branch' && u.dissolvedOn === null);
    const villages = live.filter((u) => u.domain === 'village');

    for (const u of t.units) {
      if (u.classification === 'weak')
        weakRectifications.push({
          id: weakRectifications.length + 1,
          orgId: u.id,
          flaggedOn: addDays(today, -rng.int(40, 420)),
          reasons: rng.pick(reasons),
          measures: rng.pick(measures),
          transformedOn: null,
        });
      else if (u.classification === 'ordinary' && rng.chance(0.04)) {
        const flaggedOn = addDays(today, -rng.int(900, 1500));
        weakRectifications.push({
          id: weakRectifications.length + 1,
          orgId: u.id,
          flaggedOn,
          reasons: rng.pick(reasons),
          measures: rng.pick(measures),
          transformedOn: addDays(flaggedOn, rng.int(200, 500)),
        });
      }
    }

    // Non-public entities: those with their own branch, the small ones the joint branch covers.
    const joint = live.find((u) => u.name.endsWith('非公企业联合党支部')) ?? null;
    for (const u of live.filter(
      (u) => (u.domain === 'privateEnterprise' || u.domain === 'socialOrg') && u !== joint,
    )) {
      nonPublicEntities.push({
        id: nonPublicEntities.length + 1,
        orgId: t.town.id,
        name: u.name.replace(/党支部$/, ''),
        kind: u.domain as 'privateEnterprise' | 'socialOrg',
        employees: u.domain === 'socialOrg' ? rng.int(10, 60) : rng.int(50, 600),
        partyMembers: memberCounts[u.id]!,
        shouldEstablish: true,
        ownOrgId: u.id,
        coveredByOrgId: null,
        hasInstructor: rng.chance(0.9),
      });
    }
    const smallOnes = rng.int(3, 12);
    const names = new Set<string>();
    for (let i = 0; i < smallOnes; i++) {
      const kind = rng.chance(0.8) ? 'privateEnterprise' : 'socialOrg';
      const partyMembers = rng.int(0, 4);
      nonPublicEntities.push({
        id: nonPublicEntities.length + 1,
        orgId: t.town.id,
        name:
          kind === 'socialOrg'
            ? `${place}镇${placeName(rng, names)}${rng.pick(['种养殖专业协会', '志愿者协会'])}`
            : `${place}${placeName(rng, names)}${rng.pick(['商贸有限公司', '农民专业合作社', '建筑有限公司', '家庭农场'])}`,
        kind,
        employees: rng.int(5, 49),
        partyMembers,
        shouldEstablish: partyMembers >= 3,
        ownOrgId: null,
        coveredByOrgId: joint && rng.chance(0.88) ? joint.id : null,
        hasInstructor: rng.chance(0.8),
      });
    }

    // Each of the first leaders follows a village and, where there is one, a non-public branch.
    const nonPublicBranches = live.filter(
      (u) => u.domain === 'privateEnterprise' || u.domain === 'socialOrg',
    );
    t.leaders.slice(0, Math.min(t.leaders.length, villages.length)).forEach((leader, i) => {
      const startedOn = t.town.termStartedOn ?? today;
      contactPoints.push({
        id: contactPoints.length + 1,
        orgId: villages[i]!.id,
        leaderName: leader.name,
        leaderTitle: leader.title,
        startedOn,
      });
      const np = nonPublicBranches[i];
      if (np)
        contactPoints.push({
          id: contactPoints.length + 1,
          orgId: np.id,
          leaderName: leader.name,
          leaderTitle: leader.title,
          startedOn,
        });
    });

    // 结对共建: better-off villages with poorer ones, government branches with villages.
    const shuffled = rng.shuffle([...villages]);
    const pairs = Math.min(5, Math.floor(shuffled.length / 2));
    for (let i = 0; i < pairs; i++) {
      const [a, b] = [shuffled[i]!, shuffled[shuffled.length - 1 - i]!];
      pairings.push({
        id: pairings.length + 1,
        orgId: a.id,
        partnerOrgId: b.id,
        partnerName: b.name,
        content: rng.pick(['产业帮扶、技术指导', '共建特色产业基地', '帮扶困难党员和留守儿童']),
        startedOn: addDays(today, -rng.int(100, 1500)),
      });
    }
    const governments = live.filter((u) => u.domain === 'government' || u.domain === 'institution');
    for (let i = 0; i < Math.min(governments.length, villages.length, 4); i++) {
      pairings.push({
        id: pairings.length + 1,
        orgId: governments[i]!.id,
        partnerOrgId: villages[villages.length - 1 - i]!.id,
        partnerName: villages[villages.length - 1 - i]!.name,
        content: '机关党员“1+1”帮扶困难党员',
        startedOn: addDays(today, -rng.int(100, 1500)),
      });
    }
  }
  return { nonPublicEntities, weakRectifications, contactPoints, pairings };
}

// ---------------------------------------------------------------------------------------------
// People

interface Person {
  name: string;
  female: boolean;
}

/** A branch's secretary and deputy: drawn from the org's own stream, so planning and members agree. */
function orgPeople(
  seed: number,
  org: DemoOrg,
  members: number,
): { secretary: Person; deputy: Person | null } {
  const rng = rngFor(seed, org.id, tagPeople);
  const femaleShare = org.domain === 'village' ? 0.1 : org.domain === 'community' ? 0.4 : 0.25;
  const person = (): Person => {
    const female = rng.chance(femaleShare);
    return { name: personName(rng, female), female };
  };
  const secretary = person();
  const deputy = person();
  return { secretary, deputy: members >= 15 && rng.chance(0.6) ? deputy : null };
}

const educationWeights: Record<OrgDomain, number[]> = {
  village: [22, 38, 20, 6, 9, 5, 0, 0],
  community: [8, 26, 26, 11, 16, 13, 0, 0],
  government: [0, 1, 6, 5, 30, 52, 6, 0],
  institution: [0, 1, 6, 10, 30, 47, 6, 0.5],
  stateEnterprise: [0, 4, 18, 20, 32, 26, 0, 0],
  privateEnterprise: [2, 14, 24, 20, 23, 16, 1, 0],
  socialOrg: [5, 18, 30, 10, 21, 16, 0, 0],
  industry: [12, 32, 27, 11, 12, 6, 0, 0],
  mobile: [8, 38, 31, 11, 8, 4, 0, 0],
};
const oldEducation = [42, 40, 11, 4, 2, 1, 0, 0];
const educationOrder: Education[] = [
  'primary',
  'juniorHigh',
  'seniorHigh',
  'technicalSecondary',
  'juniorCollege',
  'bachelor',
  'master',
  'doctorate',
];

const ageProfile: Record<OrgDomain, [mean: number, spread: number, min: number, max: number]> = {
  village: [57, 30, 28, 92],
  community: [55, 30, 28, 90],
  government: [42, 20, 26, 60],
  institution: [43, 22, 26, 62],
  stateEnterprise: [44, 20, 26, 60],
  privateEnterprise: [40, 20, 25, 60],
  socialOrg: [48, 26, 28, 78],
  industry: [48, 22, 30, 72],
  mobile: [38, 14, 26, 56],
};

const occupations: Record<OrgDomain, string[]> = {
  village: ['农牧渔民'],
  community: ['离退休人员', '其他职业人员', '个体工商户'],
  government: ['党政机关工作人员'],
  institution: ['专业技术人员', '事业单位管理人员'],
  stateEnterprise: ['企业管理人员', '专业技术人员', '工人'],
  privateEnterprise: ['企业管理人员', '工人', '专业技术人员'],
  socialOrg: ['社会组织从业人员'],
  industry: ['农牧渔民', '工人', '企业管理人员'],
  mobile: ['进城务工人员'],
};

const outflowShare: Record<OrgDomain, number> = {
  village: 0.13,
  community: 0.06,
  government: 0.01,
  institution: 0.01,
  stateEnterprise: 0.01,
  privateEnterprise: 0.02,
  socialOrg: 0.02,
  industry: 0.05,
  mobile: 1,
};

interface OrgContext {
  plan: DemoPlan;
  org: DemoOrg;
  domain: OrgDomain;
  town: TownPlan;
  rng: Rng;
  /** Yearly development rate of this branch. */
  developmentRate: number;
  mobilePlace: string;
  siblings: DemoOrg[];
  dissolvedSibling: DemoOrg | null;
}

interface Draft {
  person: Person;
  age?: [number, number];
  stage?: 'party' | 'recentParty' | 'pipeline';
  branchRole?: StatMember['branchRole'];
  villageCommitteeRole?: StatMember['villageCommitteeRole'];
  isTownLeader?: boolean;
  isCollegeGradOfficial?: boolean;
  isResidentCadre?: boolean;
  isFirstSecretary?: boolean;
  education?: Education;
}

/** The people of one branch, leaders and cadres first. */
function draftsFor(ctx: OrgContext, count: number): Draft[] {
  const { org, rng, domain } = ctx;
  const people = orgPeople(ctx.plan.seed, org, count);
  const femaleShare: Record<OrgDomain, number> = {
    village: 0.1,
    community: 0.38,
    government: 0.3,
    institution: 0.45,
    stateEnterprise: 0.28,
    privateEnterprise: 0.3,
    socialOrg: 0.35,
    industry: 0.18,
    mobile: 0.12,
  };
  const someone = (): Person => {
    const female = rng.chance(femaleShare[domain]);
    return { name: personName(rng, female), female };
  };
  const drafts: Draft[] = [
    { person: people.secretary, branchRole: 'secretary', age: [36, 60], stage: 'party' },
  ];
  if (people.deputy)
    drafts.push({ person: people.deputy, branchRole: 'deputySecretary', age: [30, 58], stage: 'party' });
  if (org.id === ctx.town.leadersBranchId) {
    ctx.town.leaders.forEach((leader, i) =>
      drafts.push({
        person: leader,
        isTownLeader: true,
        age: i === 0 ? [40, 52] : [29, 55],
        stage: 'party',
        education: rng.weighted([
          ['bachelor', 6],
          ['juniorCollege', 2],
          ['master', 2],
        ] as const),
      }),
    );
  }
  const committee =
    domain === 'village' || domain === 'community' ? rng.int(2, 3) : count >= 10 ? rng.int(1, 3) : 0;
  const committeeMembers: Draft[] = [];
  for (let i = 0; i < committee; i++) {
    const d: Draft = { person: someone(), branchRole: 'committeeMember', age: [28, 62], stage: 'party' };
    committeeMembers.push(d);
    drafts.push(d);
  }
  if (domain === 'village' || domain === 'community') {
    // The village (residents') committee: director, maybe a deputy, two or three members;
    // some are also on the branch committee (交叉任职), and in many villages the secretary is the director (一肩挑).
    const crossable = [...(people.deputy ? [drafts[1]!] : []), ...committeeMembers];
    const takeCross = (): Draft | null => {
      if (crossable.length === 0 || !rng.chance(0.4)) return null;
      return crossable.splice(rng.int(0, crossable.length - 1), 1)[0]!;
    };
    const role = (r: NonNullable<StatMember['villageCommitteeRole']>) => {
      const cross = takeCross();
      if (cross) cross.villageCommitteeRole = r;
      else drafts.push({ person: someone(), villageCommitteeRole: r, age: [28, 62], stage: 'party' });
    };
    if (rng.chance(domain === 'village' ? 0.45 : 0.3)) drafts[0]!.villageCommitteeRole = 'director';
    else role('director');
    if (rng.chance(0.5)) role('deputyDirector');
    for (let i = rng.int(2, 3); i > 0; i--) role('committeeMember');
  }
  if (domain === 'village') {
    if (rng.chance(0.3))
      drafts.push({
        person: someone(),
        isCollegeGradOfficial: true,
        age: [23, 30],
        stage: 'recentParty',
        education: rng.pick(['bachelor', 'juniorCollege'] as const),
      });
    const weak = org.classification === 'weak';
    if (weak || rng.chance(0.15))
      drafts.push({
        person: someone(),
        isFirstSecretary: true,
        isResidentCadre: true,
        age: [28, 50],
        stage: 'party',
        education: 'bachelor',
      });
    else if (rng.chance(0.2))
      drafts.push({ person: someone(), isResidentCadre: true, age: [26, 55], stage: 'party' });
  }
  const extra = drafts.length - count;
  if (extra > 0) drafts.splice(count); // a tiny branch keeps its first people
  while (drafts.length < count) drafts.push({ person: someone() });
  return drafts;
}

function birthFor(rng: Rng, today: string, ageRange: [number, number]): string {
  const age = rng.int(ageRange[0], ageRange[1]);
  return addDays(addYears(today, -age), -rng.int(0, 364));
}

/** Stage dates ending with becoming probationary on `probationaryOn` (archive records of old members often lack the early ones). */
function pipelineBefore(rng: Rng, probationaryOn: string, today: string) {
  const candidateOn = addDays(probationaryOn, -rng.int(90, 330));
  const activistOn = addDays(addYears(candidateOn, -1), -rng.int(0, 240));
  const appliedOn = addDays(activistOn, -rng.int(30, 540));
  const fullDue = addDays(addYears(probationaryOn, 1), rng.int(0, 40));
  const fullOn = fullDue <= today ? fullDue : null;
  if (probationaryOn < '1995-01-01' && rng.chance(0.7))
    return { appliedOn: null, activistOn: null, candidateOn: null, probationaryOn, fullOn };
  return { appliedOn, activistOn, candidateOn, probationaryOn, fullOn };
}

function makeMember(
  ctx: OrgContext,
  draft: Draft,
  id: number,
  ids: { transfer: number; mobile: number },
): DemoMemberBundle {
  const { rng, plan, org, domain } = ctx;
  const today = plan.today;
  const year = Number(today.slice(0, 4));
  const yearStart = `${year}-01-01`;

  // Stage and dates.
  let kind = draft.stage;
  if (!kind) {
    const u = rng.next();
    kind = u < 0.12 ? 'pipeline' : 'party';
  }
  let dates: {
    appliedOn: string | null;
    activistOn: string | null;
    candidateOn: string | null;
    probationaryOn: string | null;
    fullOn: string | null;
  };
  let birthDate: string;
  const elapsed = (dayNumber(today) - dayNumber(yearStart) + 1) / 365;
  const recent =
    kind === 'recentParty' ||
    (kind === 'party' && !draft.age && rng.chance(ctx.developmentRate * (4 + elapsed)));
  if (kind === 'pipeline') {
    const which = rng.weighted([
      ['activist', 6.5],
      ['candidate', 1.5],
      ['applicant', 4],
    ] as const);
    birthDate = birthFor(rng, today, [19, 42]);
    if (which === 'applicant') {
      dates = {
        appliedOn: addDays(today, -rng.int(0, 600)),
        activistOn: null,
        candidateOn: null,
        probationaryOn: null,
        fullOn: null,
      };
    } else if (which === 'activist') {
      const activistOn = addDays(today, -rng.int(0, 700));
      dates = {
        appliedOn: addDays(activistOn, -rng.int(30, 400)),
        activistOn,
        candidateOn: null,
        probationaryOn: null,
        fullOn: null,
      };
    } else {
      const candidateOn = addDays(today, -rng.int(0, 300));
      const activistOn = addDays(addYears(candidateOn, -1), -rng.int(0, 200));
      dates = {
        appliedOn: addDays(activistOn, -rng.int(30, 400)),
        activistOn,
        candidateOn,
        probationaryOn: null,
        fullOn: null,
      };
    }
  } else if (recent) {
    // Developed in the last few years: a day in one of them, this year counting for the part elapsed.
    const k = rng.weighted([
      [0, elapsed],
      [1, 1],
      [2, 1],
      [3, 1],
      [4, 1],
    ] as const);
    const from = `${year - k}-01-01`;
    const probationaryOn = dayBetween(rng, from, minDay(`${year - k}-12-31`, today));
    birthDate = draft.age
      ? birthFor(rng, probationaryOn, [Math.max(18, draft.age[0] - 2), draft.age[0] + 4])
      : birthFor(rng, probationaryOn, [19, 40]);
    dates = pipelineBefore(rng, probationaryOn, today);
  } else {
    const [mean, spread, min, max] = ageProfile[domain];
    const age = draft.age
      ? rng.int(draft.age[0], draft.age[1])
      : Math.round(rng.around(mean, spread, min, max));
    birthDate = addDays(addYears(today, -age), -rng.int(0, 364));
    const joinAge = rng.int(19, Math.max(19, Math.min(45, age - 6)));
    const probationaryOn = minDay(
      addDays(addYears(birthDate, joinAge), rng.int(0, 364)),
      `${year - 5}-12-31`,
    );
    dates = pipelineBefore(rng, probationaryOn, today);
  }

  // 党章: nobody applies before 18; in an archive record the first date stands for the application.
  const firstDate = Object.values(dates).find((d) => d !== null);
  if (firstDate && ageOn(birthDate, firstDate) < minimumApplicationAge)
    birthDate = addDays(addYears(firstDate, -minimumApplicationAge), -rng.int(0, 364));

  const female = draft.person.female;
  const ageNow = year - Number(birthDate.slice(0, 4));
  const education: Education | null =
    draft.education ??
    (rng.chance(0.015)
      ? null
      : educationOrder[
          rng.weighted(
            (ageNow >= 62 && domain !== 'government' && domain !== 'institution'
              ? oldEducation
              : educationWeights[domain]
            ).map((w, i) => [i, w] as const),
          )
        ]!);
  const party = kind !== 'pipeline';
  const cadre = Boolean(
    draft.branchRole ||
    draft.villageCommitteeRole ||
    draft.isTownLeader ||
    draft.isCollegeGradOfficial ||
    draft.isResidentCadre ||
    draft.isFirstSecretary,
  );

  // Some members have left (died, or their membership ended); cadres have not.
  let leftOn: string | null = null;
  let leftReason: string | null = null;
  if (party && !cadre && rng.chance(0.01)) {
    leftOn = dayBetween(rng, maxDay(dates.probationaryOn!, addDays(today, -5 * 365)), addDays(today, -1));
    leftReason = ageNow >= 70 ? '去世' : rng.pick(['停止党籍', '出党', '退党']);
    // Who leaves while on probation is never converted.
    if (dates.fullOn !== null && dates.fullOn > leftOn) dates = { ...dates, fullOn: null };
  }

  const member: DemoMember = {
    id,
    orgId: org.id,
    orgPath: org.path,
    name: draft.person.name,
    gender: female ? 'female' : 'male',
    ethnicity: rng.chance(0.93) ? '汉族' : rng.pick(['土家族', '苗族', '回族', '彝族']),
    birthDate,
    education,
    idCard: null,
    phone: null,
    occupation: draft.isTownLeader ? '党政机关工作人员' : rng.pick(occupations[domain]),
    stage: stageOn(dates, today)!,
    ...dates,
    branchRole: draft.branchRole ?? null,
    villageCommitteeRole: draft.villageCommitteeRole ?? null,
    isTownLeader: draft.isTownLeader ?? false,
    isCollegeGradOfficial: draft.isCollegeGradOfficial ?? false,
    isResidentCadre: draft.isResidentCadre ?? false,
    isFirstSecretary: draft.isFirstSecretary ?? false,
    leftOn,
    leftReason,
  };
  const out: DemoMemberBundle = { member, transfers: [], mobileRecords: [] };

  // Transfers: into a branch founded recently (everyone who was already in the pipeline came
  // from a neighbour), out of a dissolved branch, or now and then between neighbours.
  const presentFrom = [
    dates.appliedOn,
    dates.activistOn,
    dates.candidateOn,
    dates.probationaryOn,
    dates.fullOn,
  ].find((d) => d !== null)!;
  const neighbour = (on: string) => {
    const options = ctx.siblings.filter(
      (s) =>
        s.id !== org.id &&
        (s.foundedOn === null || s.foundedOn < on) &&
        (s.dissolvedOn === null || s.dissolvedOn > on),
    );
    return options.length > 0 ? rng.pick(options) : null;
  };
  const transfer = (from: DemoOrg, to: DemoOrg, on: string, note: string) =>
    out.transfers.push({
      id: ids.transfer++,
      memberId: id,
      fromOrgId: from.id,
      toOrgId: to.id,
      transferredOn: on,
      note,
    });
  if (org.foundedOn !== null && presentFrom < org.foundedOn && org.foundedOn > addDays(today, -365)) {
    const from = neighbour(org.foundedOn);
    if (from) transfer(from, org, org.foundedOn, '新建党组织，组织关系转入');
  } else if (
    party &&
    ctx.dissolvedSibling &&
    dates.probationaryOn! < ctx.dissolvedSibling.dissolvedOn! &&
    rng.chance(0.03)
  ) {
    transfer(ctx.dissolvedSibling, org, ctx.dissolvedSibling.dissolvedOn!, '原党组织撤销，组织关系转接');
  } else if (party && !draft.isTownLeader && rng.chance(0.02)) {
    const on = dayBetween(rng, maxDay(addDays(presentFrom, 1), addDays(today, -6 * 365)), addDays(today, -1));
    const from = neighbour(on);
    if (from) {
      // A few moved twice: from a third branch to the neighbour first.
      const before = dayBetween(rng, maxDay(addDays(presentFrom, 1), addDays(on, -3 * 365)), addDays(on, -1));
      const fromExisted = from.foundedOn === null || from.foundedOn < before;
      const first =
        before < on && fromExisted && rng.chance(0.15)
          ? ctx.siblings.find(
              (s) =>
                s.id !== org.id &&
                s.id !== from.id &&
                (s.foundedOn === null || s.foundedOn < before) &&
                (s.dissolvedOn === null || s.dissolvedOn > before),
            )
          : undefined;
      if (first) transfer(first, from, before, '组织关系转接');
      transfer(from, org, on, '组织关系转接');
    }
  }

  // Mobile members: working away (outflow), or hosted here from elsewhere (inflow).
  if (party && leftOn === null) {
    if (rng.chance(outflowShare[domain])) {
      const startedOn = dayBetween(rng, maxDay(dates.probationaryOn!, addDays(today, -8 * 365)), today);
      const endedOn =
        domain !== 'mobile' && rng.chance(0.2) ? dayBetween(rng, addDays(startedOn, 30), today) : null;
      const place = domain === 'mobile' ? ctx.mobilePlace : cityName(rng);
      out.mobileRecords.push({
        id: ids.mobile++,
        memberId: id,
        direction: 'outflow',
        place,
        certificateNo: `LD${startedOn.slice(0, 4)}${String(id).padStart(7, '0')}`,
        hostOrgName: `${place}流动党员党支部`,
        contactName: personName(rng, rng.chance(0.3)),
        startedOn,
        endedOn: endedOn !== null && endedOn > startedOn ? endedOn : null,
      });
    } else if (rng.chance(domain === 'community' || domain === 'privateEnterprise' ? 0.025 : 0.003)) {
      const startedOn = dayBetween(rng, maxDay(dates.probationaryOn!, addDays(today, -5 * 365)), today);
      out.mobileRecords.push({
        id: ids.mobile++,
        memberId: id,
        direction: 'inflow',
        place: cityName(rng),
        certificateNo: `LR${startedOn.slice(0, 4)}${String(id).padStart(7, '0')}`,
        hostOrgName: org.name,
        contactName: org.secretaryName ?? personName(rng, false),
        startedOn,
        endedOn: null,
      });
    }
  }
  return out;
}

/** Members with their transfers and mobile records, org by org, in id order. */
export function* generateMembers(plan: DemoPlan): Generator<DemoMemberBundle> {
  let id = 1;
  const ids = { transfer: 1, mobile: 1 };
  const orgRng = (o: DemoOrg) => rngFor(plan.seed, o.id, tagMembers);
  for (const org of plan.orgs) {
    const count = plan.memberCounts[org.id]!;
    if (count === 0) continue;
    const town = plan.towns[plan.townOf[org.id]!]!;
    const rng = orgRng(org);
    const siblings = town.units.filter((u) => u.level === 'branch');
    const ctx: OrgContext = {
      plan,
      org,
      domain: org.domain ?? 'government',
      town,
      rng,
      developmentRate:
        org.domain === 'village' && rng.chance(0.2) ? 0.002 : rng.around(0.03, 0.02, 0.012, 0.05),
      mobilePlace: org.domain === 'mobile' ? cityName(rng) : '',
      siblings,
      dissolvedSibling: siblings.find((s) => s.dissolvedOn !== null) ?? null,
    };
    for (const draft of draftsFor(ctx, count)) yield makeMember(ctx, draft, id++, ids);
  }
}

/** The whole county in memory (for the seed-sized county and tests). */
export function generateCounty(options: DemoOptions): DemoCounty {
  const full = planCounty(options);
  const { towns: _towns, townOf: _townOf, memberCounts: _counts, ...plan } = full;
  const members: DemoMember[] = [];
  const transfers: DemoTransfer[] = [];
  const mobileRecords: DemoMobileRecord[] = [];
  for (const bundle of generateMembers(full)) {
    members.push(bundle.member);
    transfers.push(...bundle.transfers);
    mobileRecords.push(...bundle.mobileRecords);
  }
  return { ...plan, members, transfers, mobileRecords };
}

/** Why a generated member's stage dates break the pipeline rules (for tests), or null. */
export const memberDatesProblem = (m: DemoMember) => stageDatesProblem(m);
