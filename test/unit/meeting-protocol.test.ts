import { describe, expect, it } from 'vitest';
import { protocolFacts, protocolTallyTable } from '../../src/domain/meeting-protocol.js';

const counts = (excellent: number, good = 0, fair = 0, poor = 0, abstain = 0) => ({
  excellent,
  good,
  fair,
  poor,
  abstain,
});

describe('the 计票结果 protocol', () => {
  it('states the facts: codes per category, totals, and why the vote does not count', () => {
    const facts = protocolFacts({
      name: '评议会',
      heldOn: '2027-01-12',
      venue: '会议室',
      votingMode: 'perReporter',
      categories: [
        { label: '上级班子成员', issued: 5, used: 2 },
        { label: '下级书记', issued: 10, used: 4 },
      ],
      ballots: 12,
      problem: '收回测评票 6 张，未超过发出的 15 张的半数，测评无效',
    });
    expect(facts.map((f) => [f.label, f.value])).toEqual([
      ['评议会', '评议会'],
      ['日期', '2027-01-12'],
      ['地点', '会议室'],
      ['投票方式', '逐人投票'],
      ['上级班子成员：发出测评码', 5],
      ['上级班子成员：已使用', 2],
      ['下级书记：发出测评码', 10],
      ['下级书记：已使用', 4],
      ['合计发出测评码', 15],
      ['合计已使用', 6],
      ['计入的测评票', 12],
      ['测评是否有效', '收回测评票 6 张，未超过发出的 15 张的半数，测评无效'],
    ]);
  });

  it('lays the tally out a row per reporter and item, a column per group and grade, groups named only when several', () => {
    const item = (label: string, a: ReturnType<typeof counts>, b?: ReturnType<typeof counts>) => ({
      label,
      byGroup: { superiors: a, ...(b ? { other: b } : {}) },
    });
    const one = protocolTallyTable({
      groups: [{ key: 'superiors', label: '上级班子成员', ballots: 4 }],
      reporters: [{ orgName: '东村党支部', items: [item('总体评价', counts(3, 1))] }],
    });
    expect(one.columns.map((c) => c.header)).toEqual([
      '序号',
      '述职组织',
      '测评项目',
      '好',
      '较好',
      '一般',
      '差',
      '弃权',
    ]);
    expect(one.rows).toEqual([
      {
        number: 1,
        reporter: '东村党支部',
        item: '总体评价',
        'superiors.excellent': 3,
        'superiors.good': 1,
        'superiors.fair': 0,
        'superiors.poor': 0,
        'superiors.abstain': 0,
      },
    ]);
    const two = protocolTallyTable({
      groups: [
        { key: 'superiors', label: '上级班子成员', ballots: 4 },
        { key: 'other', label: '其他', ballots: 5 },
      ],
      reporters: [
        { orgName: '东村党支部', items: [item('总体评价', counts(4), counts(0, 0, 0, 1, 4))] },
        {
          orgName: '西村党支部',
          items: [item('总体评价', counts(2, 2), counts(5)), item('问题', counts(4))],
        },
      ],
    });
    expect(two.columns[3]!.header).toBe('上级班子成员（4 票）好');
    expect(two.columns[12]!.header).toBe('其他（5 票）弃权');
    expect(two.rows.map((r) => [r.number, r.item, r['other.poor'], r['other.abstain']])).toEqual([
      [1, '总体评价', 1, 4],
      [2, '总体评价', 0, 0],
      [2, '问题', 0, 0],
    ]);
  });
});
