import { describe, expect, it } from 'vitest';
import type { IndicatorShape, SchemeShape } from '../../src/domain/rule-format.js';
import { ruleProblems, schemeProblems } from '../../src/domain/rules/index.js';
import { congressIndicator, sampleRules } from '../helpers/rule-world.js';

const regular = (maxPoints: number) => ({ maxPoints, indicatorKind: 'regular' as const });

describe('ruleProblems', () => {
  it('accepts a sound rule of every kind', () => {
    for (const rule of sampleRules) expect(ruleProblems(rule, regular(2))).toEqual([]);
  });

  it('refuses a deduction above the indicator’s points, naming the field', () => {
    expect(
      ruleProblems(
        { kind: 'count', source: { ledgerKinds: ['congress'] }, atLeast: 4, deductEach: 0.6 },
        regular(0.5),
      ),
    ).toEqual([{ path: 'deductEach', message: '每少1次扣分（0.6分）不能超过本指标分值（0.5分）' }]);
    expect(
      ruleProblems({ kind: 'required', of: { measure: 'membersDeveloped' }, deduct: 3 }, regular(2)),
    ).toEqual([{ path: 'deduct', message: '扣分（3分）不能超过本指标分值（2分）' }]);
    expect(ruleProblems({ kind: 'manual', cap: 5 }, regular(3))).toEqual([
      { path: 'cap', message: '酌情扣分上限（5分）不能超过本指标分值（3分）' },
    ]);
  });

  it('names numbers the editor let through that the schema refuses, with the field in Chinese', () => {
    expect(
      ruleProblems(
        {
          kind: 'perPerson',
          people: 'twoCommittees',
          source: { ledgerKinds: ['contactVisit'] },
          atLeast: 1.5,
          deductEach: 0,
        },
        regular(2),
      ),
    ).toEqual([
      { path: 'atLeast', message: '次数应为不小于1的整数' },
      { path: 'deductEach', message: '每少1人次扣分应大于0' },
    ]);
    expect(
      ruleProblems(
        { kind: 'threshold', measure: 'trainingHoursPerMember', atLeast: -1, step: 0, deductEach: 1 },
        regular(2),
      ),
    ).toEqual([
      { path: 'atLeast', message: '下限不能为负数' },
      { path: 'step', message: '每档差距应大于0' },
    ]);
  });

  it('refuses a floor at or above the points', () => {
    expect(
      ruleProblems(
        { kind: 'count', source: { ledgerKinds: ['congress'] }, atLeast: 4, deductEach: 0.5, floor: 2 },
        regular(2),
      ),
    ).toEqual([{ path: 'floor', message: '最低得分（2分）应低于本指标分值（2分）' }]);
  });

  it('wants one bound on a threshold, on the side that is worse', () => {
    const base = { kind: 'threshold' as const, step: 1, deductEach: 1 };
    expect(ruleProblems({ ...base, measure: 'attendanceRate' }, regular(5))).toEqual([
      { path: 'atLeast', message: '请设置下限（低于多少扣分）' },
    ]);
    expect(ruleProblems({ ...base, measure: 'attendanceRate', atLeast: 55, atMost: 90 }, regular(5))).toEqual(
      [{ path: 'atMost', message: '组织生活平均参会率越高越好，只能设置下限（低于多少扣分），不能设置上限' }],
    );
    expect(ruleProblems({ ...base, measure: 'twoCommitteesAverageAge', atLeast: 30 }, regular(5))).toEqual([
      { path: 'atLeast', message: '“两委”成员平均年龄越低越好，只能设置上限（高于多少扣分），不能设置下限' },
    ]);
    expect(ruleProblems({ ...base, measure: 'attendanceRate', atLeast: 120 }, regular(5))).toEqual([
      { path: 'atLeast', message: '下限是百分比，不能超过100%' },
    ]);
  });

  it('refuses repeated checklist items and empty kinds', () => {
    expect(
      ruleProblems(
        {
          kind: 'checklist',
          items: [
            { label: '党务公开', source: { ledgerKinds: ['affairsDisclosure'] } },
            { label: '党务公开 ', source: { ledgerKinds: [] } },
          ],
          deductEach: 1,
        },
        regular(3),
      ),
    ).toEqual([
      { path: 'items.1.source.ledgerKinds', message: '请至少选择一种台账记录' },
      { path: 'items.1.label', message: '检查项“党务公开”重复' },
    ]);
  });

  it('refuses any rule on a bonus or veto item', () => {
    expect(ruleProblems({ kind: 'manual', cap: 1 }, { maxPoints: 2, indicatorKind: 'bonus' })).toEqual([
      { path: '', message: '加分项不设评分规则：由评分人员据实加分并写明理由' },
    ]);
    expect(
      ruleProblems({ kind: 'targets', deductEach: 1 }, { maxPoints: 0, indicatorKind: 'veto' })[0]?.message,
    ).toBe('一票否决项不设评分规则：由评分人员认定并写明理由');
  });
});

const indicator = (over: Partial<IndicatorShape>): IndicatorShape => ({
  ...congressIndicator,
  key: 'A1',
  name: '三会一课',
  ...over,
});

describe('schemeProblems', () => {
  const scheme = (
    indicators: IndicatorShape[],
    maxPoints = 4,
    extra: Partial<SchemeShape> = {},
  ): SchemeShape => ({
    categories: [{ key: 'A', name: '组织建设', maxPoints, indicators }],
    ...extra,
  });

  it('accepts a sound scheme', () => {
    expect(
      schemeProblems({
        categories: [
          { key: 'A', name: '组织建设', maxPoints: 4, indicators: [indicator({})] },
          {
            key: 'B',
            name: '加分与否决',
            maxPoints: 0,
            indicators: [
              indicator({
                key: 'B1',
                name: '创新案例',
                kind: 'bonus',
                maxPoints: 2,
                checkMethod: 'ledgerReview',
                rule: undefined,
              }),
              indicator({
                key: 'B2',
                name: '严重违纪',
                kind: 'veto',
                maxPoints: 0,
                checkMethod: 'visit',
                rule: undefined,
              }),
            ],
          },
        ],
        bonusCap: 3,
      }),
    ).toEqual([]);
  });

  it('names repeated keys with the indicator they repeat', () => {
    expect(schemeProblems(scheme([indicator({}), indicator({ name: '主题党日', maxPoints: 0 })]))).toEqual([
      {
        path: 'categories.0.indicators.1.key',
        message: '第1类“组织建设”第2项“主题党日”：编号“A1”与“三会一课”重复',
      },
      {
        path: 'categories.0.indicators.1.maxPoints',
        message: '第1类“组织建设”第2项“主题党日”：常规指标的分值应大于0',
      },
      {
        path: 'categories.0.indicators.1.rule.deductEach',
        message: '第1类“组织建设”第2项“主题党日”：每缺1期扣分（1分）不能超过本指标分值（0分）',
      },
    ]);
  });

  it('wants a rule on 系统自动 items and only 酌情扣分 on items people check', () => {
    expect(schemeProblems(scheme([indicator({ rule: undefined })]))).toEqual([
      {
        path: 'categories.0.indicators.0.checkMethod',
        message: '第1类“组织建设”第1项“三会一课”：“系统自动”评分的指标须设置评分规则',
      },
    ]);
    expect(schemeProblems(scheme([indicator({ checkMethod: 'ledgerReview' })]))[0]).toEqual({
      path: 'categories.0.indicators.0.rule',
      message:
        '第1类“组织建设”第1项“三会一课”：人工评分的指标只能设置酌情扣分；自动评分规则请将考核方式改为“系统自动”',
    });
    expect(
      schemeProblems(scheme([indicator({ checkMethod: 'spotCheck', rule: { kind: 'manual', cap: 2 } })])),
    ).toEqual([]);
    expect(schemeProblems(scheme([indicator({ rule: { kind: 'manual', cap: 2 } })]))[0]?.path).toBe(
      'categories.0.indicators.0.rule',
    );
  });

  it('refuses a category cap no org can reach, an empty category and a bonus cap without bonus items', () => {
    expect(schemeProblems(scheme([indicator({})], 6, { bonusCap: 2 }))).toEqual([
      {
        path: 'categories.0.maxPoints',
        message: '第1类“组织建设”：满分（6分）高于本类常规指标分值之和（4分），无法得满分',
      },
      { path: 'bonusCap', message: '方案没有加分项，不需要设置加分上限' },
    ]);
    expect(schemeProblems(scheme([], 0))).toEqual([
      { path: 'categories.0.indicators', message: '第1类“组织建设”：请至少设置一项指标' },
    ]);
  });

  it('keeps veto items at 0 points and bonus items away from 系统自动', () => {
    expect(
      schemeProblems(
        scheme([
          indicator({}),
          indicator({ key: 'V', name: '否决', kind: 'veto', maxPoints: 1, rule: undefined }),
        ]),
      ),
    ).toEqual([
      {
        path: 'categories.0.indicators.1.maxPoints',
        message: '第1类“组织建设”第2项“否决”：一票否决项不计分，分值应为0',
      },
      {
        path: 'categories.0.indicators.1.checkMethod',
        message: '第1类“组织建设”第2项“否决”：一票否决项不能由系统自动评分',
      },
    ]);
  });
});
