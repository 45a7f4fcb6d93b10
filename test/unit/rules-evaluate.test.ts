import { describe, expect, it } from 'vitest';
import type { Rule } from '../../src/domain/rule-format.js';
import { describeRule, factKey, ruleFacts } from '../../src/domain/rules/index.js';
import { subPeriods } from '../../src/domain/rules/periods.js';
import { evaluateIn, record, sampleRules, year2025, type RuleWorld } from '../helpers/rule-world.js';

const none: RuleWorld = { records: [] };
const times = (n: number, kind: Parameters<typeof record>[0], days: string[]) =>
  Array.from({ length: n }, (_, i) => record(kind, days[i % days.length] ?? '2025-06-01'));

describe('count: 每年专题研究基层党建工作不少于4次，每少开1次扣0.5分', () => {
  const rule: Rule = {
    kind: 'count',
    source: { ledgerKinds: ['partyBuildingMeeting'] },
    atLeast: 4,
    deductEach: 0.5,
  };
  const meetings = (n: number) => ({
    records: times(n, 'partyBuildingMeeting', ['2025-03-02', '2025-07-09']),
  });

  it('deducts per meeting short and says how many were due and held', () => {
    expect(evaluateIn(rule, 2, meetings(3))).toEqual({
      score: 1.5,
      lost: [{ points: 0.5, reason: '专题研究党建工作会议应开4次，实开3次，扣0.5分' }],
      explanation: '专题研究党建工作会议应开4次，实开3次，扣0.5分',
    });
  });

  it('deducts down to zero, and no further', () => {
    const r = evaluateIn({ ...rule, deductEach: 1 }, 2, none);
    expect(r.score).toBe(0);
    expect(r.explanation).toBe('专题研究党建工作会议应开4次，实开0次，扣2分，扣完为止');
  });

  it('keeps the floor', () => {
    const r = evaluateIn({ ...rule, floor: 0.5 }, 2, none);
    expect(r.score).toBe(0.5);
    expect(r.explanation).toBe('专题研究党建工作会议应开4次，实开0次，扣1.5分，最低得0.5分');
  });

  it('counts only records in the period, of the kinds, with the topic word', () => {
    const topical: Rule = {
      ...rule,
      source: { ledgerKinds: ['partyBuildingMeeting'], topicIncludes: '乡村振兴' },
    };
    const records = [
      record('partyBuildingMeeting', '2024-12-31', { topic: '乡村振兴' }),
      record('partyBuildingMeeting', '2025-01-01', { topic: '研究乡村振兴工作' }),
      record('partyBuildingMeeting', '2025-12-31', { topic: '年终总结' }),
      record('committee', '2025-05-01', { topic: '乡村振兴' }),
    ];
    expect(evaluateIn(topical, 2, { records }).explanation).toBe(
      '专题研究党建工作会议（主题含“乡村振兴”）应开4次，实开1次，扣1.5分',
    );
  });

  it('says nothing is deducted when enough were held', () => {
    expect(evaluateIn(rule, 2, meetings(5))).toEqual({
      score: 2,
      lost: [],
      explanation: '专题研究党建工作会议应开4次，实开5次，不扣分',
    });
  });
});

describe('perPeriod: 每季度至少召开1次支部党员大会，缺1个季度扣1分', () => {
  const rule: Rule = {
    kind: 'perPeriod',
    source: { ledgerKinds: ['congress'] },
    every: 'quarter',
    atLeast: 1,
    deductEach: 1,
  };

  it('names the quarter missed', () => {
    const records = ['2025-02-10', '2025-08-01', '2025-12-30'].map((d) => record('congress', d));
    expect(evaluateIn(rule, 4, { records })).toEqual({
      score: 3,
      lost: [{ points: 1, reason: '第二季度未召开支部党员大会，扣1分' }],
      explanation: '第二季度未召开支部党员大会，扣1分',
    });
  });

  it('says how many were held in a quarter short of several', () => {
    const records = [
      '2025-01-10',
      '2025-02-10',
      '2025-05-01',
      '2025-07-01',
      '2025-08-01',
      '2025-10-01',
      '2025-11-01',
    ];
    const r = evaluateIn({ ...rule, atLeast: 2 }, 4, { records: records.map((d) => record('congress', d)) });
    expect(r.explanation).toBe('第二季度支部党员大会应开2次，实开1次，扣1分');
  });

  it('stops at zero and still names every month missed', () => {
    const monthly: Rule = { ...rule, every: 'month', deductEach: 0.5 };
    const r = evaluateIn(monthly, 3, none);
    expect(r.score).toBe(0);
    expect(r.lost.map((l) => l.reason)).toEqual([
      '1月未召开支部党员大会，扣0.5分',
      '2月未召开支部党员大会，扣0.5分',
      '3月未召开支部党员大会，扣0.5分',
      '4月未召开支部党员大会，扣0.5分',
      '5月未召开支部党员大会，扣0.5分',
      '6月未召开支部党员大会，扣0.5分，扣完为止',
    ]);
    expect(r.explanation).toContain('；7月未召开支部党员大会，分值已扣完；');
    expect(r.explanation.endsWith('12月未召开支部党员大会，分值已扣完')).toBe(true);
  });

  it('says all quarters were held', () => {
    const records = ['2025-03-31', '2025-04-01', '2025-09-30', '2025-10-01'].map((d) =>
      record('congress', d),
    );
    expect(evaluateIn(rule, 4, { records }).explanation).toBe('各季度均已召开支部党员大会，不扣分');
  });

  it('cuts the calendar sub-periods to the cycle, with the year when it spans two', () => {
    expect(subPeriods({ start: '2025-03-15', end: '2025-12-31' }, 'quarter')).toEqual([
      { start: '2025-03-15', end: '2025-03-31', label: '第一季度' },
      { start: '2025-04-01', end: '2025-06-30', label: '第二季度' },
      { start: '2025-07-01', end: '2025-09-30', label: '第三季度' },
      { start: '2025-10-01', end: '2025-12-31', label: '第四季度' },
    ]);
    expect(subPeriods({ start: '2025-12-01', end: '2026-01-31' }, 'halfYear').map((p) => p.label)).toEqual([
      '2025年下半年',
      '2026年上半年',
    ]);
    expect(subPeriods({ start: '2024-02-01', end: '2024-02-29' }, 'month')).toEqual([
      { start: '2024-02-01', end: '2024-02-29', label: '2月' },
    ]);
  });
});

describe('required: 未制定党建工作年度计划扣0.5分', () => {
  const rule: Rule = { kind: 'required', of: { source: { ledgerKinds: ['annualPlan'] } }, deduct: 0.5 };

  it('deducts the fixed points for a missing record', () => {
    expect(evaluateIn(rule, 1, none)).toEqual({
      score: 0.5,
      lost: [{ points: 0.5, reason: '未制定年度党建工作计划（报镇考核组备案），扣0.5分' }],
      explanation: '未制定年度党建工作计划（报镇考核组备案），扣0.5分',
    });
    expect(evaluateIn(rule, 1, { records: [record('annualPlan', '2025-01-20')] }).explanation).toBe(
      '已制定年度党建工作计划（报镇考核组备案），不扣分',
    );
  });

  it('takes every point for work not done at all', () => {
    const all: Rule = {
      kind: 'required',
      of: { source: { ledgerKinds: ['memberAppraisal'] } },
      deduct: 'all',
    };
    expect(evaluateIn(all, 3, none)).toEqual({
      score: 0,
      lost: [{ points: 3, reason: '未开展民主评议党员，不得分' }],
      explanation: '未开展民主评议党员，不得分',
    });
  });

  it('deducts for a measure that is zero (no member developed)', () => {
    const developed: Rule = { kind: 'required', of: { measure: 'membersDeveloped' }, deduct: 1 };
    expect(evaluateIn(developed, 2, { records: [], measures: { membersDeveloped: 0 } }).explanation).toBe(
      '本期发展党员人数为0，扣1分',
    );
    expect(evaluateIn(developed, 2, { records: [], measures: { membersDeveloped: null } }).score).toBe(1);
    expect(evaluateIn(developed, 2, { records: [], measures: { membersDeveloped: 2 } }).explanation).toBe(
      '本期发展党员人数2名，不扣分',
    );
  });
});

describe('checklist: 缺一项扣1分，扣完为止', () => {
  const rule: Rule = {
    kind: 'checklist',
    items: [
      { label: '党务公开', source: { ledgerKinds: ['affairsDisclosure'] } },
      { label: '民主评议党员', source: { ledgerKinds: ['memberAppraisal'] } },
      { label: '组织生活会', source: { ledgerKinds: ['orgLifeMeeting'] } },
    ],
    deductEach: 1,
  };
  const records = [record('memberAppraisal', '2025-11-01'), record('orgLifeMeeting', '2025-12-01')];

  it('names the missing items', () => {
    expect(evaluateIn(rule, 3, { records }).explanation).toBe('缺1项（党务公开），扣1分');
    expect(evaluateIn(rule, 1, { records }).explanation).toBe('缺1项（党务公开），扣1分，扣完为止');
    expect(evaluateIn(rule, 1.5, none)).toEqual({
      score: 0,
      lost: [{ points: 1.5, reason: '缺3项（党务公开、民主评议党员、组织生活会），扣1.5分，扣完为止' }],
      explanation: '缺3项（党务公开、民主评议党员、组织生活会），扣1.5分，扣完为止',
    });
  });

  it('says all items are there', () => {
    const all = [...records, record('affairsDisclosure', '2025-06-30')];
    expect(evaluateIn(rule, 3, { records: all }).explanation).toBe('3项均已具备，不扣分');
  });
});

describe('threshold: 低于55%，每降低一个百分点扣1分', () => {
  const rule: Rule = { kind: 'threshold', measure: 'attendanceRate', atLeast: 55, step: 1, deductEach: 1 };
  const at = (value: number | null) => ({ records: [], measures: { attendanceRate: value } });

  it('deducts per percentage point below', () => {
    expect(evaluateIn(rule, 5, at(52))).toEqual({
      score: 2,
      lost: [{ points: 3, reason: '组织生活平均参会率52.0%，低于55%，差3个百分点，扣3分' }],
      explanation: '组织生活平均参会率52.0%，低于55%，差3个百分点，扣3分',
    });
  });

  it('counts a started step as a whole one', () => {
    expect(evaluateIn(rule, 5, at(52.4)).explanation).toBe(
      '组织生活平均参会率52.4%，低于55%，差2.6个百分点，扣3分',
    );
    expect(evaluateIn({ ...rule, step: 2 }, 5, at(51)).score).toBe(3);
  });

  it('deducts per year above a maximum age', () => {
    const age: Rule = {
      kind: 'threshold',
      measure: 'twoCommitteesAverageAge',
      atMost: 45,
      step: 1,
      deductEach: 0.5,
    };
    expect(evaluateIn(age, 3, { records: [], measures: { twoCommitteesAverageAge: 47.5 } }).explanation).toBe(
      '“两委”成员平均年龄47.5岁，高于45岁，超2.5岁，扣1.5分',
    );
  });

  it('keeps or loses the points when there is nothing to measure', () => {
    expect(evaluateIn(rule, 5, at(null))).toEqual({
      score: 5,
      lost: [],
      explanation: '组织生活平均参会率无数据，不扣分',
    });
    expect(evaluateIn({ ...rule, whenMissing: 'zero' }, 5, at(null)).explanation).toBe(
      '组织生活平均参会率无数据，不得分',
    );
    expect(evaluateIn(rule, 5, at(60)).explanation).toBe('组织生活平均参会率60.0%，不扣分');
  });
});

describe('perPerson: 每名班子成员到联系点走访不少于2次，每少1人次扣0.2分', () => {
  const rule: Rule = {
    kind: 'perPerson',
    people: 'committeeMembers',
    source: { ledgerKinds: ['contactVisit'] },
    atLeast: 2,
    deductEach: 0.2,
  };
  const committee = [
    { id: 'z', name: '张三' },
    { id: 'w', name: '王五' },
    { id: 'l', name: '李四' },
  ];
  const visit = (on: string, who: string) => record('contactVisit', on, { people: [who] });

  it('names each person short, in pinyin order', () => {
    const records = [visit('2025-02-01', 'z'), visit('2025-05-01', 'z'), visit('2025-03-03', 'l')];
    expect(evaluateIn(rule, 1, { records, groups: { committeeMembers: committee } })).toEqual({
      score: 0.4,
      lost: [
        { points: 0.2, reason: '李四联系点走访应开展2次，实开展1次，少1人次，扣0.2分' },
        { points: 0.4, reason: '王五联系点走访应开展2次，实开展0次，少2人次，扣0.4分' },
      ],
      explanation:
        '李四联系点走访应开展2次，实开展1次，少1人次，扣0.2分；王五联系点走访应开展2次，实开展0次，少2人次，扣0.4分',
    });
  });

  it('keeps the points of an org without the group', () => {
    expect(evaluateIn(rule, 1, none).explanation).toBe('无班子成员，不扣分');
  });
});

describe('targets: 目标责任书每有1项未完成扣1分', () => {
  it('names each target not reached', () => {
    const rule: Rule = { kind: 'targets', deductEach: 1 };
    const targets = [
      { label: '软弱涣散整顿', reached: true },
      { label: '发展党员', reached: false, detail: '目标2名，完成1名' },
    ];
    expect(evaluateIn(rule, 3, { records: [], targets })).toEqual({
      score: 2,
      lost: [{ points: 1, reason: '目标责任书“发展党员”未完成（目标2名，完成1名），扣1分' }],
      explanation: '目标责任书“发展党员”未完成（目标2名，完成1名），扣1分',
    });
    expect(evaluateIn(rule, 3, { records: [], targets: targets.slice(0, 1) }).explanation).toBe(
      '目标责任书1项均已完成，不扣分',
    );
  });
});

describe('manual: 酌情扣分', () => {
  const rule: Rule = { kind: 'manual', cap: 2 };

  it('says each deduction with its reason, up to the cap', () => {
    expect(
      evaluateIn(rule, 3, { records: [], manual: [{ points: 1, reason: '会议记录不规范' }] }).explanation,
    ).toBe('酌情扣1分：会议记录不规范');
    const r = evaluateIn(rule, 3, {
      records: [],
      manual: [
        { points: 1, reason: '签到表缺失' },
        { points: 1.5, reason: '会议记录不规范' },
      ],
    });
    expect(r.score).toBe(1);
    expect(r.lost).toEqual([
      { points: 1.5, reason: '酌情扣1.5分：会议记录不规范' },
      { points: 0.5, reason: '酌情扣0.5分：签到表缺失，酌情扣分最多2分' },
    ]);
    expect(evaluateIn(rule, 3, none).explanation).toBe('无酌情扣分');
  });
});

describe('ruleFacts', () => {
  it('asks each question once, with a key that ignores the order of kinds and spaces around the topic', () => {
    const a: Rule = {
      kind: 'checklist',
      items: [
        { label: '甲', source: { ledgerKinds: ['group', 'congress'], topicIncludes: ' 党建 ' } },
        { label: '乙', source: { ledgerKinds: ['congress', 'group'], topicIncludes: '党建' } },
      ],
      deductEach: 1,
    };
    const facts = ruleFacts(a, year2025);
    expect(facts).toEqual([
      {
        type: 'ledgerCount',
        ledgerKinds: ['congress', 'group'],
        topicIncludes: '党建',
        start: '2025-01-01',
        end: '2025-12-31',
      },
    ]);
    expect(factKey(facts[0]!)).toBe('ledgerCount|congress,group|2025-01-01|2025-12-31|党建');
  });

  it('asks the manual deductions of the indicator', () => {
    expect(ruleFacts({ kind: 'manual', cap: 1 }, { ...year2025, indicatorKey: 'B2' })).toEqual([
      { type: 'manualDeductions', indicatorKey: 'B2' },
    ]);
  });
});

describe('describeRule', () => {
  it('writes each kind as a scoring standard', () => {
    const texts = sampleRules.map(describeRule);
    expect(texts).toEqual([
      '考核期内专题研究党建工作会议不少于4次，每少1次扣0.5分，最低得0.5分',
      '每季度支部党员大会不少于1次，每缺1个季度扣1分',
      '未制定年度党建工作计划（报镇考核组备案）的，扣0.5分',
      '本期发展党员人数为0的，不得分',
      '应具备：党务公开、民主评议；缺一项扣1分，扣完为止',
      '组织生活平均参会率应不低于55%，每低1个百分点扣1分；无数据的不得分',
      '“两委”成员平均年龄应不高于45岁，每高1岁扣0.5分',
      '每名“两委”成员考核期内联系点走访（主题含“联系点”）不少于2次，每少1人次扣0.2分',
      '目标责任书每有1项目标未完成扣1分，扣完为止',
      '酌情扣分，最多扣2分，须写明理由',
    ]);
  });
});
