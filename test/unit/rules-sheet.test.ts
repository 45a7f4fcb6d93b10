import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IndicatorShape, SchemeShape } from '../../src/domain/rule-format.js';
import { scoreSheet, type IndicatorScoring } from '../../src/domain/rules/index.js';
import { toCents } from '../../src/domain/rules/points.js';
import { points } from '../helpers/rule-arbitraries.js';
import { congressIndicator, evaluateIn, record } from '../helpers/rule-world.js';

const meetings: IndicatorShape = {
  key: 'A1',
  name: '专题研究党建工作',
  kind: 'regular',
  maxPoints: 2,
  checkMethod: 'automatic',
  rule: { kind: 'count', source: { ledgerKinds: ['partyBuildingMeeting'] }, atLeast: 4, deductEach: 0.5 },
};
const plan: IndicatorShape = {
  key: 'A2',
  name: '年度计划',
  kind: 'regular',
  maxPoints: 1,
  checkMethod: 'ledgerReview',
};
const congress = congressIndicator;
const innovation: IndicatorShape = {
  key: 'C1',
  name: '创新案例',
  kind: 'bonus',
  maxPoints: 2,
  checkMethod: 'ledgerReview',
};
const award: IndicatorShape = {
  key: 'C2',
  name: '市级表彰',
  kind: 'bonus',
  maxPoints: 2,
  checkMethod: 'ledgerReview',
};
const violation: IndicatorShape = {
  key: 'D1',
  name: '严重违纪',
  kind: 'veto',
  maxPoints: 0,
  checkMethod: 'visit',
};

const scheme: SchemeShape = {
  categories: [
    { key: 'A', name: '责任制落实', maxPoints: 3, indicators: [meetings, plan] },
    { key: 'B', name: '组织覆盖', maxPoints: 3, indicators: [congress] },
    { key: 'C', name: '加分与否决', maxPoints: 0, indicators: [innovation, award, violation] },
  ],
  bonusCap: 3,
};

describe('scoreSheet', () => {
  const ruled = (indicator: IndicatorShape, records: ReturnType<typeof record>[]) =>
    evaluateIn(indicator.rule!, indicator.maxPoints, { records });

  it('adds rules, scores, deductions, caps, bonus and vetoes, every line explained', () => {
    const sheet = scoreSheet(scheme, {
      A1: {
        ruled: ruled(
          meetings,
          ['2025-03-01', '2025-06-01', '2025-09-01'].map((d) => record('partyBuildingMeeting', d)),
        ),
      },
      A2: { scored: { points: 0.5, by: 'checker', reason: '计划未报镇考核组备案' } },
      B1: {
        ruled: ruled(
          congress,
          ['2025-02-01', '2025-05-01', '2025-08-01', '2025-11-01'].map((d) => record('congress', d)),
        ),
        deductions: [{ points: 0.5, reason: '抽查：会议记录缺签到' }],
      },
      C1: { scored: { points: 2, by: 'organizer', reason: '“党建+积分”做法被县委推广' } },
      C2: { scored: { points: 1.5, by: 'organizer', reason: '获评市级先进基层党组织' } },
      D1: { vetoed: { reason: '班子成员严重违纪被立案审查' } },
    });
    const [a, b] = sheet.categories;
    expect(a?.lines.map((l) => [l.score, l.basis, l.explanation])).toEqual([
      [1.5, 'rule', '专题研究党建工作会议应开4次，实开3次，扣0.5分'],
      [0.5, 'scored', '考核人员评定0.5分：计划未报镇考核组备案'],
    ]);
    expect(a?.score).toBe(2);
    expect(b).toMatchObject({
      linesScore: 3.5,
      overCap: 0.5,
      score: 3,
      explanation: '本类各项合计3.5分，超过本类满分3分，按3分计',
    });
    expect(b?.lines[0]?.explanation).toBe(
      '各季度均已召开支部党员大会，不扣分；抽查：会议记录缺签到，扣0.5分',
    );
    expect(sheet.bonus).toEqual({
      awarded: 3.5,
      cap: 3,
      score: 3,
      explanation: '加分合计3.5分，超过加分上限3分，按3分计',
    });
    expect(sheet.vetoes).toEqual([{ key: 'D1', name: '严重违纪', reason: '班子成员严重违纪被立案审查' }]);
    expect(sheet.total).toBe(8);
    expect(sheet.maxPoints).toBe(6);
    expect(sheet.explanation).toBe(
      '各类得分5分 + 加分3分 = 8分；一票否决：严重违纪（班子成员严重违纪被立案审查）',
    );
  });

  it('keeps the rule’s score beside an override, and counts unscored lines as 0 and says so', () => {
    const auto = ruled(meetings, []);
    const sheet = scoreSheet(scheme, {
      A1: { ruled: auto, scored: { points: 1, by: 'organizer', reason: '两次会议记录在县里补交' } },
    });
    const line = sheet.categories[0]?.lines[0];
    expect(line).toMatchObject({ score: 1, basis: 'override' });
    expect(line?.explanation).toBe(
      '自动评分0分（专题研究党建工作会议应开4次，实开0次，扣2分，扣完为止），组织部门核定为1分：两次会议记录在县里补交',
    );
    expect(line?.lost).toEqual([{ points: 1, reason: line?.explanation }]);
    expect(sheet.pending).toBe(2);
    expect(sheet.categories[0]?.lines[1]).toMatchObject({
      score: 0,
      basis: 'pending',
      lost: [{ points: 1, reason: '未评分' }],
    });
    expect(sheet.explanation).toBe('各类得分1分 + 加分0分 = 1分；2项未评分，按0分计');
  });

  it('keeps each line in [0, max], each category at most its cap, and explains every point a category lost before its cap', () => {
    const scoring: fc.Arbitrary<IndicatorScoring> = fc.record(
      {
        scored: fc.record({
          points: fc.double({ min: -5, max: 10, noNaN: true }),
          by: fc.constant('checker' as const),
        }),
        deductions: fc.array(fc.record({ points: points(3), reason: fc.constantFrom('甲', '乙') }), {
          maxLength: 3,
        }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(
        fc.record({ A1: scoring, A2: scoring, B1: scoring, C1: scoring, C2: scoring }),
        (results) => {
          const sheet = scoreSheet(scheme, results);
          let total = 0;
          for (const category of sheet.categories) {
            const regular = category.lines.filter((l) => l.kind === 'regular');
            for (const line of category.lines) {
              expect(line.score).toBeGreaterThanOrEqual(0);
              expect(line.score).toBeLessThanOrEqual(line.maxPoints);
            }
            const lost = regular.flatMap((l) => l.lost).reduce((s, l) => s + toCents(l.points), 0);
            const max = regular.reduce((s, l) => s + toCents(l.maxPoints), 0);
            expect(lost).toBe(max - toCents(category.linesScore));
            expect(toCents(category.score)).toBe(
              Math.min(toCents(category.linesScore), toCents(category.maxPoints)),
            );
            total += toCents(category.score);
          }
          expect(sheet.bonus.score).toBeLessThanOrEqual(3);
          expect(toCents(sheet.total)).toBe(total + toCents(sheet.bonus.score));
        },
      ),
    );
  });
});
