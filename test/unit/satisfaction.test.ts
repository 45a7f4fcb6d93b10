import { describe, expect, it } from 'vitest';
import { ballotGrades, gradeCode } from '../../src/domain/ballot-grades.js';
import { ballotProblems, ballotScales } from '../../src/domain/meetings.js';
import { satisfactionLabels, satisfactionLevels } from '../../src/domain/results/grades.js';
import {
  halfYearOf,
  pooledCounts,
  satisfactionCoverage,
  satisfactionResult,
} from '../../src/domain/satisfaction.js';

describe('the 满意度 scale', () => {
  it('offers 满意/基本满意/不满意, best first, stored as cells 1–3', () => {
    expect(satisfactionLevels.map((l) => satisfactionLabels[l])).toEqual(['满意', '基本满意', '不满意']);
    const scale = ballotScales.satisfaction.choices;
    expect(satisfactionLevels.map((l) => gradeCode(l, scale))).toEqual([1, 2, 3]);
    const layout = {
      reporters: [
        { orgId: 7, position: 1 },
        { orgId: 9, position: 2 },
      ],
      items: [{ key: 'a' }, { key: 'b' }],
    };
    expect(ballotGrades(layout, { 9: { a: 'dissatisfied', b: 'satisfied' } }, scale)).toEqual({
      from: 2,
      grades: [3, 1],
    });
  });

  it('refuses an appraisal grade on a survey ballot, and a level on an appraisal ballot', () => {
    const form = {
      reporters: [{ orgId: 7, name: '东村' }],
      items: [{ key: 'a', label: '对书记的满意度' }],
      allowAbstain: false,
    };
    expect(ballotProblems({ ...form, kind: 'satisfaction' }, { 7: { a: 'poor' } })).toEqual([
      '东村：“对书记的满意度”只能选满意、基本满意、不满意',
    ]);
    expect(ballotProblems({ ...form, kind: 'satisfaction' }, { 7: { a: 'basicallySatisfied' } })).toEqual([]);
    expect(ballotProblems(form, { 7: { a: 'satisfied' } })).toEqual([
      '东村：“对书记的满意度”只能选好、较好、一般、差',
    ]);
  });
});

describe('the satisfaction value', () => {
  it('is (满意 + 基本满意) ÷ valid ballots × 100, with each level’s share', () => {
    const result = satisfactionResult({ satisfied: 5, basicallySatisfied: 2, dissatisfied: 1 });
    expect(result).toEqual({
      ballots: 8,
      shares: { satisfied: 0.625, basicallySatisfied: 0.25, dissatisfied: 0.125 },
      value: 87.5,
    });
    expect(satisfactionResult({ satisfied: 1, basicallySatisfied: 0, dissatisfied: 2 }).value).toBe(33.33);
  });

  it('gives no value without ballots or below the minimum', () => {
    expect(satisfactionResult({ satisfied: 0, basicallySatisfied: 0, dissatisfied: 0 }).value).toBeNull();
    expect(satisfactionResult({ satisfied: 4, basicallySatisfied: 0, dissatisfied: 0 }, 5).value).toBeNull();
    expect(satisfactionResult({ satisfied: 5, basicallySatisfied: 0, dissatisfied: 0 }, 5).value).toBe(100);
  });

  it('pools surveys ballot by ballot, not survey by survey', () => {
    const pooled = pooledCounts([
      { satisfied: 9, basicallySatisfied: 0, dissatisfied: 1 },
      { satisfied: 0, basicallySatisfied: 0, dissatisfied: 10 },
    ]);
    expect(pooled).toEqual({ satisfied: 9, basicallySatisfied: 0, dissatisfied: 11 });
    expect(satisfactionResult(pooled).value).toBe(45);
  });
});

describe('half-year coverage', () => {
  it('puts January–June in the first half and July–December in the second', () => {
    expect(halfYearOf('2026-06-30')).toBe(1);
    expect(halfYearOf('2026-07-01')).toBe(2);
    expect(halfYearOf('2026-01-01')).toBe(1);
  });

  it('lists per village and half the surveys rating it, and counts the villages without', () => {
    const villages = [
      { orgId: 1, orgName: '东村' },
      { orgId: 2, orgName: '西村' },
      { orgId: 3, orgName: '南村' },
    ];
    const coverage = satisfactionCoverage(2026, villages, [
      { id: 10, name: '上半年测评', heldOn: '2026-03-10', orgIds: [1, 2] },
      { id: 11, name: '下半年测评', heldOn: '2026-09-10', orgIds: [1] },
      // Another year's survey covers nothing of this one.
      { id: 12, name: '去年', heldOn: '2025-09-10', orgIds: [2, 3] },
    ]);
    expect(coverage.villages[0]!.halves).toEqual([
      { half: 1, surveys: [{ id: 10, name: '上半年测评', heldOn: '2026-03-10' }] },
      { half: 2, surveys: [{ id: 11, name: '下半年测评', heldOn: '2026-09-10' }] },
    ]);
    expect(coverage.villages[1]!.halves[1]!.surveys).toEqual([]);
    expect(coverage.villages[2]!.halves.every((h) => h.surveys.length === 0)).toBe(true);
    expect(coverage.without).toEqual({ first: 1, second: 2, any: 2 });
  });
});
