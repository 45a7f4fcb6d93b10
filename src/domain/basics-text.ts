// The printable "基本情况" of a report, written from the statistics in the register of the seed
// reports ("全镇共有党支部40个，其中村党支部15个……共有党员1287名（其中女党员160名）……").
// Every number comes from the figures; a sentence whose figure is unknown (a share of nothing, an
// average of nobody) is left out rather than filled with a placeholder.

import { educationLabels, educationLevels, orgClassificationLabels } from './member-base.js';
import type { OrgDomain } from './org-tree.js';
import {
  formatProfileValue,
  profileFigureDefinitions,
  profileUnits,
  roundProfileValue,
  profileSourceNote,
  type ProfileFigureKind,
  type ProfileTotal,
} from './profile-figures.js';
import { aged60PlusLabel, ageBandLabels, ageBands, type BaseStatistics, type Share } from './statistics.js';

// 对 counts pairings; the profile figures bring their own units (km², 万元…); % marks a rate.
export const basicsUnits = ['岁', '对', ...profileUnits, '%'] as const;
export type BasicsUnit = (typeof basicsUnits)[number];

/** One figure of the table: printed as `value`, and as numbers for spreadsheets (so towns' sheets add up). */
export interface BasicsRow {
  label: string;
  /** As printed: "163名（占18.8%）", "33.3%". */
  value: string;
  /** A count or an average in `unit`; a rate (unit '%') as a fraction, 0.188 for 18.8%. */
  amount: number;
  unit: BasicsUnit;
  /** The count's share of its whole, as a fraction, where the row states one. */
  share: number | null;
}

/** Figures the records hold that the cached counts do not (server/modules/statistics/basics-extras.ts). */
export interface BasicsActivity {
  /** Orgs whose current term started this calendar year, up to the day (换届 done). */
  termsRenewed: number;
  /** Contact points and pairings running on the day. */
  contactPoints: number;
  pairings: number;
  /** Members who became probationary this calendar year up to the day (left since or not), and of them… */
  admitted: number;
  admittedFemale: number;
  /** …under 35 on the day they were admitted, and with college education or above. */
  admittedUnder35: number;
  admittedCollege: number;
  /** Village branches' committee members (支委) and their education. */
  branchCommittee: number;
  branchCommitteeCollege: number;
  branchCommitteeSeniorHigh: number;
}

/** The year's profile figures of the subtree (src/domain/profile-figures.ts), missing ones null. */
export type BasicsProfile = Partial<Record<ProfileFigureKind, ProfileTotal | null>>;

const branchDomainLabels: Record<OrgDomain | 'unspecified', string> = {
  village: '村党支部',
  community: '社区党支部',
  government: '机关党支部',
  institution: '事业单位党支部',
  stateEnterprise: '国有企业党支部',
  privateEnterprise: '非公有制企业党支部',
  socialOrg: '社会组织党支部',
  industry: '产业党支部',
  mobile: '流动党支部',
  unspecified: '其他党支部',
};

/** "2024年6月30日" */
export function chineseDate(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return `${y}年${m}月${d}日`;
}

/** How a report names its own area: 全镇, 全乡, 全县 … or the org's own name. */
export function areaWord(
  orgName: string,
  level: BaseStatistics['org']['level'],
  domain: OrgDomain | null = null,
): string {
  // A village's or a community's branch speaks for its place, as their secretaries' reports do.
  if (level === 'branch') return domain === 'village' ? '本村' : domain === 'community' ? '本社区' : '本支部';
  if (level === 'generalBranch') return '本党总支';
  for (const [mark, word] of [
    ['街道', '全街道'],
    ['镇', '全镇'],
    ['乡', '全乡'],
    ['县', '全县'],
    ['区', '全区'],
    ['市', '全市'],
  ] as const) {
    if (orgName.includes(mark)) return word;
  }
  return orgName;
}

const pct = (s: Share) => (s.percent === null ? null : `${s.percent}%`);
/** A percentage with one decimal as an exact fraction (18.8 → 0.188, not 0.18800000000000003). */
const fraction = (percent: number) => Math.round(percent * 10) / 1000;
const nonZero = <T extends [string, number]>(items: T[]) => items.filter(([, n]) => n > 0);
const listOf = (items: [string, number][], unit: string) => items.map(([label, n]) => `${label}${n}${unit}`);

export function describeBasics(
  stats: BaseStatistics,
  orgName: string,
  day: string,
  added: { profile?: BasicsProfile; activity?: BasicsActivity } = {},
): { text: string; rows: BasicsRow[] } {
  const area = areaWord(orgName, stats.org.level, stats.org.domain);
  const sentences: string[] = [];
  const rows: BasicsRow[] = [];
  const row = (label: string, amount: number | null, unit: Exclude<BasicsUnit, '%'>, of?: Share) => {
    if (amount === null) return;
    const share = of?.percent ?? null;
    rows.push({
      label,
      value: `${amount}${unit}${share === null ? '' : `（占${share}%）`}`,
      amount,
      unit,
      share: share === null ? null : fraction(share),
    });
  };
  const rate = (label: string, s: Share) => {
    if (s.percent !== null)
      rows.push({ label, value: `${s.percent}%`, amount: fraction(s.percent), unit: '%', share: null });
  };
  const { orgs, members, leadership, nonPublic, development } = stats;
  const year = Number(day.slice(0, 4));
  const { profile = {}, activity } = added;
  // A profile figure as the prose and its row (added at the end, marked 填报) both write it.
  const entered = (kind: ProfileFigureKind): string | null => {
    const figure = profile[kind];
    return figure ? formatProfileValue(kind, figure.value) : null;
  };
  const clause = (parts: (string | null)[]) => parts.filter((p): p is string => p !== null).join('，');
  const withLabel = (kind: ProfileFigureKind, before = profileFigureDefinitions[kind].label) => {
    const text = entered(kind);
    return text === null ? null : `${before}${text}`;
  };

  // The area itself, as a report opens: what it governs, how large, how many people.
  const governs = [withLabel('communities', '社区'), withLabel('administrativeVillages', '行政村')].filter(
    (p): p is string => p !== null,
  );
  const overview = clause([
    governs.length > 0 ? `辖${governs.join('、')}` : null,
    withLabel('areaKm2'),
    withLabel('population'),
    withLabel('distanceToCountySeat'),
  ]);
  if (overview) sentences.push(`${area}${overview}。`);

  // Organizations; a branch reporting on itself starts with its members.
  const dated = `截至${chineseDate(day)}，`;
  const single = stats.org.level === 'branch';
  if (single) {
    // Nothing to count but itself.
  } else if (orgs.branchTotal > 0) {
    const kinds = nonZero(
      (Object.keys(branchDomainLabels) as (OrgDomain | 'unspecified')[]).map(
        (d) => [branchDomainLabels[d], orgs.branchesByDomain[d]] as [string, number],
      ),
    );
    const general = orgs.generalBranches > 0 ? `（含党总支${orgs.generalBranches}个）` : '';
    const committees =
      orgs.committees > 0 && stats.org.level === 'county' ? `党委${orgs.committees}个，` : '';
    sentences.push(
      `${dated}${area}共有${committees}党支部${orgs.branchTotal}个${general}` +
        (kinds.length > 0 ? `，其中${listOf(kinds, '个').join('，')}` : '') +
        '。',
    );
    row('党支部（含党总支）', orgs.branchTotal, '个');
    for (const [label, n] of kinds) row(`其中：${label}`, n, '个');
  } else {
    sentences.push(`${dated}${area}尚未设立党支部。`);
  }

  // Members
  const m = members;
  const memberParts = [
    `${single ? dated : ''}${area}共有党员${m.total}名（其中女党员${m.female.count}名）`,
    `预备党员${m.probationary}名`,
  ];
  memberParts.push(`入党积极分子${m.activists}名`);
  if (m.candidates > 0) memberParts.push(`发展对象${m.candidates}名`);
  if (m.applicants > 0) memberParts.push(`入党申请人${m.applicants}名`);
  const outflow = `流动党员共${m.mobile.outflow.count}名（其中女党员${m.mobile.outflowFemale}名）`;
  memberParts.push(m.mobile.inflow > 0 ? `${outflow}，流入党员${m.mobile.inflow}名` : outflow);
  memberParts.push(`新经济社会组织党员${m.newEconomicSocial.count}名`);
  const seniorHigh = pct(m.education.seniorHighOrAbove);
  if (seniorHigh) memberParts.push(`高中及以上文化程度占党员总数的${seniorHigh}`);
  sentences.push(memberParts.join('，') + '。');
  const staff = withLabel('staff');
  const cadres = withLabel('sectionLevelCadres');
  const gdp = withLabel('gdp', `${year}年地区生产总值`);
  if (staff || cadres || gdp)
    sentences.push(
      clause([
        staff && `${area}共有${staff}`,
        cadres && (staff ? `其中${cadres}` : `${area}共有${cadres}`),
        gdp,
      ]) + '。',
    );

  row('党员', m.total, '名');
  row('其中：正式党员', m.full, '名');
  row('其中：预备党员', m.probationary, '名');
  row('女党员', m.female.count, '名', m.female);
  row('男党员', m.male.count, '名', m.male);
  row('入党积极分子', m.activists, '名');
  row('发展对象', m.candidates, '名');
  row('入党申请人', m.applicants, '名');
  row('流动党员（流出）', m.mobile.outflow.count, '名');
  row('其中：女流动党员（流出）', m.mobile.outflowFemale, '名');
  row('流入党员', m.mobile.inflow, '名');
  row('新经济社会组织党员', m.newEconomicSocial.count, '名');

  if (m.total > 0) {
    const parts: string[] = [];
    const college = pct(m.education.collegeOrAbove);
    if (college) parts.push(`大专及以上文化程度的占${college}`);
    if (m.age.average !== null) parts.push(`党员平均年龄${m.age.average}岁`);
    const aged = pct(m.age.aged60Plus);
    const under35 = pct(m.age.under35);
    if (aged) parts.push(`${aged60PlusLabel}的占${aged}`);
    if (under35) parts.push(`35岁以下的占${under35}`);
    const male = pct(m.male);
    const female = pct(m.female);
    if (male && female) parts.push(`男女党员分别占${male}和${female}`);
    if (parts.length > 0) sentences.push(`党员中，${parts.join('，')}。`);

    row('高中及以上文化程度', m.education.seniorHighOrAbove.count, '名', m.education.seniorHighOrAbove);
    row('大专及以上文化程度', m.education.collegeOrAbove.count, '名', m.education.collegeOrAbove);
    for (const level of educationLevels)
      row(`学历：${educationLabels[level]}`, m.education.byLevel[level], '名');
    if (m.education.byLevel.unknown > 0) row('学历：未登记', m.education.byLevel.unknown, '名');
    row('党员平均年龄', m.age.average, '岁');
    row(aged60PlusLabel, m.age.aged60Plus.count, '名', m.age.aged60Plus);
    row('40岁以下', m.age.under40.count, '名', m.age.under40);
    row('35岁以下', m.age.under35.count, '名', m.age.under35);
    for (const band of ageBands) row(`年龄：${ageBandLabels[band]}`, m.age.bands[band], '名');
  }

  const years = m.newByYear;
  if (years.length > 0) {
    sentences.push(
      `${years[0]!.year}年以来，${area}发展党员情况为：${years.map((y) => `${y.year}年${y.count}名`).join('，')}。`,
    );
    for (const y of years) row(`${y.year}年发展党员`, y.count, '名');
  }
  if (activity && activity.admitted > 0) {
    const a = activity;
    sentences.push(
      `${year}年新发展的党员中，女性${a.admittedFemale}名，35岁以下${a.admittedUnder35}名，大专及以上文化程度${a.admittedCollege}名。`,
    );
    row(`${year}年新发展党员中：女性`, a.admittedFemale, '名');
    row(`${year}年新发展党员中：35岁以下`, a.admittedUnder35, '名');
    row(`${year}年新发展党员中：大专及以上文化程度`, a.admittedCollege, '名');
  }

  // Development in villages
  const [first, second] = development.years;
  if (development.eligibleVillages > 0) {
    const without = development.villagesWithoutDevelopment.count;
    if (single) {
      sentences.push(
        without === 0
          ? `${first}年、${second}年，${area}均发展了党员。`
          : `${area}${first}年、${second}年连续两年未发展党员。`,
      );
    } else if (without === 0) {
      sentences.push(`${first}年、${second}年，${area}没有连续两年未发展党员的村。`);
    } else {
      const names = development.villages.map((v) => v.name);
      const more = without > names.length ? `等` : '';
      sentences.push(
        `${first}年、${second}年连续两年未发展党员的村党组织${without}个（${names.join('、')}${more}）。`,
      );
    }
    row(`连续两年（${first}、${second}年）未发展党员的村`, without, '个');
  }

  // Leadership
  const leaderSentence = (
    title: string,
    g: { count: number; averageAge: number | null; seniorHighOrAbove: Share; collegeOrAbove: Share },
    education: 'college' | 'seniorHigh',
  ) => {
    if (g.count === 0) return null;
    const parts = [`${title}${g.count}名`];
    if (g.averageAge !== null) parts.push(`平均年龄${g.averageAge}岁`);
    const share = education === 'college' ? g.collegeOrAbove : g.seniorHighOrAbove;
    const label = education === 'college' ? '大专及以上文化程度' : '高中及以上文化程度';
    parts.push(`${label}的${share.count}人，占${pct(share)}`);
    return parts.join('，');
  };
  const leaders = [
    leaderSentence('乡镇党政班子成员', leadership.townLeaders, 'college'),
    leaderSentence('村党组织书记', leadership.villageSecretaries, 'seniorHigh'),
  ].filter((s): s is string => s !== null);
  if (leaders.length > 0) sentences.push(leaders.join('；') + '。');
  const tc = leadership.twoCommittees;
  if (tc.count > 0) {
    const parts = [
      `农村共有“两委”干部${tc.count}名，其中支委${tc.branchCommittee}名，村委${tc.villageCommittee}名（“两委”交叉任职${tc.crossPosts}名，“一肩挑”的村${leadership.concurrentHeadVillages.count}个）`,
    ];
    if (tc.averageAge !== null) parts.push(`平均年龄${tc.averageAge}岁`);
    parts.push(`高中及以上文化程度的${tc.seniorHighOrAbove.count}人，占${pct(tc.seniorHighOrAbove)}`);
    sentences.push(parts.join('，') + '。');
  }
  if (activity && activity.branchCommittee > 0) {
    const a = activity;
    sentences.push(
      `村党组织支委${a.branchCommittee}名，其中大专及以上文化程度${a.branchCommitteeCollege}名，高中及以上文化程度${a.branchCommitteeSeniorHigh}名。`,
    );
    row('村党组织支委', a.branchCommittee, '名');
    row('支委大专及以上文化程度', a.branchCommitteeCollege, '名');
    row('支委高中及以上文化程度', a.branchCommitteeSeniorHigh, '名');
  }
  const extras = nonZero([
    ['大学生村官', leadership.collegeGradOfficials],
    ['驻村干部', leadership.residentCadres],
    ['第一书记', leadership.firstSecretaries],
  ]);
  if (extras.length > 0) sentences.push(`现有${listOf(extras, '名').join('，')}。`);

  for (const [label, g] of [
    ['乡镇党政班子成员', leadership.townLeaders],
    ['村党组织书记', leadership.villageSecretaries],
    ['“两委”干部', tc],
  ] as const) {
    if (g.count === 0) continue;
    row(label, g.count, '名');
    row(`${label}平均年龄`, g.averageAge, '岁');
    row(`${label}大专及以上文化程度`, g.collegeOrAbove.count, '名', g.collegeOrAbove);
    row(`${label}高中及以上文化程度`, g.seniorHighOrAbove.count, '名', g.seniorHighOrAbove);
  }
  if (tc.count > 0) {
    row('其中：支委', tc.branchCommittee, '名');
    row('其中：村委', tc.villageCommittee, '名');
    row('“两委”交叉任职', tc.crossPosts, '名');
    row('“一肩挑”的村', leadership.concurrentHeadVillages.count, '个');
  }
  for (const [label, n] of extras) row(label, n, '名');

  // Non-public coverage
  if (nonPublic.entities > 0) {
    const parts = [`${area}共有非公有制企业和社会组织${nonPublic.entities}个`];
    if (nonPublic.shouldEstablish > 0)
      parts.push(
        `其中应单独建立党组织的${nonPublic.shouldEstablish}个，已建${nonPublic.established.count}个，应建已建率${pct(nonPublic.established)}`,
      );
    parts.push(`党的组织覆盖率${pct(nonPublic.covered)}`);
    parts.push(`党建指导员选派率${pct(nonPublic.instructors)}`);
    sentences.push(parts.join('，') + '。');
    row('非公有制企业和社会组织', nonPublic.entities, '个');
    if (nonPublic.shouldEstablish > 0) rate('应建已建率', nonPublic.established);
    rate('党的组织覆盖率', nonPublic.covered);
    rate('党建指导员选派率', nonPublic.instructors);
  }

  // What the year's work built and spent, as entered.
  const resources = [
    clause([withLabel('collectiveIncome'), withLabel('villagesWithCollectiveIncome')]),
    clause([withLabel('serviceCenterArea'), withLabel('serviceCenterInvestment')]),
    clause([withLabel('weakOrgInvestment')]),
    clause([
      withLabel('affairsSupervisionMembers'),
      withLabel('financeGroupMembers'),
      withLabel('disclosureBoards'),
    ]),
    clause([withLabel('wealthLeaderSecretaries')]),
  ].filter((p) => p !== '');
  if (resources.length > 0) sentences.push(`${year}年，${resources.join('；')}。`);

  if (activity) {
    const a = activity;
    const work = [
      a.termsRenewed > 0 ? `完成换届的党组织${a.termsRenewed}个` : null,
      a.contactPoints > 0 ? `领导干部联系点${a.contactPoints}个` : null,
      a.pairings > 0 ? `结对共建${a.pairings}对` : null,
    ];
    if (clause(work)) sentences.push(`${year}年以来，${clause(work)}。`);
    row(`${year}年完成换届的党组织`, a.termsRenewed, '个');
    row('领导干部联系点', a.contactPoints, '个');
    row('结对共建', a.pairings, '对');
  }

  // Service infrastructure, classification, terms
  const infra = nonZero([
    ['便民服务中心（站）', orgs.serviceCenters],
    ['远程教育站点', orgs.remoteEducationSites],
  ]);
  if (infra.length > 0) sentences.push(`建有${listOf(infra, '个').join('、')}。`);
  for (const [label, n] of infra) row(label, n, '个');

  const classified = nonZero([
    [orgClassificationLabels.advanced, orgs.classification.advanced],
    [orgClassificationLabels.ordinary, orgs.classification.ordinary],
    [orgClassificationLabels.weak, orgs.classification.weak],
  ]);
  if (classified.length > 0) {
    const rectifying =
      orgs.weakUnderRectification > 0 ? `，正在整顿的软弱涣散党组织${orgs.weakUnderRectification}个` : '';
    sentences.push(`党组织分类定级为${listOf(classified, '个').join('、')}${rectifying}。`);
    for (const [label, n] of classified) row(`分类定级：${label}`, n, '个');
  }
  const terms = nonZero([
    ['任期将在90天内届满的党组织', orgs.termsEndingSoon],
    ['任期已满尚未换届的党组织', orgs.termsOverdue],
  ]);
  if (terms.length > 0) sentences.push(`${listOf(terms, '个').join('，')}。`);
  for (const [label, n] of terms) row(label, n, '个');

  for (const [kind, figure] of Object.entries(profile) as [
    ProfileFigureKind,
    BasicsProfile[ProfileFigureKind],
  ][]) {
    if (figure)
      row(
        `${profileFigureDefinitions[kind].label}（${profileSourceNote(figure, year)}）`,
        roundProfileValue(kind, figure.value),
        profileFigureDefinitions[kind].unit,
      );
  }

  return { text: sentences.join(''), rows };
}
