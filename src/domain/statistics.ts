// The figures a report's "基本情况" quotes (../shared/DOMAIN.md, "What the organization base must
// hold"), for any subtree of the org tree and any day. The server computes the counts in SQL; this
// module holds the shape of the result, the rules both sides share (what counts on a day, the
// percentages and averages), and a brute-force reference implementation over plain arrays that
// the tests use as the oracle.

import { addDays, addYears } from './dates.js';
import {
  ageOn,
  educationLevels,
  isConcurrentHead,
  isCrossPost,
  isPartyMember,
  isSeniorHighOrAbove,
  isCollegeOrAbove,
  stageOn,
  termReminderDays,
  type BranchRole,
  type Education,
  type Gender,
  type MobileDirection,
  type OrgClassification,
  type StageDates,
  type VillageCommitteeRole,
} from './member-base.js';
import { isWithin, orgDomains, type OrgDomain, type OrgLevel } from './org-tree.js';

/** Keys of "new members per year", oldest year first, ending with the year of the day. */
const newInYearKeys = ['newInYear0', 'newInYear1', 'newInYear2', 'newInYear3', 'newInYear4'] as const;
/** How many calendar years "new members per year" covers. */
export const newMemberYears = newInYearKeys.length;
/** At most this many villages are listed by name under "no development for two years". */
export const villageListLimit = 100;
/** Ages are clamped to [0, maxAge]; the SQL side computes them by binary search over that many cut-off dates. */
export const maxAge = 150;

export const ageBands = [
  'under30',
  'from30to39',
  'from40to49',
  'from50to59',
  'from60to69',
  'from70',
] as const;
export type AgeBand = (typeof ageBands)[number];
export const ageBandLabels: Record<AgeBand, string> = {
  under30: '30岁以下',
  from30to39: '30—39岁',
  from40to49: '40—49岁',
  from50to59: '50—59岁',
  from60to69: '60—69岁',
  from70: '70岁及以上',
};
/** The name of `aged60Plus` (age >= 60) on every surface: web, prose, exports. */
export const aged60PlusLabel = '60岁及以上';
/** The lower age bound of each band. */
export const ageBandFrom: Record<AgeBand, number> = {
  under30: 0,
  from30to39: 30,
  from40to49: 40,
  from50to59: 50,
  from60to69: 60,
  from70: 70,
};

/** Orgs that count as "branches" (党支部, 党总支) in the figures. */
export const branchLevels: readonly OrgLevel[] = ['branch', 'generalBranch'];
/** Domains of the new economic and social organizations (新经济组织和新社会组织). */
export const newEconomicSocialDomains: readonly OrgDomain[] = ['privateEnterprise', 'socialOrg'];

// ---------------------------------------------------------------------------------------------
// Result shape

/** A count with its share of a stated whole, in percent with one decimal (null when the whole is 0). */
export interface Share {
  count: number;
  percent: number | null;
}

/** A group of leaders or cadres: how many, their average age and education. */
export interface LeaderGroup {
  count: number;
  /** Average age in years, one decimal, over those whose birth date is known. */
  averageAge: number | null;
  seniorHighOrAbove: Share;
  collegeOrAbove: Share;
}

export interface BaseStatistics {
  asOf: string;
  org: { id: number; name: string; level: OrgLevel; domain: OrgDomain | null };
  /** Orgs of the subtree that exist on the day (founded by then, not yet dissolved). */
  orgs: {
    total: number;
    /** 党委 and 党工委. */
    committees: number;
    /** 党支部 and 党总支 together, then each. */
    branchTotal: number;
    generalBranches: number;
    branches: number;
    branchesByDomain: Record<OrgDomain | 'unspecified', number>;
    classification: Record<OrgClassification | 'unclassified', number>;
    /** Orgs with a weak-org rectification open on the day. */
    weakUnderRectification: number;
    serviceCenters: number;
    remoteEducationSites: number;
    /** Terms ending within `termReminderDays` days from the day (inclusive). */
    termsEndingSoon: number;
    /** Terms that ended before the day. */
    termsOverdue: number;
  };
  /** Party members (probationary and full) and the development pipeline, where they belonged on the day. */
  members: {
    total: number;
    full: number;
    probationary: number;
    female: Share;
    male: Share;
    activists: number;
    candidates: number;
    applicants: number;
    mobile: { outflow: Share; outflowFemale: number; inflow: number };
    newEconomicSocial: Share;
    education: {
      seniorHighOrAbove: Share;
      collegeOrAbove: Share;
      byLevel: Record<Education | 'unknown', number>;
    };
    age: {
      /** Members whose birth date is known; the average is over them, the shares over all members. */
      known: number;
      average: number | null;
      aged60Plus: Share;
      under35: Share;
      under40: Share;
      bands: Record<AgeBand, number>;
      /** The same bands split by gender (an age pyramid); male and female add up to `bands`. */
      bandsByGender: Record<Gender, Record<AgeBand, number>>;
    };
    /** 发展党员: admissions in each of the last `newMemberYears` years, up to the day (`admissionOf`). */
    newByYear: { year: number; count: number }[];
  };
  /** Village branches that developed no member in the two full years before the day's year. */
  development: {
    years: [number, number];
    villageBranches: number;
    /** Village branches that existed through both years (founded on or before 1 January of the first). */
    eligibleVillages: number;
    villagesWithoutDevelopment: Share;
    /** The first `villageListLimit` of them by id. */
    villages: { id: number; name: string }[];
  };
  leadership: {
    /** 乡镇党政班子成员. */
    townLeaders: LeaderGroup;
    /** Secretaries of village branches. */
    villageSecretaries: LeaderGroup;
    /** "两委" cadres of village branches: anyone holding a branch role or a village committee role. */
    twoCommittees: LeaderGroup & { branchCommittee: number; villageCommittee: number; crossPosts: number };
    /** Village branches whose secretary is also the village committee director (一肩挑). */
    concurrentHeadVillages: Share;
    collegeGradOfficials: number;
    residentCadres: number;
    firstSecretaries: number;
  };
  /** Non-public enterprises and social organizations in the subtree's area (current state). */
  nonPublic: {
    entities: number;
    shouldEstablish: number;
    /** 应建已建率: of those that should have their own party org, how many have one. */
    established: Share;
    /** 覆盖率: of all, how many have their own org or are covered by a joint one. */
    covered: Share;
    /** 党建指导员选派率: of all, how many have a party-building instructor. */
    instructors: Share;
  };
}

// ---------------------------------------------------------------------------------------------
// The counts both implementations produce; everything else is derived from them.

const countKeyList = [
  // orgs existing on the day
  'orgsTotal',
  'committees',
  'generalBranches',
  'branches',
  ...orgDomains.map((d) => `branchDomain_${d}` as const),
  'branchDomain_unspecified',
  'classAdvanced',
  'classOrdinary',
  'classWeak',
  'classNone',
  'weakUnderRectification',
  'serviceCenters',
  'remoteEducationSites',
  'termsEndingSoon',
  'termsOverdue',
  'villageBranches',
  'eligibleVillages',
  'villagesWithoutDevelopment',
  'concurrentHeadVillages',
  // party members and the pipeline
  'party',
  'probationary',
  'female',
  'activists',
  'candidates',
  'applicants',
  'outflow',
  'outflowFemale',
  'inflow',
  'newEconomicSocial',
  ...educationLevels.map((e) => `edu_${e}` as const),
  'ageKnown',
  'ageSum',
  ...ageBands.map((b) => `age_${b}` as const),
  ...ageBands.map((b) => `ageFemale_${b}` as const),
  'ageUnder35',
  ...newInYearKeys,
  // leaders and cadres
  'townLeaders',
  'townLeadersAgeKnown',
  'townLeadersAgeSum',
  'townLeadersSeniorHigh',
  'townLeadersCollege',
  'villageSecretaries',
  'villageSecretariesAgeKnown',
  'villageSecretariesAgeSum',
  'villageSecretariesSeniorHigh',
  'villageSecretariesCollege',
  'twoCommittees',
  'twoCommitteesAgeKnown',
  'twoCommitteesAgeSum',
  'twoCommitteesSeniorHigh',
  'twoCommitteesCollege',
  'branchCommittee',
  'villageCommittee',
  'crossPosts',
  'collegeGradOfficials',
  'residentCadres',
  'firstSecretaries',
  // non-public entities
  'npEntities',
  'npShouldEstablish',
  'npEstablished',
  'npCovered',
  'npInstructors',
] as const;
export const newInYearKey = (i: number) => newInYearKeys[i]!;
export type CountKey = (typeof countKeyList)[number];
export const countKeys: readonly CountKey[] = countKeyList;
export type StatisticsCounts = Record<CountKey, number>;

export const emptyCounts = (): StatisticsCounts =>
  Object.fromEntries(countKeys.map((k) => [k, 0])) as StatisticsCounts;

// ---------------------------------------------------------------------------------------------
// Shared rules: dates, shares, averages

/**
 * Someone is at least `years` old on `day` exactly when born on or before this day
 * (`ageOn(birth, day) >= years`), so age questions become date comparisons.
 */
export const bornOnOrBefore = (day: string, years: number) => addYears(day, -years);

/** Age on the day, clamped to [0, maxAge] (a birth date after the day counts as 0). */
export const clampedAgeOn = (birthDate: string, day: string) =>
  Math.min(maxAge, Math.max(0, ageOn(birthDate, day)));

export function share(count: number, total: number): Share {
  return { count, percent: total > 0 ? Math.round((count * 1000) / total) / 10 : null };
}

export function averageOf(sum: number, count: number): number | null {
  return count > 0 ? Math.round((sum * 10) / count) / 10 : null;
}

/** The calendar years of "new members per year", oldest first. */
export function newMemberYearList(day: string): number[] {
  const year = Number(day.slice(0, 4));
  return Array.from({ length: newMemberYears }, (_, i) => year - newMemberYears + 1 + i);
}

/** The two full years checked for "no development", and the day a village must exist by to be judged. */
export function developmentWindow(day: string) {
  const year = Number(day.slice(0, 4));
  return {
    years: [year - 2, year - 1] as [number, number],
    from: `${String(year - 2).padStart(4, '0')}-01-01`,
    to: `${String(year - 1).padStart(4, '0')}-12-31`,
  };
}

/** Whether an org exists on the day: founded by then (or undated) and not yet dissolved. */
export function orgExistsOn(org: { foundedOn: string | null; dissolvedOn: string | null }, day: string) {
  return (
    (org.foundedOn === null || org.foundedOn <= day) && (org.dissolvedOn === null || org.dissolvedOn > day)
  );
}

export const isActiveOn = (record: { startedOn: string; endedOn: string | null }, day: string) =>
  record.startedOn <= day && (record.endedOn === null || record.endedOn > day);

function leaderGroup(count: number, ageKnown: number, ageSum: number, seniorHigh: number, college: number) {
  return {
    count,
    averageAge: averageOf(ageSum, ageKnown),
    seniorHighOrAbove: share(seniorHigh, count),
    collegeOrAbove: share(college, count),
  };
}

/** Builds the published figures from the counts; the SQL side and the reference share this step. */
export function assembleStatistics(
  root: BaseStatistics['org'],
  day: string,
  c: StatisticsCounts,
  villages: { id: number; name: string }[],
): BaseStatistics {
  const total = c.party;
  const female = c.female;
  const educated = (from: Education) =>
    educationLevels.slice(educationLevels.indexOf(from)).reduce((sum, level) => sum + c[`edu_${level}`], 0);
  const byLevel = Object.fromEntries(educationLevels.map((e) => [e, c[`edu_${e}`]])) as Record<
    Education | 'unknown',
    number
  >;
  byLevel.unknown = total - educationLevels.reduce((sum, e) => sum + c[`edu_${e}`], 0);
  const bands = Object.fromEntries(ageBands.map((b) => [b, c[`age_${b}`]])) as Record<AgeBand, number>;
  const femaleBands = Object.fromEntries(ageBands.map((b) => [b, c[`ageFemale_${b}`]])) as Record<
    AgeBand,
    number
  >;
  const maleBands = Object.fromEntries(ageBands.map((b) => [b, bands[b] - femaleBands[b]])) as Record<
    AgeBand,
    number
  >;
  const window = developmentWindow(day);
  return {
    asOf: day,
    org: root,
    orgs: {
      total: c.orgsTotal,
      committees: c.committees,
      branchTotal: c.branches + c.generalBranches,
      generalBranches: c.generalBranches,
      branches: c.branches,
      branchesByDomain: {
        ...(Object.fromEntries(orgDomains.map((d) => [d, c[`branchDomain_${d}`]])) as Record<
          OrgDomain,
          number
        >),
        unspecified: c.branchDomain_unspecified,
      },
      classification: {
        advanced: c.classAdvanced,
        ordinary: c.classOrdinary,
        weak: c.classWeak,
        unclassified: c.classNone,
      },
      weakUnderRectification: c.weakUnderRectification,
      serviceCenters: c.serviceCenters,
      remoteEducationSites: c.remoteEducationSites,
      termsEndingSoon: c.termsEndingSoon,
      termsOverdue: c.termsOverdue,
    },
    members: {
      total,
      full: total - c.probationary,
      probationary: c.probationary,
      female: share(female, total),
      male: share(total - female, total),
      activists: c.activists,
      candidates: c.candidates,
      applicants: c.applicants,
      mobile: { outflow: share(c.outflow, total), outflowFemale: c.outflowFemale, inflow: c.inflow },
      newEconomicSocial: share(c.newEconomicSocial, total),
      education: {
        seniorHighOrAbove: share(educated('seniorHigh'), total),
        collegeOrAbove: share(educated('juniorCollege'), total),
        byLevel,
      },
      age: {
        known: c.ageKnown,
        average: averageOf(c.ageSum, c.ageKnown),
        aged60Plus: share(bands.from60to69 + bands.from70, total),
        under35: share(c.ageUnder35, total),
        under40: share(bands.under30 + bands.from30to39, total),
        bands,
        bandsByGender: { male: maleBands, female: femaleBands },
      },
      newByYear: newMemberYearList(day).map((year, i) => ({
        year,
        count: c[newInYearKeys[i]!],
      })),
    },
    development: {
      years: window.years,
      villageBranches: c.villageBranches,
      eligibleVillages: c.eligibleVillages,
      villagesWithoutDevelopment: share(c.villagesWithoutDevelopment, c.eligibleVillages),
      villages,
    },
    leadership: {
      townLeaders: leaderGroup(
        c.townLeaders,
        c.townLeadersAgeKnown,
        c.townLeadersAgeSum,
        c.townLeadersSeniorHigh,
        c.townLeadersCollege,
      ),
      villageSecretaries: leaderGroup(
        c.villageSecretaries,
        c.villageSecretariesAgeKnown,
        c.villageSecretariesAgeSum,
        c.villageSecretariesSeniorHigh,
        c.villageSecretariesCollege,
      ),
      twoCommittees: {
        ...leaderGroup(
          c.twoCommittees,
          c.twoCommitteesAgeKnown,
          c.twoCommitteesAgeSum,
          c.twoCommitteesSeniorHigh,
          c.twoCommitteesCollege,
        ),
        branchCommittee: c.branchCommittee,
        villageCommittee: c.villageCommittee,
        crossPosts: c.crossPosts,
      },
      concurrentHeadVillages: share(c.concurrentHeadVillages, c.villageBranches),
      collegeGradOfficials: c.collegeGradOfficials,
      residentCadres: c.residentCadres,
      firstSecretaries: c.firstSecretaries,
    },
    nonPublic: {
      entities: c.npEntities,
      shouldEstablish: c.npShouldEstablish,
      established: share(c.npEstablished, c.npShouldEstablish),
      covered: share(c.npCovered, c.npEntities),
      instructors: share(c.npInstructors, c.npEntities),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Reference implementation: obvious, not fast. The tests hold the SQL to it.

export interface StatOrg {
  id: number;
  path: string;
  name: string;
  level: OrgLevel;
  domain: OrgDomain | null;
  foundedOn: string | null;
  dissolvedOn: string | null;
  termEndsOn: string | null;
  classification: OrgClassification | null;
  hasServiceCenter: boolean;
  hasRemoteEducationSite: boolean;
}

export interface StatMember extends StageDates {
  id: number;
  /** The member's current org. */
  orgId: number;
  gender: Gender;
  birthDate: string | null;
  education: Education | null;
  branchRole: BranchRole | null;
  villageCommitteeRole: VillageCommitteeRole | null;
  isTownLeader: boolean;
  isCollegeGradOfficial: boolean;
  isResidentCadre: boolean;
  isFirstSecretary: boolean;
  leftOn: string | null;
}

export interface StatTransfer {
  id: number;
  memberId: number;
  fromOrgId: number;
  toOrgId: number;
  transferredOn: string;
}

export interface StatMobileRecord {
  memberId: number;
  direction: MobileDirection;
  startedOn: string;
  endedOn: string | null;
}

export interface StatNonPublicEntity {
  orgId: number;
  shouldEstablish: boolean;
  ownOrgId: number | null;
  coveredByOrgId: number | null;
  hasInstructor: boolean;
}

export interface StatWeakRectification {
  orgId: number;
  flaggedOn: string;
  transformedOn: string | null;
}

export interface StatisticsInput {
  orgs: readonly StatOrg[];
  members: readonly StatMember[];
  transfers: readonly StatTransfer[];
  mobileRecords: readonly StatMobileRecord[];
  nonPublicEntities: readonly StatNonPublicEntity[];
  weakRectifications: readonly StatWeakRectification[];
}

/**
 * The org a member belonged to on the day: the current org, unless a transfer is dated after the
 * day, in which case the org the earliest such transfer left.
 */
export function orgOfMemberOn(member: StatMember, transfers: readonly StatTransfer[], day: string): number {
  const later = transfers
    .filter((t) => t.memberId === member.id && t.transferredOn > day)
    .sort((a, b) =>
      a.transferredOn < b.transferredOn ? -1 : a.transferredOn > b.transferredOn ? 1 : a.id - b.id,
    );
  return later.length > 0 ? later[0]!.fromOrgId : member.orgId;
}

/**
 * 发展党员: a member was developed on the day they were admitted (接收为预备党员, the probationary
 * date) by the org they belonged to that day, whatever happened since: leaving or moving away does
 * not undo it. Every figure of development (new members per year, villages that developed nobody,
 * the last development of a village) counts admissions this way; the SQL side is `admissionsIn`
 * (src/db/member-in-org.ts).
 */
export function admissionOf(
  member: StatMember,
  transfers: readonly StatTransfer[],
): { orgId: number; admittedOn: string } | null {
  const admittedOn = member.probationaryOn;
  if (admittedOn === null) return null;
  return { orgId: orgOfMemberOn(member, transfers, admittedOn), admittedOn };
}

export function computeStatistics(
  input: StatisticsInput,
  subtreeRootPath: string,
  day: string,
): BaseStatistics {
  const root = input.orgs.find((o) => o.path === subtreeRootPath);
  if (!root) throw new Error(`no org with path ${subtreeRootPath}`);
  const orgById = new Map(input.orgs.map((o) => [o.id, o]));
  const inTree = (o: StatOrg) => isWithin(o.path, subtreeRootPath);
  const isBranch = (o: StatOrg) => branchLevels.includes(o.level);
  const isVillage = (o: StatOrg) => isBranch(o) && o.domain === 'village';
  const c = emptyCounts();
  const window = developmentWindow(day);
  const soon = addDays(day, termReminderDays);

  // Orgs of the subtree that exist on the day.
  const existing = input.orgs.filter((o) => inTree(o) && orgExistsOn(o, day));
  for (const o of existing) {
    c.orgsTotal++;
    if (o.level === 'committee' || o.level === 'workCommittee') c.committees++;
    if (o.level === 'branch') c.branches++;
    if (o.level === 'generalBranch') c.generalBranches++;
    if (isBranch(o)) c[`branchDomain_${o.domain ?? 'unspecified'}`]++;
    if (o.classification === 'advanced') c.classAdvanced++;
    else if (o.classification === 'ordinary') c.classOrdinary++;
    else if (o.classification === 'weak') c.classWeak++;
    else c.classNone++;
    if (
      input.weakRectifications.some(
        (r) => r.orgId === o.id && isActiveOn({ startedOn: r.flaggedOn, endedOn: r.transformedOn }, day),
      )
    )
      c.weakUnderRectification++;
    if (o.hasServiceCenter) c.serviceCenters++;
    if (o.hasRemoteEducationSite) c.remoteEducationSites++;
    if (o.termEndsOn !== null && o.termEndsOn < day) c.termsOverdue++;
    if (o.termEndsOn !== null && o.termEndsOn >= day && o.termEndsOn <= soon) c.termsEndingSoon++;
    if (isVillage(o)) c.villageBranches++;
  }

  // Admissions up to the day, in the org that admitted them, whether or not they are still there.
  const years = newMemberYearList(day);
  const developedIn = new Set<number>();
  for (const m of input.members) {
    const admission = admissionOf(m, input.transfers);
    if (admission === null || admission.admittedOn > day) continue;
    const org = orgById.get(admission.orgId)!;
    if (!inTree(org)) continue;
    const i = years.indexOf(Number(admission.admittedOn.slice(0, 4)));
    if (i >= 0) c[newInYearKeys[i]!]++;
    if (admission.admittedOn >= window.from && admission.admittedOn <= window.to) developedIn.add(org.id);
  }

  // Everyone in the registry on the day, with the org they belonged to then.
  const headIn = new Set<number>();
  for (const m of input.members) {
    if (m.leftOn !== null && m.leftOn <= day) continue;
    const stage = stageOn(m, day);
    if (stage === null) continue;
    const org = orgById.get(orgOfMemberOn(m, input.transfers, day))!;
    if (!inTree(org)) continue;
    const age = m.birthDate === null ? null : clampedAgeOn(m.birthDate, day);
    const party = isPartyMember(stage);

    if (stage === 'activist') c.activists++;
    if (stage === 'candidate') c.candidates++;
    if (stage === 'applicant') c.applicants++;
    if (party) {
      c.party++;
      if (stage === 'probationary') c.probationary++;
      if (m.gender === 'female') c.female++;
      const records = input.mobileRecords.filter((r) => r.memberId === m.id && isActiveOn(r, day));
      if (records.some((r) => r.direction === 'outflow')) {
        c.outflow++;
        if (m.gender === 'female') c.outflowFemale++;
      }
      if (records.some((r) => r.direction === 'inflow')) c.inflow++;
      if (org.domain !== null && newEconomicSocialDomains.includes(org.domain)) c.newEconomicSocial++;
      if (m.education !== null) c[`edu_${m.education}`]++;
      if (age !== null) {
        c.ageKnown++;
        c.ageSum += age;
        const band = [...ageBands].reverse().find((b) => age >= ageBandFrom[b])!;
        c[`age_${band}`]++;
        if (m.gender === 'female') c[`ageFemale_${band}`]++;
        if (age < 35) c.ageUnder35++;
      }
    }

    const educated = (test: (e: Education | null) => boolean) => (test(m.education) ? 1 : 0);
    if (m.isTownLeader) {
      c.townLeaders++;
      if (age !== null) {
        c.townLeadersAgeKnown++;
        c.townLeadersAgeSum += age;
      }
      c.townLeadersSeniorHigh += educated(isSeniorHighOrAbove);
      c.townLeadersCollege += educated(isCollegeOrAbove);
    }
    if (isVillage(org)) {
      if (m.branchRole === 'secretary') {
        c.villageSecretaries++;
        if (age !== null) {
          c.villageSecretariesAgeKnown++;
          c.villageSecretariesAgeSum += age;
        }
        c.villageSecretariesSeniorHigh += educated(isSeniorHighOrAbove);
        c.villageSecretariesCollege += educated(isCollegeOrAbove);
      }
      if (m.branchRole !== null || m.villageCommitteeRole !== null) {
        c.twoCommittees++;
        if (age !== null) {
          c.twoCommitteesAgeKnown++;
          c.twoCommitteesAgeSum += age;
        }
        c.twoCommitteesSeniorHigh += educated(isSeniorHighOrAbove);
        c.twoCommitteesCollege += educated(isCollegeOrAbove);
      }
      if (m.branchRole !== null) c.branchCommittee++;
      if (m.villageCommitteeRole !== null) c.villageCommittee++;
      if (isCrossPost(m)) c.crossPosts++;
      if (isConcurrentHead(m)) headIn.add(org.id);
    }
    if (m.isCollegeGradOfficial) c.collegeGradOfficials++;
    if (m.isResidentCadre) c.residentCadres++;
    if (m.isFirstSecretary) c.firstSecretaries++;
  }

  // Villages: one-shoulder heads, and those that developed nobody in the window.
  const villages: { id: number; name: string }[] = [];
  for (const o of existing.filter(isVillage).sort((a, b) => a.id - b.id)) {
    if (headIn.has(o.id)) c.concurrentHeadVillages++;
    if (o.foundedOn !== null && o.foundedOn > window.from) continue;
    c.eligibleVillages++;
    if (!developedIn.has(o.id)) {
      c.villagesWithoutDevelopment++;
      if (villages.length < villageListLimit) villages.push({ id: o.id, name: o.name });
    }
  }

  // Non-public entities whose area org lies in the subtree.
  for (const e of input.nonPublicEntities) {
    const area = orgById.get(e.orgId);
    if (!area || !inTree(area)) continue;
    c.npEntities++;
    if (e.shouldEstablish) {
      c.npShouldEstablish++;
      if (e.ownOrgId !== null) c.npEstablished++;
    }
    if (e.ownOrgId !== null || e.coveredByOrgId !== null) c.npCovered++;
    if (e.hasInstructor) c.npInstructors++;
  }

  return assembleStatistics(
    { id: root.id, name: root.name, level: root.level, domain: root.domain },
    day,
    c,
    villages,
  );
}
