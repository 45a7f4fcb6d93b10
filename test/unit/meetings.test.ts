import { describe, expect, it } from 'vitest';
import { normalizeReceipt, receiptFor } from '../../src/domain/ballot-receipts.js';
import type { Grade } from '../../src/domain/results/grades.js';
import {
  ballotCodeAlphabet,
  ballotCodeFromBytes,
  ballotProblems,
  categoryWeightProblem,
  defaultBallotItems,
  defaultPanelistCategories,
  formatBallotCode,
  parseBallotCode,
  perReporterRefusal,
  tallyGroups,
  unusedKey,
  turnoutProblem,
  votingChange,
  type BallotChoices,
  type VotingState,
  type VotingStatus,
} from '../../src/domain/meetings.js';

const form = {
  reporters: [
    { orgId: 7, name: '东岭村党支部' },
    { orgId: 8, name: '西岭村党支部' },
  ],
  items: defaultBallotItems.slice(0, 2),
  allowAbstain: false,
};
const all = (grade: Grade | null): BallotChoices => ({
  7: { overall: grade, duty: grade },
  8: { overall: grade, duty: grade },
});

describe('review meetings', () => {
  it('defaults: 总体评价 first, five items and five categories with stable keys', () => {
    expect(defaultBallotItems.map((i) => i.key)).toEqual(['overall', 'duty', 'tasks', 'problems', 'plans']);
    expect(defaultBallotItems[0]!.label).toBe('总体评价');
    expect(defaultPanelistCategories.map((c) => c.label)).toEqual([
      '上级班子成员',
      '下级书记',
      '党代表',
      '人大代表/政协委员',
      '党员群众代表',
    ]);
  });

  it('requires every reporter × item, naming both in Chinese', () => {
    expect(ballotProblems(form, all('excellent'))).toEqual([]);
    expect(ballotProblems(form, { 7: { overall: 'good', duty: 'poor' } })).toEqual([
      '西岭村党支部：请评价“总体评价”',
      '西岭村党支部：请评价“履行第一责任人职责”',
    ]);
    expect(
      ballotProblems(form, { ...all('excellent'), 7: { overall: 'best' as never, duty: 'fair' } }),
    ).toEqual(['东岭村党支部：“总体评价”只能选好、较好、一般、差']);
  });

  it('takes null as 弃权 only where the meeting allows it', () => {
    expect(ballotProblems(form, all(null))).toHaveLength(4);
    expect(ballotProblems({ ...form, allowAbstain: true }, all(null))).toEqual([]);
    // Abstaining is choosing null, not leaving the item out.
    expect(ballotProblems({ ...form, allowAbstain: true }, { 7: {}, 8: {} })).toHaveLength(4);
  });

  it('refuses unknown reporters and items', () => {
    expect(ballotProblems(form, { ...all('good'), 9: { overall: 'good' } })).toEqual([
      '测评票中有不在本次测评范围内的述职组织（编号 9）',
    ]);
    expect(ballotProblems(form, { ...all('good'), 8: { overall: 'good', duty: 'good', x: 'good' } })).toEqual(
      ['西岭村党支部：测评票中有未知的测评项目“x”'],
    );
  });

  it('makes codes of 12 unambiguous characters and reads them back however typed', () => {
    expect(ballotCodeAlphabet).toHaveLength(32);
    expect(ballotCodeAlphabet).not.toMatch(/[0O1I]/);
    const code = ballotCodeFromBytes(Uint8Array.from({ length: 12 }, (_, i) => i * 37));
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{12}$/);
    const printed = formatBallotCode(code);
    expect(printed).toMatch(/^.{4}-.{4}-.{4}$/);
    expect(parseBallotCode(printed)).toBe(code);
    expect(parseBallotCode(` ${printed.toLowerCase().replace(/-/g, ' ')} `)).toBe(code);
    expect(parseBallotCode('ABCD-EFGH-JKL0')).toBeNull();
    expect(parseBallotCode('ABCD-EFGH-JK')).toBeNull();
  });

  it('gives a deterministic ten-digit receipt that depends on the submission id', () => {
    const receipt = receiptFor('ABCDEFGHJKLM', 'f6d0a1c4-1b9e-4f55-9a62-0d6c6c1f3a11');
    expect(receipt).toMatch(/^\d{5}-\d{5}$/);
    expect(receiptFor('ABCDEFGHJKLM', 'f6d0a1c4-1b9e-4f55-9a62-0d6c6c1f3a11')).toBe(receipt);
    expect(receiptFor('ABCDEFGHJKLM', 'a6d0a1c4-1b9e-4f55-9a62-0d6c6c1f3a11')).not.toBe(receipt);
    // Typed back with or without its dash, it is the same receipt.
    expect(normalizeReceipt(receipt)).toBe(receipt);
    expect(normalizeReceipt(receipt.replace('-', ''))).toBe(receipt);
  });

  it('counts a vote only with more than half of the codes used, never more ballots than codes', () => {
    expect(turnoutProblem({ issued: 10, cast: 6 })).toBeNull();
    expect(turnoutProblem({ issued: 10, cast: 5 })).toMatch(/未超过.*半数/);
    expect(turnoutProblem({ issued: 10, cast: 11 })).toMatch(/多于发出/);
  });

  it('merges categories of fewer than three ballots into 其他, never leaving 其他 with one or two', () => {
    expect(tallyGroups({ a: 5, b: 3, c: 0 })).toEqual({ a: 'a', b: 'b' });
    expect(tallyGroups({ a: 5, b: 2, c: 1 })).toEqual({ a: 'a', b: 'other', c: 'other' });
    expect(tallyGroups({ a: 5, b: 4, c: 1 })).toEqual({ a: 'a', b: 'other', c: 'other' });
    expect(tallyGroups({ a: 1 })).toEqual({ a: 'other' });
  });

  it('accepts no weights or weights summing to 100, and says the sum otherwise', () => {
    const c = (weight: number | null) => ({ key: 'k', label: 'k', weight });
    expect(categoryWeightProblem([c(null), c(null)])).toBeNull();
    expect(categoryWeightProblem([c(20), c(40), c(40)])).toBeNull();
    expect(categoryWeightProblem([c(33.33), c(33.33), c(33.34)])).toBeNull();
    expect(categoryWeightProblem([c(20), c(40), c(null)])).toBe('各类评议人权重合计 60%，应为 100%');
  });

  it('makes a key for a new entry that no entry holds', () => {
    expect(unusedKey('item', [])).toBe('item1');
    expect(unusedKey('item', [{ key: 'overall' }, { key: 'item2' }])).toBe('item3');
    expect(unusedKey('item', [{ key: 'item2' }, { key: 'item3' }])).toBe('item4');
  });
});

describe('逐人投票', () => {
  const status = (voting: VotingState, east: VotingState, west: VotingState): VotingStatus => ({
    mode: 'perReporter',
    voting,
    reporters: [
      { orgId: 7, name: '东岭村党支部', voting: east },
      { orgId: 8, name: '西岭村党支部', voting: west },
    ],
  });

  it('keeps 统一投票 as it was: open once, close once, no reporter named', () => {
    const allAtOnce: VotingStatus = { ...status('notOpened', 'notOpened', 'notOpened'), mode: 'allAtOnce' };
    expect(votingChange(allAtOnce, { action: 'open' })).toEqual({ voting: 'open', reporters: [] });
    expect(votingChange({ ...allAtOnce, voting: 'open' }, { action: 'close' })).toEqual({
      voting: 'closed',
      reporters: [],
    });
    expect(votingChange({ ...allAtOnce, voting: 'open' }, { action: 'open' })).toBe(
      '测评已开始或已结束，不能再次开始',
    );
    expect(votingChange(allAtOnce, { action: 'close' })).toBe('测评未在进行中，不能结束');
    expect(votingChange(allAtOnce, { action: 'open', orgId: 7 })).toBe(
      '本次评议会为统一投票，不能按述职人开始或结束投票',
    );
  });

  it('opens one reporter at a time, each once, and ends with a final close', () => {
    expect(votingChange(status('notOpened', 'notOpened', 'notOpened'), { action: 'open', orgId: 7 })).toEqual(
      {
        voting: 'open',
        reporters: [{ orgId: 7, voting: 'open' }],
      },
    );
    expect(votingChange(status('open', 'open', 'notOpened'), { action: 'open', orgId: 8 })).toBe(
      '请先结束对“东岭村党支部”的投票，再开始下一位',
    );
    expect(votingChange(status('open', 'open', 'notOpened'), { action: 'close', orgId: 7 })).toEqual({
      voting: 'open',
      reporters: [{ orgId: 7, voting: 'closed' }],
    });
    expect(votingChange(status('open', 'closed', 'notOpened'), { action: 'open', orgId: 7 })).toBe(
      '对“东岭村党支部”的投票已结束，不能再次开始',
    );
    expect(votingChange(status('open', 'closed', 'notOpened'), { action: 'close', orgId: 8 })).toBe(
      '对“西岭村党支部”的投票未在进行中，不能结束',
    );
    expect(votingChange(status('open', 'closed', 'notOpened'), { action: 'open', orgId: 9 })).toBe(
      '该组织不是本次评议会的述职组织',
    );
    expect(votingChange(status('open', 'closed', 'notOpened'), { action: 'open' })).toBe(
      '逐人投票须选择开始哪一位述职人的投票',
    );
    // The final close also closes whoever is still open.
    expect(votingChange(status('open', 'closed', 'open'), { action: 'close' })).toEqual({
      voting: 'closed',
      reporters: [{ orgId: 8, voting: 'closed' }],
    });
    expect(votingChange(status('notOpened', 'notOpened', 'notOpened'), { action: 'close' })).toBe(
      '测评尚未开始，不能结束',
    );
    expect(votingChange(status('closed', 'closed', 'closed'), { action: 'open', orgId: 8 })).toBe(
      '本次测评已结束，不能再开始或结束投票',
    );
  });

  it('takes a ballot only for the reporter open now', () => {
    expect(perReporterRefusal(status('open', 'closed', 'open'), ['8'])).toBeNull();
    expect(perReporterRefusal(status('open', 'closed', 'open'), ['7'])).toEqual({
      code: 'REPORTER_VOTING_NOT_OPEN',
      message: '对“东岭村党支部”的投票未开始或已结束，请刷新页面',
    });
    expect(perReporterRefusal(status('open', 'closed', 'notOpened'), ['8'])?.code).toBe('VOTING_NOT_OPEN');
    // Not a reporter at all: a malformed ballot, refused by ballotProblems.
    expect(perReporterRefusal(status('open', 'open', 'notOpened'), ['99'])).toBeNull();
  });
});
