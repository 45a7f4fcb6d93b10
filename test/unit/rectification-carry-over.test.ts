import { describe, expect, it } from 'vitest';
import { carryOverText, shortened, type CarriedProblem } from '../../src/domain/rectification/carry-over.js';

const item = (more: Partial<CarriedProblem>): CarriedProblem => ({
  text: '三会一课落实不到位',
  status: 'open',
  deadline: '2026-06-30',
  closedOn: null,
  measures: [],
  ...more,
});

describe('上年度问题整改情况 from the problem list', () => {
  it('is empty when the org had no problems', () => {
    expect(carryOverText([], '2026-03-01')).toBe('');
  });

  it('sums up, then states each item as of today with its measures', () => {
    const text = carryOverText(
      [
        item({
          text: '发展党员偏少，35岁以下党员比例不高。',
          status: 'closed',
          closedOn: '2026-02-10',
          measures: ['制定发展党员计划', '每季度培养入党积极分子'],
        }),
        item({ text: '台账资料不规范', status: 'inProgress', deadline: '2026-02-28' }),
        item({ text: '党员培训不系统', status: 'submitted', deadline: '2026-05-31' }),
      ],
      '2026-03-01',
    );
    expect(text.split('\n')).toEqual([
      '上年度以来列入问题清单的问题共 3 个，已整改销号 1 个，正在整改 2 个，其中逾期 1 个。',
      '1．发展党员偏少，35岁以下党员比例不高。已于2026年2月10日整改销号。整改措施：制定发展党员计划；每季度培养入党积极分子。',
      '2．台账资料不规范。整改中，整改期限2026年2月28日，已逾期1天。',
      '3．党员培训不系统。已提交，整改期限2026年5月31日。',
    ]);
  });

  it('leaves out the overdue clause when nothing is overdue', () => {
    expect(carryOverText([item({ status: 'closed', closedOn: '2026-01-05' })], '2026-12-31')).toMatch(
      /^上年度以来列入问题清单的问题共 1 个，已整改销号 1 个，正在整改 0 个。\n/u,
    );
    // Overdue only once the deadline has passed: due today is not late.
    expect(carryOverText([item({ deadline: '2026-03-01' })], '2026-03-01')).not.toContain('逾期');
  });

  it('shortens long texts to their first sentence, or cuts them with an ellipsis', () => {
    expect(shortened('组织生活不规范。具体表现为多次缺会，记录不全。', 60)).toBe('组织生活不规范');
    expect(shortened('很'.repeat(80), 60)).toBe(`${'很'.repeat(59)}…`);
    expect(shortened('  整改 措施\n落实；', 40)).toBe('整改 措施 落实');
    const [, line] = carryOverText(
      [item({ text: '长'.repeat(100), measures: ['措'.repeat(50)] })],
      '2026-01-01',
    ).split('\n');
    expect(line).toBe(
      `1．${'长'.repeat(59)}…。待整改，整改期限2026年6月30日。整改措施：${'措'.repeat(39)}…。`,
    );
  });
});
