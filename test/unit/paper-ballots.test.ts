import { describe, expect, it } from 'vitest';
import type { BallotChoices } from '../../src/domain/meetings.js';
import { nextPass, sheetStatus, type PaperEntry } from '../../src/domain/paper-ballots.js';

const reporters = ['7', '8'];
const items = ['overall', 'duty'];
const all = (grade: 'excellent' | 'good'): BallotChoices => ({
  7: { overall: grade, duty: grade },
  8: { overall: grade, duty: grade },
});
const entry = (pass: 1 | 2, userId: number, choices: BallotChoices): PaperEntry => ({
  pass,
  userId,
  choices,
});

describe('paper ballots: who enters which pass', () => {
  it('gives the first entry to anyone and the second to someone else', () => {
    expect(nextPass([], 1)).toBe(1);
    expect(nextPass([{ pass: 1, userId: 1 }], 2)).toBe(2);
    // A first entry discarded by its own author leaves the second: the next entry is the first again.
    expect(nextPass([{ pass: 2, userId: 2 }], 3)).toBe(1);
  });

  it('refuses the same user twice and a third entry, in Chinese', () => {
    expect(nextPass([{ pass: 1, userId: 1 }], 1)).toMatch(/第二次录入须由另一位同志完成/);
    expect(
      nextPass(
        [
          { pass: 1, userId: 1 },
          { pass: 2, userId: 2 },
        ],
        2,
      ),
    ).toMatch(/请修改您的录入/);
    expect(
      nextPass(
        [
          { pass: 1, userId: 1 },
          { pass: 2, userId: 2 },
        ],
        3,
      ),
    ).toBe('这张纸质票已录入两次，不能再录入');
  });
});

describe('paper ballots: reconciliation', () => {
  it('waits for the second entry, then agrees when both are identical', () => {
    expect(sheetStatus([entry(1, 1, all('good'))], false, reporters, items).status).toBe('awaitingSecond');
    expect(
      sheetStatus([entry(1, 1, all('good')), entry(2, 2, all('good'))], false, reporters, items),
    ).toEqual({
      status: 'agreed',
      differences: [],
    });
  });

  it('lists every differing cell in ballot order, with both entries’ choices', () => {
    const second = { 7: { overall: 'excellent', duty: 'good' }, 8: { overall: 'good' } } as BallotChoices;
    expect(sheetStatus([entry(2, 2, second), entry(1, 1, all('good'))], false, reporters, items)).toEqual({
      status: 'differs',
      differences: [
        { orgId: '7', item: 'overall', first: 'good', second: 'excellent' },
        { orgId: '8', item: 'duty', first: 'good', second: undefined },
      ],
    });
  });

  it('tells a 弃权 (null) apart from a grade', () => {
    const abstained = { 7: { overall: null, duty: 'good' }, 8: all('good')[8]! } as BallotChoices;
    const { differences } = sheetStatus(
      [entry(1, 1, abstained), entry(2, 2, all('good'))],
      false,
      reporters,
      items,
    );
    expect(differences).toEqual([{ orgId: '7', item: 'overall', first: null, second: 'good' }]);
  });

  it('marks a sheet whose code was used on a phone as a conflict, whatever its entries', () => {
    expect(
      sheetStatus([entry(1, 1, all('good')), entry(2, 2, all('good'))], true, reporters, items).status,
    ).toBe('conflict');
  });
});
