// Clean duty reports for tests: the standard parts, figures that add up, no placeholder, every problem
// with its cause and a plan that answers it. What the analyzer must find in them is returned alongside.
import fc from 'fast-check';
import { emptyReport } from '../../src/domain/reports.js';

/** A problem and the plan that answers it share their distinctive words, as in real reports. */
const topics = [
  {
    problem: '党员队伍老龄化，35岁以下青年党员偏少，后继乏人',
    cause: '青年外出务工，留在村里的年轻人少',
    plan: '加大在返乡青年中发展党员的力度，改善党员队伍年龄结构，解决后继乏人问题',
  },
  {
    problem: '组织生活不够规范，“三会一课”记录不全，主题党日内容单一',
    cause: '支部书记对组织生活制度学习不深',
    plan: '严格落实“三会一课”制度，逐月检查会议记录，丰富主题党日内容',
  },
  {
    problem: '村集体经济薄弱，增收渠道单一，经营性收入偏低',
    cause: '缺少能带头致富的带头人，项目谋划不足',
    plan: '盘活闲置资产，发展特色种植合作社，拓宽集体经济增收渠道',
  },
  {
    problem: '流动党员管理不到位，联系不经常，教育覆盖不全',
    cause: '流动党员分散在外地，联系方式变动频繁',
    plan: '建立流动党员微信群，每季度联系一次流动党员，把教育覆盖到每一名流动党员',
  },
  {
    problem: '软弱涣散村整顿成效不巩固，个别村班子战斗力不强',
    cause: '整顿后跟踪督导不够，长效机制没有建立',
    plan: '对整顿后的软弱涣散村开展回头看，建立班子战斗力评估长效机制',
  },
  {
    problem: '党员教育培训针对性不强，实用技术培训偏少',
    cause: '培训前没有调查党员需求',
    plan: '按党员需求分类开展实用技术培训，增强教育培训针对性',
  },
] as const;

const villages = ['青山村', '柳河村', '石桥村', '东坪村', '杨家湾村', '白马社区'] as const;
const works = [
  '坚持每月开展主题党日活动，组织党员学习党的创新理论',
  '推行党员积分管理，定期公开积分结果，激发党员干事热情',
  '组织党员志愿服务队参与环境整治和邻里帮扶',
  '规范村务公开，每季度公开财务收支，接受群众监督',
] as const;
const ordinals = '一二三四五六七八九十';

export interface GeneratedReport {
  text: string;
  /** Top-level parts in order, by glossary kind. */
  kinds: string[];
  problems: number;
  plans: number;
  /** Figures the text states, as written. */
  figures: string[];
}

/** A clean annual report built from the drawn numbers: every sum and share agrees. */
export const cleanReport = fc
  .record({
    village: fc.constantFrom(...villages),
    full: fc.integer({ min: 20, max: 400 }),
    probationary: fc.integer({ min: 1, max: 12 }),
    womenShare: fc.integer({ min: 5, max: 45 }),
    meetings: fc.integer({ min: 6, max: 40 }),
    topics: fc.shuffledSubarray([...topics.keys()], { minLength: 2, maxLength: 4 }),
    works: fc.shuffledSubarray([...works.keys()], { minLength: 2, maxLength: 4 }),
  })
  .map(
    ({ village, full, probationary, womenShare, meetings, topics: picked, works: done }): GeneratedReport => {
      const members = full + probationary;
      const women = Math.max(1, Math.round((members * womenShare) / 100));
      const share = Math.round((women / members) * 100);
      const figures = [
        `${members}名`,
        `${full}名`,
        `${probationary}名`,
        `${women}人`,
        `${share}%`,
        `${meetings}次`,
      ];
      const lines = [
        `${village}党支部书记抓基层党建工作述职报告`,
        `一、基本情况`,
        `${village}党支部现有党员${members}名，其中正式党员${full}名，预备党员${probationary}名。女党员${women}人，占${share}%。`,
        `二、履职工作特色和亮点`,
        ...done.map(
          (w, i) =>
            `（${ordinals[i]}）${works[w]}。${i === 0 ? `今年以来共开展相关活动${meetings}次。` : ''}`,
        ),
        `三、存在的主要问题及原因`,
        ...picked.map((t, i) => `（${ordinals[i]}）${topics[t]!.problem}。主要原因是${topics[t]!.cause}。`),
        `四、下一步工作思路和举措`,
        ...picked.map((t, i) => `（${ordinals[i]}）${topics[t]!.plan}。`),
      ];
      return {
        text: lines.join('\n') + '\n',
        kinds: ['basics', 'highlights', 'problems', 'plans'],
        problems: picked.length,
        plans: picked.length,
        figures,
      };
    },
  );

/**
 * A clean report as the structured editor holds it: each plan answering its own problem, prose one
 * sentence a line, every item a full sentence. Introductions before the items only where there are
 * items (without any, the analyzer would read them as items) and none mentioning 原因.
 */
export const cleanBody = fc
  .record({
    template: fc.constantFrom('annual' as const, 'quarterly' as const),
    village: fc.constantFrom(...villages),
    members: fc.integer({ min: 20, max: 400 }),
    works: fc.shuffledSubarray([...works.keys()], { minLength: 0, maxLength: 4 }),
    topics: fc.shuffledSubarray([...topics.keys()], { minLength: 0, maxLength: 4 }),
    causes: fc.boolean(),
    rectified: fc.boolean(),
    intros: fc.boolean(),
  })
  .map(({ template, village, members, works: done, topics: picked, causes, rectified, intros }) => {
    const body = emptyReport(template, `${village}党支部书记抓基层党建工作述职报告`);
    const text: Partial<Record<string, string>> = {
      basics: `${village}党支部现有党员${members}名。`,
      highlights: done.map((w) => `${works[w]}。`).join('\n'),
      lastYearRectification: rectified ? '上年度查摆的问题已全部整改到位。' : '',
      problems: intros && picked.length ? '对照职责，查找出以下问题。' : '',
      plans: intros && picked.length ? '针对以上问题，下一步重点做好以下工作。' : '',
    };
    for (const section of body.sections) section.text = text[section.kind] ?? '';
    body.problems = picked.map((t) => ({
      text: `${topics[t]!.problem}。`,
      cause: causes ? `${topics[t]!.cause}。` : '',
    }));
    body.plans = picked.map((t, i) => ({ text: `${topics[t]!.plan}。`, answers: [i] }));
    return body;
  });
