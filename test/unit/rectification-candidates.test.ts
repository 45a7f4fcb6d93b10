import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  appraisalCandidates,
  appraisalSeverity,
  categorize,
  critiqueCandidates,
  critiqueProblem,
  deductionCandidates,
  deductionSeverity,
  poorShare,
  reportCandidates,
} from '../../src/domain/rectification/candidates.js';
import type { ScoreSheet, SheetLine } from '../../src/domain/rules/sheet.js';

const seed = readFileSync(new URL('../../../shared/seeds/004_02d60ee01bd4cd1b.txt', import.meta.url), 'utf8');
/** The seed report's numbered paragraphs ("(一)…", "一是…") of the part that starts with `heading`. */
function seedParts(heading: string, next: string) {
  const part = seed.slice(seed.indexOf(heading), seed.indexOf(next));
  return part.split(/(?=\([一二三四]\)|[一二三四]是)/u).slice(1);
}
const problemsPart = seedParts('二、', '三、');
const highlightsPart = seedParts('一、', '二、');

describe('categorize', () => {
  it('files the seed report’s own problems by the words they use most', () => {
    // (一)–(四): 党员队伍, 党组织, 社会组织 and 发展党员, 入党积极分子 — all 组织建设.
    expect(problemsPart.slice(0, 4).map(categorize)).toEqual([
      'organizational',
      'organizational',
      'organizational',
      'organizational',
    ]);
    // 一是: the 思想 of treating 党建 as a side job; 二是: 走马观花的形式主义; 三是 names no category.
    expect(problemsPart.slice(4, 7).map(categorize)).toEqual(['ideological', 'conduct', 'other']);
  });

  it('files the seed’s highlights too: 培训 and 学习 → ideological, 机制 and 制度 → system', () => {
    expect(highlightsPart.slice(0, 2).map(categorize)).toEqual(['ideological', 'system']);
  });

  it('gives a tie to the graver category and knows every category’s words', () => {
    expect(categorize('违反组织纪律')).toBe('discipline');
    expect(categorize('廉洁自律不严')).toBe('discipline');
    expect(categorize('存在形式主义、作风漂浮')).toBe('conduct');
    expect(categorize('政治站位不高')).toBe('political');
    expect(categorize('理论学习不深入')).toBe('ideological');
    expect(categorize('三会一课不规范')).toBe('organizational');
    expect(categorize('村党组织换届准备不足')).toBe('organizational');
    expect(categorize('制度执行不严')).toBe('system');
    expect(categorize('集体经济收入单一')).toBe('other');
    expect(categorize('')).toBe('other');
  });
});

describe('report candidates', () => {
  it('one per draft: the problem as text, with its cause as the excerpt, keyed by the draft', () => {
    const [candidate, bare] = reportCandidates(7, [
      { id: 11, reportId: 3, orgId: 5, position: 0, text: '三会一课记录不全', cause: '制度学习不深' },
      { id: 12, reportId: 3, orgId: 5, position: 1, text: '集体经济收入单一', cause: '' },
    ]);
    expect(candidate).toEqual({
      key: 'report:11',
      cycleId: 7,
      orgId: 5,
      ref: { source: 'report', problemDraftId: 11, reportId: 3, position: 0 },
      text: '三会一课记录不全',
      excerpt: '三会一课记录不全（原因：制度学习不深）',
      category: 'organizational',
      severity: 'medium',
    });
    expect(bare).toMatchObject({ key: 'report:12', excerpt: '集体经济收入单一', category: 'other' });
    // A problem that names no category is filed by its cause.
    const [byCause] = reportCandidates(7, [
      { id: 13, reportId: 3, orgId: 5, position: 2, text: '集体经济收入单一', cause: '班子带富能力弱' },
    ]);
    expect(byCause!.category).toBe('organizational');
  });
});

describe('critique candidates', () => {
  it('takes the part after the turn to criticism', () => {
    expect(critiqueProblem('抓党建思路清晰，但发展党员工作滞后。')).toBe('发展党员工作滞后。');
    expect(critiqueProblem('成效明显，但是台账不全')).toBe('台账不全');
    expect(critiqueProblem('工作扎实。问题是三会一课流于形式')).toBe('三会一课流于形式');
    expect(critiqueProblem('有亮点，不足之处是制度执行不严')).toBe('制度执行不严');
    expect(critiqueProblem('存在的问题：学习不经常')).toBe('学习不经常');
    expect(critiqueProblem('  不足在于：换届准备迟缓 ')).toBe('换届准备迟缓');
  });

  it('keeps the whole critique when it has no turn, or nothing follows it', () => {
    expect(critiqueProblem('  整改台账不全。 ')).toBe('整改台账不全。');
    expect(critiqueProblem('不但抓学习，而且抓落实')).toBe('不但抓学习，而且抓落实');
    expect(critiqueProblem('理论学习不足')).toBe('理论学习不足');
    expect(critiqueProblem('都好，但。')).toBe('都好，但。');
  });

  it('the seed’s own 一是…四是 need no turn: each stays whole', () => {
    for (const part of problemsPart.slice(4)) expect(critiqueProblem(part)).toBe(part.trim());
  });

  it('one candidate per non-empty critique, keyed by the review', () => {
    const items = critiqueCandidates(7, [
      { id: 1, orgId: 5, critique: '基层组织建设扎实，但作风不实。' },
      { id: 2, orgId: 5, critique: '   ' },
      { id: 3, orgId: 6, critique: '' },
    ]);
    expect(items).toEqual([
      {
        key: 'critique:1',
        cycleId: 7,
        orgId: 5,
        ref: { source: 'critique', leaderReviewId: 1 },
        text: '作风不实。',
        excerpt: '基层组织建设扎实，但作风不实。',
        category: 'conduct',
        severity: 'medium',
      },
    ]);
  });

  it('the problem is always a non-empty part of the critique', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('但', '但是', '不但', '问题是', '不足', '：', '，', '学习', '台账', ' '), {
          minLength: 1,
          maxLength: 8,
        }),
        (words) => {
          const critique = words.join('');
          fc.pre(critique.trim() !== '');
          const problem = critiqueProblem(critique);
          expect(problem.length).toBeGreaterThan(0);
          expect(critique).toContain(problem);
        },
      ),
    );
  });
});

describe('appraisal candidates', () => {
  const cell = (
    counts: [number, number, number, number],
    itemKey = 'duty',
    itemLabel = '履行第一责任人职责',
  ) => ({
    meetingId: 4,
    orgId: 5,
    itemKey,
    itemLabel,
    counts: { excellent: counts[0], good: counts[1], fair: counts[2], poor: counts[3] },
  });

  it('the share is 一般+差 over the valid grades', () => {
    expect(poorShare(cell([1, 1, 1, 1]).counts)).toBe(0.5);
    expect(poorShare(cell([0, 0, 0, 0]).counts)).toBeNull();
  });

  it('a candidate only above the threshold, worded with the share to one decimal', () => {
    const items = appraisalCandidates(7, 1 / 3, [
      cell([2, 0, 1, 0], 'overall', '总体评价'), // exactly a third: not above
      cell([1, 1, 1, 0]), // a third again
      cell([1, 1, 2, 0], 'plans', '下一步思路措施是否可行'), // 50%
      cell([0, 0, 0, 0], 'tasks', '推动重点任务落实及成效'), // no valid grade
    ]);
    expect(items).toEqual([
      {
        key: 'appraisal:4:5:plans',
        cycleId: 7,
        orgId: 5,
        ref: { source: 'appraisal', meetingId: 4, itemKey: 'plans', poorShare: 0.5 },
        text: '民主测评「下一步思路措施是否可行」一般及差评占比 50.0%',
        excerpt: '「下一步思路措施是否可行」好1票、较好1票、一般2票、差0票',
        category: 'other',
        severity: 'medium',
      },
    ]);
    expect(appraisalCandidates(7, 0.25, [cell([1, 1, 1, 0])]).map((c) => c.text)).toEqual([
      '民主测评「履行第一责任人职责」一般及差评占比 33.3%',
    ]);
  });

  it('severity by percentage points above the threshold: 20 → 严重, 10 → 一般, less → 轻微', () => {
    expect(appraisalSeverity(0.4, 1 / 3)).toBe('low');
    expect(appraisalSeverity(0.45, 1 / 3)).toBe('medium');
    expect(appraisalSeverity(0.6, 0.4)).toBe('high');
    expect(appraisalSeverity(1, 1 / 3)).toBe('high');
  });

  it('a higher share is never a milder problem, and a higher threshold never adds a candidate', () => {
    const rank = { low: 0, medium: 1, high: 2 } as const;
    const share = fc.double({ min: 0, max: 1, noNaN: true });
    fc.assert(
      fc.property(share, share, share, (a, b, t) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(rank[appraisalSeverity(hi, t)]).toBeGreaterThanOrEqual(rank[appraisalSeverity(lo, t)]);
      }),
    );
    const count = fc.nat(20);
    fc.assert(
      fc.property(count, count, count, count, share, share, (e, g, f, p, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const cells = [cell([e, g, f, p])];
        expect(appraisalCandidates(1, hi, cells).length).toBeLessThanOrEqual(
          appraisalCandidates(1, lo, cells).length,
        );
      }),
    );
  });
});

describe('deduction candidates', () => {
  const line = (over: Partial<SheetLine>): SheetLine => ({
    key: 'b-lessons',
    name: '三会一课',
    kind: 'regular',
    maxPoints: 10,
    score: 10,
    lost: [],
    basis: 'rule',
    explanation: '满分',
    ...over,
  });
  const sheet = (lines: SheetLine[]): ScoreSheet => ({
    categories: [
      {
        key: 'c-org',
        name: '组织建设',
        maxPoints: 40,
        linesScore: 0,
        overCap: 0,
        score: 0,
        lines,
        explanation: '',
      },
    ],
    bonus: { awarded: 0, cap: null, score: 0, explanation: '' },
    vetoes: [],
    maxPoints: 40,
    total: 0,
    pending: 0,
    explanation: '',
  });

  it('one per regular line that lost points to a finding, with the points and the reasons, and one per veto that applies', () => {
    const items = deductionCandidates(7, [
      {
        orgId: 5,
        sheet: sheet([
          line({
            score: 7,
            lost: [
              { points: 2, reason: '党课少1次' },
              { points: 1, reason: '支委会记录不全' },
            ],
            explanation: '党课3次；支委会记录不全',
          }),
          line({ key: 'b-full', name: '主题党日' }),
          line({
            key: 'b-pending',
            name: '党务公开',
            score: 0,
            basis: 'pending',
            lost: [{ points: 10, reason: '未评分' }],
          }),
          line({ key: 'b-bonus', name: '创新加分', kind: 'bonus', score: 0, maxPoints: 3 }),
          line({ key: 'b-half', name: '廉洁教育', score: 4.5, lost: [{ points: 5.5, reason: '未开展' }] }),
          line({ key: 'v-none', name: '软弱涣散', kind: 'veto', score: 0, maxPoints: 0 }),
          line({
            key: 'v-applies',
            name: '违规发展党员',
            kind: 'veto',
            score: 0,
            maxPoints: 0,
            vetoed: '2026年违规发展党员1名',
            explanation: '一票否决：2026年违规发展党员1名',
          }),
        ]),
      },
    ]);
    expect(items).toEqual([
      {
        key: 'deduction:7:5:b-lessons',
        cycleId: 7,
        orgId: 5,
        ref: { source: 'deduction', indicatorKey: 'b-lessons', deducted: 3 },
        text: '「三会一课」扣 3 分：党课少1次；支委会记录不全',
        excerpt: '组织建设·三会一课（满分10分，得7分）：党课3次；支委会记录不全',
        category: 'organizational',
        severity: 'medium',
      },
      expect.objectContaining({
        key: 'deduction:7:5:b-half',
        text: '「廉洁教育」扣 5.5 分：未开展',
        severity: 'high',
      }),
      {
        key: 'deduction:7:5:v-applies',
        cycleId: 7,
        orgId: 5,
        ref: { source: 'deduction', indicatorKey: 'v-applies', deducted: 0, vetoed: true },
        text: '「违规发展党员」一票否决：2026年违规发展党员1名',
        excerpt: '组织建设·违规发展党员：一票否决：2026年违规发展党员1名',
        category: 'organizational',
        severity: 'high',
      },
    ]);
  });

  it('severity by the share of the indicator lost: half → 严重, a fifth → 一般, less → 轻微', () => {
    expect(deductionSeverity(0.5, 10)).toBe('low');
    expect(deductionSeverity(2, 10)).toBe('medium');
    expect(deductionSeverity(5, 10)).toBe('high');
  });
});
