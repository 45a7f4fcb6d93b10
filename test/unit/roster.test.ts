import { describe, expect, it } from 'vitest';
import { rosterListStages, rosterLists } from '../../src/domain/roster.js';
import { stages } from '../../src/domain/member-base.js';

describe('roster lists', () => {
  it('put every stage in exactly one list, party members alone in the 花名册', () => {
    const listed = rosterLists.flatMap((l) => rosterListStages[l]);
    expect([...listed].sort()).toEqual([...stages].sort());
    expect(rosterListStages.members).toEqual(['probationary', 'full']);
  });
});
