// The printable "基本情况" of a report, written from the statistics in the register of the seed
// reports ("全镇共有党支部40个，其中村党支部15个……共有党员1287名（其中女党员160名）……").
// Every number comes from the figures; a sentence whose figure is unknown (a share of nothing, an
// average of nobody) is left out rather than filled with a placeholder.

import { educationLabels, educationLevels, orgClassificationLabels } from './member-base.js';
import type { OrgDomain } from './org-tree.js';
import { aged60PlusLabel, ageBandLabels, ageBands, type BaseStatistics, type Share } from './statistics.js';

export const basicsUnits = ['名', '个', '岁', '%'] as const;
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
export function areaWord(orgName: string, level: BaseStatistics['org']['level']): string {
  if (level === 'branch') return '本支部';
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
): { text: string; rows: BasicsRow[] } {
  const area = areaWord(orgName, stats.org.level);
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

  row('党员', m.total, '名');
  row('其中：正式党员', m.full, '名');
  row('其中：预备党员', m.probationary, '名');
  row('女党员', m.female.count, '名', m.female);
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

  return { text: sentences.join(''), rows };
}
