import { describe, expect, it } from 'vitest';
import type { SchemeShape } from '../../src/domain/rule-format.js';
import { branchTemplate } from '../../src/domain/scheme-templates.js';
import {
  itemProgress,
  targetItemProblems,
  targetItemsOfScheme,
  type TargetLetterItem,
} from '../../src/domain/target-letters.js';

const year = { start: '2026-01-01', end: '2026-12-31' };
const indicator = (
  key: string,
  rule: NonNullable<SchemeShape['categories'][0]['indicators'][0]['rule']>,
) => ({
  key,
  name: key,
  kind: 'regular' as const,
  maxPoints: 5,
  checkMethod: 'automatic' as const,
  rule,
});
const scheme = (...indicators: ReturnType<typeof indicator>[]): SchemeShape => ({
  categories: [{ key: 'A', name: '责任制落实', maxPoints: 25, indicators }],
});

describe('targetItemsOfScheme', () => {
  it('gives a count’s minimum, a per-period minimum in sub-periods, each checklist entry and a required record', () => {
    const items = targetItemsOfScheme(
      scheme(
        indicator('A1', {
          kind: 'count',
          source: { ledgerKinds: ['partyBuildingMeeting'] },
          atLeast: 4,
          deductEach: 0.5,
        }),
        indicator('A2', {
          kind: 'perPeriod',
          source: { ledgerKinds: ['congress'] },
          every: 'quarter',
          atLeast: 1,
          deductEach: 1,
        }),
        indicator('A3', {
          kind: 'checklist',
          items: [
            { label: '年度计划', source: { ledgerKinds: ['annualPlan'] } },
            { label: '党务公开', source: { ledgerKinds: ['affairsDisclosure'] } },
          ],
          deductEach: 1,
        }),
        indicator('A4', {
          kind: 'required',
          of: { source: { ledgerKinds: ['orgLifeMeeting'] } },
          deduct: 'all',
        }),
        indicator('A5', {
          kind: 'threshold',
          measure: 'attendanceRate',
          atLeast: 80,
          step: 1,
          deductEach: 0.2,
        }),
        indicator('A6', { kind: 'manual', cap: 2 }),
      ),
      year,
    );
    expect(items.map((i) => [i.indicatorKey, i.label, i.target, i.unit])).toEqual([
      ['A1', '专题研究党建工作会议', 4, '次'],
      ['A2', '每季度支部党员大会不少于1次', 4, '个季度'],
      ['A3', '年度计划', 1, '次'],
      ['A3', '党务公开', 1, '次'],
      ['A4', '组织生活会', 1, '次'],
    ]);
    expect(items[1]!.progress).toEqual({
      kind: 'periods',
      source: { ledgerKinds: ['congress'] },
      every: 'quarter',
      atLeast: 1,
    });
  });

  it('counts the sub-periods of a shorter cycle', () => {
    const [item] = targetItemsOfScheme(
      scheme(
        indicator('A2', {
          kind: 'perPeriod',
          source: { ledgerKinds: ['committee'] },
          every: 'month',
          atLeast: 1,
          deductEach: 0.25,
        }),
      ),
      { start: '2026-07-01', end: '2026-12-31' },
    );
    expect([item!.target, item!.unit]).toEqual([6, '个月']);
  });

  it('breaks the default branch template down into items that pass the letter’s checks', () => {
    const items = targetItemsOfScheme(branchTemplate, year);
    expect(items.length).toBeGreaterThan(5);
    expect(targetItemProblems(items)).toEqual([]);
  });
});

describe('itemProgress', () => {
  const item = { target: 4, unit: '次' };
  it('is reached when what was done comes up to the target', () => {
    expect(itemProgress(item, 3)).toEqual({ done: 3, reached: false, detail: '目标4次，完成3次' });
    expect(itemProgress(item, 4)).toEqual({ done: 4, reached: true, detail: '目标4次，完成4次' });
    expect(itemProgress(item, null)).toEqual({
      done: null,
      reached: false,
      detail: '目标4次，尚未填报完成情况',
    });
  });
});

describe('targetItemProblems', () => {
  it('names the item and field of a zero target, a negative entered figure, a count of nothing', () => {
    const items: TargetLetterItem[] = [
      {
        indicatorKey: null,
        label: '发展党员',
        target: 0,
        unit: '名',
        progress: { kind: 'entered', value: -1 },
      },
      {
        indicatorKey: null,
        label: '走访',
        target: 2,
        unit: '次',
        progress: { kind: 'records', source: { ledgerKinds: [] } },
      },
    ];
    expect(targetItemProblems(items)).toEqual([
      { path: 'items.0.target', message: '第1项“发展党员”的目标值须大于0' },
      { path: 'items.0.progress.value', message: '第1项“发展党员”的完成值不能为负数' },
      { path: 'items.1.progress.source.ledgerKinds', message: '第2项“走访”须选择统计的台账类型' },
    ]);
  });
});
