import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeBasics, type BasicsActivity, type BasicsProfile } from '../../src/domain/basics-text.js';
import { isWithin } from '../../src/domain/org-tree.js';
import {
  formatProfileValue,
  profileFigureDefinitions,
  profileFigureGroups,
  profileFigureKinds,
  profileKindsFor,
  profileValueProblem,
  rollUpProfileFigure,
  roundProfileValue,
  type ProfileFigureKind,
  type ProfileTotal,
} from '../../src/domain/profile-figures.js';
import { computeStatistics } from '../../src/domain/statistics.js';
import { statMember, statOrg } from '../helpers/stat-fixtures.js';

describe('rollUpProfileFigure', () => {
  // The rule as the documentation states it, recursively: own entry, else the children's sum.
  function byDefinition(
    kind: ProfileFigureKind,
    path: string,
    paths: string[],
    entries: Map<string, number>,
  ): number | null {
    if (entries.has(path)) return entries.get(path)!;
    if (!profileFigureDefinitions[kind].additive) return null;
    const children = paths.filter(
      (p) => p.startsWith(`${path}.`) && p.split('.').length === path.split('.').length + 1,
    );
    const sums = children.map((c) => byDefinition(kind, c, paths, entries)).filter((v) => v !== null);
    return sums.length === 0 ? null : sums.reduce((a, b) => a + Math.round(b * 100), 0) / 100;
  }

  // A random tree: each org after the first hangs under an earlier one.
  const tree = fc.array(fc.nat(), { minLength: 1, maxLength: 25 }).map((parents) => {
    const paths = ['1'];
    parents.forEach((p, i) => paths.push(`${paths[p % paths.length]}.${i + 2}`));
    return paths;
  });

  it('equals the recursive definition on any tree with any entries', () => {
    fc.assert(
      fc.property(
        tree,
        fc.constantFrom(...profileFigureKinds),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 1_000_000 })), { maxLength: 20 }),
        fc.nat(),
        (paths, kind, picks, rootPick) => {
          const entries = new Map(picks.map(([i, cents]) => [paths[i % paths.length]!, cents / 100]));
          const root = paths[rootPick % paths.length]!;
          const rolled = rollUpProfileFigure(
            kind,
            root,
            [...entries].map(([path, value]) => ({ path, value })),
          );
          expect(rolled?.value ?? null).toBe(byDefinition(kind, root, paths, entries));
          if (rolled) expect(rolled.source).toBe(entries.has(root) ? 'own' : 'children');
          if (rolled?.source === 'children') expect(rolled.orgs).toBeGreaterThan(0);
        },
      ),
    );
  });

  it('ignores entries outside the subtree and never sums a non-additive figure', () => {
    const entries = [
      { path: '1.2.4', value: 30 },
      { path: '1.3.5', value: 40 },
      { path: '1.22', value: 7 },
    ];
    expect(rollUpProfileFigure('distanceToCountySeat', '1.2', entries)).toBeNull();
    expect(rollUpProfileFigure('distanceToCountySeat', '1.2.4', entries)).toEqual({
      value: 30,
      source: 'own',
      orgs: 1,
    });
    expect(rollUpProfileFigure('population', '1.2', entries)).toEqual({
      value: 30,
      source: 'children',
      orgs: 1,
    });
    expect(isWithin('1.22', '1.2')).toBe(false);
  });
});

describe('profileValueProblem', () => {
  it('names the figure in every refusal', () => {
    expect(profileValueProblem('population', 5180, 'committee')).toBeNull();
    expect(profileValueProblem('areaKm2', 187.32, 'committee')).toBeNull();
    expect(profileValueProblem('areaKm2', 1.234, 'committee')).toBe('幅员面积最多保留两位小数');
    // Binary-fraction noise is no third decimal.
    expect(profileValueProblem('areaKm2', 0.1 + 0.2, 'committee')).toBeNull();
    expect(profileValueProblem('collectiveIncome', 12.1, 'branch')).toBeNull();
    expect(profileValueProblem('population', 1.5, 'branch')).toBe('总人口须为整数');
    expect(profileValueProblem('population', -3, 'branch')).toBe('总人口不能为负数');
    expect(profileValueProblem('administrativeVillages', 3, 'branch')).toBe('行政村不由本级党组织填报');
    expect(profileValueProblem('staff', Number.NaN, 'county')).toBe('机关工作人员不能为负数');
  });

  it('puts every kind in exactly one section of the form', () => {
    expect(profileFigureGroups.flatMap((g) => g.kinds).sort()).toEqual([...profileFigureKinds].sort());
  });

  it('offers a village what a village knows and a town the rest', () => {
    expect(profileKindsFor('branch')).toContain('collectiveIncome');
    expect(profileKindsFor('branch')).not.toContain('administrativeVillages');
    expect(profileKindsFor('committee')).toEqual([...profileFigureKinds]);
  });
});

describe('the 基本情况 with profile figures', () => {
  // A member who joined in 2003 and is full since 2004, unless a test says otherwise.
  const member = (m: Parameters<typeof statMember>[0]) =>
    statMember({
      birthDate: '1980-05-01',
      education: 'seniorHigh',
      appliedOn: '2000-01-01',
      activistOn: '2001-01-01',
      candidateOn: '2002-01-01',
      probationaryOn: '2003-01-01',
      fullOn: '2004-01-01',
      ...m,
    });
  const org = statOrg;
  const day = '2025-06-30';
  const input = {
    orgs: [
      org({ id: 1, path: '1', name: '竹林镇党委', level: 'committee' }),
      org({
        id: 2,
        path: '1.2',
        name: '东村党支部',
        level: 'branch',
        domain: 'village',
        classification: 'advanced',
      }),
      org({ id: 3, path: '1.3', name: '镇机关党支部', level: 'branch', domain: 'government' }),
    ],
    members: [
      member({
        id: 1,
        orgId: 2,
        branchRole: 'secretary',
        villageCommitteeRole: 'director',
        education: 'bachelor',
      }),
      member({
        id: 2,
        orgId: 2,
        gender: 'female',
        birthDate: '1999-03-01',
        probationaryOn: '2025-03-01',
        fullOn: null,
      }),
      member({ id: 3, orgId: 3, isTownLeader: true, education: 'juniorCollege', birthDate: '1958-01-01' }),
      member({ id: 4, orgId: 3, fullOn: null, probationaryOn: null, candidateOn: null }),
    ],
    transfers: [],
    mobileRecords: [],
    nonPublicEntities: [],
    weakRectifications: [],
  };

  // Figures with their unit, so "12个" and "12名" are different figures; 人 and 名 both count people.
  const figureRe = /(\d+(?:\.\d+)?)(平方公里|平方米|万元|公里|个|名|人|块|对|%|岁(?!以|及))/g;
  const figures = (text: string) =>
    [...text.matchAll(figureRe)].map(([, n, unit]) => `${Number(n)}${unit === '人' ? '名' : unit}`);

  const profileArb = fc.record(
    Object.fromEntries(
      profileFigureKinds.map((k) => [
        k,
        fc.option(
          fc.record({
            value: fc
              .integer({ min: 0, max: 99_999_999 })
              .map((n) => (profileFigureDefinitions[k].decimals ? n / 100 : n)),
            source: fc.constantFrom('own' as const, 'children' as const),
            orgs: fc.integer({ min: 1, max: 40 }),
          }),
        ),
      ]),
    ) as Record<ProfileFigureKind, fc.Arbitrary<ProfileTotal | null>>,
  );
  const activityArb = fc.record({
    termsRenewed: fc.nat(30),
    contactPoints: fc.nat(30),
    pairings: fc.nat(30),
    admitted: fc.nat(30),
    admittedFemale: fc.nat(30),
    admittedUnder35: fc.nat(30),
    admittedCollege: fc.nat(30),
    branchCommittee: fc.nat(30),
    branchCommitteeCollege: fc.nat(30),
    branchCommitteeSeniorHigh: fc.nat(30),
  }) satisfies fc.Arbitrary<BasicsActivity>;

  it('states in the prose only figures the table holds', () => {
    fc.assert(
      fc.property(fc.constantFrom('1', '1.2'), profileArb, activityArb, (root, profile, activity) => {
        const stats = computeStatistics(input, root, day);
        const { text, rows } = describeBasics(stats, stats.org.name, day, { profile, activity });
        const table = new Set(rows.flatMap((r) => figures(r.value)));
        for (const f of figures(text)) expect(table, `${f} in ${text}`).toContain(f);
        for (const [kind, figure] of Object.entries(profile) as [
          ProfileFigureKind,
          BasicsProfile[ProfileFigureKind],
        ][])
          if (figure) {
            const source = figure.source === 'own' ? '2025年填报' : `2025年${figure.orgs}个下级组织填报汇总`;
            expect(rows).toContainEqual({
              label: `${profileFigureDefinitions[kind].label}（${source}）`,
              value: formatProfileValue(kind, figure.value),
              amount: roundProfileValue(kind, figure.value),
              unit: profileFigureDefinitions[kind].unit,
              share: null,
            });
          }
      }),
    );
  });

  it('opens a town’s paragraph with its area and a village’s with its own', () => {
    const town = describeBasics(computeStatistics(input, '1', day), '竹林镇党委', day, {
      profile: {
        communities: { value: 3, source: 'own', orgs: 1 },
        administrativeVillages: { value: 15, source: 'own', orgs: 1 },
        areaKm2: { value: 187.32, source: 'own', orgs: 1 },
        population: { value: 51800, source: 'own', orgs: 1 },
        staff: { value: 101, source: 'own', orgs: 1 },
        sectionLevelCadres: { value: 12, source: 'own', orgs: 1 },
      },
    });
    expect(town.text).toMatch(
      /^全镇辖社区3个、行政村15个，幅员面积187\.32平方公里，总人口51800人。截至2025年6月30日，全镇共有党支部2个/,
    );
    expect(town.text).toContain('全镇共有机关工作人员101人，其中科级以上领导干部12人。');

    const village = describeBasics(computeStatistics(input, '1.2', day), '东村党支部', day, {
      profile: {
        population: { value: 1260, source: 'own', orgs: 1 },
        collectiveIncome: { value: 23.5, source: 'own', orgs: 1 },
      },
      activity: {
        termsRenewed: 1,
        contactPoints: 1,
        pairings: 0,
        admitted: 1,
        admittedFemale: 1,
        admittedUnder35: 1,
        admittedCollege: 0,
        branchCommittee: 1,
        branchCommitteeCollege: 1,
        branchCommitteeSeniorHigh: 1,
      },
    });
    expect(village.text).toMatch(/^本村总人口1260人。截至2025年6月30日，本村共有党员2名/);
    expect(village.text).toContain('2025年，村集体经济收入23.5万元。');
    expect(village.text).toContain('2025年以来，完成换届的党组织1个，领导干部联系点1个。');
    expect(village.text).toContain('2025年新发展的党员中，女性1名，35岁以下1名，大专及以上文化程度0名。');
  });
});
