import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeReport } from '../../src/domain/analyzer/analyze.js';
import { basicsTableFindings, registryFindings } from '../../src/domain/analyzer/registry.js';
import { describeBasics } from '../../src/domain/basics-text.js';
import { addDays, addYears, isIsoDay } from '../../src/domain/dates.js';
import { emptyReport, reportTableRows, reportText } from '../../src/domain/reports.js';
import { ageOn } from '../../src/domain/member-base.js';
import {
  admissionOf,
  bornOnOrBefore,
  computeStatistics,
  orgOfMemberOn,
  share,
  type StatisticsInput,
  type StatMember,
  type StatOrg,
} from '../../src/domain/statistics.js';
import { statMember, statOrg } from '../helpers/stat-fixtures.js';

/*
 * The fixture, on 2025-06-30 unless a test says otherwise:
 *
 *   1 示范县委
 *   ├── 2 甲镇党委
 *   │   ├── 4 甲村党支部 (village, term ends 2025-08-15, advanced, service centre, remote site)
 *   │   ├── 5 乙村党支部 (village, founded 2023-03-01, weak under rectification)
 *   │   ├── 6 甲镇机关党支部 (government, term ends 2025-09-28 = day + 90)
 *   │   ├── 7 甲镇宏达公司党支部 (privateEnterprise)
 *   │   ├── 8 原煤矿党支部 (privateEnterprise, dissolved 2024-01-01)
 *   │   └── 9 甲镇教育党总支 (generalBranch, institution)
 *   │       └── 10 甲镇中心小学党支部 (institution)
 *   └── 3 乙镇党委
 *       └── 11 丙村党支部 (village, term ended 2025-06-29)
 */
const org = statOrg;
const orgs: StatOrg[] = [
  org({ id: 1, path: '1', name: '示范县委', level: 'county' }),
  org({ id: 2, path: '1.2', name: '甲镇党委', level: 'committee' }),
  org({ id: 3, path: '1.3', name: '乙镇党委', level: 'committee' }),
  org({
    id: 4,
    path: '1.2.4',
    name: '甲村党支部',
    level: 'branch',
    domain: 'village',
    foundedOn: '1980-05-01',
    termEndsOn: '2025-08-15',
    classification: 'advanced',
    hasServiceCenter: true,
    hasRemoteEducationSite: true,
  }),
  org({
    id: 5,
    path: '1.2.5',
    name: '乙村党支部',
    level: 'branch',
    domain: 'village',
    foundedOn: '2023-03-01',
    classification: 'weak',
  }),
  org({
    id: 6,
    path: '1.2.6',
    name: '甲镇机关党支部',
    level: 'branch',
    domain: 'government',
    termEndsOn: '2025-09-28',
    classification: 'ordinary',
  }),
  org({
    id: 7,
    path: '1.2.7',
    name: '甲镇宏达公司党支部',
    level: 'branch',
    domain: 'privateEnterprise',
    termEndsOn: '2025-09-29',
    classification: 'ordinary',
  }),
  org({
    id: 8,
    path: '1.2.8',
    name: '原煤矿党支部',
    level: 'branch',
    domain: 'privateEnterprise',
    dissolvedOn: '2024-01-01',
    termEndsOn: '2020-01-01',
  }),
  org({ id: 9, path: '1.2.9', name: '甲镇教育党总支', level: 'generalBranch', domain: 'institution' }),
  org({ id: 10, path: '1.2.9.10', name: '甲镇中心小学党支部', level: 'branch', domain: 'institution' }),
  org({
    id: 11,
    path: '1.3.11',
    name: '丙村党支部',
    level: 'branch',
    domain: 'village',
    foundedOn: '1985-01-01',
    termEndsOn: '2025-06-29',
    classification: 'ordinary',
    hasServiceCenter: true,
  }),
];

const member = statMember;
const members: StatMember[] = [
  // 甲村: the secretary is also the director (一肩挑); a member developed in 2023; an activist;
  // a member who left on 2025-01-01; someone who will join after the day.
  member({
    id: 1,
    orgId: 4,
    gender: 'female',
    birthDate: '1960-07-01',
    education: 'seniorHigh',
    probationaryOn: '1985-05-01',
    fullOn: '1986-05-01',
    branchRole: 'secretary',
    villageCommitteeRole: 'director',
  }),
  member({
    id: 2,
    orgId: 4,
    birthDate: '1990-06-30',
    education: 'bachelor',
    appliedOn: '2021-03-01',
    activistOn: '2021-09-01',
    candidateOn: '2022-10-01',
    probationaryOn: '2023-07-01',
    fullOn: '2024-07-01',
    branchRole: 'committeeMember',
    isCollegeGradOfficial: true,
  }),
  member({ id: 3, orgId: 4, birthDate: '2000-01-01', appliedOn: '2024-01-01', activistOn: '2024-06-01' }),
  member({
    id: 4,
    orgId: 4,
    gender: 'female',
    birthDate: '1950-03-03',
    education: 'primary',
    probationaryOn: '1970-01-01',
    fullOn: '1971-01-01',
    leftOn: '2025-01-01',
  }),
  member({ id: 12, orgId: 4, birthDate: '1998-04-04', activistOn: '2023-05-01', candidateOn: '2024-06-01' }),
  // 机关: a town leader born on 29 February, probationary since 2025-03-01.
  member({
    id: 5,
    orgId: 6,
    birthDate: '1980-02-29',
    education: 'juniorCollege',
    appliedOn: '2022-06-01',
    activistOn: '2022-12-01',
    candidateOn: '2024-03-01',
    probationaryOn: '2025-03-01',
    isTownLeader: true,
  }),
  // 公司: a woman working away (流出).
  member({
    id: 6,
    orgId: 7,
    gender: 'female',
    birthDate: '1995-12-31',
    education: 'bachelor',
    probationaryOn: '2016-05-01',
    fullOn: '2017-05-01',
  }),
  // Came to 机关 when 原煤矿 was dissolved on 2024-01-01.
  member({
    id: 7,
    orgId: 6,
    birthDate: '1970-05-05',
    education: 'juniorHigh',
    probationaryOn: '1995-01-01',
    fullOn: '1996-01-01',
  }),
  // Moved 机关 → 甲村 on 2022-01-01, then 甲村 → 丙村 (the other town) on 2025-05-01.
  member({
    id: 8,
    orgId: 11,
    birthDate: '1975-08-08',
    education: 'seniorHigh',
    probationaryOn: '1999-01-01',
    fullOn: '2000-01-01',
    isResidentCadre: true,
    isFirstSecretary: true,
  }),
  member({ id: 9, orgId: 10, gender: 'female', activistOn: '2023-01-01', candidateOn: '2024-03-01' }),
  member({ id: 10, orgId: 5, appliedOn: '2025-06-01' }),
  // 丙村's secretary, developed in 2024, hosted from elsewhere (流入).
  member({
    id: 11,
    orgId: 11,
    birthDate: '1985-01-01',
    education: 'technicalSecondary',
    probationaryOn: '2024-05-01',
    branchRole: 'secretary',
  }),
];

const input: StatisticsInput = {
  orgs,
  members,
  transfers: [
    { id: 1, memberId: 7, fromOrgId: 8, toOrgId: 6, transferredOn: '2024-01-01' },
    { id: 3, memberId: 8, fromOrgId: 4, toOrgId: 11, transferredOn: '2025-05-01' },
    { id: 2, memberId: 8, fromOrgId: 6, toOrgId: 4, transferredOn: '2022-01-01' },
  ],
  mobileRecords: [
    { memberId: 6, direction: 'outflow', startedOn: '2024-01-01', endedOn: null },
    { memberId: 2, direction: 'outflow', startedOn: '2024-02-01', endedOn: '2025-01-01' },
    { memberId: 11, direction: 'inflow', startedOn: '2024-06-01', endedOn: null },
  ],
  nonPublicEntities: [
    { orgId: 2, shouldEstablish: true, ownOrgId: 7, coveredByOrgId: null, hasInstructor: true },
    { orgId: 2, shouldEstablish: true, ownOrgId: null, coveredByOrgId: 7, hasInstructor: false },
    { orgId: 2, shouldEstablish: false, ownOrgId: null, coveredByOrgId: 7, hasInstructor: true },
    { orgId: 2, shouldEstablish: false, ownOrgId: null, coveredByOrgId: null, hasInstructor: false },
    { orgId: 3, shouldEstablish: true, ownOrgId: null, coveredByOrgId: null, hasInstructor: true },
  ],
  weakRectifications: [
    { orgId: 5, flaggedOn: '2024-10-01', transformedOn: null },
    { orgId: 4, flaggedOn: '2020-01-01', transformedOn: '2021-01-01' },
  ],
};

const day = '2025-06-30';

describe('computeStatistics (reference implementation)', () => {
  const s = computeStatistics(input, '1', day);

  it('counts the orgs that exist on the day', () => {
    expect(s.org).toEqual({ id: 1, name: '示范县委', level: 'county', domain: null });
    expect(s.orgs).toEqual({
      total: 10,
      committees: 2,
      branchTotal: 7,
      generalBranches: 1,
      branches: 6,
      branchesByDomain: {
        village: 3,
        community: 0,
        government: 1,
        institution: 2,
        stateEnterprise: 0,
        privateEnterprise: 1,
        socialOrg: 0,
        industry: 0,
        mobile: 0,
        unspecified: 0,
      },
      classification: { advanced: 1, ordinary: 3, weak: 1, unclassified: 5 },
      weakUnderRectification: 1,
      serviceCenters: 2,
      remoteEducationSites: 1,
      termsEndingSoon: 2,
      termsOverdue: 1,
    });
  });

  it('counts members, the pipeline, mobile members, education and age exactly', () => {
    expect(s.members).toEqual({
      total: 7,
      full: 5,
      probationary: 2,
      female: { count: 2, percent: 28.6 },
      male: { count: 5, percent: 71.4 },
      activists: 1,
      candidates: 2,
      applicants: 1,
      mobile: { outflow: { count: 1, percent: 14.3 }, outflowFemale: 1, inflow: 1 },
      newEconomicSocial: { count: 1, percent: 14.3 },
      education: {
        seniorHighOrAbove: { count: 6, percent: 85.7 },
        collegeOrAbove: { count: 3, percent: 42.9 },
        byLevel: {
          primary: 0,
          juniorHigh: 1,
          seniorHigh: 2,
          technicalSecondary: 1,
          juniorCollege: 1,
          bachelor: 2,
          master: 0,
          doctorate: 0,
          unknown: 0,
        },
      },
      // Ages 64, 35, 45, 29, 55, 49, 40: 317 / 7.
      age: {
        known: 7,
        average: 45.3,
        aged60Plus: { count: 1, percent: 14.3 },
        under35: { count: 1, percent: 14.3 },
        under40: { count: 2, percent: 28.6 },
        bands: { under30: 1, from30to39: 1, from40to49: 3, from50to59: 1, from60to69: 1, from70: 0 },
        // The women are 64 (member 1) and 29 (member 6).
        bandsByGender: {
          male: { under30: 0, from30to39: 1, from40to49: 3, from50to59: 1, from60to69: 0, from70: 0 },
          female: { under30: 1, from30to39: 0, from40to49: 0, from50to59: 0, from60to69: 1, from70: 0 },
        },
      },
      newByYear: [
        { year: 2021, count: 0 },
        { year: 2022, count: 0 },
        { year: 2023, count: 1 },
        { year: 2024, count: 1 },
        { year: 2025, count: 1 },
      ],
    });
  });

  it('counts leaders and village cadres', () => {
    expect(s.leadership).toEqual({
      townLeaders: {
        count: 1,
        averageAge: 45,
        seniorHighOrAbove: { count: 1, percent: 100 },
        collegeOrAbove: { count: 1, percent: 100 },
      },
      villageSecretaries: {
        count: 2,
        averageAge: 52,
        seniorHighOrAbove: { count: 2, percent: 100 },
        collegeOrAbove: { count: 0, percent: 0 },
      },
      twoCommittees: {
        count: 3,
        averageAge: 46.3,
        seniorHighOrAbove: { count: 3, percent: 100 },
        collegeOrAbove: { count: 1, percent: 33.3 },
        branchCommittee: 3,
        villageCommittee: 1,
        crossPosts: 1,
      },
      concurrentHeadVillages: { count: 1, percent: 33.3 },
      collegeGradOfficials: 1,
      residentCadres: 1,
      firstSecretaries: 1,
    });
  });

  it('computes the non-public coverage rates', () => {
    expect(s.nonPublic).toEqual({
      entities: 5,
      shouldEstablish: 3,
      established: { count: 1, percent: 33.3 },
      covered: { count: 3, percent: 60 },
      instructors: { count: 3, percent: 60 },
    });
  });

  it('places a member in the org they belonged to on the day', () => {
    const m8 = members.find((m) => m.id === 8)!;
    expect(orgOfMemberOn(m8, input.transfers, '2025-06-30')).toBe(11);
    expect(orgOfMemberOn(m8, input.transfers, '2025-05-01')).toBe(11);
    expect(orgOfMemberOn(m8, input.transfers, '2025-04-30')).toBe(4);
    expect(orgOfMemberOn(m8, input.transfers, '2021-12-31')).toBe(6);

    const total = (path: string, on: string) => computeStatistics(input, path, on).members.total;
    expect(total('1.2', '2025-06-30')).toBe(5);
    expect(total('1.3', '2025-06-30')).toBe(2);
    expect(total('1.2', '2025-04-30')).toBe(6);
    expect(total('1.3', '2025-04-30')).toBe(1);
    // Before 2022 member 8 was in 机关, and member 7 in 原煤矿 until it was dissolved.
    expect(total('1.2.6', '2021-12-31')).toBe(1);
    expect(total('1.2.8', '2023-12-31')).toBe(1);
    expect(total('1.2.8', '2024-01-01')).toBe(0);
    expect(total('1.2.6', '2024-01-01')).toBe(1);
    // The dissolved org itself is no longer counted, but its subtree can still be asked about.
    expect(computeStatistics(input, '1.2.8', day).orgs.total).toBe(0);
  });

  it('leaves out members from the day they left, and counts the stage reached on the day', () => {
    const before = computeStatistics(input, '1', '2024-12-31');
    const after = computeStatistics(input, '1', '2025-01-01');
    // Member 4 left on 2025-01-01; member 5 was still a candidate at the end of 2024.
    expect(before.members.total).toBe(7);
    expect(after.members.total).toBe(6);
    expect(before.members.candidates).toBe(s.members.candidates + 1);
    expect(before.members.female.count).toBe(3);
    // Member 2 was probationary from 2023-07-01 to 2024-07-01.
    expect(computeStatistics(input, '1.2.4', '2024-06-30').members.probationary).toBe(1);
    expect(computeStatistics(input, '1.2.4', '2024-07-01').members.probationary).toBe(0);
    // Mobile records count while active: member 2 was away from 2024-02-01 to 2025-01-01.
    expect(computeStatistics(input, '1.2.4', '2024-12-31').members.mobile.outflow.count).toBe(1);
    expect(computeStatistics(input, '1.2.4', '2025-01-01').members.mobile.outflow.count).toBe(0);
  });

  it('flags villages that developed nobody in the two full years before the day', () => {
    // 2023–2024: 甲村 developed member 2 and 丙村 member 11; 乙村 (founded 2023-03-01) is not judged.
    expect(s.development).toEqual({
      years: [2023, 2024],
      villageBranches: 3,
      eligibleVillages: 2,
      villagesWithoutDevelopment: { count: 0, percent: 0 },
      villages: [],
    });
    // 2024–2025: only 丙村 developed anyone.
    const later = computeStatistics(input, '1', '2026-03-01');
    expect(later.development).toEqual({
      years: [2024, 2025],
      villageBranches: 3,
      eligibleVillages: 3,
      villagesWithoutDevelopment: { count: 2, percent: 66.7 },
      villages: [
        { id: 4, name: '甲村党支部' },
        { id: 5, name: '乙村党支部' },
      ],
    });
  });

  it('counts a member as developed where they were admitted, after they left or moved away', () => {
    // Member 2 (admitted by 甲村 in 2023) moves to 丙村; member 11 (admitted by 丙村 in 2024) leaves.
    const since: StatisticsInput = {
      ...input,
      members: members.map((m) => (m.id === 11 ? { ...m, leftOn: '2025-03-01' } : m)),
      transfers: [
        ...input.transfers,
        { id: 4, memberId: 2, fromOrgId: 4, toOrgId: 11, transferredOn: '2025-01-15' },
      ],
    };
    const admitted = (path: string, on: string) =>
      Object.fromEntries(computeStatistics(since, path, on).members.newByYear.map((y) => [y.year, y.count]));
    expect(admitted('1.2.4', day)).toMatchObject({ 2023: 1, 2024: 0 });
    expect(admitted('1.3.11', day)).toMatchObject({ 2023: 0, 2024: 1 });
    expect(computeStatistics(since, '1', day).members.newByYear).toEqual(s.members.newByYear);
    expect(
      admissionOf(
        since.members.find((m) => m.id === 2)!,
        since.transfers,
      ),
    ).toEqual({
      orgId: 4,
      admittedOn: '2023-07-01',
    });
    // 2024–2025: 丙村 still developed member 11, who has left since.
    expect(computeStatistics(since, '1', '2026-03-01').development.villages).toEqual([
      { id: 4, name: '甲村党支部' },
      { id: 5, name: '乙村党支部' },
    ]);
    // 2023–2024 for 甲村 alone: member 2 was developed there though they are now in 丙村.
    expect(computeStatistics(since, '1.2.4', '2025-06-30').development.villagesWithoutDevelopment.count).toBe(
      0,
    );
  });

  it('reports unknown shares and averages as null, never as zero-filled figures', () => {
    const empty = computeStatistics(input, '1.2.8', day);
    expect(empty.members.total).toBe(0);
    expect(empty.members.female.percent).toBeNull();
    expect(empty.members.age.average).toBeNull();
    expect(empty.nonPublic.covered.percent).toBeNull();
    expect(share(1, 3)).toEqual({ count: 1, percent: 33.3 });
    expect(share(2, 3)).toEqual({ count: 2, percent: 66.7 });
  });
});

describe('age and date rules the SQL relies on', () => {
  const isoDay = fc
    .date({
      min: new Date('1900-01-01T00:00:00Z'),
      max: new Date('2099-12-31T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString().slice(0, 10));

  it('is at least k years old exactly when born on or before addYears(day, -k)', () => {
    fc.assert(
      fc.property(isoDay, isoDay, fc.integer({ min: 0, max: 120 }), (birth, on, k) => {
        fc.pre(birth <= on);
        expect(ageOn(birth, on) >= k).toBe(birth <= bornOnOrBefore(on, k));
      }),
      { numRuns: 2000 },
    );
  });

  // The members' age filter (`minAge`) reads the same boundary (roster's copy of it is gone).
  it('is the k-th birthday boundary, the day after too young', () => {
    expect(bornOnOrBefore('2026-12-01', 60)).toBe('1966-12-01');
    expect(bornOnOrBefore('2025-02-28', 1)).toBe('2024-02-28');
    fc.assert(
      fc.property(isoDay, fc.integer({ min: 0, max: 100 }), (day, k) => {
        const cutoff = bornOnOrBefore(day, k);
        expect(ageOn(cutoff, day)).toBeGreaterThanOrEqual(k);
        expect(ageOn(addDays(cutoff, 1), day)).toBeLessThan(k);
      }),
    );
  });

  it('handles 29 February', () => {
    expect(ageOn('2000-02-29', '2001-02-28')).toBe(0);
    expect(bornOnOrBefore('2001-02-28', 1)).toBe('2000-02-28');
    expect(addYears('2024-02-29', -1)).toBe('2023-02-28');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
  });

  it('accepts only real calendar days', () => {
    expect(isIsoDay('2024-02-29')).toBe(true);
    expect(isIsoDay('2023-02-29')).toBe(false);
    expect(isIsoDay('2024-13-01')).toBe(false);
    expect(isIsoDay('2024-1-01')).toBe(false);
    expect(isIsoDay('20240101')).toBe(false);
  });
});

describe('describeBasics', () => {
  const placeholders = ['000', 'XX', '***', '20XX', 'null', 'NaN', 'undefined', '**'];

  it('writes the 基本情况 of a town from the figures', () => {
    const stats = computeStatistics(input, '1.2', day);
    const { text, rows } = describeBasics(stats, '甲镇党委', day);
    expect(text).toContain('截至2025年6月30日，全镇共有党支部6个（含党总支1个），其中村党支部2个');
    expect(text).toContain(
      '全镇共有党员5名（其中女党员2名），预备党员1名，入党积极分子1名，发展对象2名，入党申请人1名',
    );
    expect(text).toContain('流动党员共1名（其中女党员1名）');
    expect(text).toContain('新经济社会组织党员1名');
    expect(text).toContain('高中及以上文化程度占党员总数的80%');
    expect(text).toContain('“一肩挑”的村1个');
    for (const p of placeholders) expect(text).not.toContain(p);
    // One name for age >= 60 in the prose and the table.
    expect(text).toContain('60岁及以上的占20%');
    expect(text).not.toMatch(/60岁以上/);
    expect(rows).toContainEqual({ label: '党员', value: '5名', amount: 5, unit: '名', share: null });
    expect(rows).toContainEqual({
      label: '女党员',
      value: '2名（占40%）',
      amount: 2,
      unit: '名',
      share: 0.4,
    });
    expect(rows).toContainEqual({
      label: '60岁及以上',
      value: '1名（占20%）',
      amount: 1,
      unit: '名',
      share: 0.2,
    });
    expect(rows).toContainEqual({
      label: '党的组织覆盖率',
      value: '75%',
      amount: 0.75,
      unit: '%',
      share: null,
    });
    expect(rows.map((r) => r.label)).not.toContain('60岁以上');
    for (const r of rows) for (const p of placeholders) expect(r.value).not.toContain(p);
  });

  it('writes a 基本情况 that the report analyzer reads back without a finding, for every org', () => {
    // A report's first part starts from this prose and table: a reviewer must not see Shuping's own
    // figures flagged, neither as the registry's nor as figures that disagree with each other.
    for (const org of orgs) {
      const { text, rows } = describeBasics(computeStatistics(input, org.path, day), org.name, day);
      const body = emptyReport('annual', `${org.name}书记述职报告`);
      body.sections[0]!.text = text;
      body.basicsTable = rows.map(({ label, value }) => ({ label, value }));
      const report = reportText(body);
      const table = reportTableRows(body);
      expect(table).toHaveLength(rows.length);
      const analysis = analyzeReport(
        report,
        table.map((row) => row.span),
      );
      expect(analysis.sections.map((s) => s.kind)).toEqual(['basics']);
      const found = [
        ...analysis.findings,
        ...registryFindings(
          analysis.sections,
          analysis.figures,
          rows.filter((r) => r.unit !== '%'),
          day,
          report,
          table.map((row) => row.span),
        ),
        ...basicsTableFindings(table, rows, day),
      ];
      expect(found.map((f) => `${org.name}: ${f.message}`)).toEqual([]);
    }
  });

  it('leaves out what cannot be said rather than printing a placeholder', () => {
    const stats = computeStatistics(input, '1.2.8', day);
    const { text, rows } = describeBasics(stats, '原煤矿党支部', day);
    expect(text).toContain('共有党员0名');
    expect(text).not.toContain('平均年龄');
    expect(text).not.toContain('%');
    for (const p of placeholders) expect(text).not.toContain(p);
    for (const r of rows) for (const p of placeholders) expect(r.value).not.toContain(p);
  });
});
