// 基本情况填报数据: the yearly figures of an org's area that no record in the registry holds (area,
// population, collective income …), entered by the org's secretary or organizer. Seed reports open
// their 基本情况 with them ("辖3个社区、15个行政村，幅员面积187.32平方公里，总人口5.18万人").

import { isWithin, type OrgLevel } from './org-tree.js';

export const profileFigureKinds = [
  'administrativeVillages',
  'communities',
  'areaKm2',
  'population',
  'distanceToCountySeat',
  'staff',
  'sectionLevelCadres',
  'gdp',
  'collectiveIncome',
  'villagesWithCollectiveIncome',
  'serviceCenterArea',
  'serviceCenterInvestment',
  'weakOrgInvestment',
  'affairsSupervisionMembers',
  'financeGroupMembers',
  'disclosureBoards',
  'wealthLeaderSecretaries',
] as const;
export type ProfileFigureKind = (typeof profileFigureKinds)[number];

/** The units profile figures are entered in; the 基本情况 table and its export carry them. */
export const profileUnits = ['个', '名', '人', '块', '公里', '平方公里', '平方米', '万元'] as const;
export type ProfileUnit = (typeof profileUnits)[number];

export interface ProfileFigureDefinition {
  label: string;
  unit: ProfileUnit;
  /** Digits after the decimal point an entry may have (0: a count). */
  decimals: 0 | 2;
  /**
   * Whether an org without its own entry shows the sum of its children's (see `rollUpProfileFigure`).
   * A distance is not: a town's distance to the county seat is not its villages' added up.
   */
  additive: boolean;
  /** The levels whose form offers the kind. */
  levels: readonly OrgLevel[];
}

const above: readonly OrgLevel[] = ['county', 'committee', 'workCommittee'];
const everyLevel: readonly OrgLevel[] = ['county', 'committee', 'workCommittee', 'generalBranch', 'branch'];

export const profileFigureDefinitions: Record<ProfileFigureKind, ProfileFigureDefinition> = {
  administrativeVillages: { label: '行政村', unit: '个', decimals: 0, additive: true, levels: above },
  communities: { label: '社区', unit: '个', decimals: 0, additive: true, levels: above },
  areaKm2: { label: '幅员面积', unit: '平方公里', decimals: 2, additive: true, levels: everyLevel },
  population: { label: '总人口', unit: '人', decimals: 0, additive: true, levels: everyLevel },
  distanceToCountySeat: {
    label: '距县城',
    unit: '公里',
    decimals: 2,
    additive: false,
    levels: ['committee', 'workCommittee', 'generalBranch', 'branch'],
  },
  staff: { label: '机关工作人员', unit: '人', decimals: 0, additive: true, levels: above },
  sectionLevelCadres: { label: '科级以上领导干部', unit: '人', decimals: 0, additive: true, levels: above },
  gdp: { label: '地区生产总值', unit: '万元', decimals: 2, additive: true, levels: above },
  collectiveIncome: {
    label: '村集体经济收入',
    unit: '万元',
    decimals: 2,
    additive: true,
    levels: everyLevel,
  },
  villagesWithCollectiveIncome: {
    label: '有集体经济收入的村',
    unit: '个',
    decimals: 0,
    additive: true,
    levels: above,
  },
  serviceCenterArea: {
    label: '便民服务中心（站）面积',
    unit: '平方米',
    decimals: 2,
    additive: true,
    levels: everyLevel,
  },
  serviceCenterInvestment: {
    label: '便民服务中心（站）建设投资',
    unit: '万元',
    decimals: 2,
    additive: true,
    levels: everyLevel,
  },
  weakOrgInvestment: {
    label: '后进党组织转化投入',
    unit: '万元',
    decimals: 2,
    additive: true,
    levels: everyLevel,
  },
  affairsSupervisionMembers: {
    label: '村务公开监督小组成员',
    unit: '人',
    decimals: 0,
    additive: true,
    levels: everyLevel,
  },
  financeGroupMembers: {
    label: '民主理财小组成员',
    unit: '人',
    decimals: 0,
    additive: true,
    levels: everyLevel,
  },
  disclosureBoards: {
    label: '村务公开栏（墙）',
    unit: '块',
    decimals: 0,
    additive: true,
    levels: everyLevel,
  },
  wealthLeaderSecretaries: {
    label: '成为致富带头人的村党组织书记',
    unit: '名',
    decimals: 0,
    additive: true,
    levels: above,
  },
};

/** The form's sections, in the order a report states them; every kind is in exactly one. */
export const profileFigureGroups: { label: string; kinds: readonly ProfileFigureKind[] }[] = [
  {
    label: '区域概况',
    kinds: ['administrativeVillages', 'communities', 'areaKm2', 'population', 'distanceToCountySeat', 'gdp'],
  },
  { label: '干部队伍', kinds: ['staff', 'sectionLevelCadres', 'wealthLeaderSecretaries'] },
  {
    label: '集体经济与阵地建设',
    kinds: [
      'collectiveIncome',
      'villagesWithCollectiveIncome',
      'serviceCenterArea',
      'serviceCenterInvestment',
      'weakOrgInvestment',
    ],
  },
  { label: '村务公开', kinds: ['affairsSupervisionMembers', 'financeGroupMembers', 'disclosureBoards'] },
];

/** Entries above this are typing mistakes for every kind (a province's GDP in 万元 stays below it). */
export const profileFigureMax = 9_999_999_999;
/** Years a figure may be entered for. */
export const profileYearRange = { from: 2000, to: 2099 } as const;

export const profileKindsFor = (level: OrgLevel) =>
  profileFigureKinds.filter((k) => profileFigureDefinitions[k].levels.includes(level));

/** A Chinese message naming the kind when the value cannot be stored for it, else null. */
export function profileValueProblem(kind: ProfileFigureKind, value: number, level: OrgLevel): string | null {
  const d = profileFigureDefinitions[kind];
  if (!d.levels.includes(level)) return `${d.label}不由本级党组织填报`;
  if (!Number.isFinite(value) || value < 0) return `${d.label}不能为负数`;
  if (value > profileFigureMax) return `${d.label}超出可填报的范围`;
  const scaled = value * 10 ** d.decimals;
  if (Math.abs(scaled - Math.round(scaled)) > 1e-6)
    return d.decimals === 0 ? `${d.label}须为整数` : `${d.label}最多保留两位小数`;
  return null;
}

export interface ProfileEntry {
  /** The entering org's path. */
  path: string;
  value: number;
}

export type ProfileSource = 'own' | 'children';

export interface ProfileTotal {
  value: number;
  source: ProfileSource;
  /** How many orgs' entries it is: a sum over 4 of a town's 15 villages is no town total. */
  orgs: number;
}

/** How the 基本情况 marks a figure's source: entered by the org, or summed from so many below it. */
export const profileSourceNote = (t: ProfileTotal, year: number) =>
  t.source === 'own' ? `${year}年填报` : `${year}年${t.orgs}个下级组织填报汇总`;

/**
 * A kind's figure for the subtree of `rootPath`: the root's own entry when it has one; otherwise,
 * for an additive kind, the sum of its children's figures, each found by the same rule — so a town
 * that entered its 行政村 count shows that count, and a town that did not shows the sum of what its
 * villages entered. An entry is counted exactly when no org between it and the root (the root
 * included) has one of its own. Null when nothing in the subtree was entered.
 */
export function rollUpProfileFigure(
  kind: ProfileFigureKind,
  rootPath: string,
  entries: readonly ProfileEntry[],
): ProfileTotal | null {
  const own = entries.find((e) => e.path === rootPath);
  if (own) return { value: own.value, source: 'own', orgs: 1 };
  if (!profileFigureDefinitions[kind].additive) return null;
  const below = entries.filter((e) => e.path !== rootPath && isWithin(e.path, rootPath));
  const counted = below.filter(
    (e) => !below.some((other) => other !== e && other.path !== e.path && isWithin(e.path, other.path)),
  );
  if (counted.length === 0) return null;
  // Sums in hundredths, so two-decimal entries add up without binary-fraction noise.
  const hundredths = counted.reduce((sum, e) => sum + Math.round(e.value * 100), 0);
  return { value: hundredths / 100, source: 'children', orgs: counted.length };
}

/** "187.32平方公里", "51800人". */
export function formatProfileValue(kind: ProfileFigureKind, value: number): string {
  return `${roundProfileValue(kind, value)}${profileFigureDefinitions[kind].unit}`;
}

/** The value to the digits its kind is entered with. */
export function roundProfileValue(kind: ProfileFigureKind, value: number): number {
  return Number(value.toFixed(profileFigureDefinitions[kind].decimals));
}
