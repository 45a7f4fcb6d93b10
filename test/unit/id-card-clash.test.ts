import { describe, expect, it } from 'vitest';
import { heldByMessage, idCardClashes, type IdCardHolder } from '../../src/domain/id-card-clash.js';

const holder = (idCard: string, memberId: number, inScope: boolean): IdCardHolder => ({
  idCard,
  memberId,
  name: `党员${memberId}`,
  orgName: `组织${memberId}`,
  orgPath: `1.${memberId}`,
  inScope,
});

describe('idCardClashes', () => {
  it('ties in-scope holders to every row giving their number, and only counts the others', () => {
    const mine = holder('A', 1, true);
    const theirs = holder('B', 2, false);
    const clashes = idCardClashes(
      [
        { row: 2, key: 'A' },
        { row: 3, key: 'B' },
        { row: 4, key: null },
        { row: 5, key: 'C' },
        { row: 6, key: 'A' },
      ],
      [mine, theirs],
    );
    expect(clashes.inScope).toEqual([
      { row: 2, holder: mine },
      { row: 6, holder: mine },
    ]);
    // No row is attached to an out-of-scope holder.
    expect(clashes.elsewhere).toEqual([theirs]);
  });

  it('names the in-scope holder and their org', () => {
    expect(heldByMessage(holder('A', 7, true))).toBe('该身份证号码已由组织7的党员党员7登记');
  });
});
